/* fuzz_evtx.c: .evtx files (src/import_evtx.h) on any bytes behind the
 * signature: libevtx and the event XML reader must refuse what is damaged
 * with an offset inside the file, or give events of the wanted providers;
 * the import reader and the events import agree. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events_import.h"
#include "import_evtx.h"
#include "import_evxml.h"
#include "import_formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* every input is an .evtx file: the signature is put in front */
    size_t n = size + 8;
    unsigned char *raw = malloc(n);
    if (!raw)
        return 0;
    memcpy(raw, "ElfFile", 8);
    memcpy(raw + 8, data, size);
    struct import_file in = {"f.evtx", raw, n, NULL, 0, LANG_EN};
    struct facts *f = NULL;
    struct err e;
    int rc = import_read_evtx(&in, &f, &e);
    if (rc != 0) {
        const char *off = err_get(&e, "offset");
        if (strcmp(e.key, "error.events.evtx") == 0 && (!off || strtoull(off, NULL, 10) > n))
            __builtin_trap();
    } else {
        for (size_t i = 0; i < f->events.n; i++)
            if (!evxml_provider_wanted(f->events.v[i].provider.v))
                __builtin_trap();
    }
    struct facts *g = NULL;
    struct events_info info;
    struct err e2;
    int rg = events_import_text("f.evtx", (const char *)raw, n, LANG_EN, &g, &info, &e2);
    if (rg != rc || (rc == 0 && g->events.n != f->events.n))
        __builtin_trap();
    if (rc == 0) {
        facts_free(f);
        facts_free(g);
    }
    free(raw);
    return 0;
}
