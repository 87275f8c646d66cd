/* template_flags.c: does the template take part in autoenrollment at all?
 * Without CT_FLAG_AUTO_ENROLLMENT in msPKI-Enrollment-Flag it is only ever
 * requested by hand. */
#include "checks.h"

static const struct finding_def defs[] = {
    {"template.no-autoenroll-flag", SEV_WARNING, {"enroll.manual", NULL}},
};

static void run(const struct eval *ev, struct check_result *r)
{
    const struct tmpl *t = eval_named_template(ev, r);
    if (!t)
        return;
    if (t->autoenroll_flag.st != F_SET) {
        const char *p = arena_fmt(r->arena, "facts.templates[name=%s].autoenroll_flag", ev->tmpl);
        result_missing(r, p ? p : "facts.templates");
        return;
    }
    if (!t->autoenroll_flag.v) {
        struct finding *fd = result_add(r, ev, &defs[0]);
        finding_evidence(r, fd, "template", "%s", t->name.v);
        finding_evidence_bool(r, fd, "autoenroll_flag", false);
    }
}

const struct check check_template_flags = {
    .id = "template_flags",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_DIRECTORY),
};
