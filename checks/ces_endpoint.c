/* ces_endpoint.c: ces.endpoint-failure. The client got WS_E_ENDPOINT_FAILURE
 * from the CES: the web service could not even open its connection to the
 * CA, which behind the scenes is most often RPC_S_SERVER_UNAVAILABLE. */
#include "checks.h"

static const struct finding_def defs[] = {
    {"ces.endpoint-failure", SEV_ERROR, {NULL}},
};

static void run(const struct eval *ev, struct check_result *r)
{
    const struct ces *c = &ev->f->ces;
    if (!eval_ces_error_is(ev, r, HR_WS_E_ENDPOINT_FAILURE))
        return;
    struct finding *fd = result_add(r, ev, &defs[0]);
    if (!fd)
        return;
    finding_evidence_code(r, fd, "error", c->error.v);
    if (c->url.st == F_SET)
        finding_evidence(r, fd, "url", "%s", c->url.v);
}

const struct check check_ces_endpoint = {
    .id = "ces_endpoint",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_CES),
};
