/* test_events_csv.c: the events export in the form of the document's
 * Export-Csv -Encoding Unicode: UTF-16 LE with BOM, header row, quoted
 * fields with doubled quotes, CRLF, newest first, culture time formats. */
#include "testutil.h"

#include "events_csv.h"

/* Reads back what was written as UTF-8 (BMP only, enough for the test) and
 * checks the byte-order mark. */
static char *written_utf8(FILE *fp)
{
    long n = ftell(fp);
    rewind(fp);
    unsigned char *raw = malloc((size_t)n);
    assert_non_null(raw);
    assert_int_equal(fread(raw, 1, (size_t)n, fp), (size_t)n);
    assert_true(n >= 2 && raw[0] == 0xFF && raw[1] == 0xFE);
    assert_int_equal(n % 2, 0);
    char *out = malloc((size_t)n * 2 + 1);
    assert_non_null(out);
    size_t k = 0;
    for (long i = 2; i + 1 < n; i += 2) {
        unsigned cp = raw[i] | (unsigned)raw[i + 1] << 8;
        if (cp < 0x80) {
            out[k++] = (char)cp;
        } else if (cp < 0x800) {
            out[k++] = (char)(0xC0 | (cp >> 6));
            out[k++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[k++] = (char)(0xE0 | (cp >> 12));
            out[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[k++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    out[k] = '\0';
    free(raw);
    return out;
}

static char *export(const char *bundle, enum lang culture)
{
    struct facts *f = tu_bundle(bundle);
    FILE *fp = tmpfile();
    assert_non_null(fp);
    struct err e;
    assert_int_equal(events_write_csv(&f->events, culture, true, fp, &e), 0);
    char *text = written_utf8(fp);
    fclose(fp);
    facts_free(f);
    return text;
}

#define EVENTS(list) "{\"format\":\"enrolldoc-bundle/1\",\"facts\":{\"events\":[" list "]}}"

static void form_of_export_csv(void **state)
{
    (void)state;
    char *t = export(EVENTS("{\"time\":\"2026-11-20T07:58:02Z\",\"provider\":\"p\",\"id\":2,"
                            "\"level\":\"information\",\"message\":\"started.\"},"
                            "{\"time\":\"2026-11-20T14:05:09Z\",\"provider\":\"p\",\"id\":6,"
                            "\"level\":\"error\",\"message\":\"Fehler \\\"Zugriff\\\" für Jürgen\\r\\nZeile 2\"}"),
                     LANG_DE);
    assert_string_equal(t, "\"TimeCreated\",\"Id\",\"LevelDisplayName\",\"Message\"\r\n"
                           "\"20.11.2026 14:05:09\",\"6\",\"Fehler\",\"Fehler \"\"Zugriff\"\" für Jürgen\r\nZeile 2\"\r\n"
                           "\"20.11.2026 07:58:02\",\"2\",\"Informationen\",\"started.\"\r\n");
    free(t);
    t = export(EVENTS("{\"time\":\"2026-11-20T14:05:09Z\",\"id\":3,\"level\":\"warning\"},"
                      "{\"time\":\"2026-11-20T00:30:00Z\",\"id\":4,\"level\":\"information\"}"),
               LANG_EN);
    assert_string_equal(t, "\"TimeCreated\",\"Id\",\"LevelDisplayName\",\"Message\"\r\n"
                           "\"11/20/2026 2:05:09 PM\",\"3\",\"Warning\",\"\"\r\n"
                           "\"11/20/2026 12:30:00 AM\",\"4\",\"Information\",\"\"\r\n");
    free(t);
}

static void no_events_is_a_header(void **state)
{
    (void)state;
    char *t = export(EVENTS(""), LANG_EN);
    assert_string_equal(t, "\"TimeCreated\",\"Id\",\"LevelDisplayName\",\"Message\"\r\n");
    free(t);
}

static void healthy_scenario(void **state)
{
    (void)state;
    char *text = tu_read(SHARED_DIR "/scenarios/healthy.json", NULL);
    char *t = export(text, LANG_EN);
    free(text);
    /* nine events plus the header, newest (CertificateServicesClient 2) first */
    size_t lines = 0;
    for (const char *p = t; (p = strstr(p, "\r\n")) != NULL; p += 2)
        lines++;
    assert_int_equal(lines, 10);
    assert_non_null(strstr(t, "\"11/20/2026 7:58:06 AM\",\"2\",\"Information\",\"Certificate Services Client has been stopped.\""));
    assert_true(strstr(t, "7:58:06 AM") < strstr(t, "7:58:02 AM"));
    free(t);
}

static void failing_stream(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(EVENTS("{\"id\":1}"));
    FILE *fp = fopen("/dev/full", "wb");
    if (!fp)
        skip();
    struct err e;
    assert_int_equal(events_write_csv(&f->events, LANG_EN, true, fp, &e), -1);
    assert_string_equal(e.key, "error.write");
    fclose(fp);
    facts_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(form_of_export_csv),
        cmocka_unit_test(no_events_is_a_header),
        cmocka_unit_test(healthy_scenario),
        cmocka_unit_test(failing_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
