/* test_check_store.c: the store check (cert.present). */
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

#define OID "1.3.6.1.4.1.311.21.8.1.2.3.100"
#define TEMPLATES "'templates':[{'name':'ContosoUser','oid':'" OID "'}]"

static void run_store(struct tc *t, const char *certs)
{
    char facts[1024];
    snprintf(facts, sizeof(facts), "%s,'certificates':{'user':%s}", TEMPLATES, certs);
    tc_run(t, &check_store, USER_TOP, facts);
}

static void test_valid_by_name(void **state)
{
    (void)state;
    struct tc t;
    run_store(&t, "[{'thumbprint':'AB12','subject':'CN=alice','not_before':'2026-01-01T00:00:00Z',"
                  "'not_after':'2027-01-01T00:00:00Z','template_name':'contosouser',"
                  "'template_oid':null,'archived':false,'has_private_key':true}]");
    assert_int_equal(t.r.status, ST_OK);   /* info only */
    assert_int_equal(t.r.nfindings, 1);
    assert_int_equal(tc_find(&t, "cert.present")->def->sev, SEV_INFO);
    assert_string_equal(tc_ev(&t, "cert.present", "thumbprint"), "AB12");
    assert_string_equal(tc_ev(&t, "cert.present", "template"), "ContosoUser");
    assert_string_equal(tc_ev(&t, "cert.present", "not_after"), "2027-01-01T00:00:00Z");
    tc_free(&t);
}

static void test_valid_by_oid(void **state)
{
    (void)state;
    struct tc t;
    run_store(&t, "[{'thumbprint':'CD34','not_after':'2027-01-01T00:00:00Z',"
                  "'template_name':null,'template_oid':'" OID "','archived':false}]");
    assert_non_null(tc_find(&t, "cert.present"));
    assert_string_equal(tc_ev(&t, "cert.present", "thumbprint"), "CD34");
    tc_free(&t);
}

static void test_oid_needs_template_object(void **state)
{
    (void)state;
    struct tc t;
    /* Without the template in facts.templates its OID is not known. */
    tc_run(&t, &check_store, USER_TOP,
           "'certificates':{'user':[{'not_after':'2027-01-01T00:00:00Z','template_oid':'" OID "'}]}");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_expired(void **state)
{
    (void)state;
    struct tc t;
    run_store(&t, "[{'not_after':'2026-11-20T08:14:59Z','template_name':'ContosoUser',"
                  "'archived':false}]");
    assert_int_equal(t.r.nfindings, 0);
    assert_int_equal(t.r.status, ST_OK);
    tc_free(&t);
    /* Expiring exactly at collection time is expired. */
    run_store(&t, "[{'not_after':'2026-11-20T08:15:00Z','template_name':'ContosoUser'}]");
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_archived(void **state)
{
    (void)state;
    struct tc t;
    run_store(&t, "[{'not_after':'2027-01-01T00:00:00Z','template_name':'ContosoUser',"
                  "'archived':true}]");
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_not_yet_valid(void **state)
{
    (void)state;
    struct tc t;
    run_store(&t, "[{'not_before':'2026-11-21T00:00:00Z','not_after':'2027-01-01T00:00:00Z',"
                  "'template_name':'ContosoUser'}]");
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_other_template(void **state)
{
    (void)state;
    struct tc t;
    run_store(&t, "[{'not_after':'2027-01-01T00:00:00Z','template_name':'Machine',"
                  "'template_oid':'1.2.3'}]");
    assert_int_equal(t.r.nfindings, 0);
    assert_int_equal(t.r.status, ST_OK);
    tc_free(&t);
}

static void test_picks_longest(void **state)
{
    (void)state;
    struct tc t;
    run_store(&t, "[{'thumbprint':'01D0','not_after':'2026-12-01T00:00:00Z','template_name':'ContosoUser'},"
                  "{'thumbprint':'A4C4','not_after':'2028-12-01T00:00:00Z','template_name':'ContosoUser','archived':true},"
                  "{'thumbprint':'BEEF','not_after':'2027-12-01T00:00:00Z','template_name':'ContosoUser'}]");
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "cert.present", "thumbprint"), "BEEF");
    tc_free(&t);
}

static void test_no_template_unknown(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_store, "'context':'user',",
           "'certificates':{'user':[{'not_after':'2027-01-01T00:00:00Z','template_name':'ContosoUser'}]}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_int_equal(t.r.nfindings, 0);
    assert_true(tc_missing(&t, "template"));
    tc_free(&t);
}

static void test_store_absent_unknown(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_store, USER_TOP, "'certificates':{'machine':[]}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.certificates.user"));
    tc_free(&t);
}

static void test_machine_store(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_store, "'context':'machine','template':'Machine',",
           "'certificates':{'user':[],'machine':[{'not_after':'2027-01-01T00:00:00Z',"
           "'template_name':'Machine'}]}");
    assert_non_null(tc_find(&t, "cert.present"));
    assert_int_equal(tc_find(&t, "cert.present")->ctx, CTX_MACHINE);
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_by_name),
        cmocka_unit_test(test_valid_by_oid),
        cmocka_unit_test(test_oid_needs_template_object),
        cmocka_unit_test(test_expired),
        cmocka_unit_test(test_archived),
        cmocka_unit_test(test_not_yet_valid),
        cmocka_unit_test(test_other_template),
        cmocka_unit_test(test_picks_longest),
        cmocka_unit_test(test_no_template_unknown),
        cmocka_unit_test(test_store_absent_unknown),
        cmocka_unit_test(test_machine_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
