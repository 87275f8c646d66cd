/* test_check_ca_ping.c: ca.unreachable, ca.access-denied, ca.second-hop
 * (checks/ca_ping.c). */
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
                  "'error':'0x800705B4'}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "ca.unreachable"), 1);
    const struct finding *fd = fx_find(&x, "ca.unreachable", 0);
    assert_string_equal(fx_ev(fd, "config", 0), "ca02.contoso.com\\CA 2");
    assert_non_null(strstr(fx_ev(fd, "error", 0), "0x800705B4"));
    assert_string_equal(fx_ev(fd, "timeout", 0), "true");
    fx_free(&x);
}

#define CAS "'cas':[{'name':'Contoso Issuing CA 1','config':'ca01.contoso.com\\\\Contoso Issuing CA 1'," \
            "'templates':['ContosoUser']},{'name':'Old CA','config':'old.contoso.com\\\\Old CA'," \
            "'templates':[]}]"
#define PING_OLD_DOWN "{'config':'old.contoso.com\\\\Old CA','ok':false,'error':'0x800706BA'}"

static void test_retired_ca_silent(void **state)
{
    (void)state;
    /* the CA that publishes nothing does not answer, the one that
     * publishes the template does: nothing to report */
    struct fx x = {0};
    fx_run(&x, &check_ca_ping, BUNDLE("{" CAS ",'ca_ping':[" PING_OK "," PING_OLD_DOWN "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    /* without a template of interest every CA counts */
    fx_run(&x, &check_ca_ping,
           "{'format':'enrolldoc-bundle/1','context':'user','facts':{" CAS ",'ca_ping':[" PING_OK
           "," PING_OLD_DOWN "]}}");
    assert_int_equal(fx_count(&x, "ca.unreachable"), 1);
    fx_free(&x);
    /* the same without the CAs from the directory: it cannot be ruled out */
    fx_run(&x, &check_ca_ping, BUNDLE("{'ca_ping':[" PING_OK "," PING_OLD_DOWN "]}"));
    assert_int_equal(fx_count(&x, "ca.unreachable"), 1);
    assert_string_equal(fx_ev(fx_find(&x, "ca.unreachable", 0), "timeout", 0), "false");
    fx_free(&x);
}

static void test_publishing_ca_by_name(void **state)
{
    (void)state;
    /* the ping's config names the CA by another host spelling: its name decides */
    struct fx x = {0};
    fx_run(&x, &check_ca_ping,
           BUNDLE("{" CAS ",'ca_ping':[{'config':'CA01\\\\contoso issuing ca 1','ok':false,"
                  "'error':1722}]}"));
    assert_int_equal(fx_count(&x, "ca.unreachable"), 1);
    fx_free(&x);
}

#define PING_DENIED(acct) "{'config':'ca01.contoso.com\\\\Contoso Issuing CA 1','ok':false," \
                          "'error':'0x80070005'" acct "}"

static void test_access_denied(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_ping,
           BUNDLE("{" CAS ",'ca_ping':[" PING_DENIED(",'account':'CONTOSO\\\\alice'") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "ca.unreachable"), 0);
    const struct finding *fd = fx_find(&x, "ca.access-denied", 0);
    assert_non_null(fd);
    assert_int_equal(fd->def->sev, SEV_ERROR);
    assert_string_equal(fx_ev(fd, "account", 0), "CONTOSO\\alice");
    assert_non_null(strstr(fx_ev(fd, "error", 0), "E_ACCESSDENIED"));
    assert_true(fx_has_action(fd, "ca.ping"));
    fx_free(&x);
    /* machine context: whether the ping ran as SYSTEM, as the computer enrolls */
    fx_run(&x, &check_ca_ping,
           "{'format':'enrolldoc-bundle/1','context':'machine','template':'ContosoUser','facts':{"
           CAS ",'ca_ping':[" PING_DENIED(",'account':'CONTOSO\\\\admin'") "]}}");
    assert_string_equal(fx_ev(fx_find(&x, "ca.access-denied", 0), "as_system", 0), "false");
    fx_free(&x);
    fx_run(&x, &check_ca_ping,
           "{'format':'enrolldoc-bundle/1','context':'machine','template':'ContosoUser','facts':{"
           CAS ",'ca_ping':[" PING_DENIED(",'account':'NT AUTHORITY\\\\SYSTEM'") "]}}");
    assert_string_equal(fx_ev(fx_find(&x, "ca.access-denied", 0), "as_system", 0), "true");
    fx_free(&x);
    /* no account recorded: said so */
    fx_run(&x, &check_ca_ping, BUNDLE("{'ca_ping':[" PING_DENIED("") "]}"));
    assert_non_null(fx_find(&x, "ca.access-denied", 0));
    assert_non_null(fx_ev(fx_find(&x, "ca.access-denied", 0), "account", 0));
    fx_free(&x);
}

static void test_second_hop(void **state)
{
    (void)state;
    struct fx x = {0};
    const char *codes[] = {"'0x800706BA'", "'0x80070005'", "'0x80090311'", "1825"};
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        char b[1024];
        snprintf(b, sizeof(b),
                 BUNDLE("{'session':{'remote':true},'ca_ping':[{'config':'a\\\\b','ok':false,"
                        "'error':%s,'account':'CONTOSO\\\\admin'}]}"),
                 codes[i]);
        fx_run(&x, &check_ca_ping, b);
        assert_int_equal(x.r.status, ST_WARN);
        assert_int_equal(x.r.nfindings, 1);
        const struct finding *fd = fx_find(&x, "ca.second-hop", 0);
        assert_non_null(fd);
        assert_int_equal(fd->def->sev, SEV_WARNING);
        assert_string_equal(fx_ev(fd, "account", 0), "CONTOSO\\admin");
        fx_free(&x);
    }
    /* a timeout in a remote shell is still the network's */
    fx_run(&x, &check_ca_ping,
           BUNDLE("{'session':{'remote':true},'ca_ping':[{'config':'a\\\\b','ok':false,"
                  "'error':'0x800705B4'}]}"));
    assert_int_equal(fx_count(&x, "ca.unreachable"), 1);
    assert_int_equal(fx_count(&x, "ca.second-hop"), 0);
    fx_free(&x);
    /* on the console access denied is the CA's */
    fx_run(&x, &check_ca_ping,
           BUNDLE("{'session':{'remote':false},'ca_ping':[{'config':'a\\\\b','ok':false,"
                  "'error':'0x80070005'}]}"));
    assert_int_equal(fx_count(&x, "ca.access-denied"), 1);
    assert_int_equal(fx_count(&x, "ca.second-hop"), 0);
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
        cmocka_unit_test(test_retired_ca_silent),
        cmocka_unit_test(test_publishing_ca_by_name),
        cmocka_unit_test(test_access_denied),
        cmocka_unit_test(test_second_hop),
        cmocka_unit_test(test_no_error_code),
        cmocka_unit_test(test_absent_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
