/* platform/evtx.h: the records of an .evtx file, each rendered as event XML
 * (import_evxml.h reads it). posix/evtx.c reads the file with libevtx;
 * win32/evtx.c with EvtQuery(EvtQueryFilePath), EvtNext and EvtRender.
 * Both skip the records of other providers before rendering them, so that a
 * large log with few wanted events costs little. */
#ifndef ENROLLDOC_PLATFORM_EVTX_H
#define ENROLLDOC_PLATFORM_EVTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct evtx_visit {
    /* The providers wanted (full names) and how many. */
    const char *const *providers;
    size_t nproviders;
    /* Called for each record of a wanted provider, in file order: its event
     * XML (UTF-8, LEN bytes, NUL-terminated) and its byte offset in the file
     * (0 when the system does not tell). Returns 0 to go on, or -1 with E set
     * to stop. */
    int (*record)(void *ud, const char *xml, size_t len, uint64_t offset, struct err *e);
    void *ud;
};

/* Reads the .evtx file PATH (NAME for errors) and calls V->record for its
 * wanted records. Returns 0, or -1 with E set: error.events.evtx (file,
 * offset) for a damaged file, error.events.evtx-api (file, code) when the
 * system cannot read .evtx files, error.file.read, or what V->record set. */
int platform_evtx_read(const char *path, const char *name, const struct evtx_visit *v, struct err *e);

/* The same for the N bytes RAW of an .evtx file (standard input, a file
 * given as bytes): read where they lie (POSIX), or written to a private
 * temporary file, read and removed (Windows: EvtQuery needs a file). */
int platform_evtx_read_bytes(const unsigned char *raw, size_t n, const char *name,
                             const struct evtx_visit *v, struct err *e);

#endif
