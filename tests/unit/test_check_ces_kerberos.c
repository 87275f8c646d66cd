/* test_check_ces_kerberos.c: ces.user-not-delegated, ces.no-delegation,
 * ces.unconstrained-credential-guard, ces.no-impersonate,
 * ces.delegation-not-to-ca (checks/ces_kerberos.c). */
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

#define ID(nd) "'identity':{'user':{'name':'CONTOSO\\\\alice','sid':'S-1-5-21-1-2-3-1104','not_delegated':" nd "}}"
#define SRV(deleg, imp, cg)                                                                           \
    "'server':{'delegation':'" deleg "','delegate_to':['HOST/ca01.contoso.com','RPCSS/ca01.contoso.com']," \
    "'impersonate_privilege':" imp ",'credential_guard':" cg "}"
#define CAS "'cas':[{'name':'CA1','host':'ca01.contoso.com','templates':['ContosoUser']}]"
#define CES(err, srv) "'ces':{'url':'https://ces/x','error':'" err "','key_based_renewal':false," srv "}"
#define FAULT "0x803D0013"

static void test_healthy_server(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("false") "," CAS "," CES(FAULT, SRV("constrained", "true", "true")) "}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    /* unconstrained without Credential Guard is allowed */
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("false") "," CES(FAULT, SRV("unconstrained", "true", "false")) "}"));
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
}

static void test_user_not_delegated(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("true") "," CAS "," CES(FAULT, SRV("constrained", "true", "false")) "}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);
    const struct finding *fd = fx_find(&x, "ces.user-not-delegated", 0);
    assert_string_equal(fx_ev(fd, "account", 0), "CONTOSO\\alice");
    assert_string_equal(fx_ev(fd, "not_delegated", 0), "true");
    assert_string_equal(fx_ev(fd, "error", 0), "0x803D0013 WS_E_ENDPOINT_FAULT_RECEIVED");
    fx_free(&x);
    /* the machine account in machine context */
    fx_run(&x, &check_ces_kerberos,
           "{'format':'enrolldoc-bundle/1','context':'machine','facts':{'identity':{"
           "'user':{'not_delegated':false},'machine':{'name':'CONTOSO\\\\PC0042$','not_delegated':true}},"
           CAS "," CES(FAULT, SRV("constrained", "true", "false")) "}}");
    assert_string_equal(fx_ev(fx_find(&x, "ces.user-not-delegated", 0), "account", 0),
                        "CONTOSO\\PC0042$");
    fx_free(&x);
}

static void test_no_delegation(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("false") "," CES(FAULT, SRV("none", "true", "false")) "}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);
    assert_string_equal(fx_ev(fx_find(&x, "ces.no-delegation", 0), "delegation", 0), "none");
    fx_free(&x);
}

static void test_unconstrained_cg(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("false") "," CES(FAULT, SRV("unconstrained", "true", "true")) "}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);
    const struct finding *fd = fx_find(&x, "ces.unconstrained-credential-guard", 0);
    assert_string_equal(fx_ev(fd, "delegation", 0), "unconstrained");
    assert_string_equal(fx_ev(fd, "credential_guard", 0), "true");
    fx_free(&x);
}

static void test_no_impersonate(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("true") "," CES(FAULT, SRV("none", "false", "false")) "}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "ces.no-impersonate"), 1);
    assert_int_equal(fx_count(&x, "ces.no-delegation"), 1);
    assert_int_equal(fx_count(&x, "ces.user-not-delegated"), 1);
    assert_string_equal(fx_ev(fx_find(&x, "ces.no-impersonate", 0), "impersonate_privilege", 0),
                        "false");
    fx_free(&x);
}

/* Two CAs; the CES on ces.contoso.com is registered at CA2 (ca02). */
#define TWO_CAS                                                                                    \
    "'cas':[{'name':'CA1','host':'ca01.contoso.com','templates':['ContosoUser']},"                  \
    "{'name':'CA2','host':'ca02.contoso.com','templates':['ContosoUser'],"                          \
    "'ces_urls':['https://ces.contoso.com/CA2_CES_Kerberos/service.svc/CES']}]"
#define SRV_TO(deleg, to, rbcd)                                                                     \
    "'server':{'host':'ces.contoso.com','account':'CONTOSO\\\\svc-ces','delegation':'" deleg "',"   \
    "'delegate_to':[" to "],'rbcd_hosts':[" rbcd "],'impersonate_privilege':true,'credential_guard':true}"
#define CES_AT(srv) "'ces':{'error':'" FAULT "'," srv "}"
#define DELEG_BUNDLE(to, rbcd) BUNDLE("{" ID("false") "," TWO_CAS "," CES_AT(SRV_TO("constrained", to, rbcd)) "}")

static void test_delegation_not_to_ca(void **state)
{
    (void)state;
    struct fx x = {0};
    /* constrained, but to CA1's services while the CES forwards to CA2 */
    fx_run(&x, &check_ces_kerberos, DELEG_BUNDLE("'HOST/ca01.contoso.com','RPCSS/ca01.contoso.com'", ""));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);
    const struct finding *fd = fx_find(&x, "ces.delegation-not-to-ca", 0);
    assert_string_equal(fx_ev(fd, "delegate_to", 0), "HOST/ca01.contoso.com, RPCSS/ca01.contoso.com");
    assert_string_equal(fx_ev(fd, "ca_host", 0), "ca02.contoso.com");
    assert_string_equal(fx_ev(fd, "ces_account", 0), "CONTOSO\\svc-ces");
    assert_string_equal(fx_ev(fd, "delegation", 0), "constrained");
    fx_free(&x);
    /* an empty list (protocol transition only) reaches nothing */
    fx_run(&x, &check_ces_kerberos, DELEG_BUNDLE("", ""));
    assert_int_equal(fx_count(&x, "ces.delegation-not-to-ca"), 1);
    fx_free(&x);
    /* the CA's short name, any case, a port: enough; another service of the
       CA, or another computer whose name begins alike: not */
    static const struct {
        const char *json;
        size_t want;
    } cases[] = {
        {DELEG_BUNDLE("'rpcss/CA02'", ""), 0},
        {DELEG_BUNDLE("'HOST/ca02.contoso.com:135'", ""), 0},
        {DELEG_BUNDLE("'HOST/CA02.CONTOSO.COM'", ""), 0},
        {DELEG_BUNDLE("'HTTP/ca02.contoso.com'", ""), 1},
        {DELEG_BUNDLE("'HOST/ca02x.contoso.com'", ""), 1},
        {DELEG_BUNDLE("'HOST/ca02.contoso.co'", ""), 1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fx_run(&x, &check_ces_kerberos, cases[i].json);
        assert_int_equal(fx_count(&x, "ces.delegation-not-to-ca"), cases[i].want);
        assert_int_equal(x.r.status, cases[i].want ? ST_FAIL : ST_OK);
        fx_free(&x);
    }
    /* resource-based delegation on CA2's computer makes up for it */
    fx_run(&x, &check_ces_kerberos, DELEG_BUNDLE("'HOST/ca01'", "'ca02.contoso.com'"));
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
    /* without the CAs the target is unknown */
    fx_run(&x, &check_ces_kerberos, BUNDLE("{" ID("false") "," CES_AT(SRV_TO("constrained", "'HOST/ca01'", "")) "}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.cas"));
    fx_free(&x);
}

static void test_none_rbcd(void **state)
{
    (void)state;
    struct fx x = {0};
    /* no delegation on the CES account, but CA2 admits it: fine */
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("false") "," TWO_CAS "," CES_AT(SRV_TO("none", "", "'CA02.contoso.com'")) "}"));
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
    /* CA1 admits it, but the CES forwards to CA2 */
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("false") "," TWO_CAS "," CES_AT(SRV_TO("none", "", "'ca01.contoso.com'")) "}"));
    const struct finding *fd = fx_find(&x, "ces.no-delegation", 0);
    assert_string_equal(fx_ev(fd, "ces_account", 0), "CONTOSO\\svc-ces");
    fx_free(&x);
}

static void test_needs_fault(void **state)
{
    (void)state;
    const char *jsons[] = {
        BUNDLE("{" ID("true") "," CES("0x803D000F", SRV("none", "false", "true")) "}"),
        BUNDLE("{" ID("true") ",'ces':{'error':null," SRV("none", "false", "true") "}}"),
    };
    for (size_t i = 0; i < 2; i++) {
        struct fx x = {0};
        fx_run(&x, &check_ces_kerberos, jsons[i]);
        assert_int_equal(x.r.nfindings, 0);
        assert_int_equal(x.r.status, ST_OK);
        fx_free(&x);
    }
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos, BUNDLE("{" ID("true") ",'ces':{" SRV("none", "false", "true") "}}"));
    assert_int_equal(x.r.nfindings, 0);
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ces.error"));
    fx_free(&x);
}

static void test_absent(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos, BUNDLE("{" ID("true") "}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_int_equal(x.r.nfindings, 0);
    assert_true(fx_missing(&x, "facts.ces"));
    fx_free(&x);
    /* fault, but nothing known about the account or the server */
    fx_run(&x, &check_ces_kerberos, BUNDLE("{'ces':{'error':'" FAULT "'}}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.identity.user"));
    assert_true(fx_missing(&x, "facts.ces.server"));
    fx_free(&x);
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{'identity':{'user':{'name':'CONTOSO\\\\alice'}},'ces':{'error':'" FAULT "','server':{}}}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.identity.user.not_delegated"));
    assert_true(fx_missing(&x, "facts.ces.server.delegation"));
    assert_true(fx_missing(&x, "facts.ces.server.impersonate_privilege"));
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_healthy_server),
        cmocka_unit_test(test_user_not_delegated),
        cmocka_unit_test(test_no_delegation),
        cmocka_unit_test(test_unconstrained_cg),
        cmocka_unit_test(test_no_impersonate),
        cmocka_unit_test(test_delegation_not_to_ca),
        cmocka_unit_test(test_none_rbcd),
        cmocka_unit_test(test_needs_fault),
        cmocka_unit_test(test_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
