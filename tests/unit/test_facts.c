/* test_facts.c: src/facts.c: context names, which contexts have facts,
 * answers, template lookup, the enum names. Facts come from bundle text
 * through bundle_parse(), as everywhere else. */
#include "testutil.h"

#include "facts.h"

#define HEAD "{\"format\": \"enrolldoc-bundle/1\", "

static void test_new_free(void **state)
{
    (void)state;
    struct facts *f = facts_new();
    assert_non_null(f);
    assert_int_equal(f->ctx, CTX_NONE);
    assert_int_equal(f->ctx_st, F_ABSENT);
    assert_int_equal(f->aepolicy[CTX_USER].st, F_ABSENT);
    assert_int_equal(f->loglevel.st, F_ABSENT);
    assert_int_equal(f->templates_st, F_ABSENT);
    assert_int_equal(f->ntemplates, 0);
    assert_int_equal(f->nanswers, 0);
    assert_false(facts_has_context(f, CTX_USER));
    assert_false(facts_has_context(f, CTX_MACHINE));
    assert_null(facts_answer(f, "q"));
    assert_null(facts_template(f, "ContosoUser"));
    facts_free(f);
    facts_free(NULL); /* allowed */
}

/* Facts that cannot both be true are named, with both paths; consistent
 * ones give nothing. */
static void test_contradictions(void **state)
{
    (void)state;
    struct contradiction c[4];
    struct facts *f = tu_bundle(HEAD "\"facts\":{\"tasks\":{\"user\":{\"exists\":false,\"state\":\"running\"},"
                                "\"machine\":{\"exists\":false,\"last_run\":null,\"state\":\"ready\"}},"
                                "\"certificates\":{\"machine\":[{\"not_before\":\"2026-01-01T00:00:00Z\","
                                "\"not_after\":\"2026-01-01T00:00:00Z\"},{\"not_before\":\"2027-01-01T00:00:00Z\","
                                "\"not_after\":\"2026-01-01T00:00:00Z\"}]},"
                                "\"session\":{\"domain_joined\":false,\"dc_reachable\":true}}}");
    assert_int_equal(facts_contradictions(f, c, 4), 3);
    assert_string_equal(c[0].kind, "task-missing-runs");
    assert_string_equal(c[0].a, "facts.tasks.user.exists");
    assert_string_equal(c[0].b, "facts.tasks.user.state");
    assert_string_equal(c[1].kind, "cert-dates");
    assert_string_equal(c[1].a, "facts.certificates.machine[1].not_before");
    assert_string_equal(c[1].b, "facts.certificates.machine[1].not_after");
    assert_string_equal(c[2].kind, "dc-without-domain");
    /* the count goes on where the room ends */
    assert_int_equal(facts_contradictions(f, c, 1), 3);
    facts_free(f);
    f = tu_bundle(HEAD "\"facts\":{\"tasks\":{\"user\":{\"exists\":false,\"last_run\":\"2026-01-01T00:00:00Z\"}},"
                  "\"session\":{\"domain_joined\":true,\"dc_reachable\":false}}}");
    assert_int_equal(facts_contradictions(f, c, 4), 1);
    assert_string_equal(c[0].b, "facts.tasks.user.last_run");
    facts_free(f);
    f = tu_bundle(HEAD "\"facts\":{\"tasks\":{\"user\":{\"exists\":true,\"state\":\"running\"}},"
                  "\"session\":{\"domain_joined\":false,\"dc_reachable\":false}}}");
    assert_int_equal(facts_contradictions(f, c, 4), 0);
    facts_free(f);
}

static void test_ctx_names(void **state)
{
    (void)state;
    assert_string_equal(ctx_name(CTX_USER), "user");
    assert_string_equal(ctx_name(CTX_MACHINE), "machine");
    assert_string_equal(ctx_name(CTX_NONE), "none");
    assert_int_equal(ctx_parse("user"), CTX_USER);
    assert_int_equal(ctx_parse("machine"), CTX_MACHINE);
    assert_int_equal(ctx_parse(ctx_name(CTX_USER)), CTX_USER);
    assert_int_equal(ctx_parse(ctx_name(CTX_MACHINE)), CTX_MACHINE);
    assert_int_equal(ctx_parse(NULL), CTX_NONE);
    assert_int_equal(ctx_parse(""), CTX_NONE);
    assert_int_equal(ctx_parse("none"), CTX_NONE);
    assert_int_equal(ctx_parse("banana"), CTX_NONE);
    assert_int_equal(ctx_parse("users"), CTX_NONE);
    assert_int_equal(ctx_parse("use"), CTX_NONE);
    assert_int_equal(ctx_parse("computer"), CTX_NONE);
    assert_int_equal(ctx_parse(" user"), CTX_NONE);
}

/* Expects facts_has_context for the facts in JSON: USER and MACHINE. */
static void has_ctx(const char *facts_json, bool user, bool machine)
{
    char buf[2048];
    snprintf(buf, sizeof(buf), HEAD "\"facts\": %s}", facts_json);
    struct facts *f = tu_bundle(buf);
    if (facts_has_context(f, CTX_USER) != user || facts_has_context(f, CTX_MACHINE) != machine)
        fail_msg("%s: user %d machine %d, expected %d %d", facts_json,
                 facts_has_context(f, CTX_USER), facts_has_context(f, CTX_MACHINE), user, machine);
    assert_false(facts_has_context(f, CTX_NONE));
    assert_false(facts_has_context(f, CTX_COUNT));
    facts_free(f);
}

static void test_has_context(void **state)
{
    (void)state;
    has_ctx("{}", false, false);
    /* aepolicy: a value and null both count */
    has_ctx("{\"aepolicy\": {\"user\": 7}}", true, false);
    has_ctx("{\"aepolicy\": {\"machine\": null}}", false, true);
    has_ctx("{\"aepolicy\": {\"user\": 0, \"machine\": 32775}}", true, true);
    has_ctx("{\"aepolicy\": {}}", false, false);
    /* certificates: an empty store is a fact */
    has_ctx("{\"certificates\": {\"machine\": []}}", false, true);
    has_ctx("{\"certificates\": {\"user\": [{\"thumbprint\": \"AB12\"}]}}", true, false);
    /* tasks */
    has_ctx("{\"tasks\": {\"user\": {\"exists\": false}}}", true, false);
    has_ctx("{\"tasks\": {\"machine\": {\"exists\": true, \"enabled\": true}}}", false, true);
    /* identity */
    has_ctx("{\"identity\": {\"machine\": {\"name\": \"CONTOSO\\\\PC0042$\"}}}", false, true);
    has_ctx("{\"identity\": {\"user\": {\"sid\": \"S-1-5-21-1-2-3-1104\"}}}", true, false);
    /* an enroll result counts for its own context only */
    has_ctx("{\"enroll\": [{\"template\": \"Machine\", \"context\": \"machine\", \"ok\": true}]}",
            false, true);
    has_ctx("{\"enroll\": [{\"template\": \"ContosoUser\", \"context\": \"user\", \"ok\": false,"
            " \"error\": \"0x80094012\"}]}",
            true, false);
    has_ctx("{\"enroll\": [{\"template\": \"ContosoUser\", \"ok\": true}]}", false, false);
    /* facts that belong to no context do not make one */
    has_ctx("{\"loglevel\": 4, \"session\": {\"elevated\": true}, \"templates\": [],"
            " \"cas\": [], \"ksp\": [], \"ca_ping\": [], \"events\": []}",
            false, false);
}

static void test_bundle_context_field(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(HEAD "\"context\": \"machine\"}");
    assert_int_equal(f->ctx_st, F_SET);
    assert_int_equal(f->ctx, CTX_MACHINE);
    /* the bundle's context alone is no per-context fact */
    assert_false(facts_has_context(f, CTX_MACHINE));
    facts_free(f);
    f = tu_bundle(HEAD "\"facts\": {}}");
    assert_int_equal(f->ctx_st, F_ABSENT);
    assert_int_equal(f->ctx, CTX_NONE);
    facts_free(f);
}

static void test_answers(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(HEAD "\"answers\": {\"q.ces\": \"yes\", \"q.domain\": \"no\","
                                     " \"q.empty\": \"\"}}");
    assert_int_equal(f->nanswers, 3);
    assert_non_null(facts_answer(f, "q.ces"));
    assert_string_equal(facts_answer(f, "q.ces"), "yes");
    assert_string_equal(facts_answer(f, "q.domain"), "no");
    assert_string_equal(facts_answer(f, "q.empty"), "");
    assert_null(facts_answer(f, "q.other"));
    assert_null(facts_answer(f, "Q.CES")); /* ids are exact */
    assert_null(facts_answer(f, ""));
    facts_free(f);

    f = tu_bundle(HEAD "\"facts\": {}}");
    assert_null(facts_answer(f, "q.ces"));
    facts_free(f);
}

static void test_template_lookup(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(
        HEAD "\"facts\": {\"templates\": ["
             "{\"display_name\": \"no name\"},"
             "{\"name\": \"ContosoUser\", \"display_name\": \"Contoso Benutzer\"},"
             "{\"name\": \"Machine\", \"schema_version\": 1}]}}");
    assert_int_equal(f->ntemplates, 3);
    const struct tmpl *t = facts_template(f, "ContosoUser");
    assert_non_null(t);
    assert_ptr_equal(t, &f->templates[1]);
    assert_ptr_equal(facts_template(f, "contosouser"), &f->templates[1]);
    assert_ptr_equal(facts_template(f, "CONTOSOUSER"), &f->templates[1]);
    assert_ptr_equal(facts_template(f, "machine"), &f->templates[2]);
    assert_string_equal(facts_template(f, "MACHINE")->name.v, "Machine");
    /* the display name is not the name */
    assert_null(facts_template(f, "Contoso Benutzer"));
    assert_null(facts_template(f, "no name"));
    assert_null(facts_template(f, "Contoso"));
    assert_null(facts_template(f, "ContosoUser2"));
    assert_null(facts_template(f, ""));
    assert_null(facts_template(f, NULL));
    facts_free(f);
}

static void test_enum_names(void **state)
{
    (void)state;
    assert_string_equal(task_state_name(TASK_READY), "ready");
    assert_string_equal(task_state_name(TASK_RUNNING), "running");
    assert_string_equal(task_state_name(TASK_QUEUED), "queued");
    assert_string_equal(task_state_name(TASK_DISABLED), "disabled");
    assert_string_equal(task_state_name(TASK_UNKNOWN), "unknown");
    assert_string_equal(ev_level_name(EV_ERROR), "error");
    assert_string_equal(ev_level_name(EV_WARNING), "warning");
    assert_string_equal(ev_level_name(EV_INFORMATION), "information");
    assert_string_equal(ev_level_name(EV_OTHER), "other");
    assert_string_equal(delegation_name(DELEG_NONE), "none");
    assert_string_equal(delegation_name(DELEG_CONSTRAINED), "constrained");
    assert_string_equal(delegation_name(DELEG_UNCONSTRAINED), "unconstrained");

    /* each state written in a bundle reads back to the name it was written as */
    static const char *const states[] = {"ready", "running", "queued", "disabled", "unknown"};
    for (size_t i = 0; i < 5; i++) {
        char buf[256];
        snprintf(buf, sizeof(buf), HEAD "\"facts\": {\"tasks\": {\"user\": {\"state\": \"%s\"}}}}",
                 states[i]);
        struct facts *f = tu_bundle(buf);
        assert_int_equal(f->tasks[CTX_USER].state_st, F_SET);
        assert_string_equal(task_state_name(f->tasks[CTX_USER].state), states[i]);
        facts_free(f);
    }
    static const char *const delegs[] = {"none", "constrained", "unconstrained"};
    for (size_t i = 0; i < 3; i++) {
        char buf[256];
        snprintf(buf, sizeof(buf), HEAD "\"facts\": {\"ces\": {\"server\": {\"delegation\": \"%s\"}}}}",
                 delegs[i]);
        struct facts *f = tu_bundle(buf);
        assert_int_equal(f->ces.delegation_st, F_SET);
        assert_string_equal(delegation_name(f->ces.delegation), delegs[i]);
        facts_free(f);
    }
    static const char *const levels[] = {"error", "warning", "information"};
    for (size_t i = 0; i < 3; i++) {
        char buf[256];
        snprintf(buf, sizeof(buf), HEAD "\"facts\": {\"events\": [{\"id\": 2, \"level\": \"%s\"}]}}",
                 levels[i]);
        struct facts *f = tu_bundle(buf);
        assert_int_equal(f->events.n, 1);
        assert_int_equal(f->events.v[0].level_st, F_SET);
        assert_string_equal(ev_level_name(f->events.v[0].level), levels[i]);
        facts_free(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_free),
        cmocka_unit_test(test_ctx_names),
        cmocka_unit_test(test_contradictions),
        cmocka_unit_test(test_has_context),
        cmocka_unit_test(test_bundle_context_field),
        cmocka_unit_test(test_answers),
        cmocka_unit_test(test_template_lookup),
        cmocka_unit_test(test_enum_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
