#include "term.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

bool term_obeyed(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

static bool obeyed(uint32_t cp, unsigned flags)
{
    if (cp == '\n' && (flags & TERM_KEEP_NL))
        return false;
    return term_obeyed(cp);
}

static uint32_t decode(const unsigned char *u, size_t len)
{
    static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    uint32_t cp = u[0] & lead_mask[len];
    for (size_t i = 1; i < len; i++)
        cp = (cp << 6) | (u[i] & 0x3Fu);
    return cp;
}

size_t term_escape(char *buf, size_t size, const char *s, size_t n, unsigned flags)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t out = 0, kept = 0;
    int full = size == 0;
    for (size_t i = 0; i < n;) {
        char esc[8];
        const char *piece = s + i;
        size_t len = utf8_seq_len(u + i, n - i), plen = len;
        if (len == 0) {
            snprintf(esc, sizeof(esc), "\\x%02x", u[i]);
            piece = esc;
            plen = 4;
            len = 1;
        } else if (obeyed(decode(u + i, len), flags)) {
            snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)decode(u + i, len));
            piece = esc;
            plen = 6;
        }
        /* nothing after the first piece that does not fit */
        if (!full && kept + plen < size) {
            memcpy(buf + kept, piece, plen);
            kept += plen;
        } else {
            full = 1;
        }
        out += plen;
        i += len;
    }
    if (size > 0)
        buf[kept] = '\0';
    return out;
}

char *term_safe(char *buf, size_t size, const char *s)
{
    term_escape(buf, size, s ? s : "", s ? strlen(s) : 0, 0);
    return buf;
}

int term_fputs(const char *s, unsigned flags, FILE *out)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    char small[512];
    size_t need = term_escape(small, sizeof(small), s, n, flags);
    if (need < sizeof(small))
        return fputs(small, out) < 0 ? -1 : 0;
    char *big = malloc(need + 1);
    if (!big)
        return -1;
    term_escape(big, need + 1, s, n, flags);
    int rc = fputs(big, out) < 0 ? -1 : 0;
    free(big);
    return rc;
}
