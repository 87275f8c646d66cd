/* published.c: does any enterprise CA offer the template? A template that no
 * CA lists in its certificateTemplates is never requested. Without a template
 * of interest, every template that takes part in autoenrollment is looked at
 * and those no CA offers are named. */
#include "checks.h"

static const struct finding_def defs[] = {
    {"template.not-published", SEV_ERROR, {NULL}},
};

static bool published(const struct facts *f, const char *name)
{
    if (f->cas_st != F_SET)
        return false;   /* null: there is no enterprise CA at all */
    for (size_t i = 0; i < f->ncas; i++)
        if (ca_publishes(&f->cas[i], name))
            return true;
    return false;
}

/* The CAs that were asked (none when cas is null: no enterprise CA). */
static void evidence_cas(struct check_result *r, struct finding *fd, const struct facts *f)
{
    const char *names = NULL;
    for (size_t i = 0; f->cas_st == F_SET && i < f->ncas; i++)
        if (f->cas[i].name.st == F_SET)
            names = arena_list_append(r->arena, names, f->cas[i].name.v);
    if (names)
        finding_evidence(r, fd, "ca", "%s", names);
}

static void run(const struct eval *ev, struct check_result *r)
{
    const struct facts *f = ev->f;
    if (f->cas_st == F_ABSENT) {
        result_missing(r, "facts.cas");
        return;
    }
    if (f->cas_st == F_SET)
        for (size_t i = 0; i < f->ncas; i++)
            if (f->cas[i].templates.st == F_ABSENT) {
                result_missing(r, "facts.cas[].templates");
                break;
            }
    if (ev->tmpl) {
        if (published(f, ev->tmpl))
            return;
        if (r->nmissing)
            return;   /* a CA whose list was not collected may offer it */
        struct finding *fd = result_add(r, ev, &defs[0]);
        finding_evidence(r, fd, "template", "%s", ev->tmpl);
        evidence_cas(r, fd, f);
        return;
    }
    if (f->templates_st != F_SET) {
        result_missing(r, "facts.templates");
        return;
    }
    const char *names = NULL;
    for (size_t i = 0; i < f->ntemplates; i++) {
        const struct tmpl *t = &f->templates[i];
        if (t->name.st != F_SET || t->autoenroll_flag.st != F_SET || !t->autoenroll_flag.v)
            continue;
        if (!published(f, t->name.v))
            names = arena_list_append(r->arena, names, t->name.v);
    }
    if (!names || r->nmissing)
        return;
    struct finding *fd = result_add(r, ev, &defs[0]);
    finding_evidence(r, fd, "template", "%s", names);
    evidence_cas(r, fd, f);
}

const struct check check_published = {
    .id = "published",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_DIRECTORY),
};
