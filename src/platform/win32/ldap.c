/* win32/ldap.c: the LDAP client's primitives (ldap_common.h) on wldap32,
 * and the password prompt on a Windows console. */
#include "../ldap_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe_util.h"
#include "w32util.h"
#include <winldap.h>
#include <winber.h>

/* Winsock codes as LdapGetLastError() can hand them back. */
#define WSA_FIRST     10000
#define WSA_END       12000
#define WSA_TIMEDOUT  10060

/* MS as an l_timeval; at least 1 ms (zero would mean "no limit"). */
static struct l_timeval tv_ms(int ms)
{
    if (ms < 1)
        ms = 1;
    struct l_timeval tv;
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}

bool dirldap_can_bind(enum dir_bind mode)
{
    (void)mode;
    return true;
}

bool dirldap_sys_locator(void)
{
    return true;
}

enum dirldap_cause dirldap_sys_cause(long rc)
{
    switch (rc) {
    case LDAP_SERVER_DOWN: return DIRLDAP_CAUSE_DOWN;
    case LDAP_TIMEOUT: return DIRLDAP_CAUSE_TIMEOUT;
    case LDAP_CONNECT_ERROR: return DIRLDAP_CAUSE_CONNECT;
    case LDAP_LOCAL_ERROR:
    case LDAP_AUTH_UNKNOWN:
    case LDAP_NOT_SUPPORTED: return DIRLDAP_CAUSE_AUTH;
    default: break;
    }
    /* LdapGetLastError() can hand back a Winsock code (Wine does after a
     * failed asynchronous bind, since its ldap_connect connects nothing):
     * WSAETIMEDOUT is the deadline, every other one the server not there. */
    if (rc == WSA_TIMEDOUT)
        return DIRLDAP_CAUSE_SOCKET_TIMEOUT;
    if (rc >= WSA_FIRST && rc < WSA_END)
        return DIRLDAP_CAUSE_SOCKET;
    return DIRLDAP_CAUSE_OTHER;
}

void dirldap_sys_text(const struct dir_conn *c, long rc, char *text, size_t tsize, char *diag,
                      size_t dsize)
{
    const wchar_t *t = ldap_err2stringW((ULONG)rc);
    if (rc >= WSA_FIRST && rc < WSA_END)
        snprintf(text, tsize, "Winsock error %lu", (unsigned long)rc);
    else if (t)
        w32_narrow_buf(t, -1, text, tsize);
    wchar_t *d = NULL;
    /* the server's own text exists only for result codes the server sent
     * (below 0x50); asking after a local failure crashed Wine's wldap32 */
    if (c->ld && rc < 0x50 && ldap_get_optionW(c->ld, LDAP_OPT_SERVER_ERROR, &d) == LDAP_SUCCESS && d) {
        w32_narrow_buf(d, -1, diag, dsize);
        ldap_memfreeW(d);
    }
}

/* The handle to T in *LD (ldap_sslinitW for ldaps://; host "" = the DC
 * locator), NULL when the library refused (LdapGetLastError() says why).
 * Returns 0, or -1 when out of memory. */
static int open_handle(const struct dirldap_target *t, LDAP **ld)
{
    wchar_t *whost = t->host[0] ? w32_widen(t->host) : NULL;
    if (t->host[0] && !whost)
        return -1;
    *ld = t->tls ? ldap_sslinitW(whost, t->port, 1) : ldap_initW(whost, t->port);
    free(whost);
    return 0;
}

int dirldap_sys_connect(struct dir_conn *c, const struct dir_open *o, const struct dirldap_target *t,
                        struct err *e)
{
    LDAP *ld = NULL;
    if (open_handle(t, &ld) != 0)
        return err_set(e, "error.memory");
    if (!ld) {
        dirldap_fail(c, e, (long)LdapGetLastError(), o->bind, t->tls);
        return -1;
    }
    c->ld = ld;
    ULONG v3 = LDAP_VERSION3;
    int left = dirldap_left_ms(c);
    ULONG limit = (ULONG)((left + 999) / 1000);
    ldap_set_optionW(ld, LDAP_OPT_PROTOCOL_VERSION, &v3);
    ldap_set_optionW(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    ldap_set_optionW(ld, LDAP_OPT_TIMELIMIT, &limit);
    struct l_timeval tv = tv_ms(left);
    ULONG rc = ldap_connect(ld, &tv);
    if (rc != LDAP_SUCCESS) {
        dirldap_fail(c, e, (long)rc, o->bind, t->tls);
        return -1;
    }
    if (!o->uri) {
        /* the DC the locator chose, for messages */
        wchar_t *name = NULL;
        if (ldap_get_optionW(ld, LDAP_OPT_HOST_NAME, &name) == LDAP_SUCCESS && name)
            w32_narrow_buf(name, -1, c->server, sizeof(c->server));
    }
    return 0;
}

/* ---- the calls wldap32 gives no timeout: in a worker, with a deadline ---- */

enum sync_call { CALL_STARTTLS, CALL_NEGOTIATE };

struct sync_job {
    LDAP *ld;                    /* the worker's to release unless KEPT */
    enum sync_call call;
    bool tls;
    ULONG rc;
    bool kept;                   /* the caller took the handle back (the call returned in time) */
};

static void sync_run(void *p)
{
    struct sync_job *j = p;
    if (j->call == CALL_STARTTLS) {
        ULONG srv = 0;
        j->rc = ldap_start_tls_sW(j->ld, &srv, NULL, NULL, NULL);
        return;
    }
    /* SSPI with the logged-on user's credentials; sign and seal over plain
     * LDAP: DCs that enforce LDAP signing refuse unsigned SASL binds */
    if (!j->tls) {
        ldap_set_optionW(j->ld, LDAP_OPT_SIGN, LDAP_OPT_ON);
        ldap_set_optionW(j->ld, LDAP_OPT_ENCRYPT, LDAP_OPT_ON);
    }
    j->rc = ldap_bind_sW(j->ld, NULL, NULL, LDAP_AUTH_NEGOTIATE);
}

/* Released by whichever side lets go last: an abandoned call's handle is
 * unbound once the call has returned. */
static void sync_free(void *p)
{
    struct sync_job *j = p;
    if (!j->kept && j->ld)
        ldap_unbind(j->ld);
    free(j);
}

/* Runs CALL on C's handle within what is left of C's time. Past the
 * deadline the call is abandoned with the handle (C has none after that)
 * and LDAP_TIMEOUT is the answer. */
static ULONG sync_call(struct dir_conn *c, enum sync_call call, bool tls)
{
    struct sync_job *j = calloc(1, sizeof(*j));
    if (!j)
        return LDAP_NO_MEMORY;
    j->ld = c->ld;
    j->call = call;
    j->tls = tls;
    struct probe_job *job = probe_job_start(sync_run, j, sync_free);
    if (!job) {
        free(j);
        return LDAP_LOCAL_ERROR;
    }
    ULONG rc;
    if (probe_job_wait(job, (DWORD)dirldap_left_ms(c))) {
        rc = j->rc;
        j->kept = true;
    } else {
        rc = LDAP_TIMEOUT;
        c->ld = NULL;            /* the worker releases it when the call returns */
    }
    probe_job_release(job);
    return rc;
}

long dirldap_sys_starttls(struct dir_conn *c)
{
    return (long)sync_call(c, CALL_STARTTLS, false);
}

/* A simple bind, asynchronous so that it has a deadline too. USER and
 * PASSWORD are UTF-16. */
static ULONG bind_simple(LDAP *ld, wchar_t *user, wchar_t *password, int timeout_ms)
{
    ULONG id = ldap_simple_bindW(ld, user, password);
    if (id == (ULONG)-1)
        return LdapGetLastError();
    LDAPMessage *res = NULL;
    struct l_timeval tv = tv_ms(timeout_ms);
    ULONG got = ldap_result(ld, id, LDAP_MSG_ALL, &tv, &res);
    if (got == 0) {
        ldap_abandon(ld, id);
        return LDAP_TIMEOUT;
    }
    if (got == (ULONG)-1 || !res) {
        ULONG rc = LdapGetLastError();
        return rc == LDAP_SUCCESS ? LDAP_SERVER_DOWN : rc;
    }
    return ldap_result2error(ld, res, TRUE);
}

/* Frees the UTF-16 password P, cleared first (NULL allowed). */
static void password_free(wchar_t *p)
{
    if (!p)
        return;
    SecureZeroMemory(p, wcslen(p) * sizeof(wchar_t));
    free(p);
}

int dirldap_sys_bind(struct dir_conn *c, const struct dir_open *o, bool tls, struct err *e)
{
    ULONG rc;
    if (o->bind == DIR_BIND_NEGOTIATE || o->bind == DIR_BIND_GSSAPI) {
        /* Wine 8's wldap32 dereferences the NULL credentials that mean "the
         * logged-on user" and crashes once a server answers: refuse there */
        if (probe_is_wine())
            return dirldap_refuse(c, e, "error.ldap.unsupported");
        rc = sync_call(c, CALL_NEGOTIATE, tls);
    } else {
        wchar_t *wu = w32_widen(o->bind_user ? o->bind_user : "");
        wchar_t *wp = w32_widen(o->password ? o->password : "");
        if (!wu || !wp) {
            free(wu);
            password_free(wp);
            return err_set(e, "error.memory");
        }
        rc = bind_simple(c->ld, wu, wp, dirldap_left_ms(c));
        password_free(wp);
        free(wu);
    }
    if (rc != LDAP_SUCCESS) {
        dirldap_fail(c, e, (long)rc, o->bind, tls);
        return -1;
    }
    return 0;
}

void dirldap_sys_unbind(void *ld)
{
    ldap_unbind(ld);
}

/* ---- one page of results ---- */

struct dirldap_page {
    LDAP *ld;                    /* borrowed from the connection */
    LDAPMessage *res;            /* the response */
    LDAPMessage *entry;          /* the current entry, or NULL before the first */
    BerElement *ber;             /* the cursor over its attributes */
    bool attrs_begun;
    wchar_t *attr;               /* the current attribute's name */
    struct berval **vals;        /* and its values */
    PLDAPControlW *ctrls;        /* the response's controls, once parsed */
};

static void attr_release(struct dirldap_page *p)
{
    if (p->vals)
        ldap_value_free_len(p->vals);
    p->vals = NULL;
    if (p->attr)
        ldap_memfreeW(p->attr);
    p->attr = NULL;
}

static void entry_release(struct dirldap_page *p)
{
    attr_release(p);
    if (p->ber)
        ber_free(p->ber, 0);
    p->ber = NULL;
    p->attrs_begun = false;
}

/* Q's base, filter and attributes in UTF-16, for one search. */
struct wquery {
    wchar_t *base;
    wchar_t *filter;
    wchar_t **attrs;             /* NULL-terminated */
    size_t nattrs;
};

static void wquery_free(struct wquery *w)
{
    for (size_t i = 0; w->attrs && i < w->nattrs; i++)
        free(w->attrs[i]);
    free(w->attrs);
    free(w->base);
    free(w->filter);
}

/* Widens Q into W. Returns 0, or -1 when out of memory (W to be freed). */
static int wquery_make(const struct dir_query *q, struct wquery *w)
{
    memset(w, 0, sizeof(*w));
    while (q->attrs && q->attrs[w->nattrs])
        w->nattrs++;
    w->base = w32_widen(q->base);
    w->filter = w32_widen(q->filter);
    w->attrs = calloc(w->nattrs + 1, sizeof(*w->attrs));
    if (!w->base || !w->filter || !w->attrs)
        return -1;
    for (size_t i = 0; i < w->nattrs; i++)
        if (!(w->attrs[i] = w32_widen(q->attrs[i])))
            return -1;
    return 0;
}

/* The control OID with value V (borrowed). */
static LDAPControlW control(const wchar_t *oid, const struct dirldap_bytes *v)
{
    LDAPControlW ctl;
    memset(&ctl, 0, sizeof(ctl));
    ctl.ldctl_oid = (PWCHAR)oid;
    ctl.ldctl_value.bv_val = (char *)v->data;
    ctl.ldctl_value.bv_len = (ULONG)v->len;
    ctl.ldctl_iscritical = FALSE;
    return ctl;
}

long dirldap_sys_search(struct dir_conn *c, const struct dir_query *q, const struct dirldap_bytes *sd,
                        const struct dirldap_bytes *paged, struct dirldap_page **out)
{
    static const ULONG scopes[] = {LDAP_SCOPE_BASE, LDAP_SCOPE_ONELEVEL, LDAP_SCOPE_SUBTREE};
    *out = NULL;
    struct wquery w;
    struct dirldap_page *p = wquery_make(q, &w) == 0 ? calloc(1, sizeof(*p)) : NULL;
    if (!p) {
        wquery_free(&w);
        return LDAP_NO_MEMORY;
    }
    LDAPControlW sdctl, pgctl;
    PLDAPControlW ctrls[3];
    int k = 0;
    if (sd) {
        sdctl = control(L"" DIRLDAP_OID_SD_FLAGS, sd);
        ctrls[k++] = &sdctl;
    }
    if (paged) {
        pgctl = control(L"" DIRLDAP_OID_PAGED, paged);
        ctrls[k++] = &pgctl;
    }
    ctrls[k] = NULL;
    struct l_timeval tv = tv_ms(dirldap_left_ms(c));
    p->ld = c->ld;
    ULONG rc = ldap_search_ext_sW(p->ld, w.base, scopes[q->scope], w.filter, w.nattrs ? w.attrs : NULL, 0,
                                  ctrls, NULL, &tv, 0, &p->res);
    wquery_free(&w);
    *out = p;
    return (long)rc;
}

void dirldap_sys_page_free(struct dirldap_page *p)
{
    if (!p)
        return;
    entry_release(p);
    if (p->ctrls)
        ldap_controls_freeW(p->ctrls);
    if (p->res)
        ldap_msgfree(p->res);
    free(p);
}

bool dirldap_sys_next_entry(struct dirldap_page *p)
{
    entry_release(p);
    if (!p->res)
        return false;
    p->entry = p->entry ? ldap_next_entry(p->ld, p->entry) : ldap_first_entry(p->ld, p->res);
    return p->entry != NULL;
}

/* W (NULL = "") as UTF-8 in A; NULL when out of memory. */
static char *narrow_arena(struct arena *a, const wchar_t *w)
{
    char *s = w32_narrow(w ? w : L"");
    if (!s)
        return NULL;
    char *copy = arena_strdup(a, s);
    free(s);
    return copy;
}

const char *dirldap_sys_entry_dn(struct dirldap_page *p, struct arena *a)
{
    wchar_t *dn = ldap_get_dnW(p->ld, p->entry);
    const char *copy = narrow_arena(a, dn);
    if (dn)
        ldap_memfreeW(dn);
    return copy;
}

size_t dirldap_sys_attr_count(struct dirldap_page *p)
{
    size_t n = 0;
    BerElement *ber = NULL;
    for (wchar_t *at = ldap_first_attributeW(p->ld, p->entry, &ber); at;
         at = ldap_next_attributeW(p->ld, p->entry, ber)) {
        n++;
        ldap_memfreeW(at);
    }
    if (ber)
        ber_free(ber, 0);
    return n;
}

bool dirldap_sys_next_attr(struct dirldap_page *p, struct arena *a, const char **name, size_t *nvalues)
{
    attr_release(p);
    if (!p->attrs_begun) {
        p->attrs_begun = true;
        p->attr = ldap_first_attributeW(p->ld, p->entry, &p->ber);
    } else {
        p->attr = p->ber ? ldap_next_attributeW(p->ld, p->entry, p->ber) : NULL;
    }
    if (!p->attr)
        return false;
    p->vals = ldap_get_values_lenW(p->ld, p->entry, p->attr);
    *nvalues = p->vals ? (size_t)ldap_count_values_len(p->vals) : 0;
    *name = narrow_arena(a, p->attr);
    return true;
}

struct dirldap_bytes dirldap_sys_value(const struct dirldap_page *p, size_t i)
{
    struct dirldap_bytes v = {p->vals[i]->bv_val, p->vals[i]->bv_len};
    return v;
}

int dirldap_sys_paged_response(struct dirldap_page *p, struct dirldap_bytes *value)
{
    ULONG err = 0;
    if (!p->res || (!p->ctrls && ldap_parse_resultW(p->ld, p->res, &err, NULL, NULL, NULL, &p->ctrls,
                                                    FALSE) != LDAP_SUCCESS))
        return -1;
    for (int i = 0; p->ctrls && p->ctrls[i]; i++)
        if (wcscmp(p->ctrls[i]->ldctl_oid, L"" DIRLDAP_OID_PAGED) == 0) {
            value->data = p->ctrls[i]->ldctl_value.bv_val;
            value->len = p->ctrls[i]->ldctl_value.bv_len;
            return 0;
        }
    return -1;
}

/* ---- the password prompt ---- */

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
