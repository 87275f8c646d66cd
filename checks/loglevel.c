/* loglevel.c: log.level-low. Below Enroll\LogLevel 4 the client does not
 * write the information events that show how far a run got; raising it takes
 * effect at once, without logon or reboot. */
#include "checks.h"

#define LOGLEVEL_ALL 4

static const struct finding_def defs[] = {
    {"log.level-low", SEV_INFO, {"loglevel.raise", NULL}},
};

static void run(const struct eval *ev, struct check_result *r)
{
    const struct opt_int *l = &ev->f->loglevel;
    if (l->st == F_ABSENT) {
        result_missing(r, "facts.loglevel");
        return;
    }
    if (l->st == F_SET && l->v >= LOGLEVEL_ALL)
        return;
    struct finding *fd = result_add(r, ev, &defs[0]);
    if (!fd)
        return;
    if (l->st == F_NULL)
        finding_evidence_null(r, fd, "loglevel");
    else
        finding_evidence_int(r, fd, "loglevel", (long long)l->v);
}

const struct check check_loglevel = {
    .id = "loglevel",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_LOGLEVEL),
};
