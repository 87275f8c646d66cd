/* textdec.c: text as Windows tools write it, decoded into UTF-8 (textdec.h). */
#include "textdec.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The text is decoded piece by piece (a whole text in memory is one piece):
 * dec_start() tells the encoding from the first bytes, dec_piece() decodes
 * a piece and leaves unconsumed what may continue in the next one (an odd
 * byte or a high surrogate of UTF-16, the start of a UTF-8 sequence). The
 * output buffer is sized once from the input size: at most two bytes come
 * out of each byte that goes in (Latin-1), UTF-16 gives at most 3 per 2. */

size_t textdec_put_utf8(unsigned char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Whether IN (N bytes, no byte-order mark) looks like UTF-16; sets *BE. */
static bool looks_utf16(const unsigned char *in, size_t n, bool *be)
{
    size_t lim = n < 4096 ? n : 4096;
    lim &= ~(size_t)1;
    if (lim < 2)
        return false;
    size_t even = 0, odd = 0;
    for (size_t i = 0; i < lim; i += 2) {
        even += in[i] == 0;
        odd += in[i + 1] == 0;
    }
    size_t pairs = lim / 2;
    if (odd * 2 >= pairs && even * 8 < pairs) {
        *be = false;
        return true;
    }
    if (even * 2 >= pairs && odd * 8 < pairs) {
        *be = true;
        return true;
    }
    return false;
}

/* Tells the encoding from the first N bytes of IN (all of them, or at least
 * 4096) and returns the length of the byte-order mark to skip. */
size_t textdec_start(struct textdec *d, const unsigned char *in, size_t n, bool *bom)
{
    size_t skip = 0;
    bool be = false;
    if (n >= 2 && in[0] == 0xFF && in[1] == 0xFE) {
        d->mode = TEXT_UTF16LE;
        skip = 2;
    } else if (n >= 2 && in[0] == 0xFE && in[1] == 0xFF) {
        d->mode = TEXT_UTF16BE;
        skip = 2;
    } else if (n >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF) {
        d->mode = TEXT_UTF8;
        skip = 3;
    } else if (looks_utf16(in, n, &be)) {
        d->mode = be ? TEXT_UTF16BE : TEXT_UTF16LE;
    } else {
        d->mode = TEXT_UTF8;
    }
    *bom = skip > 0;
    return skip;
}

/* Decodes the UTF-16 units of IN (N bytes); see dec_piece(). */
static size_t dec_utf16(struct textdec *d, const unsigned char *in, size_t n, bool last)
{
    const bool be = d->mode == TEXT_UTF16BE;
    const size_t units = n / 2;
    unsigned char *o = d->out + d->len;
    size_t i = 0;
    while (i < units) {
#if defined(__SSE2__)
        /* eight units at a time while they are ASCII (and not NUL) */
        const __m128i zero = _mm_setzero_si128(), high = _mm_set1_epi16((short)0xFF80);
        while (i + 8 <= units) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(in + 2 * i));
            if (be)
                v = _mm_or_si128(_mm_slli_epi16(v, 8), _mm_srli_epi16(v, 8));
            __m128i ascii = _mm_cmpeq_epi16(_mm_and_si128(v, high), zero);
            __m128i nul = _mm_cmpeq_epi16(v, zero);
            if (_mm_movemask_epi8(ascii) != 0xFFFF || _mm_movemask_epi8(nul) != 0)
                break;
            _mm_storel_epi64((__m128i *)(void *)o, _mm_packus_epi16(v, v));
            o += 8;
            i += 8;
        }
        if (i >= units)
            break;
#endif
        const unsigned char *u = in + 2 * i;
        uint32_t cp = be ? ((uint32_t)u[0] << 8 | u[1]) : ((uint32_t)u[1] << 8 | u[0]);
        if (cp < 0x80) {
            if (cp == 0) {
                d->failed = true;
                return 0;
            }
            *o++ = (unsigned char)cp;
            i++;
            continue;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i + 1 == units && !last)
                break;   /* its partner may come with the next piece */
            if (i + 1 < units) {
                const unsigned char *v = u + 2;
                uint32_t lo = be ? ((uint32_t)v[0] << 8 | v[1]) : ((uint32_t)v[1] << 8 | v[0]);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i++;
                } else {
                    cp = 0xFFFD;
                }
            } else {
                cp = 0xFFFD;
            }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        o += textdec_put_utf8(o, cp);
        i++;
    }
    d->len = (size_t)(o - d->out);
    /* an odd last byte of the whole text is dropped */
    return last ? n : 2 * i;
}

/* Rewrites the output so far, which holds the input bytes as they came, as
 * Latin-1 decoded into UTF-8 (in place, from the back). */
static void dec_to_latin1(struct textdec *d)
{
    size_t high = 0;
    for (size_t i = 0; i < d->len; i++)
        high += d->out[i] >= 0x80;
    size_t k = d->len + high;
    for (size_t i = d->len; i-- > 0;) {
        unsigned char c = d->out[i];
        if (c < 0x80) {
            d->out[--k] = c;
        } else {
            d->out[--k] = (unsigned char)(0x80 | (c & 0x3F));
            d->out[--k] = (unsigned char)(0xC0 | (c >> 6));
        }
    }
    d->len += high;
    d->mode = TEXT_LATIN1;
}

/* Copies the UTF-8 of IN (N bytes), checking it; switches to Latin-1 at the
 * first byte that is not UTF-8. See dec_piece(). */
static size_t dec_utf8(struct textdec *d, const unsigned char *in, size_t n, bool last)
{
    size_t i = 0;
    unsigned char *o = d->out + d->len;
    while (i < n) {
#if defined(__SSE2__)
        const __m128i zero = _mm_setzero_si128();
        while (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(in + i));
            if (_mm_movemask_epi8(v) != 0 || _mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)) != 0)
                break;
            _mm_storeu_si128((__m128i *)(void *)o, v);
            o += 16;
            i += 16;
        }
        if (i >= n)
            break;
#endif
        unsigned char c = in[i];
        if (c == 0) {
            d->failed = true;
            return 0;
        }
        if (c < 0x80) {
            *o++ = c;
            i++;
            continue;
        }
        size_t k = utf8_seq_len(in + i, n - i);
        if (k == 0) {
            if (n - i < 4 && !last)
                break;   /* the sequence may end in the next piece */
            d->len = (size_t)(o - d->out);
            dec_to_latin1(d);
            return i;
        }
        memcpy(o, in + i, k);
        o += k;
        i += k;
    }
    d->len = (size_t)(o - d->out);
    return i;
}

static size_t dec_latin1(struct textdec *d, const unsigned char *in, size_t n)
{
    unsigned char *o = d->out + d->len;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == 0) {
            d->failed = true;
            return 0;
        }
        o += textdec_put_utf8(o, in[i]);
    }
    d->len = (size_t)(o - d->out);
    return n;
}

/* Decodes the piece IN (N bytes; LAST: the text ends with it). Returns how
 * many bytes were consumed: the rest, fewer than four, is to be offered
 * again in front of the next piece. On a NUL sets d->failed. */
size_t textdec_piece(struct textdec *d, const unsigned char *in, size_t n, bool last)
{
    size_t done = 0;
    for (;;) {
        size_t k;
        enum text_enc before = d->mode;
        switch (d->mode) {
        case TEXT_UTF16LE:
        case TEXT_UTF16BE: k = dec_utf16(d, in + done, n - done, last); break;
        case TEXT_UTF8: k = dec_utf8(d, in + done, n - done, last); break;
        default: k = dec_latin1(d, in + done, n - done); break;
        }
        done += k;
        /* only the switch from UTF-8 to Latin-1 leaves work for another turn */
        if (d->failed || d->mode == before)
            return done;
    }
}

int text_decode(const char *name, const void *in, size_t n, char **out, size_t *len, enum text_enc *enc,
                bool *bom, struct err *e)
{
    *out = NULL;
    *len = 0;
    struct textdec d;
    memset(&d, 0, sizeof(d));
    d.name = name;
    if (n > (SIZE_MAX - 16) / 2) {
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", name);
    }
    d.cap = 2 * n + 16;
    d.out = malloc(d.cap);
    if (!d.out) {
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", name);
    }
    bool had_bom = false;
    size_t skip = textdec_start(&d, in, n, &had_bom);
    textdec_piece(&d, (const unsigned char *)in + skip, n - skip, true);
    if (d.failed) {
        free(d.out);
        err_set(e, "error.import.binary");
        return err_arg(e, "file", "%s", name);
    }
    d.out[d.len] = '\0';
    *out = (char *)d.out;
    *len = d.len;
    if (enc)
        *enc = d.mode;
    if (bom)
        *bom = had_bom;
    return 0;
}

bool text_starts_utf16(const void *in, size_t n)
{
    const unsigned char *u = in;
    return n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0) != (u[1] == 0));
}
