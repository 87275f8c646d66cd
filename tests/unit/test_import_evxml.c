/* test_import_evxml.c: event XML (src/import_evxml.h): one event, an
 * <Events> list, events one after the other; with and without
 * RenderingInfo; UTF-8 and UTF-16 files; the message built from EventData
 * and UserData; level numbers; foreign providers skipped; the errors with
 * line and column. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include "events_import.h"
#include "evlog.h"
#include "import_evxml.h"
#include "import_formats.h"

#define INPUTS TESTS_DIR "/inputs/events/"
#define NSATTR " xmlns='http://schemas.microsoft.com/win/2004/08/events/event'"

/* Parses TEXT with evxml_read into new facts; fails the test on error. */
static struct facts *parse_ok(const char *text, size_t *skipped)
{
    struct facts *f = facts_new();
    assert_non_null(f);
    struct evxml_sink s = {.f = f, .name = "t.xml"};
    struct err e;
    err_clear(&e);
    if (evxml_read(&s, "t.xml", text, strlen(text), &e) != 0)
        fail_msg("evxml_read: %s %s", e.key, err_get(&e, "reason") ? err_get(&e, "reason") : "");
    if (skipped)
        *skipped = s.skipped;
    assert_int_equal(evxml_sink_finish(&s, "t.xml", &e), 0);
    return f;
}

static struct err parse_bad(const char *text)
{
    struct facts *f = facts_new();
    assert_non_null(f);
    struct evxml_sink s = {.f = f, .name = "t.xml"};
    struct err e;
    err_clear(&e);
    assert_int_equal(evxml_read(&s, "t.xml", text, strlen(text), &e), -1);
    evxml_sink_discard(&s);
    facts_free(f);
    return e;
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
    assert_string_equal(ev->provider.v, EVLOG_PROVIDER_AUTOENROLLMENT);
    assert_int_equal(ev->id.v, 6);                 /* the Qualifiers are not part of the id */
    assert_int_equal(ev->level, EV_ERROR);
    int64_t t;
    assert_int_equal(time_parse_iso("2026-11-20T15:30:10Z", &t), 0);
    assert_int_equal(ev->time.v, t);
    assert_string_equal(ev->sid.v, "S-1-5-21-1-2-3-1106");
    assert_string_equal(ev->message.v, "Automatische Zertifikatregistrierung für CONTOSO\\alice "
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
