/* polsrv.h: what the registry's enrollment policy server entries mean,
 * shared by the live probe (platform/win32/probe_policy.c) and the import
 * of a reg export (import_reg.c). */
#ifndef ENROLLDOC_POLSRV_H
#define ENROLLDOC_POLSRV_H

#include <stddef.h>
#include <stdint.h>

#include "facts.h"

/* The authentication an entry's AuthFlags (X509EnrollmentAuthFlags) name
 * first: "kerberos" (2), "username" (4), "certificate" (8), "anonymous"
 * (1); NULL for none of them. */
const char *polsrv_auth(int64_t flags);
/* Marks the cheapest server of each context in V (N) as its default: the
 * client tries them by Cost, lowest first; on equal cost the earlier one
 * (Group Policy's before local ones, in the order they were read). */
void polsrv_mark_defaults(struct policy_server *v, size_t n);

#endif
