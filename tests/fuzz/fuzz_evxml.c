/* fuzz_evxml.c: event XML (src/import_evxml.h) on any bytes: either an
 * error with a place, or events whose providers are the wanted ones, in
 * order; the same bytes through the import reader give the same count. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import_evxml.h"
#include "import_formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct facts *f = facts_new();
    if (!f) {
        free(text);
        return 0;
    }
    struct evxml_sink s = {.f = f, .name = "f.xml"};
    struct err e;
    err_clear(&e);
    int rc = evxml_read(&s, "f.xml", text, size, &e);
    size_t n = s.n;
    if (rc != 0) {
        if (!e.key[0] || (strcmp(e.key, "error.memory") != 0 && !err_get(&e, "line")))
            __builtin_trap();
        evxml_sink_discard(&s);
    } else {
        if (evxml_sink_finish(&s, "f.xml", &e) != 0)
            __builtin_trap();
        for (size_t i = 0; i < f->events.n; i++) {
            const struct event *ev = &f->events.v[i];
            if (ev->order != i || ev->provider.st != F_SET || !evxml_provider_wanted(ev->provider.v))
                __builtin_trap();
        }
    }
    facts_free(f);
    struct import_file in = {"f.xml", data, size, text, size, LANG_EN};
    struct facts *g = NULL;
    int rg = import_read_event_xml(&in, &g, &e);
    if (rg != rc || (rg == 0 && g->events.n != n))
        __builtin_trap();
    if (rg == 0)
        facts_free(g);
    free(text);
    return 0;
}
