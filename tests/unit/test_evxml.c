/* test_evxml.c: src/platform/win32/probe_evxml.c, reading events as
 * EvtRender(EvtRenderEventXml) writes them (pure C, runs on Linux). The
 * samples follow the event schema (http://schemas.microsoft.com/win/2004/
 * 08/events/event), with RenderingInfo as forwarded events carry it, in
 * English and German, with entity and character references. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"

/* the module is compiled only for Windows by CMake; include it here */
#include "../../src/platform/win32/probe_evxml.c"

/* AutoEnrollment event 6 (error), English rendering */
static const char EN_ERROR[] =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    "<Provider Name='Microsoft-Windows-CertificateServicesClient-AutoEnrollment' "
    "Guid='{F0DB7EF8-B6F3-4005-9937-FEB77B9E1B43}'/>"
    "<EventID>6</EventID><Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode>"
    "<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2026-11-20T07:58:02.6051230Z'/>"
    "<EventRecordID>48213</EventRecordID><Correlation/><Execution ProcessID='1088' ThreadID='7340'/>"
    "<Channel>Application</Channel><Computer>PC0042.contoso.com</Computer>"
    "<Security UserID='S-1-5-21-1004336348-1177238915-682003330-1105'/></System>"
    "<EventData><Data Name='Context'>user</Data><Data Name='HResult'>0x800706ba</Data></EventData>"
    "<RenderingInfo Culture='en-US'><Message>Automatic certificate enrollment for CONTOSO\\alice failed "
    "to enroll for a ContosoUser certificate (0x800706ba). The RPC server is unavailable.\r\n</Message>"
    "<Level>Error</Level><Task></Task><Opcode>Info</Opcode><Channel>Application</Channel>"
    "<Provider>Microsoft-Windows-CertificateServicesClient-AutoEnrollment</Provider>"
    "<Keywords><Keyword>Classic</Keyword></Keywords></RenderingInfo></Event>";

/* CertEnroll event 65 (information), German rendering, with references */
static const char DE_INFO[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- recorded sample -->\n"
    "<e:Event xmlns:e=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n"
    "  <e:System>\n"
    "    <e:Provider Name=\"Microsoft-Windows-CertificateServicesClient-CertEnroll\" "
    "Guid=\"{54164045-7C50-4905-963F-E5BC1EEF0CCA}\"/>\n"
    "    <e:EventID Qualifiers=\"0\"> 65 </e:EventID>\n"
    "    <e:Level>4</e:Level>\n"
    "    <e:TimeCreated SystemTime=\"2026-11-20T08:58:02.000+01:00\"/>\n"
    "    <e:Security/>\n"
    "  </e:System>\n"
    "  <e:RenderingInfo Culture=\"de-DE\">\n"
    "    <e:Message>Die Zertifikatregistrierung f&#xFC;r CONTOSO\\alice wurde vom Richtlinienserver "
    "&lt;https://cep.contoso.com/ADPolicyProvider_CEP_Kerberos/service.svc/CEP&gt; &amp; "
    "Kerberos erfolgreich authentifiziert (&quot;Anmeldeinformationen&quot;: &apos;Standard&apos;) "
    "&#8211; Gr&#246;&#223;e <![CDATA[<ok> & fertig]]>.</e:Message>\n"
    "    <e:Level>Informationen</e:Level>\n"
    "  </e:RenderingInfo>\n"
    "</e:Event>\n";

static void test_english_error(void **state)
{
    (void)state;
    struct arena a = {0};
    struct evxml e;
    assert_int_equal(evxml_parse(&a, EN_ERROR, strlen(EN_ERROR), &e), 0);
    assert_string_equal(e.provider, "Microsoft-Windows-CertificateServicesClient-AutoEnrollment");
    assert_true(e.has_id);
    assert_int_equal(e.id, 6);
    assert_true(e.has_level);
    assert_int_equal(e.level, 2);
    assert_int_equal(evxml_level(e.level), EV_ERROR);
    assert_true(e.has_time);
    int64_t t;
    assert_int_equal(time_parse_iso("2026-11-20T07:58:02Z", &t), 0);
    assert_int_equal(e.time, t);
    assert_string_equal(e.sid, "S-1-5-21-1004336348-1177238915-682003330-1105");
    /* trailing line break dropped, the text otherwise as rendered */
    assert_string_equal(e.message, "Automatic certificate enrollment for CONTOSO\\alice failed to enroll for a "
                                   "ContosoUser certificate (0x800706ba). The RPC server is unavailable.");
    arena_free(&a);
}

static void test_german_references(void **state)
{
    (void)state;
    struct arena a = {0};
    struct evxml e;
    assert_int_equal(evxml_parse(&a, DE_INFO, strlen(DE_INFO), &e), 0);
    assert_string_equal(e.provider, "Microsoft-Windows-CertificateServicesClient-CertEnroll");
    assert_int_equal(e.id, 65);
    assert_int_equal(e.level, 4);
    assert_int_equal(evxml_level(e.level), EV_INFORMATION);
    int64_t t;
    assert_int_equal(time_parse_iso("2026-11-20T07:58:02Z", &t), 0);
    assert_int_equal(e.time, t);
    assert_null(e.sid); /* <Security/> without UserID */
    assert_string_equal(e.message,
                        "Die Zertifikatregistrierung f\xc3\xbcr CONTOSO\\alice wurde vom Richtlinienserver "
                        "<https://cep.contoso.com/ADPolicyProvider_CEP_Kerberos/service.svc/CEP> & Kerberos "
                        "erfolgreich authentifiziert (\"Anmeldeinformationen\": 'Standard') \xe2\x80\x93 "
                        "Gr\xc3\xb6\xc3\x9f" "e <ok> & fertig.");
    arena_free(&a);
}

static void test_without_rendering(void **state)
{
    (void)state;
    /* what EvtRender gives for a local event: no RenderingInfo */
    const char *x = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                    "<Provider Name='Microsoft-Windows-CertificateServicesClient'/><EventID>1</EventID>"
                    "<Level>0</Level><TimeCreated SystemTime='2026-11-20T07:58:00Z'/></System>"
                    "<UserData><Foo xmlns='x'><Message>not the message</Message></Foo></UserData></Event>";
    struct arena a = {0};
    struct evxml e;
    assert_int_equal(evxml_parse(&a, x, strlen(x), &e), 0);
    assert_string_equal(e.provider, "Microsoft-Windows-CertificateServicesClient");
    assert_int_equal(e.id, 1);
    assert_int_equal(evxml_level(e.level), EV_INFORMATION);
    assert_null(e.message);
    assert_null(e.sid);
    arena_free(&a);
}

static void test_levels(void **state)
{
    (void)state;
    assert_int_equal(evxml_level(1), EV_ERROR);
    assert_int_equal(evxml_level(2), EV_ERROR);
    assert_int_equal(evxml_level(3), EV_WARNING);
    assert_int_equal(evxml_level(4), EV_INFORMATION);
    assert_int_equal(evxml_level(0), EV_INFORMATION);
    assert_int_equal(evxml_level(5), EV_OTHER);
    assert_int_equal(evxml_level(255), EV_OTHER);
}

static void test_bad_values_left_out(void **state)
{
    (void)state;
    /* a malformed id, level or time is left out, not guessed */
    const char *x = "<Event><System><Provider Name='P'/><EventID>6x</EventID><Level>-1</Level>"
                    "<TimeCreated SystemTime='yesterday'/></System></Event>";
    struct arena a = {0};
    struct evxml e;
    assert_int_equal(evxml_parse(&a, x, strlen(x), &e), 0);
    assert_string_equal(e.provider, "P");
    assert_false(e.has_id);
    assert_false(e.has_level);
    assert_false(e.has_time);
    arena_free(&a);
}

static void test_hostile(void **state)
{
    (void)state;
    const char *bad[] = {
        "",
        "<Event>",
        "<Event><System></Event></System>",
        "<Event><System/></Event><Event><System/></Event>",
        "<Event><System><Provider Name='x/></System></Event>",
        "<Event><System><Provider Name=x/></System></Event>",
        "<Event><System><Provider Name='a<b'/></System></Event>",
        "<Event><System><Provider Name='&bogus;'/></System></Event>",
        "<Event><System><Provider Name='&#0;'/></System></Event>",
        "<Event><System><Provider Name='&#xD800;'/></System></Event>",
        "<Event><System><Provider Name='&#x110000;'/></System></Event>",
        "<Event><System><Provider Name='&#99999999999;'/></System></Event>",
        "<Event><System><Provider Name='&amp'/></System></Event>",
        "<Event><RenderingInfo><Message>a &x; b</Message></RenderingInfo><System/></Event>",
        "<Event><System/><!-- unterminated </Event>",
        "<Event><System/><![CDATA[ x </Event>",
        "<?xml version='1.0'",
        "text<Event><System/></Event>",
        "<Other><System/></Other>",
        "<Event><Other><System/></Other></Event>",
        "<",
        "</>",
        "<Event><System><EventID>1</EventID></System></Event",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct arena a = {0};
        struct evxml e;
        if (evxml_parse(&a, bad[i], strlen(bad[i]), &e) != -1)
            fail_msg("accepted: %s", bad[i]);
        assert_null(e.provider);
        arena_free(&a);
    }
    struct arena a = {0};
    struct evxml e;
    assert_int_equal(evxml_parse(&a, NULL, 5, &e), -1);
    /* nesting deeper than the parser keeps is refused, not overflowed */
    char deep[2048] = "<Event><System/>";
    for (int i = 0; i < 100; i++)
        strcat(deep, "<a>");
    assert_int_equal(evxml_parse(&a, deep, strlen(deep), &e), -1);
    /* every prefix of a valid event is refused (never read past the end) */
    size_t n = strlen(EN_ERROR);
    for (size_t k = 0; k < n; k++) {
        char *copy = malloc(k ? k : 1);
        assert_non_null(copy);
        memcpy(copy, EN_ERROR, k);
        int rc = evxml_parse(&a, copy, k, &e);
        free(copy);
        if (rc != -1)
            fail_msg("accepted the first %zu of %zu bytes", k, n);
    }
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_error),   cmocka_unit_test(test_german_references),
        cmocka_unit_test(test_without_rendering), cmocka_unit_test(test_levels),
        cmocka_unit_test(test_bad_values_left_out), cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
