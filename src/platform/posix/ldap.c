/* posix/ldap.c: the LDAP client's primitives (ldap_common.h) on OpenLDAP's
 * libldap, and the password prompt on a POSIX terminal. */
#define _POSIX_C_SOURCE 200809L

#include "../ldap_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <sys/time.h>
#include <termios.h>
#include <unistd.h>

/* MS as a timeval; at least 1 ms (a zero timeval means "poll" to some
 * calls and "no limit" to others). */
static struct timeval tv_ms(int ms)
{
    if (ms < 1)
        ms = 1;
    struct timeval tv;
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}

bool dirldap_can_bind(enum dir_bind mode)
{
    return mode != DIR_BIND_NEGOTIATE;
}

bool dirldap_sys_locator(void)
{
    return false;
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
    default: return DIRLDAP_CAUSE_OTHER;
    }
}

void dirldap_sys_text(const struct dir_conn *c, long rc, char *text, size_t tsize, char *diag,
                      size_t dsize)
{
    snprintf(text, tsize, "%s", ldap_err2string((int)rc));
    char *d = NULL;
    if (c->ld)
        ldap_get_option(c->ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &d);
    if (d) {
        snprintf(diag, dsize, "%s", d);
        ldap_memfree(d);
    }
}

/* The connect and the synchronous calls (StartTLS, the bind) may take what
 * is left of C's time; libldap reads both options when a call begins
 * (the connect happens lazily, with the first call). */
static void limits(struct dir_conn *c)
{
    struct timeval tv = tv_ms(dirldap_left_ms(c));
    ldap_set_option(c->ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
    ldap_set_option(c->ld, LDAP_OPT_TIMEOUT, &tv);
}

int dirldap_sys_connect(struct dir_conn *c, const struct dir_open *o, const struct dirldap_target *t,
                        struct err *e)
{
    (void)t;
    LDAP *ld = NULL;
    int rc = ldap_initialize(&ld, o->uri);
    if (rc != LDAP_SUCCESS) {
        dirldap_fail(c, e, rc, o->bind, false);
        return -1;
    }
    c->ld = ld;
    int v3 = LDAP_VERSION3;
    ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v3);
    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    limits(c);
    return 0;
}

long dirldap_sys_starttls(struct dir_conn *c)
{
    limits(c);
    return ldap_start_tls_s(c->ld, NULL, NULL);
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

int dirldap_sys_bind(struct dir_conn *c, const struct dir_open *o, bool tls, struct err *e)
{
    int rc;
    limits(c);
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
        dirldap_fail(c, e, rc, o->bind, tls);
        return -1;
    }
    return 0;
}

void dirldap_sys_unbind(void *ld)
{
    ldap_unbind_ext_s(ld, NULL, NULL);
}

/* ---- one page of results ---- */

struct dirldap_page {
    LDAP *ld;                    /* borrowed from the connection */
    LDAPMessage *res;            /* the response */
    LDAPMessage *entry;          /* the current entry, or NULL before the first */
    BerElement *ber;             /* the cursor over its attributes */
    bool attrs_begun;
    char *attr;                  /* the current attribute's name */
    struct berval **vals;        /* and its values */
    LDAPControl **ctrls;         /* the response's controls, once parsed */
};

static void attr_release(struct dirldap_page *p)
{
    if (p->vals)
        ldap_value_free_len(p->vals);
    p->vals = NULL;
    if (p->attr)
        ldap_memfree(p->attr);
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

long dirldap_sys_search(struct dir_conn *c, const struct dir_query *q, const struct dirldap_bytes *sd,
                        const struct dirldap_bytes *paged, struct dirldap_page **out)
{
    static const int scopes[] = {LDAP_SCOPE_BASE, LDAP_SCOPE_ONELEVEL, LDAP_SCOPE_SUBTREE};
    *out = NULL;
    struct dirldap_page *p = calloc(1, sizeof(*p));
    if (!p)
        return LDAP_NO_MEMORY;
    LDAPControl sdctl, pgctl;
    memset(&sdctl, 0, sizeof(sdctl));
    memset(&pgctl, 0, sizeof(pgctl));
    LDAPControl *ctrls[3];
    int k = 0;
    if (sd) {
        sdctl.ldctl_oid = (char *)DIRLDAP_OID_SD_FLAGS;
        sdctl.ldctl_value.bv_val = (char *)sd->data;
        sdctl.ldctl_value.bv_len = sd->len;
        ctrls[k++] = &sdctl;
    }
    if (paged) {
        pgctl.ldctl_oid = (char *)DIRLDAP_OID_PAGED;
        pgctl.ldctl_value.bv_val = (char *)paged->data;
        pgctl.ldctl_value.bv_len = paged->len;
        ctrls[k++] = &pgctl;
    }
    ctrls[k] = NULL;
    struct timeval tv = tv_ms(dirldap_left_ms(c));
    p->ld = c->ld;
    int rc = ldap_search_ext_s(p->ld, q->base, scopes[q->scope], q->filter, (char **)q->attrs, 0, ctrls,
                               NULL, &tv, LDAP_NO_LIMIT, &p->res);
    *out = p;
    return rc;
}

void dirldap_sys_page_free(struct dirldap_page *p)
{
    if (!p)
        return;
    entry_release(p);
    if (p->ctrls)
        ldap_controls_free(p->ctrls);
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

const char *dirldap_sys_entry_dn(struct dirldap_page *p, struct arena *a)
{
    char *dn = ldap_get_dn(p->ld, p->entry);
    const char *copy = arena_strdup(a, dn ? dn : "");
    if (dn)
        ldap_memfree(dn);
    return copy;
}

size_t dirldap_sys_attr_count(struct dirldap_page *p)
{
    size_t n = 0;
    BerElement *ber = NULL;
    for (char *at = ldap_first_attribute(p->ld, p->entry, &ber); at;
         at = ldap_next_attribute(p->ld, p->entry, ber)) {
        n++;
        ldap_memfree(at);
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
        p->attr = ldap_first_attribute(p->ld, p->entry, &p->ber);
    } else {
        p->attr = p->ber ? ldap_next_attribute(p->ld, p->entry, p->ber) : NULL;
    }
    if (!p->attr)
        return false;
    p->vals = ldap_get_values_len(p->ld, p->entry, p->attr);
    *nvalues = p->vals ? (size_t)ldap_count_values_len(p->vals) : 0;
    *name = arena_strdup(a, p->attr);
    return true;
}

struct dirldap_bytes dirldap_sys_value(const struct dirldap_page *p, size_t i)
{
    struct dirldap_bytes v = {p->vals[i]->bv_val, p->vals[i]->bv_len};
    return v;
}

int dirldap_sys_paged_response(struct dirldap_page *p, struct dirldap_bytes *value)
{
    int err = 0;
    if (!p->res || (!p->ctrls && ldap_parse_result(p->ld, p->res, &err, NULL, NULL, NULL, &p->ctrls, 0) !=
                                     LDAP_SUCCESS))
        return -1;
    for (int i = 0; p->ctrls && p->ctrls[i]; i++)
        if (strcmp(p->ctrls[i]->ldctl_oid, DIRLDAP_OID_PAGED) == 0) {
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

