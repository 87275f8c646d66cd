/* test_check_loglevel.c: log.level-low (checks/loglevel.c). */
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

static void level(int64_t v, bool fires)
{
    char json[256];
    snprintf(json, sizeof(json), BUNDLE("{'loglevel':%lld}"), (long long)v);
    struct fx x = {0};
    fx_run(&x, &check_loglevel, json);
    assert_int_equal(x.r.status, ST_OK); /* info only: ok */
    assert_int_equal(fx_count(&x, "log.level-low"), fires ? 1 : 0);
    if (fires) {
        const struct finding *fd = fx_find(&x, "log.level-low", 0);
        char want[32];
        snprintf(want, sizeof(want), "%lld", (long long)v);
        assert_string_equal(fx_ev(fd, "loglevel", 0), want);
        assert_int_equal(fd->def->sev, SEV_INFO);
        assert_true(fx_has_action(fd, "loglevel.raise"));
    }
    fx_free(&x);
}

static void test_levels(void **state)
{
    (void)state;
    level(0, true);
    level(1, true);
    level(2, true);
    level(3, true);
    level(4, false);
    level(5, false);
}

static void test_null(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_loglevel, BUNDLE("{'loglevel':null}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(fx_count(&x, "log.level-low"), 1);
    assert_string_equal(fx_ev(fx_find(&x, "log.level-low", 0), "loglevel", 0), "null");
    fx_free(&x);
}

static void test_absent(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_loglevel, BUNDLE("{'aepolicy':{'user':7}}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_int_equal(x.r.nfindings, 0);
    assert_true(fx_missing(&x, "facts.loglevel"));
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_null),
        cmocka_unit_test(test_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
