/* csv.h: records of comma-separated text as Windows tools write it
 * (Export-Csv, whoami /fo csv, certutil -csv): fields in double quotes with
 * quotes doubled inside and line breaks (CRLF or LF) allowed inside, or
 * unquoted; blanks before an opening quote and after a closing one are
 * tolerated. The text is de-quoted in place: each field becomes a
 * NUL-terminated string inside the caller's buffer, which must end with a
 * NUL at END. Linear in the size of the text. */
#ifndef ENROLLDOC_CSV_H
#define ENROLLDOC_CSV_H

#include <stdbool.h>
#include <stddef.h>

struct csv {
    char *p;        /* read position */
    const char *end;/* the NUL that ends the text */
    size_t line;    /* physical line (1-based) of p */
};

/* What csv_record() found. */
enum { REC_END = 0, REC_OK = 1, REC_UNCLOSED = -1, REC_AFTER_QUOTE = -2 };

/* A field of a record: its text, NUL-terminated inside the buffer, and its length. */
struct csv_field {
    char *s;
    size_t n;
};

/* How many fields the record at P (before END) has at most: its commas
 * outside quotes, plus one. Reads without changing anything. */
size_t csv_record_fields(const char *p, const char *end);
/* Reads one record at C->p, de-quoting in place. Stores up to MAX fields in
 * FIELDS and the number of fields in *N; *BLANK says the line was empty.
 * Returns REC_OK, REC_END (no more text), REC_UNCLOSED (a quote never
 * closed; C->line is where the record began) or REC_AFTER_QUOTE (text after
 * a closing quote). */
int csv_record(struct csv *c, struct csv_field *fields, size_t max, size_t *n, bool *blank);
/* The field without blanks around it (the trailing ones are cut off). */
char *csv_trim(struct csv_field *f);

#endif
