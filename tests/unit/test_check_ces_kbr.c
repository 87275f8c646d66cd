/* test_check_ces_kbr.c: ces.kbr-no-ca-read, ces.kbr-renew-on-behalf (checks/ces_kbr.c). */
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

#define CESEV(id, time) "{'time':'" time "','provider':'Microsoft-Windows-EnrollmentWebService','id':" #id ",'level':'error','message':'x'}"
#define CES(err, kbr, events) "'ces':{'url':'https://ces/x','error':'" err "','key_based_renewal':" kbr ",'events':[" events "]}"
#define CA(name, rob) "{'name':'" name "','renew_on_behalf_of':" rob "}"
#define FAULT "0x803D0013"

static void test_event_8(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kbr,
           BUNDLE("{" CES(FAULT, "true", CESEV(8, "2026-11-20T08:00:00Z") "," CESEV(8, "2026-11-20T08:05:00Z"))
                  ",'cas':[" CA("CA1", "true") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);
    const struct finding *fd = fx_find(&x, "ces.kbr-no-ca-read", 0);
    assert_string_equal(fx_ev(fd, "event", 0), "8");
    assert_string_equal(fx_ev(fd, "time", 0), "2026-11-20T08:05:00Z");
    assert_string_equal(fx_ev(fd, "key_based_renewal", 0), "true");
    assert_string_equal(fx_ev(fd, "error", 0), "0x803D0013 WS_E_ENDPOINT_FAULT_RECEIVED");
    fx_free(&x);
}

static void test_event_9(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kbr, BUNDLE("{" CES(FAULT, "true", CESEV(9, "2026-11-20T08:00:00Z")) "}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);
    assert_string_equal(fx_ev(fx_find(&x, "ces.kbr-renew-on-behalf", 0), "event", 0), "9");
    fx_free(&x);
}

static void test_ca_flag(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kbr,
           BUNDLE("{" CES(FAULT, "true", "") ",'cas':[" CA("CA1", "true") "," CA("CA2", "false") "," CA("CA3", "null") ","
                  CA("CA4", "false") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "ces.kbr-renew-on-behalf"), 1);
    const struct finding *fd = fx_find(&x, "ces.kbr-renew-on-behalf", 0);
    assert_string_equal(fx_ev(fd, "ca", 0), "CA2, CA4");
    assert_null(fx_ev(fd, "ca", 1));
    assert_string_equal(fx_ev(fd, "renew_on_behalf_of", 0), "false");
    assert_null(fx_ev(fd, "event", 0));
    fx_free(&x);
    /* event 9 and the flag: one finding with both */
    fx_run(&x, &check_ces_kbr,
           BUNDLE("{" CES(FAULT, "true", CESEV(9, "2026-11-20T08:00:00Z")) ",'cas':[" CA("CA2", "false") "]}"));
    assert_int_equal(fx_count(&x, "ces.kbr-renew-on-behalf"), 1);
    fd = fx_find(&x, "ces.kbr-renew-on-behalf", 0);
    assert_string_equal(fx_ev(fd, "event", 0), "9");
    assert_string_equal(fx_ev(fd, "ca", 0), "CA2");
    fx_free(&x);
}

static void test_not_kbr_or_no_fault(void **state)
{
    (void)state;
    const char *jsons[] = {
        /* key-based renewal not in use */
        BUNDLE("{" CES(FAULT, "false", CESEV(8, "2026-11-20T08:00:00Z") "," CESEV(9, "2026-11-20T08:00:00Z"))
               ",'cas':[" CA("CA1", "false") "]}"),
        /* another error than the fault */
        BUNDLE("{" CES("0x803D000F", "true", CESEV(8, "2026-11-20T08:00:00Z") "," CESEV(9, "2026-11-20T08:00:00Z"))
               ",'cas':[" CA("CA1", "false") "]}"),
        /* the fault and key-based renewal, other events, the flag set */
        BUNDLE("{" CES(FAULT, "true", CESEV(7, "2026-11-20T08:00:00Z")) ",'cas':[" CA("CA1", "true") "]}"),
    };
    for (size_t i = 0; i < sizeof(jsons) / sizeof(jsons[0]); i++) {
        struct fx x = {0};
        fx_run(&x, &check_ces_kbr, jsons[i]);
        assert_int_equal(x.r.nfindings, 0);
        assert_int_equal(x.r.status, ST_OK);
        fx_free(&x);
    }
}

static void test_unknown(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kbr, BUNDLE("{'loglevel':4}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ces"));
    fx_free(&x);
    fx_run(&x, &check_ces_kbr, BUNDLE("{'ces':{'error':'" FAULT "'}}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ces.key_based_renewal"));
    fx_free(&x);
    fx_run(&x, &check_ces_kbr, BUNDLE("{'ces':{'error':'" FAULT "','key_based_renewal':true}}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ces.events"));
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_8),
        cmocka_unit_test(test_event_9),
        cmocka_unit_test(test_ca_flag),
        cmocka_unit_test(test_not_kbr_or_no_fault),
        cmocka_unit_test(test_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
