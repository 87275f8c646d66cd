/* test_fleet.c: a fleet's documents read, the latest kept per host and
 * context, filters, the order of clients and findings, the branch of each
 * finding, and files that do not load (src/fleet.c); the record id and CSV
 * of src/fleet_out.c. */
#include "testutil.h"

#include "fleet.h"
#include "fleet_out.h"
#include "tree.h"

#define FLEET SOURCE_DIR "/tests/inputs/fleet"

static struct tree *load_tree(void)
{
    struct err e;
    err_clear(&e);
    struct tree *t = tree_load(NULL, NULL, &e);
    assert_non_null(t);
    return t;
}

/* A diagnose --json document of HOST, CTX at time AT (NULL: none) with the
 * findings IDS ("id:severity,..."). */
static struct fleet_client *doc(const struct tree *t, const char *host, const char *ctx, const char *at,
                                const char *ids)
{
    char text[2048], fs[1024] = "";
    size_t used = 0;
    for (const char *p = ids; *p;) {
        size_t n = strcspn(p, ",");
        const char *colon = memchr(p, ':', n);
        assert_non_null(colon);
        used += (size_t)snprintf(fs + used, sizeof(fs) - used, "%s{\"id\": \"%.*s\", \"severity\": \"%.*s\"}",
                                 used ? ", " : "", (int)(colon - p), p, (int)(n - (size_t)(colon - p) - 1),
                                 colon + 1);
        p += n;
        p += *p == ',';
    }
    char atj[64];
    snprintf(atj, sizeof(atj), at ? "\"%s\"" : "null", at);
    snprintf(text, sizeof(text),
             "{\"format\": \"enrolldoc-diagnosis/1\", \"context\": \"%s\", \"template\": \"User\", "
             "\"host\": \"%s\", \"collected_at\": %s, \"findings\": [%s], \"path\": []}",
             ctx, host, atj, fs);
    struct fleet_client *c = NULL;
    struct err e;
    err_clear(&e);
    char name[96];
    snprintf(name, sizeof(name), "%s-%s.json", host, at ? at : "none");
    /* an exact copy without a NUL after it, as a file's bytes may come:
     * nothing may read past the end (ASan would say so) */
    size_t len = strlen(text);
    char *bytes = malloc(len);
    assert_non_null(bytes);
    memcpy(bytes, text, len);
    assert_int_equal(fleet_read_document(t, LANG_EN, name, bytes, len, &c, &e), 0);
    free(bytes);
    return c;
}

static void latest_per_host_and_context(void **state)
{
    (void)state;
    struct tree *t = load_tree();
    struct fleet_opts o = {0};
    struct fleet *fl = fleet_new(t, &o, LANG_EN);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", "2026-11-20T08:00:00Z", "ca.denied:error")), 0);
    /* later, other case: the same client, now healthy */
    assert_int_equal(fleet_add_client(fl, doc(t, "pc1", "user", "2026-11-21T08:00:00Z", "")), 0);
    /* earlier again: ignored */
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", "2026-11-19T08:00:00Z", "ca.unreachable:error")), 0);
    /* no time: the oldest */
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", NULL, "ca.unreachable:error")), 0);
    /* the machine context is another client */
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "machine", "2026-11-19T08:00:00Z", "ca.denied:error")), 0);
    assert_int_equal(fleet_finish(fl), 0);
    assert_int_equal(fl->nclients, 2);
    assert_string_equal(fl->clients[0]->context, "machine");
    assert_string_equal(fl->clients[1]->host, "pc1");
    assert_int_equal(fl->clients[1]->nfindings, 0);
    assert_int_equal(fl->nerror, 1);
    assert_int_equal(fl->nrows, 1);
    assert_string_equal(fl->rows[0].id, "ca.denied");
    fleet_free(fl);

    /* --all-times keeps them all */
    o.all_times = true;
    fl = fleet_new(t, &o, LANG_EN);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", "2026-11-20T08:00:00Z", "ca.denied:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", "2026-11-21T08:00:00Z", "")), 0);
    assert_int_equal(fleet_finish(fl), 0);
    assert_int_equal(fl->nclients, 2);
    /* the same host: ordered by time */
    assert_true(fl->clients[0]->collected_at < fl->clients[1]->collected_at);
    assert_int_equal(fl->rows[0].nclients, 1);
    fleet_free(fl);
    tree_free(t);
}

static void order_and_branches(void **state)
{
    (void)state;
    struct tree *t = load_tree();
    struct fleet_opts o = {0};
    struct fleet *fl = fleet_new(t, &o, LANG_EN);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC3", "user", "2026-11-20T08:00:00Z", "ca.denied:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC2", "user", "2026-11-20T08:00:00Z",
                                              "ca.denied:error,aepolicy.enroll-off:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", "2026-11-20T08:00:00Z",
                                              "ca.unreachable:error,ca.denied:error,future.thing:warning")), 0);
    assert_int_equal(fleet_finish(fl), 0);
    assert_string_equal(fl->clients[0]->host, "PC1");
    assert_string_equal(fl->clients[2]->host, "PC3");
    /* errors first within a client */
    assert_string_equal(fl->clients[0]->findings[2].id, "future.thing");
    assert_int_equal(fl->nrows, 4);
    /* by branch A, B, C, then those outside the tree; most clients first within one */
    assert_string_equal(fl->rows[0].id, "aepolicy.enroll-off");
    assert_string_equal(fl->rows[0].branch, "A");
    assert_string_equal(fl->rows[1].id, "ca.unreachable");
    assert_string_equal(fl->rows[1].branch, "B");
    assert_string_equal(fl->rows[2].id, "ca.denied");
    assert_string_equal(fl->rows[2].branch, "C");
    assert_int_equal(fl->rows[2].nclients, 3);
    assert_int_equal(fl->rows[2].nhosts, 3);
    assert_string_equal(fl->rows[2].hosts[0], "PC1");
    assert_string_equal(fl->rows[3].branch, "-");
    assert_string_equal(fleet_finding_branch(t, "ces.endpoint-failure"), "CES");
    assert_string_equal(fleet_finding_branch(t, "log.level-low"), "LOG");
    fleet_free(fl);
    tree_free(t);
}

static void filters(void **state)
{
    (void)state;
    struct tree *t = load_tree();
    assert_true(fleet_host_match("pc01*", "PC0101"));
    assert_true(fleet_host_match("*1?1", "PC0101"));
    assert_false(fleet_host_match("PC02*", "PC0101"));
    assert_true(fleet_host_match("*", ""));
    struct fleet_opts o = {.has_since = true, .finding = "ca.denied", .host = "PC*"};
    assert_int_equal(time_parse_iso("2026-11-20T00:00:00Z", &o.since), 0);
    struct fleet *fl = fleet_new(t, &o, LANG_EN);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", "2026-11-19T08:00:00Z", "ca.denied:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC2", "user", "2026-11-20T08:00:00Z", "ca.denied:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC3", "user", NULL, "ca.denied:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "SRV1", "user", "2026-11-20T08:00:00Z", "ca.denied:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC4", "user", "2026-11-20T08:00:00Z", "ca.unreachable:error")), 0);
    /* PC5's latest no longer has it: the finding filter comes after the latest is kept */
    assert_int_equal(fleet_add_client(fl, doc(t, "PC5", "user", "2026-11-20T08:00:00Z", "ca.denied:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC5", "user", "2026-11-21T08:00:00Z", "")), 0);
    assert_int_equal(fleet_finish(fl), 0);
    assert_int_equal(fl->nclients, 1);
    assert_string_equal(fl->clients[0]->host, "PC2");
    fleet_free(fl);
    tree_free(t);
}

/* The day of trend entry I as YYYY-MM-DD. */
static const char *trend_day(const struct fleet *fl, size_t i, char buf[11])
{
    fleet_day_text(fl->trend[i].day, buf);
    return buf;
}

static void trend_by_day(void **state)
{
    (void)state;
    struct tree *t = load_tree();
    struct fleet_opts o = {0};
    struct fleet *fl = fleet_new(t, &o, LANG_EN);
    char day[11];
    /* PC1: failing in the morning, healthy in the evening: the day's latest counts */
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", "2026-11-20T08:00:00Z", "ca.denied:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "pc1", "user", "2026-11-20T20:00:00Z", "log.level-low:warning")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", "2026-11-20T07:00:00Z", "ca.denied:error")), 0);
    /* PC2: the last second of the 20th and the first of the 21st (UTC; the
     * local 21st at 01:30+02:00 is still the 20th) */
    assert_int_equal(fleet_add_client(fl, doc(t, "PC2", "user", "2026-11-20T23:59:59Z", "ca.denied:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC2", "user", "2026-11-21T01:30:00+02:00", "ca.denied:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC2", "user", "2026-11-21T01:00:00+01:00", "")), 0);
    /* another context: another client */
    assert_int_equal(fleet_add_client(fl, doc(t, "PC2", "machine", "2026-11-21T10:00:00Z", "ca.unreachable:error")), 0);
    /* no time: no day */
    assert_int_equal(fleet_add_client(fl, doc(t, "PC3", "user", NULL, "ca.denied:error")), 0);
    /* a day without documents in between */
    assert_int_equal(fleet_add_client(fl, doc(t, "PC4", "user", "2026-11-23T00:00:00Z", "ca.denied:error")), 0);
    assert_int_equal(fleet_finish(fl), 0);
    assert_int_equal(fl->ntrend, 4);
    assert_string_equal(trend_day(fl, 0, day), "2026-11-20");
    assert_int_equal(fl->trend[0].clients, 2);
    assert_int_equal(fl->trend[0].failing, 1);
    assert_string_equal(trend_day(fl, 1, day), "2026-11-21");
    assert_int_equal(fl->trend[1].clients, 2);
    assert_int_equal(fl->trend[1].failing, 1);
    assert_int_equal(fl->trend[2].clients, 0);
    assert_int_equal(fl->trend[2].failing, 0);
    assert_string_equal(trend_day(fl, 3, day), "2026-11-23");
    assert_int_equal(fl->trend[3].clients, 1);
    assert_int_equal(fl->trend[3].failing, 1);
    assert_null(fl->seen);
    fleet_free(fl);

    /* --since and --finding: the days from the 21st; failing is reporting the finding */
    o = (struct fleet_opts){.has_since = true, .finding = "ca.unreachable"};
    assert_int_equal(time_parse_iso("2026-11-21T00:00:00Z", &o.since), 0);
    fl = fleet_new(t, &o, LANG_EN);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", "2026-11-20T08:00:00Z", "ca.unreachable:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", "2026-11-21T08:00:00Z", "ca.unreachable:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC2", "user", "2026-11-21T08:00:00Z", "ca.denied:error")), 0);
    assert_int_equal(fleet_finish(fl), 0);
    assert_int_equal(fl->ntrend, 1);
    assert_string_equal(trend_day(fl, 0, day), "2026-11-21");
    assert_int_equal(fl->trend[0].clients, 2);
    assert_int_equal(fl->trend[0].failing, 1);
    fleet_free(fl);

    /* more than FLEET_TREND_DAYS days: the last ones */
    o = (struct fleet_opts){.all_times = true};
    fl = fleet_new(t, &o, LANG_EN);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", "2025-01-01T12:00:00Z", "ca.denied:error")), 0);
    assert_int_equal(fleet_add_client(fl, doc(t, "PC1", "user", "2026-06-30T12:00:00Z", "")), 0);
    assert_int_equal(fleet_finish(fl), 0);
    assert_int_equal(fl->ntrend, FLEET_TREND_DAYS);
    assert_string_equal(trend_day(fl, FLEET_TREND_DAYS - 1, day), "2026-06-30");
    assert_string_equal(trend_day(fl, 0, day), "2025-06-30");
    fleet_day_text(fl->trend_first, day);
    assert_string_equal(day, "2025-01-01");
    assert_int_equal(fl->trend[FLEET_TREND_DAYS - 1].clients, 1);
    fleet_free(fl);
    tree_free(t);
}

static void folder_with_bad_files(void **state)
{
    (void)state;
    struct tree *t = load_tree();
    struct fleet_opts o = {0};
    struct fleet *fl = fleet_new(t, &o, LANG_EN);
    assert_int_equal(fleet_add_path(fl, FLEET), 0);
    assert_int_equal(fleet_add_path(fl, FLEET "/no-such-file.json"), 0);
    assert_int_equal(fleet_finish(fl), 0);
    assert_int_equal(fl->nfiles, 12);
    assert_int_equal(fl->nbad, 4);
    assert_string_equal(fl->bad[0].path, FLEET "/broken/bad-diagnosis.json");
    assert_string_equal(fl->bad[0].e.key, "fleet.error.diagnosis");
    assert_string_equal(fl->bad[3].e.key, "error.file.read");
    assert_int_equal(fl->nclients, 7);
    assert_int_equal(fl->nerror, 6);
    /* pc0101's latest bundle (lower case) is healthy, the older one is left */
    assert_string_equal(fl->clients[0]->host, "pc0101");
    assert_int_equal(fl->clients[0]->nfindings, 0);
    /* the diagnose --json document counts like its bundle */
    assert_string_equal(fl->clients[5]->host, "PC0203");
    assert_string_equal(fl->clients[5]->findings[0].id, "ca.denied");
    fleet_free(fl);
    tree_free(t);
}

/* Reads FLEET with all times kept on JOBS threads. */
static struct fleet *read_all_times(const struct tree *t, int jobs)
{
    struct fleet_opts o = {.all_times = true, .jobs = jobs};
    struct fleet *fl = fleet_new(t, &o, LANG_EN);
    assert_non_null(fl);
    assert_int_equal(fleet_add_path(fl, FLEET), 0);
    assert_int_equal(fleet_add_path(fl, FLEET "/no-such-file.json"), 0);
    assert_int_equal(fleet_add_path(fl, FLEET), 0); /* every document twice: ties */
    assert_int_equal(fleet_finish(fl), 0);
    return fl;
}

/* On one thread or many, the same fleet: the same clients in the same
 * order, the same bad files in the same order. */
static void threads_change_nothing(void **state)
{
    (void)state;
    struct tree *t = load_tree();
    struct fleet *one = read_all_times(t, 1);
    for (int jobs = 2; jobs <= 9; jobs += 7) {
        struct fleet *many = read_all_times(t, jobs);
        assert_int_equal(many->nfiles, one->nfiles);
        assert_int_equal(many->nfiles, 23);
        assert_int_equal(many->nclients, one->nclients);
        assert_int_equal(many->nbad, one->nbad);
        assert_int_equal(many->nerror, one->nerror);
        for (size_t i = 0; i < one->nclients; i++) {
            const struct fleet_client *a = one->clients[i], *b = many->clients[i];
            assert_string_equal(a->source, b->source);
            assert_string_equal(a->host, b->host);
            assert_int_equal(a->nfindings, b->nfindings);
            for (size_t k = 0; k < a->nfindings; k++)
                assert_string_equal(a->findings[k].id, b->findings[k].id);
        }
        for (size_t i = 0; i < one->nbad; i++) {
            assert_string_equal(one->bad[i].path, many->bad[i].path);
            assert_string_equal(one->bad[i].e.key, many->bad[i].e.key);
        }
        assert_int_equal(many->nrows, one->nrows);
        for (size_t i = 0; i < one->nrows; i++) {
            assert_string_equal(one->rows[i].id, many->rows[i].id);
            assert_int_equal(one->rows[i].nclients, many->rows[i].nclients);
        }
        fleet_free(many);
    }
    fleet_free(one);
    tree_free(t);
}

/* Paths added but never walked (no fleet_finish) are freed with the fleet. */
static void unread_paths_freed(void **state)
{
    (void)state;
    struct tree *t = load_tree();
    struct fleet_opts o = {0};
    struct fleet *fl = fleet_new(t, &o, LANG_EN);
    assert_int_equal(fleet_add_path(fl, FLEET), 0);
    assert_int_equal(fleet_add_path(fl, FLEET "/site-a"), 0);
    assert_int_equal(fl->nroots, 2); /* noted: walked and read by fleet_finish */
    assert_int_equal(fl->nitems, 0);
    assert_int_equal(fl->nclients, 0);
    fleet_free(fl);
    tree_free(t);
}

static void record_ids(void **state)
{
    (void)state;
    struct tree *t = load_tree();
    struct fleet_client *a = doc(t, "PC1", "user", "2026-11-20T08:00:00Z", "ca.denied:error");
    struct fleet_client *b = doc(t, "pc1", "user", "2026-11-20T08:00:00Z", "ca.denied:error");
    char ia[41], ib[41], ic[41];
    fleet_record_id(a, "ca.denied", ia);
    fleet_record_id(b, "ca.denied", ib);
    fleet_record_id(a, "", ic);
    assert_string_equal(ia, ib);
    assert_string_not_equal(ia, ic);
    assert_int_equal(strlen(ia), 40);
    fleet_client_free(a);
    fleet_client_free(b);
    tree_free(t);
}

static void refused_documents(void **state)
{
    (void)state;
    struct tree *t = load_tree();
    struct fleet_client *c = NULL;
    struct err e;
    static const char *const bad[] = {
        "{\"format\": \"enrolldoc-diagnosis/1\", \"findings\": {}}",
        "{\"format\": \"enrolldoc-diagnosis/1\", \"findings\": [], \"collected_at\": \"yesterday\"}",
        "{\"format\": \"enrolldoc-diagnosis/1\", \"findings\": [], \"context\": \"both\"}",
        "{\"format\": \"enrolldoc-diagnosis/1\", \"findings\": [{\"id\": \"x\", \"severity\": \"fatal\"}]}",
        "{\"format\": \"enrolldoc-diagnosis/1\", \"findings\": [], \"host\": 7}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err_clear(&e);
        assert_int_equal(fleet_read_document(t, LANG_EN, "d.json", bad[i], strlen(bad[i]), &c, &e), -1);
        assert_string_equal(e.key, "fleet.error.diagnosis");
        assert_null(c);
    }
    /* a part of a client's facts is no client */
    const char *reg = "REGEDIT4\r\n";
    err_clear(&e);
    assert_int_equal(fleet_read_document(t, LANG_EN, "x.reg", reg, strlen(reg), &c, &e), -1);
    tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(latest_per_host_and_context),
        cmocka_unit_test(order_and_branches),
        cmocka_unit_test(filters),
        cmocka_unit_test(trend_by_day),
        cmocka_unit_test(folder_with_bad_files),
        cmocka_unit_test(threads_change_nothing),
        cmocka_unit_test(unread_paths_freed),
        cmocka_unit_test(record_ids),
        cmocka_unit_test(refused_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
