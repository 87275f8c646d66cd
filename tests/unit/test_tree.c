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
    assert_string_equal(t->nodes[tree_next_after_check(t, store, &r)].id, "a.domain");
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

/* --- Large trees: the id index. ------------------------------------------ */

#define CHAIN 3000

/* A chain of N nodes "n.0" -> "n.1" -> ... ending in a conclusion, as tree
 * JSON. ID[i] / NEXT[i], when not NULL, replace the id / the next of node i
 * (the last node then becomes an info node too). Returns a new string (the
 * caller frees) or fails the test. */
static char *chain_json(size_t n, const char *const *id, const char *const *next)
{
    size_t cap = 128 + n * 160, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    len += (size_t)snprintf(s, cap, "{\"format\":\"enrolldoc-tree/1\",\"start\":\"%s\",\"nodes\":[",
                            id[0] ? id[0] : "n.0");
    for (size_t i = 0; i < n; i++) {
        char own[32], to[32];
        snprintf(own, sizeof(own), "n.%zu", i);
        snprintf(to, sizeof(to), "n.%zu", i + 1);
        const char *nx = next[i] ? next[i] : (i + 1 < n ? to : NULL);
        len += (size_t)snprintf(s + len, cap - len, "%s{\"id\":\"%s\",\"branch\":\"-\",",
                                i ? "," : "", id[i] ? id[i] : own);
        if (nx)
            len += (size_t)snprintf(s + len, cap - len, "\"kind\":\"info\",\"next\":\"%s\"}", nx);
        else
            len += (size_t)snprintf(s + len, cap - len, "\"kind\":\"conclusion\"}");
        assert_true(len < cap);
    }
    snprintf(s + len, cap - len, "]}");
    return s;
}

/* Overrides for chain_json, all NULL. */
struct chain_edit {
    const char *id[CHAIN];
    const char *next[CHAIN];
};

static struct chain_edit *edit_new(void)
{
    struct chain_edit *c = calloc(1, sizeof(*c));
    assert_non_null(c);
    return c;
}

/* Parses the chain C without catalogs: REASON NULL = must be valid (and is
 * returned, the caller frees), else it must be refused with REASON, VALUE
 * and PATH. */
static struct tree *parse_chain(const struct chain_edit *c, const char *reason,
                                const char *value, const char *path)
{
    char *j = chain_json(CHAIN, c->id, c->next);
    struct err e;
    err_clear(&e);
    struct tree *t = tree_parse("t.json", j, strlen(j), NULL, &e);
    free(j);
    if (!reason) {
        if (!t)
            fail_msg("%s: %s %s %s", e.key, err_get(&e, "reason"), err_get(&e, "path"),
                     err_get(&e, "value"));
        return t;
    }
    if (t)
        fail_msg("accepted a tree with %s", reason);
    assert_string_equal(err_get(&e, "reason"), reason);
    assert_string_equal(err_get(&e, "value"), value);
    assert_string_equal(err_get(&e, "path"), path);
    return NULL;
}

/* Gives node LATER the id of node EARLIER (whose predecessor then points to
 * a node that no longer exists: the duplicate must be the error). */
static void expect_duplicate(size_t earlier, size_t later)
{
    struct chain_edit *c = edit_new();
    char id[32], path[48];
    snprintf(id, sizeof(id), "n.%zu", earlier);
    snprintf(path, sizeof(path), "nodes[%zu].id", later);
    c->id[later] = id;
    parse_chain(c, "@tree.reason.duplicate", id, path);
    free(c);
}

static void duplicate_ids_in_large_tree(void **state)
{
    (void)state;
    expect_duplicate(0, 1);                       /* first */
    expect_duplicate(0, CHAIN / 2);
    expect_duplicate(0, CHAIN - 1);
    expect_duplicate(CHAIN / 2 - 1, CHAIN / 2);   /* middle */
    expect_duplicate(CHAIN / 2, CHAIN / 2 + 1);
    expect_duplicate(CHAIN - 2, CHAIN - 1);       /* last */
    expect_duplicate(7, CHAIN - 1);
}

static void first_duplicate_is_reported(void **state)
{
    (void)state;
    /* Node A gets id IA, node B id IB, node N the next NX (0 / NULL: none). */
    static const struct {
        size_t a;
        const char *ia;
        size_t b;
        const char *ib;
        size_t n;
        const char *nx, *reason, *value, *path;
    } cases[] = {
        /* two pairs: the one whose second node comes first in the file wins */
        {2000, "n.10", 600, "n.500", 0, NULL, "@tree.reason.duplicate", "n.500", "nodes[600].id"},
        /* three nodes with one id: the second of them is the error */
        {900, "n.3", 1200, "n.3", 0, NULL, "@tree.reason.duplicate", "n.3", "nodes[900].id"},
        /* a duplicate before a malformed node is reported first ... */
        {100, "n.99", 0, NULL, 2500, "", "@tree.reason.duplicate", "n.99", "nodes[100].id"},
        /* ... and a malformed node before a duplicate */
        {2500, "n.99", 0, NULL, 100, "", "@tree.reason.string", "@jtype.string",
         "nodes[100].next"},
    };
    struct chain_edit *c = edit_new();
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        memset(c, 0, sizeof(*c));
        c->id[cases[k].a] = cases[k].ia;
        if (cases[k].ib)
            c->id[cases[k].b] = cases[k].ib;
        if (cases[k].nx)
            c->next[cases[k].n] = cases[k].nx;
        parse_chain(c, cases[k].reason, cases[k].value, cases[k].path);
    }
    free(c);
}

static void similar_ids_are_distinct(void **state)
{
    (void)state;
    /* Ids that sort next to each other, share long prefixes or differ only in
     * case are all different ids. */
    static char ids[CHAIN][40];
    struct chain_edit *c = edit_new();
    for (size_t i = 0; i < CHAIN; i++) {
        snprintf(ids[i], sizeof(ids[i]), "%s.%04zu", i % 2 ? "A.long.common.prefix" :
                 "a.long.common.prefix", i / 2);
        c->id[i] = ids[i];
        if (i + 1 < CHAIN)
            c->next[i] = ids[i + 1];
    }
    struct tree *t = parse_chain(c, NULL, NULL, NULL);
    for (size_t i = 0; i < CHAIN; i++) {
        assert_int_equal(tree_find(t, ids[i]), i);
        if (i + 1 < CHAIN)
            assert_int_equal(t->nodes[i].next, i + 1);
    }
    assert_int_equal(tree_find(t, "a.long.common.prefix"), (size_t)-1);
    assert_int_equal(tree_find(t, "a.long.common.prefix.00000"), (size_t)-1);
    assert_int_equal(tree_find(t, ""), (size_t)-1);
    tree_free(t);
    free(c);
}

static void dangling_edge_in_large_tree(void **state)
{
    (void)state;
    struct chain_edit *c = edit_new();
    c->next[CHAIN - 2] = "n.nowhere";
    parse_chain(c, "@tree.reason.dangling", "n.nowhere", "nodes[2998]");
    memset(c, 0, sizeof(*c));
    c->next[0] = "n.2";           /* n.1 is then unreachable */
    parse_chain(c, "@tree.reason.unreachable", "n.1", "@path.top");
    memset(c, 0, sizeof(*c));
    c->next[CHAIN / 2] = "n.0";   /* back to the start */
    parse_chain(c, "@tree.reason.cycle", "n.0", "@path.top");
    memset(c, 0, sizeof(*c));
    c->next[CHAIN - 1] = "N.0";   /* ids are case-sensitive */
    parse_chain(c, "@tree.reason.dangling", "N.0", "nodes[2999]");
    free(c);
}

static void valid_large_tree(void **state)
{
    (void)state;
    struct chain_edit *c = edit_new();
    struct tree *t = parse_chain(c, NULL, NULL, NULL);
    assert_int_equal(t->n, CHAIN);
    assert_int_equal(t->start, 0);
    for (size_t i = 0; i < CHAIN; i++) {
        char id[32];
        snprintf(id, sizeof(id), "n.%zu", i);
        assert_int_equal(tree_find(t, id), i);
        assert_int_equal(t->nodes[i].kind, i + 1 < CHAIN ? NODE_INFO : NODE_CONCLUSION);
        if (i + 1 < CHAIN)
            assert_int_equal(t->nodes[i].next, i + 1);
    }
    assert_int_equal(tree_find(t, "n.3000"), (size_t)-1);
    tree_free(t);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(embedded_tree_is_valid),
        cmocka_unit_test(next_node_helpers),
        cmocka_unit_test(small_valid_tree),
        cmocka_unit_test(broken_trees),
        cmocka_unit_test(tree_from_file),
        cmocka_unit_test(duplicate_ids_in_large_tree),
        cmocka_unit_test(first_duplicate_is_reported),
        cmocka_unit_test(similar_ids_are_distinct),
        cmocka_unit_test(dangling_edge_in_large_tree),
        cmocka_unit_test(valid_large_tree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
