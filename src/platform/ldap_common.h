/* ldap_common.h: inside the LDAP client (ldap.h), between the part both
 * systems share (ldap_common.c: the connection's steps, the search loop,
 * the result entries, the controls' BER, the error keys) and the one each
 * system implements on its library (posix/ldap.c on libldap, win32/ldap.c on
 * wldap32). Only these three files include it.
 *
 * A library result code travels as a long: 0 is success, the codes the
 * server sends (RFC 4511) are the same on both libraries, the ones a library
 * makes up itself (server down, timeout, ...) are told apart by
 * dirldap_sys_cause(). */
#ifndef ENROLLDOC_PLATFORM_LDAP_COMMON_H
#define ENROLLDOC_PLATFORM_LDAP_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ldap.h"

#define DIRLDAP_OID_SD_FLAGS "1.2.840.113556.1.4.801"
#define DIRLDAP_OID_PAGED    "1.2.840.113556.1.4.319"

struct dir_conn {
    void *ld;                    /* the library's LDAP handle; NULL until connected */
    char server[256];            /* the URI, or the DC the locator found */
    int timeout_ms;              /* deadline of each operation */
    int budget_ms;               /* the whole connection's; 0 = none */
    int64_t deadline;            /* platform_monotonic_ms() value by which all is done; 0 = none */
};

/* Where dirldap_open() connects: from the URI, or (no URI, Windows) host ""
 * for the DC locator with port 389 and no TLS. */
struct dirldap_target {
    bool tls;                    /* ldaps:// */
    char host[256];
    unsigned port;
};

/* Bytes a caller lends: a control's value, an attribute's value. */
struct dirldap_bytes {
    const char *data;
    size_t len;
};

/* What a result code that the library made up itself means. */
enum dirldap_cause {
    DIRLDAP_CAUSE_OTHER,
    DIRLDAP_CAUSE_DOWN,          /* the library's "server down" */
    DIRLDAP_CAUSE_TIMEOUT,       /* the library's own deadline */
    DIRLDAP_CAUSE_CONNECT,       /* the library's connect error */
    DIRLDAP_CAUSE_AUTH,          /* local error, unknown or unsupported auth */
    DIRLDAP_CAUSE_SOCKET,        /* a Winsock error handed back as a code */
    DIRLDAP_CAUSE_SOCKET_TIMEOUT /* WSAETIMEDOUT handed back as a code */
};

/* ---- shared (ldap_common.c), for the systems' halves ---- */

/* Milliseconds the next operation on C may take: timeout_ms, or less when
 * the connection's overall deadline is nearer; 0 when it has passed. */
int dirldap_left_ms(const struct dir_conn *c);

/* Sets E from the library's result code RC of an operation on C: the key
 * (error.ldap.*) from what RC means in bind MODE (IN_TLS: during StartTLS or
 * over ldaps://), the args "server", "code" and "reason". Returns what RC
 * means to the library (DIRLDAP_CAUSE_OTHER for a server's code). */
enum dirldap_cause dirldap_fail(const struct dir_conn *c, struct err *e, long rc, enum dir_bind mode,
                                bool in_tls);
/* Sets E to KEY with the arg "server" (C's). Returns -1. */
int dirldap_refuse(const struct dir_conn *c, struct err *e, const char *key);

/* ---- per system (posix/ldap.c, win32/ldap.c) ---- */

/* Whether the system finds a DC without a URI (the DC locator). */
bool dirldap_sys_locator(void);
/* What RC means when the library made it up itself; DIRLDAP_CAUSE_OTHER
 * for any other code (those a server sends among them). */
enum dirldap_cause dirldap_sys_cause(long rc);
/* The library's text for RC into TEXT, and the server's diagnostic of C's
 * last operation (when it has one) into DIAG; both UTF-8, truncated. */
void dirldap_sys_text(const struct dir_conn *c, long rc, char *text, size_t tsize, char *diag,
                      size_t dsize);
/* Opens the library handle C->ld for O's target T: protocol 3, referrals
 * off, C's deadline on each operation. wldap32 connects here (ldap_connect)
 * and, without a URI, names the DC the locator chose in C->server; libldap
 * connects at the first operation. Returns 0, or -1 with E set. */
int dirldap_sys_connect(struct dir_conn *c, const struct dir_open *o, const struct dirldap_target *t,
                        struct err *e);
/* StartTLS on C. Returns the library's result code. */
long dirldap_sys_starttls(struct dir_conn *c);
/* Binds C as O says (TLS: over ldaps://). Returns 0, or -1 with E set. */
int dirldap_sys_bind(struct dir_conn *c, const struct dir_open *o, bool tls, struct err *e);
/* Unbinds and releases the library handle LD. */
void dirldap_sys_unbind(void *ld);

/* One page of a search's results, with a cursor over its entries and the
 * current entry's attributes. */
struct dirldap_page;

/* Runs Q on C for one page: with the SD-flags control of value SD and the
 * paged-results control of value PAGED (NULL: not sent), within C's
 * deadline. Returns the library's result code, and in *OUT the page (also
 * after an error), which the caller frees with dirldap_sys_page_free();
 * *OUT NULL = out of memory (the code then means nothing). */
long dirldap_sys_search(struct dir_conn *c, const struct dir_query *q, const struct dirldap_bytes *sd,
                        const struct dirldap_bytes *paged, struct dirldap_page **out);
/* Frees P (NULL allowed). */
void dirldap_sys_page_free(struct dirldap_page *p);
/* Moves to the next entry of P (the first at the first call). Returns false
 * after the last. */
bool dirldap_sys_next_entry(struct dirldap_page *p);
/* The current entry's DN as UTF-8, copied into A; NULL when out of memory. */
const char *dirldap_sys_entry_dn(struct dirldap_page *p, struct arena *a);
/* How many attributes the current entry has. */
size_t dirldap_sys_attr_count(struct dirldap_page *p);
/* Moves to the next attribute of the current entry (the first at the first
 * call after dirldap_sys_next_entry). Returns false after the last; else
 * sets *NAME to its name as UTF-8, copied into A (NULL when out of memory),
 * and *NVALUES to the number of its values. */
bool dirldap_sys_next_attr(struct dirldap_page *p, struct arena *a, const char **name, size_t *nvalues);
/* Value I of the current attribute; borrowed until the next move. */
struct dirldap_bytes dirldap_sys_value(const struct dirldap_page *p, size_t i);
/* The value of the paged-results control in the response of P, borrowed
 * from P. Returns 0, or -1 when the response carries none. */
int dirldap_sys_paged_response(struct dirldap_page *p, struct dirldap_bytes *value);

#endif
