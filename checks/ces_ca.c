/* ces_ca.c: ces.ca-request-failed. The fault WS_E_ENDPOINT_FAULT_RECEIVED
 * carries the code of a failed CA request: the CES itself worked and the CA
 * refused. The inner code is the evidence; a more specific finding for that
 * code (account.mail-missing, template.invalid-policy, ca.denied) is
 * reported by its own check. */
#include "checks.h"

#include "ces.h"

#include <string.h>

static const struct finding_def defs[] = {
    {"ces.ca-request-failed", SEV_ERROR, {NULL}},
};

static void run(const struct eval *ev, struct check_result *r)
{
    struct ces_fault cf;
    if (!eval_ces_error_is(ev, r, HR_WS_E_ENDPOINT_FAULT_RECEIVED))
        return;
    ces_fault_find(ev->f, ev->ctx, &cf);
    if (cf.inner.st == F_ABSENT) {
        result_missing(r, "facts.ces.inner_error");
        return;
    }
    if (cf.inner.st != F_SET || cf.inner.v == 0)
        return;
    struct finding *fd = result_add(r, ev, &defs[0]);
    if (!fd)
        return;
    finding_evidence_code(r, fd, "error", HR_WS_E_ENDPOINT_FAULT_RECEIVED);
    finding_evidence_code(r, fd, "inner_error", cf.inner.v);
    if (strcmp(cf.source, "ces") != 0)
        finding_evidence(r, fd, "source", "%s", cf.source);
    if (cf.url)
        finding_evidence(r, fd, "url", "%s", cf.url);
}

const struct check check_ces_ca = {
    .id = "ces_ca",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_CES) | FACTS_BIT(FACTS_EVENTS) | FACTS_BIT(FACTS_POLICY_SERVERS),
};
