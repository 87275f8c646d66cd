/* test_check_mail.c: account.mail-missing (checks/mail.c). */
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

#define ID(mail) "'identity':{'user':{'name':'CONTOSO\\\\alice','sid':'S-1-5-21-1-2-3-1104'" mail "}}"
#define TPL(name, req) "{'name':'" name "','requires_email':" req "}"

static void test_requires_email_no_mail(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_mail, BUNDLE("{" ID(",'mail':null") ",'templates':[" TPL("ContosoUser", "true") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "account.mail-missing"), 1);
    const struct finding *fd = fx_find(&x, "account.mail-missing", 0);
    assert_string_equal(fx_ev(fd, "template", 0), "ContosoUser");
    assert_string_equal(fx_ev(fd, "account", 0), "CONTOSO\\alice");
    assert_string_equal(fx_ev(fd, "mail", 0), "null");
    fx_free(&x);
}

static void test_has_mail_or_not_required(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_mail,
           BUNDLE("{" ID(",'mail':'alice@contoso.com'") ",'templates':[" TPL("ContosoUser", "true") "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    fx_run(&x, &check_mail, BUNDLE("{" ID(",'mail':null") ",'templates':[" TPL("ContosoUser", "false") "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    /* only the template of interest counts */
    fx_run(&x, &check_mail,
           BUNDLE("{" ID(",'mail':null") ",'templates':[" TPL("ContosoUser", "false") ","
                  TPL("ContosoMail", "true") "]}"));
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
}

static void test_any_template(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_mail,
           "{'format':'enrolldoc-bundle/1','context':'user','facts':{" ID(",'mail':null")
           ",'templates':[" TPL("ContosoUser", "false") "," TPL("ContosoMail", "true") "]}}");
    assert_int_equal(fx_count(&x, "account.mail-missing"), 1);
    assert_string_equal(fx_ev(fx_find(&x, "account.mail-missing", 0), "template", 0), "ContosoMail");
    fx_free(&x);
}

static void test_unknown(void **state)
{
    (void)state;
    struct fx x = {0};
    /* mail absent: not collected */
    fx_run(&x, &check_mail, BUNDLE("{" ID("") ",'templates':[" TPL("ContosoUser", "true") "]}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.identity.user.mail"));
    fx_free(&x);
    /* identity absent */
    fx_run(&x, &check_mail, BUNDLE("{'templates':[" TPL("ContosoUser", "true") "]}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.identity.user"));
    fx_free(&x);
    /* templates absent */
    fx_run(&x, &check_mail, BUNDLE("{" ID(",'mail':null") "}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.templates"));
    fx_free(&x);
    /* context unknown */
    fx_run(&x, &check_mail,
           "{'format':'enrolldoc-bundle/1','template':'ContosoUser','facts':{" ID(",'mail':null")
           ",'templates':[" TPL("ContosoUser", "true") "]}}");
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "context"));
    fx_free(&x);
}

static void test_codes(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_mail,
           BUNDLE("{'enroll':[{'template':'ContosoUser','ok':false,'error':'0x80094812'}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    const struct finding *fd = fx_find(&x, "account.mail-missing", 0);
    assert_string_equal(fx_ev(fd, "source", 0), "enroll");
    assert_string_equal(fx_ev(fd, "error", 0), "0x80094812 CERTSRV_E_SUBJECT_EMAIL_REQUIRED");
    fx_free(&x);
    fx_run(&x, &check_mail,
           BUNDLE("{'ces':{'error':'0x803D0013','inner_error':'-2146875374'}}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(fx_ev(fx_find(&x, "account.mail-missing", 0), "source", 0), "ces");
    fx_free(&x);
    /* a different inner code */
    fx_run(&x, &check_mail, BUNDLE("{'ces':{'error':'0x803D0013','inner_error':'0x800B0113'}}"));
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_requires_email_no_mail),
        cmocka_unit_test(test_has_mail_or_not_required),
        cmocka_unit_test(test_any_template),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
