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

#include "checktest.h"

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
