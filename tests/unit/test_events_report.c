/* test_events_report.c: the runs and findings of `events` (src/events_report.h):
 * the JSON document of spec/cli.md, the contexts, the local-time rule, and
 * the text in both languages. */
#include "testutil.h"

#include <cJSON.h>

#include "events_import.h"
#include "events_report.h"
#include "output.h"

#define INPUTS TESTS_DIR "/inputs/events/"

struct fixture {
    struct facts *f;
    struct events_report *r;
};

static void load(struct fixture *x, const char *path, enum lang ui)
{
    struct events_info info;
    struct err e;
    if (events_import_file(path, ui, &x->f, &info, &e) != 0)
        fail_msg("import of %s failed: %s", path, e.key);
    assert_int_equal(events_report_build(x->f, "input.csv", &info, &x->r, &e), 0);
}

static void load_text(struct fixture *x, const char *text)
{
    struct events_info info;
    struct err e;
    if (events_import_text("t.csv", text, strlen(text), LANG_EN, &x->f, &info, &e) != 0)
        fail_msg("import failed: %s", e.key);
    assert_int_equal(events_report_build(x->f, "t.csv", &info, &x->r, &e), 0);
}

static void unload(struct fixture *x)
{
    events_report_free(x->r);
    facts_free(x->f);
}

static cJSON *as_json(const struct events_report *r)
{
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(events_report_json(r, fp), 0);
    char *text = tu_captured(fp);
    cJSON *root = cJSON_Parse(text);
    free(text);
    assert_non_null(root);
    assert_string_equal(cJSON_GetObjectItem(root, "format")->valuestring, "enrolldoc-events/1");
    return root;
}

static char *as_text_detail(const struct events_report *r, enum lang lang, size_t detail)
{
    struct locale l;
    struct err e;
    assert_int_equal(locale_load(&l, NULL, &e), 0);
    l.lang = lang;
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(events_report_text(r, &l, detail, OUTPUT_WIDTH_DEFAULT, fp), 0);
    locale_free(&l);
    return tu_captured(fp);
}

static char *as_text(const struct events_report *r, enum lang lang)
{
    return as_text_detail(r, lang, SIZE_MAX);
}

/* How often NEEDLE occurs in HAY. */
static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static const cJSON *item(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        fail_msg("no key %s", key);
    return v;
}

static void healthy_run(void **state)
{
    (void)state;
    struct fixture x;
    load(&x, INPUTS "de-healthy.csv", LANG_DE);
    assert_false(events_report_has_error(x.r));
    assert_int_equal(x.r->nfindings, 0);
    cJSON *j = as_json(x.r);
    assert_int_equal(item(j, "events")->valueint, 9);
    assert_string_equal(item(j, "times")->valuestring, "local");
    const cJSON *runs = item(j, "runs");
    assert_int_equal(cJSON_GetArraySize(runs), 1);
    const cJSON *run = cJSON_GetArrayItem(runs, 0);
    assert_string_equal(item(run, "started")->valuestring, "2026-11-20T08:58:02");   /* no Z: local */
    assert_string_equal(item(run, "account")->valuestring, "CONTOSO\\alice");
    assert_string_equal(item(run, "context")->valuestring, "user");
    assert_true(cJSON_IsTrue(item(run, "completed")));
    assert_int_equal(item(item(run, "last_step"), "id")->valueint, 2);
    assert_string_equal(item(item(run, "last_step"), "provider")->valuestring,
                        "Microsoft-Windows-CertificateServicesClient");
    assert_int_equal(cJSON_GetArraySize(item(run, "errors")), 0);
    assert_int_equal(cJSON_GetArraySize(item(j, "findings")), 0);
    cJSON_Delete(j);
    unload(&x);
}

static void stops_after_certenroll_65(void **state)
{
    (void)state;
    struct fixture x;
    load(&x, INPUTS "us-stopped-65.csv", LANG_EN);
    assert_true(events_report_has_error(x.r));
    cJSON *j = as_json(x.r);
    const cJSON *run = cJSON_GetArrayItem(item(j, "runs"), 0);
    assert_false(cJSON_IsTrue(item(run, "completed")));
    assert_int_equal(item(item(run, "last_step"), "id")->valueint, 65);
    const cJSON *fs = item(j, "findings");
    assert_int_equal(cJSON_GetArraySize(fs), 1);
    const cJSON *fd = cJSON_GetArrayItem(fs, 0);
    assert_string_equal(item(fd, "id")->valuestring, "events.run-incomplete");
    assert_string_equal(item(fd, "severity")->valuestring, "error");
    assert_string_equal(item(fd, "context")->valuestring, "user");
    const cJSON *ev = item(fd, "evidence");
    assert_string_equal(item(ev, "last_step")->valuestring,
                        "Microsoft-Windows-CertificateServicesClient-CertEnroll 65");
    assert_string_equal(item(ev, "started")->valuestring, "2026-11-20T14:05:01");
    cJSON_Delete(j);

    char *en = as_text(x.r, LANG_EN);
    assert_non_null(strstr(en, "Last step reached (5 of 9): CertEnroll 65"));
    assert_non_null(strstr(en, "CertEnroll 64"));   /* the step that should have come next */
    assert_non_null(strstr(en, "The last autoenrollment run did not complete"));
    char *de = as_text(x.r, LANG_DE);
    assert_non_null(strstr(de, "Zuletzt erreichter Schritt (5 von 9): CertEnroll 65"));
    assert_non_null(strstr(de, "Was zu tun ist:"));
    free(en);
    free(de);
    unload(&x);
}

static void error_event_6_with_its_code(void **state)
{
    (void)state;
    struct fixture x;
    load(&x, INPUTS "uk-error-6.csv", LANG_EN);
    cJSON *j = as_json(x.r);
    const cJSON *runs = item(j, "runs");
    assert_int_equal(cJSON_GetArraySize(runs), 2);
    assert_true(cJSON_IsTrue(item(cJSON_GetArrayItem(runs, 0), "completed")));
    const cJSON *run = cJSON_GetArrayItem(runs, 1);
    const cJSON *err = cJSON_GetArrayItem(item(run, "errors"), 0);
    assert_string_equal(item(err, "provider")->valuestring,
                        "Microsoft-Windows-CertificateServicesClient-AutoEnrollment");
    assert_int_equal(item(err, "id")->valueint, 6);
    assert_int_equal(cJSON_GetArraySize(item(err, "codes")), 1);
    assert_string_equal(cJSON_GetArrayItem(item(err, "codes"), 0)->valuestring, "0x800706BA");
    /* the warning's "0x800706ba (WIN32: 1722 …)" is one code, not two */
    const cJSON *warn = cJSON_GetArrayItem(item(run, "warnings"), 0);
    assert_int_equal(item(warn, "id")->valueint, 82);
    assert_int_equal(cJSON_GetArraySize(item(warn, "codes")), 1);
    const cJSON *fs = item(j, "findings");
    assert_int_equal(cJSON_GetArraySize(fs), 2);
    assert_string_equal(item(cJSON_GetArrayItem(fs, 1), "id")->valuestring, "events.error");
    const cJSON *ev = item(cJSON_GetArrayItem(fs, 1), "evidence");
    assert_string_equal(item(ev, "error")->valuestring, "0x800706BA RPC_S_SERVER_UNAVAILABLE");
    assert_true(cJSON_IsNumber(item(ev, "event")));   /* a number, as in the export */
    assert_int_equal(item(ev, "event")->valueint, 6);
    assert_string_equal(item(ev, "time")->valuestring, "2026-11-20T15:30:10");
    cJSON_Delete(j);

    char *en = as_text(x.r, LANG_EN);
    assert_non_null(strstr(en, "Error: AutoEnrollment 6, 2026-11-20 15:30:10"));
    assert_non_null(strstr(en, "0x800706BA RPC_S_SERVER_UNAVAILABLE"));
    assert_non_null(strstr(en, "The RPC server could not be reached"));   /* code.RPC_S_SERVER_UNAVAILABLE */
    char *de = as_text(x.r, LANG_DE);
    assert_non_null(strstr(de, "Fehler: AutoEnrollment 6, 2026-11-20 15:30:10"));
    assert_non_null(strstr(de, "Der RPC-Server war nicht erreichbar"));
    free(en);
    free(de);
    unload(&x);
}

static void zoned_times_keep_their_z(void **state)
{
    (void)state;
    struct fixture x;
    load(&x, INPUTS "iso-multiline.csv", LANG_EN);
    cJSON *j = as_json(x.r);
    assert_string_equal(item(j, "times")->valuestring, "utc");
    const cJSON *run = cJSON_GetArrayItem(item(j, "runs"), 0);
    assert_string_equal(item(run, "started")->valuestring, "2026-11-20T06:10:00Z");
    assert_string_equal(item(run, "context")->valuestring, "machine");
    assert_string_equal(item(run, "account")->valuestring, "local system");
    cJSON_Delete(j);
    unload(&x);
}

static void contexts_apart(void **state)
{
    (void)state;
    /* the machine run completed, the later user run did not */
    struct fixture x;
    load(&x, INPUTS "provider-column.csv", LANG_EN);
    assert_int_equal(x.r->log.nruns, 2);
    assert_int_equal(x.r->nfindings, 1);
    assert_string_equal(x.r->findings[0]->def->id, "events.run-incomplete");
    assert_int_equal(x.r->findings[0]->ctx, CTX_USER);
    unload(&x);
}

static void unknown_context_reports_once(void **state)
{
    (void)state;
    /* no account names at all: evaluated once, context null */
    struct fixture x;
    load_text(&x, "\"TimeCreated\",\"Id\",\"LevelDisplayName\",\"Message\",\"ProviderName\"\n"
                  "\"2026-11-20T08:00:00\",\"2\",\"Information\",\"\",\""
                  "Microsoft-Windows-CertificateServicesClient-AutoEnrollment\"\n");
    assert_int_equal(x.r->nfindings, 1);
    assert_int_equal(x.r->findings[0]->ctx, CTX_NONE);
    cJSON *j = as_json(x.r);
    const cJSON *run = cJSON_GetArrayItem(item(j, "runs"), 0);
    assert_true(cJSON_IsNull(item(run, "account")));
    assert_true(cJSON_IsNull(item(cJSON_GetArrayItem(item(j, "findings"), 0), "context")));
    cJSON_Delete(j);
    char *en = as_text(x.r, LANG_EN);
    assert_non_null(strstr(en, "Account: not named in the events"));
    free(en);
    unload(&x);
}

static void no_run_is_a_warning(void **state)
{
    (void)state;
    struct fixture x;
    load_text(&x, "\"TimeCreated\",\"Id\",\"LevelDisplayName\",\"Message\"\n"
                  "\"20.11.2026 08:00:00\",\"1\",\"Informationen\",\"Certificate Services Client has been started successfully.\"\n");
    assert_false(events_report_has_error(x.r));
    assert_int_equal(x.r->nfindings, 1);
    assert_string_equal(x.r->findings[0]->def->id, "events.no-run");
    char *de = as_text(x.r, LANG_DE);
    assert_non_null(strstr(de, "keinen Start eines Laufs der automatischen Registrierung"));
    free(de);
    unload(&x);
}

/* TEXT with every run of blanks and line breaks made one space (the text
 * form wraps to the terminal's width; what it says must not depend on it). */
static char *unwrapped(char *text)
{
    char *o = text;
    for (const char *p = text; *p; p++) {
        bool blank = *p == ' ' || *p == '\n';
        if (blank && o > text && o[-1] == ' ')
            continue;
        *o++ = blank ? ' ' : *p;
    }
    *o = '\0';
    return text;
}

static void ambiguous_dates_are_said(void **state)
{
    (void)state;
    struct fixture x;
    load(&x, INPUTS "ambiguous.csv", LANG_EN);
    char *en = unwrapped(as_text(x.r, LANG_EN));
    /* the note quotes a date of the file and says how it was read */
    assert_non_null(strstr(en, "e.g. \"03/04/2026 10:00:08\"; read with the month first (2026-03-04)"));
    assert_non_null(strstr(en, "UK settings"));
    assert_null(strstr(en, "German settings"));
    assert_non_null(strstr(en, "started 2026-03-04 10:00:00"));
    free(en);
    unload(&x);
    load(&x, INPUTS "ambiguous.csv", LANG_DE);
    char *de = unwrapped(as_text(x.r, LANG_DE));
    assert_non_null(strstr(de, "„03/04/2026 10:00:08“; gelesen mit dem Tag zuerst (2026-04-03)"));
    assert_non_null(strstr(de, "US-Einstellungen"));
    free(de);
    unload(&x);
}

static void a_bundle_scenario(void **state)
{
    (void)state;
    struct fixture x;
    load(&x, SHARED_DIR "/scenarios/healthy.json", LANG_EN);
    cJSON *j = as_json(x.r);
    assert_string_equal(item(j, "times")->valuestring, "utc");
    const cJSON *run = cJSON_GetArrayItem(item(j, "runs"), 0);
    assert_string_equal(item(run, "started")->valuestring, "2026-11-20T07:58:02Z");
    assert_string_equal(item(run, "account")->valuestring, "CONTOSO\\alice");
    assert_int_equal(cJSON_GetArraySize(item(j, "findings")), 0);
    cJSON_Delete(j);
    unload(&x);
}

/* Of 14 runs the text shows the last DETAIL in detail and sums up the rest:
 * their number, how many completed, and their codes by frequency (ties by
 * value), at most five, then how many more. */
static void earlier_runs_summed_up(void **state)
{
    (void)state;
    struct fixture x;
    load(&x, INPUTS "many-runs.csv", LANG_EN);
    assert_int_equal(x.r->log.nruns, 14);
    char *t = as_text_detail(x.r, LANG_EN, 10);
    assert_int_equal(count_of(t, "\nRun "), 10);
    assert_non_null(strstr(t, "\nRun 5, started 2026-11-20 10:00:00"));
    assert_null(strstr(t, "\nRun 4, "));
    assert_non_null(strstr(t, "Earlier runs: 4, started 2026-11-20 06:00:00 to 2026-11-20 09:00:00;"));
    assert_non_null(strstr(t, "not completed: 3."));
    const char *a = strstr(t, "0x800706BA RPC_S_SERVER_UNAVAILABLE: 2×");
    const char *b = strstr(t, "0x80070005 E_ACCESSDENIED: 1×");
    const char *c = strstr(t, "0x80094800 CERTSRV_E_UNSUPPORTED_CERT_TYPE: 1×");
    assert_true(a && b && c && a < b && b < c);
    assert_null(strstr(t, "0x80190191"));   /* the sixth code: only counted */
    assert_non_null(strstr(t, "further codes: 1"));
    /* the command to paste: a line of its own, whole */
    assert_non_null(strstr(t, "\n    enrolldoc events input.csv --all\n"));
    free(t);

    /* every run; and a detail of 0 sums up all of them */
    t = as_text_detail(x.r, LANG_DE, SIZE_MAX);
    assert_int_equal(count_of(t, "\nLauf "), 14);
    assert_null(strstr(t, "Frühere Läufe"));
    free(t);
    t = as_text_detail(x.r, LANG_DE, 0);
    assert_int_equal(count_of(t, "\nLauf "), 0);
    assert_non_null(strstr(t, "Frühere Läufe: 14, "));
    assert_non_null(strstr(t, "Befunde:"));
    free(t);
    unload(&x);
}

/* Earlier runs without any error or warning say so. */
static void earlier_runs_without_issues(void **state)
{
    (void)state;
    struct fixture x;
    load(&x, INPUTS "de-healthy.csv", LANG_DE);
    char *t = as_text_detail(x.r, LANG_EN, 0);
    assert_non_null(strstr(t, "Earlier runs: 1, "));
    assert_non_null(strstr(t, "No errors or warnings in them."));
    free(t);
    unload(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(healthy_run),
        cmocka_unit_test(stops_after_certenroll_65),
        cmocka_unit_test(error_event_6_with_its_code),
        cmocka_unit_test(zoned_times_keep_their_z),
        cmocka_unit_test(contexts_apart),
        cmocka_unit_test(unknown_context_reports_once),
        cmocka_unit_test(no_run_is_a_warning),
        cmocka_unit_test(ambiguous_dates_are_said),
        cmocka_unit_test(a_bundle_scenario),
        cmocka_unit_test(earlier_runs_summed_up),
        cmocka_unit_test(earlier_runs_without_issues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
