/* test_events_import.c: reading events exports (src/events_import.h): the
 * encodings Export-Csv writes, the cultures of TimeCreated, quoting and line
 * breaks, header forms, provider inference, the errors with their line, and
 * 100,000 rows in linear time. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <time.h>
#include <unistd.h>

#include "events_import.h"
#include "evlog.h"

#define INPUTS TESTS_DIR "/inputs/events/"

static struct facts *load_file(const char *name, enum lang ui, struct events_info *info)
{
    struct facts *f = NULL;
    struct err e;
    if (events_import_file(name, ui, &f, info, &e) != 0)
        fail_msg("import of %s failed: %s (%s)", name, e.key, e.nargs ? e.args[e.nargs - 1].value : "");
    return f;
}

static struct facts *load_text(const char *text, size_t len, enum lang ui, struct events_info *info)
{
    struct facts *f = NULL;
    struct err e;
    if (events_import_text("t.csv", text, len, ui, &f, info, &e) != 0)
        fail_msg("import failed: %s", e.key);
    return f;
}

/* Imports TEXT expecting failure; returns the error. */
static struct err load_error(const char *text, size_t len)
{
    struct facts *f = NULL;
    struct events_info info;
    struct err e;
    assert_int_equal(events_import_text("bad.csv", text, len, LANG_EN, &f, &info, &e), -1);
    assert_null(f);
    assert_string_equal(err_get(&e, "file"), "bad.csv");
    return e;
}

enum enc { ENC_UTF8, ENC_UTF8_BOM, ENC_UTF16LE_BOM, ENC_UTF16BE_BOM, ENC_UTF16LE, ENC_LATIN1 };

/* UTF-8 TEXT (valid) in encoding ENC; Latin-1 takes code points up to 0xFF
 * only. Surrogate pairs for the code points beyond the BMP. */
static unsigned char *encode(const char *text, enum enc enc, size_t *len)
{
    size_t n = strlen(text);
    unsigned char *o = malloc(2 * n + 4);   /* UTF-16 doubles at most */
    assert_non_null(o);
    size_t k = 0;
    if (enc == ENC_UTF8 || enc == ENC_UTF8_BOM) {
        if (enc == ENC_UTF8_BOM) {
            memcpy(o, "\xEF\xBB\xBF", 3);
            k = 3;
        }
        memcpy(o + k, text, n);
        *len = k + n;
        return o;
    }
    bool be = enc == ENC_UTF16BE_BOM;
    if (enc == ENC_UTF16LE_BOM || enc == ENC_UTF16BE_BOM) {
        o[k++] = be ? 0xFE : 0xFF;
        o[k++] = be ? 0xFF : 0xFE;
    }
    const unsigned char *u = (const unsigned char *)text;
    while (*u) {
        uint32_t cp;
        size_t sl = utf8_seq_len(u, 4);
        assert_true(sl > 0);
        if (sl == 1)
            cp = *u;
        else if (sl == 2)
            cp = (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3Fu);
        else if (sl == 3)
            cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3Fu);
        else
            cp = (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 |
                 (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3Fu);
        u += sl;
        if (enc == ENC_LATIN1) {
            assert_true(cp <= 0xFF);
            o[k++] = (unsigned char)cp;
            continue;
        }
        uint32_t units[2] = {cp, 0};
        int nu = 1;
        if (cp >= 0x10000) {
            units[0] = 0xD800 + ((cp - 0x10000) >> 10);
            units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
            nu = 2;
        }
        for (int i = 0; i < nu; i++) {
            o[k++] = (unsigned char)(be ? units[i] >> 8 : units[i] & 0xFF);
            o[k++] = (unsigned char)(be ? units[i] & 0xFF : units[i] >> 8);
        }
    }
    *len = k;
    return o;
}

static int64_t at(int y, unsigned mo, unsigned d, int h, int mi, int s)
{
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/* ---- the written files ------------------------------------------------- */

static void german_utf16_bom(void **state)
{
    (void)state;
    struct events_info info;
    struct facts *f = load_file(INPUTS "de-healthy.csv", LANG_EN, &info);
    assert_int_equal(info.source, EVSRC_CSV);
    assert_int_equal(info.encoding, EVENC_UTF16LE);
    assert_true(info.bom);
    assert_int_equal(info.dates, EVD_DAY_FIRST);
    assert_false(info.date_assumed);   /* the dots tell */
    assert_false(info.zoned);
    assert_false(info.provider_column);
    assert_int_equal(info.inferred, 9);
    assert_int_equal(f->events.n, 9);
    /* newest first, as the document's Sort-Object -Descending leaves it */
    const struct event *last = &f->events.v[8];
    assert_int_equal(last->id.v, 2);
    assert_int_equal(last->time.v, at(2026, 11, 20, 8, 58, 2));
    assert_int_equal(last->level, EV_INFORMATION);
    assert_string_equal(last->provider.v, EVLOG_PROVIDER_AUTOENROLLMENT);
    assert_string_equal(f->events.v[0].provider.v, EVLOG_PROVIDER_CSC);
    assert_string_equal(f->events.v[4].provider.v, EVLOG_PROVIDER_CERTENROLL);
    assert_non_null(strstr(last->message.v, "für CONTOSO\\alice"));
    /* the account of event 2 becomes the user's name */
    assert_int_equal(f->identity[CTX_USER].name.st, F_SET);
    assert_string_equal(f->identity[CTX_USER].name.v, "CONTOSO\\alice");
    assert_int_equal(f->identity[CTX_MACHINE].st, F_ABSENT);
    facts_free(f);
}

static void us_utf8_no_bom(void **state)
{
    (void)state;
    struct events_info info;
    struct facts *f = load_file(INPUTS "us-stopped-65.csv", LANG_DE, &info);
    assert_int_equal(info.encoding, EVENC_UTF8);
    assert_false(info.bom);
    assert_int_equal(info.dates, EVD_MONTH_FIRST);   /* AM/PM, though the UI is German */
    assert_false(info.date_assumed);
    assert_int_equal(f->events.n, 5);
    assert_int_equal(f->events.v[0].id.v, 65);
    assert_int_equal(f->events.v[0].time.v, at(2026, 11, 20, 14, 5, 5));   /* 2:05:05 PM */
    facts_free(f);
}

static void uk_utf8_bom_lf(void **state)
{
    (void)state;
    struct events_info info;
    struct facts *f = load_file(INPUTS "uk-error-6.csv", LANG_EN, &info);
    assert_int_equal(info.encoding, EVENC_UTF8);
    assert_true(info.bom);
    assert_int_equal(info.dates, EVD_DAY_FIRST);    /* 20/11: the first number is above 12 */
    assert_int_equal(f->events.n, 15);
    assert_int_equal(f->events.v[0].id.v, 6);
    assert_int_equal(f->events.v[0].level, EV_ERROR);
    assert_int_equal(f->events.v[1].level, EV_WARNING);
    assert_int_equal(f->events.v[0].time.v, at(2026, 11, 20, 15, 30, 10));
    facts_free(f);
}

static void iso_utf16_no_bom_multiline(void **state)
{
    (void)state;
    struct events_info info;
    struct facts *f = load_file(INPUTS "iso-multiline.csv", LANG_EN, &info);
    assert_int_equal(info.encoding, EVENC_UTF16LE);
    assert_false(info.bom);
    assert_int_equal(info.dates, EVD_ISO);
    assert_true(info.zoned);
    assert_int_equal(f->events.n, 8);
    const struct event *e65 = &f->events.v[4];
    assert_int_equal(e65->id.v, 65);
    assert_non_null(strstr(e65->message.v, "server {3A0B6C0E-1F5D-4C7A-9E2B-5D8F0A1C2B3D}\r\nusing"));
    assert_non_null(strstr(e65->message.v, ".\nPolicy Id"));
    const struct event *e13 = &f->events.v[7];
    assert_non_null(strstr(e13->message.v, "a \"Machine\" certificate"));
    assert_int_equal(e13->level, EV_ERROR);
    assert_string_equal(e13->provider.v, EVLOG_PROVIDER_CERTENROLL);
    assert_string_equal(f->identity[CTX_MACHINE].name.v, "local system");
    facts_free(f);
}

static void provider_column_any_order(void **state)
{
    (void)state;
    struct events_info info;
    struct facts *f = load_file(INPUTS "provider-column.csv", LANG_EN, &info);
    assert_true(info.provider_column);
    assert_int_equal(info.inferred, 0);
    assert_int_equal(f->events.n, 12);
    assert_string_equal(f->events.v[2].provider.v, "Microsoft-Windows-GroupPolicy");
    assert_int_equal(f->events.v[2].id.v, 1502);
    assert_string_equal(f->identity[CTX_USER].name.v, "CONTOSO\\bob");
    assert_string_equal(f->identity[CTX_MACHINE].name.v, "local system");
    facts_free(f);

    /* header names ignore case and blanks; unknown columns are ignored */
    const char *t = "\"message\", \"PROVIDERNAME\",\"Extra\",\"id\",\"timecreated\"\n"
                    "\"x\",\"Microsoft-Windows-CertificateServicesClient\",\"?\",\"7\",\"2026-01-02 03:04:05\"\n";
    f = load_text(t, strlen(t), LANG_EN, &info);
    assert_int_equal(f->events.n, 1);
    assert_int_equal(f->events.v[0].id.v, 7);
    assert_int_equal(f->events.v[0].level_st, F_ABSENT);
    assert_string_equal(f->events.v[0].provider.v, EVLOG_PROVIDER_CSC);
    assert_int_equal(f->events.v[0].time.v, at(2026, 1, 2, 3, 4, 5));
    facts_free(f);
}

static void type_line(void **state)
{
    (void)state;
    struct events_info info;
    struct facts *f = load_file(INPUTS "type-line.csv", LANG_EN, &info);
    assert_true(info.type_line);
    assert_int_equal(f->events.n, 9);
    assert_int_equal(f->events.v[8].time.v, at(2026, 11, 20, 9, 0, 0));
    facts_free(f);
}

static void ambiguous_dates_follow_the_language(void **state)
{
    (void)state;
    struct events_info info;
    struct facts *f = load_file(INPUTS "ambiguous.csv", LANG_EN, &info);
    assert_true(info.date_assumed);
    assert_int_equal(info.dates, EVD_MONTH_FIRST);
    assert_int_equal(f->events.v[8].time.v, at(2026, 3, 4, 10, 0, 0));
    facts_free(f);
    f = load_file(INPUTS "ambiguous.csv", LANG_DE, &info);
    assert_true(info.date_assumed);
    assert_int_equal(info.dates, EVD_DAY_FIRST);
    assert_int_equal(f->events.v[8].time.v, at(2026, 4, 3, 10, 0, 0));
    facts_free(f);

    /* one row whose second number is above 12 decides for the whole file */
    const char *t = "\"TimeCreated\",\"Id\"\n\"03/04/2026 10:00:00\",\"1\"\n\"03/14/2026 10:00:00\",\"2\"\n";
    f = load_text(t, strlen(t), LANG_DE, &info);
    assert_false(info.date_assumed);
    assert_int_equal(info.dates, EVD_MONTH_FIRST);
    assert_int_equal(f->events.v[0].time.v, at(2026, 3, 4, 10, 0, 0));
    facts_free(f);
}

/* ---- forms built here -------------------------------------------------- */

static void culture_times(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t want;
    } cases[] = {
        {"20.11.2026 08:58:02", 0},             /* filled below */
        {"11/20/2026 8:58:02 AM", 0},
        {"11/20/2026 12:05:00 AM", 0},
        {"11/20/2026 12:05:00 PM", 0},
        {"20/11/2026 20:58:02", 0},
        {"2026-11-20T08:58:02", 0},
        {"2026-11-20 08:58:02.1234567", 0},
        {"2026-11-20T08:58:02+01:00", 0},
        {"2026/11/20 08:58", 0},
    };
    const int64_t want[] = {
        at(2026, 11, 20, 8, 58, 2),  at(2026, 11, 20, 8, 58, 2), at(2026, 11, 20, 0, 5, 0),
        at(2026, 11, 20, 12, 5, 0),  at(2026, 11, 20, 20, 58, 2), at(2026, 11, 20, 8, 58, 2),
        at(2026, 11, 20, 8, 58, 2),  at(2026, 11, 20, 7, 58, 2), at(2026, 11, 20, 8, 58, 0),
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[256];
        snprintf(buf, sizeof(buf), "\"TimeCreated\",\"Id\"\r\n\"%s\",\"2\"\r\n", cases[i].text);
        struct events_info info;
        struct facts *f = load_text(buf, strlen(buf), LANG_EN, &info);
        assert_int_equal(f->events.v[0].time.st, F_SET);
        if (f->events.v[0].time.v != want[i])
            fail_msg("%s: got %lld", cases[i].text, (long long)f->events.v[0].time.v);
        assert_int_equal(info.zoned, i == 7);
        facts_free(f);
    }
}

static void levels_in_both_languages(void **state)
{
    (void)state;
    const char *t = "\"Id\",\"LevelDisplayName\"\n\"1\",\"Fehler\"\n\"1\",\"Warnung\"\n\"1\",\"Informationen\"\n"
                    "\"1\",\"Kritisch\"\n\"1\",\"Ausführlich\"\n\"1\",\"ERROR\"\n\"1\",\"warning\"\n"
                    "\"1\",\"Information\"\n\"1\",\"Critical\"\n\"1\",\"Verbose\"\n\"1\",\"\"\n";
    const enum ev_level want[] = {EV_ERROR, EV_WARNING, EV_INFORMATION, EV_ERROR, EV_OTHER, EV_ERROR,
                                  EV_WARNING, EV_INFORMATION, EV_ERROR, EV_OTHER};
    struct events_info info;
    struct facts *f = load_text(t, strlen(t), LANG_EN, &info);
    assert_int_equal(f->events.n, 11);
    for (size_t i = 0; i < 10; i++) {
        assert_int_equal(f->events.v[i].level_st, F_SET);
        assert_int_equal(f->events.v[i].level, want[i]);
    }
    assert_int_equal(f->events.v[10].level_st, F_ABSENT);
    assert_int_equal(info.dates, EVD_NONE);
    facts_free(f);
}

static void encodings(void **state)
{
    (void)state;
    const char *t = "\"TimeCreated\",\"Id\",\"Message\"\r\n"
                    "\"20.11.2026 08:58:02\",\"2\",\"Automatic certificate enrollment for CONTOSO\\jürgen started.\"\r\n";
    for (int form = 0; form < 3; form++) {
        size_t len;
        static const enum enc forms[] = {ENC_UTF16LE_BOM, ENC_UTF16LE, ENC_UTF16BE_BOM};
        char *u16 = (char *)encode(t, forms[form], &len);
        struct events_info info;
        struct facts *f = load_text(u16, len, LANG_EN, &info);
        assert_int_equal(info.encoding, form == 2 ? EVENC_UTF16BE : EVENC_UTF16LE);
        assert_int_equal(info.bom, form != 1);
        assert_int_equal(f->events.n, 1);
        assert_string_equal(f->identity[CTX_USER].name.v, "CONTOSO\\jürgen");
        facts_free(f);
        free(u16);
    }
    /* Latin-1 (Windows PowerShell's -Encoding Default) */
    const char *l1 = "\"Id\",\"Message\"\n\"2\",\"Automatic certificate enrollment for CONTOSO\\j\xfcrgen started.\"\n";
    struct events_info info;
    struct facts *f = load_text(l1, strlen(l1), LANG_EN, &info);
    assert_int_equal(info.encoding, EVENC_LATIN1);
    assert_string_equal(f->identity[CTX_USER].name.v, "CONTOSO\\jürgen");
    facts_free(f);
    /* unquoted fields, a blank line, no final line end */
    const char *plain = "TimeCreated,Id,Message\n\n2026-11-20T08:00:00Z,2,plain text";
    f = load_text(plain, strlen(plain), LANG_EN, &info);
    assert_int_equal(f->events.n, 1);
    assert_string_equal(f->events.v[0].message.v, "plain text");
    assert_int_equal(f->events.v[0].provider.st, F_ABSENT);
    assert_int_equal(info.unknown_provider, 1);
    facts_free(f);
}

static void header_only_is_no_events(void **state)
{
    (void)state;
    const char *t = "\"TimeCreated\",\"Id\",\"LevelDisplayName\",\"Message\"\r\n";
    struct events_info info;
    struct facts *f = load_text(t, strlen(t), LANG_EN, &info);
    assert_int_equal(f->events.st, F_SET);
    assert_int_equal(f->events.n, 0);
    facts_free(f);
}

static void a_bundle(void **state)
{
    (void)state;
    struct events_info info;
    struct facts *f = load_file(SHARED_DIR "/scenarios/healthy.json", LANG_EN, &info);
    assert_int_equal(info.source, EVSRC_BUNDLE);
    assert_true(info.zoned);
    assert_int_equal(f->events.n, 9);
    facts_free(f);
    struct err e = load_error("{\"format\":\"enrolldoc-bundle/1\",\"facts\":{}}", 42);
    assert_string_equal(e.key, "error.events.no-events");
}

/* ---- errors ------------------------------------------------------------ */

static void errors_name_the_line(void **state)
{
    (void)state;
    struct facts *f = NULL;
    struct events_info info;
    struct err e;
    assert_int_equal(events_import_file(INPUTS "truncated-quote.csv", LANG_EN, &f, &info, &e), -1);
    assert_string_equal(e.key, "error.events.unclosed");
    assert_string_equal(err_get(&e, "line"), "6");
    assert_int_equal(events_import_file(INPUTS "truncated-fields.csv", LANG_EN, &f, &info, &e), -1);
    assert_string_equal(e.key, "error.events.fields");
    assert_string_equal(err_get(&e, "line"), "3");
    assert_string_equal(err_get(&e, "found"), "2");
    assert_string_equal(err_get(&e, "expected"), "4");

    const char *bad_id = "\"Id\",\"Message\"\n\"1\",\"a\nb\"\n\"x1\",\"c\"\n";
    e = load_error(bad_id, strlen(bad_id));
    assert_string_equal(e.key, "error.events.id");
    assert_string_equal(err_get(&e, "line"), "4");
    assert_string_equal(err_get(&e, "value"), "x1");

    const char *bad_time = "\"Id\",\"TimeCreated\"\n\"1\",\"yesterday\"\n";
    e = load_error(bad_time, strlen(bad_time));
    assert_string_equal(e.key, "error.events.time");
    assert_string_equal(err_get(&e, "line"), "2");

    /* day first (25 in front), yet a later row has 13 in the middle */
    const char *clash = "\"Id\",\"TimeCreated\"\n\"1\",\"25/11/2026 10:00\"\n\"1\",\"11/13/2026 10:00\"\n";
    e = load_error(clash, strlen(clash));
    assert_string_equal(e.key, "error.events.time");
    assert_string_equal(err_get(&e, "line"), "3");
    assert_string_equal(err_get(&e, "value"), "11/13/2026 10:00");

    const char *after = "\"Id\"\n\"1\"x\n";
    e = load_error(after, strlen(after));
    assert_string_equal(e.key, "error.events.syntax");
    assert_string_equal(err_get(&e, "line"), "2");

    e = load_error("", 0);
    assert_string_equal(e.key, "error.events.empty");
    e = load_error("\xff\xfe", 2);
    assert_string_equal(e.key, "error.events.empty");
    e = load_error(" \r\n\r\n", 5);
    assert_string_equal(e.key, "error.events.empty");
    e = load_error("hello world\nthis is no export\n", 30);
    assert_string_equal(e.key, "error.events.header");
    assert_string_equal(err_get(&e, "line"), "1");
    static const char bin[] = {'I', 'd', '\n', 0, 1, 2, 3, '\n', 0, 0, 0};
    e = load_error(bin, sizeof(bin));
    assert_string_equal(e.key, "error.events.binary");
    /* a quote never closed in the header */
    e = load_error("\"Id,\"Message\"\n", 14);
    assert_string_equal(e.key, "error.events.syntax");
    e = load_error("\"Id\",\"Mess", 10);
    assert_string_equal(e.key, "error.events.unclosed");
    assert_string_equal(err_get(&e, "line"), "1");
}

/* Refused, not guessed: a Buddhist-era year (Thai culture writes 2569 for
 * 2026), and dots with AM/PM (no culture writes that). */
static void eras_and_mixed_forms(void **state)
{
    (void)state;
    const char *thai = "\"Id\",\"TimeCreated\"\n\"1\",\"20/11/2026 10:00\"\n\"1\",\"20/11/2569 10:00\"\n";
    struct err e = load_error(thai, strlen(thai));
    assert_string_equal(e.key, "error.events.era");
    assert_string_equal(err_get(&e, "line"), "3");
    assert_string_equal(err_get(&e, "value"), "20/11/2569 10:00");
    const char *iso = "\"Id\",\"TimeCreated\"\n\"1\",\"2569-11-20T10:00:00Z\"\n";
    e = load_error(iso, strlen(iso));
    assert_string_equal(e.key, "error.events.era");
    const char *mixed = "\"Id\",\"TimeCreated\"\n\"1\",\"20.11.2026 10:00:00 PM\"\n";
    e = load_error(mixed, strlen(mixed));
    assert_string_equal(e.key, "error.events.time");
    assert_string_equal(err_get(&e, "line"), "2");
    assert_string_equal(err_get(&e, "value"), "20.11.2026 10:00:00 PM");
    /* the same clock with slashes is the US form, and fine */
    struct events_info info;
    const char *us = "\"Id\",\"TimeCreated\"\n\"1\",\"11/20/2026 10:00:00 PM\"\n";
    struct facts *f = load_text(us, strlen(us), LANG_DE, &info);
    assert_int_equal(f->events.v[0].time.v, at(2026, 11, 20, 22, 0, 0));
    facts_free(f);
}

/* A header of many columns (Select-Object * gives dozens) is read whole:
 * the Id column at position 100 is found. */
static void wide_header(void **state)
{
    (void)state;
    char *text = malloc(64 * 1024);
    assert_non_null(text);
    size_t k = 0;
    for (int i = 0; i < 99; i++)
        k += (size_t)sprintf(text + k, "\"Extra%d\",", i);
    k += (size_t)sprintf(text + k, "\"Id\",\"TimeCreated\",\"Message\"\n");
    for (int i = 0; i < 99; i++)
        k += (size_t)sprintf(text + k, "\"x,\"\"y\"\"\",");
    k += (size_t)sprintf(text + k, "\"6\",\"2026-11-20T08:58:02Z\",\"failed (0x800706ba)\"\n");
    struct events_info info;
    struct facts *f = load_text(text, k, LANG_EN, &info);
    assert_int_equal(f->events.n, 1);
    assert_int_equal(f->events.v[0].id.v, 6);
    assert_string_equal(f->events.v[0].message.v, "failed (0x800706ba)");
    facts_free(f);
    free(text);
}

/* events and diagnose take and refuse the same bundles: one in UTF-16 (what
 * Windows PowerShell 5.1 writes with >) both decode and read; one in
 * Latin-1 is no UTF-8 JSON, and both refuse it alike, not decoded behind
 * its back. */
static void bundles_as_diagnose_reads_them(void **state)
{
    (void)state;
    const char *b = "{\"format\":\"enrolldoc-bundle/1\",\"meta\":{\"host\":\"PC\u00e4\"},\"facts\":{\"events\":[]}}";
    static const enum enc encs[] = {ENC_UTF16LE_BOM, ENC_UTF16BE_BOM, ENC_UTF16LE, ENC_LATIN1};
    for (size_t i = 0; i < sizeof(encs) / sizeof(encs[0]); i++) {
        size_t n;
        unsigned char *raw = encode(b, encs[i], &n);
        struct facts *f = NULL, *g = NULL;
        struct events_info info;
        struct err e1, e2;
        err_clear(&e1);
        err_clear(&e2);
        if (encs[i] == ENC_LATIN1) {
            assert_int_equal(events_import_text("b.json", (const char *)raw, n, LANG_EN, &f, &info, &e1), -1);
            assert_int_equal(bundle_parse("b.json", (const char *)raw, n, &g, &e2), -1);
            assert_string_equal(e1.key, e2.key);
            assert_string_equal(err_get(&e1, "line"), err_get(&e2, "line"));
            assert_string_equal(err_get(&e1, "column"), err_get(&e2, "column"));
        } else {
            assert_int_equal(events_import_text("b.json", (const char *)raw, n, LANG_EN, &f, &info, &e1), 0);
            assert_int_equal(info.source, EVSRC_BUNDLE);
            assert_int_equal(bundle_parse("b.json", (const char *)raw, n, &g, &e2), 0);
            assert_string_equal(g->meta.host.v, "PC\xc3\xa4");
            facts_free(f);
            facts_free(g);
        }
        free(raw);
    }
    struct events_info info;
    struct facts *f = load_text(b, strlen(b), LANG_EN, &info);
    assert_int_equal(info.source, EVSRC_BUNDLE);
    facts_free(f);
}

static void inference_and_accounts(void **state)
{
    (void)state;
    assert_string_equal(events_infer_provider("Automatic certificate enrollment for local system failed (0x800706ba)"),
                        EVLOG_PROVIDER_AUTOENROLLMENT);
    assert_string_equal(events_infer_provider("Die automatische Zertifikatregistrierung für X wurde gestartet."),
                        EVLOG_PROVIDER_AUTOENROLLMENT);
    assert_string_equal(events_infer_provider("Certificate enrollment for CONTOSO\\a successfully load policy"),
                        EVLOG_PROVIDER_CERTENROLL);
    assert_string_equal(events_infer_provider("Die Zertifikatregistrierung für X hat die Richtlinie geladen."),
                        EVLOG_PROVIDER_CERTENROLL);
    assert_string_equal(events_infer_provider("  Certificate Services Client has been stopped."), EVLOG_PROVIDER_CSC);
    assert_string_equal(events_infer_provider("Der Zertifikatdiensteclient wurde beendet."), EVLOG_PROVIDER_CSC);
    assert_null(events_infer_provider("The Group Policy settings were processed."));
    assert_null(events_infer_provider("Something else mentions Certificate enrollment for a user later on."));
    assert_null(events_infer_provider(NULL));

    const char *s;
    size_t n = events_start_account("Automatic certificate enrollment for CONTOSO\\alice started.", &s);
    assert_int_equal(n, 13);
    assert_memory_equal(s, "CONTOSO\\alice", 13);
    n = events_start_account("Die automatische Zertifikatregistrierung für lokales System wurde gestartet.", &s);
    assert_int_equal(n, 14);
    assert_memory_equal(s, "lokales System", 14);
    assert_int_equal(events_start_account("Automatic certificate enrollment for X completed.", &s), 0);
    assert_int_equal(events_start_account("Certificate Services Client has been started successfully.", &s), 0);

    /* two different users: no user identity is guessed */
    const char *t = "\"Id\",\"Message\"\n"
                    "\"2\",\"Automatic certificate enrollment for CONTOSO\\a started.\"\n"
                    "\"2\",\"Automatic certificate enrollment for CONTOSO\\b started.\"\n"
                    "\"2\",\"Automatic certificate enrollment for CONTOSO\\PC01$ started.\"\n";
    struct events_info info;
    struct facts *f = load_text(t, strlen(t), LANG_EN, &info);
    assert_int_equal(f->identity[CTX_USER].st, F_ABSENT);
    assert_string_equal(f->identity[CTX_MACHINE].name.v, "CONTOSO\\PC01$");
    facts_free(f);
}

/* ---- size -------------------------------------------------------------- */

static void hundred_thousand_rows(void **state)
{
    (void)state;
    const size_t rows = 100000;
    size_t cap = rows * 200 + 256, k = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    k += (size_t)snprintf(t + k, cap - k, "\"TimeCreated\",\"Id\",\"LevelDisplayName\",\"Message\"\r\n");
    for (size_t i = 0; i < rows; i++) {
        size_t sec = (rows - i) % 86400;
        int id = (int)(i % 9) + 1;
        k += (size_t)snprintf(t + k, cap - k,
                              "\"20.11.2026 %02zu:%02zu:%02zu\",\"%d\",\"Informationen\","
                              "\"Certificate enrollment for CONTOSO\\alice \"\"step\"\" %zu\r\nline two\"\r\n",
                              sec / 3600, sec / 60 % 60, sec % 60, id, i);
    }
    size_t len;
    char *u16 = (char *)encode(t, ENC_UTF16LE_BOM, &len);
    free(t);
    struct events_info info;
    clock_t c0 = clock();
    struct facts *f = load_text(u16, len, LANG_EN, &info);
    double took = (double)(clock() - c0) / CLOCKS_PER_SEC;
    free(u16);
    assert_int_equal(f->events.n, rows);
    assert_int_equal(f->events.v[rows - 1].id.v, (int64_t)((rows - 1) % 9 + 1));
    assert_non_null(strstr(f->events.v[rows - 1].message.v, "\"step\" 99999\r\nline two"));
    assert_string_equal(f->events.v[rows - 1].provider.v, EVLOG_PROVIDER_CERTENROLL);
    /* the time is shown, never asserted: tests/bench/events.sh measures */
    print_message("100000 rows imported in %.3f s\n", took);
    facts_free(f);
}

/* ---- files read in pieces --------------------------------------------- */

static void write_bytes(const char *path, const unsigned char *b, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(b, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
}

/* Two imports of the same bytes agree in every event and every fact of
 * INFO that the bytes decide. */
static void assert_same_import(const struct facts *a, const struct events_info *ia,
                               const struct facts *b, const struct events_info *ib)
{
    assert_int_equal(ia->encoding, ib->encoding);
    assert_int_equal(ia->bom, ib->bom);
    assert_int_equal(ia->dates, ib->dates);
    assert_int_equal(a->events.n, b->events.n);
    for (size_t i = 0; i < a->events.n; i++) {
        const struct event *x = &a->events.v[i], *y = &b->events.v[i];
        assert_int_equal(x->id.v, y->id.v);
        assert_int_equal(x->time.v, y->time.v);
        assert_int_equal(x->level, y->level);
        assert_string_equal(x->message.v, y->message.v);
        assert_int_equal(x->provider.st, y->provider.st);
        if (x->provider.st == F_SET)
            assert_string_equal(x->provider.v, y->provider.v);
    }
}

/* The characters of MARK start exactly K bytes before the end of the first
 * piece a file is read in (256 KiB), so that they are cut in two there, in
 * every encoding; the file is then read in pieces and must come out as the
 * same text read whole, with the message as written. */
static void pieces_cut_anywhere(void **state)
{
    (void)state;
    const size_t piece = 256 * 1024;
    static const struct {
        enum enc enc;
        const char *mark;   /* UTF-8 */
        size_t k;
        enum events_encoding want;
    } cases[] = {
        {ENC_UTF8, "\xF0\x9D\x84\x9E", 1, EVENC_UTF8},          /* U+1D11E, 4 bytes */
        {ENC_UTF8, "\xF0\x9D\x84\x9E", 2, EVENC_UTF8},
        {ENC_UTF8, "\xF0\x9D\x84\x9E", 3, EVENC_UTF8},
        {ENC_UTF8_BOM, "\xE2\x82\xAC", 1, EVENC_UTF8},          /* euro sign */
        {ENC_UTF8_BOM, "\xE2\x82\xAC", 2, EVENC_UTF8},
        {ENC_UTF8, "\xC3\xA4", 1, EVENC_UTF8},                  /* a umlaut */
        {ENC_UTF16LE_BOM, "\xF0\x9D\x84\x9E", 2, EVENC_UTF16LE}, /* surrogates cut apart */
        {ENC_UTF16BE_BOM, "\xF0\x9D\x84\x9E", 2, EVENC_UTF16BE},
        {ENC_UTF16LE_BOM, "\xC3\xA4", 2, EVENC_UTF16LE},
        {ENC_UTF16LE, "\xF0\x9D\x84\x9E", 2, EVENC_UTF16LE},     /* no mark */
        {ENC_LATIN1, "\xC3\xA4", 1, EVENC_LATIN1},              /* 0xE4 last in the piece */
        {ENC_LATIN1, "\xC3\xA4", 0, EVENC_LATIN1},              /* first in the next piece */
    };
    const char *head = "\"TimeCreated\",\"Id\",\"LevelDisplayName\",\"Message\"\r\n"
                       "\"20.11.2026 08:00:00\",\"2\",\"Information\",\"Automatic certificate enrollment for ";
    const char *tail = " x\"\" \"\"y\r\nz\"\r\n\"20.11.2026 08:00:01\",\"3\",\"Warnung\",\"done\"\r\n";
    char path[] = "/tmp/enrolldoc-pieces-XXXXXX";
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        /* bytes per ASCII character and of the mark at the start */
        size_t unit = (cases[c].enc == ENC_UTF8 || cases[c].enc == ENC_UTF8_BOM ||
                       cases[c].enc == ENC_LATIN1) ? 1 : 2;
        size_t bom = cases[c].enc == ENC_UTF8_BOM ? 3
                     : (cases[c].enc == ENC_UTF16LE_BOM || cases[c].enc == ENC_UTF16BE_BOM) ? 2 : 0;
        size_t before = bom + unit * strlen(head);
        size_t at = piece - cases[c].k;       /* where the mark is to start */
        assert_true((at - before) % unit == 0);
        size_t fill = (at - before) / unit;
        size_t tn = strlen(head) + fill + strlen(cases[c].mark) + strlen(tail);
        char *text = malloc(tn + 1);
        assert_non_null(text);
        size_t k = 0;
        memcpy(text + k, head, strlen(head));
        k += strlen(head);
        memset(text + k, 'x', fill);
        k += fill;
        memcpy(text + k, cases[c].mark, strlen(cases[c].mark));
        k += strlen(cases[c].mark);
        memcpy(text + k, tail, strlen(tail) + 1);

        size_t blen;
        unsigned char *bytes = encode(text, cases[c].enc, &blen);
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        write_bytes(path, bytes, blen);

        struct events_info ifile, itext;
        struct facts *ff = load_file(path, LANG_EN, &ifile);
        struct facts *ft = load_text((const char *)bytes, blen, LANG_EN, &itext);
        assert_int_equal(ifile.encoding, cases[c].want);
        assert_same_import(ff, &ifile, ft, &itext);
        assert_int_equal(ff->events.n, 2);
        /* the message exactly as written (quotes undoubled, CRLF kept) */
        const char *opening = strrchr(head, '"') + 1;
        char *want = malloc(tn + 1);
        assert_non_null(want);
        size_t w = strlen(opening);
        memcpy(want, opening, w);
        memset(want + w, 'x', fill);
        w += fill;
        strcpy(want + w, cases[c].mark);
        strcat(want + w, " x\" \"y\r\nz");
        assert_string_equal(ff->events.v[0].message.v, want);
        free(want);
        assert_int_equal(ff->events.v[1].level, EV_WARNING);
        facts_free(ff);
        facts_free(ft);
        free(bytes);
        free(text);
        remove(path);
        memcpy(path + strlen(path) - 6, "XXXXXX", 6);
    }
}

/* Every written input, read in pieces of a few bytes, comes out as read
 * whole: the same events, or the same error at the same line. */
static void small_pieces_same_as_whole(void **state)
{
    (void)state;
    static const char *const files[] = {
        "de-healthy.csv", "us-stopped-65.csv", "uk-error-6.csv", "iso-multiline.csv",
        "provider-column.csv", "type-line.csv", "ambiguous.csv", "truncated-quote.csv",
        "truncated-fields.csv",
    };
    static const size_t pieces[] = {1, 2, 3, 5, 7, 16, 4095, 65536};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char path[512];
        snprintf(path, sizeof(path), INPUTS "%s", files[i]);
        size_t len;
        char *text = tu_read(path, &len);
        struct facts *fw = NULL;
        struct events_info iw;
        struct err ew;
        int rw = events_import_text(path, text, len, LANG_DE, &fw, &iw, &ew);
        for (size_t k = 0; k < sizeof(pieces) / sizeof(pieces[0]); k++) {
            struct facts *fp = NULL;
            struct events_info ip;
            struct err ep;
            int rp = events_import_pieces(path, text, len, pieces[k], LANG_DE, &fp, &ip, &ep);
            assert_int_equal(rp, rw);
            if (rw != 0) {
                assert_string_equal(ep.key, ew.key);
                assert_string_equal(err_get(&ep, "line") ? err_get(&ep, "line") : "-",
                                    err_get(&ew, "line") ? err_get(&ew, "line") : "-");
                continue;
            }
            assert_same_import(fp, &ip, fw, &iw);
            facts_free(fp);
        }
        if (rw == 0)
            facts_free(fw);
        free(text);
    }
}

/* A NUL far into a file (in a later piece) still makes it no text file. */
static void nul_in_a_later_piece(void **state)
{
    (void)state;
    size_t n = 700 * 1024;
    unsigned char *b = malloc(n);
    assert_non_null(b);
    const char *head = "\"Id\",\"Message\"\r\n";
    memcpy(b, head, strlen(head));
    for (size_t i = strlen(head); i < n; i++)
        b[i] = (i % 40 == 39) ? '\n' : 'a';
    b[600 * 1024] = '\0';
    char path[] = "/tmp/enrolldoc-nul-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_bytes(path, b, n);
    struct facts *f = NULL;
    struct events_info info;
    struct err e;
    assert_int_equal(events_import_file(path, LANG_EN, &f, &info, &e), -1);
    assert_null(f);
    assert_string_equal(e.key, "error.events.binary");
    assert_string_equal(err_get(&e, "file"), path);
    remove(path);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(german_utf16_bom),
        cmocka_unit_test(us_utf8_no_bom),
        cmocka_unit_test(uk_utf8_bom_lf),
        cmocka_unit_test(iso_utf16_no_bom_multiline),
        cmocka_unit_test(provider_column_any_order),
        cmocka_unit_test(type_line),
        cmocka_unit_test(ambiguous_dates_follow_the_language),
        cmocka_unit_test(culture_times),
        cmocka_unit_test(levels_in_both_languages),
        cmocka_unit_test(encodings),
        cmocka_unit_test(header_only_is_no_events),
        cmocka_unit_test(a_bundle),
        cmocka_unit_test(errors_name_the_line),
        cmocka_unit_test(inference_and_accounts),
        cmocka_unit_test(eras_and_mixed_forms),
        cmocka_unit_test(wide_header),
        cmocka_unit_test(bundles_as_diagnose_reads_them),
        cmocka_unit_test(hundred_thousand_rows),
        cmocka_unit_test(pieces_cut_anywhere),
        cmocka_unit_test(nul_in_a_later_piece),
        cmocka_unit_test(small_pieces_same_as_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
