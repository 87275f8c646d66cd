/* csv.c: records of comma-separated text (csv.h). */
#include "csv.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The bytes that end a stretch of a quoted field: the end of the text, a
 * quote, and the line breaks (counted). */
static const unsigned char quoted_stop[256] = {['\0'] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};

/* The first byte at or after P that ends a stretch of a quoted field; END is
 * the NUL that ends the text (nothing beyond it is read). */
static char *scan_quoted(char *p, const char *end)
{
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, _mm_setzero_si128())));
        int bits = _mm_movemask_epi8(m);
        if (bits)
            return p + __builtin_ctz((unsigned)bits);
        p += 16;
    }
#else
    (void)end;
#endif
    while (!quoted_stop[(unsigned char)*p])
        p++;
    return p;
}

/* The bytes that end an unquoted field. */
static const unsigned char plain_stop[256] = {['\0'] = 1, [','] = 1, ['\n'] = 1, ['\r'] = 1};

/* How many fields the record at P (before END) has at most: its commas
 * outside quotes, plus one. Reads without changing anything. */
size_t csv_record_fields(const char *p, const char *end)
{
    size_t n = 1;
    bool quoted = false;
    for (; p < end && *p; p++) {
        if (*p == '"')
            quoted = !quoted; /* a doubled quote toggles twice */
        else if (!quoted && *p == ',')
            n++;
        else if (!quoted && *p == '\n')
            break;
    }
    return n;
}

int csv_record(struct csv *c, struct csv_field *fields, size_t max, size_t *n, bool *blank)
{
    char *p = c->p;
    if (*p == '\0')
        return REC_END;
    size_t k = 0;
    bool any_quoted = false;
    for (;;) {
        /* blanks before an opening quote are tolerated */
        char *q = p;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q == '"')
            p = q;
        char *w, *start = p;
        if (*p == '"') {
            any_quoted = true;
            start = w = ++p;
            for (;;) {
                /* a stretch without quotes or line breaks, moved down only
                 * once a doubled quote has been taken out */
                char *e = scan_quoted(p, c->end);
                if (w != p)
                    memmove(w, p, (size_t)(e - p));
                w += e - p;
                p = e;
                char ch = *p;
                if (ch == '\0')
                    return REC_UNCLOSED;
                if (ch == '"') {
                    if (p[1] == '"') {
                        *w++ = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                if (ch == '\n' || (ch == '\r' && p[1] != '\n'))
                    c->line++;
                *w++ = ch;
                p++;
            }
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p != ',' && *p != '\r' && *p != '\n' && *p != '\0')
                return REC_AFTER_QUOTE;
        } else {
            while (!plain_stop[(unsigned char)*p])
                p++;
            w = p;
        }
        char sep = *p;
        if (sep == ',')
            p++;
        else if (sep == '\r')
            p += p[1] == '\n' ? 2 : 1;
        else if (sep == '\n')
            p++;
        *w = '\0';
        if (k < max) {
            fields[k].s = start;
            fields[k].n = (size_t)(w - start);
        }
        k++;
        if (sep != ',') {
            if (sep != '\0')
                c->line++;
            break;
        }
    }
    *blank = k == 1 && !any_quoted && max > 0 && fields[0].n == 0;
    c->p = p;
    *n = k;
    return REC_OK;
}

/* The field without blanks around it (the trailing ones are cut off). */
char *csv_trim(struct csv_field *f)
{
    char *s = f->s;
    size_t n = f->n;
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    s[n] = '\0';
    f->s = s;
    f->n = n;
    return s;
}
