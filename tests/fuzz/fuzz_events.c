/* fuzz_events.c: the events import (src/events_import.h) on any bytes: the
 * text read whole and the same bytes read in pieces (of a size taken from
 * the input) must give the same result, and the run analysis must take
 * whatever the import accepts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events_import.h"
#include "evlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t piece = (size_t)data[0] % 32 + 1;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    struct facts *fw = NULL, *fp = NULL;
    struct events_info iw, ip;
    struct err ew, ep;
    int rw = events_import_text("f.csv", text, len, LANG_EN, &fw, &iw, &ew);
    int rp = events_import_pieces("f.csv", text, len, piece, LANG_EN, &fp, &ip, &ep);
    if (rw != rp)
        __builtin_trap();
    if (rw != 0) {
        if (strcmp(ew.key, ep.key) != 0)
            __builtin_trap();
        return 0;
    }
    if (fw->events.n != fp->events.n || iw.encoding != ip.encoding)
        __builtin_trap();
    for (size_t i = 0; i < fw->events.n; i++) {
        const struct event *a = &fw->events.v[i], *b = &fp->events.v[i];
        if (a->message.st != b->message.st || a->id.st != b->id.st || a->id.v != b->id.v ||
            a->time.st != b->time.st || a->time.v != b->time.v ||
            (a->message.st == F_SET && strcmp(a->message.v, b->message.v) != 0))
            __builtin_trap();
    }
    struct evlog_accounts acc;
    evlog_accounts_of(fw, &acc);
    struct arena a = {0};
    struct evlog log;
    if (evlog_analyse(fw->events.v, fw->events.n, &acc, &a, &log) == 0 && log.nevents != fw->events.n)
        __builtin_trap();
    arena_free(&a);
    facts_free(fw);
    facts_free(fp);
    return 0;
}
