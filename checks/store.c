/* store.c: is there already a certificate of the template? When the
 * context's MY store holds one that is neither archived nor expired,
 * autoenrollment has nothing to request. */
#include "checks.h"
#include "util.h"

static const struct finding_def defs[] = {
    {"cert.present", SEV_INFO, {NULL}},
};

static bool cert_matches(const struct cert *c, const char *name, const char *oid)
{
    if (c->template_name.st == F_SET && ascii_casecmp(c->template_name.v, name) == 0)
        return true;
    if (oid && c->template_oid.st == F_SET && ascii_casecmp(c->template_oid.v, oid) == 0)
        return true;
    return false;
}

/* Valid as of NOW: not archived, not_after in the future and (when known)
 * not_before not in the future. Without not_after its validity is not known. */
static bool cert_valid(const struct cert *c, int64_t now)
{
    if (c->archived.st == F_SET && c->archived.v)
        return false;
    if (c->not_after.st != F_SET || c->not_after.v <= now)
        return false;
    if (c->not_before.st == F_SET && c->not_before.v > now)
        return false;
    return true;
}

static void run(const struct eval *ev, struct check_result *r)
{
    if (ev->ctx != CTX_USER && ev->ctx != CTX_MACHINE) {
        result_missing(r, "context");
        return;
    }
    if (!ev->tmpl) {
        result_missing(r, "template");
        return;
    }
    const struct cert_list *cl = &ev->f->certs[ev->ctx];
    if (cl->st == F_ABSENT) {
        result_missing_ctx(r, "facts.certificates", ev->ctx);
        return;
    }
    const struct tmpl *t = facts_template(ev->f, ev->tmpl);
    const char *oid = t && t->oid.st == F_SET ? t->oid.v : NULL;

    /* Of the valid matches, show the one that lasts longest. */
    const struct cert *best = NULL;
    for (size_t i = 0; i < cl->n; i++) {
        const struct cert *c = &cl->v[i];
        if (!cert_matches(c, ev->tmpl, oid) || !cert_valid(c, ev->now))
            continue;
        if (!best || c->not_after.v > best->not_after.v)
            best = c;
    }
    if (!best)
        return;
    struct finding *fd = result_add(r, ev, &defs[0]);
    finding_evidence(r, fd, "template", "%s", ev->tmpl);
    if (best->thumbprint.st == F_SET)
        finding_evidence(r, fd, "thumbprint", "%s", best->thumbprint.v);
    if (best->subject.st == F_SET)
        finding_evidence(r, fd, "subject", "%s", best->subject.v);
    char buf[32];
    time_format_iso(best->not_after.v, buf, sizeof(buf));
    finding_evidence(r, fd, "not_after", "%s", buf);
}

const struct check check_store = {
    .id = "store",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    /* the template's OID names its certificates too */
    .needs = FACTS_BIT(FACTS_CERTS) | FACTS_BIT(FACTS_DIRECTORY),
};
