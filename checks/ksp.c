/* ksp.c: can the key pair be made? A key storage / cryptographic provider
 * that fails its test (certutil -csp NAME -csptest) stops the request before
 * it is made (client event 57). */
#include "checks.h"
#include "codes.h"

static const struct finding_def defs[] = {
    {"ksp.unavailable", SEV_ERROR, {NULL}},
};

static void run(const struct eval *ev, struct check_result *r)
{
    const struct facts *f = ev->f;
    if (f->ksp_st != F_SET) {
        result_missing(r, "facts.ksp");
        return;
    }
    const char *providers = NULL, *errors = NULL;
    size_t nfail = 0;
    for (size_t i = 0; i < f->nksp; i++) {
        const struct ksp_test *t = &f->ksp[i];
        if (t->ok.st != F_SET) {
            result_missing(r, "facts.ksp[].ok");
            continue;
        }
        if (t->ok.v)
            continue;
        nfail++;
        providers = arena_list_append(r->arena, providers,
                              t->provider.st == F_SET ? t->provider.v : "?");
        if (t->error.st == F_SET) {
            const char *c = code_text(r->arena, t->error.v);
            if (c)
                errors = arena_list_append(r->arena, errors, c);
        }
    }
    if (nfail == 0)
        return;
    struct finding *fd = result_add(r, ev, &defs[0]);
    if (providers)
        finding_evidence(r, fd, "provider", "%s", providers);
    if (errors)
        finding_evidence(r, fd, "error", "%s", errors);
}

const struct check check_ksp = {
    .id = "ksp",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_KSP),
};
