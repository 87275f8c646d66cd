/* der.c: see der.h. No Windows headers: the store probe (Windows) and the
 * certificate import (everywhere) share it; unit-tested on Linux. */
#include "der.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

int der_next(const unsigned char *p, size_t n, size_t *off, struct der_tlv *t)
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
static int der_uint32(const struct der_tlv *t, uint32_t *out)
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
    struct der_tlv seq, t;
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


/* ---- X.509 ---- */

static int digits(const unsigned char *s, size_t k, unsigned *out)
{
    unsigned v = 0;
    for (size_t i = 0; i < k; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10u + (unsigned)(s[i] - '0');
    }
    *out = v;
    return 0;
}

int der_time(const struct der_tlv *t, int64_t *out)
{
    size_t ylen;
    if (t->tag == 0x17 && t->len == 13)
        ylen = 2;
    else if (t->tag == 0x18 && t->len == 15)
        ylen = 4;
    else
        return -1;
    const unsigned char *s = t->v;
    unsigned y, mo, d, h, mi, se;
    if (s[t->len - 1] != 'Z' || digits(s, ylen, &y) != 0 || digits(s + ylen, 2, &mo) != 0 ||
        digits(s + ylen + 2, 2, &d) != 0 || digits(s + ylen + 4, 2, &h) != 0 ||
        digits(s + ylen + 6, 2, &mi) != 0 || digits(s + ylen + 8, 2, &se) != 0)
        return -1;
    if (ylen == 2)
        y += y >= 50 ? 1900u : 2000u;
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 60)
        return -1;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo == 2 && d == 29 && !leap)
        return -1;
    *out = days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 + (int64_t)mi * 60 + se;
    return 0;
}

/* The Windows short name of attribute type OID (dotted), or NULL. */
static const char *attr_short(const char *oid)
{
    static const struct {
        const char *oid, *name;
    } names[] = {
        {"2.5.4.3", "CN"},           {"2.5.4.4", "SN"},
        {"2.5.4.5", "SERIALNUMBER"}, {"2.5.4.6", "C"},
        {"2.5.4.7", "L"},            {"2.5.4.8", "S"},
        {"2.5.4.9", "STREET"},       {"2.5.4.10", "O"},
        {"2.5.4.11", "OU"},          {"2.5.4.12", "T"},
        {"2.5.4.13", "Description"}, {"2.5.4.17", "PostalCode"},
        {"2.5.4.42", "G"},           {"2.5.4.43", "I"},
        {"1.2.840.113549.1.9.1", "E"}, {"0.9.2342.19200300.100.1.25", "DC"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i].oid, oid) == 0)
            return names[i].name;
    return NULL;
}

/* Any directory string's contents as UTF-8 appended to BUF (NUL-terminated);
 * NUL characters, unpaired surrogates and invalid UTF-8 are refused. */
static int name_value(const struct der_tlv *t, char *buf, size_t size, size_t *used)
{
    switch (t->tag) {
    case 0x0C: /* UTF8String */
        if (!utf8_valid(t->v, t->len))
            return -1;
        if (t->len >= size - *used)
            return -1;
        memcpy(buf + *used, t->v, t->len);
        *used += t->len;
        buf[*used] = '\0';
        return 0;
    case 0x13: /* PrintableString */
    case 0x16: /* IA5String */
        for (size_t i = 0; i < t->len; i++)
            if (t->v[i] == 0 || t->v[i] >= 0x80 || put_utf8(buf, size, used, t->v[i]) != 0)
                return -1;
        return 0;
    case 0x14: /* TeletexString, read as Latin-1 */
        for (size_t i = 0; i < t->len; i++)
            if (t->v[i] == 0 || put_utf8(buf, size, used, t->v[i]) != 0)
                return -1;
        return 0;
    case 0x1E: /* BMPString */
    case 0x1C: { /* UniversalString */
        size_t w = t->tag == 0x1E ? 2 : 4;
        if (t->len % w != 0)
            return -1;
        for (size_t i = 0; i < t->len; i += w) {
            uint32_t c = 0;
            for (size_t k = 0; k < w; k++)
                c = (c << 8) | t->v[i + k];
            if (w == 2 && c >= 0xD800 && c <= 0xDBFF && i + 3 < t->len) {
                uint32_t lo = ((uint32_t)t->v[i + 2] << 8) | t->v[i + 3];
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return -1;
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
            if (c == 0 || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF || put_utf8(buf, size, used, c) != 0)
                return -1;
        }
        return 0;
    }
    default:
        return -1;
    }
}

int der_string_utf8(const unsigned char *p, size_t n, char *buf, size_t size)
{
    if (!buf || size == 0)
        return -1;
    buf[0] = '\0';
    size_t off = 0;
    struct der_tlv t;
    if (!p || der_next(p, n, &off, &t) != 0 || off != n)
        return -1;
    if (t.tag != 0x1E && t.tag != 0x0C && t.tag != 0x13 && t.tag != 0x16)
        return -1; /* BMPString, UTF8String, PrintableString, IA5String */
    size_t used = 0;
    if (name_value(&t, buf, size, &used) != 0) {
        buf[0] = '\0';
        return -1;
    }
    return 0;
}

/* Puts V (NUL-terminated UTF-8) at BUF+START, in quotes when it needs them. */
static int quote_value(char *buf, size_t size, size_t start, size_t *used)
{
    size_t len = *used - start;
    const char *v = buf + start;
    bool q = len > 0 && (v[0] == ' ' || v[len - 1] == ' ');
    size_t quotes = 0;
    for (size_t i = 0; i < len; i++) {
        if (strchr(",+=\"<>#;\r\n", v[i]))
            q = true;
        quotes += v[i] == '"';
    }
    if (!q)
        return 0;
    size_t need = len + quotes + 2;
    if (need >= size - start)
        return -1;
    /* from the end backwards: the closing quote, the value with doubled quotes, the opening one */
    size_t w = start + need;
    buf[w] = '\0';
    buf[--w] = '"';
    for (size_t i = len; i-- > 0;) {
        buf[--w] = buf[start + i];
        if (buf[start + i] == '"')
            buf[--w] = '"';
    }
    buf[--w] = '"';
    *used = start + need;
    return 0;
}

/* One RDN (a SET) appended to BUF. */
static int rdn_text(const struct der_tlv *set, char *buf, size_t size, size_t *used)
{
    if (set->tag != 0x31 || set->len == 0)
        return -1;
    size_t off = 0;
    bool first = true;
    while (off < set->len) {
        struct der_tlv atv, type, val;
        size_t in = 0;
        if (der_next(set->v, set->len, &off, &atv) != 0 || atv.tag != 0x30 ||
            der_next(atv.v, atv.len, &in, &type) != 0 || type.tag != 0x06 ||
            der_next(atv.v, atv.len, &in, &val) != 0 || in != atv.len)
            return -1;
        char oid[256];
        if (der_oid_text(type.v, type.len, oid, sizeof(oid)) != 0)
            return -1;
        const char *sn = attr_short(oid);
        if ((!first && append(buf, size, used, " + ") != 0) ||
            (!sn && append(buf, size, used, "OID.") != 0) || append(buf, size, used, sn ? sn : oid) != 0 ||
            append(buf, size, used, "=") != 0)
            return -1;
        size_t start = *used;
        if (name_value(&val, buf, size, used) != 0 || quote_value(buf, size, start, used) != 0)
            return -1;
        first = false;
    }
    return 0;
}

int der_name_text(const unsigned char *p, size_t n, char *buf, size_t size)
{
    if (!buf || size == 0)
        return -1;
    buf[0] = '\0';
    size_t off = 0;
    struct der_tlv seq;
    if (!p || der_next(p, n, &off, &seq) != 0 || seq.tag != 0x30 || off != n)
        return -1;
    /* the RDNs, last first */
    size_t count = 0, in = 0;
    struct der_tlv rdn;
    while (in < seq.len) {
        if (der_next(seq.v, seq.len, &in, &rdn) != 0)
            return -1;
        count++;
    }
    size_t used = 0;
    for (size_t k = count; k-- > 0;) {
        in = 0;
        for (size_t j = 0; j <= k; j++)
            der_next(seq.v, seq.len, &in, &rdn); /* walked once above: cannot fail */
        if ((k + 1 < count && append(buf, size, &used, ", ") != 0) || rdn_text(&rdn, buf, size, &used) != 0) {
            buf[0] = '\0';
            return -1;
        }
    }
    return 0;
}

/* the DER of 1.3.6.1.4.1.311.20.2 and 1.3.6.1.4.1.311.21.7 */
static const unsigned char OID_V1[] = {0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x14, 0x02};
static const unsigned char OID_V2[] = {0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x07};

static bool oid_is(const struct der_tlv *t, const unsigned char *oid, size_t n)
{
    return t->tag == 0x06 && t->len == n && memcmp(t->v, oid, n) == 0;
}

/* The extensions ([3] EXPLICIT SEQUENCE OF Extension) into OUT. */
static int cert_extensions(const unsigned char *base, const struct der_tlv *ctx, struct der_cert *out,
                           size_t *where)
{
    size_t off = 0;
    struct der_tlv seq;
    *where = (size_t)(ctx->v - base);
    if (der_next(ctx->v, ctx->len, &off, &seq) != 0 || seq.tag != 0x30 || off != ctx->len)
        return -1;
    size_t in = 0;
    while (in < seq.len) {
        struct der_tlv ext, oid, t;
        *where = (size_t)(seq.v + in - base);
        size_t e = 0;
        if (der_next(seq.v, seq.len, &in, &ext) != 0 || ext.tag != 0x30 ||
            der_next(ext.v, ext.len, &e, &oid) != 0 || oid.tag != 0x06 ||
            der_next(ext.v, ext.len, &e, &t) != 0)
            return -1;
        if (t.tag == 0x01) { /* critical */
            if (t.len != 1 || der_next(ext.v, ext.len, &e, &t) != 0)
                return -1;
        }
        if (t.tag != 0x04 || e != ext.len)
            return -1;
        if (oid_is(&oid, OID_V1, sizeof(OID_V1))) {
            if (out->v1)
                return -1; /* twice: RFC 5280 forbids it */
            out->v1 = t.v;
            out->v1_len = t.len;
        } else if (oid_is(&oid, OID_V2, sizeof(OID_V2))) {
            if (out->v2)
                return -1;
            out->v2 = t.v;
            out->v2_len = t.len;
        }
    }
    return 0;
}

int der_cert_decode(const unsigned char *p, size_t n, struct der_cert *out, size_t *where)
{
    memset(out, 0, sizeof(*out));
    *where = 0;
    size_t off = 0;
    struct der_tlv cert, tbs, t;
    if (!p || der_next(p, n, &off, &cert) != 0 || cert.tag != 0x30)
        return -1;
    out->len = off;
    size_t c = 0;
    *where = (size_t)(cert.v - p);
    if (der_next(cert.v, cert.len, &c, &tbs) != 0 || tbs.tag != 0x30)
        return -1;
    /* the signature algorithm and value follow; their shape is checked, not their content */
    struct der_tlv alg, sig;
    *where = (size_t)(cert.v + c - p);
    if (der_next(cert.v, cert.len, &c, &alg) != 0 || alg.tag != 0x30)
        return -1;
    *where = (size_t)(cert.v + c - p);
    if (der_next(cert.v, cert.len, &c, &sig) != 0 || sig.tag != 0x03 || c != cert.len)
        return -1;

    size_t i = 0;
#define NEXT(cond)                                                                                 \
    do {                                                                                           \
        *where = (size_t)(tbs.v + i - p);                                                          \
        if (der_next(tbs.v, tbs.len, &i, &t) != 0 || !(cond))                                      \
            goto bad;                                                                              \
    } while (0)
    NEXT(t.tag == 0xA0 || t.tag == 0x02);
    if (t.tag == 0xA0)
        NEXT(t.tag == 0x02); /* the serial number */
    NEXT(t.tag == 0x30);     /* the signature algorithm */
    NEXT(t.tag == 0x30);     /* issuer */
    out->issuer = p + *where; /* the Name with its tag and length */
    out->issuer_len = (size_t)(t.v + t.len - out->issuer);
    NEXT(t.tag == 0x30); /* validity */
    {
        size_t vi = 0;
        struct der_tlv a, b;
        if (der_next(t.v, t.len, &vi, &a) != 0 || der_time(&a, &out->not_before) != 0 ||
            der_next(t.v, t.len, &vi, &b) != 0 || der_time(&b, &out->not_after) != 0 || vi != t.len)
            goto bad;
    }
    NEXT(t.tag == 0x30); /* subject */
    out->subject = p + *where; /* the Name with its tag and length */
    out->subject_len = (size_t)(t.v + t.len - out->subject);
    NEXT(t.tag == 0x30); /* subjectPublicKeyInfo */
    while (i < tbs.len) {
        NEXT(t.tag == 0x81 || t.tag == 0x82 || t.tag == 0xA3);
        if (t.tag == 0xA3) {
            if (cert_extensions(p, &t, out, where) != 0)
                goto bad;
            if (i != tbs.len) {
                *where = (size_t)(tbs.v + i - p);
                goto bad;
            }
        }
    }
#undef NEXT
    return 0;
bad:
    {
        size_t w = *where;
        memset(out, 0, sizeof(*out));
        *where = w;
    }
    return -1;
}
