/* fuzz_codes.c: the error-code parser and the scanner of event messages. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count(uint32_t code, void *ud)
{
    (void)code;
    (*(size_t *)ud)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    uint32_t v;
    if (code_parse(text, true, &v) == 0) {
        /* whatever parses formats and parses back to itself */
        char hex[16];
        code_format(v, hex, sizeof(hex));
        uint32_t w;
        if (code_parse(hex, false, &w) != 0 || w != v)
            __builtin_trap();
        (void)code_lookup(v);
    }
    size_t n = 0;
    code_scan_text(text, count, &n);
    if (n > size)
        __builtin_trap();
    free(text);
    return 0;
}
