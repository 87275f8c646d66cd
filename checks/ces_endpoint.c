/* ces_endpoint.c: ces.endpoint-failure. The client got WS_E_ENDPOINT_FAILURE
 * from the CES: the web service could not even open its connection to the
 * CA, which behind the scenes is most often RPC_S_SERVER_UNAVAILABLE. */
#include "checks.h"

#include "ces.h"

static const struct finding_def defs[] = {
    {"ces.endpoint-failure", SEV_ERROR, {NULL}},
};

static void run(const struct eval *ev, struct check_result *r)
{
    struct ces_fault cf;
    if (!eval_ces_error_is(ev, r, HR_WS_E_ENDPOINT_FAILURE))
        return;
    ces_fault_find(ev->f, ev->ctx, &cf);
    struct finding *fd = result_add(r, ev, &defs[0]);
    if (!fd)
        return;
    finding_evidence_code(r, fd, "error", HR_WS_E_ENDPOINT_FAILURE);
    if (cf.url)
        finding_evidence(r, fd, "url", "%s", cf.url);
}

const struct check check_ces_endpoint = {
    .id = "ces_endpoint",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_CES) | FACTS_BIT(FACTS_EVENTS) | FACTS_BIT(FACTS_POLICY_SERVERS),
};
