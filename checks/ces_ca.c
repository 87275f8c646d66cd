/* ces_ca.c: ces.ca-request-failed. The fault WS_E_ENDPOINT_FAULT_RECEIVED
 * carries the code of a failed CA request: the CES itself worked and the CA
 * refused. The inner code is the evidence; a more specific finding for that
 * code (account.mail-missing, template.invalid-policy, ca.denied) is
 * reported by its own check. */
#include "checks.h"

static const struct finding_def defs[] = {
    {"ces.ca-request-failed", SEV_ERROR, {NULL}},
};

static void run(const struct eval *ev, struct check_result *r)
{
    const struct ces *c = &ev->f->ces;
    if (!eval_ces_error_is(ev, r, HR_WS_E_ENDPOINT_FAULT_RECEIVED))
        return;
    if (c->inner_error.st == F_ABSENT) {
        result_missing(r, "facts.ces.inner_error");
        return;
    }
    if (c->inner_error.st != F_SET || c->inner_error.v == 0)
        return;
    struct finding *fd = result_add(r, ev, &defs[0]);
    if (!fd)
        return;
    finding_evidence_code(r, fd, "error", c->error.v);
    finding_evidence_code(r, fd, "inner_error", c->inner_error.v);
    if (c->url.st == F_SET)
        finding_evidence(r, fd, "url", "%s", c->url.v);
}

const struct check check_ces_ca = {
    .id = "ces_ca",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_CES),
};
