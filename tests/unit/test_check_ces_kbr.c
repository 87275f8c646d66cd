/* test_check_ces_kbr.c: ces.kbr-no-ca-read, ces.kbr-renew-on-behalf (checks/ces_kbr.c). */
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

/* One evaluation: the facts from a bundle text, the check's result. */
struct fx {
    struct facts *f;
    struct arena a;
    struct check_result r;
};

/* Parses JSON (single quotes stand for double quotes, to keep the texts
 * readable) and runs check C on it in the bundle's context and template. */
static inline void fx_run(struct fx *x, const struct check *c, const char *json)
{
    size_t len = strlen(json);
    char *text = malloc(len + 1);
    assert_non_null(text);
    for (size_t i = 0; i <= len; i++)
        text[i] = json[i] == '\'' ? '"' : json[i];
    struct err e;
    err_clear(&e);
    int rc = bundle_parse("test.json", text, len, &x->f, &e);
    free(text);
    if (rc != 0)
        fail_msg("bundle_parse: %s %s", e.key, err_get(&e, "path") ? err_get(&e, "path") : "");
    struct eval ev = {
        .f = x->f,
        .ctx = x->f->ctx_st == F_SET ? x->f->ctx : CTX_NONE,
        .tmpl = x->f->tmpl.st == F_SET ? x->f->tmpl.v : NULL,
        .now = x->f->meta.collected_at.st == F_SET ? x->f->meta.collected_at.v : 0,
    };
    memset(&x->r, 0, sizeof(x->r));
    x->r.arena = &x->a;
    check_eval(c, &ev, &x->r);
}

static inline void fx_free(struct fx *x)
{
    arena_free(&x->a);
    facts_free(x->f);
    x->f = NULL;
}

static inline size_t fx_count(const struct fx *x, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < x->r.nfindings; i++)
        if (strcmp(x->r.findings[i].def->id, id) == 0)
            n++;
    return n;
}

/* The NTH (0-based) finding ID, or NULL. */
static inline const struct finding *fx_find(const struct fx *x, const char *id, size_t nth)
{
    for (size_t i = 0; i < x->r.nfindings; i++)
        if (strcmp(x->r.findings[i].def->id, id) == 0 && nth-- == 0)
            return &x->r.findings[i];
    return NULL;
}

/* The value of the NTH evidence KEY of FD, or NULL. */
static inline const char *fx_ev(const struct finding *fd, const char *key, size_t nth)
{
    if (!fd)
        return NULL;
    for (size_t i = 0; i < fd->nevidence; i++)
        if (strcmp(fd->evidence[i].key, key) == 0 && nth-- == 0)
            return fd->evidence[i].value;
    return NULL;
}

static inline bool fx_missing(const struct fx *x, const char *path)
{
    for (size_t i = 0; i < x->r.nmissing; i++)
        if (strcmp(x->r.missing[i], path) == 0)
            return true;
    return false;
}

static inline bool fx_has_action(const struct finding *fd, const char *action)
{
    for (size_t i = 0; fd && i < FINDING_MAX_ACTIONS && fd->def->actions[i]; i++)
        if (strcmp(fd->def->actions[i], action) == 0)
            return true;
    return false;
}

#define HEAD(extra) "{'format':'enrolldoc-bundle/1','context':'user','template':'ContosoUser'" extra ",'facts':"
#define BUNDLE(facts) HEAD("") facts "}"

#define CESEV(id, time) "{'time':'" time "','provider':'Microsoft-Windows-EnrollmentWebService','id':" #id ",'level':'error','message':'x'}"
#define CES(err, kbr, events) "'ces':{'url':'https://ces/x','error':'" err "','key_based_renewal':" kbr ",'events':[" events "]}"
#define CA(name, rob) "{'name':'" name "','renew_on_behalf_of':" rob "}"
#define FAULT "0x803D0013"

static void test_event_8(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kbr,
           BUNDLE("{" CES(FAULT, "true", CESEV(8, "2026-11-20T08:00:00Z") "," CESEV(8, "2026-11-20T08:05:00Z"))
                  ",'cas':[" CA("CA1", "true") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);
    const struct finding *fd = fx_find(&x, "ces.kbr-no-ca-read", 0);
    assert_string_equal(fx_ev(fd, "event", 0), "8");
    assert_string_equal(fx_ev(fd, "time", 0), "2026-11-20T08:05:00Z");
    assert_string_equal(fx_ev(fd, "key_based_renewal", 0), "true");
    assert_string_equal(fx_ev(fd, "error", 0), "0x803D0013 WS_E_ENDPOINT_FAULT_RECEIVED");
    fx_free(&x);
}

static void test_event_9(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kbr, BUNDLE("{" CES(FAULT, "true", CESEV(9, "2026-11-20T08:00:00Z")) "}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);
    assert_string_equal(fx_ev(fx_find(&x, "ces.kbr-renew-on-behalf", 0), "event", 0), "9");
    fx_free(&x);
}

static void test_ca_flag(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kbr,
           BUNDLE("{" CES(FAULT, "true", "") ",'cas':[" CA("CA1", "true") "," CA("CA2", "false") "," CA("CA3", "null") ","
                  CA("CA4", "false") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "ces.kbr-renew-on-behalf"), 1);
    const struct finding *fd = fx_find(&x, "ces.kbr-renew-on-behalf", 0);
    assert_string_equal(fx_ev(fd, "ca", 0), "CA2, CA4");
    assert_null(fx_ev(fd, "ca", 1));
    assert_string_equal(fx_ev(fd, "renew_on_behalf_of", 0), "false");
    assert_null(fx_ev(fd, "event", 0));
    fx_free(&x);
    /* event 9 and the flag: one finding with both */
    fx_run(&x, &check_ces_kbr,
           BUNDLE("{" CES(FAULT, "true", CESEV(9, "2026-11-20T08:00:00Z")) ",'cas':[" CA("CA2", "false") "]}"));
    assert_int_equal(fx_count(&x, "ces.kbr-renew-on-behalf"), 1);
    fd = fx_find(&x, "ces.kbr-renew-on-behalf", 0);
    assert_string_equal(fx_ev(fd, "event", 0), "9");
    assert_string_equal(fx_ev(fd, "ca", 0), "CA2");
    fx_free(&x);
}

static void test_not_kbr_or_no_fault(void **state)
{
    (void)state;
    const char *jsons[] = {
        /* key-based renewal not in use */
        BUNDLE("{" CES(FAULT, "false", CESEV(8, "2026-11-20T08:00:00Z") "," CESEV(9, "2026-11-20T08:00:00Z"))
               ",'cas':[" CA("CA1", "false") "]}"),
        /* another error than the fault */
        BUNDLE("{" CES("0x803D000F", "true", CESEV(8, "2026-11-20T08:00:00Z") "," CESEV(9, "2026-11-20T08:00:00Z"))
               ",'cas':[" CA("CA1", "false") "]}"),
        /* the fault and key-based renewal, other events, the flag set */
        BUNDLE("{" CES(FAULT, "true", CESEV(7, "2026-11-20T08:00:00Z")) ",'cas':[" CA("CA1", "true") "]}"),
    };
    for (size_t i = 0; i < sizeof(jsons) / sizeof(jsons[0]); i++) {
        struct fx x = {0};
        fx_run(&x, &check_ces_kbr, jsons[i]);
        assert_int_equal(x.r.nfindings, 0);
        assert_int_equal(x.r.status, ST_OK);
        fx_free(&x);
    }
}

static void test_unknown(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kbr, BUNDLE("{'loglevel':4}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ces"));
    fx_free(&x);
    fx_run(&x, &check_ces_kbr, BUNDLE("{'ces':{'error':'" FAULT "'}}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ces.key_based_renewal"));
    fx_free(&x);
    fx_run(&x, &check_ces_kbr, BUNDLE("{'ces':{'error':'" FAULT "','key_based_renewal':true}}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ces.events"));
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_8),
        cmocka_unit_test(test_event_9),
        cmocka_unit_test(test_ca_flag),
        cmocka_unit_test(test_not_kbr_or_no_fault),
        cmocka_unit_test(test_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
