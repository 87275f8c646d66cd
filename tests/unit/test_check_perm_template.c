/* test_check_perm_template.c: the perm_template check (perm.template-*). */
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

static void test_both_granted(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_template, false, T_BOTH_DU, NULL);
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_healthy_scenario_sddl(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_template, false,
             "O:EAG:EAD:PAI(OA;;CR;" ENROLL ";;DA)(OA;;CR;" ENROLL ";;EA)(OA;;CR;" ENROLL
             ";;DU)(OA;;CR;" AUTOENROLL ";;DU)(A;;CCDCLCSWRPWPDTLOSDRCWDWO;;;DA)"
             "(A;;CCDCLCSWRPWPDTLOSDRCWDWO;;;EA)(A;;LCRPLORC;;;AU)", NULL);
    assert_int_equal(t.r.status, ST_OK);
    tc_free(&t);
}

static void test_no_enroll(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_template, false, T_NONE, NULL);
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 1);   /* AutoEnroll is not judged without Enroll */
    assert_string_equal(tc_ev(&t, "perm.template-enroll", "template"), "ContosoUser");
    assert_string_equal(tc_ev(&t, "perm.template-enroll", "account"), "CONTOSO\\alice");
    assert_string_equal(tc_ev(&t, "perm.template-enroll", "access"), "none");
    tc_free(&t);
}

static void test_enroll_denied(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_template, false,
             "D:PAI(OD;;CR;" ENROLL ";;DU)(OA;;CR;" ENROLL ";;AU)(OA;;CR;" AUTOENROLL ";;AU)", NULL);
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "perm.template-enroll", "access"), "denied");
    assert_string_equal(tc_ev(&t, "perm.template-enroll", "trustee"), "DU");
    tc_free(&t);
}

static void test_enroll_without_autoenroll(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_template, false, T_ENROLL_DU, NULL);
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 1);
    assert_null(tc_find(&t, "perm.template-enroll"));
    assert_string_equal(tc_ev(&t, "perm.template-autoenroll", "access"), "none");
    tc_free(&t);
}

static void test_autoenroll_denied(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_template, false,
             "D:PAI(OA;;CR;" ENROLL ";;DU)(OD;;CR;" AUTOENROLL ";;S-1-1-0)(OA;;CR;" AUTOENROLL ";;DU)",
             NULL);
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "perm.template-autoenroll", "access"), "denied");
    assert_non_null(tc_ev(&t, "perm.template-autoenroll", "trustee"));
    tc_free(&t);
}

static void test_all_extended_rights(void **state)
{
    (void)state;
    struct tc t;
    /* CR without an object GUID, and GA, grant every extended right. */
    run_perm(&t, &check_perm_template, false, "D:(A;;CR;;;DU)", NULL);
    assert_int_equal(t.r.status, ST_OK);
    tc_free(&t);
    run_perm(&t, &check_perm_template, false, "D:(A;;GA;;;AU)", NULL);
    assert_int_equal(t.r.status, ST_OK);
    tc_free(&t);
}

static void test_directory_groups_count(void **state)
{
    (void)state;
    struct tc t;
    /* Granted through a group only the directory knows: "its groups" are the
     * directory's (the stale token is perm.token-stale's business). */
    run_perm(&t, &check_perm_template, true, T_PKI, NULL);
    assert_int_equal(t.r.status, ST_OK);
    tc_free(&t);
    run_perm(&t, &check_perm_template, false, T_PKI, NULL);
    assert_int_equal(t.r.status, ST_FAIL);
    assert_non_null(tc_find(&t, "perm.template-enroll"));
    tc_free(&t);
}

static void test_sddl_absent(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_perm_template, false, NULL, NULL);
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.templates[name=ContosoUser].sddl"));
    tc_free(&t);
}

static void test_template_not_listed(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_perm_template, "'context':'user','template':'ContosoVpn',",
           "'templates':[{'name':'ContosoUser','sddl':'" T_BOTH_DU "'}],"
           "'identity':{'user':{'sid':'" DOM "-1104','token_groups':[]}}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.templates[name=ContosoVpn]"));
    tc_free(&t);
}

static void test_identity_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_perm_template, USER_TOP,
           "'templates':[{'name':'ContosoUser','sddl':'" T_BOTH_DU "'}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.identity.user"));
    tc_free(&t);
}

static void test_groups_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_perm_template, USER_TOP,
           "'templates':[{'name':'ContosoUser','sddl':'" T_BOTH_DU "'}],"
           "'identity':{'user':{'sid':'" DOM "-1104'}}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.identity.user.token_groups"));
    tc_free(&t);
}

static void test_token_groups_only(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_perm_template, USER_TOP,
           "'templates':[{'name':'ContosoUser','sddl':'" T_BOTH_DU "'}],"
           "'identity':{'user':{'sid':'" DOM "-1104','token_groups':['" DOM "-513']}}");
    assert_int_equal(t.r.status, ST_OK);
    tc_free(&t);
}

static void test_no_template_of_interest(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_perm_template, "'context':'user',",
           "'templates':[{'name':'ContosoUser','sddl':'" T_NONE "'}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "template"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_granted),
        cmocka_unit_test(test_healthy_scenario_sddl),
        cmocka_unit_test(test_no_enroll),
        cmocka_unit_test(test_enroll_denied),
        cmocka_unit_test(test_enroll_without_autoenroll),
        cmocka_unit_test(test_autoenroll_denied),
        cmocka_unit_test(test_all_extended_rights),
        cmocka_unit_test(test_directory_groups_count),
        cmocka_unit_test(test_sddl_absent),
        cmocka_unit_test(test_template_not_listed),
        cmocka_unit_test(test_identity_absent),
        cmocka_unit_test(test_groups_absent),
        cmocka_unit_test(test_token_groups_only),
        cmocka_unit_test(test_no_template_of_interest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
