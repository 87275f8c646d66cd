/* test_check_enroll.c: enroll.template-unsupported, enroll.failed (checks/enroll.c). */
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

#define ER(tmpl, ctx, rest) "{'template':'" tmpl "','context':'" ctx "'," rest ",'time':'2026-11-20T08:10:00Z'}"
#define PING_FAIL ",'ca_ping':[{'config':'a\\\\b','ok':false,'error':'0x800706BA'}]"
#define PING_OK ",'ca_ping':[{'config':'a\\\\b','ok':true}]"

static void test_success(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_enroll, BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':true") "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
}

static void test_unsupported(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_enroll,
           BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':'0x80094800'") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "enroll.template-unsupported"), 1);
    assert_int_equal(fx_count(&x, "enroll.failed"), 0);
    const struct finding *fd = fx_find(&x, "enroll.template-unsupported", 0);
    assert_string_equal(fx_ev(fd, "error", 0), "0x80094800 CERTSRV_E_UNSUPPORTED_CERT_TYPE");
    assert_string_equal(fx_ev(fd, "template", 0), "ContosoUser");
    assert_string_equal(fx_ev(fd, "context", 0), "user");
    assert_string_equal(fx_ev(fd, "time", 0), "2026-11-20T08:10:00Z");
    fx_free(&x);
}

static void test_other_code(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_enroll,
           BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':'0x80090030'") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "enroll.failed"), 1);
    const struct finding *fd = fx_find(&x, "enroll.failed", 0);
    assert_non_null(strstr(fx_ev(fd, "error", 0), "0x80090030"));
    assert_true(fx_has_action(fd, "enroll.manual"));
    fx_free(&x);
}

static void test_no_code(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_enroll, BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(fx_ev(fx_find(&x, "enroll.failed", 0), "error", 0), "unknown");
    fx_free(&x);
    fx_run(&x, &check_enroll,
           BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':null") "]}"));
    assert_string_equal(fx_ev(fx_find(&x, "enroll.failed", 0), "error", 0), "unknown");
    fx_free(&x);
}

/* Codes another finding explains are left to it. */
static void explained(const char *json)
{
    struct fx x = {0};
    fx_run(&x, &check_enroll, json);
    assert_int_equal(x.r.nfindings, 0);
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
}

static void test_explained_codes(void **state)
{
    (void)state;
    explained(BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':'0x80094012'") "]}"));
    explained(BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':'0x80094812'") "]}"));
    explained(BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':'0x800B0113'") "]}"));
    explained(BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':'0x800706BA'") "]" PING_FAIL "}"));
}

static void test_rpc_without_failing_ping(void **state)
{
    (void)state;
    const char *jsons[] = {
        BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':1722") "]" PING_OK "}"),
        BUNDLE("{'enroll':[" ER("ContosoUser", "user", "'ok':false,'error':1722") "]}"),
    };
    for (size_t i = 0; i < 2; i++) {
        struct fx x = {0};
        fx_run(&x, &check_enroll, jsons[i]);
        assert_int_equal(fx_count(&x, "enroll.failed"), 1);
        assert_string_equal(fx_ev(fx_find(&x, "enroll.failed", 0), "error", 0),
                            "0x800706BA RPC_S_SERVER_UNAVAILABLE");
        fx_free(&x);
    }
}

static void test_other_template_or_context(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_enroll,
           BUNDLE("{'enroll':[" ER("Machine", "user", "'ok':false,'error':'0x80094800'") ","
                  ER("ContosoUser", "machine", "'ok':false,'error':'0x80094800'") "]}"));
    assert_int_equal(x.r.nfindings, 0);
    assert_int_equal(x.r.status, ST_UNKNOWN); /* nothing known about this template */
    assert_true(fx_missing(&x, "facts.enroll"));
    fx_free(&x);
    /* template names compare case-insensitively */
    fx_run(&x, &check_enroll,
           BUNDLE("{'enroll':[" ER("contosouser", "user", "'ok':false,'error':'0x80094800'") "]}"));
    assert_int_equal(fx_count(&x, "enroll.template-unsupported"), 1);
    fx_free(&x);
}

static void test_any_template(void **state)
{
    (void)state;
    /* no template of interest and no context: every result counts */
    struct fx x = {0};
    fx_run(&x, &check_enroll,
           "{'format':'enrolldoc-bundle/1','facts':{'enroll':["
           ER("Machine", "machine", "'ok':false,'error':'0x80094800'") ","
           ER("ContosoUser", "user", "'ok':false,'error':'0x80090030'") "]}}");
    assert_int_equal(fx_count(&x, "enroll.template-unsupported"), 1);
    assert_int_equal(fx_count(&x, "enroll.failed"), 1);
    assert_string_equal(fx_ev(fx_find(&x, "enroll.template-unsupported", 0), "template", 0),
                        "Machine");
    fx_free(&x);
}

static void test_absent(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_enroll, BUNDLE("{'loglevel':4}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.enroll"));
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_success),
        cmocka_unit_test(test_unsupported),
        cmocka_unit_test(test_other_code),
        cmocka_unit_test(test_no_code),
        cmocka_unit_test(test_explained_codes),
        cmocka_unit_test(test_rpc_without_failing_ping),
        cmocka_unit_test(test_other_template_or_context),
        cmocka_unit_test(test_any_template),
        cmocka_unit_test(test_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
