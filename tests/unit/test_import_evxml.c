/* test_import_evxml.c: event XML (src/import_evxml.h): one event, an
 * <Events> list, events one after the other; with and without
 * RenderingInfo; UTF-8 and UTF-16 files; the message built from EventData
 * and UserData; level numbers; foreign providers skipped; the errors with
 * line and column; single records as EvtRender writes them (the live probe
 * and the .evtx reader), in English and German, with entity and character
 * references, and hostile ones. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include "events_import.h"
#include "evlog.h"
#include "import_evxml.h"
#include "import_formats.h"

#define INPUTS TESTS_DIR "/inputs/events/"
#define NSATTR " xmlns='http://schemas.microsoft.com/win/2004/08/events/event'"

/* Reads TEXT[0..LEN) into new facts (returned, the caller frees): as a
 * file (evxml_read) or, with RECORD, as one .evtx record
 * (evxml_read_record). *RC: the result; *E the error; *SKIPPED (optional):
 * the foreign events. */
static struct facts *read_xml(const char *text, size_t len, bool one_record, int *rc, struct err *e,
                              size_t *skipped)
{
    struct facts *f = facts_new();
    assert_non_null(f);
    struct evxml_sink s = {.f = f, .name = "t.xml"};
    err_clear(e);
    *rc = one_record ? evxml_read_record(&s, "t.xml", text, len, 0, e) : evxml_read(&s, "t.xml", text, len, e);
    if (skipped)
        *skipped = s.skipped;
    if (*rc == 0)
        assert_int_equal(evxml_sink_finish(&s, "t.xml", e), 0);
    else
        evxml_sink_discard(&s);
    return f;
}

/* Parses TEXT as a file; fails the test on error. */
static struct facts *parse_ok(const char *text, size_t *skipped)
{
    int rc;
    struct err e;
    struct facts *f = read_xml(text, strlen(text), false, &rc, &e, skipped);
    if (rc != 0)
        fail_msg("evxml_read: %s %s", e.key, err_get(&e, "reason") ? err_get(&e, "reason") : "");
    return f;
}

static struct err parse_bad(const char *text)
{
    int rc;
    struct err e;
    facts_free(read_xml(text, strlen(text), false, &rc, &e, NULL));
    assert_int_equal(rc, -1);
    return e;
}

/* EV has these fields (SID NULL: none). */
static void expect_event(const struct event *ev, const char *provider, int64_t id, enum ev_level level,
                         const char *iso, const char *sid, const char *message)
{
    assert_string_equal(ev->provider.v, provider);
    assert_int_equal(ev->id.v, id);
    assert_int_equal(ev->level, level);
    int64_t t;
    assert_int_equal(time_parse_iso(iso, &t), 0);
    assert_int_equal(ev->time.v, t);
    if (sid)
        assert_string_equal(ev->sid.v, sid);
    else
        assert_int_equal(ev->sid.st, F_ABSENT);
    assert_string_equal(ev->message.v, message);
}

static void test_rendered_event(void **state)
{
    (void)state;
    struct facts *f = parse_ok(
        "<?xml version='1.0' encoding='UTF-16'?>\n"
        "<Event" NSATTR "><System>"
        "<Provider Name='Microsoft-Windows-CertificateServicesClient-AutoEnrollment' Guid='{F0DB7EF8-B6F3-4005-9937-FEB77B9E1B43}'/>"
        "<EventID Qualifiers='49752'>6</EventID><Level>2</Level>"
        "<TimeCreated SystemTime='2026-11-20T15:30:10.1234567Z'/><EventRecordID>77</EventRecordID>"
        "<Security UserID='S-1-5-21-1-2-3-1106'/></System>"
        "<EventData><Data Name='Context'>CONTOSO\\alice</Data><Data Name='ErrorCode'>0x800706ba</Data></EventData>"
        "<RenderingInfo Culture='de-DE'><Message>Automatische Zertifikatregistrierung für CONTOSO\\alice "
        "fehlgeschlagen (0x800706ba) Der RPC-Server ist nicht verfügbar.&#13;\n</Message><Level>Fehler</Level></RenderingInfo>"
        "</Event>\n", NULL);
    assert_int_equal(f->events.n, 1);
    const struct event *ev = &f->events.v[0];
    /* the Qualifiers are not part of the id */
    expect_event(ev, EVLOG_PROVIDER_AUTOENROLLMENT, 6, EV_ERROR, "2026-11-20T15:30:10Z", "S-1-5-21-1-2-3-1106",
                 "Automatische Zertifikatregistrierung für CONTOSO\\alice "
                 "fehlgeschlagen (0x800706ba) Der RPC-Server ist nicht verfügbar.");
    facts_free(f);
}

#define EV(prov, id, level, data)                                                          \
    "<Event" NSATTR "><System><Provider Name='" prov "'/><EventID>" #id "</EventID>"      \
    "<Level>" #level "</Level><TimeCreated SystemTime='2026-11-20T07:00:0" #level "Z'/>"  \
    "<Security/></System>" data "</Event>"

static void test_data_message_and_levels(void **state)
{
    (void)state;
    size_t skipped = 0;
    struct facts *f = parse_ok(
        EV("Microsoft-Windows-CertificateServicesClient-AutoEnrollment", 2, 4,
           "<EventData><Data Name='Context'>local system</Data></EventData>") "\r\n"
        EV("ESENT", 916, 4, "<EventData><Data>svchost</Data></EventData>") "\r\n"
        EV("microsoft-windows-certificateservicesclient-certenroll", 13, 1,
           "<EventData><Data Name='hr'>2148204809</Data><Data Name='Template'>Machine</Data></EventData>")
        EV("Microsoft-Windows-CertificateServicesClient", 5, 3,
           "<UserData><Info xmlns='x'><Code>0x80094012</Code><Nested><Deep>a &amp; b</Deep></Nested></Info></UserData>")
        EV("Microsoft-Windows-CertificationAuthority", 53, 5, "<EventData/>")
        EV("Microsoft-Windows-EnrollmentWebService", 9, 0, ""),
        &skipped);
    assert_int_equal(skipped, 1);
    assert_int_equal(f->events.n, 5);
    const struct event *v = f->events.v;
    assert_string_equal(v[0].message.v, "Context: local system");
    assert_int_equal(v[0].level, EV_INFORMATION);
    assert_null(v[0].sid.v);
    assert_string_equal(v[1].provider.v, EVLOG_PROVIDER_CERTENROLL);   /* the static full name */
    assert_string_equal(v[1].message.v, "hr: 2148204809 (0x800B0109); Template: Machine");
    assert_int_equal(v[1].level, EV_ERROR);                            /* critical */
    assert_string_equal(v[2].message.v, "Code: 0x80094012; Deep: a & b");
    assert_int_equal(v[2].level, EV_WARNING);
    assert_int_equal(v[3].level, EV_OTHER);                            /* verbose */
    assert_int_equal(v[3].message.st, F_ABSENT);
    assert_int_equal(v[4].level, EV_INFORMATION);                      /* log always */
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(v[i].order, i);
    assert_string_equal(f->identity[CTX_MACHINE].name.v, "local system");
    assert_int_equal(f->identity[CTX_USER].name.st, F_ABSENT);
    facts_free(f);
}

static void test_events_list(void **state)
{
    (void)state;
    struct facts *f = parse_ok("\xEF\xBB\xBF<?xml version=\"1.0\"?><Events>"
                               EV("Microsoft-Windows-CertificateServicesClient", 1, 4, "")
                               "<!-- a comment --><Event" NSATTR "><System><Provider Name='Microsoft-Windows-CertificateServicesClient'/>"
                               "<EventID>3</EventID></System></Event></Events>", NULL);
    assert_int_equal(f->events.n, 2);
    assert_int_equal(f->events.v[1].id.v, 3);
    assert_int_equal(f->events.v[1].time.st, F_ABSENT);
    assert_int_equal(f->events.v[1].level_st, F_ABSENT);
    facts_free(f);
    f = parse_ok("", NULL);
    assert_int_equal(f->events.st, F_SET);
    assert_int_equal(f->events.n, 0);
    facts_free(f);
}

static void test_files_like_csv(void **state)
{
    (void)state;
    const char *files[] = {INPUTS "evtx-scenario.xml", INPUTS "evtx-scenario.rendered.xml"};
    struct facts *c = NULL;
    struct events_info info;
    struct err e;
    assert_int_equal(events_import_file(INPUTS "evtx-scenario.csv", LANG_EN, &c, &info, &e), 0);
    for (size_t k = 0; k < 2; k++) {
        struct facts *x = NULL;
        assert_int_equal(events_import_file(files[k], LANG_DE, &x, &info, &e), 0);
        assert_int_equal(info.source, EVSRC_XML);
        assert_int_equal(info.encoding, k == 0 ? EVENC_UTF8 : EVENC_UTF16LE);
        assert_true(info.zoned);
        assert_int_equal(x->events.n, c->events.n);
        for (size_t i = 0; i < x->events.n; i++) {
            assert_string_equal(x->events.v[i].provider.v, c->events.v[i].provider.v);
            assert_int_equal(x->events.v[i].id.v, c->events.v[i].id.v);
            assert_int_equal(x->events.v[i].time.v, c->events.v[i].time.v);
            assert_int_equal(x->events.v[i].level, c->events.v[i].level);
            if (k == 1)   /* rendered: the very message of the CSV */
                assert_string_equal(x->events.v[i].message.v, c->events.v[i].message.v);
        }
        assert_string_equal(x->identity[CTX_USER].name.v, "CONTOSO\\alice");
        assert_string_equal(x->identity[CTX_MACHINE].name.v, "local system");
        facts_free(x);
    }
    facts_free(c);
}

static void expect_pos(struct err e, const char *key, const char *line, const char *col)
{
    assert_string_equal(e.key, key);
    assert_string_equal(err_get(&e, "file"), "t.xml");
    assert_string_equal(err_get(&e, "line"), line);
    assert_string_equal(err_get(&e, "column"), col);
}

static void test_errors(void **state)
{
    (void)state;
    /* the place without the wrapper: on the first line and on later ones */
    expect_pos(parse_bad("<Event><System></Sys></Event>"), "error.events.xml", "1", "18");   /* expat: at the name in </Sys> */
    expect_pos(parse_bad("<?xml version='1.0'?><Event><System></Sys></Event>"), "error.events.xml", "1", "39");
    expect_pos(parse_bad("<Event>\n  <System>\n  </Sys>"), "error.events.xml", "3", "5");
    struct err e = parse_bad("<Event>\n<System>");   /* cut short: the end of the text */
    assert_string_equal(e.key, "error.events.xml");
    assert_string_equal(err_get(&e, "line"), "2");
    expect_pos(parse_bad("<Event a='1' a='2'/>"), "error.events.xml", "1", "14");
    expect_pos(parse_bad("<Event>&bogus;</Event>"), "error.events.xml", "1", "8");
    e = parse_bad("<!DOCTYPE Event [<!ENTITY a 'aaaa'>]><Event/>");
    assert_string_equal(e.key, "error.events.xml");
    assert_string_equal(err_get(&e, "reason"), "@events.xml.dtd");
    /* XML, but no events */
    e = parse_bad("<?xml version='1.0'?>\n<Configuration><Event/></Configuration>");
    expect_pos(e, "error.events.xml-shape", "2", "1");
    assert_string_equal(err_get(&e, "element"), "Configuration");
    e = parse_bad("<Events><Event/><Record/></Events>");
    assert_string_equal(err_get(&e, "element"), "Record");
    /* a UserID that is no SID: refused where it stands (the fuzzer found
     * one the bundle reader would refuse) */
    e = parse_bad("<Event><System><Provider Name='Microsoft-Windows-CertificateServicesClient-AutoEnrollment'/>"
                  "<EventID>2</EventID>\n<Security UserID='S-1-5-21-1#-1106'/></System></Event>");
    expect_pos(e, "error.events.xml-sid", "2", "1");
    assert_string_equal(err_get(&e, "value"), "S-1-5-21-1#-1106");
    /* a CSV file is not XML: import_read_event_xml needs text */
    struct import_file in = {"b.xml", (const unsigned char *)"\x00\x01", 2, NULL, 0, LANG_EN};
    struct facts *f = NULL;
    assert_int_equal(import_read_event_xml(&in, &f, &e), -1);
    assert_string_equal(e.key, "error.events.binary");
}

static void test_import_reader(void **state)
{
    (void)state;
    const char *x = EV("Microsoft-Windows-CertificateServicesClient-AutoEnrollment", 2, 4,
                       "<EventData><Data>CONTOSO\\bob</Data></EventData>");
    struct import_file in = {"a.xml", (const unsigned char *)x, strlen(x), x, strlen(x), LANG_EN};
    struct facts *f = NULL;
    struct err e;
    assert_int_equal(import_read_event_xml(&in, &f, &e), 0);
    assert_int_equal(f->events.n, 1);
    assert_string_equal(f->events.v[0].message.v, "CONTOSO\\bob");
    assert_string_equal(f->identity[CTX_USER].name.v, "CONTOSO\\bob");
    facts_free(f);
}

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

/* One record as EvtRender gives it, read as the live probe and the .evtx
 * reader read it; *RC the result. */
static struct facts *record(const char *xml, size_t len, int *rc)
{
    struct err e;
    return read_xml(xml, len, true, rc, &e, NULL);
}

static void test_record_english_error(void **state)
{
    (void)state;
    int rc;
    struct facts *f = record(EN_ERROR, strlen(EN_ERROR), &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(f->events.n, 1);
    const struct event *e = &f->events.v[0];
    /* trailing line break dropped, the text otherwise as rendered */
    expect_event(e, EVLOG_PROVIDER_AUTOENROLLMENT, 6, EV_ERROR, "2026-11-20T07:58:02Z",
                 "S-1-5-21-1004336348-1177238915-682003330-1105",
                 "Automatic certificate enrollment for CONTOSO\\alice failed to enroll for a "
                 "ContosoUser certificate (0x800706ba). The RPC server is unavailable.");
    facts_free(f);
}

static void test_record_german_references(void **state)
{
    (void)state;
    int rc;
    struct facts *f = record(DE_INFO, strlen(DE_INFO), &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(f->events.n, 1);
    const struct event *e = &f->events.v[0];
    /* e: prefixes ignored; <Security/> without UserID */
    expect_event(e, EVLOG_PROVIDER_CERTENROLL, 65, EV_INFORMATION, "2026-11-20T07:58:02Z", NULL,
                        "Die Zertifikatregistrierung f\xc3\xbcr CONTOSO\\alice wurde vom Richtlinienserver "
                        "<https://cep.contoso.com/ADPolicyProvider_CEP_Kerberos/service.svc/CEP> & Kerberos "
                        "erfolgreich authentifiziert (\"Anmeldeinformationen\": 'Standard') \xe2\x80\x93 "
                        "Gr\xc3\xb6\xc3\x9f" "e <ok> & fertig.");
    facts_free(f);
}

static void test_record_bad_values_left_out(void **state)
{
    (void)state;
    /* a malformed id, level or time is left out, not guessed */
    const char *x = "<Event><System><Provider Name='Microsoft-Windows-CertificateServicesClient'/>"
                    "<EventID>6x</EventID><Level>-1</Level><TimeCreated SystemTime='yesterday'/></System></Event>";
    int rc;
    struct facts *f = record(x, strlen(x), &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(f->events.n, 1);
    assert_int_equal(f->events.v[0].id.st, F_ABSENT);
    assert_int_equal(f->events.v[0].level_st, F_ABSENT);
    assert_int_equal(f->events.v[0].time.st, F_ABSENT);
    facts_free(f);
}

static void test_record_hostile(void **state)
{
    (void)state;
    const char *bad[] = {
        "<Event>",
        "<Event><System></Event></System>",
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
        "<",
        "</>",
        "<Event><System><EventID>1</EventID></System></Event",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc;
        struct facts *f = record(bad[i], strlen(bad[i]), &rc);
        if (rc != -1)
            fail_msg("accepted: %s", bad[i]);
        facts_free(f);
    }
    /* nesting deeper than the parser keeps is refused, not overflowed */
    char deep[4096] = "<Event><System/>";
    for (int i = 0; i < 300; i++)
        strcat(deep, "<a>");
    int rc;
    facts_free(record(deep, strlen(deep), &rc));
    assert_int_equal(rc, -1);
    /* every prefix of a valid event is refused (never read past the end) */
    size_t n = strlen(EN_ERROR);
    for (size_t k = 1; k < n; k++) {
        char *copy = malloc(k);
        assert_non_null(copy);
        memcpy(copy, EN_ERROR, k);
        struct facts *f = record(copy, k, &rc);
        free(copy);
        facts_free(f);
        if (rc != -1)
            fail_msg("accepted the first %zu of %zu bytes", k, n);
    }
}

static void test_providers(void **state)
{
    (void)state;
    size_t n;
    const char *const *p = evxml_providers(&n);
    assert_true(n >= 5);
    for (size_t i = 0; i < n; i++)
        assert_ptr_equal(evxml_provider_wanted(p[i]), p[i]);
    assert_null(evxml_provider_wanted("ESENT"));
    assert_null(evxml_provider_wanted("Microsoft-Windows-CertificateServicesClient-Lifecycle-System"));
    assert_null(evxml_provider_wanted(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rendered_event),
        cmocka_unit_test(test_data_message_and_levels),
        cmocka_unit_test(test_events_list),
        cmocka_unit_test(test_files_like_csv),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_import_reader),
        cmocka_unit_test(test_providers),
        cmocka_unit_test(test_record_english_error),
        cmocka_unit_test(test_record_german_references),
        cmocka_unit_test(test_record_bad_values_left_out),
        cmocka_unit_test(test_record_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
