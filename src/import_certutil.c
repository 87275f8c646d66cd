/* import_certutil.c: the text of certutil, in any language:
 *
 *   certutil -v -template       -> templates
 *   certutil -catemplates       -> cas: one CA (whose name the output does
 *                                  not give) and the templates it offers
 *   certutil [-user] -v -store my -> certificates.user or .machine
 *
 * certutil translates its words, so the reader keys on what it does not
 * translate: the closing line "CertUtil: -VERB ..." (which output this is;
 * one that carries an HRESULT 0x........ is a failed command, refused),
 * the property names TemplateProp*, OIDs, hex numbers, SDDL, the property
 * ids CERT_*_PROP_ID(n) and the X.500 attribute names of names.
 *
 * Templates (-template): TemplatePropCommonName (name), FriendlyName
 * (display_name), OID (oid: the first word of the line below), SchemaVersion,
 * EnrollmentFlags (autoenroll_flag: CT_FLAG_AUTO_ENROLLMENT 0x20),
 * SubjectNameFlags (requires_email: 0x20000000 or 0x04000000),
 * PrivateKeyFlags, CryptoProviders ("N: name" lines, in their order),
 * CertificatePolicies (issuance_policies: the OIDs listed) and
 * SecurityDescriptor (sddl: certutil prints the descriptor's SDDL and then
 * the same ACEs as "Allow Enroll  DOMAIN\group" lines; those lines are
 * translated, rights and account names alike, so the SDDL is read and the
 * lines are not). Numbers are certutil's "hex (decimal)" form. Without -v
 * only the names are printed: then only name and display_name are set.
 * valid_issuance_policies is not in this output and stays absent.
 *
 * Certificates (-store): each "================ ... N ================"
 * section is one certificate. The thumbprint is the value of
 * CERT_SHA1_HASH_PROP_ID(3), else the last "...(sha1): <40 hex digits>"
 * line before the properties ("Cert Hash(sha1)", whose label is
 * translated); spaces between the hex bytes (older versions) are dropped
 * and the digits upper-cased as the probe writes them. Issuer and subject:
 * the first and the second block of "X=value" lines under a line ending in
 * ":" (the labels are translated, the order is not), joined with ", ", most
 * specific part first as certutil lists them (the probe's form).
 * NotBefore / NotAfter are certutil's local times without a zone: read as
 * UTC (so they may be off by the client's offset from UTC); the order of
 * day and month is decided for the whole file as the events CSV import does
 * (a part above 12, AM/PM, dots, else the language of the user interface).
 * template_name: the value line under the extension 1.3.6.1.4.1.311.20.2;
 * template_oid: the OID in the value line under 1.3.6.1.4.1.311.21.7 (both
 * null when the certificate has no such extension). archived: whether
 * CERT_ARCHIVED_PROP_ID(19) is listed. has_private_key: whether
 * CERT_KEY_PROV_INFO_PROP_ID(2) is listed, a key reference (certutil's
 * verdict on the key itself, "Encryption test passed", is translated).
 *
 * Which store: -store and -user -store print the same; the only trace is
 * the key provider information, whose Flags carry CRYPT_MACHINE_KEYSET
 * (0x20) for a key of the computer. A file where a key says so is the
 * machine's store; otherwise the user's (also when no certificate has a key:
 * the text does not tell, and the user's store is the default). A caller
 * that knows better says so (import_read_certutil_ctx).
 *
 * Errors (one line with the file and the line): error.import.certutil (no
 * closing CertUtil line, or a verb this reader does not know),
 * error.import.certutil-failed (the command failed: its code),
 * error.import.certutil-value (a number, OID, time or line that is not what
 * its place needs), error.import.certutil-sddl (the descriptor does not
 * parse: line and column). */
#include "import_formats.h"
#include "import_certutil.h"

#include <stdlib.h>
#include <string.h>

#include "sddl.h"
#include "util.h"

struct line {
    const char *s;               /* NUL-terminated, without its line break */
    size_t no;                   /* 1-based */
    size_t indent;               /* leading blanks */
};

struct rd {
    const struct import_file *in;
    struct facts *f;
    struct err *e;
    struct line *v;
    size_t n;
    char *buf;                   /* the lines, split in place */
};

static int fail(struct rd *R, const char *key, size_t line)
{
    err_set(R->e, key);
    err_arg(R->e, "file", "%s", R->in->name);
    return err_arg(R->e, "line", "%zu", line);
}

static int fail_value(struct rd *R, size_t line, const char *value)
{
    fail(R, "error.import.certutil-value", line);
    return err_arg(R->e, "value", "%.80s", value);
}

static int oom(struct rd *R)
{
    err_set(R->e, "error.memory");
    return err_arg(R->e, "file", "%s", R->in->name);
}

static const char *trim(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static int split_lines(struct rd *R)
{
    const char *t = R->in->text ? R->in->text : "";
    size_t len = R->in->text ? R->in->text_len : 0;
    R->buf = malloc(len + 1);
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += t[i] == '\n';
    R->v = calloc(cap, sizeof(*R->v));
    if (!R->buf || !R->v)
        return oom(R);
    memcpy(R->buf, t, len);
    R->buf[len] = '\0';
    char *p = R->buf, *end = R->buf + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *e = nl ? nl : end;
        *e = '\0';
        if (e > p && e[-1] == '\r')
            e[-1] = '\0';
        struct line *l = &R->v[R->n];
        l->s = p;
        l->no = R->n + 1;
        l->indent = (size_t)(trim(p) - p);
        R->n++;
        p = nl ? nl + 1 : end;
    }
    return 0;
}

static bool is_blank(const struct line *l)
{
    return l->s[l->indent] == '\0';
}

/* Whether S[0..N) is a dotted OID (digits and single dots, at least one dot). */
static bool oid_like(const char *s, size_t n)
{
    if (n < 3 || s[0] < '0' || s[0] > '9' || s[n - 1] == '.')
        return false;
    bool dot = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (s[i + 1] == '.')
                return false;
            dot = true;
        } else if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return dot;
}

static size_t word_len(const char *s)
{
    size_t n = 0;
    while (s[n] && s[n] != ' ' && s[n] != '\t')
        n++;
    return n;
}

static int set_str(struct rd *R, struct opt_str *o, const char *s, size_t n)
{
    char *c = arena_strndup(&R->f->arena, s, n);
    if (!c)
        return oom(R);
    o->st = F_SET;
    o->v = c;
    return 0;
}

static int list_add(struct rd *R, struct str_list *l, size_t *cap, const char *s, size_t n)
{
    if (l->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        const char **v = arena_calloc(&R->f->arena, nc, sizeof(*v));
        if (!v)
            return oom(R);
        if (l->n)
            memcpy(v, l->v, l->n * sizeof(*v));
        l->v = v;
        *cap = nc;
    }
    if (!(l->v[l->n] = arena_strndup(&R->f->arena, s, n)))
        return oom(R);
    l->n++;
    l->st = F_SET;
    return 0;
}

/* ---- which output ---- */

enum verb { V_TEMPLATE, V_CATEMPLATES, V_STORE };

static int find_verb(struct rd *R, enum verb *out, size_t *last)
{
    for (size_t i = R->n; i-- > 0;) {
        const char *s = R->v[i].s + R->v[i].indent;
        if (!ascii_startswith_ci(s, "CertUtil: -"))
            continue;
        *last = i;
        const char *v = s + 11;
        size_t k = 0;
        while ((v[k] >= 'A' && v[k] <= 'Z') || (v[k] >= 'a' && v[k] <= 'z'))
            k++;
        /* a failed command names its HRESULT */
        const char *hx = strstr(v, "0x");
        if (hx && strlen(hx) >= 10) {
            bool code = true;
            for (int j = 2; j < 10; j++)
                code = code && hex_digit((unsigned char)hx[j]) >= 0;
            if (code) {
                fail(R, "error.import.certutil-failed", R->v[i].no);
                return err_arg(R->e, "code", "%.10s", hx);
            }
        }
        if (k == 8 && ascii_ncasecmp(v, "template", 8) == 0)
            *out = V_TEMPLATE;
        else if (k == 11 && ascii_ncasecmp(v, "catemplates", 11) == 0)
            *out = V_CATEMPLATES;
        else if (k == 5 && ascii_ncasecmp(v, "store", 5) == 0)
            *out = V_STORE;
        else {
            fail(R, "error.import.certutil", R->v[i].no);
            return err_arg(R->e, "verb", "-%.*s", (int)(k < 40 ? k : 40), v);
        }
        return 0;
    }
    return fail(R, "error.import.certutil", R->n ? R->n : 1);
}

/* ---- -template ---- */

/* The value after "NAME =" on line L, or NULL when L is not that property. */
static const char *prop(const struct line *l, const char *name)
{
    const char *s = l->s + l->indent;
    size_t n = strlen(name);
    if (strncmp(s, name, n) != 0)
        return NULL;
    s = trim(s + n);
    if (*s != '=')
        return NULL;
    return trim(s + 1);
}

/* certutil's number: hex digits, perhaps followed by " (decimal)". */
static int hex_value(struct rd *R, const struct line *l, const char *v, int64_t *out)
{
    uint64_t x = 0;
    size_t k = 0;
    for (; v[k] && v[k] != ' '; k++) {
        int d = hex_digit((unsigned char)v[k]);
        if (d < 0 || k >= 8)
            return fail_value(R, l->no, v);
        x = (x << 4) | (unsigned)d;
    }
    if (k == 0)
        return fail_value(R, l->no, v);
    *out = (int64_t)x;
    return 0;
}

/* The lines of the indented list under property line I (until a blank
 * line or the next property): the first word of each into L when it is an
 * OID (OIDS) or, for "N: name" lines, the name. */
static int sub_list(struct rd *R, size_t i, bool oids, struct str_list *l)
{
    size_t cap = 0;
    l->st = F_SET;
    l->n = 0;
    for (size_t j = i + 1; j < R->n && !is_blank(&R->v[j]); j++) {
        const struct line *x = &R->v[j];
        const char *s = x->s + x->indent;
        if (x->indent == 0 && !oids)
            break;
        if (oids) {
            size_t w = word_len(s);
            if (x->indent > 0 && oid_like(s, w) && list_add(R, l, &cap, s, w) != 0)
                return -1;
            continue;
        }
        const char *colon = strchr(s, ':');
        if (!colon || colon == s)
            return fail_value(R, x->no, s);
        for (const char *d = s; d < colon; d++)
            if (*d < '0' || *d > '9')
                return fail_value(R, x->no, s);
        const char *name = trim(colon + 1);
        if (*name && list_add(R, l, &cap, name, strlen(name)) != 0)
            return -1;
    }
    return 0;
}

static int template_prop(struct rd *R, struct tmpl *t, size_t i, bool *verbose)
{
    const struct line *l = &R->v[i];
    const char *v;
    int64_t x;
    if ((v = prop(l, "TemplatePropCommonName")))
        return *v ? set_str(R, &t->name, v, strlen(v)) : fail_value(R, l->no, l->s);
    if ((v = prop(l, "TemplatePropFriendlyName")))
        return set_str(R, &t->display_name, v, strlen(v));
    if ((v = prop(l, "TemplatePropOID"))) {
        *verbose = true;
        if (*v == '\0' && i + 1 < R->n)
            v = R->v[i + 1].s + R->v[i + 1].indent, l = &R->v[i + 1];
        size_t w = word_len(v);
        if (!oid_like(v, w))
            return fail_value(R, l->no, v);
        return set_str(R, &t->oid, v, w);
    }
    if ((v = prop(l, "TemplatePropSchemaVersion"))) {
        *verbose = true;
        if (hex_value(R, l, v, &x) != 0)
            return -1;
        if (x < 1 || x > 4) /* the schema versions there are */
            return fail_value(R, l->no, v);
        t->schema_version.st = F_SET;
        t->schema_version.v = x;
        return 0;
    }
    if ((v = prop(l, "TemplatePropEnrollmentFlags"))) {
        if (hex_value(R, l, v, &x) != 0)
            return -1;
        t->autoenroll_flag.st = F_SET;
        t->autoenroll_flag.v = (x & 0x20) != 0;
        return 0;
    }
    if ((v = prop(l, "TemplatePropSubjectNameFlags"))) {
        if (hex_value(R, l, v, &x) != 0)
            return -1;
        t->requires_email.st = F_SET;
        t->requires_email.v = (x & (0x20000000 | 0x04000000)) != 0;
        return 0;
    }
    if ((v = prop(l, "TemplatePropPrivateKeyFlags"))) {
        if (hex_value(R, l, v, &x) != 0)
            return -1;
        t->private_key_flags.st = F_SET;
        t->private_key_flags.v = x;
        return 0;
    }
    if (prop(l, "TemplatePropCryptoProviders"))
        return sub_list(R, i, false, &t->providers);
    if (prop(l, "TemplatePropCertificatePolicies"))
        return sub_list(R, i, true, &t->issuance_policies);
    if ((v = prop(l, "TemplatePropSecurityDescriptor"))) {
        *verbose = true;
        char *copy = arena_strdup(&R->f->arena, v);
        if (!copy)
            return oom(R);
        struct err why;
        err_clear(&why);
        if (sddl_parse(&R->f->arena, copy, &t->sd, &why) != 0) {
            const char *off = err_get(&why, "offset");
            fail(R, "error.import.certutil-sddl", l->no);
            return err_arg(R->e, "column", "%zu",
                           (size_t)(v - l->s) + 1 + (off ? (size_t)strtoul(off, NULL, 10) : 0));
        }
        t->sddl.st = F_SET;
        t->sddl.v = copy;
        return 0;
    }
    return 0;
}

static int read_templates(struct rd *R)
{
    size_t count = 0;
    for (size_t i = 0; i < R->n; i++)
        count += prop(&R->v[i], "TemplatePropCommonName") != NULL;
    struct tmpl *v = count ? arena_calloc(&R->f->arena, count, sizeof(*v)) : NULL;
    if (count && !v)
        return oom(R);
    size_t n = 0;
    bool verbose = false;
    for (size_t i = 0; i < R->n; i++) {
        if (prop(&R->v[i], "TemplatePropCommonName")) {
            if (n > 0 && verbose) {
                struct tmpl *p = &v[n - 1];
                p->providers.st = F_SET;            /* none listed: none named */
                p->issuance_policies.st = F_SET;
            }
            n++;
            verbose = false;
        }
        if (n == 0 || strncmp(R->v[i].s + R->v[i].indent, "TemplateProp", 12) != 0)
            continue;
        if (template_prop(R, &v[n - 1], i, &verbose) != 0)
            return -1;
    }
    if (n > 0 && verbose) {
        v[n - 1].providers.st = F_SET;
        v[n - 1].issuance_policies.st = F_SET;
    }
    /* a name twice: which one a check would see would be chance */
    for (size_t i = 0, k = 0; i < R->n; i++) {
        if (!prop(&R->v[i], "TemplatePropCommonName"))
            continue;
        for (size_t j = 0; j < k; j++)
            if (ascii_casecmp(v[j].name.v, v[k].name.v) == 0)
                return fail_value(R, R->v[i].no, R->v[i].s + R->v[i].indent);
        k++;
    }
    R->f->templates_st = F_SET;
    R->f->ntemplates = n;
    R->f->templates = v;
    return 0;
}

/* ---- -catemplates ---- */

static int read_catemplates(struct rd *R, size_t last)
{
    struct ca *c = arena_calloc(&R->f->arena, 1, sizeof(*c));
    if (!c)
        return oom(R);
    size_t cap = 0;
    c->templates.st = F_SET;
    for (size_t i = 0; i < last; i++) {
        const struct line *l = &R->v[i];
        if (is_blank(l))
            continue;
        const char *s = l->s + l->indent;
        const char *colon = strstr(s, ": ");
        const char *dash = strstr(s, " -- ");
        if (!colon || colon == s || !dash || dash < colon)
            return fail_value(R, l->no, s);
        if (list_add(R, &c->templates, &cap, s, (size_t)(colon - s)) != 0)
            return -1;
    }
    R->f->cas_st = F_SET;
    R->f->ncas = 1;
    R->f->cas = c;
    return 0;
}

/* ---- -store ---- */

struct rawdate {
    unsigned a, b, y, h, mi, s;
    bool year_first, pm, am, dots;
};

/* Parses "12/3/2026 1:55 PM", "03.12.2026 13:55", "2026-12-03 13:55:38". */
static int parse_date(const char *v, struct rawdate *d)
{
    memset(d, 0, sizeof(*d));
    unsigned p[3] = {0, 0, 0};
    size_t nd[3] = {0, 0, 0};
    char sep = 0;
    const char *s = v;
    for (int k = 0; k < 3; k++) {
        while (*s >= '0' && *s <= '9' && nd[k] < 5)
            p[k] = p[k] * 10 + (unsigned)(*s++ - '0'), nd[k]++;
        if (nd[k] == 0 || nd[k] > 4)
            return -1;
        if (k < 2) {
            if (*s != '/' && *s != '.' && *s != '-')
                return -1;
            if (sep && *s != sep)
                return -1;
            sep = *s++;
        }
    }
    if (nd[0] == 4) {
        d->year_first = true;
        d->y = p[0];
        d->a = p[1];
        d->b = p[2];
    } else {
        if (nd[2] != 4)
            return -1;
        d->a = p[0];
        d->b = p[1];
        d->y = p[2];
    }
    d->dots = sep == '.';
    while (*s == ' ' || *s == 'T')
        s++;
    unsigned t[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        size_t n = 0;
        while (*s >= '0' && *s <= '9' && n < 3)
            t[k] = t[k] * 10 + (unsigned)(*s++ - '0'), n++;
        if (n == 0 || n > 2)
            return -1;
        if (*s != ':' || k == 2)
            break;
        s++;
    }
    d->h = t[0];
    d->mi = t[1];
    d->s = t[2];
    s = trim(s);
    if (ascii_startswith_ci(s, "PM"))
        d->pm = true, s += 2;
    else if (ascii_startswith_ci(s, "AM"))
        d->am = true, s += 2;
    return *trim(s) == '\0' ? 0 : -1;
}

static int date_value(const struct rawdate *d, bool day_first, int64_t *out)
{
    unsigned m = d->year_first ? d->a : day_first ? d->b : d->a;
    unsigned day = d->year_first ? d->b : day_first ? d->a : d->b;
    unsigned h = d->h;
    if (d->am || d->pm) {
        if (h < 1 || h > 12)
            return -1;
        h = h % 12 + (d->pm ? 12u : 0u);
    }
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d->y < 1601 || m < 1 || m > 12 || day < 1 || day > mdays[m - 1] || h > 23 || d->mi > 59 || d->s > 59)
        return -1;
    bool leap = (d->y % 4 == 0 && d->y % 100 != 0) || d->y % 400 == 0;
    if (m == 2 && day == 29 && !leap)
        return -1;
    *out = days_from_civil(d->y, m, day) * 86400 + (int64_t)h * 3600 + (int64_t)d->mi * 60 + d->s;
    return 0;
}

struct scert {
    size_t first, end;           /* lines [first, end) */
    struct rawdate nb, na;
    size_t nb_line, na_line;
    bool has_nb, has_na;
};

static bool bare_label(const struct line *l)
{
    size_t n = strlen(l->s);
    return l->indent == 0 && n > 1 && l->s[n - 1] == ':' && !strchr(l->s, '=');
}

static bool dn_line(const struct line *l)
{
    const char *s = l->s + l->indent;
    if (l->indent == 0 || !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
        return false;
    for (; *s && *s != '='; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.'))
            return false;
    return *s == '=';
}

/* The name block that starts after line I (a bare label): its DN lines
 * joined into *OUT. Returns the number of lines read, 0 when none. */
static size_t name_block(struct rd *R, size_t i, size_t end, struct opt_str *out, int *rc)
{
    size_t j = i + 1, len = 0;
    while (j < end && dn_line(&R->v[j]))
        len += strlen(R->v[j].s + R->v[j].indent) + 2, j++;
    if (j == i + 1)
        return 0;
    char *s = arena_alloc(&R->f->arena, len + 1);
    if (!s) {
        *rc = oom(R);
        return 0;
    }
    s[0] = '\0';
    for (size_t k = i + 1; k < j; k++) {
        if (k > i + 1)
            strcat(s, ", ");
        strcat(s, R->v[k].s + R->v[k].indent);
    }
    out->st = F_SET;
    out->v = s;
    return j - i - 1;
}

/* The value line under the extension line I (the first more indented line
 * after the description), or NULL. */
static const struct line *ext_value(struct rd *R, size_t i, size_t end)
{
    for (size_t j = i + 1; j < end && j <= i + 3; j++)
        if (R->v[j].indent > R->v[i].indent && !is_blank(&R->v[j]))
            return &R->v[j];
    return NULL;
}

/* 40 hex digits (perhaps in pairs with blanks) at S into HEX, upper-case. */
static bool thumb_hex(const char *s, char hex[41])
{
    size_t n = 0;
    for (; *s && n <= 40; s++) {
        if (*s == ' ')
            continue;
        if (hex_digit((unsigned char)*s) < 0)
            return false;
        hex[n++] = (char)(*s >= 'a' && *s <= 'f' ? *s - 32 : *s);
    }
    hex[n < 41 ? n : 40] = '\0';
    return n == 40;
}

static int read_cert(struct rd *R, struct scert *sc, struct cert *ce, bool day_first, bool *machine_key)
{
    int rc = 0;
    int names = 0;
    char hex[41] = "", prop_hex[41] = "";
    bool in_props = false;
    ce->template_name.st = ce->template_oid.st = F_NULL;
    ce->archived.st = ce->has_private_key.st = F_SET;
    for (size_t i = sc->first; i < sc->end && rc == 0; i++) {
        const struct line *l = &R->v[i];
        const char *s = l->s + l->indent;
        if (bare_label(l) && names < 2 && sc->has_nb &&
            ((names == 0 && i < sc->nb_line) || (names == 1 && i > sc->na_line))) {
            size_t k = name_block(R, i, sc->end, names == 0 ? &ce->issuer : &ce->subject, &rc);
            if (k) {
                names++;
                i += k;
            }
            continue;
        }
        if (strncmp(s, "CERT_", 5) == 0 && strstr(s, "_PROP_ID(")) {
            in_props = true;
            if (strncmp(s, "CERT_SHA1_HASH_PROP_ID(3):", 26) == 0 && i + 1 < sc->end &&
                !thumb_hex(R->v[i + 1].s + R->v[i + 1].indent, prop_hex))
                return fail_value(R, R->v[i + 1].no, R->v[i + 1].s);
            if (strncmp(s, "CERT_ARCHIVED_PROP_ID(19)", 25) == 0)
                ce->archived.v = true;
            if (strncmp(s, "CERT_KEY_PROV_INFO_PROP_ID(2)", 29) == 0) {
                ce->has_private_key.v = true;
                for (size_t j = i + 1; j < sc->end && !is_blank(&R->v[j]) && j < i + 12; j++)
                    if (strstr(R->v[j].s, "CRYPT_MACHINE_KEYSET"))
                        *machine_key = true;
            }
            continue;
        }
        const char *h = strstr(s, "(sha1):");
        if (!in_props && h && thumb_hex(trim(h + 7), hex))
            continue;
        if (strncmp(s, "1.3.6.1.4.1.311.20.2:", 21) == 0) {
            const struct line *x = ext_value(R, i, sc->end);
            if (!x)
                return fail_value(R, l->no, s);
            rc = set_str(R, &ce->template_name, x->s + x->indent, strlen(x->s + x->indent));
        } else if (strncmp(s, "1.3.6.1.4.1.311.21.7:", 21) == 0) {
            const struct line *x = ext_value(R, i, sc->end);
            const char *eq = x ? strchr(x->s, '=') : NULL;
            if (!eq)
                return fail_value(R, l->no, s);
            const char *o = trim(eq + 1);
            size_t n = strlen(o);
            const char *open = strrchr(o, '(');
            if (n && o[n - 1] == ')' && open && oid_like(open + 1, (size_t)(o + n - 1 - open - 1))) {
                n = (size_t)(o + n - 1 - open - 1);
                o = open + 1;
            }
            if (!oid_like(o, n))
                return fail_value(R, x->no, x->s);
            rc = set_str(R, &ce->template_oid, o, n);
        }
    }
    if (rc != 0)
        return -1;
    if (sc->has_nb && date_value(&sc->nb, day_first, &ce->not_before.v) != 0)
        return fail_value(R, R->v[sc->nb_line].no, R->v[sc->nb_line].s);
    if (sc->has_na && date_value(&sc->na, day_first, &ce->not_after.v) != 0)
        return fail_value(R, R->v[sc->na_line].no, R->v[sc->na_line].s);
    const char *tp = prop_hex[0] ? prop_hex : hex;
    if (!tp[0] || !sc->has_nb || !sc->has_na || names < 2)
        return fail_value(R, R->v[sc->first].no, R->v[sc->first].s);
    if (set_str(R, &ce->thumbprint, tp, 40) != 0)
        return -1;
    ce->not_before.st = ce->not_after.st = F_SET;
    return 0;
}

static bool section_line(const struct line *l)
{
    return strncmp(l->s, "================", 16) == 0;
}

static int read_store(struct rd *R, size_t last, enum ctx ctx)
{
    size_t count = 0;
    for (size_t i = 0; i < last; i++)
        count += section_line(&R->v[i]);
    struct scert *sc = count ? calloc(count, sizeof(*sc)) : NULL;
    struct cert *v = count ? arena_calloc(&R->f->arena, count, sizeof(*v)) : NULL;
    if (count && (!sc || !v)) {
        free(sc);
        return oom(R);
    }
    /* the sections and their dates; then day and month are told apart */
    size_t k = 0;
    bool first_gt12 = false, second_gt12 = false, ampm = false, dots = false;
    int rc = 0;
    for (size_t i = 0; i < last && rc == 0; i++) {
        if (section_line(&R->v[i])) {
            if (k)
                sc[k - 1].end = i;
            sc[k++].first = i;
            continue;
        }
        if (!k)
            continue;
        const char *s = R->v[i].s + R->v[i].indent;
        bool nb = strncmp(s, "NotBefore:", 10) == 0, na = strncmp(s, "NotAfter:", 9) == 0;
        if (!nb && !na)
            continue;
        struct scert *c = &sc[k - 1];
        struct rawdate *d = nb ? &c->nb : &c->na;
        if ((nb ? c->has_nb : c->has_na) || parse_date(trim(s + (nb ? 10 : 9)), d) != 0) {
            rc = fail_value(R, R->v[i].no, s);
            break;
        }
        if (nb) {
            c->has_nb = true;
            c->nb_line = i;
        } else {
            c->has_na = true;
            c->na_line = i;
        }
        if (!d->year_first) {
            first_gt12 |= d->a > 12;
            second_gt12 |= d->b > 12;
        }
        ampm |= d->am || d->pm;
        dots |= d->dots;
    }
    if (k)
        sc[k - 1].end = last;
    bool day_first = first_gt12 ? true : second_gt12 ? false : ampm ? false : dots ? true : R->in->ui == LANG_DE;
    bool machine_key = false;
    for (size_t i = 0; rc == 0 && i < k; i++)
        rc = read_cert(R, &sc[i], &v[i], day_first, &machine_key);
    free(sc);
    if (rc != 0)
        return -1;
    if (ctx == CTX_NONE)
        ctx = machine_key ? CTX_MACHINE : CTX_USER;
    struct cert_list *l = &R->f->certs[ctx];
    l->st = F_SET;
    l->n = k;
    l->v = v;
    return 0;
}

int import_read_certutil_ctx(const struct import_file *in, enum ctx ctx, struct facts **out, struct err *e)
{
    *out = NULL;
    struct rd R = {in, facts_new(), e, NULL, 0, NULL};
    if (!R.f) {
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", in->name);
    }
    int rc = split_lines(&R);
    enum verb verb = V_TEMPLATE;
    size_t last = 0;
    if (rc == 0)
        rc = find_verb(&R, &verb, &last);
    if (rc == 0) {
        if (verb == V_TEMPLATE)
            rc = read_templates(&R);
        else if (verb == V_CATEMPLATES)
            rc = read_catemplates(&R, last);
        else
            rc = read_store(&R, last, ctx);
    }
    free(R.v);
    free(R.buf);
    if (rc != 0) {
        facts_free(R.f);
        return -1;
    }
    *out = R.f;
    return 0;
}

int import_read_certutil(const struct import_file *in, struct facts **out, struct err *e)
{
    return import_read_certutil_ctx(in, CTX_NONE, out, e);
}
