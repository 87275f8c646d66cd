/* test_check_perm_ca.c: the perm_ca check (perm.ca-request). */
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
#include "permtest.h"

static void test_granted_to_au(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_ca, false, T_BOTH_DU, "[" CA("CA1", "'ContosoUser'", CA_AU) "]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_refused(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_ca, false, T_BOTH_DU, "[" CA("CA1", "'ContosoUser'", CA_NONE) "]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "perm.ca-request", "ca"), "CA1");
    assert_string_equal(tc_ev(&t, "perm.ca-request", "access"), "none");
    assert_string_equal(tc_ev(&t, "perm.ca-request", "template"), "ContosoUser");
    assert_string_equal(tc_ev(&t, "perm.ca-request", "account"), "CONTOSO\\alice");
    tc_free(&t);
}

static void test_denied(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_ca, false, T_BOTH_DU, "[" CA("CA1", "'ContosoUser'", CA_DENY_DU) "]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "perm.ca-request", "access"), "denied");
    assert_string_equal(tc_ev(&t, "perm.ca-request", "trustee"), "DU");
    tc_free(&t);
}

static void test_one_of_two_refuses(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_ca, false, T_BOTH_DU,
             "[" CA("CA1", "'ContosoUser'", CA_NONE) "," CA("CA2", "'ContosoUser'", CA_AU) "]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_both_refuse(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_ca, false, T_BOTH_DU,
             "[" CA("CA1", "'ContosoUser'", CA_NONE) "," CA("CA2", "'ContosoUser'", CA_DENY_DU) "]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "perm.ca-request", "ca"), "CA1, CA2");
    assert_string_equal(tc_ev(&t, "perm.ca-request", "access"), "none, denied");
    tc_free(&t);
}

static void test_only_publishing_cas_count(void **state)
{
    (void)state;
    struct tc t;
    /* CA2 would take the request, but it does not offer the template. */
    run_perm(&t, &check_perm_ca, false, T_BOTH_DU,
             "[" CA("CA1", "'ContosoUser'", CA_NONE) "," CA("CA2", "'Machine'", CA_AU) "]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "perm.ca-request", "ca"), "CA1");
    tc_free(&t);
}

static void test_no_publishing_ca(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_ca, false, T_BOTH_DU, "[" CA("CA1", "'Machine'", CA_NONE) "]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_directory_group(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_ca, true, T_BOTH_DU, "[" CA("CA1", "'ContosoUser'", CA_PKI) "]");
    assert_int_equal(t.r.status, ST_OK);
    tc_free(&t);
    run_perm(&t, &check_perm_ca, false, T_BOTH_DU, "[" CA("CA1", "'ContosoUser'", CA_PKI) "]");
    assert_int_equal(t.r.status, ST_FAIL);
    tc_free(&t);
}

static void test_ca_sddl_absent(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_ca, false, T_BOTH_DU,
             "[" CA("CA1", "'ContosoUser'", CA_NONE) ",{'name':'CA2','templates':['ContosoUser']}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.cas[].sddl"));
    tc_free(&t);
}

static void test_cas_absent(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_ca, false, T_BOTH_DU, NULL);
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.cas"));
    tc_free(&t);
}

static void test_identity_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_perm_ca, USER_TOP, "'cas':[" CA("CA1", "'ContosoUser'", CA_AU) "]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.identity.user"));
    tc_free(&t);
}

static void test_no_template_of_interest(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_perm_ca, "'context':'user',", "'cas':[" CA("CA1", "'ContosoUser'", CA_NONE) "]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "template"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_granted_to_au),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_denied),
        cmocka_unit_test(test_one_of_two_refuses),
        cmocka_unit_test(test_both_refuse),
        cmocka_unit_test(test_only_publishing_cas_count),
        cmocka_unit_test(test_no_publishing_ca),
        cmocka_unit_test(test_directory_group),
        cmocka_unit_test(test_ca_sddl_absent),
        cmocka_unit_test(test_cas_absent),
        cmocka_unit_test(test_identity_absent),
        cmocka_unit_test(test_no_template_of_interest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
