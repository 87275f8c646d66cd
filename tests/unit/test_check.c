/* test_check.c: src/check.c: status derivation, findings and evidence, the
 * registry of checks against spec/findings.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "actions.h"
#include "arena.h"
#include "check.h"
#include "codes.h"
#include "facts.h"

/* ---- a fake check whose findings the test decides ---------------------- */

static const struct finding_def fake_defs[] = {
    {"fake.info", SEV_INFO, {NULL}},
    {"fake.warning", SEV_WARNING, {"pulse", NULL}},
    {"fake.error", SEV_ERROR, {"gpupdate", NULL}},
};

/* What the fake run reports: how many findings of each severity, and
 * whether it lacked a fact. Test-local state, set before check_eval(). */
static struct {
    int info, warning, error;
    int missing;
} plan;

static void fake_run(const struct eval *ev, struct check_result *r)
{
    for (int i = 0; i < plan.info; i++)
        assert_non_null(result_add(r, ev, &fake_defs[0]));
    for (int i = 0; i < plan.warning; i++)
        assert_non_null(result_add(r, ev, &fake_defs[1]));
    for (int i = 0; i < plan.error; i++)
        assert_non_null(result_add(r, ev, &fake_defs[2]));
    if (plan.missing)
        result_missing(r, "facts.aepolicy.user");
}

static const struct check fake = {"fake", fake_defs, 3, fake_run, 0};

static enum status eval_plan(int info, int warning, int error, int missing,
                             struct check_result *r)
{
    plan.info = info;
    plan.warning = warning;
    plan.error = error;
    plan.missing = missing;
    struct eval ev = {.f = NULL, .ctx = CTX_USER, .tmpl = NULL, .now = 0};
    r->status = (enum status)99;
    check_eval(&fake, &ev, r);
    assert_int_equal(r->nfindings, (size_t)(info + warning + error));
    assert_int_equal(r->nmissing, (size_t)(missing ? 1 : 0));
    return r->status;
}

static void test_status(void **state)
{
    (void)state;
    struct arena a = {0};
    struct check_result r = {.arena = &a};
    assert_int_equal(eval_plan(0, 0, 0, 0, &r), ST_OK);
    assert_int_equal(eval_plan(0, 0, 0, 1, &r), ST_UNKNOWN);
    assert_int_equal(eval_plan(1, 0, 0, 0, &r), ST_OK);
    assert_int_equal(eval_plan(3, 0, 0, 0, &r), ST_OK);
    /* a finding, even an info, means the check claimed something */
    assert_int_equal(eval_plan(1, 0, 0, 1, &r), ST_OK);
    assert_int_equal(eval_plan(0, 1, 0, 0, &r), ST_WARN);
    assert_int_equal(eval_plan(2, 1, 0, 1, &r), ST_WARN);
    assert_int_equal(eval_plan(0, 0, 1, 0, &r), ST_FAIL);
    assert_int_equal(eval_plan(1, 1, 1, 0, &r), ST_FAIL);
    assert_int_equal(eval_plan(0, 3, 1, 1, &r), ST_FAIL);
    /* a result is reset by each evaluation: nothing left from before */
    assert_int_equal(eval_plan(0, 0, 2, 1, &r), ST_FAIL);
    assert_int_equal(eval_plan(0, 0, 0, 0, &r), ST_OK);
    assert_int_equal(r.nfindings, 0);
    assert_int_equal(r.nmissing, 0);
    arena_free(&a);
}

static void test_result_growth(void **state)
{
    (void)state;
    struct arena a = {0};
    struct check_result r = {.arena = &a};
    struct eval ev = {.f = NULL, .ctx = CTX_MACHINE, .tmpl = "ContosoUser", .now = 0};
    enum { N = 37 };
    for (int i = 0; i < N; i++) {
        struct finding *f = result_add(&r, &ev, &fake_defs[i % 3]);
        assert_non_null(f);
        assert_ptr_equal(f, &r.findings[i]);
        assert_int_equal(f->nevidence, 0);
        finding_evidence(&r, f, "index", "%d", i);
    }
    assert_int_equal(r.nfindings, N);
    assert_true(r.capfindings >= N);
    /* every finding survived the moves */
    for (int i = 0; i < N; i++) {
        char want[16];
        snprintf(want, sizeof(want), "%d", i);
        assert_ptr_equal(r.findings[i].def, &fake_defs[i % 3]);
        assert_int_equal(r.findings[i].ctx, CTX_MACHINE);
        assert_int_equal(r.findings[i].nevidence, 1);
        assert_string_equal(r.findings[i].evidence[0].key, "index");
        assert_string_equal(r.findings[i].evidence[0].value, want);
    }
    /* the context comes from the evaluation */
    ev.ctx = CTX_NONE;
    struct finding *f = result_add(&r, &ev, &fake_defs[0]);
    assert_int_equal(f->ctx, CTX_NONE);
    arena_free(&a);
}

static void test_evidence(void **state)
{
    (void)state;
    struct arena a = {0};
    struct check_result r = {.arena = &a};
    struct eval ev = {.f = NULL, .ctx = CTX_USER, .tmpl = NULL, .now = 0};
    struct finding *f = result_add(&r, &ev, &fake_defs[2]);
    assert_non_null(f);
    for (int i = 0; i < FINDING_MAX_EVIDENCE + 8; i++)
        finding_evidence(&r, f, "n", "value %d", i);
    assert_int_equal(f->nevidence, FINDING_MAX_EVIDENCE);
    for (int i = 0; i < FINDING_MAX_EVIDENCE; i++) {
        char want[32];
        snprintf(want, sizeof(want), "value %d", i);
        assert_string_equal(f->evidence[i].value, want);
    }
    /* long values are kept whole (they live in the arena) */
    struct finding *g = result_add(&r, &ev, &fake_defs[1]);
    char big[3000];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    finding_evidence(&r, g, "template", "%s", big);
    assert_string_equal(g->evidence[0].value, big);
    finding_evidence(&r, g, "empty", "%s", "");
    assert_string_equal(g->evidence[1].value, "");
    /* a NULL finding (result_add out of memory) is ignored */
    finding_evidence(&r, NULL, "x", "%s", "y");
    finding_evidence_code(&r, NULL, "x", 0x800706BAu);
    arena_free(&a);
}

/* Evidence keeps the fact's type: JSON writes numbers, booleans and null
 * as such, not as strings. */
static void test_evidence_types(void **state)
{
    (void)state;
    struct arena a = {0};
    struct check_result r = {.arena = &a};
    struct eval ev = {.f = NULL, .ctx = CTX_USER, .tmpl = NULL, .now = 0};
    struct finding *f = result_add(&r, &ev, &fake_defs[2]);
    finding_evidence(&r, f, "s", "%s", "null");
    finding_evidence_int(&r, f, "n", -42);
    finding_evidence_bool(&r, f, "b", false);
    finding_evidence_null(&r, f, "z");
    assert_int_equal(f->nevidence, 4);
    assert_int_equal(f->evidence[0].type, EVT_STRING);   /* the text "null" stays text */
    assert_int_equal(f->evidence[1].type, EVT_NUMBER);
    assert_string_equal(f->evidence[1].value, "-42");
    assert_int_equal(f->evidence[2].type, EVT_BOOL);
    assert_string_equal(f->evidence[2].value, "false");
    assert_int_equal(f->evidence[3].type, EVT_NULL);
    /* past the limit nothing is added, and nothing earlier retyped */
    for (int i = 0; i < FINDING_MAX_EVIDENCE; i++)
        finding_evidence(&r, f, "s", "x");
    finding_evidence_null(&r, f, "s");
    assert_int_equal(f->evidence[FINDING_MAX_EVIDENCE - 1].type, EVT_STRING);
    finding_evidence_null(&r, NULL, "z");
    arena_free(&a);
}

static void test_evidence_code(void **state)
{
    (void)state;
    struct arena a = {0};
    struct check_result r = {.arena = &a};
    struct eval ev = {.f = NULL, .ctx = CTX_USER, .tmpl = NULL, .now = 0};
    struct finding *f = result_add(&r, &ev, &fake_defs[2]);
    finding_evidence_code(&r, f, "error", 0x800706BAu);
    assert_string_equal(f->evidence[0].key, "error");
    assert_string_equal(f->evidence[0].value, "0x800706BA RPC_S_SERVER_UNAVAILABLE");
    finding_evidence_code(&r, f, "error", 0x80094800u);
    assert_string_equal(f->evidence[1].value, "0x80094800 CERTSRV_E_UNSUPPORTED_CERT_TYPE");
    finding_evidence_code(&r, f, "error", 0x80094012u);
    assert_string_equal(f->evidence[2].value, "0x80094012 CERTSRV_E_TEMPLATE_DENIED");
    /* unknown code: hex only, eight digits, upper case */
    assert_null(code_lookup(0x1234ABCDu));
    finding_evidence_code(&r, f, "error", 0x1234ABCDu);
    assert_string_equal(f->evidence[3].value, "0x1234ABCD");
    arena_free(&a);
}

static void test_missing(void **state)
{
    (void)state;
    struct arena a = {0};
    struct check_result r = {.arena = &a};
    result_missing(&r, "facts.aepolicy.user");
    result_missing(&r, "facts.aepolicy.user");
    char same[] = "facts.aepolicy.user"; /* equal text at another address */
    result_missing(&r, same);
    assert_int_equal(r.nmissing, 1);
    result_missing(&r, "facts.tasks.user");
    assert_int_equal(r.nmissing, 2);
    assert_string_equal(r.missing[0], "facts.aepolicy.user");
    assert_string_equal(r.missing[1], "facts.tasks.user");
    /* more than the limit are dropped safely */
    static const char *const paths[] = {"p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7",
                                        "p8", "p9", "p10", "p11"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
        result_missing(&r, paths[i]);
    assert_int_equal(r.nmissing, RESULT_MAX_MISSING);
    arena_free(&a);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(severity_name(SEV_ERROR), "error");
    assert_string_equal(severity_name(SEV_WARNING), "warning");
    assert_string_equal(severity_name(SEV_INFO), "info");
    assert_string_equal(status_name(ST_OK), "ok");
    assert_string_equal(status_name(ST_WARN), "warn");
    assert_string_equal(status_name(ST_FAIL), "fail");
    assert_string_equal(status_name(ST_UNKNOWN), "unknown");
}

/* ---- the registry against spec/findings.md ------------------------------ */

static const struct {
    const char *id;
    enum severity sev;
} spec_findings[] = {
    /* Branch A */
    {"cert.present", SEV_INFO},
    {"aepolicy.missing", SEV_ERROR},
    {"aepolicy.disabled", SEV_ERROR},
    {"aepolicy.enroll-off", SEV_ERROR},
    {"aepolicy.renewal-off", SEV_WARNING},
    {"session.runas", SEV_WARNING},
    {"task.missing", SEV_ERROR},
    {"task.disabled", SEV_ERROR},
    {"task.never-run", SEV_WARNING},
    {"task.hanging", SEV_WARNING},
    {"task.last-result", SEV_WARNING},
    {"perm.template-enroll", SEV_ERROR},
    {"perm.template-autoenroll", SEV_ERROR},
    {"perm.ca-request", SEV_ERROR},
    {"perm.token-stale", SEV_ERROR},
    {"perm.token-maybe-stale", SEV_WARNING},   /* this project's (doc/findings.md), not in spec/findings.md yet */
    {"template.not-published", SEV_ERROR},
    {"template.no-autoenroll-flag", SEV_WARNING},
    {"ksp.unavailable", SEV_ERROR},
    {"gpo.not-joined", SEV_ERROR},
    {"gpo.no-dc", SEV_WARNING},
    /* Branch B */
    {"ca.unreachable", SEV_ERROR},
    {"ca.access-denied", SEV_ERROR},
    {"ca.second-hop", SEV_WARNING},
    {"enroll.template-unsupported", SEV_ERROR},
    {"enroll.failed", SEV_ERROR},
    {"enroll.pending", SEV_WARNING},
    {"ces.endpoint-failure", SEV_ERROR},
    /* Branch C */
    {"ca.denied", SEV_ERROR},
    {"account.mail-missing", SEV_ERROR},
    {"template.invalid-policy", SEV_ERROR},
    /* CES fault */
    {"ces.user-not-delegated", SEV_ERROR},
    {"ces.no-delegation", SEV_ERROR},
    {"ces.unconstrained-credential-guard", SEV_ERROR},
    {"ces.no-impersonate", SEV_ERROR},
    {"ces.delegation-not-to-ca", SEV_ERROR},
    {"ces.kbr-no-ca-read", SEV_ERROR},
    {"ces.kbr-renew-on-behalf", SEV_ERROR},
    {"ces.ca-request-failed", SEV_ERROR},
    /* Logging and events */
    {"log.level-low", SEV_INFO},
    {"events.no-run", SEV_WARNING},
    {"events.run-incomplete", SEV_ERROR},
    {"events.error", SEV_ERROR},
};
#define NSPEC (sizeof(spec_findings) / sizeof(spec_findings[0]))

static void test_registry_unique(void **state)
{
    (void)state;
    size_t n = 0;
    const struct check *const *all = check_all(&n);
    assert_non_null(all);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(all[i]);
        assert_non_null(all[i]->id);
        assert_non_null(all[i]->run);
        assert_true(all[i]->ndefs > 0);
        assert_non_null(all[i]->defs);
        for (size_t k = i + 1; k < n; k++)
            if (strcmp(all[i]->id, all[k]->id) == 0)
                fail_msg("check id %s twice", all[i]->id);
        /* check_find returns the very same check */
        assert_ptr_equal(check_find(all[i]->id), all[i]);
    }
    assert_null(check_find("nope"));
    assert_null(check_find(""));

    /* finding ids unique across all checks */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < all[i]->ndefs; j++) {
            const char *id = all[i]->defs[j].id;
            assert_non_null(id);
            size_t seen = 0;
            for (size_t k = 0; k < n; k++)
                for (size_t m = 0; m < all[k]->ndefs; m++)
                    if (strcmp(all[k]->defs[m].id, id) == 0)
                        seen++;
            if (seen != 1)
                fail_msg("finding id %s defined %zu times", id, seen);
            assert_ptr_equal(finding_def_find(id), &all[i]->defs[j]);
        }
    assert_null(finding_def_find("nope.nope"));
    assert_null(finding_def_find(""));
}

static void test_registry_matches_spec(void **state)
{
    (void)state;
    size_t n = 0;
    const struct check *const *all = check_all(&n);
    /* every finding of the spec is defined, with the spec's severity */
    for (size_t i = 0; i < NSPEC; i++) {
        const struct finding_def *d = finding_def_find(spec_findings[i].id);
        if (!d)
            fail_msg("finding %s of findings.md is defined by no check", spec_findings[i].id);
        if (d->sev != spec_findings[i].sev)
            fail_msg("finding %s: severity %s, findings.md says %s", d->id, severity_name(d->sev),
                     severity_name(spec_findings[i].sev));
    }
    /* and nothing else */
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < all[i]->ndefs; j++) {
            total++;
            bool known = false;
            for (size_t k = 0; k < NSPEC && !known; k++)
                known = strcmp(spec_findings[k].id, all[i]->defs[j].id) == 0;
            if (!known)
                fail_msg("check %s defines %s, which findings.md does not list", all[i]->id,
                         all[i]->defs[j].id);
        }
    assert_int_equal(total, NSPEC);
}

static void test_registry_actions(void **state)
{
    (void)state;
    size_t n = 0;
    const struct check *const *all = check_all(&n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < all[i]->ndefs; j++) {
            const struct finding_def *d = &all[i]->defs[j];
            size_t k = 0;
            for (; k < FINDING_MAX_ACTIONS && d->actions[k]; k++) {
                if (!action_find(d->actions[k]))
                    fail_msg("finding %s names unknown action %s", d->id, d->actions[k]);
                for (size_t m = 0; m < k; m++)
                    if (strcmp(d->actions[m], d->actions[k]) == 0)
                        fail_msg("finding %s names action %s twice", d->id, d->actions[k]);
            }
            /* NULL-terminated within the array */
            if (k == FINDING_MAX_ACTIONS)
                fail_msg("finding %s: actions are not NULL-terminated", d->id);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_result_growth),
        cmocka_unit_test(test_evidence),
        cmocka_unit_test(test_evidence_types),
        cmocka_unit_test(test_evidence_code),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_registry_unique),
        cmocka_unit_test(test_registry_matches_spec),
        cmocka_unit_test(test_registry_actions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
