/* test_check_published.c: the published check (template.not-published). */
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

#define CA1 "{'name':'CA1','templates':['ContosoUser','Machine']}"
#define CA2 "{'name':'CA2','templates':['Machine']}"

static void test_published(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, USER_TOP, "'cas':[" CA2 "," CA1 "]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_case_insensitive(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, "'context':'user','template':'CONTOSOUSER',", "'cas':[" CA1 "]");
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_not_published(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, USER_TOP, "'cas':[" CA2 ",{'name':'CA3','templates':[]}]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "template.not-published", "template"), "ContosoUser");
    assert_string_equal(tc_ev(&t, "template.not-published", "ca"), "CA2, CA3");
    tc_free(&t);
}

static void test_no_cas(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, USER_TOP, "'cas':[]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_null(tc_ev(&t, "template.not-published", "ca"));
    tc_free(&t);
    tc_run(&t, &check_published, USER_TOP, "'cas':null");
    assert_int_equal(t.r.status, ST_FAIL);
    tc_free(&t);
}

static void test_cas_absent(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, USER_TOP, "'templates':[{'name':'ContosoUser'}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.cas"));
    tc_free(&t);
}

static void test_ca_list_unknown(void **state)
{
    (void)state;
    struct tc t;
    /* A CA whose template list was not read might offer it. */
    tc_run(&t, &check_published, USER_TOP, "'cas':[" CA2 ",{'name':'CA9'}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.cas[].templates"));
    tc_free(&t);
}

static void test_any_template(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, "'context':'user',",
           "'templates':[{'name':'ContosoUser','autoenroll_flag':true},"
           "{'name':'Machine','autoenroll_flag':true},"
           "{'name':'Legacy','autoenroll_flag':false},"
           "{'name':'ContosoVpn','autoenroll_flag':true}],"
           "'cas':[" CA2 "]");
    assert_int_equal(t.r.status, ST_FAIL);
    /* Only templates that take part in autoenrollment, and are not offered. */
    assert_string_equal(tc_ev(&t, "template.not-published", "template"), "ContosoUser, ContosoVpn");
    tc_free(&t);
}

static void test_any_template_all_published(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, "'context':'user',",
           "'templates':[{'name':'ContosoUser','autoenroll_flag':true},"
           "{'name':'Legacy','autoenroll_flag':false}],'cas':[" CA1 "]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_any_template_needs_templates(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_published, "", "'cas':[" CA1 "]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.templates"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published),
        cmocka_unit_test(test_case_insensitive),
        cmocka_unit_test(test_not_published),
        cmocka_unit_test(test_no_cas),
        cmocka_unit_test(test_cas_absent),
        cmocka_unit_test(test_ca_list_unknown),
        cmocka_unit_test(test_any_template),
        cmocka_unit_test(test_any_template_all_published),
        cmocka_unit_test(test_any_template_needs_templates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
