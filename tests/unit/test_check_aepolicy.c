/* test_check_aepolicy.c: the aepolicy check (aepolicy.* findings). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bundle.h"
#include "check.h"
#include "checks.h"
#include "facts.h"

/* One evaluation: a bundle built from FACTS (JSON with ' for ") under TOP
 * (top-level members such as 'context':'user', each followed by a comma),
 * collected at 2026-11-20T08:15:00Z, run through the check. */
struct tc {
    struct facts *f;
    struct arena a;
    struct check_result r;
};

static void tc_run(struct tc *t, const struct check *c, const char *top, const char *facts)
{
#define TC_FMT "{'format':'enrolldoc-bundle/1'," \
               "'meta':{'collected_at':'2026-11-20T08:15:00Z'},%s'facts':{%s}}"
    size_t n = strlen(TC_FMT) + strlen(top) + strlen(facts) + 1;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, TC_FMT, top, facts);
    for (char *p = text; *p; p++)
        if (*p == '\'')
            *p = '"';
    struct err e;
    err_clear(&e);
    memset(t, 0, sizeof(*t));
    int rc = bundle_parse("test.json", text, strlen(text), &t->f, &e);
    if (rc != 0) {
        fprintf(stderr, "bundle_parse: %s\n", e.key);
        for (int i = 0; i < e.nargs; i++)
            fprintf(stderr, "  %s=%s\n", e.args[i].name, e.args[i].value);
        fprintf(stderr, "%s\n", text);
    }
    free(text);
    assert_int_equal(rc, 0);
    struct eval ev = {
        .f = t->f,
        .ctx = t->f->ctx_st == F_SET ? t->f->ctx : CTX_NONE,
        .tmpl = t->f->tmpl.st == F_SET ? t->f->tmpl.v : NULL,
        .now = t->f->meta.collected_at.v,
    };
    t->r.arena = &t->a;
    check_eval(c, &ev, &t->r);
}

static void tc_free(struct tc *t)
{
    arena_free(&t->a);
    facts_free(t->f);
}

static const struct finding *tc_find(const struct tc *t, const char *id)
{
    for (size_t i = 0; i < t->r.nfindings; i++)
        if (strcmp(t->r.findings[i].def->id, id) == 0)
            return &t->r.findings[i];
    return NULL;
}

static const char *tc_ev(const struct tc *t, const char *id, const char *key)
{
    const struct finding *fd = tc_find(t, id);
    assert_non_null(fd);
    for (size_t i = 0; i < fd->nevidence; i++)
        if (strcmp(fd->evidence[i].key, key) == 0)
            return fd->evidence[i].value;
    return NULL;
}

static bool tc_missing(const struct tc *t, const char *path)
{
    for (size_t i = 0; i < t->r.nmissing; i++)
        if (strcmp(t->r.missing[i], path) == 0)
            return true;
    return false;
}

#define USER_TOP "'context':'user','template':'ContosoUser',"

/* Runs the aepolicy check in the user context with AEPolicy written as V. */
static void run_policy(struct tc *t, const char *v)
{
    char facts[128];
    snprintf(facts, sizeof(facts), "'aepolicy':{'user':%s,'machine':7}", v);
    tc_run(t, &check_aepolicy, USER_TOP, facts);
}

static void expect_only(const struct tc *t, const char *id, const char *hex)
{
    assert_int_equal(t->r.nfindings, id ? 1 : 0);
    if (id) {
        assert_non_null(tc_find(t, id));
        assert_string_equal(tc_ev(t, id, "aepolicy"), hex);
    }
}

static void test_0x7_ok(void **state)
{
    (void)state;
    struct tc t;
    run_policy(&t, "7");
    assert_int_equal(t.r.status, ST_OK);
    expect_only(&t, NULL, NULL);
    tc_free(&t);
}

static void test_0x0_enroll_off(void **state)
{
    (void)state;
    struct tc t;
    run_policy(&t, "0");
    assert_int_equal(t.r.status, ST_FAIL);
    expect_only(&t, "aepolicy.enroll-off", "0x0");
    assert_int_equal(tc_find(&t, "aepolicy.enroll-off")->ctx, CTX_USER);
    tc_free(&t);
}

static void test_0x6_enroll_off(void **state)
{
    (void)state;
    struct tc t;
    run_policy(&t, "6");
    assert_int_equal(t.r.status, ST_FAIL);
    expect_only(&t, "aepolicy.enroll-off", "0x6");
    assert_null(tc_find(&t, "aepolicy.renewal-off"));
    tc_free(&t);
}

static void test_0x1_renewal_off(void **state)
{
    (void)state;
    struct tc t;
    run_policy(&t, "1");
    assert_int_equal(t.r.status, ST_WARN);
    expect_only(&t, "aepolicy.renewal-off", "0x1");
    tc_free(&t);
}

static void test_0x3_0x5_renewal_off(void **state)
{
    (void)state;
    struct tc t;
    run_policy(&t, "3");   /* 0x2 without 0x4 */
    assert_int_equal(t.r.status, ST_WARN);
    expect_only(&t, "aepolicy.renewal-off", "0x3");
    tc_free(&t);
    run_policy(&t, "5");   /* 0x4 without 0x2 */
    expect_only(&t, "aepolicy.renewal-off", "0x5");
    tc_free(&t);
}

static void test_0x8000_disabled(void **state)
{
    (void)state;
    struct tc t;
    run_policy(&t, "32768");
    assert_int_equal(t.r.status, ST_FAIL);
    expect_only(&t, "aepolicy.disabled", "0x8000");
    assert_null(tc_find(&t, "aepolicy.enroll-off"));
    tc_free(&t);
}

static void test_0x8007_disabled_only(void **state)
{
    (void)state;
    struct tc t;
    run_policy(&t, "32775");
    assert_int_equal(t.r.status, ST_FAIL);
    expect_only(&t, "aepolicy.disabled", "0x8007");
    tc_free(&t);
}

static void test_0x8001_disabled_and_renewal_off(void **state)
{
    (void)state;
    struct tc t;
    run_policy(&t, "32769");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 2);
    assert_string_equal(tc_ev(&t, "aepolicy.disabled", "aepolicy"), "0x8001");
    assert_string_equal(tc_ev(&t, "aepolicy.renewal-off", "aepolicy"), "0x8001");
    assert_null(tc_find(&t, "aepolicy.enroll-off"));
    tc_free(&t);
}

static void test_null_missing(void **state)
{
    (void)state;
    struct tc t;
    run_policy(&t, "null");
    assert_int_equal(t.r.status, ST_FAIL);
    expect_only(&t, "aepolicy.missing", "null");
    const struct finding_def *d = tc_find(&t, "aepolicy.missing")->def;
    assert_int_equal(d->sev, SEV_ERROR);
    assert_string_equal(d->actions[0], "gpupdate");
    tc_free(&t);
}

static void test_absent_unknown(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_aepolicy, USER_TOP, "'aepolicy':{'machine':0}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_int_equal(t.r.nfindings, 0);
    assert_true(tc_missing(&t, "facts.aepolicy.user"));
    tc_free(&t);
}

static void test_machine_context(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_aepolicy, "'context':'machine',", "'aepolicy':{'user':7,'machine':0}");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "aepolicy.enroll-off", "aepolicy"), "0x0");
    assert_int_equal(tc_find(&t, "aepolicy.enroll-off")->ctx, CTX_MACHINE);
    tc_free(&t);
}

static void test_no_context_unknown(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_aepolicy, "", "'aepolicy':{'user':0,'machine':0}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "context"));
    tc_free(&t);
}

static void test_extra_bits(void **state)
{
    (void)state;
    struct tc t;
    /* A DWORD with bits beyond the documented ones still decides on them. */
    run_policy(&t, "65543");   /* 0x10007 */
    assert_int_equal(t.r.status, ST_OK);
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_0x7_ok),
        cmocka_unit_test(test_0x0_enroll_off),
        cmocka_unit_test(test_0x6_enroll_off),
        cmocka_unit_test(test_0x1_renewal_off),
        cmocka_unit_test(test_0x3_0x5_renewal_off),
        cmocka_unit_test(test_0x8000_disabled),
        cmocka_unit_test(test_0x8007_disabled_only),
        cmocka_unit_test(test_0x8001_disabled_and_renewal_off),
        cmocka_unit_test(test_null_missing),
        cmocka_unit_test(test_absent_unknown),
        cmocka_unit_test(test_machine_context),
        cmocka_unit_test(test_no_context_unknown),
        cmocka_unit_test(test_extra_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
