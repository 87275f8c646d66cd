/* test_check_ces_kerberos.c: ces.user-not-delegated, ces.no-delegation,
 * ces.unconstrained-credential-guard, ces.no-impersonate (checks/ces_kerberos.c). */
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

#define ID(nd) "'identity':{'user':{'name':'CONTOSO\\\\alice','sid':'S-1-5-21-1-2-3-1104','not_delegated':" nd "}}"
#define SRV(deleg, imp, cg) "'server':{'delegation':'" deleg "','impersonate_privilege':" imp ",'credential_guard':" cg "}"
#define CES(err, srv) "'ces':{'url':'https://ces/x','error':'" err "','key_based_renewal':false," srv "}"
#define FAULT "0x803D0013"

static void test_healthy_server(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("false") "," CES(FAULT, SRV("constrained", "true", "true")) "}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    /* unconstrained without Credential Guard is allowed */
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("false") "," CES(FAULT, SRV("unconstrained", "true", "false")) "}"));
    assert_int_equal(x.r.status, ST_OK);
    fx_free(&x);
}

static void test_user_not_delegated(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("true") "," CES(FAULT, SRV("constrained", "true", "false")) "}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);
    const struct finding *fd = fx_find(&x, "ces.user-not-delegated", 0);
    assert_string_equal(fx_ev(fd, "account", 0), "CONTOSO\\alice");
    assert_string_equal(fx_ev(fd, "not_delegated", 0), "true");
    assert_string_equal(fx_ev(fd, "error", 0), "0x803D0013 WS_E_ENDPOINT_FAULT_RECEIVED");
    fx_free(&x);
    /* the machine account in machine context */
    fx_run(&x, &check_ces_kerberos,
           "{'format':'enrolldoc-bundle/1','context':'machine','facts':{'identity':{"
           "'user':{'not_delegated':false},'machine':{'name':'CONTOSO\\\\PC0042$','not_delegated':true}},"
           CES(FAULT, SRV("constrained", "true", "false")) "}}");
    assert_string_equal(fx_ev(fx_find(&x, "ces.user-not-delegated", 0), "account", 0),
                        "CONTOSO\\PC0042$");
    fx_free(&x);
}

static void test_no_delegation(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("false") "," CES(FAULT, SRV("none", "true", "false")) "}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);
    assert_string_equal(fx_ev(fx_find(&x, "ces.no-delegation", 0), "delegation", 0), "none");
    fx_free(&x);
}

static void test_unconstrained_cg(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("false") "," CES(FAULT, SRV("unconstrained", "true", "true")) "}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(x.r.nfindings, 1);
    const struct finding *fd = fx_find(&x, "ces.unconstrained-credential-guard", 0);
    assert_string_equal(fx_ev(fd, "delegation", 0), "unconstrained");
    assert_string_equal(fx_ev(fd, "credential_guard", 0), "true");
    fx_free(&x);
}

static void test_no_impersonate(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{" ID("true") "," CES(FAULT, SRV("none", "false", "false")) "}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "ces.no-impersonate"), 1);
    assert_int_equal(fx_count(&x, "ces.no-delegation"), 1);
    assert_int_equal(fx_count(&x, "ces.user-not-delegated"), 1);
    assert_string_equal(fx_ev(fx_find(&x, "ces.no-impersonate", 0), "impersonate_privilege", 0),
                        "false");
    fx_free(&x);
}

static void test_needs_fault(void **state)
{
    (void)state;
    const char *jsons[] = {
        BUNDLE("{" ID("true") "," CES("0x803D000F", SRV("none", "false", "true")) "}"),
        BUNDLE("{" ID("true") ",'ces':{'error':null," SRV("none", "false", "true") "}}"),
    };
    for (size_t i = 0; i < 2; i++) {
        struct fx x = {0};
        fx_run(&x, &check_ces_kerberos, jsons[i]);
        assert_int_equal(x.r.nfindings, 0);
        assert_int_equal(x.r.status, ST_OK);
        fx_free(&x);
    }
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos, BUNDLE("{" ID("true") ",'ces':{" SRV("none", "false", "true") "}}"));
    assert_int_equal(x.r.nfindings, 0);
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.ces.error"));
    fx_free(&x);
}

static void test_absent(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_ces_kerberos, BUNDLE("{" ID("true") "}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_int_equal(x.r.nfindings, 0);
    assert_true(fx_missing(&x, "facts.ces"));
    fx_free(&x);
    /* fault, but nothing known about the account or the server */
    fx_run(&x, &check_ces_kerberos, BUNDLE("{'ces':{'error':'" FAULT "'}}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.identity.user"));
    assert_true(fx_missing(&x, "facts.ces.server"));
    fx_free(&x);
    fx_run(&x, &check_ces_kerberos,
           BUNDLE("{'identity':{'user':{'name':'CONTOSO\\\\alice'}},'ces':{'error':'" FAULT "','server':{}}}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.identity.user.not_delegated"));
    assert_true(fx_missing(&x, "facts.ces.server.delegation"));
    assert_true(fx_missing(&x, "facts.ces.server.impersonate_privilege"));
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_healthy_server),
        cmocka_unit_test(test_user_not_delegated),
        cmocka_unit_test(test_no_delegation),
        cmocka_unit_test(test_unconstrained_cg),
        cmocka_unit_test(test_no_impersonate),
        cmocka_unit_test(test_needs_fault),
        cmocka_unit_test(test_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
