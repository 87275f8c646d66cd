/* textdec.h: text files as Windows tools write them, decoded into UTF-8.
 *
 * The encoding is told from the first bytes: a byte-order mark (UTF-16 LE
 * or BE, UTF-8), else UTF-16 without a mark when every other byte of the
 * first 4 KiB is zero (what PowerShell's Out-File and Export-Csv -Encoding
 * Unicode, reg export, wevtutil and certutil redirected in a Unicode
 * console write), else UTF-8, switching to Latin-1 (Windows-1252 near
 * enough for names) at the first byte that is not UTF-8. Unpaired UTF-16
 * surrogates become U+FFFD. A NUL in the text (after decoding) means the
 * file is not text: d->failed.
 *
 * Decoding goes piece by piece (a whole text in memory is one piece):
 * textdec_start() tells the encoding, textdec_piece() decodes a piece and
 * leaves unconsumed what may continue in the next one (an odd byte or a
 * high surrogate of UTF-16, the start of a UTF-8 sequence). Output room:
 * at most two bytes come out of each byte that goes in (Latin-1), UTF-16
 * gives at most 3 per 2; the caller provides 2 * input + 16 bytes.
 *
 * Complexity: linear; SSE2 moves ASCII runs 8 or 16 units at a time. */
#ifndef ENROLLDOC_TEXTDEC_H
#define ENROLLDOC_TEXTDEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum text_enc { TEXT_UTF8, TEXT_UTF16LE, TEXT_UTF16BE, TEXT_LATIN1 };

struct textdec {
    const char *name;            /* the file, for errors */
    enum text_enc mode;
    unsigned char *out;          /* CAP bytes the caller provides */
    size_t len, cap;
    bool failed;                 /* a NUL: not a text file */
};

/* Tells D's encoding from the first N bytes of IN (all of them, or at least
 * 4096); *BOM says whether a byte-order mark was there. Returns the length
 * of the mark, to skip. */
size_t textdec_start(struct textdec *d, const unsigned char *in, size_t n, bool *bom);
/* Decodes the piece IN (N bytes; LAST: the text ends with it) onto D's
 * output. Returns how many bytes were consumed: the rest, fewer than four,
 * is to be offered again in front of the next piece. On a NUL sets
 * d->failed. */
size_t textdec_piece(struct textdec *d, const unsigned char *in, size_t n, bool last);
/* Whether the first bytes of IN (N) say UTF-16: a UTF-16 byte-order mark,
 * or exactly one zero byte among the first two. */
bool text_starts_utf16(const void *in, size_t n);
/* Writes code point CP as UTF-8 at O (room for 4); returns the bytes written. */
size_t textdec_put_utf8(unsigned char *o, uint32_t cp);

/* Decodes the whole text IN (N bytes) of the file NAME into a new
 * NUL-terminated UTF-8 string *OUT (caller frees) of *LEN bytes; *ENC and
 * *BOM (either may be NULL) say how it was written. Returns 0, or -1 with
 * E set: error.import.binary (a NUL: not a text file), error.memory; both
 * with arg "file". */
int text_decode(const char *name, const void *in, size_t n, char **out, size_t *len, enum text_enc *enc,
                bool *bom, struct err *e);

#endif
