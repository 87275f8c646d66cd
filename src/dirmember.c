/* dirmember.c: when the account's group memberships were added (see
 * dirmember.h). */
#include "dirmember.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The text between <TAG> and </TAG> in [P, END), or NULL; its length in *N. */
static const char *element(const char *p, const char *end, const char *tag, size_t *n)
{
    char open[64], close[64];
    snprintf(open, sizeof(open), "<%s>", tag);
    snprintf(close, sizeof(close), "</%s>", tag);
    size_t lo = strlen(open), lc = strlen(close);
    for (const char *s = p; s + lo <= end; s++) {
        if (memcmp(s, open, lo) != 0)
            continue;
        const char *v = s + lo;
        for (const char *e = v; e + lc <= end; e++)
            if (memcmp(e, close, lc) == 0) {
                *n = (size_t)(e - v);
                return v;
            }
        return NULL;
    }
    return NULL;
}

/* The N bytes at S with the five XML entities decoded, into A. */
static char *xml_text(struct arena *a, const char *s, size_t n)
{
    static const struct { const char *ent; char c; } ents[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    char *out = arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        for (; k < sizeof(ents) / sizeof(ents[0]); k++) {
            size_t l = strlen(ents[k].ent);
            if (i + l <= n && memcmp(s + i, ents[k].ent, l) == 0) {
                out[o++] = ents[k].c;
                i += l;
                break;
            }
        }
        if (k == sizeof(ents) / sizeof(ents[0]))
            out[o++] = s[i++];
    }
    out[o] = '\0';
    return out;
}

/* The ISO time in element TAG, or -1 when missing or malformed. */
static int elem_time(const char *p, const char *end, const char *tag, int64_t *out)
{
    size_t n;
    const char *v = element(p, end, tag, &n);
    char buf[64];
    if (!v || n == 0 || n >= sizeof(buf))
        return -1;
    memcpy(buf, v, n);
    buf[n] = '\0';
    return time_parse_iso(buf, out);
}

int dirmember_parse_meta(struct arena *a, const char *xml, size_t len, struct dir_value_meta *out)
{
    memset(out, 0, sizeof(*out));
    size_t n, an, dn;
    const char *end = xml + len;
    const char *body = element(xml, end, "DS_REPL_VALUE_META_DATA", &n);
    if (!body)
        return 1;
    end = body + n;
    const char *attr = element(body, end, "pszAttributeName", &an);
    const char *obj = element(body, end, "pszObjectDn", &dn);
    int64_t created, changed, deleted;
    bool has_created = elem_time(body, end, "ftimeCreated", &created) == 0;
    bool has_changed = elem_time(body, end, "ftimeLastOriginatingChange", &changed) == 0;
    if (!attr || !obj || dn == 0 || (!has_created && !has_changed))
        return 1;
    out->added = has_changed ? changed : created;
    /* 1601-01-01T00:00:00Z, the FILETIME zero, is "not deleted" */
    out->deleted = elem_time(body, end, "ftimeDeleted", &deleted) == 0 && deleted > -11644473600LL;
    out->attr = xml_text(a, attr, an);
    out->dn = xml_text(a, obj, dn);
    return out->attr && out->dn ? 0 : -1;
}

int dirmember_generalized_time(const char *s, int64_t *out)
{
    /* YYYYMMDDHHMMSS, an optional fraction, then Z */
    char iso[32];
    size_t n = strlen(s);
    if (n < 15)
        return -1;
    for (size_t i = 0; i < 14; i++)
        if (s[i] < '0' || s[i] > '9')
            return -1;
    const char *rest = s + 14;
    if (*rest == '.' || *rest == ',') {
        rest++;
        while (*rest >= '0' && *rest <= '9')
            rest++;
    }
    if (strcmp(rest, "Z") != 0)
        return -1;
    snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", s, s + 4, s + 6, s + 8, s + 10, s + 12);
    return time_parse_iso(iso, out);
}

/* When the link "FROM is a member of G" was added: from G's metadata of
 * its member value FROM; else G's whenChanged (*APPROX set). -1 when
 * neither is known or the metadata says the link is gone. */
static int link_time(const struct dir_group *g, const char *from, int64_t *t, bool *approx)
{
    for (size_t i = 0; i < g->nmeta; i++) {
        const struct dir_value_meta *m = &g->meta[i];
        if (ascii_casecmp(m->attr, "member") != 0 || ascii_casecmp(m->dn, from) != 0)
            continue;
        if (m->deleted)
            continue;
        *t = m->added;
        *approx = false;
        return 0;
    }
    if (!g->has_changed)
        return -1;
    *t = g->when_changed;
    *approx = true;
    return 0;
}

static size_t find_dn(const struct dir_group *g, size_t n, const char *dn)
{
    for (size_t i = 0; i < n; i++)
        if (g[i].dn && ascii_casecmp(g[i].dn, dn) == 0)
            return i;
    return n;
}

/* Relaxes the path to P through FROM (reached at FROM_T, FROM_APPROX):
 * the membership of P exists since the later of the two; the earlier of
 * the paths counts. Returns whether P got an earlier time. */
static bool relax(const struct dir_group *p, const char *from, int64_t from_t, bool from_approx,
                  bool *known, int64_t *t, bool *approx)
{
    int64_t lt;
    bool la;
    if (link_time(p, from, &lt, &la) != 0)
        return false;
    int64_t cand = lt > from_t ? lt : from_t;
    bool ca = lt > from_t ? la : (from_approx || (la && lt == from_t));
    if (*known && (cand > *t || (cand == *t && (ca || !*approx))))
        return false;
    *known = true;
    *t = cand;
    *approx = ca;
    return true;
}

static int cmp_sid_time(const void *a, const void *b)
{
    return strcmp(((const struct sid_time *)a)->sid, ((const struct sid_time *)b)->sid);
}

static int cmp_sid_source(const void *a, const void *b)
{
    return strcmp(((const struct sid_source *)a)->sid, ((const struct sid_source *)b)->sid);
}

int dirmember_times(struct arena *a, const char *account_dn, const char *const *account_of,
                    size_t naccount_of, const struct dir_group *g, size_t n, struct sid_times *out,
                    struct sid_sources *src, size_t *fallback, size_t *nfallback)
{
    out->st = F_SET;
    out->n = 0;
    out->v = NULL;
    if (src) {
        src->st = F_SET;
        src->n = 0;
        src->v = NULL;
    }
    if (fallback)
        *fallback = 0;
    if (nfallback)
        *nfallback = 0;
    if (n == 0)
        return 0;
    bool *known = calloc(n, sizeof(*known)), *approx = calloc(n, sizeof(*approx));
    int64_t *t = calloc(n, sizeof(*t));
    out->v = arena_calloc(a, n, sizeof(*out->v));
    if (src)
        src->v = arena_calloc(a, n, sizeof(*src->v));
    int rc = known && approx && t && out->v && (!src || src->v) ? 0 : -1;
    /* the account's direct groups */
    for (size_t i = 0; rc == 0 && i < naccount_of; i++) {
        size_t k = find_dn(g, n, account_of[i]);
        if (k < n)
            relax(&g[k], account_dn, INT64_MIN, false, &known[k], &t[k], &approx[k]);
    }
    /* then along the nesting: at most N rounds, each settles one more level */
    for (size_t round = 0; rc == 0 && round < n; round++) {
        bool changed = false;
        for (size_t i = 0; i < n; i++) {
            if (!known[i])
                continue;
            for (size_t j = 0; j < g[i].nmember_of; j++) {
                size_t k = find_dn(g, n, g[i].member_of[j]);
                if (k < n && k != i && relax(&g[k], g[i].dn, t[i], approx[i], &known[k], &t[k], &approx[k]))
                    changed = true;
            }
        }
        if (!changed)
            break;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (!known[i] || !g[i].sid)
            continue;
        out->v[out->n].sid = g[i].sid;
        out->v[out->n++].t = t[i];
        if (src) {
            src->v[src->n].sid = g[i].sid;
            src->v[src->n++].src = approx[i] ? MSRC_WHEN_CHANGED : MSRC_VALUE_METADATA;
        }
        if (approx[i]) {
            if (fallback && *fallback == 0)
                *fallback = i + 1;
            if (nfallback)
                (*nfallback)++;
        }
    }
    if (rc == 0)
        qsort(out->v, out->n, sizeof(*out->v), cmp_sid_time);
    if (rc == 0 && src)
        qsort(src->v, src->n, sizeof(*src->v), cmp_sid_source);
    free(known);
    free(approx);
    free(t);
    return rc;
}
