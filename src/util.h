/* util.h: small helpers without a better home: ASCII case folding, ISO 8601
 * times, reading whole files. */
#ifndef ENROLLDOC_UTIL_H
#define ENROLLDOC_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "err.h"

/* strcmp ignoring ASCII case. */
/* Whether S is a SID string "S-1-<authority>-<sub>..." (numbers of at most
 * 20 digits; an authority of 2^32 or more as 0x and 12 hex digits, as
 * Windows writes it), as bundles carry them. */
bool sid_string_valid(const char *s);
/* A malloc'd copy of S (NULL when out of memory). */
char *str_dup(const char *s);
int ascii_casecmp(const char *a, const char *b);
int ascii_ncasecmp(const char *a, const char *b, size_t n);
bool ascii_startswith_ci(const char *s, const char *prefix);

/* Length of the valid UTF-8 sequence at S (N bytes available), or 0 when
 * it is not one: no overlong forms, no surrogates, nothing above U+10FFFF. */
size_t utf8_seq_len(const unsigned char *s, size_t n);

/* The value of hex digit C (0-15), or -1. */
int hex_digit(int c);

/* Parses an ISO 8601 date-time WITH a zone ("2026-11-20T08:15:00Z",
 * "2026-11-20T09:15:00+01:00", fractions of a second allowed and dropped)
 * into seconds since the epoch. Returns 0, or -1 when malformed or without
 * a zone. */
int time_parse_iso(const char *s, int64_t *out);
/* Days since 1970-01-01 for a proleptic Gregorian date (no validation). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
/* Writes T as "YYYY-MM-DDTHH:MM:SSZ" into BUF (at least 32 bytes). */
void time_format_iso(int64_t t, char *buf, size_t size);

/* The most enrolldoc reads from one input, a file or standard input:
 * 512 MiB (documented in the README and the man page). */
#define INPUT_MAX ((uint64_t)512 << 20)

/* Reads the whole file PATH ("-" = standard input) into a malloc'd buffer
 * with a NUL appended (not counted in *LEN). The caller frees *OUT. PATH
 * must be a regular file (standard input also a pipe or a terminal) of at
 * most INPUT_MAX bytes: a folder, FIFO, device or socket is refused at once,
 * without reading or waiting.
 * On failure sets E (key error.file.read, args file, reason) and returns -1. */
int read_file(const char *path, char **out, size_t *len, struct err *e);

/* Whether PATH names anything at all (a file, a folder, a FIFO, a link
 * that points nowhere), without opening it. */
bool file_exists(const char *path);

/* Creates PATH as a new file for writing (platform_create_new: never over
 * an existing name, never through a link, readable by its owner only).
 * Returns the stream, or NULL with E set to KEY (args file and reason;
 * the reason says so when the name is taken). */
FILE *file_create(const char *path, const char *key, struct err *e);
/* As file_create(), but when the name in PATH (SIZE bytes) is taken, tries
 * it with "-2", "-3", ... "-999" before its extension, and leaves the name
 * it created in PATH. */
FILE *file_create_unique(char *path, size_t size, const char *key, struct err *e);
/* Ends the writing of FP, created at PATH by this run: flushes, syncs to
 * the disk when SYNC, and closes it. When RC (the writer's result) is not
 * 0, or any of that fails, the file is removed, since a part of a report is
 * worse than none. Returns 0, or -1 with errno set (0 when RC was the cause). */
int file_close_created(FILE *fp, const char *path, int rc, bool sync);

/* A file read in pieces, for inputs too large to hold twice (the events
 * import decodes each piece as it comes). */
struct file_pieces {
    FILE *fp;
    const char *path;
    size_t size;      /* the size the file had when it was opened */
    size_t done;      /* bytes delivered so far */
};
/* Opens PATH for reading in pieces, on the terms of read_file(). Returns 1
 * when it is open and its size known; 0 when PATH is "-" or empty (read it
 * with read_file() instead; nothing is open); -1 with E set as read_file()
 * sets it when it cannot be opened or is not a file. */
int file_pieces_open(struct file_pieces *fpc, const char *path, struct err *e);
/* Reads up to N bytes into BUF. Returns the count, 0 at the end, or -1 with
 * E set: a read error (as read_file()), or error.file.changed (arg file)
 * when the file has grown beyond the size it had when opened. */
long file_pieces_read(struct file_pieces *fpc, void *buf, size_t n, struct err *e);
void file_pieces_close(struct file_pieces *fpc);

/* 1-based line and column (in characters) of byte offset OFF within UTF-8 TEXT. */
void text_line_col(const char *text, size_t off, size_t *line, size_t *col);

#endif
