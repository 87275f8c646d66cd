/* test_probe.c: which facts each check needs (its .needs, and that it
 * decides the same on facts restricted to them, for every bundle at hand),
 * collecting on a system that cannot probe (every group noted, nothing
 * invented), and forgetting a group for a re-run. */
#include "testutil.h"

#include "check.h"
#include "probe.h"

static void every_check_declares_its_facts(void **state)
{
    (void)state;
    size_t n;
    const struct check *const *all = check_all(&n);
    for (size_t i = 0; i < n; i++) {
        assert_int_not_equal(all[i]->needs, 0);
        assert_int_equal(all[i]->needs & ~FACTS_ALL, 0);
    }
    assert_int_equal(check_find("aepolicy")->needs, FACTS_BIT(FACTS_AEPOLICY));
    /* the certificates name their template by OID as well as by name */
    assert_int_equal(check_find("store")->needs,
                     FACTS_BIT(FACTS_CERTS) | FACTS_BIT(FACTS_DIRECTORY));
    assert_int_equal(check_find("published")->needs, FACTS_BIT(FACTS_DIRECTORY));
    assert_int_equal(check_find("perm_template")->needs,
                     FACTS_BIT(FACTS_IDENTITY) | FACTS_BIT(FACTS_DIRECTORY));
    /* the CA's own log and the CES are brought along, never probed */
    assert_int_equal(check_find("ca_denied")->needs, FACTS_BIT(FACTS_ENROLL) |
                                                         FACTS_BIT(FACTS_CES) |
                                                         FACTS_BIT(FACTS_CA_EVENTS));
}

/* ---- each check decides on its declared groups alone ------------------- */

/* Whether two results of one check say the same: status, findings (id,
 * context, evidence) and the facts reported missing. */
static bool same_result(const struct check_result *a, const struct check_result *b)
{
    if (a->status != b->status || a->nfindings != b->nfindings || a->nmissing != b->nmissing)
        return false;
    for (size_t i = 0; i < a->nfindings; i++) {
        const struct finding *x = &a->findings[i], *y = &b->findings[i];
        if (x->def != y->def || x->ctx != y->ctx || x->nevidence != y->nevidence)
            return false;
        for (size_t k = 0; k < x->nevidence; k++)
            if (strcmp(x->evidence[k].key, y->evidence[k].key) != 0 ||
                strcmp(x->evidence[k].value, y->evidence[k].value) != 0 ||
                x->evidence[k].type != y->evidence[k].type)
                return false;
    }
    for (size_t i = 0; i < a->nmissing; i++)
        if (strcmp(a->missing[i], b->missing[i]) != 0)
            return false;
    return true;
}

/* A bundle to restrict: its name for messages, its text. */
struct source {
    const char *name;
    const char *text;
    size_t len;
};

static struct facts *load(const struct source *src)
{
    struct facts *f = NULL;
    struct err e;
    err_clear(&e);
    if (bundle_parse(src->name, src->text, src->len, &f, &e) != 0)
        fail_msg("%s does not load: %s", src->name, e.key);
    return f;
}

/* C evaluated under EV (whose facts are ignored) on SRC's facts restricted
 * to MASK, compared with FULL. */
static bool same_restricted(const struct source *src, unsigned mask, const struct check *c,
                            struct eval ev, const struct check_result *full)
{
    struct facts *f = load(src);
    facts_restrict(f, mask);
    ev.f = f;
    struct arena a = {0};
    struct check_result r = {.arena = &a};
    check_eval(c, &ev, &r);
    bool same = same_result(full, &r);
    arena_free(&a);
    facts_free(f);
    return same;
}

/* The groups outside C's .needs of which any one, added to them, makes the
 * restricted result equal FULL again: what C read without declaring it. */
static void name_culprits(const struct source *src, const struct check *c, const struct eval *ev,
                          const struct check_result *full, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int g = 0; g < FACTS_GROUP_COUNT; g++) {
        if ((c->needs & FACTS_BIT(g)) ||
            !same_restricted(src, c->needs | FACTS_BIT(g), c, *ev, full))
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", len ? " or " : "",
                 facts_group_name((enum facts_group)g));
    }
    if (!buf[0])
        snprintf(buf, size, "several groups at once");
}

/* Runs every check on SRC's facts, whole and restricted to its .needs, in
 * every context and with and without the bundle's template; prints each
 * difference. Returns the number of differences. */
static size_t restrict_bundle(const struct source *src)
{
    struct facts *full = load(src);
    const enum ctx ctxs[] = {CTX_USER, CTX_MACHINE, CTX_NONE};
    const char *tmpls[] = {full->tmpl.st == F_SET ? full->tmpl.v : NULL, NULL};
    size_t ntmpls = tmpls[0] ? 2 : 1;
    size_t n, bad = 0;
    const struct check *const *all = check_all(&n);
    for (size_t i = 0; i < n; i++) {
        const struct check *c = all[i];
        struct facts *part = load(src);
        facts_restrict(part, c->needs);
        for (size_t x = 0; x < sizeof(ctxs) / sizeof(ctxs[0]); x++) {
            for (size_t t = 0; t < ntmpls; t++) {
                struct eval ev = {
                    .f = full,
                    .ctx = ctxs[x],
                    .tmpl = tmpls[t],
                    .now = full->meta.collected_at.st == F_SET ? full->meta.collected_at.v
                                                               : 1767225600, /* 2026-01-01 */
                };
                struct arena a = {0}, b = {0};
                struct check_result r1 = {.arena = &a}, r2 = {.arena = &b};
                check_eval(c, &ev, &r1);
                ev.f = part;
                check_eval(c, &ev, &r2);
                if (!same_result(&r1, &r2)) {
                    char culprits[256];
                    name_culprits(src, c, &ev, &r1, culprits, sizeof(culprits));
                    print_error("%s: check %s (context %s, template %s) decides otherwise on "
                                "its declared facts alone: it reads %s, which its .needs lacks\n",
                                src->name, c->id, ctxs[x] == CTX_NONE ? "none" : ctx_name(ctxs[x]),
                                tmpls[t] ? tmpls[t] : "any", culprits);
                    bad++;
                }
                arena_free(&a);
                arena_free(&b);
            }
        }
        facts_free(part);
    }
    facts_free(full);
    return bad;
}

/* restrict_bundle() on the file PATH. */
static size_t restrict_file(const char *path)
{
    struct source src = {path, NULL, 0};
    char *text = tu_read(path, &src.len);
    src.text = text;
    size_t bad = restrict_bundle(&src);
    free(text);
    return bad;
}

/* tu_each_bundle()'s callback: adds restrict_file(PATH)'s count to *UD. */
static void restrict_each(const char *path, void *ud)
{
    *(size_t *)ud += restrict_file(path);
}

/* Facts the recorded scenarios do not have, for the paths they leave
 * unread: an account known by its token alone (the permission checks fall
 * back to token_groups), and the codes of mail and policy coming back from
 * a manual enrollment and inside a CES fault. */
#define EDGE_SDDL_DA_ONLY                                                                  \
    "O:EAG:EAD:PAI(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;DA)(A;;LCRPLORC;;;AU)"
static const char *const edge_bundles[] = {
    "{'format':'enrolldoc-bundle/1','context':'user','template':'ContosoUser','facts':{"
    "'identity':{'user':{'name':'CONTOSO\\\\alice','sid':'S-1-5-21-1-2-3-1104',"
    "'token_groups':['S-1-5-21-1-2-3-513']}},"
    "'templates':[{'name':'ContosoUser','sddl':'" EDGE_SDDL_DA_ONLY "'}],"
    "'cas':[{'name':'CA1','templates':['ContosoUser'],'sddl':'" EDGE_SDDL_DA_ONLY "'}]}}",

    "{'format':'enrolldoc-bundle/1','context':'user','template':'ContosoUser','facts':{"
    "'templates':[{'name':'ContosoUser','requires_email':false,'issuance_policies':[]}],"
    "'enroll':[{'template':'ContosoUser','context':'user','ok':false,'error':'0x80094812'},"
    "{'template':'ContosoUser','context':'user','ok':false,'error':'0x800B0113'}],"
    "'ces':{'url':'https://ces/','error':'0x803D0013','inner_error':'0x800B0113'}}}",
};

static void every_check_decides_on_its_needs_alone(void **state)
{
    (void)state;
    size_t count = 0, bad = 0;
    count += tu_each_bundle(TESTS_DIR "/scenarios", restrict_each, &bad);
    count += tu_each_bundle(SHARED_DIR "/scenarios", restrict_each, &bad);
    count += tu_each_bundle(SOURCE_DIR "/checks/training", restrict_each, &bad);
    bad += restrict_file(SOURCE_DIR "/checks/demo.json");
    assert_true(count >= 100);
    for (size_t i = 0; i < sizeof(edge_bundles) / sizeof(edge_bundles[0]); i++) {
        char text[2048];
        assert_true(strlen(edge_bundles[i]) < sizeof(text));
        snprintf(text, sizeof(text), "%s", edge_bundles[i]);
        for (char *q = text; *q; q++)
            if (*q == '\'')
                *q = '"';
        char name[32];
        snprintf(name, sizeof(name), "edge bundle %zu", i);
        struct source src = {name, text, strlen(text)};
        bad += restrict_bundle(&src);
    }
    if (bad)
        fail_msg("%zu evaluations differ on facts restricted to the check's .needs", bad);
}

static void restricting_facts(void **state)
{
    (void)state;
    struct facts *f = tu_bundle("{\"format\":\"enrolldoc-bundle/1\",\"facts\":{\"aepolicy\":"
                                "{\"user\":7},\"loglevel\":4,\"identity\":{\"user\":"
                                "{\"name\":\"C\\\\u\",\"sid\":\"S-1-5-21-1-2-3-1104\","
                                "\"token_groups\":[\"S-1-5-11\"],\"mail\":null,"
                                "\"directory_groups\":[\"S-1-5-11\"]}},\"ces\":{\"url\":"
                                "\"https://ces/\"},\"enroll\":[]}}");
    facts_restrict(f, FACTS_BIT(FACTS_DIRECTORY) | FACTS_BIT(FACTS_ENROLL));
    assert_int_equal(f->aepolicy[CTX_USER].st, F_ABSENT);
    assert_int_equal(f->loglevel.st, F_ABSENT);
    assert_int_equal(f->ces.st, F_ABSENT);
    assert_int_equal(f->enroll_st, F_SET);
    /* the directory keeps the account and its own view, not the token's */
    assert_int_equal(f->identity[CTX_USER].st, F_SET);
    assert_int_equal(f->identity[CTX_USER].sid.st, F_SET);
    assert_int_equal(f->identity[CTX_USER].mail.st, F_NULL);
    assert_int_equal(f->identity[CTX_USER].directory_groups.st, F_SET);
    assert_int_equal(f->identity[CTX_USER].token_groups.st, F_ABSENT);
    /* without identity and directory, the account goes too */
    facts_restrict(f, FACTS_BIT(FACTS_ENROLL));
    assert_int_equal(f->identity[CTX_USER].st, F_ABSENT);
    assert_int_equal(f->identity[CTX_USER].name.st, F_ABSENT);
    assert_int_equal(f->enroll_st, F_SET);
    facts_free(f);
}

static void nothing_is_invented_where_probing_is_impossible(void **state)
{
    (void)state;
    struct facts *f = facts_new();
    assert_non_null(f);
    struct probe_notes notes;
    memset(&notes, 0, sizeof(notes));
    assert_int_equal(probe_groups(f, (1u << PROBE_COUNT) - 1, 1000, &notes), 0);
    assert_int_equal(notes.n, PROBE_COUNT);
    for (size_t i = 0; i < notes.n; i++) {
        assert_true(strlen(notes.v[i].reason) > 0);
        assert_false(notes.v[i].partial);
    }
    assert_int_equal(probe_notes_failed(&notes), PROBE_COUNT);
    assert_int_equal(f->templates_st, F_ABSENT);
    assert_int_equal(f->aepolicy[CTX_USER].st, F_ABSENT);
    assert_int_equal(f->events.st, F_ABSENT);
    /* asking again does not repeat what is known to fail */
    assert_int_equal(probe_groups(f, (1u << PROBE_COUNT) - 1, 1000, &notes), 0);
    assert_int_equal(notes.n, PROBE_COUNT);
    facts_free(f);
}

static void forgetting_a_group(void **state)
{
    (void)state;
    struct facts *f = tu_bundle("{\"format\":\"enrolldoc-bundle/1\",\"facts\":{\"aepolicy\":"
                                "{\"user\":7},\"loglevel\":4,\"events\":[],\"identity\":{\"user\":"
                                "{\"sid\":\"S-1-5-21-1-2-3-1104\",\"token_groups\":[\"S-1-5-11\"],"
                                "\"directory_groups\":[\"S-1-5-11\"]}}}}");
    probe_forget(f, PROBE_AEPOLICY);
    assert_int_equal(f->aepolicy[CTX_USER].st, F_ABSENT);
    assert_int_equal(f->loglevel.st, F_SET);
    probe_forget(f, PROBE_EVENTS);
    assert_int_equal(f->events.st, F_ABSENT);
    probe_forget(f, PROBE_IDENTITY);
    /* the token's view goes, the directory's stays */
    assert_int_equal(f->identity[CTX_USER].token_groups.st, F_ABSENT);
    assert_int_equal(f->identity[CTX_USER].directory_groups.st, F_SET);
    probe_forget(f, PROBE_DIRECTORY);
    assert_int_equal(f->identity[CTX_USER].directory_groups.st, F_ABSENT);
    facts_free(f);
}

static void group_names(void **state)
{
    (void)state;
    assert_string_equal(probe_group_name(PROBE_CERTS), "certificates");
    assert_string_equal(probe_group_name(PROBE_CA_PING), "ca_ping");
    assert_string_equal(probe_group_name(PROBE_COUNT), "?");
    assert_string_equal(facts_group_name(FACTS_DIRECTORY), "directory");
    assert_string_equal(facts_group_name(FACTS_CA_EVENTS), "ca_events");
    assert_string_equal(facts_group_name(FACTS_GROUP_COUNT), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_check_declares_its_facts),
        cmocka_unit_test(restricting_facts),
        cmocka_unit_test(every_check_decides_on_its_needs_alone),
        cmocka_unit_test(nothing_is_invented_where_probing_is_impossible),
        cmocka_unit_test(forgetting_a_group),
        cmocka_unit_test(group_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
