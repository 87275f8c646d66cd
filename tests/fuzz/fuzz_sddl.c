/* fuzz_sddl.c: the SDDL reader and the access evaluation. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sddl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct arena a = {0};
    struct err e;
    const struct sddl *sd = NULL;
    if (sddl_parse(&a, text, &sd, &e) == 0) {
        static const char *const sids[] = {"S-1-5-21-1-2-3-513", "S-1-5-11", "S-1-1-0",
                                           "S-1-5-21-1-2-3-1104"};
        const char *via = NULL;
        sddl_extended_right(sd, GUID_ENROLL, sids, 4, "S-1-5-21-1-2-3", &via);
        sddl_extended_right(sd, GUID_AUTOENROLL, sids, 4, NULL, &via);
        (void)sddl_ace_count(sd);
    } else {
        const char *off = err_get(&e, "offset");
        if (!off || (size_t)strtoul(off, NULL, 10) > size)
            __builtin_trap(); /* the offset must point into the text */
    }
    arena_free(&a);
    free(text);
    return 0;
}
