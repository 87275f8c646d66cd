/* fuzzimport.h: the fuzz harnesses of the format readers (fuzz_cert.c,
 * fuzz_certutil.c, fuzz_ldif.c): the input as a reader gets it (the bytes,
 * and as text when they hold no NUL), and what must hold whatever the
 * input: either facts or an error naming the file, never both, and facts
 * that bundle_tree writes (import.c reads the merged document back with
 * bundle_parse, which judges the values: a value it refuses is refused
 * there, with its path, so it is not a crash here). The text is given only
 * when the bytes are valid UTF-8 without NUL, as import.c hands it over. */
#ifndef ENROLLDOC_FUZZIMPORT_H
#define ENROLLDOC_FUZZIMPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "bundle.h"
#include "bundle_write.h"
#include "import_formats.h"
#include "util.h"

static inline void fuzz_import(import_reader reader, const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    if (!copy)
        return;
    memcpy(copy, data, size);
    copy[size] = '\0';
    bool utf8 = true;
    for (size_t i = 0; i < size && utf8;) {
        size_t k = data[i] ? utf8_seq_len(data + i, size - i) : 0;
        utf8 = k > 0;
        i += k;
    }
    struct import_file in = {"fuzz.in", (const unsigned char *)copy, size, utf8 ? copy : NULL, 0, LANG_EN};
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
        if (bundle_parse("fuzz.json", text, strlen(text), &back, &e) == 0)
            facts_free(back);
    }
    cJSON_free(text);
    cJSON_Delete(tree);
    facts_free(f);
    free(copy);
}

#endif
