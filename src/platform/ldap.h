/* ldap.h: the one LDAP client of enrolldoc (OpenLDAP's libldap on POSIX,
 * wldap32 on Windows): what both share is ldap_common.c, each library's
 * calls are in posix/ldap.c and win32/ldap.c.
 *
 * What it does: opens a connection (a URI, or on Windows the DC that the
 * locator finds), binds (simple over ldap:// with StartTLS or over ldaps://,
 * GSSAPI with the caller's Kerberos ticket, or on Windows Negotiate with the
 * logged-on user's credentials), and searches with paged results (pages of
 * DIRLDAP_PAGE_SIZE), referrals never chased, the optional SD-flags control
 * (LDAP_SERVER_SD_FLAGS_OID), and a deadline on every operation. Results are
 * plain data (struct dir_entries): attribute name -> values as byte strings,
 * so the code that turns them into facts (src/directory.c) knows nothing of
 * LDAP libraries and can be tested with fake entries.
 *
 * Deadlines: every network step has one: the connect, StartTLS, the bind
 * and each page, each at most timeout_ms, and all of them together at most
 * budget_ms from dirldap_open on (when given; the live directory probe gives
 * one, so a slow DC costs the walk one bounded wait, not one per search).
 * POSIX sets LDAP_OPT_NETWORK_TIMEOUT and LDAP_OPT_TIMEOUT to what is left
 * before each step and gives each search its own limit. wldap32 bounds the
 * connect (ldap_connect), a simple bind (asynchronous, waited for with
 * ldap_result) and each page; its StartTLS and Negotiate binds have no
 * timeout parameter, so they run in a worker thread that is waited for
 * until the deadline and then abandoned (the worker releases the handle
 * when the call finally returns). A step that would begin after the budget
 * is spent fails with error.ldap.deadline.
 *
 * Under Wine, a Negotiate bind is refused (error.ldap.unsupported): Wine 8's
 * wldap32 crashes on the NULL credentials that mean "the logged-on user".
 *
 * Test hook: ENROLLDOC_LDAP_TRACE=1 prints one line per page of each search
 * on stderr (base, page number, entries, whether more follow).
 *
 * Secrets: the password is only borrowed for the bind, never copied into an
 * error, a result or anything written. */
#ifndef ENROLLDOC_PLATFORM_LDAP_H
#define ENROLLDOC_PLATFORM_LDAP_H

#include <stdbool.h>
#include <stddef.h>

#include "../arena.h"
#include "../err.h"

#define DIRLDAP_PAGE_SIZE 500
#define DIRLDAP_TIMEOUT_MS_DEFAULT 10000

/* SD-flags control values (which parts of nTSecurityDescriptor to return). */
#define DIR_SD_OWNER 0x1u
#define DIR_SD_GROUP 0x2u
#define DIR_SD_DACL  0x4u
#define DIR_SD_SACL  0x8u

/* ---- results: plain data, shared with src/directory.c ---- */

struct dir_value {
    const unsigned char *data;   /* LEN bytes, followed by a NUL (not counted) */
    size_t len;
};

struct dir_attr {
    const char *name;            /* as the server spelled it (compare case-insensitively) */
    size_t nvalues;
    struct dir_value *values;
};

struct dir_entry {
    const char *dn;
    size_t nattrs;
    struct dir_attr *attrs;
};

/* The entries of one search. Everything hangs off ARENA: release with
 * dir_entries_free(). Continuation references are not entries. */
struct dir_entries {
    struct arena arena;
    size_t n;
    struct dir_entry *v;
};

void dir_entries_free(struct dir_entries *r);
/* The attribute NAME of E (case-insensitive), or NULL. */
const struct dir_attr *dir_entry_attr(const struct dir_entry *e, const char *name);

enum dir_scope { DIR_SCOPE_BASE, DIR_SCOPE_ONE, DIR_SCOPE_SUB };

/* One search. ATTRS is NULL-terminated. SD_FLAGS 0 = no SD-flags control;
 * otherwise the control is sent (not critical) with that value. */
struct dir_query {
    const char *base;
    enum dir_scope scope;
    const char *filter;
    const char *const *attrs;
    unsigned sd_flags;
};

/* ---- the connection ---- */

enum dir_bind {
    DIR_BIND_SIMPLE,     /* simple bind; over ldap:// only when the server allows it */
    DIR_BIND_STARTTLS,   /* StartTLS first, then a simple bind */
    DIR_BIND_GSSAPI,     /* SASL GSSAPI with the Kerberos ticket at hand (POSIX);
                          * on Windows the same as DIR_BIND_NEGOTIATE */
    DIR_BIND_NEGOTIATE   /* Windows: the logged-on user's credentials (SSPI) */
};

struct dir_open {
    const char *uri;             /* "ldap://host[:port]" or "ldaps://host[:port]";
                                  * NULL = the DC locator (Windows only) */
    enum dir_bind bind;
    const char *bind_user;       /* DN or UPN for simple binds */
    const char *password;        /* borrowed; never copied */
    int timeout_ms;              /* deadline of each operation (connect, bind, each page) */
    int budget_ms;               /* all operations together, from dirldap_open on;
                                  * 0 = no overall deadline */
};

struct dir_conn;                 /* opaque */

/* Connects and binds as O says. Returns 0 with *OUT (caller closes with
 * dirldap_close), or -1 with E set to one of:
 *   error.ldap.credentials   (49: wrong user or password)
 *   error.ldap.strong-auth   (8 / 13: the server wants signing or TLS)
 *   error.ldap.down          (the server does not answer / cannot be reached)
 *   error.ldap.timeout       (the deadline passed)
 *   error.ldap.deadline      (O's budget_ms was spent before a step began;
 *                             args "server" and "seconds")
 *   error.ldap.tls           (StartTLS or the TLS handshake failed)
 *   error.ldap.unsupported   (the bind mode is not available on this system)
 *   error.ldap.failed        (anything else)
 * each with args "server" (the URI or the DC's name), "code" and "reason"
 * (the library's text, English). */
int dirldap_open(const struct dir_open *o, struct dir_conn **out, struct err *e);

/* Runs Q on C, collecting every page. Returns 0 with OUT filled (caller
 * frees with dir_entries_free; OUT is initialised even on failure), or -1
 * with E set (keys as dirldap_open, plus "base" and "filter" args).
 * A base object that does not exist (32) is not an error: no entries. */
int dirldap_search(struct dir_conn *c, const struct dir_query *q, struct dir_entries *out,
                   struct err *e);

/* The server's name as connected ("127.0.0.1", the DC's DNS name on Windows
 * with the locator). Owned by C. */
const char *dirldap_server(const struct dir_conn *c);

/* Unbinds and frees C (NULL allowed). */
void dirldap_close(struct dir_conn *c);

/* Whether this build can bind with MODE (GSSAPI needs SASL support in
 * libldap; Negotiate is Windows only). */
bool dirldap_can_bind(enum dir_bind mode);

/* Reads a password from the terminal without echo, after writing PROMPT
 * (UTF-8) to standard error. Returns 0 with the password in BUF (caller
 * should clear it when done), 1 when standard input is not a terminal, -1 on
 * a read error or when it does not fit. */
int dirldap_read_password(const char *prompt, char *buf, size_t size);

#endif
