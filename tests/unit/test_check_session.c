/* test_check_session.c: the session check (session.runas). */
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
#include "facts.h"

/* One evaluation: a bundle built from FACTS (JSON with ' for ") under TOP
 * (top-level members such as 'context':'user', each followed by a comma),
 * collected at 2026-11-20T08:15:00Z, run through the check. */
struct tc {
    struct facts *f;
    struct arena a;
    struct check_result r;
};

static void tc_run(struct tc *t, const struct check *c, const char *top, const char *facts)
{
#define TC_FMT "{'format':'enrolldoc-bundle/1'," \
               "'meta':{'collected_at':'2026-11-20T08:15:00Z'},%s'facts':{%s}}"
    size_t n = strlen(TC_FMT) + strlen(top) + strlen(facts) + 1;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, TC_FMT, top, facts);
    for (char *p = text; *p; p++)
        if (*p == '\'')
            *p = '"';
    struct err e;
    err_clear(&e);
    memset(t, 0, sizeof(*t));
    int rc = bundle_parse("test.json", text, strlen(text), &t->f, &e);
    if (rc != 0) {
        fprintf(stderr, "bundle_parse: %s\n", e.key);
        for (int i = 0; i < e.nargs; i++)
            fprintf(stderr, "  %s=%s\n", e.args[i].name, e.args[i].value);
        fprintf(stderr, "%s\n", text);
    }
    free(text);
    assert_int_equal(rc, 0);
    struct eval ev = {
        .f = t->f,
        .ctx = t->f->ctx_st == F_SET ? t->f->ctx : CTX_NONE,
        .tmpl = t->f->tmpl.st == F_SET ? t->f->tmpl.v : NULL,
        .now = t->f->meta.collected_at.v,
    };
    t->r.arena = &t->a;
    check_eval(c, &ev, &t->r);
}

static void tc_free(struct tc *t)
{
    arena_free(&t->a);
    facts_free(t->f);
}

static const struct finding *tc_find(const struct tc *t, const char *id)
{
    for (size_t i = 0; i < t->r.nfindings; i++)
        if (strcmp(t->r.findings[i].def->id, id) == 0)
            return &t->r.findings[i];
    return NULL;
}

static const char *tc_ev(const struct tc *t, const char *id, const char *key)
{
    const struct finding *fd = tc_find(t, id);
    assert_non_null(fd);
    for (size_t i = 0; i < fd->nevidence; i++)
        if (strcmp(fd->evidence[i].key, key) == 0)
            return fd->evidence[i].value;
    return NULL;
}

static bool tc_missing(const struct tc *t, const char *path)
{
    for (size_t i = 0; i < t->r.nmissing; i++)
        if (strcmp(t->r.missing[i], path) == 0)
            return true;
    return false;
}

#define USER_TOP "'context':'user','template':'ContosoUser',"

static void test_runas_true(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_session, USER_TOP,
           "'session':{'elevated':false,'system':false,'domain_joined':true,'runas':true}");
    assert_int_equal(t.r.status, ST_WARN);
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "session.runas", "runas"), "true");
    assert_int_equal(tc_find(&t, "session.runas")->def->sev, SEV_WARNING);
    tc_free(&t);
}

static void test_runas_false(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_session, USER_TOP, "'session':{'elevated':true,'runas':false}");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    assert_int_equal(t.r.nmissing, 0);
    tc_free(&t);
}

static void test_runas_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_session, USER_TOP, "'session':{'elevated':true}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.session.runas"));
    tc_free(&t);
}

static void test_session_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_session, USER_TOP, "'aepolicy':{'user':7}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.session"));
    tc_free(&t);
}

static void test_no_context_still_judged(void **state)
{
    (void)state;
    struct tc t;
    /* RunAs is a property of the collecting process, whatever the context. */
    tc_run(&t, &check_session, "", "'session':{'runas':true}");
    assert_int_equal(t.r.status, ST_WARN);
    assert_non_null(tc_find(&t, "session.runas"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runas_true),
        cmocka_unit_test(test_runas_false),
        cmocka_unit_test(test_runas_absent),
        cmocka_unit_test(test_session_absent),
        cmocka_unit_test(test_no_context_still_judged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
