/* test_check_mail.c: account.mail-missing (checks/mail.c). */
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

#define ID(mail) "'identity':{'user':{'name':'CONTOSO\\\\alice','sid':'S-1-5-21-1-2-3-1104'" mail "}}"
#define TPL(name, req) "{'name':'" name "','requires_email':" req "}"

static void test_requires_email_no_mail(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_mail, BUNDLE("{" ID(",'mail':null") ",'templates':[" TPL("ContosoUser", "true") "]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_int_equal(fx_count(&x, "account.mail-missing"), 1);
    const struct finding *fd = fx_find(&x, "account.mail-missing", 0);
    assert_string_equal(fx_ev(fd, "template", 0), "ContosoUser");
    assert_string_equal(fx_ev(fd, "account", 0), "CONTOSO\\alice");
    assert_string_equal(fx_ev(fd, "mail", 0), "null");
    fx_free(&x);
}

static void test_has_mail_or_not_required(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_mail,
           BUNDLE("{" ID(",'mail':'alice@contoso.com'") ",'templates':[" TPL("ContosoUser", "true") "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    fx_run(&x, &check_mail, BUNDLE("{" ID(",'mail':null") ",'templates':[" TPL("ContosoUser", "false") "]}"));
    assert_int_equal(x.r.status, ST_OK);
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
    /* only the template of interest counts */
    fx_run(&x, &check_mail,
           BUNDLE("{" ID(",'mail':null") ",'templates':[" TPL("ContosoUser", "false") ","
                  TPL("ContosoMail", "true") "]}"));
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
}

static void test_any_template(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_mail,
           "{'format':'enrolldoc-bundle/1','context':'user','facts':{" ID(",'mail':null")
           ",'templates':[" TPL("ContosoUser", "false") "," TPL("ContosoMail", "true") "]}}");
    assert_int_equal(fx_count(&x, "account.mail-missing"), 1);
    assert_string_equal(fx_ev(fx_find(&x, "account.mail-missing", 0), "template", 0), "ContosoMail");
    fx_free(&x);
}

static void test_unknown(void **state)
{
    (void)state;
    struct fx x = {0};
    /* mail absent: not collected */
    fx_run(&x, &check_mail, BUNDLE("{" ID("") ",'templates':[" TPL("ContosoUser", "true") "]}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.identity.user.mail"));
    fx_free(&x);
    /* identity absent */
    fx_run(&x, &check_mail, BUNDLE("{'templates':[" TPL("ContosoUser", "true") "]}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.identity.user"));
    fx_free(&x);
    /* templates absent */
    fx_run(&x, &check_mail, BUNDLE("{" ID(",'mail':null") "}"));
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "facts.templates"));
    fx_free(&x);
    /* context unknown */
    fx_run(&x, &check_mail,
           "{'format':'enrolldoc-bundle/1','template':'ContosoUser','facts':{" ID(",'mail':null")
           ",'templates':[" TPL("ContosoUser", "true") "]}}");
    assert_int_equal(x.r.status, ST_UNKNOWN);
    assert_true(fx_missing(&x, "context"));
    fx_free(&x);
}

static void test_codes(void **state)
{
    (void)state;
    struct fx x = {0};
    fx_run(&x, &check_mail,
           BUNDLE("{'enroll':[{'template':'ContosoUser','ok':false,'error':'0x80094812'}]}"));
    assert_int_equal(x.r.status, ST_FAIL);
    const struct finding *fd = fx_find(&x, "account.mail-missing", 0);
    assert_string_equal(fx_ev(fd, "source", 0), "enroll");
    assert_string_equal(fx_ev(fd, "error", 0), "0x80094812 CERTSRV_E_SUBJECT_EMAIL_REQUIRED");
    fx_free(&x);
    fx_run(&x, &check_mail,
           BUNDLE("{'ces':{'error':'0x803D0013','inner_error':'-2146875374'}}"));
    assert_int_equal(x.r.status, ST_FAIL);
    assert_string_equal(fx_ev(fx_find(&x, "account.mail-missing", 0), "source", 0), "ces");
    fx_free(&x);
    /* a different inner code */
    fx_run(&x, &check_mail, BUNDLE("{'ces':{'error':'0x803D0013','inner_error':'0x800B0113'}}"));
    assert_int_equal(x.r.nfindings, 0);
    fx_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_requires_email_no_mail),
        cmocka_unit_test(test_has_mail_or_not_required),
        cmocka_unit_test(test_any_template),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
