/* fuzz_tree.c: the decision-tree loader and validator. */
#include <stddef.h>
#include <stdint.h>

#include "tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e;
    struct tree *t = tree_parse("fuzz.json", (const char *)data, size, NULL, &e);
    tree_free(t);
    return 0;
}
