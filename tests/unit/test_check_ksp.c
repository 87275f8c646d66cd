/* test_check_ksp.c: the ksp check (ksp.unavailable): only a provider the
 * template uses counts. */
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

#include "codes.h"

/* The evidence form of CODE: "0x80090030" plus the symbol when known. */
static void expect_code(const char *got, uint32_t code)
{
    char hex[16], want[96];
    code_format(code, hex, sizeof(hex));
    const struct code_info *ci = code_lookup(code);
    if (ci)
        snprintf(want, sizeof(want), "%s %s", hex, ci->symbol);
    else
        snprintf(want, sizeof(want), "%s", hex);
    assert_non_null(got);
    assert_string_equal(got, want);
}

static void test_all_ok(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_ksp, USER_TOP,
           "'ksp':[{'provider':'Microsoft Software Key Storage Provider','ok':true},"
           "{'provider':'Microsoft Platform Crypto Provider','ok':true}]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

#define SW "Microsoft Software Key Storage Provider"
#define TPM "Microsoft Platform Crypto Provider"
#define TMPL(providers) "'templates':[{'name':'ContosoUser','providers':" providers "}],"
#define TESTS_SW_OK_TPM_DOWN "'ksp':[{'provider':'" SW "','ok':true}," \
                             "{'provider':'" TPM "','ok':false,'error':'0x80090030'}]"

static void test_device_not_ready(void **state)
{
    (void)state;
    struct tc t;
    /* the template asks for the TPM first */
    tc_run(&t, &check_ksp, USER_TOP, TMPL("['" TPM "','" SW "']") TESTS_SW_OK_TPM_DOWN);
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "ksp.unavailable", "provider"),
                        "Microsoft Platform Crypto Provider");
    expect_code(tc_ev(&t, "ksp.unavailable", "error"), 0x80090030u);
    assert_string_equal(tc_ev(&t, "ksp.unavailable", "template_providers"), TPM ", " SW);
    tc_free(&t);
}

static void test_tpm_not_needed(void **state)
{
    (void)state;
    struct tc t;
    /* a server without a TPM, the template names the software provider */
    tc_run(&t, &check_ksp, USER_TOP, TMPL("['" SW "']") TESTS_SW_OK_TPM_DOWN);
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
    /* it names none: the default provider, which works */
    tc_run(&t, &check_ksp, USER_TOP, TMPL("[]") TESTS_SW_OK_TPM_DOWN);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
    /* the template is unknown: the same */
    tc_run(&t, &check_ksp, USER_TOP, TESTS_SW_OK_TPM_DOWN);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
    /* the default fails: that is the cause */
    tc_run(&t, &check_ksp, USER_TOP, TMPL("[]") "'ksp':[{'provider':'" SW "','ok':false,'error':'0x80090030'}]");
    assert_string_equal(tc_ev(&t, "ksp.unavailable", "provider"), SW);
    tc_free(&t);
    /* names are compared as Windows does, without case */
    tc_run(&t, &check_ksp, USER_TOP,
           TMPL("['microsoft platform crypto provider']") TESTS_SW_OK_TPM_DOWN);
    assert_int_equal(t.r.nfindings, 1);
    tc_free(&t);
}

static void test_other_context(void **state)
{
    (void)state;
    struct tc t;
    /* a machine key store test says nothing about the user's */
    tc_run(&t, &check_ksp, USER_TOP,
           "'ksp':[{'provider':'" SW "','ok':false,'error':'0x80090030','context':'machine'}]");
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
    tc_run(&t, &check_ksp, USER_TOP,
           "'ksp':[{'provider':'" SW "','ok':false,'error':'0x80090030','context':'user'}]");
    assert_int_equal(t.r.nfindings, 1);
    tc_free(&t);
}

#define EV57(prov) "{'provider':'Microsoft-Windows-CertificateServicesClient-" prov "','id':57,'level':'error'}"

static void test_event_57(void **state)
{
    (void)state;
    struct tc t;
    /* no provider test, but the client logged event 57 */
    tc_run(&t, &check_ksp, USER_TOP, "'events':[" EV57("CertEnroll") "," EV57("AutoEnrollment") "]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "ksp.unavailable", "event"), "57");
    assert_string_equal(tc_ev(&t, "ksp.unavailable", "count"), "2");
    tc_free(&t);
    /* event 57 of another provider is not the key's */
    tc_run(&t, &check_ksp, USER_TOP, "'events':[" EV57("Lifecycle-System") "]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    tc_free(&t);
}

static void test_negative_decimal_code(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_ksp, USER_TOP,
           "'ksp':[{'provider':'Microsoft Platform Crypto Provider','ok':false,"
           "'error':-2146893776}]");
    assert_int_equal(t.r.status, ST_FAIL);
    expect_code(tc_ev(&t, "ksp.unavailable", "error"), 0x80090030u);
    tc_free(&t);
}

static void test_two_failing(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_ksp, USER_TOP,
           "'ksp':[{'provider':'A','ok':false,'error':'0x80090030'},"
           "{'provider':'B','ok':false}]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "ksp.unavailable", "provider"), "A, B");
    tc_free(&t);
}

static void test_empty_list_ok(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_ksp, USER_TOP, "'ksp':[]");
    assert_int_equal(t.r.status, ST_OK);
    tc_free(&t);
}

static void test_absent_unknown(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_ksp, USER_TOP, "'aepolicy':{'user':7}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.ksp"));
    tc_free(&t);
}

static void test_ok_absent_unknown(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_ksp, USER_TOP, "'ksp':[{'provider':'A'}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.ksp[].ok"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_ok),
        cmocka_unit_test(test_device_not_ready),
        cmocka_unit_test(test_tpm_not_needed),
        cmocka_unit_test(test_other_context),
        cmocka_unit_test(test_event_57),
        cmocka_unit_test(test_negative_decimal_code),
        cmocka_unit_test(test_two_failing),
        cmocka_unit_test(test_empty_list_ok),
        cmocka_unit_test(test_absent_unknown),
        cmocka_unit_test(test_ok_absent_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
