/* jsonw.h: a streaming JSON writer, the one place that lays JSON out.
 *
 * Layout (what every JSON document of enrolldoc looks like): two spaces of
 * indentation per level, one member or element per line, ": " after keys,
 * empty containers as {} and [], and arrays declared flat (arrays of
 * scalars) on one line with ", " between their elements; a final newline.
 * Strings are escaped as cJSON escapes them (\" \\ \b \f \n \r \t, other
 * control characters as \u00xx, everything else as is), so a document
 * written here and one written from a cJSON tree (json_write_pretty) are
 * byte for byte the same.
 *
 * Output goes through an internal buffer of the writer; nothing is
 * allocated. Misuse (a value where a key is due, more than JSONW_MAX_DEPTH
 * levels) is a programming error and is reported by jsonw_finish() as a
 * failure, as is a failed stream. */
#ifndef ENROLLDOC_JSONW_H
#define ENROLLDOC_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 260
#define JSONW_BUFSIZE 16384

struct jsonw {
    FILE *out;
    int depth;                      /* open containers */
    bool failed;
    bool after_key;                 /* a key was written, its value is due */
    bool started;                   /* the top-level value has begun */
    bool obj[JSONW_MAX_DEPTH];      /* per open container: object (else array) */
    bool flat[JSONW_MAX_DEPTH];     /* per open container: one-line array */
    bool empty[JSONW_MAX_DEPTH];    /* per open container: nothing in it yet */
    size_t len;
    char buf[JSONW_BUFSIZE];
};

void jsonw_init(struct jsonw *w, FILE *out);
/* Opens an object / an array (FLAT: its elements are scalars, kept on one
 * line). Closes the innermost container. */
void jsonw_object(struct jsonw *w);
void jsonw_array(struct jsonw *w, bool flat);
void jsonw_end(struct jsonw *w);
/* The key of the next member of the open object. */
void jsonw_key(struct jsonw *w, const char *key);
/* Values. jsonw_string(NULL) writes null. jsonw_number_text writes TEXT,
 * a number already formatted, as it is. */
void jsonw_string(struct jsonw *w, const char *s);
void jsonw_string_n(struct jsonw *w, const char *s, size_t n);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);
void jsonw_number_text(struct jsonw *w, const char *text);
/* Writes the final newline and flushes the buffer to the stream. Returns 0,
 * or -1 when the stream failed or the calls did not form one document. */
int jsonw_finish(struct jsonw *w);

#endif
