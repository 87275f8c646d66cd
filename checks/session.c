/* session.c: a process started with RunAs gets no group policy applied to
 * its profile, so autoenrollment does not happen there. */
#include "checks.h"

static const struct finding_def defs[] = {
    {"session.runas", SEV_WARNING, {NULL}},
};

static void run(const struct eval *ev, struct check_result *r)
{
    const struct logon_session *s = &ev->f->session;
    if (s->st != F_SET) {
        result_missing(r, "facts.session");
        return;
    }
    if (s->runas.st != F_SET) {
        result_missing(r, "facts.session.runas");
        return;
    }
    if (s->runas.v) {
        struct finding *fd = result_add(r, ev, &defs[0]);
        finding_evidence_bool(r, fd, "runas", true);
    }
}

const struct check check_session = {
    .id = "session",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_SESSION),
};
