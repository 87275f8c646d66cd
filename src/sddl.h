/* sddl.h: reading security descriptors in SDDL (as
 * ConvertSecurityDescriptorToStringSecurityDescriptor writes them) and
 * evaluating extended rights (Enroll, AutoEnroll) for a set of SIDs.
 * Rules (spec/bundle-v1.md): ACE types A, D, OA, OD count; an extended right
 * is granted by CR with that object GUID, CR without object GUID, or GA;
 * deny wins over allow for the same right; inherited ACEs count like explicit
 * ones; inherit-only ACEs (IO) do not apply to the object itself. */
#ifndef ENROLLDOC_SDDL_H
#define ENROLLDOC_SDDL_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"

#define GUID_ENROLL     "0e10c968-78fb-11d2-90d4-00c04f79dc55"
#define GUID_AUTOENROLL "a05b8cc2-17bc-4802-a710-e7c15ab866a2"

struct sddl;   /* opaque; lives in the arena it was parsed into */

/* Parses TEXT into *OUT, allocating from A. On a malformed descriptor sets E
 * to key "error.sddl" with args "offset" (0-based character position) and
 * "reason" (a locale key under "sddl.reason.") and returns -1. A descriptor
 * without a DACL ("D:") is malformed. */
int sddl_parse(struct arena *a, const char *text, const struct sddl **out, struct err *e);

enum access { ACCESS_NONE = 0, ACCESS_ALLOWED, ACCESS_DENIED };

/* Whether SD grants the extended right RIGHT_GUID (lowercase, as the macros
 * above) to an account holding the SIDs in SIDS. SDDL aliases are resolved:
 * well-known ones to their fixed SIDs, domain ones (DA, DU, DC, DD, CA, EA, ...)
 * relative to DOMAIN_SID ("S-1-5-21-a-b-c"; NULL = domain aliases match
 * nothing). On ACCESS_ALLOWED / ACCESS_DENIED, *VIA (when not NULL) receives
 * the trustee of the ACE that decided, as written in the SDDL (an alias such
 * as "DU", or a SID string), owned by SD; otherwise *VIA is set to NULL. */
enum access sddl_extended_right(const struct sddl *sd, const char *right_guid,
                                const char *const *sids, size_t nsids,
                                const char *domain_sid, const char **via);

/* For each of the NSIDS SIDs alone, what sddl_extended_right would answer
 * for that SID as the only one: OUT[k] for SIDS[k] (the caller's array of
 * NSIDS). A NULL or malformed SID gets ACCESS_NONE (ACCESS_ALLOWED under a
 * NULL DACL). O((nsids + nace) log nsids) instead of nsids evaluations. */
void sddl_extended_right_each(const struct sddl *sd, const char *right_guid,
                              const char *const *sids, size_t nsids, const char *domain_sid,
                              enum access *out);

/* The number of ACEs in the DACL (for tests). */
size_t sddl_ace_count(const struct sddl *sd);

#endif
