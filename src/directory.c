/* directory.c: directory search results -> facts (see directory.h). */
#include "directory.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ces.h"
#include "dirmember.h"
#include "sd_binary.h"
#include "sddl.h"
#include "util.h"

#define UF_TRUSTED_FOR_DELEGATION         0x00080000u
#define UF_NOT_DELEGATED                  0x00100000u
#define UF_TRUSTED_TO_AUTH_FOR_DELEGATION 0x01000000u
#define CT_FLAG_SUBJECT_ALT_REQUIRE_EMAIL 0x04000000u
#define CT_FLAG_SUBJECT_REQUIRE_EMAIL     0x20000000u
#define CT_FLAG_AUTO_ENROLLMENT           0x00000020u
#define OID_FLAG_ISSUANCE_POLICY          2

/* SD-flags: owner, group and DACL (the SACL needs a privilege). */
#define SD_READ (DIR_SD_OWNER | DIR_SD_GROUP | DIR_SD_DACL)
/* At most this many of directory_groups are asked when their memberships
 * were added (one search); the others get no time. */
#define MEMBER_GROUPS_MAX 100
/* The further ranges of a group's msDS-ReplValueMetaData read at most
 * (Active Directory returns 1000 or 1500 values per range). */
#define MEMBER_RANGES_MAX 20

struct run {
    dir_search_fn search;
    void *sctx;
    const struct dir_request *rq;
    struct facts *f;
    struct dir_notes *notes;
    struct err *e;
    const char *config_nc, *default_nc;
    const char *domain_sid;      /* "S-1-5-21-a-b-c" or NULL */
    const char *netbios;         /* "CORP" or NULL */
};

/* printf into F's arena; NULL when out of memory. */
static char *afmt(struct arena *a, const char *fmt, ...) ENROLLDOC_PRINTF(2, 3);
static char *afmt(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = arena_alloc(a, (size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static int oom(struct err *e)
{
    return err_set(e, "error.memory");
}

static void note_add(struct dir_notes *n, const char *key, const char *object, const struct err *why)
{
    if (!n)
        return;
    if (n->n >= DIR_MAX_NOTES) {
        n->dropped++;
        return;
    }
    struct dir_note *d = &n->v[n->n++];
    err_set(&d->what, key);
    err_arg(&d->what, "object", "%s", object ? object : "");
    if (why)
        d->why = *why;
    else
        err_clear(&d->why);
}

/* ---- values ---- */

static const char *first_str(const struct dir_entry *en, const char *attr)
{
    const struct dir_attr *a = dir_entry_attr(en, attr);
    if (!a || a->nvalues == 0)
        return NULL;
    return (const char *)a->values[0].data;
}

/* A decimal integer attribute (AD writes 32-bit flags signed). */
static int first_int(const struct dir_entry *en, const char *attr, int64_t *out)
{
    const char *s = first_str(en, attr);
    if (!s || !*s)
        return -1;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (!end || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

static uint32_t as_flags(int64_t v)
{
    return (uint32_t)(v & 0xffffffff);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The values of ATTR as a sorted string list (F_SET, possibly empty). */
static int str_values(struct arena *a, const struct dir_entry *en, const char *attr, struct str_list *out)
{
    const struct dir_attr *at = dir_entry_attr(en, attr);
    out->st = F_SET;
    out->n = 0;
    out->v = NULL;
    if (!at || at->nvalues == 0)
        return 0;
    out->v = arena_calloc(a, at->nvalues, sizeof(*out->v));
    if (!out->v)
        return -1;
    for (size_t i = 0; i < at->nvalues; i++) {
        const char *s = arena_strndup(a, (const char *)at->values[i].data, at->values[i].len);
        if (!s)
            return -1;
        out->v[out->n++] = s;
    }
    if (out->n > 1)
        qsort(out->v, out->n, sizeof(*out->v), cmp_str);
    return 0;
}

/* The leading priority of a pKIDefaultCSPs value ("2,Name" -> 2); values
 * without one sort last. */
static long csp_priority(const char *s)
{
    char *end = NULL;
    long n = strtol(s, &end, 10);
    return end && end != s && *end == ',' ? n : 1000000L;
}

static int cmp_csp(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    long px = csp_priority(x), py = csp_priority(y);
    return px < py ? -1 : px > py ? 1 : strcmp(x, y);
}

/* The template's providers from pKIDefaultCSPs ("N,Provider Name", one
 * value each): the names in the order of N, F_SET (empty when the
 * template names none). msPKI-RA-Application-Policies of schema 3/4
 * templates holds the key algorithm and hash, not provider names; the
 * providers a schema 3/4 template requires are in pKIDefaultCSPs too. */
static int csp_values(struct arena *a, const struct dir_entry *en, struct str_list *out)
{
    if (str_values(a, en, "pKIDefaultCSPs", out) != 0)
        return -1;
    if (out->n > 1)
        qsort(out->v, out->n, sizeof(*out->v), cmp_csp);
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        const char *v = out->v[i];
        const char *comma = csp_priority(v) != 1000000L ? strchr(v, ',') : NULL;
        const char *name = comma ? comma + 1 : v;
        while (*name == ' ')
            name++;
        if (*name)
            out->v[k++] = name;
    }
    out->n = k;
    return 0;
}

static int set_str(struct arena *a, struct opt_str *o, const char *s)
{
    if (!s) {
        o->st = F_ABSENT;
        return 0;
    }
    o->v = arena_strdup(a, s);
    if (!o->v)
        return -1;
    o->st = F_SET;
    return 0;
}

int dir_sid_string(const unsigned char *d, size_t len, char *buf, size_t size)
{
    if (len < 8 || d[0] != 1)
        return -1;
    size_t count = d[1];
    if (count > 15 || len < 8 + 4 * count)
        return -1;
    uint64_t auth = 0;
    for (int i = 0; i < 6; i++)
        auth = (auth << 8) | d[2 + i];
    int n;
    if (auth >= ((uint64_t)1 << 32))
        n = snprintf(buf, size, "S-1-0x%012llX", (unsigned long long)auth);
    else
        n = snprintf(buf, size, "S-1-%llu", (unsigned long long)auth);
    for (size_t i = 0; i < count && n > 0 && (size_t)n < size; i++) {
        const unsigned char *p = d + 8 + 4 * i;
        unsigned long v = (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
                          (unsigned long)p[3] << 24;
        n += snprintf(buf + n, size - (size_t)n, "-%lu", v);
    }
    if (n <= 0 || (size_t)n >= size)
        return -1;
    return 0;
}

char *dir_filter_escape(struct arena *a, const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += (*p == '*' || *p == '(' || *p == ')' || *p == '\\') ? 3 : 1;
    char *out = arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    char *o = out;
    for (const char *p = s; *p; p++) {
        if (*p == '*' || *p == '(' || *p == ')' || *p == '\\') {
            snprintf(o, 4, "\\%02x", (unsigned)(unsigned char)*p);
            o += 3;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

/* ---- searches ---- */

static int search(struct run *R, const char *base, enum dir_scope scope, const char *filter,
                  const char *const *attrs, unsigned sd_flags, struct dir_entries *out)
{
    struct dir_query q = {base, scope, filter, attrs, sd_flags};
    memset(out, 0, sizeof(*out));
    int rc = R->search(R->sctx, &q, out, R->e);
    if (rc != 0)
        dir_entries_free(out);
    return rc;
}

/* The SDDL of the nTSecurityDescriptor of EN into *TEXT / *SD; a note when
 * it is missing or cannot be read (the fact then stays absent). */
static int read_sd(struct run *R, const struct dir_entry *en, const char *object, struct opt_str *text,
                   const struct sddl **sd)
{
    text->st = F_ABSENT;
    *sd = NULL;
    const struct dir_attr *a = dir_entry_attr(en, "nTSecurityDescriptor");
    if (!a || a->nvalues == 0) {
        note_add(R->notes, "note.directory.no-sd", object, NULL);
        return 0;
    }
    char *s = NULL;
    struct err why;
    err_clear(&why);
    if (sd_binary_to_sddl(a->values[0].data, a->values[0].len, R->domain_sid, &s, &why) != 0) {
        if (strcmp(why.key, "error.memory") == 0)
            return oom(R->e);
        note_add(R->notes, "note.directory.sd", object, &why);
        return 0;
    }
    char *copy = arena_strdup(&R->f->arena, s);
    free(s);
    if (!copy)
        return oom(R->e);
    const struct sddl *parsed = NULL;
    if (sddl_parse(&R->f->arena, copy, &parsed, &why) != 0) {
        note_add(R->notes, "note.directory.sd", object, &why);
        return 0;
    }
    text->st = F_SET;
    text->v = copy;
    *sd = parsed;
    return 0;
}

static int root_dse(struct run *R)
{
    static const char *const attrs[] = {"configurationNamingContext", "defaultNamingContext", NULL};
    struct dir_entries r;
    if (search(R, "", DIR_SCOPE_BASE, "(objectClass=*)", attrs, 0, &r) != 0)
        return -1;
    const char *cfg = r.n ? first_str(&r.v[0], "configurationNamingContext") : NULL;
    const char *def = r.n ? first_str(&r.v[0], "defaultNamingContext") : NULL;
    int rc = 0;
    if (!cfg || !*cfg) {
        err_set(R->e, "error.directory.rootdse");
        err_arg(R->e, "server", "%s", R->rq->server ? R->rq->server : "");
        rc = -1;
    } else {
        R->config_nc = arena_strdup(&R->f->arena, cfg);
        R->default_nc = def && *def ? arena_strdup(&R->f->arena, def) : NULL;
        if (!R->config_nc || (def && *def && !R->default_nc))
            rc = oom(R->e);
    }
    dir_entries_free(&r);
    return rc;
}

/* The domain SID and the NetBIOS domain name. Neither is essential: without
 * them SDDL carries full SIDs and names carry no domain. */
static int domain_info(struct run *R)
{
    if (!R->default_nc)
        return 0;
    static const char *const sid_attrs[] = {"objectSid", NULL};
    struct dir_entries r;
    if (search(R, R->default_nc, DIR_SCOPE_BASE, "(objectClass=*)", sid_attrs, 0, &r) != 0)
        return -1;
    const struct dir_attr *a = r.n ? dir_entry_attr(&r.v[0], "objectSid") : NULL;
    char buf[256];
    if (a && a->nvalues && dir_sid_string(a->values[0].data, a->values[0].len, buf, sizeof(buf)) == 0 &&
        !(R->domain_sid = arena_strdup(&R->f->arena, buf))) {
        dir_entries_free(&r);
        return oom(R->e);
    }
    dir_entries_free(&r);

    static const char *const nb_attrs[] = {"nETBIOSName", NULL};
    const char *esc = dir_filter_escape(&R->f->arena, R->default_nc);
    const char *base = afmt(&R->f->arena, "CN=Partitions,%s", R->config_nc);
    const char *filter = esc ? afmt(&R->f->arena, "(&(objectClass=crossRef)(nCName=%s))", esc) : NULL;
    if (!base || !filter)
        return oom(R->e);
    if (search(R, base, DIR_SCOPE_ONE, filter, nb_attrs, 0, &r) != 0)
        return -1;
    const char *nb = r.n ? first_str(&r.v[0], "nETBIOSName") : NULL;
    int rc = 0;
    if (nb && *nb && !(R->netbios = arena_strdup(&R->f->arena, nb)))
        rc = oom(R->e);
    dir_entries_free(&r);
    return rc;
}

static const char *pks(struct run *R, const char *container)
{
    const char *s = afmt(&R->f->arena, "CN=%s,CN=Public Key Services,CN=Services,%s", container, R->config_nc);
    if (!s)
        oom(R->e);
    return s;
}

static int valid_policies(struct run *R, struct str_list *out)
{
    static const char *const attrs[] = {"msPKI-Cert-Template-OID", "flags", NULL};
    const char *base = pks(R, "OID");
    if (!base)
        return -1;
    struct dir_entries r;
    if (search(R, base, DIR_SCOPE_ONE, "(objectClass=msPKI-Enterprise-Oid)", attrs, 0, &r) != 0)
        return -1;
    out->st = F_SET;
    out->n = 0;
    out->v = r.n ? arena_calloc(&R->f->arena, r.n, sizeof(*out->v)) : NULL;
    int rc = 0;
    if (r.n && !out->v)
        rc = oom(R->e);
    for (size_t i = 0; rc == 0 && i < r.n; i++) {
        int64_t flags;
        const char *oid = first_str(&r.v[i], "msPKI-Cert-Template-OID");
        if (!oid || first_int(&r.v[i], "flags", &flags) != 0 || flags != OID_FLAG_ISSUANCE_POLICY)
            continue;
        if (!(out->v[out->n++] = arena_strdup(&R->f->arena, oid)))
            rc = oom(R->e);
    }
    dir_entries_free(&r);
    if (rc == 0 && out->n > 1) /* qsort must not get NULL, even for no elements */
        qsort(out->v, out->n, sizeof(*out->v), cmp_str);
    return rc;
}

static int cmp_tmpl(const void *a, const void *b)
{
    const struct tmpl *x = a, *y = b;
    return ascii_casecmp(x->name.st == F_SET ? x->name.v : "", y->name.st == F_SET ? y->name.v : "");
}

static int cmp_ca(const void *a, const void *b)
{
    const struct ca *x = a, *y = b;
    return ascii_casecmp(x->name.st == F_SET ? x->name.v : "", y->name.st == F_SET ? y->name.v : "");
}

static int templates(struct run *R, const struct str_list *valid)
{
    static const char *const attrs[] = {
        "cn", "displayName", "msPKI-Cert-Template-OID", "msPKI-Template-Schema-Version",
        "msPKI-Certificate-Name-Flag", "msPKI-Enrollment-Flag", "msPKI-Certificate-Policy",
        "nTSecurityDescriptor", "pKIDefaultCSPs", "msPKI-Private-Key-Flag", NULL};
    const char *base = pks(R, "Certificate Templates");
    if (!base)
        return -1;
    struct dir_entries r;
    if (search(R, base, DIR_SCOPE_ONE, "(objectClass=pKICertificateTemplate)", attrs, SD_READ, &r) != 0)
        return -1;
    struct arena *A = &R->f->arena;
    struct tmpl *v = r.n ? arena_calloc(A, r.n, sizeof(*v)) : NULL;
    int rc = (r.n && !v) ? oom(R->e) : 0;
    size_t n = 0;
    for (size_t i = 0; rc == 0 && i < r.n; i++) {
        const struct dir_entry *en = &r.v[i];
        const char *cn = first_str(en, "cn");
        if (!cn)
            continue;
        struct tmpl *t = &v[n++];
        int64_t x;
        if (set_str(A, &t->name, cn) || set_str(A, &t->display_name, first_str(en, "displayName")) ||
            set_str(A, &t->oid, first_str(en, "msPKI-Cert-Template-OID")) ||
            str_values(A, en, "msPKI-Certificate-Policy", &t->issuance_policies) ||
            csp_values(A, en, &t->providers)) {
            rc = oom(R->e);
            break;
        }
        /* schema versions 1 to 4 exist; another value is not one a bundle can hold */
        if (first_int(en, "msPKI-Template-Schema-Version", &x) == 0 && x >= 1 && x <= 4) {
            t->schema_version.st = F_SET;
            t->schema_version.v = x;
        }
        if (first_int(en, "msPKI-Certificate-Name-Flag", &x) == 0) {
            t->requires_email.st = F_SET;
            t->requires_email.v =
                (as_flags(x) & (CT_FLAG_SUBJECT_REQUIRE_EMAIL | CT_FLAG_SUBJECT_ALT_REQUIRE_EMAIL)) != 0;
        }
        if (first_int(en, "msPKI-Enrollment-Flag", &x) == 0) {
            t->autoenroll_flag.st = F_SET;
            t->autoenroll_flag.v = (as_flags(x) & CT_FLAG_AUTO_ENROLLMENT) != 0;
        }
        if (first_int(en, "msPKI-Private-Key-Flag", &x) == 0) {
            t->private_key_flags.st = F_SET;
            t->private_key_flags.v = as_flags(x);
        }
        if (valid->st == F_SET)
            t->valid_issuance_policies = *valid;   /* shared, read-only */
        const char *object = afmt(A, "template %s", cn);
        if (!object)
            rc = oom(R->e);
        else
            rc = read_sd(R, en, object, &t->sddl, &t->sd);
    }
    dir_entries_free(&r);
    if (rc != 0)
        return -1;
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_tmpl);
    R->f->templates_st = F_SET;
    R->f->ntemplates = n;
    R->f->templates = v;
    return 0;
}

/* The CES URLs of msPKI-Enrollment-Servers, whose values read
 * "priority\nauthentication\nrenewalOnly\nURL": the URLs, lowest priority
 * first (F_SET, empty when the CA registers none). */
static int enrollment_servers(struct arena *a, const struct dir_entry *en, struct str_list *out)
{
    const struct dir_attr *at = dir_entry_attr(en, "msPKI-Enrollment-Servers");
    out->st = F_SET;
    out->n = 0;
    out->v = NULL;
    if (!at || at->nvalues == 0)
        return 0;
    long *prio = arena_calloc(a, at->nvalues, sizeof(*prio));
    out->v = arena_calloc(a, at->nvalues, sizeof(*out->v));
    if (!prio || !out->v)
        return -1;
    for (size_t i = 0; i < at->nvalues; i++) {
        const char *v = arena_strndup(a, (const char *)at->values[i].data, at->values[i].len);
        if (!v)
            return -1;
        const char *url = strrchr(v, '\n');
        url = url ? url + 1 : v;
        if (strncmp(url, "http", 4) != 0)
            continue;
        char *end = NULL;
        long p = strtol(v, &end, 10);
        if (!end || end == v)
            p = 1000000L;
        size_t k = out->n++;
        for (; k > 0 && prio[k - 1] > p; k--) {
            prio[k] = prio[k - 1];
            out->v[k] = out->v[k - 1];
        }
        prio[k] = p;
        out->v[k] = url;
    }
    return 0;
}

static int cas(struct run *R)
{
    static const char *const attrs[] = {"cn", "dNSHostName", "certificateTemplates", "nTSecurityDescriptor",
                                        "msPKI-Enrollment-Servers", NULL};
    const char *base = pks(R, "Enrollment Services");
    if (!base)
        return -1;
    struct dir_entries r;
    if (search(R, base, DIR_SCOPE_ONE, "(objectClass=pKIEnrollmentService)", attrs, SD_READ, &r) != 0)
        return -1;
    struct arena *A = &R->f->arena;
    struct ca *v = r.n ? arena_calloc(A, r.n, sizeof(*v)) : NULL;
    int rc = (r.n && !v) ? oom(R->e) : 0;
    size_t n = 0;
    for (size_t i = 0; rc == 0 && i < r.n; i++) {
        const struct dir_entry *en = &r.v[i];
        const char *cn = first_str(en, "cn");
        if (!cn)
            continue;
        struct ca *c = &v[n++];
        const char *host = first_str(en, "dNSHostName");
        if (set_str(A, &c->name, cn) || set_str(A, &c->host, host) ||
            str_values(A, en, "certificateTemplates", &c->templates) ||
            enrollment_servers(A, en, &c->ces_urls)) {
            rc = oom(R->e);
            break;
        }
        if (host) {
            c->config.v = afmt(A, "%s\\%s", host, cn);
            if (!c->config.v) {
                rc = oom(R->e);
                break;
            }
            c->config.st = F_SET;
        }
        /* renew_on_behalf_of is the CA's registry: keep what the bundle had */
        for (size_t k = 0; R->f->cas_st == F_SET && k < R->f->ncas; k++)
            if (R->f->cas[k].name.st == F_SET && ascii_casecmp(R->f->cas[k].name.v, cn) == 0)
                c->renew_on_behalf_of = R->f->cas[k].renew_on_behalf_of;
        const char *object = afmt(A, "CA %s", cn);
        rc = object ? read_sd(R, en, object, &c->sddl, &c->sd) : oom(R->e);
    }
    dir_entries_free(&r);
    if (rc != 0)
        return -1;
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_ca);
    R->f->cas_st = F_SET;
    R->f->ncas = n;
    R->f->cas = v;
    return 0;
}

/* The filter that finds NAME: "DOMAIN\name" and "name" by sAMAccountName
 * (with "$" appended for a computer), "user@realm" by UPN or its local part.
 * A computer given by DNS name ("ces1.corp.example.test") by dNSHostName. */
static const char *account_filter(struct arena *a, const char *name, bool computer)
{
    const char *bs = strrchr(name, '\\');
    if (bs)
        name = bs + 1;
    const char *at = strchr(name, '@');
    const char *esc = dir_filter_escape(a, name);
    if (!esc)
        return NULL;
    const char *cls = computer ? "computer" : "user";
    if (at && !computer) {
        char *local = arena_strndup(a, name, (size_t)(at - name));
        const char *lesc = local ? dir_filter_escape(a, local) : NULL;
        if (!lesc)
            return NULL;
        return afmt(a, "(&(objectClass=%s)(|(userPrincipalName=%s)(sAMAccountName=%s)))", cls, esc, lesc);
    }
    size_t n = strlen(name);
    bool dollar = n > 0 && name[n - 1] == '$';
    if (computer && strchr(name, '.'))
        return afmt(a, "(&(objectClass=computer)(dNSHostName=%s))", esc);
    if (computer && !dollar)
        return afmt(a, "(&(objectClass=%s)(sAMAccountName=%s$))", cls, esc);
    return afmt(a, "(&(objectClass=%s)(sAMAccountName=%s))", cls, esc);
}

/* Finds exactly one account; returns 0 with *R filled (caller frees), or -1. */
static int find_account(struct run *R, const char *name, bool computer, const char *const *attrs,
                        const char *missing_key, struct dir_entries *r)
{
    if (!R->default_nc) {
        err_set(R->e, "error.directory.rootdse");
        err_arg(R->e, "server", "%s", R->rq->server ? R->rq->server : "");
        return -1;
    }
    const char *filter = account_filter(&R->f->arena, name, computer);
    if (!filter)
        return oom(R->e);
    if (search(R, R->default_nc, DIR_SCOPE_SUB, filter, attrs, 0, r) != 0)
        return -1;
    if (r->n == 1)
        return 0;
    if (r->n == 0)
        err_set(R->e, missing_key);
    else
        err_set(R->e, "error.directory.ambiguous");
    err_arg(R->e, "account", "%s", name);
    err_arg(R->e, "server", "%s", R->rq->server ? R->rq->server : "");
    err_arg(R->e, "count", "%zu", r->n);
    dir_entries_free(r);
    return -1;
}

/* SID "S-1-5-21-..." as an LDAP filter value: its binary form, each byte
 * escaped (\01\05...), into A. NULL when malformed or out of memory. */
static const char *sid_filter_value(struct arena *a, const char *sid)
{
    unsigned char b[8 + 4 * 15];
    const char *p = sid;
    if (!ascii_startswith_ci(p, "S-1-"))
        return NULL;
    p += 4;
    char *end = NULL;
    unsigned long long auth = strtoull(p, &end, 10);
    if (end == p || auth >= (1ULL << 48))
        return NULL;
    size_t count = 0;
    p = end;
    while (*p == '-' && count < 15) {
        unsigned long long v = strtoull(p + 1, &end, 10);
        if (end == p + 1 || v > 0xffffffffULL)
            return NULL;
        for (int i = 0; i < 4; i++)
            b[8 + 4 * count + (size_t)i] = (unsigned char)(v >> (8 * i));
        count++;
        p = end;
    }
    if (*p)
        return NULL;
    b[0] = 1;
    b[1] = (unsigned char)count;
    for (int i = 0; i < 6; i++)
        b[2 + i] = (unsigned char)(auth >> (8 * (5 - i)));
    size_t n = 8 + 4 * count;
    char *out = arena_alloc(a, 3 * n + 1);
    for (size_t i = 0; out && i < n; i++)
        snprintf(out + 3 * i, 4, "\\%02x", b[i]);
    return out;
}

/* The attribute of EN named NAME, or NAME with a range suffix
 * ("msDS-ReplValueMetaData;range=0-999", as Active Directory returns a
 * large attribute): *NEXT gets the first value of the range that follows,
 * or -1 when this one is the last (no suffix, or ";range=N-*"). NULL when
 * EN has no such attribute (or only one with a malformed range). */
static const struct dir_attr *ranged_attr(const struct dir_entry *en, const char *name, long *next)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < en->nattrs; i++) {
        const char *an = en->attrs[i].name;
        if (!an || strlen(an) < n || ascii_ncasecmp(an, name, n) != 0)
            continue;
        const char *rest = an + n;
        if (*rest == '\0') {
            *next = -1;
            return &en->attrs[i];
        }
        if (!ascii_startswith_ci(rest, ";range="))
            continue;
        rest += 7;
        char *end = NULL;
        long lo = strtol(rest, &end, 10);
        if (end == rest || *end != '-' || lo < 0)
            continue;
        rest = end + 1;
        if (strcmp(rest, "*") == 0) {
            *next = -1;
            return &en->attrs[i];
        }
        long hi = strtol(rest, &end, 10);
        if (end == rest || *end != '\0' || hi < lo || hi == LONG_MAX)
            continue;
        *next = hi + 1;
        return &en->attrs[i];
    }
    return NULL;
}

/* Parses the metadata values of MD onto *M (*NM of them, room for *CAP,
 * grown from A). Returns 0, or -1 when out of memory. */
static int add_meta(struct arena *A, const struct dir_attr *md, struct dir_value_meta **m, size_t *nm,
                    size_t *cap)
{
    if (!md || md->nvalues == 0)
        return 0;
    if (*nm + md->nvalues > *cap) {
        size_t want = *nm + md->nvalues;
        struct dir_value_meta *v = arena_calloc(A, want, sizeof(*v));
        if (!v)
            return -1;
        if (*nm)
            memcpy(v, *m, *nm * sizeof(*v));
        *m = v;
        *cap = want;
    }
    for (size_t j = 0; j < md->nvalues; j++) {
        int prc = dirmember_parse_meta(A, (const char *)md->values[j].data, md->values[j].len, &(*m)[*nm]);
        if (prc < 0)
            return -1;
        *nm += prc == 0;
    }
    return 0;
}

/* The metadata of the member values of group EN: the values EN holds, and
 * when they came in a range, the following ranges, each read with a base
 * search of "msDS-ReplValueMetaData;range=N-*" until the last (";range=N-*"),
 * at most MEMBER_RANGES_MAX of them. A range that cannot be read ends it
 * with a note: the members not read have the group's whenChanged. Returns
 * 0, or -1 when out of memory. */
static int group_meta(struct run *R, const struct dir_entry *en, struct dir_group *x)
{
    struct arena *A = &R->f->arena;
    struct dir_value_meta *m = NULL;
    size_t nm = 0, cap = 0;
    long next = -1;
    const struct dir_attr *md = ranged_attr(en, "msDS-ReplValueMetaData", &next);
    if (add_meta(A, md, &m, &nm, &cap) != 0)
        return oom(R->e);
    for (int k = 0; md && next >= 0; k++) {
        if (k == MEMBER_RANGES_MAX) {
            note_add(R->notes, "note.directory.member-range", en->dn, NULL);
            break;
        }
        char an[64];
        snprintf(an, sizeof(an), "msDS-ReplValueMetaData;range=%ld-*", next);
        const char *const attrs[] = {an, NULL};
        struct dir_entries r;
        struct err *saved = R->e, why;
        err_clear(&why);
        R->e = &why;
        int rc = search(R, en->dn, DIR_SCOPE_BASE, "(objectClass=*)", attrs, 0, &r);
        R->e = saved;
        if (rc != 0) {
            if (strcmp(why.key, "error.memory") == 0)
                return oom(R->e);
            note_add(R->notes, "note.directory.member-range", en->dn, &why);
            break;
        }
        long from = next;
        md = r.n ? ranged_attr(&r.v[0], "msDS-ReplValueMetaData", &next) : NULL;
        if (add_meta(A, md, &m, &nm, &cap) != 0) {
            dir_entries_free(&r);
            return oom(R->e);
        }
        dir_entries_free(&r);
        if (!md || (next >= 0 && next <= from)) {
            note_add(R->notes, "note.directory.member-range", en->dn, NULL);
            break;
        }
    }
    x->meta = m;
    x->nmeta = nm;
    return 0;
}

/* The groups of ID's directory_groups (at most MEMBER_GROUPS_MAX) in one
 * search: their DN, memberOf, whenChanged and the metadata of their member
 * values, in G (from A). Returns how many, or -1 (E set). */
static long member_groups(struct run *R, const struct identity *id, struct dir_entries *r,
                          struct dir_group **out)
{
    static const char *const attrs[] = {"objectSid", "memberOf", "whenChanged", "msDS-ReplValueMetaData",
                                        NULL};
    struct arena *A = &R->f->arena;
    size_t n = id->directory_groups.n < MEMBER_GROUPS_MAX ? id->directory_groups.n : MEMBER_GROUPS_MAX;
    if (id->directory_groups.n > n)
        note_add(R->notes, "note.directory.member-cap", R->rq->account, NULL);
    /* (&(objectClass=group)(|(objectSid=\01\05...)...)): each SID at most
     * 8 + 4 * 15 bytes, three characters each */
    size_t cap = 32 + n * (13 + 3 * (8 + 4 * 15));
    char *filter = arena_alloc(A, cap);
    if (!filter)
        return oom(R->e);
    size_t used = (size_t)snprintf(filter, cap, "(&(objectClass=group)(|");
    size_t asked = 0;
    for (size_t i = 0; i < n; i++) {
        const char *v = sid_filter_value(A, id->directory_groups.v[i]);
        if (v) {
            used += (size_t)snprintf(filter + used, cap - used, "(objectSid=%s)", v);
            asked++;
        }
    }
    if (asked == 0)
        return 0;
    snprintf(filter + used, cap - used, "))");
    if (search(R, R->default_nc, DIR_SCOPE_SUB, filter, attrs, 0, r) != 0)
        return -1;
    struct dir_group *g = r->n ? arena_calloc(A, r->n, sizeof(*g)) : NULL;
    if (r->n && !g)
        return oom(R->e);
    size_t k = 0;
    char buf[256];
    for (size_t i = 0; i < r->n; i++) {
        const struct dir_entry *en = &r->v[i];
        const struct dir_attr *sid = dir_entry_attr(en, "objectSid");
        if (!sid || !sid->nvalues ||
            dir_sid_string(sid->values[0].data, sid->values[0].len, buf, sizeof(buf)) != 0)
            continue;
        struct dir_group *x = &g[k++];
        struct str_list of;
        if (!(x->sid = arena_strdup(A, buf)) || !(x->dn = arena_strdup(A, en->dn)) ||
            str_values(A, en, "memberOf", &of) != 0)
            return oom(R->e);
        x->member_of = of.v;
        x->nmember_of = of.n;
        const char *wc = first_str(en, "whenChanged");
        x->has_changed = wc && dirmember_generalized_time(wc, &x->when_changed) == 0;
        if (group_meta(R, en, x) != 0)
            return -1;
    }
    *out = g;
    return (long)k;
}

/* identity.membership_added: when the account's memberships in its
 * directory_groups were added (dirmember.h), the account at DN being a
 * direct member of ACCOUNT_OF. A time that rests on a group's whenChanged
 * gets a note. */
static int memberships(struct run *R, struct identity *id, const char *dn, const struct str_list *account_of)
{
    struct dir_entries r;
    memset(&r, 0, sizeof(r));
    struct dir_group *g = NULL;
    long n = member_groups(R, id, &r, &g);
    if (n < 0) {
        dir_entries_free(&r);
        return -1;
    }
    size_t first = 0, nfallback = 0;
    int rc = dirmember_times(&R->f->arena, dn, account_of->v, account_of->n, g, (size_t)n,
                             &id->membership_added, &id->membership_source, &first, &nfallback);
    if (rc != 0) {
        rc = oom(R->e);
    } else if (nfallback > 0) {
        const char *object = afmt(&R->f->arena, "%s (%zu)", g[first - 1].dn, nfallback);
        note_add(R->notes, "note.directory.member-changed", object ? object : g[first - 1].dn, NULL);
    }
    dir_entries_free(&r);
    return rc;
}

static int account(struct run *R)
{
    static const char *const attrs[] = {"sAMAccountName", "objectSid", "userAccountControl", "mail",
                                        "memberOf", NULL};
    struct arena *A = &R->f->arena;
    struct dir_entries r;
    bool computer = R->rq->ctx == CTX_MACHINE;
    if (find_account(R, R->rq->account, computer, attrs, "error.directory.account", &r) != 0)
        return -1;
    struct identity *id = &R->f->identity[R->rq->ctx == CTX_MACHINE ? CTX_MACHINE : CTX_USER];
    const struct dir_entry *en = &r.v[0];
    const char *dn = arena_strdup(A, en->dn);
    const char *sam = first_str(en, "sAMAccountName");
    int rc = dn ? 0 : oom(R->e);
    id->st = F_SET;
    if (rc == 0 && sam) {
        id->name.v = R->netbios ? afmt(A, "%s\\%s", R->netbios, sam) : arena_strdup(A, sam);
        id->name.st = F_SET;
        if (!id->name.v)
            rc = oom(R->e);
    }
    const struct dir_attr *sid = dir_entry_attr(en, "objectSid");
    char buf[256];
    if (rc == 0 && sid && sid->nvalues &&
        dir_sid_string(sid->values[0].data, sid->values[0].len, buf, sizeof(buf)) == 0) {
        id->sid.v = arena_strdup(A, buf);
        id->sid.st = F_SET;
        if (!id->sid.v)
            rc = oom(R->e);
    }
    int64_t uac;
    if (first_int(en, "userAccountControl", &uac) == 0) {
        id->not_delegated.st = F_SET;
        id->not_delegated.v = (as_flags(uac) & UF_NOT_DELEGATED) != 0;
    }
    struct str_list account_of = {F_ABSENT, 0, NULL};
    if (rc == 0 && str_values(A, en, "memberOf", &account_of) != 0)
        rc = oom(R->e);
    const char *mail = first_str(en, "mail");
    if (rc == 0) {
        if (mail && *mail) {
            rc = set_str(A, &id->mail, mail) ? oom(R->e) : 0;
        } else {
            id->mail.st = F_NULL;
            id->mail.v = NULL;
        }
    }
    dir_entries_free(&r);
    if (rc != 0)
        return -1;

    /* tokenGroups: computed by the DC, readable only with a base search */
    static const char *const tg_attrs[] = {"tokenGroups", NULL};
    if (search(R, dn, DIR_SCOPE_BASE, "(objectClass=*)", tg_attrs, 0, &r) != 0)
        return -1;
    const struct dir_attr *tg = r.n ? dir_entry_attr(&r.v[0], "tokenGroups") : NULL;
    if (!tg) {
        note_add(R->notes, "note.directory.token-groups", R->rq->account, NULL);
        id->directory_groups.st = F_ABSENT;
    } else {
        struct str_list *g = &id->directory_groups;
        g->st = F_SET;
        g->n = 0;
        g->v = tg->nvalues ? arena_calloc(A, tg->nvalues, sizeof(*g->v)) : NULL;
        if (tg->nvalues && !g->v)
            rc = oom(R->e);
        for (size_t i = 0; rc == 0 && i < tg->nvalues; i++) {
            if (dir_sid_string(tg->values[i].data, tg->values[i].len, buf, sizeof(buf)) != 0)
                continue;
            bool dup = false;
            for (size_t k = 0; k < g->n && !dup; k++)
                dup = strcmp(g->v[k], buf) == 0;
            if (!dup && !(g->v[g->n++] = arena_strdup(A, buf)))
                rc = oom(R->e);
        }
        if (rc == 0 && g->n > 1)
            qsort(g->v, g->n, sizeof(*g->v), cmp_str);
    }
    dir_entries_free(&r);
    if (rc != 0 || id->directory_groups.st != F_SET)
        return rc;
    return memberships(R, id, dn, &account_of);
}

/* ---- the CES server ---- */

#define CES_MAX_CAS 8

static const char *const ces_attrs[] = {"sAMAccountName", "objectSid", "userAccountControl",
                                        "msDS-AllowedToDelegateTo", NULL};

/* Whether the msDS-AllowedToActOnBehalfOfOtherIdentity of the CA computer
 * EN admits SID: 1 yes, 0 no, -1 unknown (noted), -2 out of memory. */
static int rbcd_admits(struct run *R, const struct dir_entry *en, const char *host, const char *sid)
{
    const struct dir_attr *a = dir_entry_attr(en, "msDS-AllowedToActOnBehalfOfOtherIdentity");
    if (!a || a->nvalues == 0)
        return 0;
    char *text = NULL;
    struct err why;
    err_clear(&why);
    const struct sddl *sd = NULL;
    int rc = sd_binary_to_sddl(a->values[0].data, a->values[0].len, R->domain_sid, &text, &why);
    char *copy = rc == 0 ? arena_strdup(&R->f->arena, text) : NULL;
    free(text);
    if (rc == 0 && !copy)
        return -2;
    if (rc != 0 && strcmp(why.key, "error.memory") == 0)
        return -2;
    if (rc != 0 || sddl_parse(&R->f->arena, copy, &sd, &why) != 0) {
        note_add(R->notes, "note.directory.rbcd", host, &why);
        return -1;
    }
    /* the KDC's access check asks for control access (CR, as Windows'
       full-control entry grants it): an extended right of any GUID */
    const char *sids[] = {sid};
    return sddl_extended_right(sd, "00000000-0000-0000-0000-000000000000", sids, 1, R->domain_sid, NULL) ==
           ACCESS_ALLOWED;
}

/* ces.server.rbcd_hosts: the CAs the CES on HOST hands requests to whose
 * computer account admits the CES account SID; absent when none of their
 * computer accounts could be read. */
static int rbcd(struct run *R, const char *host, const char *sid)
{
    const struct ca *cas_[CES_MAX_CAS];
    const char *tmpl = R->f->tmpl.st == F_SET ? R->f->tmpl.v : NULL;
    size_t n = ces_target_cas(R->f, host, tmpl, cas_, CES_MAX_CAS);
    struct str_list *out = &R->f->ces.rbcd_hosts;
    memset(out, 0, sizeof(*out));
    if (!sid || n == 0)
        return 0;
    struct arena *A = &R->f->arena;
    const char **v = arena_calloc(A, n, sizeof(*v));
    if (!v)
        return oom(R->e);
    static const char *const attrs[] = {"msDS-AllowedToActOnBehalfOfOtherIdentity", NULL};
    size_t nv = 0, read = 0;
    for (size_t i = 0; i < n; i++) {
        const char *esc = dir_filter_escape(A, cas_[i]->host.v);
        const char *filter = esc ? afmt(A, "(&(objectClass=computer)(dNSHostName=%s))", esc) : NULL;
        if (!filter)
            return oom(R->e);
        struct dir_entries r;
        if (search(R, R->default_nc, DIR_SCOPE_SUB, filter, attrs, 0, &r) != 0)
            return -1;
        int yes = r.n == 1 ? rbcd_admits(R, &r.v[0], cas_[i]->host.v, sid) : -1;
        if (r.n != 1 && yes == -1)
            note_add(R->notes, "note.directory.ca-computer", cas_[i]->host.v, NULL);
        dir_entries_free(&r);
        if (yes == -2)
            return oom(R->e);
        read += yes >= 0;
        if (yes == 1)
            v[nv++] = cas_[i]->host.v;
    }
    if (read > 0) {
        out->st = F_SET;
        out->n = nv;
        out->v = v;
    }
    return 0;
}

/* The delegation of the CES account EN (reached through HOST, or NULL)
 * into ces.server. */
static int ces_account(struct run *R, const struct dir_entry *en, const char *host, const char *object)
{
    struct arena *A = &R->f->arena;
    struct ces *c = &R->f->ces;
    int64_t uac = 0;
    bool have_uac = first_int(en, "userAccountControl", &uac) == 0;
    struct str_list to;
    if (str_values(A, en, "msDS-AllowedToDelegateTo", &to) || set_str(A, &c->server_host, host))
        return oom(R->e);
    const char *sam = first_str(en, "sAMAccountName");
    c->server_account.st = F_ABSENT;
    if (sam) {
        c->server_account.v = R->netbios ? afmt(A, "%s\\%s", R->netbios, sam) : arena_strdup(A, sam);
        if (!c->server_account.v)
            return oom(R->e);
        c->server_account.st = F_SET;
    }
    c->st = F_SET;
    c->server_st = F_SET;
    c->delegate_to = to;
    c->delegation_st = F_ABSENT;
    uint32_t f = as_flags(uac);
    if (have_uac && (f & UF_TRUSTED_FOR_DELEGATION)) {
        c->delegation = DELEG_UNCONSTRAINED;
        c->delegation_st = F_SET;
    } else if ((have_uac && (f & UF_TRUSTED_TO_AUTH_FOR_DELEGATION)) || to.n > 0) {
        c->delegation = DELEG_CONSTRAINED;
        c->delegation_st = F_SET;
    } else if (have_uac) {
        c->delegation = DELEG_NONE;
        c->delegation_st = F_SET;
    } else {
        note_add(R->notes, "note.directory.uac", object, NULL);
    }
    const struct dir_attr *sa = dir_entry_attr(en, "objectSid");
    char sid[256];
    bool have_sid = sa && sa->nvalues && dir_sid_string(sa->values[0].data, sa->values[0].len, sid, sizeof(sid)) == 0;
    char hbuf[256];
    if (!host)
        host = ces_server_host(R->f, hbuf, sizeof(hbuf));
    return rbcd(R, host, have_sid ? sid : NULL);
}

/* The CES server named by the operator (--ces-server: its computer name). */
static int ces_server(struct run *R)
{
    struct dir_entries r;
    if (find_account(R, R->rq->ces_server, true, ces_attrs, "error.directory.ces-server", &r) != 0)
        return -1;
    const char *dns = strchr(R->rq->ces_server, '.') ? R->rq->ces_server : NULL;
    int rc = ces_account(R, &r.v[0], dns, R->rq->ces_server);
    dir_entries_free(&r);
    return rc;
}

/* The host of the CES the client uses: the host of the CES URL its records
 * show (ces_service_url), else of the first URL a CA registers (a CA that
 * publishes the template first); "" when none is known. */
static void ces_host(struct run *R, char *host, size_t n)
{
    char buf[1024];
    enum ctx ctx = R->f->ctx_st == F_SET ? R->f->ctx : CTX_NONE;
    const char *url = ces_service_url(R->f, ctx, buf, sizeof(buf));
    host[0] = '\0';
    if (url && ces_url_host(url, host, n) == 0)
        return;
    host[0] = '\0';
    const struct ca *cas_[CES_MAX_CAS];
    const char *tmpl = R->f->tmpl.st == F_SET ? R->f->tmpl.v : NULL;
    size_t nc = ces_target_cas(R->f, NULL, tmpl, cas_, CES_MAX_CAS);
    for (size_t i = 0; i < nc; i++)
        for (size_t k = 0; cas_[i]->ces_urls.st == F_SET && k < cas_[i]->ces_urls.n; k++)
            if (ces_url_host(cas_[i]->ces_urls.v[k], host, n) == 0)
                return;
    host[0] = '\0';
}

/* The CES server found from the directory: the account that holds the SPN
 * HTTP/<host> (the one Kerberos delegates from: the computer, or the
 * application pool's service account), else the computer whose dNSHostName
 * is the host. HOST is the server's DNS name; with STRICT a server that is
 * not found is an error, else a note. */
static int ces_find(struct run *R, const char *host, bool strict)
{
    if (!R->default_nc)
        return 0;
    struct arena *A = &R->f->arena;
    const char *esc = dir_filter_escape(A, host);
    const char *spn = esc ? afmt(A, "(servicePrincipalName=HTTP/%s)", esc) : NULL;
    const char *dns = esc ? afmt(A, "(&(objectClass=computer)(dNSHostName=%s))", esc) : NULL;
    if (!spn || !dns)
        return oom(R->e);
    struct dir_entries r;
    if (search(R, R->default_nc, DIR_SCOPE_SUB, spn, ces_attrs, 0, &r) != 0)
        return -1;
    if (r.n == 0 && search(R, R->default_nc, DIR_SCOPE_SUB, dns, ces_attrs, 0, &r) != 0)
        return -1;
    int rc = 0;
    if (r.n == 1) {
        rc = ces_account(R, &r.v[0], host, host);
    } else if (strict) {
        err_set(R->e, r.n ? "error.directory.ambiguous" : "error.directory.ces-server");
        err_arg(R->e, "account", "%s", host);
        err_arg(R->e, "server", "%s", R->rq->server ? R->rq->server : "");
        err_arg(R->e, "count", "%zu", r.n);
        rc = -1;
    } else {
        note_add(R->notes, r.n ? "note.directory.ces-ambiguous" : "note.directory.ces-account", host, NULL);
    }
    dir_entries_free(&r);
    return rc;
}

/* ces.server: the server the operator named, or on a client that enrolls
 * through CES the server its records or the CAs name. */
static int ces(struct run *R)
{
    char host[256];
    const char *named = R->rq->ces_server;
    if (named && strstr(named, "://")) {
        if (ces_url_host(named, host, sizeof(host)) != 0) {
            err_set(R->e, "error.directory.ces-server");
            err_arg(R->e, "account", "%s", named);
            err_arg(R->e, "server", "%s", R->rq->server ? R->rq->server : "");
            return -1;
        }
        return ces_find(R, host, true);
    }
    if (named)
        return ces_server(R);
    if (!ces_client_uses_ces(R->f, R->f->ctx_st == F_SET ? R->f->ctx : CTX_NONE))
        return 0;
    ces_host(R, host, sizeof(host));
    if (!host[0]) {
        note_add(R->notes, "note.directory.ces-unknown", "CES", NULL);
        return 0;
    }
    return ces_find(R, host, false);
}

int directory_collect(dir_search_fn search_fn, void *sctx, const struct dir_request *rq, struct facts *f,
                      struct dir_notes *notes, struct err *e)
{
    struct run R;
    memset(&R, 0, sizeof(R));
    R.search = search_fn;
    R.sctx = sctx;
    R.rq = rq;
    R.f = f;
    R.notes = notes;
    R.e = e;
    if (notes)
        memset(notes, 0, sizeof(*notes));
    if (root_dse(&R) != 0 || domain_info(&R) != 0)
        return -1;
    if (rq->account && account(&R) != 0)
        return -1;
    /* the account's domain names the aliases when the domain object did not */
    if (!R.domain_sid && rq->account) {
        const struct identity *id = &f->identity[rq->ctx == CTX_MACHINE ? CTX_MACHINE : CTX_USER];
        const char *dash = id->sid.st == F_SET ? strrchr(id->sid.v, '-') : NULL;
        if (dash && !(R.domain_sid = arena_strndup(&f->arena, id->sid.v, (size_t)(dash - id->sid.v))))
            return oom(e);
    }
    struct str_list valid = {F_ABSENT, 0, NULL};
    if (valid_policies(&R, &valid) != 0 || templates(&R, &valid) != 0 || cas(&R) != 0)
        return -1;
    if (ces(&R) != 0)
        return -1;
    return 0;
}
