/* test_check_session.c: the session check (session.runas). */
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

static void test_runas_true(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_session, USER_TOP,
           "'session':{'elevated':false,'system':false,'domain_joined':true,'runas':true}");
    assert_int_equal(t.r.status, ST_WARN);
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "session.runas", "runas"), "true");
    assert_int_equal(tc_find(&t, "session.runas")->def->sev, SEV_WARNING);
    tc_free(&t);
}

static void test_runas_false(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_session, USER_TOP, "'session':{'elevated':true,'runas':false}");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    assert_int_equal(t.r.nmissing, 0);
    tc_free(&t);
}

static void test_runas_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_session, USER_TOP, "'session':{'elevated':true}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.session.runas"));
    tc_free(&t);
}

static void test_session_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_session, USER_TOP, "'aepolicy':{'user':7}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.session"));
    tc_free(&t);
}

static void test_no_context_still_judged(void **state)
{
    (void)state;
    struct tc t;
    /* RunAs is a property of the collecting process, whatever the context. */
    tc_run(&t, &check_session, "", "'session':{'runas':true}");
    assert_int_equal(t.r.status, ST_WARN);
    assert_non_null(tc_find(&t, "session.runas"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runas_true),
        cmocka_unit_test(test_runas_false),
        cmocka_unit_test(test_runas_absent),
        cmocka_unit_test(test_session_absent),
        cmocka_unit_test(test_no_context_still_judged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
