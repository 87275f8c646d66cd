/* test_check_template_flags.c: the template_flags check (template.no-autoenroll-flag). */
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

static void test_flag_false(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_template_flags, USER_TOP,
           "'templates':[{'name':'ContosoUser','autoenroll_flag':false}]");
    assert_int_equal(t.r.status, ST_WARN);
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "template.no-autoenroll-flag", "template"), "ContosoUser");
    tc_free(&t);
}

static void test_flag_true(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_template_flags, USER_TOP,
           "'templates':[{'name':'Other','autoenroll_flag':false},"
           "{'name':'ContosoUser','autoenroll_flag':true}]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_name_case_insensitive(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_template_flags, "'context':'user','template':'contosouser',",
           "'templates':[{'name':'ContosoUser','autoenroll_flag':false}]");
    assert_int_equal(t.r.status, ST_WARN);
    /* The evidence names the template as the directory has it. */
    assert_string_equal(tc_ev(&t, "template.no-autoenroll-flag", "template"), "ContosoUser");
    tc_free(&t);
}

static void test_flag_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_template_flags, USER_TOP, "'templates':[{'name':'ContosoUser'}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.templates[name=ContosoUser].autoenroll_flag"));
    tc_free(&t);
}

static void test_template_not_listed(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_template_flags, USER_TOP,
           "'templates':[{'name':'Other','autoenroll_flag':false}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.templates[name=ContosoUser]"));
    tc_free(&t);
}

static void test_templates_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_template_flags, USER_TOP, "'aepolicy':{'user':7}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.templates"));
    tc_free(&t);
}

static void test_no_template_of_interest(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_template_flags, "'context':'user',",
           "'templates':[{'name':'ContosoUser','autoenroll_flag':false}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "template"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flag_false),
        cmocka_unit_test(test_flag_true),
        cmocka_unit_test(test_name_case_insensitive),
        cmocka_unit_test(test_flag_absent),
        cmocka_unit_test(test_template_not_listed),
        cmocka_unit_test(test_templates_absent),
        cmocka_unit_test(test_no_template_of_interest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
