/* dirlive.h: the directory read live, as one more group of facts
 * (PROBE_DIRECTORY): on a domain-joined Windows client with the logged-on
 * user's own credentials and the DC locator, nothing to type. Elsewhere the
 * directory is read with `collect --directory-only --ldap URI`. */
#ifndef ENROLLDOC_DIRLIVE_H
#define ENROLLDOC_DIRLIVE_H

#include "facts.h"
#include "platform/platform.h"

/* Reads templates, CAs and the account's directory view (the account of
 * F's context: the logged-on user, or the computer account when running as
 * SYSTEM) into F, and on a client that enrolls through CES the CES
 * server's delegation (ces.server, see directory.h), all of it within
 * TIMEOUT_MS (<= 0: 20 s), no single operation longer than
 * DIRLDAP_TIMEOUT_MS_DEFAULT. Returns 0
 * (NOTE->reason says what stayed unknown, when anything did), 1 when the
 * directory could not be read (NOTE says why), -1 when out of memory. */
int dirlive_probe(struct facts *f, int timeout_ms, struct probe_note *note);

#endif
