/* test_check_ces_ca.c: ces.ca-request-failed (checks/ces_ca.c). */
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

static void test_inner_error(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_ca,
           BUNDLE("{'ces':{'url':'https://ces/x','error':'0x803D0013','inner_error':'0x80094812'}}"));
    assert_int_equal(x.r.status, ST_FAIL);
    const struct finding *fd = fx_find(&x, "ces.ca-request-failed", 0);
    assert_non_null(fd);
    assert_string_equal(fx_ev(fd, "inner_error", 0), "0x80094812 CERTSRV_E_SUBJECT_EMAIL_REQUIRED");
    assert_non_null(strstr(fx_ev(fd, "error", 0), "0x803D0013"));
    assert_string_equal(fx_ev(fd, "url", 0), "https://ces/x");
    fx_free(&x);
}

static void test_no_inner_error(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_ca, BUNDLE("{'ces':{'error':'0x803D0013','inner_error':null}}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    /* not collected */
    fx_run(&x, &check_ces_ca, BUNDLE("{'ces':{'error':'0x803D0013'}}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ces.inner_error"));
    fx_free(&x);
}

static void test_needs_fault(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_ca, BUNDLE("{'ces':{'error':'0x803D000F','inner_error':'0x80094812'}}"));
    assert_int_equal(x.r.nfindings, 0);
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
    fx_run(&x, &check_ces_ca, BUNDLE("{'ces':{'error':null,'inner_error':'0x80094812'}}"));
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
}

static void test_absent(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_ca, BUNDLE("{'loglevel':4}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ces"));
    fx_free(&x);
    fx_run(&x, &check_ces_ca, BUNDLE("{'ces':null}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inner_error),
        cmocka_unit_test(test_no_inner_error),
        cmocka_unit_test(test_needs_fault),
        cmocka_unit_test(test_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
