/* ldap.c: the LDAP client behind ldap.h. One file, two libraries:
 * OpenLDAP's libldap on POSIX, wldap32 on Windows. What both share (the
 * result lists, the BER of the two controls, the mapping of bind errors)
 * comes first; then each system's half.
 *
 * The controls are encoded here by hand rather than through each library's
 * helpers, so that both sides send the same bytes:
 *   SD flags (1.2.840.113556.1.4.801):   SEQUENCE { INTEGER flags }
 *   paged results (1.2.840.113556.1.4.319): SEQUENCE { INTEGER size, OCTET STRING cookie } */
#ifndef _WIN32
#define _POSIX_C_SOURCE 200809L
#endif

#include "ldap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"

#define OID_SD_FLAGS "1.2.840.113556.1.4.801"
#define OID_PAGED    "1.2.840.113556.1.4.319"

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

/* Appends the value VAL (LEN bytes, may be NULL when LEN is 0) to D, which
 * attr_begin() gave room for it. Returns 0 or -1 (memory). */
static int attr_add(struct arena *a, struct dir_attr *d, const char *val, size_t len)
{
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

#ifndef _WIN32
/* ================================================================ POSIX */

#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <sys/time.h>
#include <termios.h>
#include <unistd.h>

struct dir_conn {
    LDAP *ld;
    char server[256];
    int timeout_ms;
};

static struct timeval tv_ms(int ms)
{
    struct timeval tv;
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}

static enum errkind posix_kind(int rc, enum dir_bind mode, bool in_tls)
{
    switch (rc) {
    case LDAP_INVALID_CREDENTIALS: return EK_CREDENTIALS;
    case LDAP_STRONG_AUTH_REQUIRED:
    case LDAP_CONFIDENTIALITY_REQUIRED: return EK_STRONG;
    case LDAP_SERVER_DOWN: return EK_DOWN;
    case LDAP_TIMEOUT:
    case LDAP_TIMELIMIT_EXCEEDED: return EK_TIMEOUT;
    case LDAP_CONNECT_ERROR: return in_tls ? EK_TLS : EK_DOWN;
    default: break;
    }
    if (mode == DIR_BIND_GSSAPI && (rc == LDAP_LOCAL_ERROR || rc == LDAP_AUTH_UNKNOWN ||
                                    rc == LDAP_NOT_SUPPORTED || rc == LDAP_AUTH_METHOD_NOT_SUPPORTED))
        return EK_GSSAPI;
    return EK_OTHER;
}

static void posix_err(struct dir_conn *c, struct err *e, int rc, enum dir_bind mode, bool in_tls)
{
    char *diag = NULL;
    if (c->ld)
        ldap_get_option(c->ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag);
    set_ldap_err(e, posix_kind(rc, mode, in_tls), c->server, rc, ldap_err2string(rc), diag);
    if (diag)
        ldap_memfree(diag);
}

/* Cyrus SASL's sasl_interact_t, mirrored so that no SASL headers are needed
 * (its layout is part of Cyrus SASL's stable ABI). */
struct sasl_interact_mirror {
    unsigned long id;
    const char *challenge;
    const char *prompt;
    const char *defresult;
    const void *result;
    unsigned len;
};

/* GSSAPI asks for nothing that a person must type; take every default. */
static int sasl_defaults(LDAP *ld, unsigned flags, void *defaults, void *in)
{
    (void)ld;
    (void)flags;
    (void)defaults;
    for (struct sasl_interact_mirror *i = in; i && i->id != 0; i++) {
        const char *v = i->defresult ? i->defresult : "";
        i->result = v;
        i->len = (unsigned)strlen(v);
    }
    return LDAP_SUCCESS;
}

bool dirldap_can_bind(enum dir_bind mode)
{
    return mode != DIR_BIND_NEGOTIATE;
}

int dirldap_open(const struct dir_open *o, struct dir_conn **out, struct err *e)
{
    *out = NULL;
    if (!o->uri) {
        err_set(e, "error.ldap.need-uri");
        return -1;
    }
    struct dir_conn *c = calloc(1, sizeof(*c));
    if (!c)
        return err_set(e, "error.memory");
    snprintf(c->server, sizeof(c->server), "%s", o->uri);
    c->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : DIRLDAP_TIMEOUT_MS_DEFAULT;
    bool tls;
    char host[256];
    unsigned port;
    if (uri_split(o->uri, &tls, host, sizeof(host), &port) != 0) {
        err_set(e, "error.ldap.uri");
        err_arg(e, "uri", "%s", o->uri);
        free(c);
        return -1;
    }
    if (o->bind == DIR_BIND_NEGOTIATE) {
        err_set(e, "error.ldap.unsupported");
        err_arg(e, "server", "%s", c->server);
        free(c);
        return -1;
    }
    int rc = ldap_initialize(&c->ld, o->uri);
    if (rc != LDAP_SUCCESS) {
        posix_err(c, e, rc, o->bind, false);
        dirldap_close(c);
        return -1;
    }
    int v3 = LDAP_VERSION3;
    struct timeval tv = tv_ms(c->timeout_ms);
    ldap_set_option(c->ld, LDAP_OPT_PROTOCOL_VERSION, &v3);
    ldap_set_option(c->ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    ldap_set_option(c->ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
    ldap_set_option(c->ld, LDAP_OPT_TIMEOUT, &tv);
    if (o->bind == DIR_BIND_STARTTLS) {
        if (tls) {
            err_set(e, "error.ldap.starttls-ldaps");
            err_arg(e, "server", "%s", c->server);
            dirldap_close(c);
            return -1;
        }
        rc = ldap_start_tls_s(c->ld, NULL, NULL);
        if (rc != LDAP_SUCCESS) {
            posix_err(c, e, rc, o->bind, true);
            if (rc != LDAP_SERVER_DOWN && rc != LDAP_TIMEOUT)
                snprintf(e->key, sizeof(e->key), "%s", errkind_key(EK_TLS));
            dirldap_close(c);
            return -1;
        }
    }
    if (o->bind == DIR_BIND_GSSAPI) {
        rc = ldap_sasl_interactive_bind_s(c->ld, NULL, "GSSAPI", NULL, NULL, LDAP_SASL_QUIET,
                                          sasl_defaults, NULL);
    } else {
        struct berval cred;
        cred.bv_val = (char *)(o->password ? o->password : "");
        cred.bv_len = strlen(cred.bv_val);
        rc = ldap_sasl_bind_s(c->ld, o->bind_user ? o->bind_user : "", LDAP_SASL_SIMPLE, &cred,
                              NULL, NULL, NULL);
        cred.bv_val = NULL;
    }
    if (rc != LDAP_SUCCESS) {
        posix_err(c, e, rc, o->bind, tls);
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
        ldap_unbind_ext_s(c->ld, NULL, NULL);
    free(c);
}

/* Copies the entry MSG into E (strings in A). Returns 0 or -1 (memory). */
static int copy_entry(LDAP *ld, LDAPMessage *msg, struct arena *a, struct dir_entry *e)
{
    char *dn = ldap_get_dn(ld, msg);
    e->dn = arena_strdup(a, dn ? dn : "");
    if (dn)
        ldap_memfree(dn);
    if (!e->dn)
        return -1;
    /* first pass: count */
    size_t n = 0;
    BerElement *ber = NULL;
    for (char *at = ldap_first_attribute(ld, msg, &ber); at; at = ldap_next_attribute(ld, msg, ber)) {
        n++;
        ldap_memfree(at);
    }
    if (ber)
        ber_free(ber, 0);
    if (n == 0)
        return 0;
    e->attrs = arena_calloc(a, n, sizeof(*e->attrs));
    if (!e->attrs)
        return -1;
    ber = NULL;
    int rc = 0;
    for (char *at = ldap_first_attribute(ld, msg, &ber); at && rc == 0;
         at = ldap_next_attribute(ld, msg, ber)) {
        if (e->nattrs < n) {
            struct dir_attr *d = &e->attrs[e->nattrs++];
            struct berval **vals = ldap_get_values_len(ld, msg, at);
            size_t nv = vals ? (size_t)ldap_count_values_len(vals) : 0;
            rc = attr_begin(a, d, arena_strdup(a, at), nv);
            for (size_t i = 0; rc == 0 && i < nv; i++)
                rc = attr_add(a, d, vals[i]->bv_val, vals[i]->bv_len);
            if (vals)
                ldap_value_free_len(vals);
        }
        ldap_memfree(at);
    }
    if (ber)
        ber_free(ber, 0);
    return rc;
}

int dirldap_search(struct dir_conn *c, const struct dir_query *q, struct dir_entries *out, struct err *e)
{
    memset(out, 0, sizeof(*out));
    struct entry_list list = {NULL, 0, 0};
    static const int scopes[] = {LDAP_SCOPE_BASE, LDAP_SCOPE_ONELEVEL, LDAP_SCOPE_SUBTREE};
    unsigned char sdbuf[8];
    LDAPControl sdctl, pgctl;
    memset(&sdctl, 0, sizeof(sdctl));
    memset(&pgctl, 0, sizeof(pgctl));
    sdctl.ldctl_oid = (char *)OID_SD_FLAGS;
    sdctl.ldctl_value.bv_len = ber_sd_flags(sdbuf, q->sd_flags);
    sdctl.ldctl_value.bv_val = (char *)sdbuf;
    sdctl.ldctl_iscritical = 0;
    pgctl.ldctl_oid = (char *)OID_PAGED;
    pgctl.ldctl_iscritical = 0;
    unsigned char *cookie = NULL;
    size_t clen = 0;
    int status = 0;
    for (int page = 0;; page++) {
        size_t plen;
        unsigned char *pv = ber_paged(DIRLDAP_PAGE_SIZE, cookie, clen, &plen);
        if (!pv) {
            status = err_set(e, "error.memory");
            break;
        }
        pgctl.ldctl_value.bv_val = (char *)pv;
        pgctl.ldctl_value.bv_len = plen;
        LDAPControl *ctrls[3];
        int k = 0;
        if (q->sd_flags)
            ctrls[k++] = &sdctl;
        /* base searches need no paging (and some servers refuse it there) */
        if (q->scope != DIR_SCOPE_BASE)
            ctrls[k++] = &pgctl;
        ctrls[k] = NULL;
        struct timeval tv = tv_ms(c->timeout_ms);
        LDAPMessage *res = NULL;
        int rc = ldap_search_ext_s(c->ld, q->base, scopes[q->scope], q->filter, (char **)q->attrs, 0,
                                   ctrls, NULL, &tv, LDAP_NO_LIMIT, &res);
        free(pv);
        if (rc != LDAP_SUCCESS && rc != LDAP_NO_SUCH_OBJECT && rc != LDAP_REFERRAL &&
            rc != LDAP_PARTIAL_RESULTS) {
            posix_err(c, e, rc, DIR_BIND_SIMPLE, false);
            err_arg(e, "base", "%s", q->base);
            err_arg(e, "filter", "%s", q->filter);
            if (res)
                ldap_msgfree(res);
            status = -1;
            break;
        }
        size_t before = list.n;
        for (LDAPMessage *m = res ? ldap_first_entry(c->ld, res) : NULL; m && status == 0;
             m = ldap_next_entry(c->ld, m)) {
            struct dir_entry *de = entry_list_add(&list);
            if (!de || copy_entry(c->ld, m, &out->arena, de) != 0)
                status = err_set(e, "error.memory");
        }
        /* the next page's cookie */
        free(cookie);
        cookie = NULL;
        clen = 0;
        LDAPControl **sctrls = NULL;
        int err = 0;
        if (status == 0 && res && q->scope != DIR_SCOPE_BASE &&
            ldap_parse_result(c->ld, res, &err, NULL, NULL, NULL, &sctrls, 0) == LDAP_SUCCESS && sctrls) {
            for (int i = 0; sctrls[i]; i++) {
                const unsigned char *ck;
                size_t cl;
                if (strcmp(sctrls[i]->ldctl_oid, OID_PAGED) == 0 &&
                    ber_paged_cookie((const unsigned char *)sctrls[i]->ldctl_value.bv_val,
                                     sctrls[i]->ldctl_value.bv_len, &ck, &cl) == 0 && cl > 0) {
                    cookie = malloc(cl);
                    if (!cookie) {
                        status = err_set(e, "error.memory");
                        break;
                    }
                    memcpy(cookie, ck, cl);
                    clen = cl;
                }
            }
        }
        if (sctrls)
            ldap_controls_free(sctrls);
        if (res)
            ldap_msgfree(res);
        trace_page(q->base, page, list.n - before, cookie != NULL);
        if (status != 0 || !cookie || page > 100000)
            break;
    }
    free(cookie);
    if (entry_list_finish(&list, out) != 0 && status == 0)
        status = err_set(e, "error.memory");
    if (status != 0)
        dir_entries_free(out);
    return status;
}

int dirldap_read_password(const char *prompt, char *buf, size_t size)
{
    if (size < 2)
        return -1;
    buf[0] = '\0';
    if (!isatty(STDIN_FILENO))
        return 1;
    struct termios old, quiet;
    if (tcgetattr(STDIN_FILENO, &old) != 0)
        return 1;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    quiet.c_lflag |= ICANON;
    fputs(prompt, stderr);
    fflush(stderr);
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
        return -1;
    char *got = fgets(buf, (int)(size > 0x7fffffff ? 0x7fffffff : size), stdin);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    if (!got)
        return -1;
    size_t n = strlen(buf);
    if (n > 0 && buf[n - 1] == '\n') {
        buf[--n] = '\0';
    } else if (n + 1 >= size) {
        memset(buf, 0, size);
        return -1;
    }
    return 0;
}

#else
/* ================================================================ Windows */

#include "win32/probe_util.h"
#include "win32/w32util.h"
#include <winldap.h>
#include <winber.h>

struct dir_conn {
    LDAP *ld;
    char server[256];
    int timeout_ms;
};

static enum errkind win_kind(ULONG rc, enum dir_bind mode, bool in_tls)
{
    switch (rc) {
    case LDAP_INVALID_CREDENTIALS: return EK_CREDENTIALS;
    case LDAP_STRONG_AUTH_REQUIRED:
    case 13: /* LDAP_CONFIDENTIALITY_REQUIRED */ return EK_STRONG;
    case LDAP_SERVER_DOWN: return EK_DOWN;
    case LDAP_TIMEOUT:
    case LDAP_TIMELIMIT_EXCEEDED: return EK_TIMEOUT;
    case LDAP_CONNECT_ERROR: return in_tls ? EK_TLS : EK_DOWN;
    default: break;
    }
    /* LdapGetLastError() can hand back a Winsock code (Wine does after a
     * failed asynchronous bind, since its ldap_connect connects nothing):
     * WSAETIMEDOUT is the deadline, every other one the server not there. */
    if (rc == 10060)
        return EK_TIMEOUT;
    if (rc >= 10000 && rc < 12000)
        return EK_DOWN;
    if ((mode == DIR_BIND_NEGOTIATE || mode == DIR_BIND_GSSAPI) &&
        (rc == LDAP_LOCAL_ERROR || rc == LDAP_AUTH_UNKNOWN || rc == LDAP_NOT_SUPPORTED ||
         rc == LDAP_AUTH_METHOD_NOT_SUPPORTED))
        return EK_GSSAPI;
    return EK_OTHER;
}

static void win_err(struct dir_conn *c, struct err *e, ULONG rc, enum dir_bind mode, bool in_tls)
{
    char text[256] = "";
    char diag[256] = "";
    const wchar_t *t = ldap_err2stringW(rc);
    if (rc >= 10000 && rc < 12000)
        snprintf(text, sizeof(text), "Winsock error %lu", (unsigned long)rc);
    else if (t)
        w32_narrow_buf(t, -1, text, sizeof(text));
    wchar_t *d = NULL;
    /* the server's own text exists only for result codes the server sent
     * (below 0x50); asking after a local failure crashed Wine's wldap32 */
    if (c->ld && rc < 0x50 && ldap_get_optionW(c->ld, LDAP_OPT_SERVER_ERROR, &d) == LDAP_SUCCESS && d) {
        w32_narrow_buf(d, -1, diag, sizeof(diag));
        ldap_memfreeW(d);
    }
    set_ldap_err(e, win_kind(rc, mode, in_tls), c->server, (long)rc, text, diag);
}

bool dirldap_can_bind(enum dir_bind mode)
{
    (void)mode;
    return true;
}

int dirldap_open(const struct dir_open *o, struct dir_conn **out, struct err *e)
{
    *out = NULL;
    struct dir_conn *c = calloc(1, sizeof(*c));
    if (!c)
        return err_set(e, "error.memory");
    c->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : DIRLDAP_TIMEOUT_MS_DEFAULT;
    bool tls = false;
    char host[256] = "";
    unsigned port = LDAP_PORT;
    if (o->uri) {
        snprintf(c->server, sizeof(c->server), "%s", o->uri);
        if (uri_split(o->uri, &tls, host, sizeof(host), &port) != 0) {
            err_set(e, "error.ldap.uri");
            err_arg(e, "uri", "%s", o->uri);
            free(c);
            return -1;
        }
    } else {
        snprintf(c->server, sizeof(c->server), "%s", "(DC locator)");
    }
    wchar_t *whost = host[0] ? w32_widen(host) : NULL;
    if (host[0] && !whost) {
        free(c);
        return err_set(e, "error.memory");
    }
    c->ld = tls ? ldap_sslinitW(whost, port, 1) : ldap_initW(whost, port);
    free(whost);
    if (!c->ld) {
        win_err(c, e, LdapGetLastError(), o->bind, tls);
        dirldap_close(c);
        return -1;
    }
    ULONG v3 = LDAP_VERSION3;
    ULONG limit = (ULONG)((c->timeout_ms + 999) / 1000);
    ldap_set_optionW(c->ld, LDAP_OPT_PROTOCOL_VERSION, &v3);
    ldap_set_optionW(c->ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    ldap_set_optionW(c->ld, LDAP_OPT_TIMELIMIT, &limit);
    struct l_timeval tv;
    tv.tv_sec = c->timeout_ms / 1000;
    tv.tv_usec = (c->timeout_ms % 1000) * 1000;
    ULONG rc = ldap_connect(c->ld, &tv);
    if (rc != LDAP_SUCCESS) {
        win_err(c, e, rc, o->bind, tls);
        dirldap_close(c);
        return -1;
    }
    if (!o->uri) {
        /* the DC the locator chose, for messages */
        wchar_t *name = NULL;
        if (ldap_get_optionW(c->ld, LDAP_OPT_HOST_NAME, &name) == LDAP_SUCCESS && name)
            w32_narrow_buf(name, -1, c->server, sizeof(c->server));
    }
    if (o->bind == DIR_BIND_STARTTLS) {
        if (tls) {
            err_set(e, "error.ldap.starttls-ldaps");
            err_arg(e, "server", "%s", c->server);
            dirldap_close(c);
            return -1;
        }
        ULONG srv = 0;
        rc = ldap_start_tls_sW(c->ld, &srv, NULL, NULL, NULL);
        if (rc != LDAP_SUCCESS) {
            win_err(c, e, rc, o->bind, true);
            if (rc != LDAP_SERVER_DOWN && rc != LDAP_TIMEOUT)
                snprintf(e->key, sizeof(e->key), "%s", errkind_key(EK_TLS));
            dirldap_close(c);
            return -1;
        }
    }
    if (o->bind == DIR_BIND_NEGOTIATE || o->bind == DIR_BIND_GSSAPI) {
        /* Wine 8's wldap32 dereferences the NULL credentials that mean "the
         * logged-on user" and crashes once a server answers: refuse there */
        if (probe_is_wine()) {
            err_set(e, "error.ldap.unsupported");
            err_arg(e, "server", "%s", c->server);
            dirldap_close(c);
            return -1;
        }
        /* sign and seal over plain LDAP: DCs that enforce LDAP signing
         * refuse unsigned SASL binds */
        if (!tls) {
            ldap_set_optionW(c->ld, LDAP_OPT_SIGN, LDAP_OPT_ON);
            ldap_set_optionW(c->ld, LDAP_OPT_ENCRYPT, LDAP_OPT_ON);
        }
        /* SSPI with the logged-on user's credentials; no asynchronous form */
        rc = ldap_bind_sW(c->ld, NULL, NULL, LDAP_AUTH_NEGOTIATE);
    } else {
        wchar_t *wu = w32_widen(o->bind_user ? o->bind_user : "");
        wchar_t *wp = w32_widen(o->password ? o->password : "");
        if (!wu || !wp) {
            free(wu);
            if (wp) {
                SecureZeroMemory(wp, wcslen(wp) * sizeof(wchar_t));
                free(wp);
            }
            dirldap_close(c);
            return err_set(e, "error.memory");
        }
        /* asynchronous, so that the bind has a deadline too */
        ULONG id = ldap_simple_bindW(c->ld, wu, wp);
        SecureZeroMemory(wp, wcslen(wp) * sizeof(wchar_t));
        free(wp);
        free(wu);
        if (id == (ULONG)-1) {
            rc = LdapGetLastError();
        } else {
            LDAPMessage *res = NULL;
            struct l_timeval btv = tv;
            ULONG got = ldap_result(c->ld, id, LDAP_MSG_ALL, &btv, &res);
            if (got == 0) {
                ldap_abandon(c->ld, id);
                rc = LDAP_TIMEOUT;
            } else if (got == (ULONG)-1 || !res) {
                rc = LdapGetLastError();
                if (rc == LDAP_SUCCESS)
                    rc = LDAP_SERVER_DOWN;
            } else {
                rc = ldap_result2error(c->ld, res, TRUE);
            }
        }
    }
    if (rc != LDAP_SUCCESS) {
        win_err(c, e, rc, o->bind, tls);
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
        ldap_unbind(c->ld);
    free(c);
}

static char *narrow_arena(struct arena *a, const wchar_t *w)
{
    char *s = w32_narrow(w ? w : L"");
    if (!s)
        return NULL;
    char *copy = arena_strdup(a, s);
    free(s);
    return copy;
}

static int copy_entry(LDAP *ld, LDAPMessage *msg, struct arena *a, struct dir_entry *e)
{
    wchar_t *dn = ldap_get_dnW(ld, msg);
    e->dn = narrow_arena(a, dn);
    if (dn)
        ldap_memfreeW(dn);
    if (!e->dn)
        return -1;
    size_t n = 0;
    BerElement *ber = NULL;
    for (wchar_t *at = ldap_first_attributeW(ld, msg, &ber); at; at = ldap_next_attributeW(ld, msg, ber)) {
        n++;
        ldap_memfreeW(at);
    }
    if (ber)
        ber_free(ber, 0);
    if (n == 0)
        return 0;
    e->attrs = arena_calloc(a, n, sizeof(*e->attrs));
    if (!e->attrs)
        return -1;
    ber = NULL;
    int rc = 0;
    for (wchar_t *at = ldap_first_attributeW(ld, msg, &ber); at && rc == 0;
         at = ldap_next_attributeW(ld, msg, ber)) {
        if (e->nattrs < n) {
            struct dir_attr *d = &e->attrs[e->nattrs++];
            struct berval **vals = ldap_get_values_lenW(ld, msg, at);
            size_t nv = vals ? (size_t)ldap_count_values_len(vals) : 0;
            rc = attr_begin(a, d, narrow_arena(a, at), nv);
            for (size_t i = 0; rc == 0 && i < nv; i++)
                rc = attr_add(a, d, vals[i]->bv_val, vals[i]->bv_len);
            if (vals)
                ldap_value_free_len(vals);
        }
        ldap_memfreeW(at);
    }
    if (ber)
        ber_free(ber, 0);
    return rc;
}

int dirldap_search(struct dir_conn *c, const struct dir_query *q, struct dir_entries *out, struct err *e)
{
    memset(out, 0, sizeof(*out));
    struct entry_list list = {NULL, 0, 0};
    static const ULONG scopes[] = {LDAP_SCOPE_BASE, LDAP_SCOPE_ONELEVEL, LDAP_SCOPE_SUBTREE};
    wchar_t *wbase = w32_widen(q->base);
    wchar_t *wfilter = w32_widen(q->filter);
    size_t nattrs = 0;
    while (q->attrs && q->attrs[nattrs])
        nattrs++;
    wchar_t **wattrs = calloc(nattrs + 1, sizeof(*wattrs));
    int status = 0;
    if (!wbase || !wfilter || !wattrs)
        status = err_set(e, "error.memory");
    for (size_t i = 0; status == 0 && i < nattrs; i++)
        if (!(wattrs[i] = w32_widen(q->attrs[i])))
            status = err_set(e, "error.memory");
    unsigned char sdbuf[8];
    LDAPControlW sdctl, pgctl;
    memset(&sdctl, 0, sizeof(sdctl));
    memset(&pgctl, 0, sizeof(pgctl));
    sdctl.ldctl_oid = (PWCHAR)L"" OID_SD_FLAGS;
    sdctl.ldctl_value.bv_len = (ULONG)ber_sd_flags(sdbuf, q->sd_flags);
    sdctl.ldctl_value.bv_val = (char *)sdbuf;
    sdctl.ldctl_iscritical = FALSE;
    pgctl.ldctl_oid = (PWCHAR)L"" OID_PAGED;
    pgctl.ldctl_iscritical = FALSE;
    unsigned char *cookie = NULL;
    size_t clen = 0;
    for (int page = 0; status == 0; page++) {
        size_t plen;
        unsigned char *pv = ber_paged(DIRLDAP_PAGE_SIZE, cookie, clen, &plen);
        if (!pv) {
            status = err_set(e, "error.memory");
            break;
        }
        pgctl.ldctl_value.bv_val = (char *)pv;
        pgctl.ldctl_value.bv_len = (ULONG)plen;
        PLDAPControlW ctrls[3];
        int k = 0;
        if (q->sd_flags)
            ctrls[k++] = &sdctl;
        if (q->scope != DIR_SCOPE_BASE)
            ctrls[k++] = &pgctl;
        ctrls[k] = NULL;
        struct l_timeval tv;
        tv.tv_sec = c->timeout_ms / 1000;
        tv.tv_usec = (c->timeout_ms % 1000) * 1000;
        LDAPMessage *res = NULL;
        ULONG rc = ldap_search_ext_sW(c->ld, wbase, scopes[q->scope], wfilter, nattrs ? wattrs : NULL, 0,
                                      ctrls, NULL, &tv, 0, &res);
        free(pv);
        if (rc != LDAP_SUCCESS && rc != LDAP_NO_SUCH_OBJECT && rc != LDAP_REFERRAL &&
            rc != LDAP_PARTIAL_RESULTS && rc != 0x0a /* LDAP_REFERRAL_V2 */) {
            win_err(c, e, rc, DIR_BIND_SIMPLE, false);
            err_arg(e, "base", "%s", q->base);
            err_arg(e, "filter", "%s", q->filter);
            if (res)
                ldap_msgfree(res);
            status = -1;
            break;
        }
        size_t before = list.n;
        for (LDAPMessage *m = res ? ldap_first_entry(c->ld, res) : NULL; m && status == 0;
             m = ldap_next_entry(c->ld, m)) {
            struct dir_entry *de = entry_list_add(&list);
            if (!de || copy_entry(c->ld, m, &out->arena, de) != 0)
                status = err_set(e, "error.memory");
        }
        free(cookie);
        cookie = NULL;
        clen = 0;
        PLDAPControlW *sctrls = NULL;
        ULONG err = 0;
        if (status == 0 && res && q->scope != DIR_SCOPE_BASE &&
            ldap_parse_resultW(c->ld, res, &err, NULL, NULL, NULL, &sctrls, FALSE) == LDAP_SUCCESS && sctrls) {
            for (int i = 0; sctrls[i]; i++) {
                const unsigned char *ck;
                size_t cl;
                if (wcscmp(sctrls[i]->ldctl_oid, L"" OID_PAGED) == 0 &&
                    ber_paged_cookie((const unsigned char *)sctrls[i]->ldctl_value.bv_val,
                                     sctrls[i]->ldctl_value.bv_len, &ck, &cl) == 0 && cl > 0) {
                    cookie = malloc(cl);
                    if (!cookie) {
                        status = err_set(e, "error.memory");
                        break;
                    }
                    memcpy(cookie, ck, cl);
                    clen = cl;
                }
            }
        }
        if (sctrls)
            ldap_controls_freeW(sctrls);
        if (res)
            ldap_msgfree(res);
        trace_page(q->base, page, list.n - before, cookie != NULL);
        if (!cookie || page > 100000)
            break;
    }
    free(cookie);
    for (size_t i = 0; wattrs && i < nattrs; i++)
        free(wattrs[i]);
    free(wattrs);
    free(wbase);
    free(wfilter);
    if (entry_list_finish(&list, out) != 0 && status == 0)
        status = err_set(e, "error.memory");
    if (status != 0)
        dir_entries_free(out);
    return status;
}

int dirldap_read_password(const char *prompt, char *buf, size_t size)
{
    if (size < 2)
        return -1;
    buf[0] = '\0';
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode;
    if (in == NULL || in == INVALID_HANDLE_VALUE || !GetConsoleMode(in, &mode))
        return 1;
    HANDLE errh = GetStdHandle(STD_ERROR_HANDLE);
    DWORD emode, wrote;
    wchar_t *wp = w32_widen(prompt);
    if (wp && errh && errh != INVALID_HANDLE_VALUE && GetConsoleMode(errh, &emode))
        WriteConsoleW(errh, wp, (DWORD)wcslen(wp), &wrote, NULL);
    else
        fputs(prompt, stderr);
    free(wp);
    fflush(stderr);
    SetConsoleMode(in, (mode & ~(DWORD)ENABLE_ECHO_INPUT) | ENABLE_LINE_INPUT | ENABLE_PROCESSED_INPUT);
    wchar_t wbuf[512];
    DWORD got = 0;
    BOOL ok = ReadConsoleW(in, wbuf, (DWORD)(sizeof(wbuf) / sizeof(wbuf[0]) - 1), &got, NULL);
    SetConsoleMode(in, mode);
    fputc('\n', stderr);
    if (!ok)
        return -1;
    while (got > 0 && (wbuf[got - 1] == L'\n' || wbuf[got - 1] == L'\r'))
        got--;
    wbuf[got] = L'\0';
    int n = w32_narrow_buf(wbuf, (int)got, buf, size);
    SecureZeroMemory(wbuf, sizeof(wbuf));
    return n < 0 ? -1 : 0;
}

#endif
