/* fuzz_import.c: any bytes through `enrolldoc import`'s reading of one
 * file: the format told from the content, its reader, and what the
 * readers give written as a bundle and read back (bundle_parse must
 * accept whatever a reader produced). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "bundle.h"
#include "bundle_write.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e;
    struct facts *f = NULL;
    enum import_format fmt;
    if (import_buffer("fuzz", data, size, LANG_EN, &f, &fmt, &e) != 0)
        return 0;
    cJSON *t = bundle_tree(f, NULL, &e);
    facts_free(f);
    if (!t)
        return 0;
    char *text = cJSON_PrintUnformatted(t);
    cJSON_Delete(t);
    if (!text)
        return 0;
    struct facts *g = NULL;
    /* a reader never produces facts a bundle cannot hold */
    if (bundle_parse("fuzz.json", text, strlen(text), &g, &e) != 0)
        abort();
    facts_free(g);
    free(text);
    return 0;
}
