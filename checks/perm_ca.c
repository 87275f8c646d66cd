/* perm_ca.c: may the account request certificates at a CA that offers the
 * template? Enroll on the CA's enrollment service object is "Request
 * Certificates". With several CAs offering the template, the account needs
 * only one of them, so this fires only when every one refuses. A template
 * no CA offers is template.not-published's business. */
#include "checks.h"
#include "sddl.h"

static const struct finding_def defs[] = {
    {"perm.ca-request", SEV_ERROR, {NULL}},
};

static void run(const struct eval *ev, struct check_result *r)
{
    const struct facts *f = ev->f;
    if (ev->ctx != CTX_USER && ev->ctx != CTX_MACHINE) {
        result_missing(r, "context");
        return;
    }
    if (!ev->tmpl) {
        result_missing(r, "template");
        return;
    }
    if (f->cas_st == F_ABSENT) {
        result_missing(r, "facts.cas");
        return;
    }
    if (f->cas_st != F_SET)
        return;   /* no enterprise CA: nothing offers the template */

    /* Which CAs offer the template? */
    size_t npub = 0;
    for (size_t i = 0; i < f->ncas; i++) {
        if (f->cas[i].templates.st == F_ABSENT)
            result_missing(r, "facts.cas[].templates");
        else if (ca_publishes(&f->cas[i], ev->tmpl))
            npub++;
    }
    if (npub == 0)
        return;

    const char **sids;
    const char *domain;
    size_t n = eval_account_sids(ev, r, false, &sids, &domain);
    if (n == 0)
        return;

    const char *names = NULL, *access = NULL, *trustees = NULL;
    bool unknown = false;
    for (size_t i = 0; i < f->ncas; i++) {
        const struct ca *ca = &f->cas[i];
        if (!ca_publishes(ca, ev->tmpl))
            continue;
        if (!ca->sd) {
            result_missing(r, "facts.cas[].sddl");
            unknown = true;
            continue;
        }
        const char *via = NULL;
        enum access acc = sddl_extended_right(ca->sd, GUID_ENROLL, sids, n, domain, &via);
        if (acc == ACCESS_ALLOWED)
            return;   /* one CA that takes the request is enough */
        names = arena_list_append(r->arena, names, ca->name.st == F_SET ? ca->name.v : "?");
        access = arena_list_append(r->arena, access, acc == ACCESS_DENIED ? "denied" : "none");
        if (acc == ACCESS_DENIED && via)
            trustees = arena_list_append(r->arena, trustees, via);
    }
    /* A CA whose descriptor is unknown might take the request, and a CA whose
     * template list is unknown might offer the template. */
    if (unknown || r->nmissing)
        return;
    struct finding *fd = result_add(r, ev, &defs[0]);
    finding_evidence(r, fd, "template", "%s", ev->tmpl);
    finding_evidence(r, fd, "account", "%s", eval_account_label(ev));
    if (names)
        finding_evidence(r, fd, "ca", "%s", names);
    if (access)
        finding_evidence_rights(r, fd, "access", access);
    if (trustees)
        finding_evidence(r, fd, "trustee", "%s", trustees);
}

const struct check check_perm_ca = {
    .id = "perm_ca",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_IDENTITY) | FACTS_BIT(FACTS_DIRECTORY),
};
