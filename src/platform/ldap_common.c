/* ldap_common.c: the part of the LDAP client (ldap.h) that is the same on
 * both systems: the steps of opening a connection, the search loop with its
 * paging, the result entries, the BER of the two controls and the mapping of
 * result codes to error keys. Each system's library stays behind the
 * primitives of ldap_common.h (posix/ldap.c, win32/ldap.c).
 *
 * The controls are encoded here by hand rather than through each library's
 * helpers, so that both systems send the same bytes:
 *   SD flags (1.2.840.113556.1.4.801):   SEQUENCE { INTEGER flags }
 *   paged results (1.2.840.113556.1.4.319): SEQUENCE { INTEGER size, OCTET STRING cookie } */
#include "ldap_common.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "platform.h"

/* Result codes a server sends (RFC 4511; 9 is LDAPv2's partial results),
 * the same numbers in both libraries. */
#define RC_TIMELIMIT_EXCEEDED      3
#define RC_AUTH_METHOD_UNSUPPORTED 7
#define RC_STRONG_AUTH_REQUIRED    8
#define RC_PARTIAL_RESULTS         9
#define RC_REFERRAL                10
#define RC_CONFIDENTIALITY         13
#define RC_NO_SUCH_OBJECT          32
#define RC_INVALID_CREDENTIALS     49

/* Test hook: ENROLLDOC_LDAP_TRACE=1 reports each page of each search on
 * stderr (tests/directory/ prove with it that paging happens). Not for
 * people: English, fixed format. */
static bool trace_on(void)
{
    const char *v = getenv("ENROLLDOC_LDAP_TRACE");
    return v && strcmp(v, "1") == 0;
}

static void trace_page(const char *base, int page, size_t entries, bool more)
{
    if (trace_on())
        fprintf(stderr, "ldap trace: base=\"%s\" page=%d entries=%zu more=%d\n", base, page + 1, entries,
                more ? 1 : 0);
}

/* ---- results ---- */

void dir_entries_free(struct dir_entries *r)
{
    if (!r)
        return;
    arena_free(&r->arena);
    r->n = 0;
    r->v = NULL;
}

const struct dir_attr *dir_entry_attr(const struct dir_entry *e, const char *name)
{
    for (size_t i = 0; e && i < e->nattrs; i++)
        if (e->attrs[i].name && ascii_casecmp(e->attrs[i].name, name) == 0)
            return &e->attrs[i];
    return NULL;
}

/* A growing list of entries (malloc'd), moved into the arena at the end. */
struct entry_list {
    struct dir_entry *v;
    size_t n, cap;
};

static struct dir_entry *entry_list_add(struct entry_list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        struct dir_entry *v = realloc(l->v, cap * sizeof(*v));
        if (!v)
            return NULL;
        l->v = v;
        l->cap = cap;
    }
    struct dir_entry *e = &l->v[l->n++];
    memset(e, 0, sizeof(*e));
    return e;
}

static int entry_list_finish(struct entry_list *l, struct dir_entries *out)
{
    int rc = 0;
    if (l->n > 0) {
        out->v = arena_calloc(&out->arena, l->n, sizeof(*out->v));
        if (out->v) {
            memcpy(out->v, l->v, l->n * sizeof(*out->v));
            out->n = l->n;
        } else {
            rc = -1;
        }
    }
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
    return rc;
}

/* Sets up attribute D, named NAME (in A already; NULL = out of memory),
 * with room for N values. Returns 0 or -1 (memory). */
static int attr_begin(struct arena *a, struct dir_attr *d, const char *name, size_t n)
{
    d->name = name;
    d->nvalues = 0;
    d->values = n ? arena_calloc(a, n, sizeof(*d->values)) : NULL;
    return !name || (n && !d->values) ? -1 : 0;
}

/* Appends the value V (V.data may be NULL when V.len is 0) to D, which
 * attr_begin() gave room for it. Returns 0 or -1 (memory). */
static int attr_add(struct arena *a, struct dir_attr *d, struct dirldap_bytes v)
{
    const char *val = v.data;
    size_t len = v.len;
    char *copy = arena_strndup(a, val ? val : "", val ? len : 0);
    if (!copy)
        return -1;
    d->values[d->nvalues].data = (const unsigned char *)copy;
    d->values[d->nvalues].len = val ? len : 0;
    d->nvalues++;
    return 0;
}

/* ---- BER, just enough for the two controls ---- */

static size_t ber_put_len(unsigned char *p, size_t len)
{
    if (len < 0x80) {
        p[0] = (unsigned char)len;
        return 1;
    }
    size_t n = 0;
    for (size_t v = len; v; v >>= 8)
        n++;
    p[0] = (unsigned char)(0x80 | n);
    for (size_t i = 0; i < n; i++)
        p[1 + i] = (unsigned char)(len >> (8 * (n - 1 - i)));
    return 1 + n;
}

/* SEQUENCE { INTEGER flags } into BUF (at least 8 bytes). */
static size_t ber_sd_flags(unsigned char *buf, unsigned flags)
{
    buf[0] = 0x30;
    buf[1] = 0x03;
    buf[2] = 0x02;
    buf[3] = 0x01;
    buf[4] = (unsigned char)(flags & 0x7f);
    return 5;
}

/* SEQUENCE { INTEGER size, OCTET STRING cookie } as a malloc'd buffer. */
static unsigned char *ber_paged(int size, const unsigned char *cookie, size_t clen, size_t *outlen)
{
    unsigned char *buf = malloc(clen + 32);
    if (!buf)
        return NULL;
    unsigned char inner[16];
    size_t k = 0;
    inner[k++] = 0x02;
    inner[k++] = 0x02;
    inner[k++] = (unsigned char)((size >> 8) & 0x7f);
    inner[k++] = (unsigned char)(size & 0xff);
    inner[k++] = 0x04;
    unsigned char clenb[8];
    size_t cl = ber_put_len(clenb, clen);
    size_t body = k + cl + clen;
    size_t o = 0;
    buf[o++] = 0x30;
    o += ber_put_len(buf + o, body);
    memcpy(buf + o, inner, k);
    o += k;
    memcpy(buf + o, clenb, cl);
    o += cl;
    if (clen)
        memcpy(buf + o, cookie, clen);
    o += clen;
    *outlen = o;
    return buf;
}

/* Reads a tag and length at P (within END). Returns the content start, or
 * NULL when malformed. */
static const unsigned char *ber_get(const unsigned char *p, const unsigned char *end, unsigned char tag,
                                    size_t *len)
{
    if (end - p < 2 || p[0] != tag)
        return NULL;
    p++;
    size_t l = *p++;
    if (l & 0x80) {
        size_t n = l & 0x7f;
        if (n == 0 || n > 4 || (size_t)(end - p) < n)
            return NULL;
        l = 0;
        for (size_t i = 0; i < n; i++)
            l = (l << 8) | *p++;
    }
    if ((size_t)(end - p) < l)
        return NULL;
    *len = l;
    return p;
}

/* The cookie of a paged-results response value. Returns 0 (with *COOKIE
 * pointing into DATA) or -1 when malformed. */
static int ber_paged_cookie(const unsigned char *data, size_t len, const unsigned char **cookie,
                            size_t *clen)
{
    const unsigned char *end = data + len;
    size_t l;
    const unsigned char *p = ber_get(data, end, 0x30, &l);
    if (!p)
        return -1;
    end = p + l;
    const unsigned char *q = ber_get(p, end, 0x02, &l);
    if (!q)
        return -1;
    p = q + l;
    q = ber_get(p, end, 0x04, &l);
    if (!q)
        return -1;
    *cookie = q;
    *clen = l;
    return 0;
}

/* ---- errors ---- */

enum errkind { EK_CREDENTIALS, EK_STRONG, EK_DOWN, EK_TIMEOUT, EK_TLS, EK_GSSAPI, EK_OTHER };

static const char *errkind_key(enum errkind k)
{
    switch (k) {
    case EK_CREDENTIALS: return "error.ldap.credentials";
    case EK_STRONG: return "error.ldap.strong-auth";
    case EK_DOWN: return "error.ldap.down";
    case EK_TIMEOUT: return "error.ldap.timeout";
    case EK_TLS: return "error.ldap.tls";
    case EK_GSSAPI: return "error.ldap.gssapi";
    case EK_OTHER: break;
    }
    return "error.ldap.failed";
}

/* What RC means: a server's code, else the library's own. */
static enum errkind errkind_of(long rc, enum dirldap_cause cause, enum dir_bind mode, bool in_tls)
{
    switch (rc) {
    case RC_INVALID_CREDENTIALS: return EK_CREDENTIALS;
    case RC_STRONG_AUTH_REQUIRED:
    case RC_CONFIDENTIALITY: return EK_STRONG;
    case RC_TIMELIMIT_EXCEEDED: return EK_TIMEOUT;
    default: break;
    }
    bool kerberos = mode == DIR_BIND_GSSAPI || mode == DIR_BIND_NEGOTIATE;
    switch (cause) {
    case DIRLDAP_CAUSE_DOWN:
    case DIRLDAP_CAUSE_SOCKET: return EK_DOWN;
    case DIRLDAP_CAUSE_TIMEOUT:
    case DIRLDAP_CAUSE_SOCKET_TIMEOUT: return EK_TIMEOUT;
    case DIRLDAP_CAUSE_CONNECT: return in_tls ? EK_TLS : EK_DOWN;
    case DIRLDAP_CAUSE_AUTH: return kerberos ? EK_GSSAPI : EK_OTHER;
    case DIRLDAP_CAUSE_OTHER: break;
    }
    return kerberos && rc == RC_AUTH_METHOD_UNSUPPORTED ? EK_GSSAPI : EK_OTHER;
}

/* One line: the library's text, then the server's diagnostic (when it says
 * more), never anything the caller typed. */
static void set_ldap_err(struct err *e, enum errkind k, const char *server, long code,
                         const char *text, const char *diag)
{
    err_set(e, errkind_key(k));
    err_arg(e, "server", "%s", server ? server : "");
    err_arg(e, "code", "%ld", code);
    if (diag && *diag)
        err_arg(e, "reason", "%s (%s)", text ? text : "", diag);
    else
        err_arg(e, "reason", "%s", text ? text : "");
    /* fold line breaks that servers put into diagnostics */
    for (int i = 0; i < e->nargs; i++)
        for (char *p = e->args[i].value; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
}

enum dirldap_cause dirldap_fail(const struct dir_conn *c, struct err *e, long rc, enum dir_bind mode,
                                bool in_tls)
{
    char text[ERR_ARG_LEN] = "";
    char diag[ERR_ARG_LEN] = "";
    dirldap_sys_text(c, rc, text, sizeof(text), diag, sizeof(diag));
    enum dirldap_cause cause = dirldap_sys_cause(rc);
    set_ldap_err(e, errkind_of(rc, cause, mode, in_tls), c->server, rc, text, diag);
    return cause;
}

int dirldap_refuse(const struct dir_conn *c, struct err *e, const char *key)
{
    err_set(e, key);
    err_arg(e, "server", "%s", c->server);
    return -1;
}

/* Splits "ldap[s]://host[:port][/...]". Returns 0, or -1 when malformed. */
static int uri_split(const char *uri, bool *tls, char *host, size_t hsize, unsigned *port)
{
    const char *p;
    if (ascii_startswith_ci(uri, "ldap://")) {
        *tls = false;
        p = uri + 7;
    } else if (ascii_startswith_ci(uri, "ldaps://")) {
        *tls = true;
        p = uri + 8;
    } else {
        return -1;
    }
    *port = *tls ? 636u : 389u;
    size_t n = 0;
    if (*p == '[') { /* IPv6 literal */
        p++;
        while (p[n] && p[n] != ']')
            n++;
        if (p[n] != ']')
            return -1;
        if (n == 0 || n >= hsize)
            return -1;
        memcpy(host, p, n);
        host[n] = '\0';
        p += n + 1;
    } else {
        while (p[n] && p[n] != ':' && p[n] != '/')
            n++;
        if (n == 0 || n >= hsize)
            return -1;
        memcpy(host, p, n);
        host[n] = '\0';
        p += n;
    }
    if (*p == ':') {
        char *end = NULL;
        unsigned long v = strtoul(p + 1, &end, 10);
        if (end == p + 1 || v == 0 || v > 65535 || (*end && *end != '/'))
            return -1;
        *port = (unsigned)v;
    } else if (*p && *p != '/') {
        return -1;
    }
    return 0;
}


/* ---- the connection ---- */

/* A new connection for O, not yet open, and where it goes in *T. Returns
 * NULL with E set. */
static struct dir_conn *conn_new(const struct dir_open *o, struct dirldap_target *t, struct err *e)
{
    if (!o->uri && !dirldap_sys_locator()) {
        err_set(e, "error.ldap.need-uri");
        return NULL;
    }
    struct dir_conn *c = calloc(1, sizeof(*c));
    if (!c) {
        err_set(e, "error.memory");
        return NULL;
    }
    snprintf(c->server, sizeof(c->server), "%s", o->uri ? o->uri : "(DC locator)");
    c->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : DIRLDAP_TIMEOUT_MS_DEFAULT;
    c->budget_ms = o->budget_ms > 0 ? o->budget_ms : 0;
    c->deadline = c->budget_ms ? platform_monotonic_ms() + c->budget_ms : 0;
    t->tls = false;
    t->host[0] = '\0';
    t->port = 389;
    if (o->uri && uri_split(o->uri, &t->tls, t->host, sizeof(t->host), &t->port) != 0) {
        err_set(e, "error.ldap.uri");
        err_arg(e, "uri", "%s", o->uri);
        free(c);
        return NULL;
    }
    if (!dirldap_can_bind(o->bind)) {
        dirldap_refuse(c, e, "error.ldap.unsupported");
        free(c);
        return NULL;
    }
    return c;
}

/* StartTLS when O asks for it (never over ldaps://). Returns 0, or -1 with
 * E set: a failure is a TLS failure unless the server went away or the
 * deadline passed. */
static int start_tls(struct dir_conn *c, const struct dir_open *o, bool tls, struct err *e)
{
    if (o->bind != DIR_BIND_STARTTLS)
        return 0;
    if (tls)
        return dirldap_refuse(c, e, "error.ldap.starttls-ldaps");
    long rc = dirldap_sys_starttls(c);
    if (rc == 0)
        return 0;
    enum dirldap_cause cause = dirldap_fail(c, e, rc, o->bind, true);
    if (cause != DIRLDAP_CAUSE_DOWN && cause != DIRLDAP_CAUSE_TIMEOUT)
        snprintf(e->key, sizeof(e->key), "%s", errkind_key(EK_TLS));
    return -1;
}

int dirldap_left_ms(const struct dir_conn *c)
{
    if (!c->deadline)
        return c->timeout_ms;
    int64_t left = c->deadline - platform_monotonic_ms();
    if (left <= 0)
        return 0;
    return left < c->timeout_ms ? (int)left : c->timeout_ms;
}

/* Whether C's overall deadline has passed: then -1 with E set
 * (error.ldap.deadline), else 0. */
static int deadline_check(const struct dir_conn *c, struct err *e)
{
    if (dirldap_left_ms(c) > 0)
        return 0;
    dirldap_refuse(c, e, "error.ldap.deadline");
    err_arg(e, "seconds", "%d", (c->budget_ms + 999) / 1000);
    return -1;
}

int dirldap_open(const struct dir_open *o, struct dir_conn **out, struct err *e)
{
    *out = NULL;
    struct dirldap_target t;
    struct dir_conn *c = conn_new(o, &t, e);
    if (!c)
        return -1;
    if (dirldap_sys_connect(c, o, &t, e) != 0 || deadline_check(c, e) != 0 ||
        start_tls(c, o, t.tls, e) != 0 || deadline_check(c, e) != 0 ||
        dirldap_sys_bind(c, o, t.tls, e) != 0) {
        dirldap_close(c);
        return -1;
    }
    *out = c;
    return 0;
}

const char *dirldap_server(const struct dir_conn *c)
{
    return c ? c->server : "";
}

void dirldap_close(struct dir_conn *c)
{
    if (!c)
        return;
    if (c->ld)
        dirldap_sys_unbind(c->ld);
    free(c);
}

/* ---- searching ---- */

/* Copies the current entry of P into E (strings in A). Returns 0 or -1
 * (memory). */
static int copy_entry(struct dirldap_page *p, struct arena *a, struct dir_entry *e)
{
    e->dn = dirldap_sys_entry_dn(p, a);
    if (!e->dn)
        return -1;
    size_t n = dirldap_sys_attr_count(p);
    if (n == 0)
        return 0;
    e->attrs = arena_calloc(a, n, sizeof(*e->attrs));
    if (!e->attrs)
        return -1;
    int rc = 0;
    const char *name;
    size_t nv;
    while (rc == 0 && e->nattrs < n && dirldap_sys_next_attr(p, a, &name, &nv)) {
        struct dir_attr *d = &e->attrs[e->nattrs++];
        rc = attr_begin(a, d, name, nv);
        for (size_t i = 0; rc == 0 && i < nv; i++)
            rc = attr_add(a, d, dirldap_sys_value(p, i));
    }
    return rc;
}

/* The paging state of one search: the cookie the server handed back. */
struct paging {
    unsigned char *cookie;       /* malloc'd; NULL = no further page */
    size_t len;
};

/* Takes the next page's cookie from P's response into PG (empty; it stays
 * so when the response has none). Returns 0 or -1 (memory). */
static int paging_take(struct paging *pg, struct dirldap_page *p)
{
    struct dirldap_bytes v;
    const unsigned char *ck;
    size_t cl;
    if (dirldap_sys_paged_response(p, &v) != 0 ||
        ber_paged_cookie((const unsigned char *)v.data, v.len, &ck, &cl) != 0 || cl == 0)
        return 0;
    pg->cookie = malloc(cl);
    if (!pg->cookie)
        return -1;
    memcpy(pg->cookie, ck, cl);
    pg->len = cl;
    return 0;
}

/* Whether a search that ended with RC still gave what there is: a base
 * object that does not exist has no entries, referrals are not chased. */
static bool search_rc_ok(long rc)
{
    return rc == 0 || rc == RC_NO_SUCH_OBJECT || rc == RC_REFERRAL || rc == RC_PARTIAL_RESULTS;
}

/* Searches one page of Q on C (PG's cookie) into LIST, strings in A, and
 * takes the next cookie into PG. Returns 0, or -1 with E set. */
static int search_page(struct dir_conn *c, const struct dir_query *q, struct paging *pg,
                       struct entry_list *list, struct arena *a, struct err *e)
{
    if (deadline_check(c, e) != 0) {
        err_arg(e, "base", "%s", q->base);
        err_arg(e, "filter", "%s", q->filter);
        return -1;
    }
    unsigned char sdbuf[8];
    struct dirldap_bytes sd = {(const char *)sdbuf, ber_sd_flags(sdbuf, q->sd_flags)};
    struct dirldap_bytes paged;
    unsigned char *pv = ber_paged(DIRLDAP_PAGE_SIZE, pg->cookie, pg->len, &paged.len);
    if (!pv)
        return err_set(e, "error.memory");
    paged.data = (const char *)pv;
    struct dirldap_page *p = NULL;
    /* base searches need no paging (and some servers refuse it there) */
    long rc = dirldap_sys_search(c, q, q->sd_flags ? &sd : NULL, q->scope != DIR_SCOPE_BASE ? &paged : NULL,
                                 &p);
    free(pv);
    if (!p)
        return err_set(e, "error.memory");
    if (!search_rc_ok(rc)) {
        dirldap_fail(c, e, rc, DIR_BIND_SIMPLE, false);
        err_arg(e, "base", "%s", q->base);
        err_arg(e, "filter", "%s", q->filter);
        dirldap_sys_page_free(p);
        return -1;
    }
    int status = 0;
    while (status == 0 && dirldap_sys_next_entry(p)) {
        struct dir_entry *de = entry_list_add(list);
        if (!de || copy_entry(p, a, de) != 0)
            status = err_set(e, "error.memory");
    }
    /* the next page's cookie */
    free(pg->cookie);
    pg->cookie = NULL;
    pg->len = 0;
    if (status == 0 && q->scope != DIR_SCOPE_BASE && paging_take(pg, p) != 0)
        status = err_set(e, "error.memory");
    dirldap_sys_page_free(p);
    return status;
}

int dirldap_search(struct dir_conn *c, const struct dir_query *q, struct dir_entries *out, struct err *e)
{
    memset(out, 0, sizeof(*out));
    struct entry_list list = {NULL, 0, 0};
    struct paging pg = {NULL, 0};
    int status = 0;
    for (int page = 0;; page++) {
        size_t before = list.n;
        status = search_page(c, q, &pg, &list, &out->arena, e);
        if (status == 0)
            trace_page(q->base, page, list.n - before, pg.cookie != NULL);
        if (status != 0 || !pg.cookie || page > 100000)
            break;
    }
    free(pg.cookie);
    if (entry_list_finish(&list, out) != 0 && status == 0)
        status = err_set(e, "error.memory");
    if (status != 0)
        dir_entries_free(out);
    return status;
}
