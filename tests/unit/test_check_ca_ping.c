/* test_check_ca_ping.c: ca.unreachable (checks/ca_ping.c). */
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

#define PING_OK "{'config':'ca01.contoso.com\\\\Contoso Issuing CA 1','ok':true,'ca_name':'Contoso Issuing CA 1'}"

static void test_ok(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_ping, BUNDLE("{'ca_ping':[" PING_OK "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
}

static void test_rpc_unavailable(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_ping,
           BUNDLE("{'ca_ping':[{'config':'ca01.contoso.com\\\\Contoso Issuing CA 1','ok':false,"
                  "'error':'0x800706ba'}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "ca.unreachable"), 1);
    const struct finding *fd = fx_find(&x, "ca.unreachable", 0);
    assert_string_equal(fx_ev(fd, "config", 0), "ca01.contoso.com\\Contoso Issuing CA 1");
    assert_string_equal(fx_ev(fd, "error", 0), "0x800706BA RPC_S_SERVER_UNAVAILABLE");
    assert_true(fx_has_action(fd, "ca.ping"));
    assert_int_equal(fd->def->sev, SEV_ERROR);
    fx_free(&x);
}

static void test_win32_decimal(void **state)
{
    (void)state;
    /* 1722 is the Win32 form of the same code */
    struct fx x = {0};
    fx_run(&x, &check_ca_ping, BUNDLE("{'ca_ping':[{'config':'a\\\\b','ok':false,'error':1722}]}"));
    assert_string_equal(fx_ev(fx_find(&x, "ca.unreachable", 0), "error", 0),
                        "0x800706BA RPC_S_SERVER_UNAVAILABLE");
    fx_free(&x);
}

static void test_one_of_two(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_ping,
           BUNDLE("{'ca_ping':[" PING_OK ",{'config':'ca02.contoso.com\\\\CA 2','ok':false,"
                  "'error':'0x80070005'}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "ca.unreachable"), 1);
    const struct finding *fd = fx_find(&x, "ca.unreachable", 0);
    assert_string_equal(fx_ev(fd, "config", 0), "ca02.contoso.com\\CA 2");
    assert_non_null(strstr(fx_ev(fd, "error", 0), "0x80070005"));
    fx_free(&x);
}

static void test_no_error_code(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_ping, BUNDLE("{'ca_ping':[{'config':'a\\\\b','ok':false}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(fx_ev(fx_find(&x, "ca.unreachable", 0), "error", 0), "unknown");
    fx_free(&x);
}

static void test_absent_and_empty(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_ping, BUNDLE("{'loglevel':4}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ca_ping"));
    fx_free(&x);
    fx_run(&x, &check_ca_ping, BUNDLE("{'ca_ping':[]}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    /* a ping whose outcome was not recorded */
    fx_run(&x, &check_ca_ping, BUNDLE("{'ca_ping':[{'config':'a\\\\b'}]}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ok),
        cmocka_unit_test(test_rpc_unavailable),
        cmocka_unit_test(test_win32_decimal),
        cmocka_unit_test(test_one_of_two),
        cmocka_unit_test(test_no_error_code),
        cmocka_unit_test(test_absent_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
