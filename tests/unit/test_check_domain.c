/* test_check_domain.c: the domain check (gpo.not-joined, gpo.no-dc). */
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

#define MACHINE_TOP "'context':'machine','template':'Machine',"

static void test_not_joined(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_domain, MACHINE_TOP,
           "'session':{'domain_joined':false,'dc_reachable':false}");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 1);
    assert_int_equal(tc_find(&t, "gpo.not-joined")->def->sev, SEV_ERROR);
    assert_string_equal(tc_ev(&t, "gpo.not-joined", "domain_joined"), "false");
    tc_free(&t);
}

static void test_not_joined_dc_unknown(void **state)
{
    (void)state;
    struct tc t;
    /* Without a join, whether a DC answers does not matter. */
    tc_run(&t, &check_domain, MACHINE_TOP, "'session':{'domain_joined':false}");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_non_null(tc_find(&t, "gpo.not-joined"));
    assert_null(tc_find(&t, "gpo.no-dc"));
    tc_free(&t);
}

static void test_no_dc(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_domain, MACHINE_TOP,
           "'session':{'domain_joined':true,'dc_reachable':false}");
    assert_int_equal(t.r.status, ST_WARN);
    assert_int_equal(t.r.nfindings, 1);
    assert_int_equal(tc_find(&t, "gpo.no-dc")->def->sev, SEV_WARNING);
    assert_string_equal(tc_ev(&t, "gpo.no-dc", "dc_reachable"), "false");
    assert_string_equal(tc_ev(&t, "gpo.no-dc", "domain_joined"), "true");
    tc_free(&t);
}

static void test_joined_dc(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_domain, MACHINE_TOP,
           "'session':{'domain_joined':true,'dc_reachable':true}");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    assert_int_equal(t.r.nmissing, 0);
    tc_free(&t);
}

static void test_joined_dc_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_domain, MACHINE_TOP, "'session':{'domain_joined':true}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.session.dc_reachable"));
    tc_free(&t);
}

static void test_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_domain, MACHINE_TOP, "'session':{'elevated':true}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.session.domain_joined"));
    tc_free(&t);
    tc_run(&t, &check_domain, MACHINE_TOP, "'aepolicy':{'machine':7}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.session"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_joined),
        cmocka_unit_test(test_not_joined_dc_unknown),
        cmocka_unit_test(test_no_dc),
        cmocka_unit_test(test_joined_dc),
        cmocka_unit_test(test_joined_dc_absent),
        cmocka_unit_test(test_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
