/* test_check_ces_endpoint.c: ces.endpoint-failure (checks/ces_endpoint.c). */
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

static void test_endpoint_failure(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_endpoint,
           BUNDLE("{'ces':{'url':'https://ces.contoso.com/CES','error':'0x803d000f'}}"));
    assert_int_equal(x.r.status, ST_FAIL);
    const struct finding *fd = fx_find(&x, "ces.endpoint-failure", 0);
    assert_non_null(fd);
    assert_non_null(strstr(fx_ev(fd, "error", 0), "0x803D000F"));
    assert_string_equal(fx_ev(fd, "url", 0), "https://ces.contoso.com/CES");
    fx_free(&x);
    /* the same code as a negative integer */
    fx_run(&x, &check_ces_endpoint, BUNDLE("{'ces':{'error':-2143485937}}"));
    assert_int_equal(fx_count(&x, "ces.endpoint-failure"), 1);
    fx_free(&x);
}

static void test_other_errors(void **state)
{
    (void)state;
    const char *jsons[] = {
        BUNDLE("{'ces':{'error':'0x803D0013'}}"),
        BUNDLE("{'ces':{'error':'0x800706BA'}}"),
        BUNDLE("{'ces':{'error':null}}"),
        BUNDLE("{'ces':{'error':0}}"),
    };
    for (size_t i = 0; i < sizeof(jsons) / sizeof(jsons[0]); i++) {
        struct fx x = {0};
        fx_run(&x, &check_ces_endpoint, jsons[i]);
        assert_int_equal(x.r.nfindings, 0);
        assert_int_equal(x.r.status, ST_OK);
        fx_free(&x);
    }
}

static void test_absent(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_endpoint, BUNDLE("{'loglevel':4}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ces"));
    fx_free(&x);
    fx_run(&x, &check_ces_endpoint, BUNDLE("{'ces':{'url':'https://ces/x'}}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ces.error"));
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_endpoint_failure),
        cmocka_unit_test(test_other_errors),
        cmocka_unit_test(test_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
