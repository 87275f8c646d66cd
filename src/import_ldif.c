/* import_ldif.c: LDIF (RFC 2849) as ldifde and ldapsearch write it ->
 * the directory facts, exactly as a live read makes them: the entries of
 * the file answer directory_collect's searches (directory.h) through a
 * search callback over them, so templates, CAs (nTSecurityDescriptor
 * through the binary-descriptor reader), the valid issuance policies and
 * an account come out of the same code.
 *
 * The file: "version: 1" (optional), comments (# lines, folded ones too),
 * folded lines (a line beginning with one blank continues the one before),
 * records separated by blank lines, "dn: " or "dn:: " (base64) first,
 * "attr: value", "attr:: base64" (binary values such as
 * nTSecurityDescriptor and objectSid), attribute options (";binary",
 * ";range=...") dropped from the name, ldifde's "changetype: add" skipped,
 * ldapsearch's closing "search:"/"result:" record skipped. Values read
 * from URLs ("attr:< file://...") are refused: the file alone must say it.
 *
 * What the searches see: the rootDSE is made up (an entry with dn "" in the
 * file wins): configurationNamingContext is the part after
 * "CN=Services," of an entry under CN=Public Key Services, and
 * defaultNamingContext that without its leading "CN=Configuration,". A
 * file without any entry under CN=Public Key Services is refused
 * (error.import.ldif-empty): it holds no directory fact. Base, one-level
 * and subtree scopes compare DNs without regard to case or blanks after
 * commas; filters (RFC 4515: &, |, !, equality with \XX escapes, presence)
 * compare values without regard to ASCII case, binary ones byte for byte.
 *
 * The account: when the file holds exactly one user or computer account
 * (objectClass user, with sAMAccountName and objectSid), its identity is
 * read too, in the machine context for a computer (objectClass computer),
 * else the user's. What stays unknown (a template without its descriptor,
 * say) stays absent, as in a live read; the notes are not kept.
 *
 * Errors: error.import.ldif (line, column: a line that is not LDIF, bad
 * base64, an attribute before the dn), error.import.ldif-url,
 * error.import.ldif-empty; what directory_collect refuses, as it says. */
#include "import_formats.h"

#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "directory.h"
#include "util.h"

struct ldif {
    const struct import_file *in;
    struct err *e;
    struct dir_entries all;      /* the file's entries */
    const char *config_nc, *default_nc;
};

static int fail_at(struct ldif *L, const char *key, size_t off)
{
    size_t line, col;
    text_line_col(L->in->text, off, &line, &col);
    err_set(L->e, key);
    err_arg(L->e, "file", "%s", L->in->name);
    err_arg(L->e, "line", "%zu", line);
    return err_arg(L->e, "column", "%zu", col);
}

static int oom(struct ldif *L)
{
    err_set(L->e, "error.memory");
    return err_arg(L->e, "file", "%s", L->in->name);
}

/* ---- parsing ---- */

/* One logical line (its folds joined): where it starts in the file, its
 * text, and where each physical piece of it lies, for errors. */
struct lline {
    size_t start;
    char *s;
    size_t len;
    size_t npieces;
    size_t piece_at[64], piece_off[64];
};

/* The file offset of byte I of the logical line LL. */
static size_t file_off(const struct lline *ll, size_t i)
{
    size_t k = 0;
    while (k + 1 < ll->npieces && ll->piece_at[k + 1] <= i)
        k++;
    return ll->piece_off[k] + (i - ll->piece_at[k]);
}

/* Reads the next logical line; returns false at the end. A blank line
 * gives len 0. */
static bool next_lline(const char *t, size_t n, size_t *off, struct lline *ll, char *buf)
{
    if (*off >= n)
        return false;
    ll->start = *off;
    ll->s = buf;
    ll->len = 0;
    ll->npieces = 0;
    bool first = true;
    while (*off < n) {
        size_t i = *off;
        if (!first && t[i] != ' ')
            break;
        const char *nl = memchr(t + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - t) : n;
        size_t next = nl ? e + 1 : n;
        if (e > i && t[e - 1] == '\r')
            e--;
        size_t from = first ? i : i + 1;
        if (ll->npieces < 64) {
            ll->piece_at[ll->npieces] = ll->len;
            ll->piece_off[ll->npieces] = from;
            ll->npieces++;
        }
        memcpy(buf + ll->len, t + from, e - from);
        ll->len += e - from;
        *off = next;
        if (first && e == i)
            break; /* a blank line folds nothing */
        first = false;
    }
    buf[ll->len] = '\0';
    return true;
}

struct build {
    struct arena *a;
    struct dir_entry *entries;
    size_t n, cap;
    struct dir_attr *attrs;      /* of the entry being read */
    size_t nattrs, acap;
};

static int add_value(struct ldif *L, struct build *B, const char *name, size_t nlen, const unsigned char *v,
                     size_t vlen)
{
    struct dir_attr *at = NULL;
    for (size_t i = 0; i < B->nattrs; i++)
        if (strlen(B->attrs[i].name) == nlen && ascii_ncasecmp(B->attrs[i].name, name, nlen) == 0)
            at = &B->attrs[i];
    if (!at) {
        if (B->nattrs == B->acap) {
            size_t cap = B->acap ? B->acap * 2 : 8;
            struct dir_attr *na = arena_calloc(B->a, cap, sizeof(*na));
            if (!na)
                return oom(L);
            if (B->nattrs)
                memcpy(na, B->attrs, B->nattrs * sizeof(*na));
            B->attrs = na;
            B->acap = cap;
        }
        at = &B->attrs[B->nattrs++];
        if (!(at->name = arena_strndup(B->a, name, nlen)))
            return oom(L);
    }
    struct dir_value *nv = arena_calloc(B->a, at->nvalues + 1, sizeof(*nv));
    unsigned char *copy = arena_alloc(B->a, vlen + 1);
    if (!nv || !copy)
        return oom(L);
    if (at->nvalues)
        memcpy(nv, at->values, at->nvalues * sizeof(*nv));
    memcpy(copy, v, vlen);
    copy[vlen] = '\0';
    nv[at->nvalues].data = copy;
    nv[at->nvalues].len = vlen;
    at->values = nv;
    at->nvalues++;
    return 0;
}

static int end_entry(struct ldif *L, struct build *B)
{
    if (B->n == B->cap) {
        size_t cap = B->cap ? B->cap * 2 : 16;
        struct dir_entry *ne = arena_calloc(B->a, cap, sizeof(*ne));
        if (!ne)
            return oom(L);
        if (B->n)
            memcpy(ne, B->entries, B->n * sizeof(*ne));
        B->entries = ne;
        B->cap = cap;
    }
    struct dir_entry *en = &B->entries[B->n];
    en->attrs = B->attrs;
    en->nattrs = B->nattrs;
    B->n++;
    B->attrs = NULL;
    B->nattrs = B->acap = 0;
    return 0;
}

/* The value of the logical line after the name's colon at P (LL's byte
 * I): plain, or base64 after "::". Into *V (arena) and *VLEN. */
static int line_value(struct ldif *L, struct build *B, const struct lline *ll, size_t i, unsigned char **v,
                      size_t *vlen)
{
    const char *s = ll->s;
    if (s[i] == ':') {
        i++;
        while (s[i] == ' ')
            i++;
        size_t n = ll->len - i;
        unsigned char *out = arena_alloc(B->a, base64_max(n) + 1);
        if (!out)
            return oom(L);
        size_t bad = 0;
        long got = base64_decode(s + i, n, out, &bad);
        if (got < 0)
            return fail_at(L, "error.import.ldif", file_off(ll, i + (bad < n ? bad : n)));
        *v = out;
        *vlen = (size_t)got;
        return 0;
    }
    if (s[i] == '<')
        return fail_at(L, "error.import.ldif-url", file_off(ll, i));
    while (s[i] == ' ')
        i++;
    *v = (unsigned char *)s + i;
    *vlen = ll->len - i;
    return 0;
}

static int parse(struct ldif *L)
{
    const char *t = L->in->text;
    size_t n = L->in->text_len, off = 0;
    char *buf = malloc(n + 1);
    if (!buf)
        return oom(L);
    struct build B = {&L->all.arena, NULL, 0, 0, NULL, 0, 0};
    bool in_entry = false, skip_record = false, any = false;
    const char *dn = NULL;
    struct lline ll;
    int rc = 0;
    while (rc == 0 && next_lline(t, n, &off, &ll, buf)) {
        if (ll.len == 0) {
            if (in_entry) {
                rc = end_entry(L, &B);
                if (rc == 0)
                    B.entries[B.n - 1].dn = dn;
            }
            in_entry = skip_record = false;
            continue;
        }
        if (ll.s[0] == '#' || skip_record)
            continue;
        const char *colon = memchr(ll.s, ':', ll.len);
        size_t nlen = colon ? (size_t)(colon - ll.s) : 0;
        if (!colon || nlen == 0) {
            rc = fail_at(L, "error.import.ldif", file_off(&ll, colon ? 0 : ll.len));
            break;
        }
        for (size_t k = 0; k < nlen; k++) {
            char c = ll.s[k];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == ';' || c == '=' || c == '.')) {
                rc = fail_at(L, "error.import.ldif", file_off(&ll, k));
                break;
            }
        }
        if (rc != 0)
            break;
        const char *semi = memchr(ll.s, ';', nlen);
        size_t base = semi ? (size_t)(semi - ll.s) : nlen;
        unsigned char *v;
        size_t vlen;
        if (!in_entry) {
            if (base == 7 && ascii_ncasecmp(ll.s, "version", 7) == 0 && !any)
                continue;
            if ((base == 6 && ascii_ncasecmp(ll.s, "search", 6) == 0) ||
                (base == 6 && ascii_ncasecmp(ll.s, "result", 6) == 0)) {
                skip_record = true; /* ldapsearch's closing record */
                continue;
            }
            if (base != 2 || ascii_ncasecmp(ll.s, "dn", 2) != 0) {
                rc = fail_at(L, "error.import.ldif", file_off(&ll, 0));
                break;
            }
            if ((rc = line_value(L, &B, &ll, nlen + 1, &v, &vlen)) != 0)
                break;
            if (memchr(v, '\0', vlen)) {
                rc = fail_at(L, "error.import.ldif", file_off(&ll, nlen + 1));
                break;
            }
            if (!(dn = arena_strndup(B.a, (const char *)v, vlen))) {
                rc = oom(L);
                break;
            }
            in_entry = any = true;
            continue;
        }
        if (base == 10 && ascii_ncasecmp(ll.s, "changetype", 10) == 0)
            continue;
        if ((rc = line_value(L, &B, &ll, nlen + 1, &v, &vlen)) != 0)
            break;
        rc = add_value(L, &B, ll.s, base, v, vlen);
    }
    if (rc == 0 && in_entry) {
        rc = end_entry(L, &B);
        if (rc == 0)
            B.entries[B.n - 1].dn = dn;
    }
    free(buf);
    L->all.v = B.entries;
    L->all.n = B.n;
    return rc;
}

/* ---- DNs ---- */

/* Compares DN A with B[0..BN), ignoring ASCII case and blanks after commas. */
static bool dn_eq_n(const char *a, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    while (a[i] && j < bn) {
        char x = a[i], y = b[j];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (char)(y + 32);
        if (x != y)
            return false;
        i++;
        j++;
        if (x == ',') {
            while (a[i] == ' ')
                i++;
            while (j < bn && b[j] == ' ')
                j++;
        }
    }
    return a[i] == '\0' && j == bn;
}

static bool dn_eq(const char *a, const char *b)
{
    return dn_eq_n(a, b, strlen(b));
}

/* The parent of DN (after its first unescaped comma), or NULL. */
static const char *dn_parent(const char *dn)
{
    for (const char *p = dn; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            continue;
        }
        if (*p == ',') {
            p++;
            while (*p == ' ')
                p++;
            return p;
        }
    }
    return NULL;
}

static bool in_scope(const char *dn, const char *base, enum dir_scope scope)
{
    if (scope == DIR_SCOPE_BASE)
        return dn_eq(dn, base);
    if (scope == DIR_SCOPE_ONE) {
        const char *p = dn_parent(dn);
        return p && dn_eq(p, base);
    }
    for (const char *p = dn; p; p = dn_parent(p))
        if (dn_eq(p, base))
            return true;
    return base[0] == '\0';
}

/* ---- filters (RFC 4515) ---- */

static bool value_eq(const struct dir_value *v, const unsigned char *want, size_t n)
{
    if (v->len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = v->data[i], y = want[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

/* Evaluates the filter at *P on EN; advances *P past it. Returns 1 (match),
 * 0 (no match) or -1 (malformed: the directory code never sends one). */
static int filter_eval(const char **p, const struct dir_entry *en, int depth)
{
    const char *s = *p;
    if (*s != '(' || depth > 32)
        return -1;
    s++;
    int r;
    if (*s == '&' || *s == '|') {
        bool and = *s == '&';
        s++;
        r = and ? 1 : 0;
        while (*s == '(') {
            int x = filter_eval(&s, en, depth + 1);
            if (x < 0)
                return -1;
            r = and ? (r && x) : (r || x);
        }
    } else if (*s == '!') {
        s++;
        int x = filter_eval(&s, en, depth + 1);
        if (x < 0)
            return -1;
        r = !x;
    } else {
        const char *eq = strchr(s, '=');
        if (!eq || eq == s)
            return -1;
        size_t nlen = (size_t)(eq - s);
        char name[128];
        if (nlen >= sizeof(name))
            return -1;
        memcpy(name, s, nlen);
        name[nlen] = '\0';
        s = eq + 1;
        unsigned char val[512];
        size_t vn = 0;
        bool star = false;
        while (*s && *s != ')') {
            if (vn >= sizeof(val))
                return -1;
            if (*s == '\\') {
                int h = hex_digit((unsigned char)s[1]), l = h >= 0 ? hex_digit((unsigned char)s[2]) : -1;
                if (l < 0)
                    return -1;
                val[vn++] = (unsigned char)(h * 16 + l);
                s += 3;
                continue;
            }
            star |= *s == '*';
            val[vn++] = (unsigned char)*s++;
        }
        const struct dir_attr *at = dir_entry_attr(en, name);
        r = 0;
        if (star && vn == 1)
            r = at && at->nvalues > 0;
        else
            for (size_t i = 0; at && i < at->nvalues && !r; i++)
                r = value_eq(&at->values[i], val, vn);
    }
    if (*s != ')')
        return -1;
    *p = s + 1;
    return r;
}

static int search(void *ctx, const struct dir_query *q, struct dir_entries *out, struct err *e)
{
    struct ldif *L = ctx;
    memset(out, 0, sizeof(*out));
    /* the rootDSE, unless the file has one */
    bool root = q->base[0] == '\0' && q->scope == DIR_SCOPE_BASE;
    size_t n = 0;
    const struct dir_entry **hit = calloc(L->all.n + 1, sizeof(*hit));
    if (!hit) {
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", L->in->name);
    }
    for (size_t i = 0; i < L->all.n; i++) {
        const struct dir_entry *en = &L->all.v[i];
        if (root ? en->dn[0] != '\0' : !in_scope(en->dn, q->base, q->scope))
            continue;
        const char *f = q->filter;
        if (filter_eval(&f, en, 0) == 1)
            hit[n++] = en;
    }
    struct dir_entry *v = arena_calloc(&out->arena, n ? n : 1, sizeof(*v));
    if (!v) {
        free(hit);
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", L->in->name);
    }
    for (size_t i = 0; i < n; i++)
        v[i] = *hit[i];
    free(hit);
    if (root && n == 0) {
        static const char *const names[] = {"configurationNamingContext", "defaultNamingContext"};
        const char *vals[] = {L->config_nc, L->default_nc};
        struct dir_attr *at = arena_calloc(&out->arena, 2, sizeof(*at));
        struct dir_value *dv = arena_calloc(&out->arena, 2, sizeof(*dv));
        if (!at || !dv) {
            err_set(e, "error.memory");
            return err_arg(e, "file", "%s", L->in->name);
        }
        size_t k = 0;
        for (size_t i = 0; i < 2; i++) {
            if (!vals[i])
                continue;
            at[k].name = names[i];
            at[k].nvalues = 1;
            at[k].values = &dv[i];
            dv[i].data = (const unsigned char *)vals[i];
            dv[i].len = strlen(vals[i]);
            k++;
        }
        v[0].dn = "";
        v[0].attrs = at;
        v[0].nattrs = k;
        n = 1;
    }
    out->v = v;
    out->n = n;
    return 0;
}

/* ---- the naming contexts and the account ---- */

static const char *after_ci(const char *s, const char *what)
{
    size_t n = strlen(what);
    for (const char *p = s; *p; p++)
        if (ascii_ncasecmp(p, what, n) == 0)
            return p + n;
    return NULL;
}

static int naming_contexts(struct ldif *L)
{
    for (size_t i = 0; i < L->all.n && !L->config_nc; i++) {
        const char *dn = L->all.v[i].dn;
        const char *pks = after_ci(dn, "CN=Public Key Services,");
        const char *svc = pks ? after_ci(pks, "CN=Services,") : NULL;
        if (svc && *svc)
            L->config_nc = svc;
    }
    if (!L->config_nc) {
        err_set(L->e, "error.import.ldif-empty");
        return err_arg(L->e, "file", "%s", L->in->name);
    }
    if (ascii_startswith_ci(L->config_nc, "CN=Configuration,"))
        L->default_nc = L->config_nc + 17;
    return 0;
}

static bool has_value(const struct dir_entry *en, const char *attr, const char *want)
{
    const struct dir_attr *a = dir_entry_attr(en, attr);
    for (size_t i = 0; a && i < a->nvalues; i++)
        if (value_eq(&a->values[i], (const unsigned char *)want, strlen(want)))
            return true;
    return false;
}

/* The one account of the file, or NULL (none, or more than one). */
static const struct dir_entry *the_account(const struct ldif *L)
{
    const struct dir_entry *found = NULL;
    for (size_t i = 0; i < L->all.n; i++) {
        const struct dir_entry *en = &L->all.v[i];
        const struct dir_attr *sam = dir_entry_attr(en, "sAMAccountName");
        if (!has_value(en, "objectClass", "user") || !sam || sam->nvalues != 1 ||
            !dir_entry_attr(en, "objectSid"))
            continue;
        if (found)
            return NULL;
        found = en;
    }
    /* the directory code finds it under the domain's naming context */
    if (found && !L->default_nc)
        return NULL;
    if (found) {
        const char *p = found->dn;
        while (p && !dn_eq(p, L->default_nc))
            p = dn_parent(p);
        if (!p)
            return NULL;
    }
    return found;
}

/* Two templates or two CAs of one name (two entries a live directory could
 * not hold at once): refused, naming the name, since which one a check
 * would see would be chance. */
static int unique_names(struct ldif *L, const struct facts *f)
{
    for (size_t i = 1; i < f->ntemplates; i++)
        for (size_t j = 0; j < i; j++)
            if (ascii_casecmp(f->templates[i].name.v, f->templates[j].name.v) == 0)
                goto dup_t;
    for (size_t i = 1; i < f->ncas; i++)
        for (size_t j = 0; j < i; j++)
            if (ascii_casecmp(f->cas[i].name.v, f->cas[j].name.v) == 0) {
                err_set(L->e, "error.import.ldif-duplicate");
                err_arg(L->e, "file", "%s", L->in->name);
                return err_arg(L->e, "value", "%.120s", f->cas[i].name.v);
            }
    return 0;
dup_t:
    err_set(L->e, "error.import.ldif-duplicate");
    err_arg(L->e, "file", "%s", L->in->name);
    for (size_t i = 1; i < f->ntemplates; i++)
        if (ascii_casecmp(f->templates[i].name.v, f->templates[i - 1].name.v) == 0)
            return err_arg(L->e, "value", "%.120s", f->templates[i].name.v);
    return -1;
}

int import_read_ldif(const struct import_file *in, struct facts **out, struct err *e)
{
    *out = NULL;
    if (!in->text) {
        err_set(e, "error.import.ldif");
        err_arg(e, "file", "%s", in->name);
        err_arg(e, "line", "1");
        return err_arg(e, "column", "1");
    }
    struct ldif L;
    memset(&L, 0, sizeof(L));
    L.in = in;
    L.e = e;
    struct facts *f = facts_new();
    int rc = f ? 0 : -1;
    if (!f) {
        err_set(e, "error.memory");
        err_arg(e, "file", "%s", in->name);
    }
    if (rc == 0)
        rc = parse(&L);
    if (rc == 0)
        rc = naming_contexts(&L);
    if (rc == 0) {
        const struct dir_entry *acc = the_account(&L);
        char *name = NULL;
        if (acc) {
            const struct dir_value *sam = &dir_entry_attr(acc, "sAMAccountName")->values[0];
            name = arena_strndup(&f->arena, (const char *)sam->data, sam->len);
        }
        struct dir_request rq = {in->name, name, CTX_USER, NULL};
        if (acc && has_value(acc, "objectClass", "computer"))
            rq.ctx = CTX_MACHINE;
        struct dir_notes notes;
        rc = directory_collect(search, &L, &rq, f, &notes, e);
    }
    if (rc == 0)
        rc = unique_names(&L, f);
    dir_entries_free(&L.all);
    if (rc != 0 && !err_get(e, "file"))
        err_arg(e, "file", "%s", in->name); /* the directory code's errors name a server */
    if (rc != 0) {
        facts_free(f);
        return -1;
    }
    *out = f;
    return 0;
}
