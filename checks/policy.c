/* policy.c: template.invalid-policy. The template names an issuance policy
 * OID the forest does not know (not among valid_issuance_policies), so the CA
 * refuses with CERT_E_INVALID_POLICY; or that code came back from a manual
 * enrollment or inside a CES fault. */
#include <string.h>

#include "checks.h"

static const struct finding_def defs[] = {
    {"template.invalid-policy", SEV_ERROR, {NULL}},
};

/* L null (the forest knows no policy) lists nothing. */
static bool listed(const struct str_list *l, const char *oid)
{
    if (l->st != F_SET)
        return false;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], oid) == 0)
            return true;
    return false;
}

static void from_templates(const struct eval *ev, struct check_result *r)
{
    const struct tmpl **t;
    size_t nt = eval_templates(ev, r->arena, &t);
    if (nt == 0) {
        result_missing(r, "facts.templates");
        return;
    }
    for (size_t i = 0; i < nt; i++) {
        const struct str_list *have = &t[i]->issuance_policies;
        const struct str_list *valid = &t[i]->valid_issuance_policies;
        if (have->st != F_SET) {
            if (have->st == F_ABSENT)
                result_missing(r, "facts.templates.issuance_policies");
            continue;
        }
        if (have->n == 0)
            continue;
        if (valid->st == F_ABSENT) {
            result_missing(r, "facts.templates.valid_issuance_policies");
            continue;
        }
        /* the unknown OIDs, joined: one evidence item per key */
        size_t len = 0, nbad = 0;
        for (size_t j = 0; j < have->n; j++)
            if (!listed(valid, have->v[j])) {
                len += strlen(have->v[j]) + 2;
                nbad++;
            }
        if (nbad == 0)
            continue;
        char *list = arena_alloc(r->arena, len + 1);
        struct finding *fd = result_add(r, ev, &defs[0]);
        if (!fd || !list)
            return;
        for (size_t j = 0; j < have->n; j++) {
            if (listed(valid, have->v[j]))
                continue;
            if (*list)
                strcat(list, ", ");
            strcat(list, have->v[j]);
        }
        if (t[i]->name.st == F_SET)
            finding_evidence(r, fd, "template", "%s", t[i]->name.v);
        finding_evidence(r, fd, "policy", "%s", list);
    }
}

static void run(const struct eval *ev, struct check_result *r)
{
    from_templates(ev, r);
    report_code_sources(ev, r, &defs[0], HR_CERT_E_INVALID_POLICY, NULL);
}

const struct check check_policy = {
    .id = "policy",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_DIRECTORY) | FACTS_BIT(FACTS_ENROLL) | FACTS_BIT(FACTS_CES),
};
