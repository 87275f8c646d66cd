/* directory.h: the directory facts (spec/bundle-v1.md: templates, cas,
 * identity.<context>.sid / directory_groups / not_delegated / mail,
 * ces.server delegation) read from Active Directory.
 *
 * Platform-independent: the searches go through a callback (in the program
 * dirldap_search() of src/platform/ldap.h, in the tests fake entries), and
 * this module turns what comes back into facts:
 *   rootDSE            -> configurationNamingContext, defaultNamingContext
 *   the domain object  -> the domain SID (for SDDL aliases), and the
 *                         crossRef's nETBIOSName (for "DOMAIN\name")
 *   pKICertificateTemplate (CN=Certificate Templates,CN=Public Key Services,
 *     CN=Services,<config>) -> templates: cn, displayName,
 *     msPKI-Cert-Template-OID, msPKI-Template-Schema-Version,
 *     msPKI-Certificate-Name-Flag (requires_email: 0x20000000 or 0x04000000),
 *     msPKI-Enrollment-Flag (autoenroll_flag: 0x20), msPKI-Certificate-Policy
 *     (issuance_policies), nTSecurityDescriptor (sddl, through the SD-flags
 *     control, converted by sd_binary_to_sddl and parsed as the loader does)
 *   msPKI-Enterprise-Oid (CN=OID,...) with flags 2 -> valid_issuance_policies,
 *     copied into every template
 *   pKIEnrollmentService (CN=Enrollment Services,...) -> cas: cn,
 *     dNSHostName, config "host\name", certificateTemplates,
 *     nTSecurityDescriptor, msPKI-Enrollment-Servers (ces_urls: the URL of each
 *     "priority\nauthentication\nrenewalOnly\nURL" value, by priority); renew_on_behalf_of stays absent (a CA registry
 *     setting the directory does not hold)
 *   the account (sAMAccountName, DOMAIN\name or UPN; NAME$ in the machine
 *     context) -> identity.<ctx>: name, sid (objectSid), directory_groups
 *     (tokenGroups, read with a base search on the account), not_delegated
 *     (userAccountControl 0x100000), mail (null when absent), and
 *     membership_added: the groups of directory_groups (at most 100, one
 *     search by objectSid) with memberOf, whenChanged and
 *     msDS-ReplValueMetaData, turned into times by dirmember.h
 *   the CES server -> ces.server: host, account (DOMAIN\name), delegation
 *     (userAccountControl 0x80000 unconstrained; 0x1000000 or a non-empty
 *     msDS-AllowedToDelegateTo constrained; else none), delegate_to, and
 *     rbcd_hosts: the CAs it forwards to (ces_target_cas) whose computer
 *     account's msDS-AllowedToActOnBehalfOfOtherIdentity (a binary security
 *     descriptor, read by sd_binary_to_sddl) allows the CES account's SID.
 *     Which server: the one the operator names (RQ->ces_server: a computer
 *     name, or a URL); else, when F's client enrolls through CES
 *     (ces_client_uses_ces: its policy servers, or a CES fault in its
 *     records), the host of the CES URL its records show (ces_service_url),
 *     else of the first URL a CA registers (a CA publishing the template
 *     first). The account is the one holding the SPN HTTP/<host> (the one
 *     Kerberos delegates from, possibly an application pool's service
 *     account), else the computer whose dNSHostName is the host; a server
 *     found this way that is not there, or twice, is a note, not an error.
 * Lists are sorted (templates and CAs by name, SIDs and OIDs as text) so
 * that two clients reading the same directory write the same bundle. */
#ifndef ENROLLDOC_DIRECTORY_H
#define ENROLLDOC_DIRECTORY_H

#include <stddef.h>

#include "err.h"
#include "facts.h"
#include "platform/ldap.h"

/* Runs query Q; fills OUT (which the caller frees with dir_entries_free,
 * also on failure). Returns 0, or -1 with E set. */
typedef int (*dir_search_fn)(void *ctx, const struct dir_query *q, struct dir_entries *out,
                             struct err *e);

struct dir_request {
    const char *server;          /* for messages ("ldap://127.0.0.1") */
    const char *account;         /* sAMAccountName, DOMAIN\name or UPN; NULL = no account */
    enum ctx ctx;                /* CTX_USER or CTX_MACHINE: where the identity goes */
    const char *ces_server;      /* the CES server's computer name (NAME, NAME$, DOMAIN\NAME$
                                  * or its DNS name) or its URL ("https://host/..."); NULL =
                                  * the one F's client uses, if it enrolls through CES */
};

/* Something that stayed unknown while the rest was read. */
struct dir_note {
    struct err what;             /* key note.directory.*, args "object" etc. */
    struct err why;              /* the underlying error, when any (key "" = none) */
};

#define DIR_MAX_NOTES 16

struct dir_notes {
    size_t n;
    size_t dropped;              /* notes beyond DIR_MAX_NOTES */
    struct dir_note v[DIR_MAX_NOTES];
};

/* Reads every directory fact into F (allocating from F's arena): templates,
 * cas (both replace what F had; a CA's renew_on_behalf_of is kept from the
 * CA of the same name in F), the identity of RQ->account in RQ->ctx (its
 * name, sid, directory_groups, not_delegated, mail; token_groups and other
 * members are kept), and the CES server's ces.server facts (above; ces
 * is marked present; its other members are kept). Returns 0 (NOTES says
 * what stayed unknown), or -1 with E set: a search failed, the rootDSE
 * names no configuration naming context (error.directory.rootdse), the
 * account or the CES server is not there (error.directory.account,
 * error.directory.ces-server) or is ambiguous (error.directory.ambiguous),
 * or memory ran out. */
int directory_collect(dir_search_fn search, void *ctx, const struct dir_request *rq,
                      struct facts *f, struct dir_notes *notes, struct err *e);

/* The binary SID in DATA (LEN bytes) as "S-1-..." into BUF. Returns 0, or -1
 * when malformed or BUF is too small. */
int dir_sid_string(const unsigned char *data, size_t len, char *buf, size_t size);

/* S with the LDAP filter specials escaped (RFC 4515: * ( ) \ NUL), into A.
 * NULL when out of memory. */
char *dir_filter_escape(struct arena *a, const char *s);

#endif
