/* test_check_published.c: the published check (template.not-published). */
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

#define CA1 "{'name':'CA1','templates':['ContosoUser','Machine']}"
#define CA2 "{'name':'CA2','templates':['Machine']}"

static void test_published(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, USER_TOP, "'cas':[" CA2 "," CA1 "]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_case_insensitive(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, "'context':'user','template':'CONTOSOUSER',", "'cas':[" CA1 "]");
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_not_published(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, USER_TOP, "'cas':[" CA2 ",{'name':'CA3','templates':[]}]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "template.not-published", "template"), "ContosoUser");
    assert_string_equal(tc_ev(&t, "template.not-published", "ca"), "CA2, CA3");
    tc_free(&t);
}

static void test_no_cas(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, USER_TOP, "'cas':[]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_null(tc_ev(&t, "template.not-published", "ca"));
    tc_free(&t);
    tc_run(&t, &check_published, USER_TOP, "'cas':null");
    assert_int_equal(t.r.status, ST_FAIL);
    tc_free(&t);
}

static void test_cas_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, USER_TOP, "'templates':[{'name':'ContosoUser'}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.cas"));
    tc_free(&t);
}

static void test_ca_list_unknown(void **state)
{
    (void)state;
    struct tc t;
    /* A CA whose template list was not read might offer it. */
    tc_run(&t, &check_published, USER_TOP, "'cas':[" CA2 ",{'name':'CA9'}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.cas[].templates"));
    tc_free(&t);
}

static void test_any_template(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, "'context':'user',",
           "'templates':[{'name':'ContosoUser','autoenroll_flag':true},"
           "{'name':'Machine','autoenroll_flag':true},"
           "{'name':'Legacy','autoenroll_flag':false},"
           "{'name':'ContosoVpn','autoenroll_flag':true}],"
           "'cas':[" CA2 "]");
    assert_int_equal(t.r.status, ST_FAIL);
    /* Only templates that take part in autoenrollment, and are not offered. */
    assert_string_equal(tc_ev(&t, "template.not-published", "template"), "ContosoUser, ContosoVpn");
    tc_free(&t);
}

static void test_any_template_all_published(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, "'context':'user',",
           "'templates':[{'name':'ContosoUser','autoenroll_flag':true},"
           "{'name':'Legacy','autoenroll_flag':false}],'cas':[" CA1 "]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_any_template_needs_templates(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, "", "'cas':[" CA1 "]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.templates"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published),
        cmocka_unit_test(test_case_insensitive),
        cmocka_unit_test(test_not_published),
        cmocka_unit_test(test_no_cas),
        cmocka_unit_test(test_cas_absent),
        cmocka_unit_test(test_ca_list_unknown),
        cmocka_unit_test(test_any_template),
        cmocka_unit_test(test_any_template_all_published),
        cmocka_unit_test(test_any_template_needs_templates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
