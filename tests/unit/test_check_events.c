/* test_check_events.c: checks/events.c on bundles (events.no-run,
 * events.run-incomplete, events.error). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bundle.h"
#include "check.h"
#include "checks.h"
#include "err.h"
#include "evlog.h"
#include "facts.h"
#include "util.h"

#include "checktest.h"

#define AE "\"Microsoft-Windows-CertificateServicesClient-AutoEnrollment\""
#define CE "\"Microsoft-Windows-CertificateServicesClient-CertEnroll\""
#define CSC "\"Microsoft-Windows-CertificateServicesClient\""
#define USER_SID "S-1-5-21-1004336348-1177238915-682003330-1104"

/* An event object (and one with a SID) as JSON text. */
#define EV(time, prov, id, level, msg) \
    "{\"time\":\"" time "\",\"provider\":" prov ",\"id\":" #id ",\"level\":\"" level \
    "\",\"message\":\"" msg "\"}"
#define EVS(time, prov, id, level, msg, sid) \
    "{\"time\":\"" time "\",\"provider\":" prov ",\"id\":" #id ",\"level\":\"" level \
    "\",\"message\":\"" msg "\",\"sid\":\"" sid "\"}"

#define HEAD                                                                               \
    "{\"format\":\"enrolldoc-bundle/1\",\"meta\":{\"collected_at\":\"2026-11-20T08:15:00Z\"}," \
    "\"context\":\"user\",\"facts\":{\"identity\":{\"user\":{\"name\":\"CONTOSO\\\\alice\","  \
    "\"sid\":\"" USER_SID "\"},\"machine\":{\"name\":\"CONTOSO\\\\PC0042$\"}},"
#define BUNDLE(events) HEAD "\"events\":[" events "]}}"

/* The healthy run, ascending. */
#define H_2 EV("2026-11-20T07:58:02Z", AE, 2, "information", "Automatic certificate enrollment for CONTOSO\\\\alice started.")
#define H_4 EV("2026-11-20T07:58:02Z", AE, 4, "information", "invoked")
#define H_C1 EV("2026-11-20T07:58:03Z", CSC, 1, "information", "started")
#define H_C3 EV("2026-11-20T07:58:03Z", CSC, 3, "information", "network")
#define H_65 EV("2026-11-20T07:58:03Z", CE, 65, "information", "authenticated")
#define H_64 EV("2026-11-20T07:58:04Z", CE, 64, "information", "policy loaded")
#define H_5 EV("2026-11-20T07:58:05Z", AE, 5, "information", "returned")
#define H_3 EV("2026-11-20T07:58:05Z", AE, 3, "information", "completed")
#define H_C2 EV("2026-11-20T07:58:06Z", CSC, 2, "information", "stopped")
#define HEALTHY H_2 "," H_4 "," H_C1 "," H_C3 "," H_65 "," H_64 "," H_5 "," H_3 "," H_C2

/* An earlier run at 06:00 that stopped after event 4. */
#define EARLY_INCOMPLETE                                                        \
    EV("2026-11-20T06:00:00Z", AE, 2, "information", "CONTOSO\\\\alice") "," \
    EV("2026-11-20T06:00:01Z", AE, 4, "information", "x")

#define GERMAN_RPC                                                                       \
    "Die automatische Zertifikatregistrierung für CONTOSO\\\\alice ist fehlgeschlagen: " \
    "Der RPC-Server ist nicht verfügbar. 0x800706ba (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)"

/* Runs the events check on JSON (verbatim, no quote rewriting) in context C
 * and for any template, at the bundle's collection time. */
static void eval_in(struct fx *x, const char *json, enum ctx c)
{
    memset(x, 0, sizeof(*x));
    x->f = tu_bundle(json);
    struct eval ev = {.f = x->f, .ctx = c, .tmpl = NULL, .now = 0};
    if (x->f->meta.collected_at.st == F_SET)
        ev.now = x->f->meta.collected_at.v;
    ct_check(&check_events, &ev, &x->a, &x->r);
}

/* The first finding ID, or NULL. */
static const struct finding *find(const struct fx *x, const char *id)
{
    return fx_find(x, id, 0);
}

/* The first evidence KEY of F, or NULL. */
static const char *evid(const struct finding *f, const char *key)
{
    return fx_ev(f, key, 0);
}

static void test_defs(void **state)
{
    (void)state;
    assert_string_equal(check_events.id, "events");
    assert_int_equal(check_events.ndefs, 3);
    const struct finding_def *d = finding_def_find("events.no-run");
    assert_non_null(d);
    assert_int_equal(d->sev, SEV_WARNING);
    d = finding_def_find("events.run-incomplete");
    assert_non_null(d);
    assert_int_equal(d->sev, SEV_ERROR);
    assert_string_equal(d->actions[0], "loglevel.raise");
    assert_string_equal(d->actions[1], "events.export");
    d = finding_def_find("events.error");
    assert_non_null(d);
    assert_int_equal(d->sev, SEV_ERROR);
}

static void test_absent_is_unknown(void **state)
{
    (void)state;
    struct fx x;
    eval_in(&x, HEAD "\"loglevel\":4}}", CTX_USER);
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_int_equal(x.r.nfindings, 0);
    assert_int_equal(x.r.nmissing, 1);
    assert_string_equal(x.r.missing[0], "facts.events");
    fx_free(&x);
}

static void test_empty_array_no_run(void **state)
{
    (void)state;
    struct fx x;
    eval_in(&x, BUNDLE(""), CTX_USER);
    assert_int_equal(x.r.status, ST_WARN);
    assert_int_equal(x.r.nfindings, 1);
    const struct finding *f = find(&x, "events.no-run");
    assert_non_null(f);
    assert_int_equal(f->ctx, CTX_USER);
    assert_string_equal(evid(f, "events"), "0");
    fx_free(&x);
}

/* Events, even an error, but no event 2: only no-run. */
static void test_no_event_2(void **state)
{
    (void)state;
    struct fx x;
    eval_in(&x,
            BUNDLE(H_C1 "," EV("2026-11-20T07:58:04Z", AE, 6, "error", GERMAN_RPC) "," H_C2 ","
                   EV("2026-11-20T07:58:07Z", "\"Microsoft-Windows-CertificationAuthority\"", 2,
                      "information", "x")),
            CTX_MACHINE);
    assert_int_equal(x.r.status, ST_WARN);
    assert_int_equal(x.r.nfindings, 1);
    assert_non_null(find(&x, "events.no-run"));
    assert_string_equal(evid(find(&x, "events.no-run"), "events"), "4");
    fx_free(&x);
}

static void test_healthy_scenario(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    struct err e;
    err_clear(&e);
    assert_int_equal(read_file(SHARED_DIR "/scenarios/healthy.json", &text, &len, &e), 0);
    const enum ctx ctxs[] = {CTX_USER, CTX_MACHINE, CTX_NONE};
    for (size_t i = 0; i < 3; i++) {
        struct fx x;
        eval_in(&x, text, ctxs[i]);
        assert_int_equal(x.f->events.n, 9);
        assert_int_equal(x.r.status, ST_OK);
        assert_int_equal(x.r.nfindings, 0);
        fx_free(&x);
    }
    free(text);
}

static void test_run_incomplete(void **state)
{
    (void)state;
    struct fx x;
    eval_in(&x, BUNDLE(H_2 "," H_4 "," H_C1 "," H_C3 "," H_65), CTX_USER);
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);
    const struct finding *f = find(&x, "events.run-incomplete");
    assert_non_null(f);
    assert_string_equal(evid(f, "last_step"),
                        "Microsoft-Windows-CertificateServicesClient-CertEnroll 65");
    assert_string_equal(evid(f, "started"), "2026-11-20T07:58:02Z");
    assert_string_equal(evid(f, "account"), "CONTOSO\\alice");
    fx_free(&x);

    /* only the start: the last step is AutoEnrollment 2 */
    eval_in(&x, BUNDLE(H_2), CTX_USER);
    f = find(&x, "events.run-incomplete");
    assert_non_null(f);
    assert_string_equal(evid(f, "last_step"),
                        "Microsoft-Windows-CertificateServicesClient-AutoEnrollment 2");
    fx_free(&x);
}

/* An earlier run stopped, the last one completed: nothing to report. */
static void test_earlier_incomplete_last_complete(void **state)
{
    (void)state;
    struct fx x;
    eval_in(&x, BUNDLE(EARLY_INCOMPLETE "," HEALTHY), CTX_USER);
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);

    /* the reverse: the earlier completed, the last stopped */
    eval_in(&x,
            BUNDLE(HEALTHY "," EV("2026-11-20T08:10:00Z", AE, 2, "information", "CONTOSO\\\\alice") ","
                   EV("2026-11-20T08:10:00Z", AE, 4, "information", "x")),
            CTX_USER);
    const struct finding *f = find(&x, "events.run-incomplete");
    assert_non_null(f);
    assert_string_equal(evid(f, "started"), "2026-11-20T08:10:00Z");
    assert_string_equal(evid(f, "last_step"),
                        "Microsoft-Windows-CertificateServicesClient-AutoEnrollment 4");
    fx_free(&x);
}

/* Newest-first export: the last run is still found, the completed one. */
static void test_descending_export(void **state)
{
    (void)state;
    struct fx x;
    eval_in(&x,
            BUNDLE(H_C2 "," H_3 "," H_5 "," H_64 "," H_65 "," H_C3 "," H_C1 "," H_4 "," H_2 ","
                   EV("2026-11-20T06:00:01Z", AE, 4, "information", "x") ","
                   EV("2026-11-20T06:00:00Z", AE, 2, "information", "x")),
            CTX_USER);
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);

    /* a quick run within one second, exported newest first: event 3 sorts
     * after its event 2 only when the export is reversed, not merely sorted */
    eval_in(&x,
            BUNDLE(EV("2026-11-20T08:10:00Z", AE, 3, "information", "x") ","
                   EV("2026-11-20T08:10:00Z", AE, 5, "information", "x") ","
                   EV("2026-11-20T08:10:00Z", AE, 4, "information", "x") ","
                   EV("2026-11-20T08:10:00Z", AE, 2, "information", "x") ","
                   EV("2026-11-20T06:00:01Z", AE, 4, "information", "x") ","
                   EV("2026-11-20T06:00:00Z", AE, 2, "information", "x")),
            CTX_USER);
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
}

static void test_error_after_last_start(void **state)
{
    (void)state;
    struct fx x;
    eval_in(&x,
            BUNDLE(H_2 "," H_4 "," EV("2026-11-20T07:58:03Z", AE, 6, "error", GERMAN_RPC) ","
                   H_5 "," H_3 "," H_C2),
            CTX_USER);
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);     /* the run completed */
    const struct finding *f = find(&x, "events.error");
    assert_non_null(f);
    assert_string_equal(evid(f, "provider"),
                        "Microsoft-Windows-CertificateServicesClient-AutoEnrollment");
    assert_string_equal(evid(f, "event"), "6");
    const char *code = evid(f, "error");
    assert_non_null(code);
    assert_string_equal(code, "0x800706BA RPC_S_SERVER_UNAVAILABLE");
    assert_string_equal(evid(f, "time"), "2026-11-20T07:58:03Z");
    assert_null(evid(f, "count"));
    fx_free(&x);
}

/* Two error events, the first with two codes: a joined list and a count. */
static void test_error_several_codes(void **state)
{
    (void)state;
    struct fx x;
    eval_in(&x,
            BUNDLE(H_2 "," EV("2026-11-20T07:58:03Z", CE, 13, "error",
                              "failed 0x80094800 then 0x800706BA and 0x80094800 again") ","
                   EV("2026-11-20T07:58:04Z", AE, 6, "error", "no code here")),
            CTX_USER);
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 2);
    assert_non_null(find(&x, "events.run-incomplete"));
    const struct finding *f = find(&x, "events.error");
    assert_non_null(f);
    assert_string_equal(evid(f, "provider"),
                        "Microsoft-Windows-CertificateServicesClient-CertEnroll");
    assert_string_equal(evid(f, "event"), "13");
    assert_string_equal(evid(f, "error"), "0x80094800 CERTSRV_E_UNSUPPORTED_CERT_TYPE, "
                                          "0x800706BA RPC_S_SERVER_UNAVAILABLE");
    assert_string_equal(evid(f, "count"), "2");
    fx_free(&x);
}

/* Near misses of events.error: an error before the last start, a warning
 * after it, an error from a foreign provider after it. */
static void test_error_near(void **state)
{
    (void)state;
    struct fx x;
    eval_in(&x,
            BUNDLE(EV("2026-11-20T06:00:00Z", AE, 2, "information", "x") ","
                   EV("2026-11-20T06:00:01Z", AE, 6, "error", GERMAN_RPC) "," H_2 "," H_4 ","
                   EV("2026-11-20T07:58:03Z", CE, 86, "warning", "0x800706ba") ","
                   EV("2026-11-20T07:58:03Z", "\"Microsoft-Windows-CertificationAuthority\"", 22,
                      "error", "0x800706ba") ","
                   H_5 "," H_3 "," H_C2),
            CTX_USER);
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);

    /* "critical" counts as error */
    eval_in(&x,
            BUNDLE(H_2 "," EV("2026-11-20T07:58:03Z", AE, 6, "critical", "x") "," H_3),
            CTX_USER);
    assert_non_null(find(&x, "events.error"));
    assert_null(evid(find(&x, "events.error"), "error"));
    fx_free(&x);
}

/* User run stopped, a later machine run completed, told apart by SID. */
static void test_contexts_by_sid(void **state)
{
    (void)state;
    const char *json = BUNDLE(
        EVS("2026-11-20T08:00:00Z", AE, 2, "information", "x", USER_SID) ","
        EVS("2026-11-20T08:00:01Z", AE, 2, "information", "x", "S-1-5-18") ","
        EVS("2026-11-20T08:00:02Z", AE, 4, "information", "x", USER_SID) ","
        EVS("2026-11-20T08:00:03Z", AE, 6, "error", "0x800706ba", USER_SID) ","
        EVS("2026-11-20T08:00:04Z", AE, 3, "information", "x", "S-1-5-18"));
    struct fx x;
    eval_in(&x, json, CTX_USER);
    assert_int_equal(x.r.status, ST_FAIL);
    const struct finding *f = find(&x, "events.run-incomplete");
    assert_non_null(f);
    assert_string_equal(evid(f, "started"), "2026-11-20T08:00:00Z");
    assert_string_equal(evid(f, "account"), "CONTOSO\\alice");
    assert_non_null(find(&x, "events.error"));
    fx_free(&x);

    eval_in(&x, json, CTX_MACHINE);
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);

    /* context unknown: the last run of all, the machine's, completed */
    eval_in(&x, json, CTX_NONE);
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
}

/* Without SIDs the account names in the event-2 message assign the context;
 * a run of unknown context counts for either. */
static void test_contexts_by_name(void **state)
{
    (void)state;
    const char *json = BUNDLE(
        HEALTHY ","
        EV("2026-11-20T08:05:00Z", AE, 2, "information", "Automatic certificate enrollment for CONTOSO\\\\PC0042$ started.") ","
        EV("2026-11-20T08:05:01Z", AE, 4, "information", "x"));
    struct fx x;
    eval_in(&x, json, CTX_USER);
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
    eval_in(&x, json, CTX_MACHINE);
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(evid(find(&x, "events.run-incomplete"), "account"), "CONTOSO\\PC0042$");
    fx_free(&x);

    /* the machine run's message names nobody the bundle knows: unknown, counts for the user */
    const char *json2 = BUNDLE(
        HEALTHY ","
        EV("2026-11-20T08:05:00Z", AE, 2, "information", "Automatic certificate enrollment for local system started.") ","
        EV("2026-11-20T08:05:01Z", AE, 4, "information", "x"));
    eval_in(&x, json2, CTX_USER);
    assert_int_equal(x.r.status, ST_FAIL);
    const struct finding *f = find(&x, "events.run-incomplete");
    assert_non_null(f);
    assert_null(evid(f, "account"));
    fx_free(&x);
}

/* An analysis the caller passes (eval.events) is used as it is, not made
 * again: the facts hold a healthy run, the analysis passed holds an
 * incomplete one, and the finding follows the analysis. */
static void test_given_analysis(void **state)
{
    (void)state;
    struct facts *other = tu_bundle(BUNDLE(EARLY_INCOMPLETE));
    struct arena la = {0};
    struct evlog log;
    struct evlog_accounts acc;
    evlog_accounts_of(other, &acc);
    assert_int_equal(evlog_analyse(other->events.v, other->events.n, &acc, &la, &log), 0);

    struct fx x;
    memset(&x, 0, sizeof(x));
    x.f = tu_bundle(BUNDLE(HEALTHY));
    struct eval ev = {.f = x.f, .ctx = CTX_USER, .tmpl = NULL, .now = 0, .events = NULL};
    ct_check(&check_events, &ev, &x.a, &x.r);
    assert_int_equal(x.r.nfindings, 0);
    arena_free(&x.a);

    ev.events = &log;
    ct_check(&check_events, &ev, &x.a, &x.r);
    const struct finding *f = find(&x, "events.run-incomplete");
    assert_non_null(f);
    assert_string_equal(evid(f, "started"), "2026-11-20T06:00:00Z");
    fx_free(&x);
    arena_free(&la);
    facts_free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defs),
        cmocka_unit_test(test_absent_is_unknown),
        cmocka_unit_test(test_empty_array_no_run),
        cmocka_unit_test(test_no_event_2),
        cmocka_unit_test(test_healthy_scenario),
        cmocka_unit_test(test_run_incomplete),
        cmocka_unit_test(test_earlier_incomplete_last_complete),
        cmocka_unit_test(test_descending_export),
        cmocka_unit_test(test_error_after_last_start),
        cmocka_unit_test(test_error_several_codes),
        cmocka_unit_test(test_error_near),
        cmocka_unit_test(test_contexts_by_sid),
        cmocka_unit_test(test_contexts_by_name),
        cmocka_unit_test(test_given_analysis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
