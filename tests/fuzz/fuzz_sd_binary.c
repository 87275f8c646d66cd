/* fuzz_sd_binary.c: binary security descriptor -> SDDL. Whatever the bytes,
 * the conversion either fails with an offset inside the data and a
 * sdbin.reason key, or yields SDDL that sddl_parse accepts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "sd_binary.h"
#include "sddl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(const uint8_t *data, size_t size, const char *domain)
{
    char *text = NULL;
    struct err e;
    err_clear(&e);
    if (sd_binary_to_sddl(data, size, domain, &text, &e) == 0) {
        if (!text)
            __builtin_trap();
        struct arena a = {0};
        struct err pe;
        const struct sddl *sd = NULL;
        if (sddl_parse(&a, text, &sd, &pe) != 0)
            __builtin_trap(); /* the output must read back */
        static const char *const sids[] = {"S-1-5-21-1-2-3-513", "S-1-5-11", "S-1-1-0"};
        const char *via = NULL;
        sddl_extended_right(sd, GUID_ENROLL, sids, 3, "S-1-5-21-1-2-3", &via);
        sddl_extended_right(sd, GUID_AUTOENROLL, sids, 3, domain, &via);
        arena_free(&a);
        free(text);
    } else {
        const char *off = err_get(&e, "offset");
        const char *reason = err_get(&e, "reason");
        if (text || !off || (size_t)strtoul(off, NULL, 10) > size)
            __builtin_trap();
        if (!reason || strncmp(reason, "@sdbin.reason.", 14) != 0)
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy, so that any read past the end is caught */
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    if (size)
        memcpy(copy, data, size);
    one(copy, size, "S-1-5-21-1-2-3");
    one(copy, size, NULL);
    free(copy);
    return 0;
}
