/* ksp.c: can the key pair be made? A key storage / cryptographic provider
 * that fails its test (certutil -csp NAME -csptest) stops the request before
 * it is made (client event 57) - but only a provider the template uses:
 * one of the template's providers (pKIDefaultCSPs); when it names none, the
 * client's default, the Microsoft Software Key Storage Provider, or any
 * tested provider when that one was not tested. A TPM that is missing on a
 * server whose template wants software keys is no cause. A test of the
 * other context's key store does not count. An AutoEnrollment or CertEnroll
 * event 57 counts as a failing test of a provider it does not name. */
#include "checks.h"
#include "codes.h"
#include "util.h"

#include <string.h>

static const struct finding_def defs[] = {
    {"ksp.unavailable", SEV_ERROR, {NULL}},
};

#define DEFAULT_KSP "Microsoft Software Key Storage Provider"
#define EVENT_KEY_FAILED 57

/* The template's providers, or NULL when it names none or is unknown. */
static const struct str_list *wanted_providers(const struct eval *ev)
{
    const struct tmpl *t = ev->tmpl ? facts_template(ev->f, ev->tmpl) : NULL;
    return t && t->providers.st == F_SET && t->providers.n > 0 ? &t->providers : NULL;
}

static bool in_context(const struct eval *ev, const struct ksp_test *t)
{
    return t->ctx_st != F_SET || ev->ctx == CTX_NONE || t->ctx == ev->ctx;
}

static bool named(const struct ksp_test *t, const char *name)
{
    return t->provider.st == F_SET && ascii_casecmp(t->provider.v, name) == 0;
}

/* Whether test T is of a provider the template uses (see the top). */
static bool used(const struct str_list *want, bool default_tested, const struct ksp_test *t)
{
    if (t->provider.st != F_SET)
        return true; /* cannot be ruled out */
    if (want) {
        for (size_t i = 0; i < want->n; i++)
            if (want->v[i] && named(t, want->v[i]))
                return true;
        return false;
    }
    return !default_tested || named(t, DEFAULT_KSP);
}

/* The number of client events 57 (AutoEnrollment or CertEnroll). */
static size_t key_events(const struct facts *f)
{
    size_t n = 0;
    for (size_t i = 0; f->events.st == F_SET && i < f->events.n; i++) {
        const struct event *e = &f->events.v[i];
        if (e->id.st != F_SET || e->id.v != EVENT_KEY_FAILED || e->provider.st != F_SET)
            continue;
        if (strstr(e->provider.v, "-AutoEnrollment") || strstr(e->provider.v, "-CertEnroll"))
            n++;
    }
    return n;
}

static void run(const struct eval *ev, struct check_result *r)
{
    const struct facts *f = ev->f;
    size_t nevents = key_events(f);
    if (f->ksp_st != F_SET && nevents == 0) {
        result_missing(r, "facts.ksp");
        return;
    }
    const struct str_list *want = wanted_providers(ev);
    bool default_tested = false;
    for (size_t i = 0; f->ksp_st == F_SET && i < f->nksp; i++)
        default_tested = default_tested || (in_context(ev, &f->ksp[i]) && named(&f->ksp[i], DEFAULT_KSP));
    const char *providers = NULL, *errors = NULL;
    size_t nfail = 0;
    for (size_t i = 0; f->ksp_st == F_SET && i < f->nksp; i++) {
        const struct ksp_test *t = &f->ksp[i];
        if (!in_context(ev, t) || !used(want, default_tested, t))
            continue;
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
    if (nfail == 0 && nevents == 0)
        return;
    struct finding *fd = result_add(r, ev, &defs[0]);
    if (!fd)
        return;
    if (providers)
        finding_evidence(r, fd, "provider", "%s", providers);
    if (errors)
        finding_evidence(r, fd, "error", "%s", errors);
    if (nevents) {
        finding_evidence_int(r, fd, "event", EVENT_KEY_FAILED);
        finding_evidence_int(r, fd, "count", (long long)nevents);
    }
    if (want) {
        const char *names = NULL;
        for (size_t i = 0; i < want->n; i++)
            names = arena_list_append(r->arena, names, want->v[i] ? want->v[i] : "?");
        finding_evidence(r, fd, "template_providers", "%s", names ? names : "");
    }
}

const struct check check_ksp = {
    .id = "ksp",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_KSP) | FACTS_BIT(FACTS_DIRECTORY) | FACTS_BIT(FACTS_EVENTS),
};
