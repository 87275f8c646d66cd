/* test_check_policy.c: template.invalid-policy (checks/policy.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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

#define HEAD(extra) "{'format':'enrolldoc-bundle/1','context':'user','template':'ContosoUser'" extra ",'facts':"
#define BUNDLE(facts) HEAD("") facts "}"

#define P1 "1.3.6.1.4.1.311.21.8.1.2.3.400"
#define P2 "1.3.6.1.4.1.311.21.8.1.2.3.401"
#define TPL(name, have, valid) "{'name':'" name "','issuance_policies':[" have "],'valid_issuance_policies':[" valid "]}"

static void test_invalid(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_policy, BUNDLE("{'templates':[" TPL("ContosoUser", "'" P1 "','" P2 "'", "'" P1 "'") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "template.invalid-policy"), 1);
    const struct finding *fd = fx_find(&x, "template.invalid-policy", 0);
    assert_string_equal(fx_ev(fd, "template", 0), "ContosoUser");
    assert_string_equal(fx_ev(fd, "policy", 0), P2);
    assert_null(fx_ev(fd, "policy", 1));
    fx_free(&x);
    /* several unknown policies: one evidence item naming them all */
    fx_run(&x, &check_policy, BUNDLE("{'templates':[" TPL("ContosoUser", "'" P1 "','" P2 "'", "'1.2.3'") "]}"));
    fd = fx_find(&x, "template.invalid-policy", 0);
    assert_string_equal(fx_ev(fd, "policy", 0), P1 ", " P2);
    assert_null(fx_ev(fd, "policy", 1));
    fx_free(&x);
    /* the forest knows none */
    fx_run(&x, &check_policy, BUNDLE("{'templates':[" TPL("ContosoUser", "'" P1 "'", "") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(fx_ev(fx_find(&x, "template.invalid-policy", 0), "policy", 0), P1);
    fx_free(&x);
}

static void test_valid(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_policy,
           BUNDLE("{'templates':[" TPL("ContosoUser", "'" P1 "'", "'" P2 "','" P1 "'") "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    fx_run(&x, &check_policy, BUNDLE("{'templates':[" TPL("ContosoUser", "", "") "]}"));
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
    /* another template's invalid policy does not count */
    fx_run(&x, &check_policy,
           BUNDLE("{'templates':[" TPL("ContosoUser", "", "") "," TPL("Other", "'" P1 "'", "") "]}"));
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
}

static void test_unknown(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_policy,
           BUNDLE("{'templates':[{'name':'ContosoUser','issuance_policies':['" P1 "']}]}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.templates.valid_issuance_policies"));
    fx_free(&x);
    fx_run(&x, &check_policy, BUNDLE("{'templates':[{'name':'ContosoUser'}]}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.templates.issuance_policies"));
    fx_free(&x);
    fx_run(&x, &check_policy, BUNDLE("{'loglevel':4}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.templates"));
    fx_free(&x);
}

static void test_codes(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_policy,
           BUNDLE("{'enroll':[{'template':'ContosoUser','context':'user','ok':false,'error':'0x800b0113'}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    const struct finding *fd = fx_find(&x, "template.invalid-policy", 0);
    assert_string_equal(fx_ev(fd, "source", 0), "enroll");
    assert_string_equal(fx_ev(fd, "error", 0), "0x800B0113 CERT_E_INVALID_POLICY");
    fx_free(&x);
    fx_run(&x, &check_policy, BUNDLE("{'ces':{'error':'0x803D0013','inner_error':'0x800B0113'}}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(fx_ev(fx_find(&x, "template.invalid-policy", 0), "source", 0), "ces");
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
