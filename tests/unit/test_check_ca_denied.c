/* test_check_ca_denied.c: ca.denied (checks/ca_denied.c). */
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

#define CAEV(id, time, msg) "{'time':'" time "','provider':'Microsoft-Windows-CertificationAuthority','id':" #id ",'level':'error','message':'" msg "'}"

static void test_event_53(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'ca_events':["
                  CAEV(53, "2026-11-20T07:00:00Z", "Request 12 denied. 0x80094812 (-2146875374 CERTSRV_E_SUBJECT_EMAIL_REQUIRED)") ","
                  CAEV(53, "2026-11-20T08:00:00Z", "Request 13 denied. The permissions on the certificate template do not allow the current user to enroll. 0x80094012 (-2146877422 CERTSRV_E_TEMPLATE_DENIED)") ","
                  CAEV(22, "2026-11-20T08:05:00Z", "0x80094012") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "ca.denied"), 1);
    const struct finding *fd = fx_find(&x, "ca.denied", 0);
    assert_string_equal(fx_ev(fd, "source", 0), "ca_events");
    assert_string_equal(fx_ev(fd, "event", 0), "53");
    /* the latest event 53, and the code its message carries */
    assert_string_equal(fx_ev(fd, "time", 0), "2026-11-20T08:00:00Z");
    assert_string_equal(fx_ev(fd, "error", 0), "0x80094012 CERTSRV_E_TEMPLATE_DENIED");
    assert_string_equal(fx_ev(fd, "count", 0), "2");
    fx_free(&x);
}

static void test_event_other_id(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'ca_events':[" CAEV(22, "2026-11-20T08:05:00Z", "0x80094012") "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    /* an event 53 whose message carries no code */
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'ca_events':[" CAEV(53, "2026-11-20T08:05:00Z", "Request 14 denied.") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(fx_ev(fx_find(&x, "ca.denied", 0), "error", 0), "unknown");
    assert_null(fx_ev(fx_find(&x, "ca.denied", 0), "count", 0));
    fx_free(&x);
    /* several codes in the message: one evidence item naming them in order */
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'ca_events':[" CAEV(53, "2026-11-20T08:05:00Z", "Denied 0x80094812, policy module 0x80094012.") "]}"));
    assert_string_equal(fx_ev(fx_find(&x, "ca.denied", 0), "error", 0),
                        "0x80094812 CERTSRV_E_SUBJECT_EMAIL_REQUIRED, 0x80094012 CERTSRV_E_TEMPLATE_DENIED");
    assert_null(fx_ev(fx_find(&x, "ca.denied", 0), "error", 1));
    fx_free(&x);
}

static void test_enroll(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'enroll':[{'template':'ContosoUser','context':'user','ok':false,"
                  "'error':-2146877422,'time':'2026-11-20T08:10:00Z'}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    const struct finding *fd = fx_find(&x, "ca.denied", 0);
    assert_non_null(fd);
    assert_string_equal(fx_ev(fd, "source", 0), "enroll");
    assert_string_equal(fx_ev(fd, "error", 0), "0x80094012 CERTSRV_E_TEMPLATE_DENIED");
    assert_string_equal(fx_ev(fd, "template", 0), "ContosoUser");
    fx_free(&x);
    /* another template's result does not count */
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'enroll':[{'template':'Other','ok':false,'error':'0x80094012'}]}"));
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    /* another code is not a denial */
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'enroll':[{'template':'ContosoUser','ok':false,'error':'0x80094800'}]}"));
    assert_int_equal(x.r.nfindings, 0);
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
}

static void test_ces_inner(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'ces':{'url':'https://ces/x','error':'0x803D0013','inner_error':'0x80094012'}}"));
    assert_int_equal(x.r.status, ST_FAIL);
    const struct finding *fd = fx_find(&x, "ca.denied", 0);
    assert_string_equal(fx_ev(fd, "source", 0), "ces");
    assert_string_equal(fx_ev(fd, "error", 0), "0x80094012 CERTSRV_E_TEMPLATE_DENIED");
    assert_string_equal(fx_ev(fd, "url", 0), "https://ces/x");
    fx_free(&x);
    fx_run(&x, &check_ca_denied,
           BUNDLE("{'ces':{'error':'0x803D0013','inner_error':'0x80094812'}}"));
    assert_int_equal(x.r.nfindings, 0);
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
}

static void test_absent(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_denied, BUNDLE("{'loglevel':4}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ca_events"));
    assert_true(fx_missing(&x, "facts.enroll"));
    assert_true(fx_missing(&x, "facts.ces"));
    fx_free(&x);
    /* an empty CA log counts as looked at */
    fx_run(&x, &check_ca_denied, BUNDLE("{'ca_events':[]}"));
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_53),
        cmocka_unit_test(test_event_other_id),
        cmocka_unit_test(test_enroll),
        cmocka_unit_test(test_ces_inner),
        cmocka_unit_test(test_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
