/* dircollect.h: `enrolldoc collect --directory-only` and `collect --merge`:
 * bind to the directory, read the directory facts (src/directory.h) into a
 * new bundle or into a client's bundle, and write it.
 *
 * Binding: --gssapi (the Kerberos ticket at hand), --bind-user with a simple
 * bind (over ldaps://, or ldap:// with --starttls, or plain ldap:// where the
 * server allows it), or on Windows without either the logged-on user's
 * credentials (Negotiate), with the DC locator when no --ldap is given.
 * The password comes from the environment variable ENROLLDOC_BIND_PASSWORD
 * or, when standard input is a terminal, from a prompt without echo; never
 * from the command line, and it is never written anywhere. */
#ifndef ENROLLDOC_DIRCOLLECT_H
#define ENROLLDOC_DIRCOLLECT_H

#include <stdbool.h>

#include "facts.h"
#include "lang.h"

#define DIRCOLLECT_PASSWORD_ENV "ENROLLDOC_BIND_PASSWORD"

struct dircollect_opts {
    const char *ldap;            /* URI, or NULL (Windows: the DC locator) */
    const char *account;         /* NULL: from the merged bundle, or the logged-on user (Windows) */
    const char *bind_user;
    bool starttls, gssapi;
    const char *ces_server;
    const char *context;         /* "user" / "machine" / NULL */
    const char *merge;           /* the client bundle to add the facts to, or NULL */
    const char *output;          /* NULL = "enrolldoc-directory.json"; "-" = stdout */
    const char *tmpl;            /* --template: the template of interest, or NULL */
    int timeout_ms;              /* deadline of each directory operation */
};

/* Runs it; messages on stderr in L's language. Returns the exit status:
 * 0 written; 2 usage or input error (bad option, unreadable bundle, no
 * password); 3 the directory could not be read (bind failed, server down,
 * timeout, the account is not there). */
int dircollect_run(const struct dircollect_opts *o, const struct locale *l);

/* collect --merge: the token's groups and the logon time of a client bundle
 * belong to the account whose session collected it (BEFORE: the bundle's
 * identity in the context, as it was before the directory filled ID). When
 * the directory was read for another account (--account NAME), ID's
 * token_groups and logon_time are made absent: that account's token is not
 * known, and a foreign one would fake perm.token-stale. Same account: by
 * SID when both have one, else by name (DOMAIN\name, or the bare name when
 * one side has no domain); a bundle naming neither counts as another
 * account. Returns whether anything was dropped. */
bool dircollect_drop_foreign_token(const struct identity *before, struct identity *id);

#endif
