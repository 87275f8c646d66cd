/* base64.c: see base64.h. */
#include "base64.h"

#include <stdint.h>

static int value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

size_t base64_max(size_t n)
{
    return n / 4 * 3 + 3;
}

long base64_decode(const char *s, size_t n, unsigned char *out, size_t *bad)
{
    uint32_t acc = 0;
    unsigned k = 0;      /* characters in the group so far */
    unsigned pad = 0;    /* '=' seen */
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            if (k < 2 || k + pad >= 4) {
                *bad = i;
                return -1;
            }
            pad++;
            if (k + pad == 4) {
                /* the group ends: 2 or 3 characters of data */
                if ((k == 2 && (acc & 0xF)) || (k == 3 && (acc & 0x3))) {
                    *bad = i;
                    return -1;
                }
                if (k == 2)
                    out[w++] = (unsigned char)(acc >> 4);
                else {
                    out[w++] = (unsigned char)(acc >> 10);
                    out[w++] = (unsigned char)(acc >> 2);
                }
                k = 4; /* done: nothing may follow */
            }
            continue;
        }
        int v = value(c);
        if (v < 0 || pad > 0 || k == 4) {
            *bad = i;
            return -1;
        }
        acc = (acc << 6) | (uint32_t)v;
        if (++k == 4 && pad == 0) {
            out[w++] = (unsigned char)(acc >> 16);
            out[w++] = (unsigned char)(acc >> 8);
            out[w++] = (unsigned char)acc;
            k = 0;
            acc = 0;
        }
    }
    if (k != 0 && k != 4) {
        *bad = n;
        return -1;
    }
    return (long)w;
}
