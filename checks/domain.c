/* domain.c: is the computer a member of a domain, and can it reach a
 * domain controller? Autoenrollment is switched on by Group Policy
 * (AEPolicy), reads its templates and CAs from the directory and requests
 * with Kerberos: a computer outside a domain gets none of it, and a member
 * that reaches no DC keeps the policy of its last refresh and cannot read
 * the directory. facts.c reports a session that says "not joined" and "DC
 * reachable" at once as a contradiction; the check still judges the join. */
#include "checks.h"

static const struct finding_def defs[] = {
    {"gpo.not-joined", SEV_ERROR, {NULL}},
    {"gpo.no-dc", SEV_WARNING, {NULL}},
};

static void run(const struct eval *ev, struct check_result *r)
{
    const struct logon_session *s = &ev->f->session;
    if (s->st != F_SET) {
        result_missing(r, "facts.session");
        return;
    }
    if (s->domain_joined.st != F_SET) {
        result_missing(r, "facts.session.domain_joined");
        return;
    }
    if (!s->domain_joined.v) {
        struct finding *fd = result_add(r, ev, &defs[0]);
        finding_evidence_bool(r, fd, "domain_joined", false);
        return;
    }
    if (s->dc_reachable.st != F_SET) {
        result_missing(r, "facts.session.dc_reachable");
        return;
    }
    if (!s->dc_reachable.v) {
        struct finding *fd = result_add(r, ev, &defs[1]);
        finding_evidence_bool(r, fd, "domain_joined", true);
        finding_evidence_bool(r, fd, "dc_reachable", false);
    }
}

const struct check check_domain = {
    .id = "domain",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_SESSION),
};
