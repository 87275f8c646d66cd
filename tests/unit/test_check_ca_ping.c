/* test_check_ca_ping.c: ca.unreachable (checks/ca_ping.c). */
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

#define PING_OK "{'config':'ca01.contoso.com\\\\Contoso Issuing CA 1','ok':true,'ca_name':'Contoso Issuing CA 1'}"

static void test_ok(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_ping, BUNDLE("{'ca_ping':[" PING_OK "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
}

static void test_rpc_unavailable(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_ping,
           BUNDLE("{'ca_ping':[{'config':'ca01.contoso.com\\\\Contoso Issuing CA 1','ok':false,"
                  "'error':'0x800706ba'}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "ca.unreachable"), 1);
    const struct finding *fd = fx_find(&x, "ca.unreachable", 0);
    assert_string_equal(fx_ev(fd, "config", 0), "ca01.contoso.com\\Contoso Issuing CA 1");
    assert_string_equal(fx_ev(fd, "error", 0), "0x800706BA RPC_S_SERVER_UNAVAILABLE");
    assert_true(fx_has_action(fd, "ca.ping"));
    assert_int_equal(fd->def->sev, SEV_ERROR);
    fx_free(&x);
}

static void test_win32_decimal(void **state)
{
    (void)state;
    /* 1722 is the Win32 form of the same code */
    struct fx x = {0};
    fx_run(&x, &check_ca_ping, BUNDLE("{'ca_ping':[{'config':'a\\\\b','ok':false,'error':1722}]}"));
    assert_string_equal(fx_ev(fx_find(&x, "ca.unreachable", 0), "error", 0),
                        "0x800706BA RPC_S_SERVER_UNAVAILABLE");
    fx_free(&x);
}

static void test_one_of_two(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_ping,
           BUNDLE("{'ca_ping':[" PING_OK ",{'config':'ca02.contoso.com\\\\CA 2','ok':false,"
                  "'error':'0x80070005'}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "ca.unreachable"), 1);
    const struct finding *fd = fx_find(&x, "ca.unreachable", 0);
    assert_string_equal(fx_ev(fd, "config", 0), "ca02.contoso.com\\CA 2");
    assert_non_null(strstr(fx_ev(fd, "error", 0), "0x80070005"));
    fx_free(&x);
}

static void test_no_error_code(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_ping, BUNDLE("{'ca_ping':[{'config':'a\\\\b','ok':false}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(fx_ev(fx_find(&x, "ca.unreachable", 0), "error", 0), "unknown");
    fx_free(&x);
}

static void test_absent_and_empty(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ca_ping, BUNDLE("{'loglevel':4}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ca_ping"));
    fx_free(&x);
    fx_run(&x, &check_ca_ping, BUNDLE("{'ca_ping':[]}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    /* a ping whose outcome was not recorded */
    fx_run(&x, &check_ca_ping, BUNDLE("{'ca_ping':[{'config':'a\\\\b'}]}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ok),
        cmocka_unit_test(test_rpc_unavailable),
        cmocka_unit_test(test_win32_decimal),
        cmocka_unit_test(test_one_of_two),
        cmocka_unit_test(test_no_error_code),
        cmocka_unit_test(test_absent_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
