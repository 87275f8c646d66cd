/* fuzz_fleet.c: one document of a fleet (a bundle or a diagnose --json
 * document) read as `fleet` reads it, added to a fleet, summed up, and
 * written in every form fleet writes (text, JSON, CSV, NDJSON, the HTML
 * page) in both languages: whatever a file says, nothing it holds may crash
 * the summary or its outputs. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fleet.h"
#include "fleet_out.h"
#include "lang.h"
#include "tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct tree *t;
    static struct locale l;
    static FILE *sink;
    static int ready = -1;
    struct err e;
    if (ready < 0) {
        t = tree_load(NULL, NULL, &e);
        sink = fopen("/dev/null", "wb");
        ready = t && sink && locale_load(&l, NULL, &e) == 0;
    }
    if (!ready)
        return 0;
    struct fleet_client *c = NULL;
    if (fleet_read_document(t, LANG_EN, "fuzz.json", (const char *)data, size, &c, &e) != 0)
        return 0;
    struct fleet_opts o = {0};
    struct fleet *fl = fleet_new(t, &o, LANG_EN);
    if (!fl) {
        fleet_client_free(c);
        return 0;
    }
    err_set(&e, "error.file.read");
    err_arg(&e, "file", "%s", "bad.json");
    if (fleet_add_client(fl, c) == 0 && fleet_add_bad(fl, "bad.json", &e) == 0 && fleet_finish(fl) == 0) {
        size_t rows;
        for (int k = 0; k < 2; k++) {
            l.lang = k ? LANG_DE : LANG_EN;
            fleet_write_text(fl, &l, 80, sink);
            fleet_write_json(fl, &l, sink);
            fleet_write_html(fl, &l, sink, &rows);
        }
        fleet_write_csv(fl, sink, &rows);
        fleet_write_ndjson(fl, sink, &rows);
    }
    fleet_free(fl);
    return 0;
}
