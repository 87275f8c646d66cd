/* import_cert.c: a certificate file -> one cert fact per certificate.
 *
 * Formats: DER (a .cer as Windows exports it "DER encoded binary X.509"),
 * or PEM / "Base-64 encoded X.509 (.CER)": one or more blocks
 * "-----BEGIN CERTIFICATE-----" ... "-----END CERTIFICATE-----" with text
 * between and around them (openssl's "subject=" lines) ignored. Each
 * certificate gives what the store probe gives (probe_certs.c), decoded by
 * the same portable code (der.h): the SHA-1 thumbprint of its DER (sha1.h),
 * subject and issuer in Windows' form, the validity, template_name from the
 * V1 extension 1.3.6.1.4.1.311.20.2 and template_oid from the V2 extension
 * 1.3.6.1.4.1.311.21.7 (each null when the certificate has none).
 *
 * What a file does not say stays absent: archived and has_private_key
 * (properties of a store entry, not of the certificate), and the store
 * itself. A certificate file says nothing of the context it was enrolled
 * in, so the caller chooses it: import_read_cert puts the certificates
 * into certificates.user, import_read_cert_ctx into the context given.
 * Note that the list is then what the file holds, not the whole store.
 *
 * Errors (one line, naming the file): a DER certificate that is damaged,
 * with the byte offset (error.import.cert, args file, offset); in PEM the
 * line and column of a character that is no base64
 * (error.import.cert-base64), a block without its END line
 * (error.import.cert-end), a damaged certificate inside a block, with the
 * block's first line and the byte offset within its DER
 * (error.import.cert-pem); a PEM file without any certificate block
 * (error.import.cert-none). */
#include "import_formats.h"
#include "import_cert.h"

#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "der.h"
#include "sha1.h"
#include "util.h"

struct certs {
    struct facts *f;
    struct cert_list *list;
    size_t cap;
};

static int oom(struct err *e, const char *name)
{
    err_set(e, "error.memory");
    return err_arg(e, "file", "%s", name);
}

static int set_name(struct arena *a, struct opt_str *o, const unsigned char *p, size_t n)
{
    size_t size = 8 * n + 64;
    char *buf = malloc(size);
    if (!buf)
        return -2;
    int rc = der_name_text(p, n, buf, size);
    if (rc == 0) {
        o->v = arena_strdup(a, buf);
        o->st = F_SET;
        if (!o->v)
            rc = -2;
    }
    free(buf);
    return rc;
}

/* Adds the certificate D (whose DER is P[0..D->len)) to the list. Returns
 * 0, -1 with *WHERE the offset (within P) of what is malformed, -2 when out
 * of memory. */
static int add_cert(struct certs *c, const unsigned char *p, const struct der_cert *d, size_t *where)
{
    struct arena *a = &c->f->arena;
    struct cert_list *l = c->list;
    if (l->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 4;
        struct cert *v = arena_calloc(a, cap, sizeof(*v));
        if (!v)
            return -2;
        if (l->n)
            memcpy(v, l->v, l->n * sizeof(*v));
        l->v = v;
        c->cap = cap;
    }
    struct cert *ce = &l->v[l->n];
    memset(ce, 0, sizeof(*ce));
    char hex[41];
    sha1_hex(p, d->len, hex);
    if (!(ce->thumbprint.v = arena_strdup(a, hex)))
        return -2;
    ce->thumbprint.st = F_SET;
    int rc = set_name(a, &ce->subject, d->subject, d->subject_len);
    if (rc != 0) {
        *where = (size_t)(d->subject - p);
        return rc;
    }
    if ((rc = set_name(a, &ce->issuer, d->issuer, d->issuer_len)) != 0) {
        *where = (size_t)(d->issuer - p);
        return rc;
    }
    ce->not_before.st = ce->not_after.st = F_SET;
    ce->not_before.v = d->not_before;
    ce->not_after.v = d->not_after;
    ce->template_name.st = ce->template_oid.st = F_NULL;
    if (d->v1) {
        char buf[512];
        if (der_string_utf8(d->v1, d->v1_len, buf, sizeof(buf)) != 0) {
            *where = (size_t)(d->v1 - p);
            return -1;
        }
        if (!(ce->template_name.v = arena_strdup(a, buf)))
            return -2;
        ce->template_name.st = F_SET;
    }
    if (d->v2) {
        struct der_template t;
        if (der_template_decode(d->v2, d->v2_len, &t) != 0) {
            *where = (size_t)(d->v2 - p);
            return -1;
        }
        if (!(ce->template_oid.v = arena_strdup(a, t.oid)))
            return -2;
        ce->template_oid.st = F_SET;
    }
    l->n++;
    return 0;
}

/* One DER certificate that must fill P[0..N) exactly. */
static int read_der(struct certs *c, const unsigned char *p, size_t n, size_t *where)
{
    struct der_cert d;
    if (der_cert_decode(p, n, &d, where) != 0)
        return -1;
    if (d.len != n) {
        *where = d.len; /* something after the certificate */
        return -1;
    }
    return add_cert(c, p, &d, where);
}

static const char BEGIN[] = "-----BEGIN CERTIFICATE-----";
static const char END[] = "-----END CERTIFICATE-----";

/* The line of TEXT starting at P, without its line break, in [*LP, *LE). */
static const char *next_line(const char *p, const char *end, const char **le)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    if (e > p && e[-1] == '\r')
        e--;
    *le = e;
    return nl ? nl + 1 : end;
}

static int read_pem(struct certs *c, const struct import_file *in, struct err *e)
{
    const char *text = in->text, *end = in->text + in->text_len;
    const char *p = text;
    size_t blocks = 0;
    while (p < end) {
        const char *le;
        const char *q = next_line(p, end, &le);
        const char *b = p;
        while (b < le && (*b == ' ' || *b == '\t'))
            b++;
        if ((size_t)(le - b) < sizeof(BEGIN) - 1 || memcmp(b, BEGIN, sizeof(BEGIN) - 1) != 0) {
            p = q;
            continue;
        }
        size_t first_line, col;
        text_line_col(text, (size_t)(p - text), &first_line, &col);
        /* the base64 up to the END line */
        const char *body = q, *stop = NULL;
        for (const char *r = q; r < end;) {
            const char *re;
            const char *rn = next_line(r, end, &re);
            const char *s = r;
            while (s < re && (*s == ' ' || *s == '\t'))
                s++;
            if ((size_t)(re - s) >= sizeof(END) - 1 && memcmp(s, END, sizeof(END) - 1) == 0) {
                stop = r;
                q = rn;
                break;
            }
            r = rn;
        }
        if (!stop) {
            err_set(e, "error.import.cert-end");
            err_arg(e, "file", "%s", in->name);
            return err_arg(e, "line", "%zu", first_line);
        }
        size_t blen = (size_t)(stop - body);
        unsigned char *der = malloc(base64_max(blen) + 1);
        if (!der)
            return oom(e, in->name);
        size_t bad = 0;
        long n = base64_decode(body, blen, der, &bad);
        if (n < 0) {
            free(der);
            size_t line, column;
            text_line_col(text, (size_t)(body - text) + bad, &line, &column);
            err_set(e, "error.import.cert-base64");
            err_arg(e, "file", "%s", in->name);
            err_arg(e, "line", "%zu", line);
            return err_arg(e, "column", "%zu", column);
        }
        size_t where = 0;
        int rc = read_der(c, der, (size_t)n, &where);
        free(der);
        if (rc == -2)
            return oom(e, in->name);
        if (rc != 0) {
            err_set(e, "error.import.cert-pem");
            err_arg(e, "file", "%s", in->name);
            err_arg(e, "line", "%zu", first_line);
            return err_arg(e, "offset", "%zu", where);
        }
        blocks++;
        p = q;
    }
    if (blocks == 0) {
        err_set(e, "error.import.cert-none");
        return err_arg(e, "file", "%s", in->name);
    }
    return 0;
}

int import_read_cert_ctx(const struct import_file *in, enum ctx ctx, struct facts **out, struct err *e)
{
    *out = NULL;
    struct facts *f = facts_new();
    if (!f)
        return oom(e, in->name);
    struct certs c = {f, &f->certs[ctx == CTX_MACHINE ? CTX_MACHINE : CTX_USER], 0};
    c.list->st = F_SET;
    int rc;
    if (in->n > 0 && in->raw[0] == 0x30) {
        size_t where = 0;
        rc = read_der(&c, in->raw, in->n, &where);
        if (rc == -2)
            rc = oom(e, in->name);
        else if (rc != 0) {
            err_set(e, "error.import.cert");
            err_arg(e, "file", "%s", in->name);
            err_arg(e, "offset", "%zu", where);
        }
    } else if (in->text) {
        rc = read_pem(&c, in, e);
    } else {
        err_set(e, "error.import.cert");
        err_arg(e, "file", "%s", in->name);
        rc = err_arg(e, "offset", "%zu", (size_t)0);
    }
    if (rc != 0) {
        facts_free(f);
        return -1;
    }
    *out = f;
    return 0;
}

int import_read_cert(const struct import_file *in, struct facts **out, struct err *e)
{
    return import_read_cert_ctx(in, CTX_USER, out, e);
}
