/* test_check_enroll.c: enroll.template-unsupported, enroll.failed (checks/enroll.c). */
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

#define ER(tmpl, ctx, rest) "{'template':'" tmpl "','context':'" ctx "'," rest ",'time':'2026-11-20T08:10:00Z'}"
#define PING_FAIL ",'ca_ping':[{'config':'a\\\\b','ok':false,'error':'0x800706BA'}]"
#define PING_OK ",'ca_ping':[{'config':'a\\\\b','ok':true}]"

static void test_success(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_enroll, BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':true") "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
}

static void test_unsupported(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_enroll,
           BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':'0x80094800'") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "enroll.template-unsupported"), 1);
    assert_int_equal(fx_count(&x, "enroll.failed"), 0);
    const struct finding *fd = fx_find(&x, "enroll.template-unsupported", 0);
    assert_string_equal(fx_ev(fd, "error", 0), "0x80094800 CERTSRV_E_UNSUPPORTED_CERT_TYPE");
    assert_string_equal(fx_ev(fd, "template", 0), "ContosoUser");
    assert_string_equal(fx_ev(fd, "context", 0), "user");
    assert_string_equal(fx_ev(fd, "time", 0), "2026-11-20T08:10:00Z");
    fx_free(&x);
}

static void test_other_code(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_enroll,
           BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':'0x80090030'") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "enroll.failed"), 1);
    const struct finding *fd = fx_find(&x, "enroll.failed", 0);
    assert_non_null(strstr(fx_ev(fd, "error", 0), "0x80090030"));
    assert_true(fx_has_action(fd, "enroll.manual"));
    fx_free(&x);
}

static void test_no_code(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_enroll, BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(fx_ev(fx_find(&x, "enroll.failed", 0), "error", 0), "unknown");
    fx_free(&x);
    fx_run(&x, &check_enroll,
           BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':null") "]}"));
    assert_string_equal(fx_ev(fx_find(&x, "enroll.failed", 0), "error", 0), "unknown");
    fx_free(&x);
}

/* Codes another finding explains are left to it. */
static void explained(const char *json)
{
    struct fx x = {0};
    fx_run(&x, &check_enroll, json);
    assert_int_equal(x.r.nfindings, 0);
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
}

static void test_explained_codes(void **state)
{
    (void)state;
    explained(BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':'0x80094012'") "]}"));
    explained(BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':'0x80094812'") "]}"));
    explained(BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':'0x800B0113'") "]}"));
    explained(BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':'0x800706BA'") "]" PING_FAIL "}"));
}

static void test_rpc_without_failing_ping(void **state)
{
    (void)state;
    const char *jsons[] = {
        BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':1722") "]" PING_OK "}"),
        BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':1722") "]}"),
    };
    for (size_t i = 0; i < 2; i++) {
        struct fx x = {0};
        fx_run(&x, &check_enroll, jsons[i]);
        assert_int_equal(fx_count(&x, "enroll.failed"), 1);
        assert_string_equal(fx_ev(fx_find(&x, "enroll.failed", 0), "error", 0),
                            "0x800706BA RPC_S_SERVER_UNAVAILABLE");
        fx_free(&x);
    }
}

static void test_other_template_or_context(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_enroll,
           BUNDLE("{'enroll':[" ER("Machine", "user", "'ok':false,'error':'0x80094800'") ","
                  ER("ContosoUser", "machine", "'ok':false,'error':'0x80094800'") "]}"));
    assert_int_equal(x.r.nfindings, 0);
    assert_int_equal(x.r.status, ST_UNKNOWN); /* nothing known about this template */
    assert_true(fx_missing(&x, "facts.enroll"));
    fx_free(&x);
    /* template names compare case-insensitively */
    fx_run(&x, &check_enroll,
           BUNDLE("{'enroll':[" ER("contosouser", "user", "'ok':false,'error':'0x80094800'") "]}"));
    assert_int_equal(fx_count(&x, "enroll.template-unsupported"), 1);
    fx_free(&x);
}

static void test_any_template(void **state)
{
    (void)state;
    /* no template of interest and no context: every result counts */
    struct fx x = {0};
    fx_run(&x, &check_enroll,
           "{'format':'enrolldoc-bundle/1','facts':{'enroll':["
           ER("Machine", "machine", "'ok':false,'error':'0x80094800'") ","
           ER("ContosoUser", "user", "'ok':false,'error':'0x80090030'") "]}}");
    assert_int_equal(fx_count(&x, "enroll.template-unsupported"), 1);
    assert_int_equal(fx_count(&x, "enroll.failed"), 1);
    assert_string_equal(fx_ev(fx_find(&x, "enroll.template-unsupported", 0), "template", 0),
                        "Machine");
    fx_free(&x);
}

static void test_absent(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_enroll, BUNDLE("{'loglevel':4}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.enroll"));
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_success),
        cmocka_unit_test(test_unsupported),
        cmocka_unit_test(test_other_code),
        cmocka_unit_test(test_no_code),
        cmocka_unit_test(test_explained_codes),
        cmocka_unit_test(test_rpc_without_failing_ping),
        cmocka_unit_test(test_other_template_or_context),
        cmocka_unit_test(test_any_template),
        cmocka_unit_test(test_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
