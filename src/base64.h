/* base64.h: decoding base64 (RFC 4648, the standard alphabet with '='
 * padding) as PEM blocks and LDIF values carry it. */
#ifndef ENROLLDOC_BASE64_H
#define ENROLLDOC_BASE64_H

#include <stddef.h>

/* Decodes S[0..N) into OUT (room for at least base64_max(N) bytes), blanks
 * and line breaks (space, tab, CR, LF) skipped. Returns the number of bytes
 * written, or -1 with *BAD set to the offset in S of the first character
 * that is wrong: not of the alphabet, data after the padding, a group cut
 * short (then *BAD = N), non-zero bits in the last group. */
long base64_decode(const char *s, size_t n, unsigned char *out, size_t *bad);

/* The most bytes N characters of base64 decode to. */
size_t base64_max(size_t n);

#endif
