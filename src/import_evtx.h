/* import_evtx.h: an .evtx file (the Windows XML event log, "ElfFile")
 * read into events: the header checked here, the records through the
 * system's reader (platform/evtx.h: libevtx on Linux, EvtQuery on Windows),
 * each record's event XML read by import_evxml.h, so the events are those an
 * event XML export of the same log gives. Errors name the byte offset:
 * error.events.evtx (file, offset). */
#ifndef ENROLLDOC_IMPORT_EVTX_H
#define ENROLLDOC_IMPORT_EVTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "facts.h"

/* Whether RAW (N bytes) begins with the .evtx signature "ElfFile\0". */
bool evtx_magic(const unsigned char *raw, size_t n);

/* Checks the file header H (the first N bytes of a file of SIZE bytes): the
 * signature, the header size 128, major version 3, the 4096-byte header
 * block and a size that holds every chunk it counts. Returns 0, or -1 with
 * E set (the offset of the first wrong field, or the size of a truncated
 * file). */
int evtx_check_header(const unsigned char *h, size_t n, uint64_t size, const char *name, struct err *e);

/* Reads the .evtx file PATH, whose first NHEAD bytes HEAD and whole SIZE the
 * caller has read, into new facts *OUT (facts.events, accounts as
 * events_import.h derives them). Returns 0, or -1 with E set. */
int evtx_import_path(const char *path, const unsigned char *head, size_t nhead, uint64_t size,
                     struct facts **out, struct err *e);
/* The same for the bytes RAW[0..N) of the file NAME (every chunk's signature
 * is checked too). */
int evtx_import_bytes(const char *name, const unsigned char *raw, size_t n, struct facts **out,
                      struct err *e);

#endif
