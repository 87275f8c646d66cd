/* fuzzimport.h: the fuzz harnesses of the format readers (fuzz_cert.c,
 * fuzz_certutil.c, fuzz_ldif.c): the input as a reader gets it (the bytes,
 * and as text when they hold no NUL), and what must hold whatever the
 * input: either facts or an error naming the file and a place, never both,
 * and facts that bundle_write writes and bundle_parse reads back. */
#ifndef ENROLLDOC_FUZZIMPORT_H
#define ENROLLDOC_FUZZIMPORT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "bundle.h"
#include "bundle_write.h"
#include "import_formats.h"

static inline void fuzz_import(import_reader reader, const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    if (!copy)
        return;
    memcpy(copy, data, size);
    copy[size] = '\0';
    struct import_file in = {"fuzz.in", (const unsigned char *)copy, size,
                             memchr(copy, '\0', size) ? NULL : copy, 0, LANG_EN};
    in.text_len = in.text ? size : 0;
    struct facts *f = NULL;
    struct err e;
    err_clear(&e);
    int rc = reader(&in, &f, &e);
    if (rc != 0) {
        if (f || !e.key[0] || !err_get(&e, "file"))
            __builtin_trap();
        free(copy);
        return;
    }
    if (!f)
        __builtin_trap();
    struct cJSON *tree = bundle_tree(f, NULL, &e);
    char *text = tree ? cJSON_PrintUnformatted(tree) : NULL;
    if (text) {
        struct facts *back = NULL;
        if (bundle_parse("fuzz.json", text, strlen(text), &back, &e) != 0)
            __builtin_trap();
        facts_free(back);
    }
    cJSON_free(text);
    cJSON_Delete(tree);
    facts_free(f);
    free(copy);
}

#endif
