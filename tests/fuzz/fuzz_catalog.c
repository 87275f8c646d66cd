/* fuzz_catalog.c: the catalog parser, lookups and placeholder filling. */
#include <stddef.h>
#include <stdint.h>

#include "lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e;
    struct catalog *c = catalog_parse("fuzz.json", (const char *)data, size, &e);
    if (c) {
        size_t n = catalog_count(c);
        for (size_t i = 0; i < n && i < 64; i++) {
            const char *k = catalog_key(c, i);
            const char *text = catalog_get(c, k);
            char buf[256];
            const char *names[] = {"file", "path"};
            const char *values[] = {"a.json", "facts.x"};
            fill(buf, sizeof(buf), text, names, values, 2);
        }
        /* a catalog compared with itself always pairs up */
        if (locale_check_pair(c, c, "fuzz.json", "fuzz.json", &e) != 0)
            __builtin_trap();
        catalog_free(c);
    }
    return 0;
}
