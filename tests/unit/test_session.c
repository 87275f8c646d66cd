/* test_session.c: src/session.c, the one walker: the walk and Back, the
 * default choices, diagnose's automatic walk, live probing of exactly the
 * groups a check needs (a fake client), and the transcript the session
 * writes. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <dirent.h>
#include <unistd.h>

#include "session.h"
#include "tree.h"

static struct tree *T;

struct fake {
    int probes[PROBE_COUNT];
};

static int fake_probe(void *ud, struct facts *f, enum probe_group g, int timeout_ms, struct probe_note *note)
{
    (void)f;
    (void)timeout_ms;
    struct fake *x = ud;
    x->probes[g]++;
    snprintf(note->reason, sizeof(note->reason), "fake");
    return 1; /* nothing found: every check stays unknown */
}

static struct facts *demo(void)
{
    struct facts *f = NULL;
    struct err e;
    assert_int_equal(bundle_demo(&f, &e), 0);
    return f;
}

/* The automatic walk is diagnose's path; the diagnosis of a session
 * carries the session's own path. */
static void test_auto_walk(void **state)
{
    (void)state;
    struct facts *f = demo();
    struct diagnosis *d = NULL;
    struct err e;
    assert_int_equal(session_diagnose_facts(f, T, CTX_NONE, NULL, 0, &d, &e), 0);
    struct session s;
    struct session_start o = {.t = T, .f = f};
    assert_int_equal(session_begin(&s, &o, &e), 0);
    bool at_question = true;
    assert_int_equal(session_walk_auto(&s, &at_question), 0);
    assert_false(at_question);
    assert_int_equal(s.nsteps, d->nsteps);
    for (size_t i = 0; i < s.nsteps; i++)
        assert_ptr_equal(session_node(&s, &s.steps[i]), d->steps[i].node);
    const struct node *last = session_node(&s, session_current(&s));
    assert_int_equal(last->kind, NODE_CONCLUSION);
    struct diagnosis *d2 = NULL;
    assert_int_equal(session_diagnose(&s, &d2, &e), 0);
    assert_int_equal(d2->nsteps, s.nsteps);
    assert_int_equal(d2->nfindings, d->nfindings);
    diagnosis_free(d2);
    /* Back keeps the results of the steps it returns to */
    const struct check_result *before = s.steps[s.nsteps - 2].result;
    assert_int_equal(session_back(&s), 0);
    assert_ptr_equal(session_current(&s)->result, before);
    session_free(&s);
    diagnosis_free(d);
    facts_free(f);
}

/* A context given up front, the bundle's, or the only one with facts is
 * the default; none when the facts do not tell. */
static void test_default_context(void **state)
{
    (void)state;
    struct err e;
    struct facts *f = tu_bundle("{\"format\":\"enrolldoc-bundle/1\",\"facts\":{\"aepolicy\":{\"machine\":7}}}");
    struct session s;
    struct session_start o = {.t = T, .f = f};
    assert_int_equal(session_begin(&s, &o, &e), 0);
    assert_int_equal(session_advance(&s, NULL), 0);
    const struct node *q = session_node(&s, session_current(&s));
    assert_string_equal(q->question, "context");
    assert_string_equal(session_default_choice(&s, q), "machine");
    session_free(&s);
    o.ctx_given = true;
    o.ctx = CTX_USER;
    assert_int_equal(session_begin(&s, &o, &e), 0);
    assert_int_equal(session_advance(&s, NULL), 0);
    assert_string_equal(session_default_choice(&s, session_node(&s, session_current(&s))), "user");
    session_free(&s);
    facts_free(f);
    f = tu_bundle("{\"format\":\"enrolldoc-bundle/1\",\"facts\":{\"aepolicy\":{\"machine\":7,\"user\":7}}}");
    o = (struct session_start){.t = T, .f = f};
    assert_int_equal(session_begin(&s, &o, &e), 0);
    assert_int_equal(session_advance(&s, NULL), 0);
    assert_null(session_default_choice(&s, session_node(&s, session_current(&s))));
    bool at_question = false;
    assert_int_equal(session_walk_auto(&s, &at_question), 0);
    assert_true(at_question);
    session_free(&s);
    facts_free(f);
}

/* Live: each check's groups are probed when the walk reaches it, once;
 * a re-run probes them again; nothing else is probed. */
static void test_live_probes_needs(void **state)
{
    (void)state;
    struct fake x = {0};
    struct session_client c = {fake_probe, NULL, NULL, &x};
    /* with a template named (without one, see test_template_question) */
    struct session_start o = {.t = T, .live = true, .client = &c, .tmpl = "ContosoUser", .now = 1};
    struct session s;
    struct err e;
    assert_int_equal(session_begin(&s, &o, &e), 0);
    assert_int_equal(x.probes[PROBE_SESSION], 1);
    assert_int_equal(session_advance(&s, NULL), 0);
    assert_int_equal(session_advance(&s, "user"), 0);
    assert_int_equal(session_advance(&s, "rpc"), 0);
    assert_int_equal(session_advance(&s, NULL), 0); /* a.intro -> a.store */
    const struct node *n = session_node(&s, session_current(&s));
    assert_int_equal(n->kind, NODE_CHECK);
    unsigned needs = n->check->needs;
    assert_true(needs != 0);
    /* the transport question read the configured policy servers */
    assert_int_equal(x.probes[PROBE_POLICY_SERVERS], 1);
    for (int g = 0; g < PROBE_COUNT; g++)
        if (g != PROBE_SESSION && g != PROBE_POLICY_SERVERS)
            assert_int_equal(x.probes[g], (needs >> g) & 1u);
    /* a group that could not be probed is not asked again by the walk ... */
    assert_true(s.notes.n >= 1);
    int before[PROBE_COUNT];
    memcpy(before, x.probes, sizeof(before));
    assert_int_equal(session_rerun(&s), 0);
    /* ... but a re-run asks again */
    for (int g = 0; g < PROBE_COUNT; g++)
        if ((needs >> g) & 1u)
            assert_int_equal(x.probes[g], before[g] + 1);
    assert_int_equal(session_current(&s)->runs, 2);
    session_free(&s);
}

/* The session keeps the transcript: a file in the state folder with the
 * start, the steps, the answers and a language switch. */
static void test_transcript(void **state)
{
    (void)state;
    char dir[] = "/tmp/enrolldoc-test-session-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct facts *f = demo();
    struct session_start o = {.t = T, .f = f, .state_dir = dir, .source = "demo"};
    struct session s;
    struct err e;
    assert_int_equal(session_begin(&s, &o, &e), 0);
    assert_non_null(session_transcript(&s));
    char path[256];
    snprintf(path, sizeof(path), "%s", session_transcript(&s));
    assert_int_equal(session_advance(&s, NULL), 0);
    assert_int_equal(session_advance(&s, "user"), 0);
    session_set_lang(&s, LANG_DE);
    session_free(&s);
    size_t len;
    char *text = tu_read(path, &len);
    assert_non_null(strstr(text, "\"event\":\"start\""));
    assert_non_null(strstr(text, "\"source\":\"demo\""));
    assert_non_null(strstr(text, "\"event\":\"answer\""));
    assert_non_null(strstr(text, "\"event\":\"lang\""));
    free(text);
    unlink(path);
    rmdir(dir);
    facts_free(f);
}

static int setup(void **state)
{
    (void)state;
    struct err e;
    T = tree_load(NULL, NULL, &e);
    return T ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tree_free(T);
    return 0;
}

/* Without a template, the first check that needs one asks which: the
 * candidates most likely first; the answer is evaluated at once and kept;
 * live, the groups the candidates are read from are probed for it. */
static void test_template_question(void **state)
{
    (void)state;
    struct err e;
    struct facts *f = tu_bundle(
        "{\"format\":\"enrolldoc-bundle/1\",\"context\":\"user\",\"facts\":{"
        "\"certificates\":{\"user\":[]},"
        "\"templates\":[{\"name\":\"ContosoUser\"},{\"name\":\"Web\"}],"
        "\"cas\":[{\"name\":\"CA1\",\"templates\":[\"Web\",\"ContosoUser\"]}],"
        "\"events\":[{\"id\":6,\"message\":\"Failed to enroll for template: ContosoUser\"}]}}");
    struct session s;
    struct session_start o = {.t = T, .f = f, .now = 1};
    assert_int_equal(session_begin(&s, &o, &e), 0);
    bool at_question = false;
    assert_false(session_asks_template(&s));
    for (int i = 0; i < 8 && !session_asks_template(&s); i++) {
        const struct node *n = session_node(&s, session_current(&s));
        assert_int_equal(session_advance(&s, n->kind == NODE_QUESTION ? session_default_choice(&s, n) : NULL), 0);
    }
    assert_true(session_asks_template(&s));
    const struct node *n = session_node(&s, session_current(&s));
    assert_int_equal(n->kind, NODE_CHECK);
    const struct candidate *c;
    assert_int_equal(session_template_candidates(&s, &c), 2);
    assert_string_equal(c[0].name, "ContosoUser"); /* published and in the events */
    assert_string_equal(c[1].name, "Web");
    assert_int_equal(session_set_template(&s, ""), 1);
    assert_true(session_asks_template(&s));
    assert_int_equal(session_set_template(&s, c[0].name), 0);
    assert_false(session_asks_template(&s));
    assert_string_equal(s.tmpl, "ContosoUser");
    assert_int_equal(session_current(&s)->status, STEP_OK);
    assert_int_equal(session_walk_auto(&s, &at_question), 0);
    assert_false(session_asks_template(&s)); /* asked once: later checks use the answer */
    session_free(&s);
    facts_free(f);
    /* live: the candidates' groups are probed when the question comes */
    struct fake x = {0};
    struct session_client cl = {fake_probe, NULL, NULL, &x};
    o = (struct session_start){.t = T, .live = true, .client = &cl, .now = 1};
    assert_int_equal(session_begin(&s, &o, &e), 0);
    assert_int_equal(session_advance(&s, NULL), 0);
    assert_int_equal(session_advance(&s, "user"), 0);
    assert_int_equal(session_advance(&s, "rpc"), 0);
    assert_int_equal(session_advance(&s, NULL), 0); /* a.intro -> a.store */
    assert_true(session_asks_template(&s));
    assert_int_equal(x.probes[PROBE_DIRECTORY], 1);
    assert_int_equal(x.probes[PROBE_EVENTS], 1);
    assert_int_equal(session_template_candidates(&s, &c), 0);
    session_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auto_walk),
        cmocka_unit_test(test_default_context),
        cmocka_unit_test(test_live_probes_needs),
        cmocka_unit_test(test_transcript),
        cmocka_unit_test(test_template_question),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
