/* transcript.h: every step, answer, result and action of a session, appended
 * as JSON lines and flushed each time, so that a crash or kill -9 loses
 * nothing. */
#ifndef ENROLLDOC_TRANSCRIPT_H
#define ENROLLDOC_TRANSCRIPT_H

#include <stdint.h>

#include "err.h"

struct transcript;

/* Opens a new transcript file in DIR (created if missing, with parents)
 * named enrolldoc-YYYYMMDD-HHMMSS-PID.jsonl. Returns NULL with E set when it
 * cannot. Close with transcript_close(). */
struct transcript *transcript_open(const char *dir, int64_t now, struct err *e);
/* The path of the file (owned by T). */
const char *transcript_path(const struct transcript *t);
/* Appends one line {"time": ..., "event": EVENT, KEY: VALUE, ...}: N pairs of
 * string keys and string values (a NULL value is written as null). Flushes.
 * Returns 0, or -1 when the write failed (the session goes on). */
int transcript_event(struct transcript *t, int64_t now, const char *event,
                     const char *const *keys, const char *const *values, int n);
void transcript_close(struct transcript *t);

#endif
