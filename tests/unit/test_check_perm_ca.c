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

#define USER_TOP "'context':'user','template':'ContosoUser',"

#define DOM "S-1-5-21-1004336348-1177238915-682003330"
#define ENROLL "0e10c968-78fb-11d2-90d4-00c04f79dc55"
#define AUTOENROLL "a05b8cc2-17bc-4802-a710-e7c15ab866a2"
#define PKI_GROUP DOM "-1201"

/* Alice: Domain Users in both views; the PKI group only in the directory's
 * view when NEWGROUP (added after her logon). */
static const char *ident(bool newgroup)
{
    return newgroup
        ? "'identity':{'user':{'name':'CONTOSO\\\\alice','sid':'" DOM "-1104',"
          "'token_groups':['" DOM "-513','S-1-5-11','S-1-1-0'],"
          "'directory_groups':['" DOM "-513','" PKI_GROUP "']}}"
        : "'identity':{'user':{'name':'CONTOSO\\\\alice','sid':'" DOM "-1104',"
          "'token_groups':['" DOM "-513','S-1-5-11','S-1-1-0'],"
          "'directory_groups':['" DOM "-513']}}";
}

/* Builds facts: the identity, one template ContosoUser with SDDL TSDDL (NULL:
 * no sddl member), and CAS (a JSON array, or NULL for none). */
static void run_perm(struct tc *t, const struct check *c, bool newgroup, const char *tsddl,
                     const char *cas)
{
    char facts[4096];
    char tmpl[1024];
    if (tsddl)
        snprintf(tmpl, sizeof(tmpl), "{'name':'ContosoUser','sddl':'%s'}", tsddl);
    else
        snprintf(tmpl, sizeof(tmpl), "{'name':'ContosoUser'}");
    snprintf(facts, sizeof(facts), "%s,'templates':[%s]%s%s", ident(newgroup), tmpl,
             cas ? ",'cas':" : "", cas ? cas : "");
    tc_run(t, c, USER_TOP, facts);
}

#define T_BOTH_DU "D:PAI(OA;;CR;" ENROLL ";;DU)(OA;;CR;" AUTOENROLL ";;DU)(A;;LCRPLORC;;;AU)"
#define T_ENROLL_DU "D:PAI(OA;;CR;" ENROLL ";;DU)(A;;LCRPLORC;;;AU)"
#define T_NONE "D:PAI(A;;CCDCLCSWRPWPDTLOSDRCWDWO;;;DA)(A;;LCRPLORC;;;AU)"
#define T_PKI "D:PAI(OA;;CR;" ENROLL ";;" PKI_GROUP ")(OA;;CR;" AUTOENROLL ";;" PKI_GROUP ")(A;;LCRPLORC;;;AU)"
#define CA_AU "D:PAI(OA;;CR;" ENROLL ";;AU)(A;;LCRPLORC;;;AU)"
#define CA_NONE "D:PAI(A;;CCDCLCSWRPWPDTLOSDRCWDWO;;;DA)(A;;LCRPLORC;;;AU)"
#define CA_PKI "D:PAI(OA;;CR;" ENROLL ";;" PKI_GROUP ")(A;;LCRPLORC;;;AU)"
#define CA_DENY_DU "D:PAI(OD;;CR;" ENROLL ";;DU)(OA;;CR;" ENROLL ";;AU)"

#define CA(name, tmpls, sddl) "{'name':'" name "','templates':[" tmpls "],'sddl':'" sddl "'}"

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
