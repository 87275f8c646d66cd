/* test_ces.c: the CES path from the client's own records (src/ces.c): the
 * fault 0x803D0013 and its inner code in certreq's output and CertEnroll
 * messages (English and German), the transport the policy servers choose,
 * the host of a CES URL, the CES URL in certreq's output and events, the
 * SPNs that reach a CA and the CAs a CES hands requests to; and the CES
 * checks on a fault found in an event. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ces.h"
#include "checks.h"

#include "checktest.h"

/* certreq on an English client: the fault and the CA's answer inside it */
static const char CERTREQ_EN[] =
    "Certificate Request Processor: A message containing a fault was received from the remote "
    "endpoint. 0x803d0013 (-2143485933 WS_E_ENDPOINT_FAULT_RECEIVED)\r\n"
    "The request requires the subject's e-mail address. 0x80094812 (-2146875374 "
    "CERTSRV_E_SUBJECT_EMAIL_REQUIRED)\r\n";
/* the same on a German client: the words differ, the codes do not */
static const char CERTREQ_DE[] =
    "Zertifikatanforderungsprozessor: Vom Remoteendpunkt wurde eine Nachricht mit einem Fehler "
    "empfangen. 0x803D0013 (-2143485933 WS_E_ENDPOINT_FAULT_RECEIVED)\r\n"
    "Die Zertifikatvorlage enth\xc3\xa4lt eine ung\xc3\xbcltige Ausstellungsrichtlinie. "
    "0x800b0113 (-2146762477 CERT_E_INVALID_POLICY)\r\n";

static void test_codes(void **state)
{
    (void)state;
    uint32_t c[8];
    assert_int_equal(ces_codes(CERTREQ_EN, c, 8), 2);
    assert_true(c[0] == 0x803D0013u && c[1] == 0x80094812u);
    /* not a code: too short, too long, part of a word, a success code */
    assert_int_equal(ces_codes("0x8009481 0x800948120 a0x80094812 0x00000005", c, 8), 0);
    /* the same code twice counts once */
    assert_int_equal(ces_codes("0x80094812 and 0X80094812", c, 8), 1);
    assert_int_equal(ces_codes(NULL, c, 8), 0);
    assert_int_equal(ces_codes(CERTREQ_EN, c, 1), 1);
}

static void test_fault_parse(void **state)
{
    (void)state;
    uint32_t inner = 1;
    assert_true(ces_fault_parse(CERTREQ_EN, &inner));
    assert_true(inner == 0x80094812u);
    assert_true(ces_fault_parse(CERTREQ_DE, &inner));
    assert_true(inner == 0x800B0113u);
    /* the fault alone: no inner code; the decimal form is not another code */
    assert_true(ces_fault_parse("Fehler 0x803d0013 (-2143485933)", &inner));
    assert_true(inner == 0);
    /* another failure without the fault is not the CES fault */
    assert_false(ces_fault_parse("RPC server unavailable 0x800706ba", &inner));
    assert_true(inner == 0);
}

static void test_url_host(void **state)
{
    (void)state;
    char h[64];
    assert_int_equal(ces_url_host("https://ces.contoso.com/Contoso-CA_CES_Kerberos/service.svc/CES", h,
                                  sizeof(h)),
                     0);
    assert_string_equal(h, "ces.contoso.com");
    assert_int_equal(ces_url_host("https://user@CES01.contoso.com:8443/x", h, sizeof(h)), 0);
    assert_string_equal(h, "CES01.contoso.com");
    assert_int_equal(ces_url_host("https://[fe80::1]:443/x", h, sizeof(h)), 0);
    assert_string_equal(h, "fe80::1");
    assert_int_equal(ces_url_host("https:///x", h, sizeof(h)), -1);
    assert_int_equal(ces_url_host("https://a-very-long-host-name.example.com/", h, 8), -1);
    assert_int_equal(ces_url_host(NULL, h, sizeof(h)), -1);
}

/* Facts from the JSON fragment FACTS (single quotes for double quotes). */
static struct facts *load(const char *facts)
{
    char json[2048];
    snprintf(json, sizeof(json), "{'format':'enrolldoc-bundle/1','facts':{%s}}", facts);
    ct_unquote(json);
    return tu_bundle(json);
}

#define CEP "'https://cep.contoso.com/ADPolicyProvider_CEP_Kerberos/service.svc/CEP'"

static void test_transport(void **state)
{
    (void)state;
    struct facts *f = load("");
    assert_null(ces_transport(f, CTX_USER));
    facts_free(f);
    /* the user's default is a CEP, the computer's the directory */
    f = load("'policy_servers':["
             "{'url':'LDAP:','context':'user','default':false,'cost':2147483645},"
             "{'url':" CEP ",'context':'user','default':true,'source':'policy','auth':'kerberos'},"
             "{'url':'LDAP:','context':'machine','default':true}]");
    assert_string_equal(ces_transport(f, CTX_USER), "ces");
    assert_string_equal(ces_transport(f, CTX_MACHINE), "rpc");
    assert_non_null(strstr(ces_policy_url(f, CTX_USER), "cep.contoso.com"));
    assert_null(ces_policy_url(f, CTX_MACHINE));
    facts_free(f);
    /* no default marked: a CEP alone is the CES path, LDAP: beside it the RPC path */
    f = load("'policy_servers':[{'url':" CEP "}]");
    assert_string_equal(ces_transport(f, CTX_NONE), "ces");
    facts_free(f);
    f = load("'policy_servers':[{'url':" CEP "},{'url':'ldap:'}]");
    assert_string_equal(ces_transport(f, CTX_NONE), "rpc");
    facts_free(f);
}

/* A CertEnroll event carrying the fault, a later one without it, an older
 * AutoEnrollment one with another code. */
#define EVENTS                                                                                      \
    "'events':[{'time':'2026-11-20T08:00:00Z','provider':'Microsoft-Windows-CertificateServicesClient-" \
    "CertEnroll','id':13,'level':'error','message':'Die Zertifikatregistrierung ist fehlgeschlagen. "   \
    "0x803d0013 (-2143485933 WS_E_ENDPOINT_FAULT_RECEIVED) 0x80094812 (-2146875374 "                   \
    "CERTSRV_E_SUBJECT_EMAIL_REQUIRED)'},"                                                              \
    "{'time':'2026-11-20T08:01:00Z','provider':'Microsoft-Windows-CertificateServicesClient-"           \
    "CertEnroll','id':65,'level':'information','message':'done'}]"

static void test_fault_find(void **state)
{
    (void)state;
    struct ces_fault cf;
    /* nothing about the CES */
    struct facts *f = load("'events':[]");
    assert_false(ces_fault_find(f, CTX_USER, &cf));
    facts_free(f);
    /* from an event */
    f = load(EVENTS);
    assert_true(ces_fault_find(f, CTX_USER, &cf));
    assert_int_equal(cf.error.st, F_SET);
    assert_true(cf.error.v == CES_FAULT_RECEIVED && cf.inner.v == 0x80094812u);
    assert_string_equal(cf.source, "event");
    assert_non_null(cf.event);
    facts_free(f);
    /* from certreq's output through the CES; the ces object wins over both */
    f = load("'enroll':[{'template':'T','context':'user',"
             "'ok':false,'error':'0x803D0013','via':'ces','output':'x 0x803d0013 y 0x800b0113'}]");
    assert_true(ces_fault_find(f, CTX_USER, &cf));
    assert_string_equal(cf.source, "enroll");
    assert_true(cf.inner.v == 0x800B0113u);
    assert_false(ces_fault_find(f, CTX_MACHINE, &cf));
    facts_free(f);
    f = load("'ces':{'error':'0x803D000F'}," EVENTS);
    assert_true(ces_fault_find(f, CTX_USER, &cf));
    assert_string_equal(cf.source, "ces");
    assert_true(cf.error.v == 0x803D000Fu);
    facts_free(f);
    /* an RPC enrollment with the same code is not the CES fault */
    f = load("'enroll':[{'ok':false,'error':'0x803D0013',"
             "'via':'rpc'}]");
    assert_false(ces_fault_find(f, CTX_USER, &cf));
    facts_free(f);
}

/* The checks take the fault from the event: ces.ca-request-failed and
 * account.mail-missing name the inner code. */
/* load() of an object "{...}" written whole. */
static struct facts *facts_of(const char *obj)
{
    char b[2048];
    snprintf(b, sizeof(b), "%.*s", (int)(strlen(obj) - 2), obj + 1);
    return load(b);
}

static void test_service_url(void **state)
{
    (void)state;
    assert_true(ces_url_is_service("https://ces.contoso.com/CA1_CES_Kerberos/service.svc/CES"));
    assert_true(ces_url_is_service("HTTPS://ces.contoso.com/x/ces"));
    assert_false(ces_url_is_service("https://cep.contoso.com/ADPolicyProvider_CEP_Kerberos/service.svc/CEP"));
    assert_false(ces_url_is_service("http://ces.contoso.com/x/CES"));
    assert_false(ces_url_is_service(NULL));
    char buf[256];
    /* certreq's output names the CES it talked to */
    struct facts *f = facts_of("{'enroll':[{'template':'T','context':'user','ok':false,'via':'ces',"
                               "'error':'0x803D0013','output':'Failed: "
                               "https://ces2.contoso.com/CA_CES_Kerberos/service.svc/CES. 0x803d0013'}],"
                               "'events':[{'provider':'Microsoft-Windows-CertificateServicesClient-CertEnroll',"
                               "'id':13,'message':'see https://old.contoso.com/CA_CES_Kerberos/service.svc/CES'}]}");
    const char *u = ces_service_url(f, CTX_USER, buf, sizeof(buf));
    assert_non_null(u);
    assert_string_equal(u, "https://ces2.contoso.com/CA_CES_Kerberos/service.svc/CES");
    /* in the other context certreq's run does not count: the event's URL */
    assert_string_equal(ces_service_url(f, CTX_MACHINE, buf, sizeof(buf)),
                        "https://old.contoso.com/CA_CES_Kerberos/service.svc/CES");
    facts_free(f);
    /* ces.url first; a CEP URL there is not a CES */
    f = facts_of("{'ces':{'url':'https://cep.contoso.com/x/service.svc/CEP'}}");
    assert_null(ces_service_url(f, CTX_USER, buf, sizeof(buf)));
    assert_true(ces_client_uses_ces(f, CTX_USER));   /* a ces object: the CES path */
    facts_free(f);
    f = facts_of("{'policy_servers':[{'url':'LDAP:','context':'user','default':true}]}");
    assert_false(ces_client_uses_ces(f, CTX_USER));
    facts_free(f);
}

static void test_spn_and_targets(void **state)
{
    (void)state;
    assert_true(ces_spn_reaches("HOST/ca01.contoso.com", "ca01.contoso.com"));
    assert_true(ces_spn_reaches("RPCSS/CA01", "ca01.contoso.com"));
    assert_true(ces_spn_reaches("host/ca01.contoso.com:135", "CA01.contoso.com"));
    assert_false(ces_spn_reaches("HTTP/ca01.contoso.com", "ca01.contoso.com"));
    assert_false(ces_spn_reaches("HOST/ca011.contoso.com", "ca01.contoso.com"));
    assert_false(ces_spn_reaches("HOST/ca01.contoso", "ca01.contoso.com"));
    assert_false(ces_spn_reaches("HOST", "ca01.contoso.com"));
    assert_false(ces_spn_reaches("HOST/ca01", ""));

    struct facts *f = facts_of("{'cas':[{'name':'A','host':'a.contoso.com','templates':['T']},"
                               "{'name':'B','host':'b.contoso.com','templates':['U'],"
                               "'ces_urls':['https://ces.contoso.com/B_CES_Kerberos/service.svc/CES']},"
                               "{'name':'C','templates':['T']}],"
                               "'ces':{'url':'https://ces.contoso.com/B_CES_Kerberos/service.svc/CES'}}");
    const struct ca *out[4];
    char buf[64];
    const char *host = ces_server_host(f, buf, sizeof(buf));
    assert_string_equal(host, "ces.contoso.com");
    /* the CA that registers the CES wins over the template */
    assert_int_equal(ces_target_cas(f, host, "T", out, 4), 1);
    assert_string_equal(out[0]->name.v, "B");
    /* an unknown CES host: the CAs publishing the template (with a host) */
    assert_int_equal(ces_target_cas(f, "other.contoso.com", "T", out, 4), 1);
    assert_string_equal(out[0]->name.v, "A");
    /* nothing matches: every CA with a host */
    assert_int_equal(ces_target_cas(f, NULL, "X", out, 4), 2);
    assert_int_equal(ces_target_cas(f, NULL, NULL, out, 1), 1);
    facts_free(f);
}

static void test_checks_from_event(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_ces_ca, "'context':'user',", EVENTS);
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "ces.ca-request-failed", "inner_error"), "0x80094812 CERTSRV_E_SUBJECT_EMAIL_REQUIRED");
    assert_string_equal(tc_ev(&t, "ces.ca-request-failed", "source"), "event");
    tc_free(&t);
    tc_run(&t, &check_mail, "'context':'user',", EVENTS);
    assert_non_null(tc_find(&t, "account.mail-missing"));
    tc_free(&t);
    /* no fault anywhere: unknown, facts.ces missing */
    tc_run(&t, &check_ces_ca, "'context':'user',", "'events':[]");
    assert_true(tc_missing(&t, "facts.ces"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),          cmocka_unit_test(test_fault_parse),
        cmocka_unit_test(test_url_host),       cmocka_unit_test(test_transport),
        cmocka_unit_test(test_fault_find),     cmocka_unit_test(test_checks_from_event),
        cmocka_unit_test(test_service_url),    cmocka_unit_test(test_spn_and_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
