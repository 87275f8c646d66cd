/* test_tree.c: the decision tree — the embedded one is valid and complete,
 * and every kind of broken tree is refused with a clear error. */
#include "testutil.h"

#include "tree.h"

static struct locale L;

static int setup(void **state)
{
    (void)state;
    struct err e;
    return locale_load(&L, NULL, &e);
}

static int teardown(void **state)
{
    (void)state;
    locale_free(&L);
    return 0;
}

static void embedded_tree_is_valid(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    struct tree *t = tree_load(NULL, &L, &e);
    if (!t)
        fail_msg("%s: %s %s", e.key, err_get(&e, "path"), err_get(&e, "value"));
    assert_string_equal(t->nodes[t->start].id, "intro");
    /* Every check of the registry is visited by some node. */
    size_t n;
    const struct check *const *all = check_all(&n);
    for (size_t i = 0; i < n; i++) {
        bool used = false;
        for (size_t k = 0; k < t->n; k++)
            if (t->nodes[k].check == all[i])
                used = true;
        if (!used)
            fail_msg("check %s appears in no tree node", all[i]->id);
    }
    /* The documents' branches are all there. */
    const char *must[] = {"q.context", "q.transport", "a.store", "a.aepolicy", "a.task",
                          "a.perm-template", "a.perm-ca", "a.token", "a.ksp", "b.ca-ping",
                          "b.enroll", "c.denied", "l.loglevel", "l.events", "ces.kerberos",
                          "ces.kbr", "ces.ca", "ces.endpoint"};
    for (size_t i = 0; i < sizeof(must) / sizeof(must[0]); i++)
        assert_true(tree_find(t, must[i]) != (size_t)-1);
    /* Every non-conclusion node leads somewhere; every path ends in a conclusion. */
    for (size_t k = 0; k < t->n; k++)
        if (t->nodes[k].kind == NODE_CHECK)
            for (int s = 0; s < 4; s++)
                assert_true(t->nodes[k].on[s] < t->n);
    tree_free(t);
}

static void next_node_helpers(void **state)
{
    (void)state;
    struct err e;
    struct tree *t = tree_load(NULL, &L, &e);
    assert_non_null(t);
    const struct node *q = &t->nodes[tree_find(t, "q.transport")];
    assert_string_equal(t->nodes[tree_next_after_choice(t, q, "ces")].id, "ces.intro");
    assert_int_equal(tree_next_after_choice(t, q, "pigeon"), (size_t)-1);
    const struct node *store = &t->nodes[tree_find(t, "a.store")];
    struct arena a = {0};
    struct check_result r = {.arena = &a};
    r.status = ST_OK;
    assert_string_equal(t->nodes[tree_next_after_check(t, store, &r)].id, "a.aepolicy");
    struct eval ev = {.ctx = CTX_USER};
    struct finding *f = result_add(&r, &ev, finding_def_find("cert.present"));
    assert_non_null(f);
    assert_string_equal(t->nodes[tree_next_after_check(t, store, &r)].id, "end.cert-present");
    arena_free(&a);
    tree_free(t);
}

/* A small valid tree whose texts exist (it borrows ids from the real tree). */
#define HEAD "{\"format\":\"enrolldoc-tree/1\",\"start\":\"intro\",\"nodes\":["
#define INTRO "{\"id\":\"intro\",\"kind\":\"info\",\"branch\":\"-\",\"next\":\"a.aepolicy\"}"
#define AEP(ok) "{\"id\":\"a.aepolicy\",\"kind\":\"check\",\"branch\":\"A\",\"check\":\"aepolicy\"," \
    "\"on\":{\"ok\":\"" ok "\",\"warn\":\"end.aepolicy\",\"fail\":\"end.aepolicy\",\"unknown\":\"end.aepolicy\"}}"
#define END "{\"id\":\"end.aepolicy\",\"kind\":\"conclusion\",\"branch\":\"A\"}"

static void expect_tree_error(const char *json, const char *reason, const char *value)
{
    struct err e;
    err_clear(&e);
    struct tree *t = tree_parse("t.json", json, strlen(json), &L, &e);
    if (t) {
        tree_free(t);
        fail_msg("accepted: %s", json);
    }
    if (reason) {
        assert_string_equal(e.key, "error.tree");
        assert_string_equal(err_get(&e, "reason"), reason);
        if (value)
            assert_string_equal(err_get(&e, "value"), value);
        assert_string_equal(err_get(&e, "file"), "t.json");
    }
}

static void small_valid_tree(void **state)
{
    (void)state;
    const char *j = HEAD INTRO "," AEP("end.aepolicy") "," END "]}";
    struct err e;
    struct tree *t = tree_parse("t.json", j, strlen(j), &L, &e);
    assert_non_null(t);
    assert_int_equal(t->n, 3);
    tree_free(t);
}

static void broken_trees(void **state)
{
    (void)state;
    expect_tree_error(HEAD INTRO "," AEP("nowhere") "," END "]}", "@tree.reason.dangling", "nowhere");
    expect_tree_error(HEAD INTRO "," AEP("end.aepolicy") "," END ","
                      "{\"id\":\"end.task\",\"kind\":\"conclusion\",\"branch\":\"A\"}]}",
                      "@tree.reason.unreachable", "end.task");
    expect_tree_error(HEAD INTRO "," AEP("intro") "," END "]}", "@tree.reason.cycle", NULL);
    expect_tree_error(HEAD INTRO "," AEP("a.aepolicy") "," END "]}", "@tree.reason.cycle", NULL);
    expect_tree_error(HEAD INTRO "," END "," END "]}", "@tree.reason.duplicate", "end.aepolicy");
    expect_tree_error(HEAD "{\"id\":\"intro\",\"kind\":\"check\",\"branch\":\"-\",\"check\":\"nope\","
                      "\"on\":{\"ok\":\"intro\",\"warn\":\"intro\",\"fail\":\"intro\",\"unknown\":\"intro\"}}]}",
                      "@tree.reason.unknown-check", "nope");
    expect_tree_error(HEAD "{\"id\":\"intro\",\"kind\":\"banana\",\"branch\":\"-\"}]}",
                      "@tree.reason.kind", "banana");
    expect_tree_error(HEAD "{\"id\":\"intro\",\"kind\":\"conclusion\",\"branch\":\"Z\"}]}",
                      "@tree.reason.branch", "Z");
    expect_tree_error(HEAD "{\"id\":\"no.such.text\",\"kind\":\"conclusion\",\"branch\":\"A\"}]}",
                      "@tree.reason.dangling", "intro");
    expect_tree_error("{\"format\":\"enrolldoc-tree/1\",\"start\":\"no.such.text\",\"nodes\":["
                      "{\"id\":\"no.such.text\",\"kind\":\"conclusion\",\"branch\":\"A\"}]}",
                      "@tree.reason.text", "node.no.such.text.title");
    /* a check node must name all four statuses */
    expect_tree_error(HEAD INTRO ",{\"id\":\"a.aepolicy\",\"kind\":\"check\",\"branch\":\"A\","
                      "\"check\":\"aepolicy\",\"on\":{\"ok\":\"end.aepolicy\"}}," END "]}",
                      "@tree.reason.missing", "warn");
    expect_tree_error(HEAD INTRO ",{\"id\":\"a.aepolicy\",\"kind\":\"check\",\"branch\":\"A\","
                      "\"check\":\"aepolicy\",\"on\":{\"ok\":\"end.aepolicy\",\"warn\":\"end.aepolicy\","
                      "\"fail\":\"end.aepolicy\",\"unknown\":\"end.aepolicy\",\"maybe\":\"end.aepolicy\"}},"
                      END "]}",
                      "@tree.reason.status", "maybe");
    /* on_finding must name a finding of that check */
    expect_tree_error(HEAD INTRO ",{\"id\":\"a.aepolicy\",\"kind\":\"check\",\"branch\":\"A\","
                      "\"check\":\"aepolicy\",\"on\":{\"ok\":\"end.aepolicy\",\"warn\":\"end.aepolicy\","
                      "\"fail\":\"end.aepolicy\",\"unknown\":\"end.aepolicy\"},"
                      "\"on_finding\":{\"ca.unreachable\":\"end.aepolicy\"}}," END "]}",
                      "@tree.reason.unknown-finding", "ca.unreachable");
    expect_tree_error(HEAD INTRO "," AEP("end.aepolicy") ","
                      "{\"id\":\"end.aepolicy\",\"kind\":\"conclusion\",\"branch\":\"A\","
                      "\"actions\":[\"format.c\"]}]}",
                      "@tree.reason.unknown-action", "format.c");
    expect_tree_error(HEAD "{\"id\":\"intro\",\"kind\":\"question\",\"branch\":\"-\","
                      "\"question\":\"context\",\"choices\":[]}]}",
                      "@tree.reason.choices", NULL);
    expect_tree_error("{\"format\":\"x\"}", "@tree.reason.format", "x");
    expect_tree_error("[]", "@tree.reason.object", NULL);
    expect_tree_error("{\"format\":\"enrolldoc-tree/1\",\"start\":\"intro\",\"nodes\":[]}",
                      "@tree.reason.array", NULL);
    expect_tree_error("{\"format\":\"enrolldoc-tree/1\",\"nodes\":[" INTRO "]}",
                      "@tree.reason.missing", "start");
    /* malformed JSON */
    struct err e;
    const char *bad = "{\"format\":";
    assert_null(tree_parse("t.json", bad, strlen(bad), &L, &e));
    assert_string_equal(e.key, "error.json.syntax");
}

static void tree_from_file(void **state)
{
    (void)state;
    struct err e;
    struct tree *t = tree_load(SOURCE_DIR "/checks/tree.json", &L, &e);
    assert_non_null(t);
    tree_free(t);
    assert_null(tree_load("/nonexistent/tree.json", &L, &e));
    assert_string_equal(e.key, "error.file.read");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(embedded_tree_is_valid),
        cmocka_unit_test(next_node_helpers),
        cmocka_unit_test(small_valid_tree),
        cmocka_unit_test(broken_trees),
        cmocka_unit_test(tree_from_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
