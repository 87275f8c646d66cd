/* test_check_policy.c: template.invalid-policy (checks/policy.c). */
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

#define P1 "1.3.6.1.4.1.311.21.8.1.2.3.400"
#define P2 "1.3.6.1.4.1.311.21.8.1.2.3.401"
#define TPL(name, have, valid) "{'name':'" name "','issuance_policies':[" have "],'valid_issuance_policies':[" valid "]}"

static void test_invalid(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_policy, BUNDLE("{'templates':[" TPL("ContosoUser", "'" P1 "','" P2 "'", "'" P1 "'") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "template.invalid-policy"), 1);
    const struct finding *fd = fx_find(&x, "template.invalid-policy", 0);
    assert_string_equal(fx_ev(fd, "template", 0), "ContosoUser");
    assert_string_equal(fx_ev(fd, "policy", 0), P2);
    assert_null(fx_ev(fd, "policy", 1));
    fx_free(&x);
    /* several unknown policies: one evidence item naming them all */
    fx_run(&x, &check_policy, BUNDLE("{'templates':[" TPL("ContosoUser", "'" P1 "','" P2 "'", "'1.2.3'") "]}"));
    fd = fx_find(&x, "template.invalid-policy", 0);
    assert_string_equal(fx_ev(fd, "policy", 0), P1 ", " P2);
    assert_null(fx_ev(fd, "policy", 1));
    fx_free(&x);
    /* the forest knows none */
    fx_run(&x, &check_policy, BUNDLE("{'templates':[" TPL("ContosoUser", "'" P1 "'", "") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(fx_ev(fx_find(&x, "template.invalid-policy", 0), "policy", 0), P1);
    fx_free(&x);
}

static void test_valid(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_policy,
           BUNDLE("{'templates':[" TPL("ContosoUser", "'" P1 "'", "'" P2 "','" P1 "'") "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    fx_run(&x, &check_policy, BUNDLE("{'templates':[" TPL("ContosoUser", "", "") "]}"));
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
    /* another template's invalid policy does not count */
    fx_run(&x, &check_policy,
           BUNDLE("{'templates':[" TPL("ContosoUser", "", "") "," TPL("Other", "'" P1 "'", "") "]}"));
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
}

static void test_unknown(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_policy,
           BUNDLE("{'templates':[{'name':'ContosoUser','issuance_policies':['" P1 "']}]}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.templates.valid_issuance_policies"));
    fx_free(&x);
    fx_run(&x, &check_policy, BUNDLE("{'templates':[{'name':'ContosoUser'}]}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.templates.issuance_policies"));
    fx_free(&x);
    fx_run(&x, &check_policy, BUNDLE("{'loglevel':4}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.templates"));
    fx_free(&x);
}

static void test_codes(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_policy,
           BUNDLE("{'enroll':[{'template':'ContosoUser','context':'user','ok':false,'error':'0x800b0113'}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    const struct finding *fd = fx_find(&x, "template.invalid-policy", 0);
    assert_string_equal(fx_ev(fd, "source", 0), "enroll");
    assert_string_equal(fx_ev(fd, "error", 0), "0x800B0113 CERT_E_INVALID_POLICY");
    fx_free(&x);
    fx_run(&x, &check_policy, BUNDLE("{'ces':{'error':'0x803D0013','inner_error':'0x800B0113'}}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(fx_ev(fx_find(&x, "template.invalid-policy", 0), "source", 0), "ces");
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
