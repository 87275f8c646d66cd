/* ca_ping.c: ca.unreachable. The client asked each CA for its name over
 * RPC/DCOM (ICertRequest::GetCAProperty, as the seed's PowerShell lines do);
 * a CA that did not answer cannot take the request, typically
 * RPC_S_SERVER_UNAVAILABLE (network, or authentication at the RPC/DCOM
 * interface). One finding per CA that failed. */
#include "checks.h"

static const struct finding_def defs[] = {
    {"ca.unreachable", SEV_ERROR, {"ca.ping", NULL}},
};

static void run(const struct eval *ev, struct check_result *r)
{
    const struct facts *f = ev->f;
    if (f->ca_ping_st != F_SET || f->nca_ping == 0) {
        /* absent, or no CA was tried: nothing is known about reachability */
        result_missing(r, "facts.ca_ping");
        return;
    }
    for (size_t i = 0; i < f->nca_ping; i++) {
        const struct ca_ping *p = &f->ca_ping[i];
        if (p->ok.st != F_SET) {
            result_missing(r, "facts.ca_ping.ok");
            continue;
        }
        if (p->ok.v)
            continue;
        struct finding *fd = result_add(r, ev, &defs[0]);
        if (!fd)
            return;
        if (p->config.st == F_SET)
            finding_evidence(r, fd, "config", "%s", p->config.v);
        if (p->error.st == F_SET)
            finding_evidence_code(r, fd, "error", p->error.v);
        else
            finding_evidence(r, fd, "error", "unknown");
    }
}

const struct check check_ca_ping = {
    .id = "ca_ping",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_CA_PING),
};
