/* registry.c: every check, in the order of the documents. */
#include "check.h"
#include "checks.h"

static const struct check *const all_checks[] = {
    &check_store,
    &check_domain,
    &check_aepolicy,
    &check_session,
    &check_task,
    &check_perm_template,
    &check_perm_ca,
    &check_token,
    &check_published,
    &check_template_flags,
    &check_ksp,
    &check_ca_ping,
    &check_enroll,
    &check_ca_denied,
    &check_mail,
    &check_policy,
    &check_ces_endpoint,
    &check_ces_kerberos,
    &check_ces_kbr,
    &check_ces_ca,
    &check_loglevel,
    &check_events,
};

const struct check *const *check_all(size_t *n)
{
    *n = sizeof(all_checks) / sizeof(all_checks[0]);
    return all_checks;
}
