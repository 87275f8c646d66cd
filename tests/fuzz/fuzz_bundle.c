/* fuzz_bundle.c: the bundle loader, and the diagnosis on whatever it accepts. */
#include <stddef.h>
#include <stdint.h>

#include "bundle.h"
#include "diagnose.h"
#include "session.h"
#include "tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct tree *t;
    struct err e;
    if (!t)
        t = tree_load(NULL, NULL, &e);
    struct facts *f = NULL;
    if (bundle_parse("fuzz.json", (const char *)data, size, &f, &e) == 0) {
        struct diagnosis *d = NULL;
        if (t && session_diagnose_facts(f, t, CTX_NONE, NULL, 0, &d, &e) == 0)
            diagnosis_free(d);
        facts_free(f);
    }
    return 0;
}
