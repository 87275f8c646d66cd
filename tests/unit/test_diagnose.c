/* test_diagnose.c: the engine on every scenario bundle, against its
 * .expect.json (../shared/scenarios and tests/scenarios), plus the rules of
 * contexts, ordering and the walk. */
#include "testutil.h"

#include <dirent.h>

#include <cJSON.h>

#include "diagnose.h"
#include "session.h"
#include "tree.h"

static struct locale L;
static struct tree *T;

static int setup(void **state)
{
    (void)state;
    struct err e;
    if (locale_load(&L, NULL, &e) != 0)
        return -1;
    T = tree_load(NULL, &L, &e);
    if (!T)
        fprintf(stderr, "tree: %s %s\n", e.key, e.nargs > 3 ? e.args[3].value : "");
    return T ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tree_free(T);
    locale_free(&L);
    return 0;
}

static bool has_finding(const struct diagnosis *d, const char *id)
{
    for (size_t i = 0; i < d->nfindings; i++)
        if (strcmp(d->findings[i]->def->id, id) == 0)
            return true;
    return false;
}

static int run_dir(const char *dir)
{
    DIR *dh = opendir(dir);
    if (!dh)
        fail_msg("cannot open %s", dir);
    struct dirent *de;
    int count = 0;
    while ((de = readdir(dh)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n < 6 || strcmp(de->d_name + n - 5, ".json") != 0 ||
            (n > 12 && strcmp(de->d_name + n - 12, ".expect.json") == 0))
            continue;
        char path[1024], expect[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        snprintf(expect, sizeof(expect), "%s/%.*s.expect.json", dir, (int)(n - 5), de->d_name);
        FILE *probe = fopen(expect, "rb");
        if (!probe)
            continue;
        fclose(probe);
        struct facts *f = NULL;
        struct err e;
        if (bundle_load(path, &f, &e) != 0)
            fail_msg("%s: does not load (%s)", path, e.key);
        struct diagnosis *d = NULL;
        assert_int_equal(session_diagnose_facts(f, T, CTX_NONE, NULL, 0, &d, &e), 0);
        char *text = tu_read(expect, NULL);
        cJSON *ex = cJSON_Parse(text);
        free(text);
        if (!ex)
            fail_msg("%s: not JSON", expect);
        const cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItem(ex, "findings"))
        {
            if (!has_finding(d, it->valuestring)) {
                fprintf(stderr, "%s: expected finding %s; reported:", path, it->valuestring);
                for (size_t i = 0; i < d->nfindings; i++)
                    fprintf(stderr, " %s", d->findings[i]->def->id);
                fprintf(stderr, "\n");
                fail();
            }
        }
        cJSON_ArrayForEach(it, cJSON_GetObjectItem(ex, "absent"))
        {
            if (has_finding(d, it->valuestring))
                fail_msg("%s: finding %s must not be reported", path, it->valuestring);
        }
        const cJSON *exit_code = cJSON_GetObjectItem(ex, "exit");
        if (cJSON_IsNumber(exit_code)) {
            int got = diagnosis_has_error(d) ? 1 : 0;
            if (got != exit_code->valueint) {
                fprintf(stderr, "%s: exit %d expected %d; findings:", path, got, exit_code->valueint);
                for (size_t i = 0; i < d->nfindings; i++)
                    fprintf(stderr, " %s(%s)", d->findings[i]->def->id,
                            severity_name(d->findings[i]->def->sev));
                fprintf(stderr, "\n");
                fail();
            }
        }
        cJSON_Delete(ex);
        diagnosis_free(d);
        facts_free(f);
        count++;
    }
    closedir(dh);
    return count;
}

static void shared_scenarios(void **state)
{
    (void)state;
    assert_int_equal(run_dir(SHARED_DIR "/scenarios"), 6);
}

static void own_scenarios(void **state)
{
    (void)state;
    assert_true(run_dir(TESTS_DIR "/scenarios") > 0);
}

/* Every finding id of the registry has a firing and a near-miss scenario. */
static void every_finding_has_scenarios(void **state)
{
    (void)state;
    size_t n;
    const struct check *const *all = check_all(&n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < all[i]->ndefs; j++) {
            const char *kinds[] = {"fire", "near"};
            for (int k = 0; k < 2; k++) {
                char path[512];
                snprintf(path, sizeof(path), TESTS_DIR "/scenarios/%s.%s.expect.json",
                         all[i]->defs[j].id, kinds[k]);
                char *text = tu_read(path, NULL);
                cJSON *ex = cJSON_Parse(text);
                free(text);
                assert_non_null(ex);
                const char *list = k == 0 ? "findings" : "absent";
                bool named = false;
                const cJSON *it;
                cJSON_ArrayForEach(it, cJSON_GetObjectItem(ex, list))
                    if (cJSON_IsString(it) && strcmp(it->valuestring, all[i]->defs[j].id) == 0)
                        named = true;
                if (!named)
                    fail_msg("%s does not list %s under %s", path, all[i]->defs[j].id, list);
                cJSON_Delete(ex);
            }
        }
}

static const char *HEALTHY_PREFIX =
    "{\"format\":\"enrolldoc-bundle/1\",\"meta\":{\"collected_at\":\"2026-11-20T08:15:00Z\"},";

static struct diagnosis *diag(const char *rest, enum ctx c, struct facts **fo)
{
    char buf[4096];
    snprintf(buf, sizeof(buf), "%s%s", HEALTHY_PREFIX, rest);
    struct facts *f = tu_bundle(buf);
    struct diagnosis *d = NULL;
    struct err e;
    assert_int_equal(session_diagnose_facts(f, T, c, NULL, 0, &d, &e), 0);
    *fo = f;
    return d;
}

static void contexts_without_context_field(void **state)
{
    (void)state;
    struct facts *f;
    /* no context: every context with facts is evaluated, the walk stops at the question */
    struct diagnosis *d = diag("\"facts\":{\"aepolicy\":{\"user\":0,\"machine\":null}}}", CTX_NONE, &f);
    assert_int_equal(d->nctx, 2);
    assert_true(has_finding(d, "aepolicy.enroll-off"));
    assert_true(has_finding(d, "aepolicy.missing"));
    assert_true(d->ends_at_question);
    assert_string_equal(d->steps[d->nsteps - 1].node->id, "q.context");
    /* errors come first */
    for (size_t i = 1; i < d->nfindings; i++)
        assert_true(d->findings[i - 1]->def->sev >= d->findings[i]->def->sev);
    diagnosis_free(d);
    facts_free(f);
    /* the override picks one context and the walk goes on */
    d = diag("\"facts\":{\"aepolicy\":{\"user\":0,\"machine\":null}}}", CTX_MACHINE, &f);
    assert_int_equal(d->nctx, 1);
    assert_false(has_finding(d, "aepolicy.enroll-off"));
    assert_true(has_finding(d, "aepolicy.missing"));
    assert_false(d->ends_at_question);
    bool passed_aepolicy = false;
    for (size_t i = 0; i < d->nsteps; i++)
        if (strcmp(d->steps[i].node->id, "a.aepolicy") == 0) {
            passed_aepolicy = true;
            assert_int_equal(d->steps[i].status, STEP_FAIL);
            assert_string_equal(d->steps[i].finding->def->id, "aepolicy.missing");
        }
    assert_true(passed_aepolicy);
    assert_string_equal(d->steps[d->nsteps - 1].node->id, "end.aepolicy");
    diagnosis_free(d);
    facts_free(f);
}

static void answers_steer_the_walk(void **state)
{
    (void)state;
    struct facts *f;
    struct diagnosis *d = diag("\"answers\":{\"context\":\"user\",\"transport\":\"ces\"},"
                               "\"facts\":{}}",
                               CTX_NONE, &f);
    bool ces = false;
    for (size_t i = 0; i < d->nsteps; i++)
        if (strcmp(d->steps[i].node->id, "ces.intro") == 0)
            ces = true;
    assert_true(ces);
    diagnosis_free(d);
    facts_free(f);
}

static void nothing_known_claims_nothing(void **state)
{
    (void)state;
    struct facts *f;
    struct diagnosis *d = diag("\"context\":\"user\",\"facts\":{}}", CTX_NONE, &f);
    /* With no facts at all, no check may claim anything. */
    assert_int_equal(d->nfindings, 0);
    for (size_t i = 0; i < d->nsteps; i++)
        if (d->steps[i].node->kind == NODE_CHECK)
            assert_int_equal(d->steps[i].status, STEP_UNKNOWN);
    diagnosis_free(d);
    facts_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shared_scenarios),
        cmocka_unit_test(own_scenarios),
        cmocka_unit_test(every_finding_has_scenarios),
        cmocka_unit_test(contexts_without_context_field),
        cmocka_unit_test(answers_steer_the_walk),
        cmocka_unit_test(nothing_known_claims_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
