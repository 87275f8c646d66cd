/* test_train.c: the training engine (src/train.c) on every built-in
 * scenario: each one's intended finding fires and its walk ends at the
 * intended conclusion (diagnose), the decisions are well formed (the right
 * answer among distinct choices, every text in both catalogs), walking with
 * right answers follows diagnose's path exactly, wrong choices are explained
 * and scored, and the debrief is written. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <unistd.h>

#include "diagnose.h"
#include "session.h"
#include "train.h"
#include "tree.h"

static struct locale L;
static struct tree *T;

#define NOW 1795000000   /* any fixed time; the scenarios carry their own */

static int setup(void **state)
{
    (void)state;
    struct err e;
    if (locale_load(&L, NULL, &e) != 0)
        return -1;
    T = tree_load(NULL, &L, &e);
    return T ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tree_free(T);
    locale_free(&L);
    return 0;
}

/* What each built-in scenario is about: the one cause the trainee should
 * find, and where diagnose's walk must end. Written from the scenarios'
 * stories, not from the program's output. */
static const struct {
    const char *id, *finding, *conclusion;
} expected[] = {
    {"cert-present", "cert.present", "end.cert-present"},
    {"aepolicy-zero", "aepolicy.enroll-off", "end.aepolicy"},
    {"aepolicy-renew-only", "aepolicy.enroll-off", "end.aepolicy"},
    {"aepolicy-disabled", "aepolicy.disabled", "end.aepolicy"},
    {"aepolicy-runas", "aepolicy.missing", "end.aepolicy"},
    {"task-never-run", "task.never-run", "end.events-no-run"},
    {"task-disabled", "task.disabled", "end.task"},
    {"task-hanging", "task.hanging", "end.events"},
    {"template-enroll", "perm.template-enroll", "end.perm-template"},
    {"template-autoenroll", "perm.template-autoenroll", "end.perm-template"},
    {"ca-request-denied-right", "perm.ca-request", "end.perm-ca"},
    {"token-stale-computer", "perm.token-stale", "end.token-stale"},
    {"template-not-published", "template.not-published", "end.not-published"},
    {"ksp-tpm-not-ready", "ksp.unavailable", "end.ksp"},
    {"ca-unreachable-firewall", "ca.unreachable", "end.ca-unreachable"},
    {"template-unsupported-by-ca", "enroll.template-unsupported", "end.template-unsupported"},
    {"ca-denied-dns-name", "ca.denied", "end.denied"},
    {"mail-missing", "account.mail-missing", "end.mail-missing"},
    {"invalid-issuance-policy", "template.invalid-policy", "end.invalid-policy"},
    {"log-run-incomplete", "events.run-incomplete", "end.events"},
    {"ces-user-not-delegated", "ces.user-not-delegated", "end.ces-kerberos"},
    {"ces-no-delegation", "ces.no-delegation", "end.ces-kerberos"},
    {"ces-credential-guard", "ces.unconstrained-credential-guard", "end.ces-kerberos"},
    {"ces-no-impersonate", "ces.no-impersonate", "end.ces-kerberos"},
    {"ces-kbr-no-ca-read", "ces.kbr-no-ca-read", "end.ces-kbr"},
    {"ces-kbr-renew-on-behalf", "ces.kbr-renew-on-behalf", "end.ces-kbr"},
    {"ces-request-failed-mail", "ces.ca-request-failed", "end.mail-missing"},
};
#define NEXPECTED (sizeof(expected) / sizeof(expected[0]))

/* Findings the scenarios must cover between them (issue 6), plus the other
 * facts of the brief checked below (AEPolicy values, log level). */
static const char *const must_cover[] = {
    "cert.present", "aepolicy.enroll-off", "aepolicy.disabled", "aepolicy.missing",
    "session.runas", "task.never-run", "task.disabled", "task.hanging", "perm.template-enroll",
    "perm.template-autoenroll", "perm.ca-request", "perm.token-stale", "template.not-published",
    "ksp.unavailable", "ca.unreachable", "enroll.template-unsupported", "ca.denied",
    "account.mail-missing", "template.invalid-policy", "log.level-low", "events.run-incomplete",
    "ces.user-not-delegated", "ces.no-delegation", "ces.unconstrained-credential-guard",
    "ces.no-impersonate", "ces.kbr-no-ca-read", "ces.kbr-renew-on-behalf",
    "ces.ca-request-failed",
};

static bool has_finding(const struct diagnosis *d, const char *id)
{
    for (size_t i = 0; i < d->nfindings; i++)
        if (strcmp(d->findings[i]->def->id, id) == 0)
            return true;
    return false;
}

static bool in_both(const char *key)
{
    return catalog_get(L.cat[LANG_EN], key) && catalog_get(L.cat[LANG_DE], key);
}

/* F's title and description exist in English and German, and differ. */
static void assert_both_languages(const struct facts *f, const char *id)
{
    const struct opt_str *en[] = {&f->meta.title, &f->meta.description};
    const struct opt_str *de[] = {&f->meta.title_de, &f->meta.description_de};
    for (size_t k = 0; k < 2; k++) {
        if (en[k]->st != F_SET || de[k]->st != F_SET || !en[k]->v[0] || !de[k]->v[0])
            fail_msg("%s: %s not in both languages", id, k ? "description" : "title");
        if (strcmp(en[k]->v, de[k]->v) == 0)
            fail_msg("%s: %s the same in both languages", id, k ? "description" : "title");
    }
}

static struct facts *load_builtin(const char *id)
{
    const struct train_builtin *b = train_builtin_find(id);
    if (!b)
        fail_msg("no built-in scenario %s", id);
    struct facts *f = NULL;
    struct err e;
    if (bundle_parse(id, (const char *)b->data, b->len, &f, &e) != 0)
        fail_msg("%s: %s", id, e.key);
    return f;
}

/* ---- the scenarios as data ---- */

static void test_builtins_listed(void **state)
{
    (void)state;
    size_t n;
    const struct train_builtin *b = train_builtins(&n);
    assert_true(n >= 12);
    assert_int_equal(n, NEXPECTED);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            assert_true(strcmp(b[i - 1].id, b[i].id) < 0); /* sorted, unique */
        assert_ptr_equal(train_builtin_find(b[i].id), &b[i]);
        assert_int_equal(b[i].data[b[i].len], '\0');
        struct facts *f = load_builtin(b[i].id);
        assert_both_languages(f, b[i].id);
        /* the picker's texts are the same */
        char buf[2048];
        assert_string_equal(train_builtin_text(&b[i], LANG_DE, false, buf, sizeof(buf)), f->meta.title_de.v);
        assert_string_equal(train_builtin_text(&b[i], LANG_EN, true, buf, sizeof(buf)), f->meta.description.v);
        facts_free(f);
    }
    assert_null(train_builtin_find("no-such-scenario"));
}

/* The demo, like every built-in scenario, has its title and story in both
 * languages, and the German differs from the English. */
static void test_demo_both_languages(void **state)
{
    (void)state;
    struct facts *f = NULL;
    struct err e;
    assert_int_equal(bundle_demo(&f, &e), 0);
    assert_both_languages(f, "demo");
    assert_string_equal(bundle_meta_text(&f->meta.title, &f->meta.title_de, LANG_DE),
                        "Neue Gruppe, altes Ticket");
    assert_string_equal(bundle_meta_text(&f->meta.title, &f->meta.title_de, LANG_EN), "New group, old ticket");
    facts_free(f);
}

static void test_intended_cause(void **state)
{
    (void)state;
    for (size_t i = 0; i < NEXPECTED; i++) {
        struct facts *f = load_builtin(expected[i].id);
        struct diagnosis *d = NULL;
        struct err e;
        assert_int_equal(session_diagnose_facts(f, T, CTX_NONE, NULL, NOW, &d, &e), 0);
        if (!has_finding(d, expected[i].finding))
            fail_msg("%s: %s does not fire", expected[i].id, expected[i].finding);
        assert_true(d->nsteps > 0);
        const struct node *last = d->steps[d->nsteps - 1].node;
        if (strcmp(last->id, expected[i].conclusion) != 0)
            fail_msg("%s: the walk ends at %s, not %s", expected[i].id, last->id,
                     expected[i].conclusion);
        assert_int_equal(last->kind, NODE_CONCLUSION);
        /* the intended finding is the one the walk's last check decided on,
           or reported by a check on the path */
        bool on_path = false;
        for (size_t k = 0; k < d->nsteps; k++)
            for (size_t j = 0; d->steps[k].result && j < d->steps[k].result->nfindings; j++)
                on_path = on_path ||
                          strcmp(d->steps[k].result->findings[j].def->id, expected[i].finding) == 0;
        if (!on_path)
            fail_msg("%s: %s is not shown on the walk", expected[i].id, expected[i].finding);
        diagnosis_free(d);
        facts_free(f);
    }
}

static void test_coverage(void **state)
{
    (void)state;
    bool covered[sizeof(must_cover) / sizeof(must_cover[0])] = {false};
    bool aep[4] = {false}; /* 0x0, 0x6, 0x8000, null */
    bool kbr8 = false, kbr9 = false, tpm = false, rpc = false, uct = false, ev53 = false;
    for (size_t i = 0; i < NEXPECTED; i++) {
        struct facts *f = load_builtin(expected[i].id);
        struct diagnosis *d = NULL;
        struct err e;
        assert_int_equal(session_diagnose_facts(f, T, CTX_NONE, NULL, NOW, &d, &e), 0);
        for (size_t k = 0; k < sizeof(must_cover) / sizeof(must_cover[0]); k++)
            covered[k] = covered[k] || has_finding(d, must_cover[k]);
        for (int c = 0; c < CTX_COUNT; c++) {
            const struct opt_int *p = &f->aepolicy[c];
            if (f->ctx != (enum ctx)c)
                continue;
            aep[0] = aep[0] || (p->st == F_SET && p->v == 0x0);
            aep[1] = aep[1] || (p->st == F_SET && p->v == 0x6);
            aep[2] = aep[2] || (p->st == F_SET && p->v == 0x8000);
            aep[3] = aep[3] || (p->st == F_NULL && f->session.runas.st == F_SET && f->session.runas.v);
        }
        for (size_t k = 0; f->ces.events.st == F_SET && k < f->ces.events.n; k++) {
            kbr8 = kbr8 || f->ces.events.v[k].id.v == 8;
            kbr9 = kbr9 || f->ces.events.v[k].id.v == 9;
        }
        for (size_t k = 0; k < f->nksp; k++)
            tpm = tpm || (f->ksp[k].error.st == F_SET && f->ksp[k].error.v == 0x80090030u);
        for (size_t k = 0; k < f->nca_ping; k++)
            rpc = rpc || (f->ca_ping[k].error.st == F_SET && f->ca_ping[k].error.v == 0x800706BAu);
        for (size_t k = 0; k < f->nenroll; k++)
            uct = uct || (f->enroll[k].error.st == F_SET && f->enroll[k].error.v == 0x80094800u);
        for (size_t k = 0; f->ca_events.st == F_SET && k < f->ca_events.n; k++)
            ev53 = ev53 || f->ca_events.v[k].id.v == 53;
        diagnosis_free(d);
        facts_free(f);
    }
    for (size_t k = 0; k < sizeof(must_cover) / sizeof(must_cover[0]); k++)
        if (!covered[k])
            fail_msg("no scenario reports %s", must_cover[k]);
    for (int k = 0; k < 4; k++)
        assert_true(aep[k]);
    assert_true(kbr8 && kbr9 && tpm && rpc && uct && ev53);
}

/* ---- the decisions ---- */

/* Asserts that decision D is well formed. */
static void check_decision(const char *id, const struct train_decision *d)
{
    assert_true(d->nchoices >= 1 && d->nchoices <= TRAIN_MAX_CHOICES);
    assert_true(d->answer < d->nchoices);
    assert_true(d->choices[d->answer].right);
    if (d->kind != TRAIN_QUESTION) {
        if (d->nchoices < 2)
            fail_msg("%s at %s: only %zu choice", id, d->node->id, d->nchoices);
        assert_true(d->scored);
    }
    for (size_t i = 0; i < d->nchoices; i++) {
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(d->choices[i].id, d->choices[j].id);
            for (int lg = 0; lg < LANG_COUNT; lg++) {
                struct locale l = L;
                l.lang = (enum lang)lg;
                if (strcmp(train_choice_label(d, i, &l), train_choice_label(d, j, &l)) == 0)
                    fail_msg("%s at %s: two choices read \"%s\"", id, d->node->id,
                             train_choice_label(d, i, &l));
            }
        }
        /* every text is a catalog text, not a key shown raw */
        char key[200];
        const char *cid = d->choices[i].id;
        switch (d->kind) {
        case TRAIN_OUTCOME:
            if (strcmp(cid, "ok") == 0)
                snprintf(key, sizeof(key), "check.%s.ok", d->node->check->id);
            else if (strcmp(cid, "unknown") == 0)
                snprintf(key, sizeof(key), "check.%s.unknown", d->node->check->id);
            else
                snprintf(key, sizeof(key), "finding.%s.meaning", cid);
            assert_true(in_both(key));
            assert_non_null(train_choice_meaning(d, i, &L));
            break;
        case TRAIN_NEXT:
            snprintf(key, sizeof(key), "node.%s.title", cid);
            assert_true(in_both(key));
            assert_non_null(d->choices[i].node);
            assert_int_equal(d->choices[i].node->kind, NODE_CHECK);
            assert_non_null(train_choice_meaning(d, i, &L));
            break;
        case TRAIN_QUESTION:
            snprintf(key, sizeof(key), "question.%s.%s", d->node->question, cid);
            assert_true(in_both(key));
            break;
        }
    }
    if (d->kind == TRAIN_NEXT) {
        assert_non_null(d->target);
        assert_string_equal(d->choices[d->answer].id, d->target->id);
        /* no two choices run the same check (a.perm-ca and ces.perm-ca) */
        for (size_t i = 0; i < d->nchoices; i++)
            for (size_t j = 0; j < i; j++)
                assert_ptr_not_equal(d->choices[i].node->check, d->choices[j].node->check);
    }
}

/* Asserts that the answer of outcome decision D is what step ST shows. */
static void check_outcome_answer(const struct train_decision *d, const struct session_step *st)
{
    const char *answer = d->choices[d->answer].id;
    if (st->status == STEP_UNKNOWN)
        assert_string_equal(answer, "unknown");
    else if (st->finding)
        assert_string_equal(answer, st->finding->def->id);
    else
        assert_string_equal(answer, "ok");
    /* a finding the check did not report is never "right" */
    for (size_t i = 0; i < d->nchoices; i++) {
        bool reported = false;
        for (size_t k = 0; st->result && k < st->result->nfindings; k++)
            reported = reported || strcmp(st->result->findings[k].def->id, d->choices[i].id) == 0;
        if (strcmp(d->choices[i].id, "ok") != 0 && strcmp(d->choices[i].id, "unknown") != 0)
            assert_int_equal(d->choices[i].right, reported);
    }
}

/* Walks ID; WRONG_FIRST: at every decision a wrong choice first. Checks
 * every decision and compares the path with diagnose's. */
static void walk_scenario(const char *id, bool wrong_first, struct train_score *out)
{
    struct train *t = NULL;
    struct err e;
    assert_int_equal(train_begin_builtin(&t, T, id, NOW, &e), 0);
    assert_string_equal(train_id(t), id);
    size_t guard = 0, nwrong = 0;
    while (train_phase(t) != TRAIN_END && guard++ < 200) {
        switch (train_phase(t)) {
        case TRAIN_SHOW:
            assert_null(train_current(t));
            assert_int_equal(train_node(t)->kind, NODE_INFO);
            assert_int_not_equal(train_continue(t), -1);
            break;
        case TRAIN_DECIDE: {
            const struct train_decision *d = train_current(t);
            assert_non_null(d);
            check_decision(id, d);
            if (d->kind == TRAIN_OUTCOME)
                check_outcome_answer(d, train_step(t));
            assert_int_equal(train_continue(t), -1); /* no moving on before deciding */
            if (wrong_first && d->scored) {
                size_t w = 0;
                while (d->choices[w].right)
                    w++;
                assert_int_equal(train_choose(t, w), 0);
                nwrong++;
                assert_true(d->choices[w].tried);
                assert_int_equal(train_phase(t), TRAIN_DECIDE);
                assert_int_equal(train_choose(t, w), -1); /* not twice */
                char buf[1024];
                if (d->kind == TRAIN_NEXT)
                    assert_non_null(train_choice_relation(t, d, w, &L, buf, sizeof(buf)));
                else if (d->kind == TRAIN_QUESTION)
                    assert_non_null(train_choice_relation(t, d, w, &L, buf, sizeof(buf)));
                else
                    assert_non_null(train_choice_meaning(d, w, &L));
            }
            enum train_kind kind = d->kind;
            size_t ndec = train_ndecisions(t);
            assert_int_equal(train_choose(t, d->answer), 1);
            if (kind == TRAIN_OUTCOME) {
                assert_int_equal(train_phase(t), TRAIN_RESULT);
                assert_true(train_decision_at(t, ndec - 1)->resolved);
            }
            break;
        }
        case TRAIN_RESULT:
            assert_int_not_equal(train_continue(t), -1);
            break;
        case TRAIN_END:
            break;
        }
    }
    assert_int_equal(train_phase(t), TRAIN_END);
    assert_int_equal(train_node(t)->kind, NODE_CONCLUSION);
    /* the path walked is diagnose's path, node for node */
    const struct diagnosis *d = train_diagnosis(t);
    const struct session *w = train_walk(t);
    assert_int_equal(w->nsteps, d->nsteps);
    for (size_t i = 0; i < d->nsteps; i++)
        assert_string_equal(T->nodes[w->steps[i].node].id, d->steps[i].node->id);
    train_score(t, out);
    assert_int_equal(out->wrong, nwrong);
    train_free(t);
}

static void test_walk_right(void **state)
{
    (void)state;
    for (size_t i = 0; i < NEXPECTED; i++) {
        struct train_score s;
        walk_scenario(expected[i].id, false, &s);
        assert_true(s.decisions >= 3);
        assert_int_equal(s.first_try, s.decisions);
        assert_int_equal(s.wrong, 0);
        assert_int_equal(s.percent, 100);
        assert_int_equal(s.taken, s.shortest);
        assert_int_equal(s.walked, s.shortest);
        assert_true(s.shortest >= 1);
    }
}

static void test_walk_wrong(void **state)
{
    (void)state;
    for (size_t i = 0; i < NEXPECTED; i++) {
        struct train_score s;
        walk_scenario(expected[i].id, true, &s);
        assert_int_equal(s.first_try, 0);
        assert_int_equal(s.percent, 0);
        assert_int_equal(s.wrong, s.decisions);
        assert_int_equal(s.taken, s.shortest + s.wrong);
    }
}

/* Half right, half revealed: the score counts only first tries. */
static void test_reveal_and_score(void **state)
{
    (void)state;
    struct train *t = NULL;
    struct err e;
    assert_int_equal(train_begin_builtin(&t, T, "aepolicy-zero", NOW, &e), 0);
    size_t k = 0, right = 0, revealed = 0;
    while (train_phase(t) != TRAIN_END) {
        if (train_phase(t) == TRAIN_DECIDE) {
            const struct train_decision *d = train_current(t);
            bool scored = d->scored;
            if (k++ % 2 == 0 || !scored) {
                assert_int_equal(train_choose(t, d->answer), 1);
                right += scored;
            } else {
                assert_int_equal(train_reveal(t), 0);
                revealed++;
            }
        } else {
            assert_int_not_equal(train_continue(t), -1);
        }
    }
    struct train_score s;
    train_score(t, &s);
    assert_int_equal(s.revealed, revealed);
    assert_int_equal(s.first_try, right);
    assert_int_equal(s.decisions, right + revealed);
    assert_int_equal(s.percent, (unsigned)((right * 100 + s.decisions / 2) / s.decisions));
    assert_int_equal(train_reveal(t), -1);
    assert_int_equal(train_choose(t, 0), -1);
    train_free(t);
}

static void test_unknown_builtin(void **state)
{
    (void)state;
    struct train *t = NULL;
    struct err e;
    assert_int_equal(train_begin_builtin(&t, T, "nope", NOW, &e), -1);
    assert_null(t);
    assert_string_equal(e.key, "error.train.unknown");
    assert_string_equal(err_get(&e, "id"), "nope");
    assert_true(in_both("error.train.unknown"));
}

/* A trainer's own file: meta.title / meta.description are title and story. */
static void test_trainer_file(void **state)
{
    (void)state;
    char path[] = "/tmp/enrolldoc-train-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *json =
        "{\"format\": \"enrolldoc-bundle/1\", \"meta\": {\"title\": \"Trainer's case\","
        " \"description\": \"Nobody gets anything.\", \"collected_at\": \"2026-11-20T08:00:00Z\"},"
        " \"context\": \"user\", \"template\": \"X\", \"facts\": {\"aepolicy\": {\"user\": 32768}}}";
    assert_int_equal(write(fd, json, strlen(json)), (ssize_t)strlen(json));
    close(fd);
    struct train *t = NULL;
    struct err e;
    assert_int_equal(train_begin_file(&t, T, path, NOW, &e), 0);
    assert_null(train_id(t));
    assert_string_equal(train_title(t, &L), "Trainer's case");
    assert_string_equal(train_story(t, &L), "Nobody gets anything.");
    /* walked with right answers, it ends where diagnose ends */
    while (train_phase(t) != TRAIN_END) {
        const struct train_decision *d = train_current(t);
        if (train_phase(t) == TRAIN_DECIDE)
            assert_int_equal(train_choose(t, d->answer), 1);
        else
            assert_int_not_equal(train_continue(t), -1);
    }
    assert_string_equal(train_node(t)->id, "end.aepolicy");
    train_free(t);
    unlink(path);
    assert_int_equal(train_begin_file(&t, T, "/nonexistent/x.json", NOW, &e), -1);
    assert_null(t);
}

/* The debrief in Markdown: score, path, the wrong choice explained, the report. */
static void test_markdown(void **state)
{
    (void)state;
    struct train *t = NULL;
    struct err e;
    assert_int_equal(train_begin_builtin(&t, T, "ca-unreachable-firewall", NOW, &e), 0);
    const char *wrong_title = NULL;
    while (train_phase(t) != TRAIN_END) {
        const struct train_decision *d = train_current(t);
        if (train_phase(t) != TRAIN_DECIDE) {
            assert_int_not_equal(train_continue(t), -1);
            continue;
        }
        if (d->kind == TRAIN_OUTCOME && strcmp(d->node->id, "b.ca-ping") == 0) {
            size_t w = d->answer == 0 ? 1 : 0;
            wrong_title = train_choice_label(d, w, &L);
            assert_int_equal(train_choose(t, w), 0);
        }
        assert_int_equal(train_choose(t, d->answer), 1);
    }
    assert_non_null(wrong_title);
    for (int lg = 0; lg < LANG_COUNT; lg++) {
        struct locale l = L;
        l.lang = (enum lang)lg;
        char *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);
        assert_non_null(out);
        assert_int_equal(train_write_markdown(t, &l, NOW, "CONTOSO\\trainer", out), 0);
        fclose(out);
        struct train_score s;
        train_score(t, &s);
        char line[512], n1[16], n2[16], pc[16];
        snprintf(n1, sizeof(n1), "%zu", s.first_try);
        snprintf(n2, sizeof(n2), "%zu", s.decisions);
        snprintf(pc, sizeof(pc), "%u", s.percent);
        const char *names[] = {"right", "total", "percent"};
        const char *values[] = {n1, n2, pc};
        fill(line, sizeof(line), tr(&l, "train.ui.debrief.score"), names, values, 3);
        assert_non_null(strstr(buf, line));
        assert_true(s.first_try + 1 == s.decisions);
        char title[512];
        const struct train_builtin *fw = train_builtin_find("ca-unreachable-firewall");
        assert_non_null(strstr(buf, train_builtin_text(fw, l.lang, false, title, sizeof(title))));
        assert_non_null(strstr(buf, tr(&l, "train.ui.debrief.shortest")));
        assert_non_null(strstr(buf, tr(&l, "finding.ca.unreachable.title")));
        /* the wrong choice, in this language, with what it would have meant */
        assert_non_null(strstr(buf, tr(&l, "train.ui.debrief.chosen")));
        free(buf);
    }
    char dir[] = "/tmp/enrolldoc-train-dir-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[4400];
    assert_int_equal(train_save(t, &L, dir, NOW, "u", path, sizeof(path), &e), 0);
    assert_non_null(strstr(path, "training_ca-unreachable-firewall_"));
    char path2[4400];
    assert_int_equal(train_save(t, &L, dir, NOW, "u", path2, sizeof(path2), &e), 0);
    assert_string_not_equal(path, path2); /* never replaced */
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fclose(f);
    unlink(path);
    unlink(path2);
    rmdir(dir);
    train_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtins_listed),
        cmocka_unit_test(test_demo_both_languages),
        cmocka_unit_test(test_intended_cause),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_walk_right),
        cmocka_unit_test(test_walk_wrong),
        cmocka_unit_test(test_reveal_and_score),
        cmocka_unit_test(test_unknown_builtin),
        cmocka_unit_test(test_trainer_file),
        cmocka_unit_test(test_markdown),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
