/* perm_template.c: may the account enroll for the template, and
 * autoenroll? Autoenrollment needs both extended rights on the template
 * object: Enroll and AutoEnroll. "Its groups" are the directory's view
 * (directory_groups when present), as the autoenrollment client reads them. */
#include "checks.h"
#include "sddl.h"

static const struct finding_def defs[] = {
    {"perm.template-enroll", SEV_ERROR, {NULL}},
    {"perm.template-autoenroll", SEV_ERROR, {NULL}},
};
enum { D_ENROLL, D_AUTOENROLL };

static void report(const struct eval *ev, struct check_result *r, int which,
                   const struct tmpl *t, enum access acc, const char *via)
{
    struct finding *fd = result_add(r, ev, &defs[which]);
    finding_evidence(r, fd, "template", "%s", t->name.v);
    finding_evidence(r, fd, "account", "%s", eval_account_label(ev));
    finding_evidence_rights(r, fd, "access", acc == ACCESS_DENIED ? "denied" : "none");
    if (acc == ACCESS_DENIED && via)
        finding_evidence(r, fd, "trustee", "%s", via);
}

static void run(const struct eval *ev, struct check_result *r)
{
    if (ev->ctx != CTX_USER && ev->ctx != CTX_MACHINE) {
        result_missing(r, "context");
        return;
    }
    const struct tmpl *t = eval_named_template(ev, r);
    if (!t)
        return;
    if (!t->sd) {
        const char *p = arena_fmt(r->arena, "facts.templates[name=%s].sddl", ev->tmpl);
        result_missing(r, p ? p : "facts.templates");
        return;
    }
    const char **sids;
    const char *domain;
    size_t n = eval_account_sids(ev, r, false, &sids, &domain);
    if (n == 0)
        return;
    const char *via = NULL;
    enum access enroll = sddl_extended_right(t->sd, GUID_ENROLL, sids, n, domain, &via);
    if (enroll != ACCESS_ALLOWED) {
        report(ev, r, D_ENROLL, t, enroll, via);
        return;
    }
    enum access autoenroll = sddl_extended_right(t->sd, GUID_AUTOENROLL, sids, n, domain, &via);
    if (autoenroll != ACCESS_ALLOWED)
        report(ev, r, D_AUTOENROLL, t, autoenroll, via);
}

const struct check check_perm_template = {
    .id = "perm_template",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_IDENTITY) | FACTS_BIT(FACTS_DIRECTORY),
};
