/* probe_der.c: see probe_der.h. No Windows headers: unit-tested on Linux. */
#include "probe_der.h"

#include <stdio.h>
#include <string.h>

struct tlv {
    unsigned tag;
    const unsigned char *v;
    size_t len;
};

/* Reads one TLV at P[*OFF..N): a single-byte tag and a definite, minimal
 * length. Advances *OFF past it. Returns 0 or -1. */
static int der_next(const unsigned char *p, size_t n, size_t *off, struct tlv *t)
{
    size_t i = *off;
    if (i >= n || n - i < 2)
        return -1;
    unsigned tag = p[i++];
    if ((tag & 0x1Fu) == 0x1Fu)
        return -1; /* multi-byte tags do not occur here */
    size_t len = p[i++];
    if (len & 0x80u) {
        size_t k = len & 0x7Fu;
        if (k == 0 || k > 4 || n - i < k)
            return -1; /* indefinite, or absurd */
        if (p[i] == 0)
            return -1; /* not minimal */
        len = 0;
        for (size_t j = 0; j < k; j++)
            len = (len << 8) | p[i++];
        if (len < 0x80)
            return -1; /* long form for a short length */
    }
    if (len > n - i)
        return -1;
    t->tag = tag;
    t->v = p + i;
    t->len = len;
    *off = i + len;
    return 0;
}

static int append(char *buf, size_t size, size_t *used, const char *s)
{
    size_t l = strlen(s);
    if (l >= size - *used)
        return -1;
    memcpy(buf + *used, s, l + 1);
    *used += l;
    return 0;
}

int der_oid_text(const unsigned char *p, size_t n, char *buf, size_t size)
{
    if (!buf || size == 0)
        return -1;
    buf[0] = '\0';
    if (n == 0)
        return -1;
    size_t used = 0;
    size_t i = 0;
    bool first = true;
    while (i < n) {
        if (p[i] == 0x80)
            return -1; /* non-minimal arc */
        uint64_t v = 0;
        for (;;) {
            if (i >= n)
                return -1; /* arc not terminated */
            if (v > (UINT64_MAX >> 7))
                return -1;
            unsigned char b = p[i++];
            v = (v << 7) | (b & 0x7Fu);
            if (!(b & 0x80u))
                break;
        }
        char num[48];
        if (first) {
            unsigned a = v < 40 ? 0u : v < 80 ? 1u : 2u;
            snprintf(num, sizeof(num), "%u.%llu", a, (unsigned long long)(v - 40u * a));
            first = false;
        } else {
            snprintf(num, sizeof(num), ".%llu", (unsigned long long)v);
        }
        if (append(buf, size, &used, num) != 0) {
            buf[0] = '\0';
            return -1;
        }
    }
    return 0;
}

/* A DER INTEGER in 0..4294967295. */
static int der_uint32(const struct tlv *t, uint32_t *out)
{
    if (t->tag != 0x02 || t->len == 0 || t->len > 5)
        return -1;
    const unsigned char *v = t->v;
    size_t len = t->len;
    if (v[0] & 0x80u)
        return -1; /* negative */
    if (len > 1 && v[0] == 0 && !(v[1] & 0x80u))
        return -1; /* not minimal */
    if (v[0] == 0 && len > 1) {
        v++;
        len--;
    }
    if (len > 4)
        return -1;
    uint32_t x = 0;
    for (size_t i = 0; i < len; i++)
        x = (x << 8) | v[i];
    *out = x;
    return 0;
}

int der_template_decode(const unsigned char *p, size_t n, struct der_template *out)
{
    memset(out, 0, sizeof(*out));
    size_t off = 0;
    struct tlv seq, t;
    if (!p || der_next(p, n, &off, &seq) != 0 || seq.tag != 0x30 || off != n)
        return -1;
    size_t in = 0;
    if (der_next(seq.v, seq.len, &in, &t) != 0 || t.tag != 0x06 ||
        der_oid_text(t.v, t.len, out->oid, sizeof(out->oid)) != 0)
        goto bad;
    if (der_next(seq.v, seq.len, &in, &t) != 0 || der_uint32(&t, &out->major) != 0)
        goto bad;
    if (in < seq.len) {
        if (der_next(seq.v, seq.len, &in, &t) != 0 || der_uint32(&t, &out->minor) != 0)
            goto bad;
        out->has_minor = true;
    }
    if (in != seq.len)
        goto bad;
    return 0;
bad:
    memset(out, 0, sizeof(*out));
    return -1;
}

/* Appends code point C as UTF-8. */
static int put_utf8(char *buf, size_t size, size_t *used, uint32_t c)
{
    unsigned char u[4];
    size_t k;
    if (c < 0x80) {
        u[0] = (unsigned char)c;
        k = 1;
    } else if (c < 0x800) {
        u[0] = (unsigned char)(0xC0 | (c >> 6));
        u[1] = (unsigned char)(0x80 | (c & 0x3F));
        k = 2;
    } else if (c < 0x10000) {
        u[0] = (unsigned char)(0xE0 | (c >> 12));
        u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (unsigned char)(0x80 | (c & 0x3F));
        k = 3;
    } else {
        u[0] = (unsigned char)(0xF0 | (c >> 18));
        u[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (unsigned char)(0x80 | (c & 0x3F));
        k = 4;
    }
    if (k >= size - *used)
        return -1;
    memcpy(buf + *used, u, k);
    *used += k;
    buf[*used] = '\0';
    return 0;
}

/* Whether S[0..N) is well-formed UTF-8 without NUL, overlongs or surrogates. */
static bool utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char b = s[i];
        uint32_t c;
        size_t k;
        if (b == 0)
            return false;
        if (b < 0x80) {
            i++;
            continue;
        } else if ((b & 0xE0) == 0xC0) {
            c = b & 0x1Fu;
            k = 1;
        } else if ((b & 0xF0) == 0xE0) {
            c = b & 0x0Fu;
            k = 2;
        } else if ((b & 0xF8) == 0xF0) {
            c = b & 0x07u;
            k = 3;
        } else {
            return false;
        }
        if (n - i - 1 < k)
            return false;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (s[i + j] & 0x3Fu);
        }
        if ((k == 1 && c < 0x80) || (k == 2 && c < 0x800) || (k == 3 && c < 0x10000) || c > 0x10FFFF ||
            (c >= 0xD800 && c <= 0xDFFF))
            return false;
        i += k + 1;
    }
    return true;
}

int der_string_utf8(const unsigned char *p, size_t n, char *buf, size_t size)
{
    if (!buf || size == 0)
        return -1;
    buf[0] = '\0';
    size_t off = 0;
    struct tlv t;
    if (!p || der_next(p, n, &off, &t) != 0 || off != n)
        return -1;
    size_t used = 0;
    switch (t.tag) {
    case 0x1E: /* BMPString: UTF-16 big-endian (surrogate pairs tolerated) */
        if (t.len % 2 != 0)
            return -1;
        for (size_t i = 0; i < t.len; i += 2) {
            uint32_t c = ((uint32_t)t.v[i] << 8) | t.v[i + 1];
            if (c >= 0xD800 && c <= 0xDBFF) {
                if (i + 3 >= t.len)
                    goto bad;
                uint32_t lo = ((uint32_t)t.v[i + 2] << 8) | t.v[i + 3];
                if (lo < 0xDC00 || lo > 0xDFFF)
                    goto bad;
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            } else if ((c >= 0xDC00 && c <= 0xDFFF) || c == 0) {
                goto bad;
            }
            if (put_utf8(buf, size, &used, c) != 0)
                goto bad;
        }
        return 0;
    case 0x0C: /* UTF8String */
        if (!utf8_valid(t.v, t.len))
            return -1;
        break;
    case 0x13: /* PrintableString */
    case 0x16: /* IA5String */
        for (size_t i = 0; i < t.len; i++)
            if (t.v[i] == 0 || t.v[i] >= 0x80)
                return -1;
        break;
    default:
        return -1;
    }
    if (t.len >= size)
        return -1;
    memcpy(buf, t.v, t.len);
    buf[t.len] = '\0';
    return 0;
bad:
    buf[0] = '\0';
    return -1;
}
