/* checktest.h: fixtures shared by the check unit tests
 * (tests/unit/test_check_<id>.c). Header-only on purpose: each test is its
 * own executable, and every helper is static inline.
 *
 * Two fixture styles, kept apart because their helpers differ in signature:
 *   struct tc  tc_run() wraps a facts fragment in a bundle and runs a check;
 *              tc_find() / tc_ev() look up the FIRST finding by id.
 *   struct fx  fx_run() takes a whole bundle text and runs a check;
 *              fx_find() / fx_ev() take an NTH (0-based) index.
 * Both hold the same three things and are released with tc_free() /
 * fx_free(). The ct_* functions underneath are the logic they share.
 *
 * Ownership: a fixture owns its facts and its arena; the result's findings,
 * evidence and missing paths live in that arena. Every string or finding
 * pointer a helper returns points into the fixture and stays valid until
 * tc_free() / fx_free(); nobody frees them separately. Parse errors fail the
 * running test (via tu_bundle() from testutil.h). */
#ifndef ENROLLDOC_CHECKTEST_H
#define ENROLLDOC_CHECKTEST_H

#include <stdbool.h>

#include "testutil.h" /* cmocka, bundle.h, facts.h, tu_bundle() */

#include "check.h"

/* ---- shared logic ------------------------------------------------------ */

/* Replaces every ' in S by " in place (bundle texts in the tests use single
 * quotes to stay readable). */
static inline void ct_unquote(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '\'')
            *p = '"';
}

/* The evaluation the CLI would make for F: the bundle's context and template
 * when set (else CTX_NONE / any template), collected_at as "now" (0 if
 * absent). F stays owned by the caller. */
static inline struct eval ct_bundle_eval(const struct facts *f)
{
    struct eval ev = {
        .f = f,
        .ctx = f->ctx_st == F_SET ? f->ctx : CTX_NONE,
        .tmpl = f->tmpl.st == F_SET ? f->tmpl.v : NULL,
        .now = f->meta.collected_at.st == F_SET ? f->meta.collected_at.v : 0,
    };
    return ev;
}

/* Clears R, points it at arena A and runs check C under EV. The findings go
 * into A; the caller frees A (arena_free). */
static inline void ct_check(const struct check *c, const struct eval *ev, struct arena *a,
                            struct check_result *r)
{
    memset(r, 0, sizeof(*r));
    r->arena = a;
    check_eval(c, ev, r);
}

/* Rewrites TEXT's single quotes, parses it (failing the test on error) into
 * *F, frees TEXT (malloc'd by the caller, owned from here on) and runs check
 * C on the facts in the bundle's context and template. The caller frees *F
 * (facts_free) and A (arena_free). */
static inline void ct_run_text(const struct check *c, char *text, struct facts **f,
                               struct arena *a, struct check_result *r)
{
    ct_unquote(text);
    *f = tu_bundle(text);
    free(text);
    struct eval ev = ct_bundle_eval(*f);
    ct_check(c, &ev, a, r);
}

/* How many findings ID are in R. */
static inline size_t ct_count(const struct check_result *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nfindings; i++)
        if (strcmp(r->findings[i].def->id, id) == 0)
            n++;
    return n;
}

/* The NTH (0-based) finding ID in R, or NULL. Points into R. */
static inline const struct finding *ct_find(const struct check_result *r, const char *id,
                                            size_t nth)
{
    for (size_t i = 0; i < r->nfindings; i++)
        if (strcmp(r->findings[i].def->id, id) == 0 && nth-- == 0)
            return &r->findings[i];
    return NULL;
}

/* The value of the NTH (0-based) evidence KEY of FD, or NULL (also when FD is
 * NULL). Points into FD's arena. */
static inline const char *ct_evidence(const struct finding *fd, const char *key, size_t nth)
{
    if (!fd)
        return NULL;
    for (size_t i = 0; i < fd->nevidence; i++)
        if (strcmp(fd->evidence[i].key, key) == 0 && nth-- == 0)
            return fd->evidence[i].value;
    return NULL;
}

/* Whether R reports PATH as a missing fact. */
static inline bool ct_missing(const struct check_result *r, const char *path)
{
    for (size_t i = 0; i < r->nmissing; i++)
        if (strcmp(r->missing[i], path) == 0)
            return true;
    return false;
}

/* Whether FD's definition offers ACTION (false when FD is NULL). */
static inline bool ct_has_action(const struct finding *fd, const char *action)
{
    for (size_t i = 0; fd && i < FINDING_MAX_ACTIONS && fd->def->actions[i]; i++)
        if (strcmp(fd->def->actions[i], action) == 0)
            return true;
    return false;
}

/* ---- struct tc: facts fragment, first-match lookups --------------------- */

/* One evaluation: a bundle built from FACTS (JSON with ' for ") under TOP
 * (top-level members such as 'context':'user', each followed by a comma),
 * collected at 2026-11-20T08:15:00Z, run through the check. */
struct tc {
    struct facts *f;
    struct arena a;
    struct check_result r;
};

#define TC_FMT "{'format':'enrolldoc-bundle/1'," \
               "'meta':{'collected_at':'2026-11-20T08:15:00Z'},%s'facts':{%s}}"

/* Fills T (which need not be initialised) with the result of check C on the
 * bundle TOP + FACTS. Release with tc_free(). */
static inline void tc_run(struct tc *t, const struct check *c, const char *top,
                          const char *facts)
{
    size_t n = strlen(TC_FMT) + strlen(top) + strlen(facts) + 1;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, TC_FMT, top, facts);
    memset(t, 0, sizeof(*t));
    ct_run_text(c, text, &t->f, &t->a, &t->r);
}

/* Frees T's facts and arena (and with it every finding and string). */
static inline void tc_free(struct tc *t)
{
    arena_free(&t->a);
    facts_free(t->f);
}

/* The first finding ID, or NULL. */
static inline const struct finding *tc_find(const struct tc *t, const char *id)
{
    return ct_find(&t->r, id, 0);
}

/* The first evidence KEY of the first finding ID, or NULL if it has none;
 * fails the test when there is no finding ID. */
static inline const char *tc_ev(const struct tc *t, const char *id, const char *key)
{
    const struct finding *fd = tc_find(t, id);
    assert_non_null(fd);
    return ct_evidence(fd, key, 0);
}

/* Whether the check reported PATH as missing. */
static inline bool tc_missing(const struct tc *t, const char *path)
{
    return ct_missing(&t->r, path);
}

/* ---- struct fx: whole bundle text, NTH lookups -------------------------- */

/* One evaluation: the facts from a bundle text, the check's result. Start
 * from `struct fx x = {0};` (fx_run keeps X's arena). */
struct fx {
    struct facts *f;
    struct arena a;
    struct check_result r;
};

/* Parses JSON (single quotes stand for double quotes, to keep the texts
 * readable) and runs check C on it in the bundle's context and template.
 * Release with fx_free(). */
static inline void fx_run(struct fx *x, const struct check *c, const char *json)
{
    size_t len = strlen(json);
    char *text = malloc(len + 1);
    assert_non_null(text);
    memcpy(text, json, len + 1);
    ct_run_text(c, text, &x->f, &x->a, &x->r);
}

/* Frees X's facts and arena (and with it every finding and string). */
static inline void fx_free(struct fx *x)
{
    arena_free(&x->a);
    facts_free(x->f);
    x->f = NULL;
}

/* How many findings ID the check reported. */
static inline size_t fx_count(const struct fx *x, const char *id)
{
    return ct_count(&x->r, id);
}

/* The NTH (0-based) finding ID, or NULL. */
static inline const struct finding *fx_find(const struct fx *x, const char *id, size_t nth)
{
    return ct_find(&x->r, id, nth);
}

/* The value of the NTH evidence KEY of FD, or NULL. */
static inline const char *fx_ev(const struct finding *fd, const char *key, size_t nth)
{
    return ct_evidence(fd, key, nth);
}

/* Whether the check reported PATH as missing. */
static inline bool fx_missing(const struct fx *x, const char *path)
{
    return ct_missing(&x->r, path);
}

/* Whether FD's definition offers ACTION. */
static inline bool fx_has_action(const struct finding *fd, const char *action)
{
    return ct_has_action(fd, action);
}

#endif
