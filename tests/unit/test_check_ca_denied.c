/* test_check_ca_denied.c: ca.denied (checks/ca_denied.c). */
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

#define CAEV(id, time, msg) "{'time':'" time "','provider':'Microsoft-Windows-CertificationAuthority','id':" #id ",'level':'error','message':'" msg "'}"

static void test_event_53(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'ca_events':["
                  CAEV(53, "2026-11-20T07:00:00Z", "Request 12 denied. 0x80094812 (-2146875374 CERTSRV_E_SUBJECT_EMAIL_REQUIRED)") ","
                  CAEV(53, "2026-11-20T08:00:00Z", "Request 13 denied. The permissions on the certificate template do not allow the current user to enroll. 0x80094012 (-2146877422 CERTSRV_E_TEMPLATE_DENIED)") ","
                  CAEV(22, "2026-11-20T08:05:00Z", "0x80094012") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "ca.denied"), 1);
    const struct finding *fd = fx_find(&x, "ca.denied", 0);
    assert_string_equal(fx_ev(fd, "source", 0), "ca_events");
    assert_string_equal(fx_ev(fd, "event", 0), "53");
    /* the latest event 53, and the code its message carries */
    assert_string_equal(fx_ev(fd, "time", 0), "2026-11-20T08:00:00Z");
    assert_string_equal(fx_ev(fd, "error", 0), "0x80094012 CERTSRV_E_TEMPLATE_DENIED");
    assert_string_equal(fx_ev(fd, "count", 0), "2");
    fx_free(&x);
}

static void test_event_other_id(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'ca_events':[" CAEV(22, "2026-11-20T08:05:00Z", "0x80094012") "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    /* an event 53 whose message carries no code */
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'ca_events':[" CAEV(53, "2026-11-20T08:05:00Z", "Request 14 denied.") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(fx_ev(fx_find(&x, "ca.denied", 0), "error", 0), "unknown");
    assert_null(fx_ev(fx_find(&x, "ca.denied", 0), "count", 0));
    fx_free(&x);
    /* several codes in the message: one evidence item naming them in order */
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'ca_events':[" CAEV(53, "2026-11-20T08:05:00Z", "Denied 0x80094812, policy module 0x80094012.") "]}"));
    assert_string_equal(fx_ev(fx_find(&x, "ca.denied", 0), "error", 0),
                        "0x80094812 CERTSRV_E_SUBJECT_EMAIL_REQUIRED, 0x80094012 CERTSRV_E_TEMPLATE_DENIED");
    assert_null(fx_ev(fx_find(&x, "ca.denied", 0), "error", 1));
    fx_free(&x);
}

static void test_enroll(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'enroll':[{'template':'ContosoUser','context':'user','ok':false,"
                  "'error':-2146877422,'time':'2026-11-20T08:10:00Z'}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    const struct finding *fd = fx_find(&x, "ca.denied", 0);
    assert_non_null(fd);
    assert_string_equal(fx_ev(fd, "source", 0), "enroll");
    assert_string_equal(fx_ev(fd, "error", 0), "0x80094012 CERTSRV_E_TEMPLATE_DENIED");
    assert_string_equal(fx_ev(fd, "template", 0), "ContosoUser");
    fx_free(&x);
    /* another template's result does not count */
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'enroll':[{'template':'Other','ok':false,'error':'0x80094012'}]}"));
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    /* another code is not a denial */
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'enroll':[{'template':'ContosoUser','ok':false,'error':'0x80094800'}]}"));
    assert_int_equal(x.r.nfindings, 0);
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
}

static void test_ces_inner(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'ces':{'url':'https://ces/x','error':'0x803D0013','inner_error':'0x80094012'}}"));
    assert_int_equal(x.r.status, ST_FAIL);
    const struct finding *fd = fx_find(&x, "ca.denied", 0);
    assert_string_equal(fx_ev(fd, "source", 0), "ces");
    assert_string_equal(fx_ev(fd, "error", 0), "0x80094012 CERTSRV_E_TEMPLATE_DENIED");
    assert_string_equal(fx_ev(fd, "url", 0), "https://ces/x");
    fx_free(&x);
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'ces':{'error':'0x803D0013','inner_error':'0x80094812'}}"));
    assert_int_equal(x.r.nfindings, 0);
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
}

static void test_absent(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_denied, BUNDLE("{'loglevel':4}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ca_events"));
    assert_true(fx_missing(&x, "facts.enroll"));
    assert_true(fx_missing(&x, "facts.ces"));
    fx_free(&x);
    /* an empty CA log counts as looked at */
    fx_run(&x, &check_ca_denied, BUNDLE("{'ca_events':[]}"));
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_53),
        cmocka_unit_test(test_event_other_id),
        cmocka_unit_test(test_enroll),
        cmocka_unit_test(test_ces_inner),
        cmocka_unit_test(test_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
