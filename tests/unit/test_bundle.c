/* test_bundle.c: the bundle loader — every field, absent vs null, the forms
 * of codes and times, and a clear error with the JSON path for every kind of
 * bad input. */
#include "testutil.h"

#include "sddl.h"

static void expect_error(const char *json, const char *key, const char *path)
{
    struct facts *f = NULL;
    struct err e;
    err_clear(&e);
    int rc = bundle_parse("t.json", json, strlen(json), &f, &e);
    if (rc == 0)
        fail_msg("accepted: %s", json);
    assert_null(f);
    assert_string_equal(e.key, key);
    assert_string_equal(err_get(&e, "file"), "t.json");
    if (path)
        assert_string_equal(err_get(&e, "path"), path);
}

#define B(rest) "{\"format\":\"enrolldoc-bundle/1\"," rest "}"

/* Two templates or two CAs of one name (as Windows compares names, without
 * case): which a check would see is chance, so the bundle is refused,
 * naming both places. */
static void duplicate_names(void **state)
{
    (void)state;
    expect_error(B("\"facts\":{\"templates\":[{\"name\":\"A\"},{\"name\":\"B\"},{\"name\":\"a\"}]}"),
                 "error.bundle.duplicate", "facts.templates[0].name");
    struct facts *f = NULL;
    struct err e;
    const char *cas = B("\"facts\":{\"cas\":[{\"name\":\"X\"},{\"name\":\"CA1\"},{\"name\":\"CA1\"}]}");
    assert_int_equal(bundle_parse("t.json", cas, strlen(cas), &f, &e), -1);
    assert_string_equal(e.key, "error.bundle.duplicate");
    assert_string_equal(err_get(&e, "path"), "facts.cas[1].name");
    assert_string_equal(err_get(&e, "other"), "facts.cas[2].name");
    assert_string_equal(err_get(&e, "value"), "CA1");
    /* unnamed entries and distinct names are fine */
    f = tu_bundle(B("\"facts\":{\"templates\":[{},{},{\"name\":\"A\"},{\"name\":\"AB\"}]}"));
    assert_int_equal(f->ntemplates, 4);
    facts_free(f);
}

static void shared_scenarios_load(void **state)
{
    (void)state;
    const char *names[] = {"healthy", "aepolicy-enroll-off", "ca-unreachable",
                           "ces-user-not-delegated", "task-never-run", "template-not-published"};
    for (size_t i = 0; i < 6; i++) {
        char path[512];
        snprintf(path, sizeof(path), SHARED_DIR "/scenarios/%s.json", names[i]);
        struct facts *f = NULL;
        struct err e;
        if (bundle_load(path, &f, &e) != 0)
            fail_msg("%s: %s", path, e.key);
        assert_int_equal(f->ctx, CTX_USER);
        assert_string_equal(f->tmpl.v, "ContosoUser");
        facts_free(f);
    }
}

static void healthy_fields(void **state)
{
    (void)state;
    struct facts *f = NULL;
    struct err e;
    assert_int_equal(bundle_load(SHARED_DIR "/scenarios/healthy.json", &f, &e), 0);
    assert_string_equal(f->meta.host.v, "PC0042");
    char t[40];
    time_format_iso(f->meta.collected_at.v, t, sizeof(t));
    assert_string_equal(t, "2026-11-20T08:15:00Z");
    assert_int_equal(f->aepolicy[CTX_USER].st, F_SET);
    assert_int_equal(f->aepolicy[CTX_USER].v, 7);
    assert_int_equal(f->loglevel.v, 4);
    assert_int_equal(f->certs[CTX_USER].st, F_SET);
    assert_int_equal(f->certs[CTX_USER].n, 0);
    assert_int_equal(f->tasks[CTX_USER].st, F_SET);
    assert_true(f->tasks[CTX_USER].exists.v);
    assert_int_equal(f->tasks[CTX_USER].state, TASK_READY);
    assert_int_equal(f->tasks[CTX_USER].last_result.v, 0);
    assert_int_equal(f->identity[CTX_USER].st, F_SET);
    assert_int_equal(f->identity[CTX_MACHINE].st, F_ABSENT);
    assert_int_equal(f->identity[CTX_USER].token_groups.n, 3);
    assert_string_equal(f->identity[CTX_USER].mail.v, "alice@contoso.com");
    assert_int_equal(f->ntemplates, 1);
    assert_non_null(f->templates[0].sd);
    assert_int_equal(f->templates[0].schema_version.v, 2);
    assert_true(f->templates[0].requires_email.v);
    assert_int_equal(f->templates[0].issuance_policies.st, F_SET);
    assert_int_equal(f->ncas, 1);
    assert_int_equal(f->cas[0].templates.n, 2);
    assert_int_equal(f->cas[0].renew_on_behalf_of.st, F_NULL);
    assert_int_equal(f->nksp, 1);
    assert_int_equal(f->nca_ping, 1);
    assert_true(f->ca_ping[0].ok.v);
    assert_int_equal(f->events.n, 9);
    assert_int_equal(f->events.v[8].id.v, 2);
    assert_int_equal(f->events.v[8].order, 8);
    assert_int_equal(f->enroll_st, F_ABSENT);
    assert_int_equal(f->ces.st, F_ABSENT);
    facts_free(f);
}

static void absent_null_value(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(B("\"facts\":{\"aepolicy\":{\"user\":null},\"loglevel\":null}"));
    assert_int_equal(f->aepolicy[CTX_USER].st, F_NULL);
    assert_int_equal(f->aepolicy[CTX_MACHINE].st, F_ABSENT);
    assert_int_equal(f->loglevel.st, F_NULL);
    assert_int_equal(f->templates_st, F_ABSENT);
    assert_int_equal(f->ctx, CTX_NONE);
    assert_int_equal(f->tmpl.st, F_ABSENT);
    facts_free(f);
    /* null lists are collected-and-empty; a null task is a task that does not exist */
    f = tu_bundle(B("\"facts\":{\"cas\":null,\"tasks\":{\"machine\":null},"
                    "\"certificates\":{\"user\":null}}"));
    assert_int_equal(f->cas_st, F_SET);
    assert_int_equal(f->ncas, 0);
    assert_int_equal(f->tasks[CTX_MACHINE].st, F_SET);
    assert_int_equal(f->tasks[CTX_MACHINE].exists.st, F_SET);
    assert_false(f->tasks[CTX_MACHINE].exists.v);
    assert_int_equal(f->certs[CTX_USER].st, F_SET);
    assert_int_equal(f->certs[CTX_USER].n, 0);
    facts_free(f);
}

static void code_forms(void **state)
{
    (void)state;
    const char *forms[] = {"\"0x800706BA\"", "\"0x800706ba\"", "-2147023174", "1722",
                           "\"-2147023174\"", "\"RPC_S_SERVER_UNAVAILABLE\""};
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        char buf[512];
        snprintf(buf, sizeof(buf),
                 B("\"facts\":{\"ca_ping\":[{\"config\":\"a\\\\b\",\"ok\":false,\"error\":%s}]}"),
                 forms[i]);
        struct facts *f = tu_bundle(buf);
        assert_int_equal(f->ca_ping[0].error.st, F_SET);
        assert_int_equal(f->ca_ping[0].error.v, 0x800706BAu);
        assert_string_equal(f->ca_ping[0].config.v, "a\\b");
        facts_free(f);
    }
    struct facts *f = tu_bundle(B("\"facts\":{\"tasks\":{\"user\":{\"last_result\":\"0x41303\"}}}"));
    assert_int_equal(f->tasks[CTX_USER].last_result.v, 0x41303u);
    facts_free(f);
    expect_error(B("\"facts\":{\"ksp\":[{\"error\":\"banana\"}]}"), "error.bundle.value",
                 "facts.ksp[0].error");
    expect_error(B("\"facts\":{\"ksp\":[{\"error\":1.5}]}"), "error.bundle.value",
                 "facts.ksp[0].error");
    expect_error(B("\"facts\":{\"ksp\":[{\"error\":4294967296}]}"), "error.bundle.value",
                 "facts.ksp[0].error");
    expect_error(B("\"facts\":{\"ksp\":[{\"error\":true}]}"), "error.bundle.type",
                 "facts.ksp[0].error");
}

static void time_forms(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(B("\"meta\":{\"collected_at\":\"2026-11-20T09:15:00+01:00\"}"));
    struct facts *g = tu_bundle(B("\"meta\":{\"collected_at\":\"2026-11-20T08:15:00Z\"}"));
    assert_int_equal(f->meta.collected_at.v, g->meta.collected_at.v);
    facts_free(f);
    facts_free(g);
    expect_error(B("\"meta\":{\"collected_at\":\"2026-11-20T08:15:00\"}"), "error.bundle.value",
                 "meta.collected_at");
    expect_error(B("\"meta\":{\"collected_at\":\"yesterday\"}"), "error.bundle.value",
                 "meta.collected_at");
    expect_error(B("\"facts\":{\"certificates\":{\"user\":[{\"not_after\":5}]}}"),
                 "error.bundle.type", "facts.certificates.user[0].not_after");
}

static void type_errors_name_the_path(void **state)
{
    (void)state;
    struct facts *f = NULL;
    struct err e;
    const char *j = B("\"facts\":{\"aepolicy\":{\"user\":\"x\"}}");
    assert_int_equal(bundle_parse("t.json", j, strlen(j), &f, &e), -1);
    assert_string_equal(e.key, "error.bundle.type");
    assert_string_equal(err_get(&e, "path"), "facts.aepolicy.user");
    assert_string_equal(err_get(&e, "expected"), "@type.integer-or-null");
    assert_string_equal(err_get(&e, "got"), "@jtype.string");

    expect_error(B("\"facts\":{\"aepolicy\":{\"user\":7.5}}"), "error.bundle.type",
                 "facts.aepolicy.user");
    expect_error(B("\"facts\":{\"aepolicy\":{\"user\":-1}}"), "error.bundle.value",
                 "facts.aepolicy.user");
    expect_error(B("\"facts\":{\"aepolicy\":7}"), "error.bundle.type", "facts.aepolicy");
    expect_error(B("\"facts\":{\"tasks\":{\"user\":{\"exists\":1}}}"), "error.bundle.type",
                 "facts.tasks.user.exists");
    expect_error(B("\"facts\":{\"tasks\":{\"user\":{\"state\":\"sleeping\"}}}"),
                 "error.bundle.enum", "facts.tasks.user.state");
    expect_error(B("\"facts\":{\"templates\":{}}"), "error.bundle.type", "facts.templates");
    expect_error(B("\"facts\":{\"templates\":[1]}"), "error.bundle.type", "facts.templates[0]");
    expect_error(B("\"facts\":{\"templates\":[{\"name\":\"a\"},{\"schema_version\":9}]}"),
                 "error.bundle.value", "facts.templates[1].schema_version");
    expect_error(B("\"facts\":{\"identity\":{\"user\":{\"sid\":\"alice\"}}}"),
                 "error.bundle.value", "facts.identity.user.sid");
    expect_error(B("\"facts\":{\"identity\":{\"user\":{\"token_groups\":[\"S-1-5-11\",3]}}}"),
                 "error.bundle.type", "facts.identity.user.token_groups[1]");
    expect_error(B("\"facts\":{\"identity\":{\"user\":{\"directory_groups\":[\"S-1-5-x\"]}}}"),
                 "error.bundle.value", "facts.identity.user.directory_groups[0]");
    expect_error(B("\"facts\":{\"events\":[{\"id\":70000}]}"), "error.bundle.value",
                 "facts.events[0].id");
    expect_error(B("\"facts\":{\"events\":[{\"level\":\"fatal\"}]}"), "error.bundle.enum",
                 "facts.events[0].level");
    expect_error(B("\"facts\":{\"ces\":{\"server\":{\"delegation\":\"some\"}}}"),
                 "error.bundle.enum", "facts.ces.server.delegation");
    expect_error(B("\"facts\":{\"ces\":{\"events\":[{\"time\":1}]}}"), "error.bundle.type",
                 "facts.ces.events[0].time");
    expect_error(B("\"facts\":{\"enroll\":[{\"context\":\"both\"}]}"), "error.bundle.enum",
                 "facts.enroll[0].context");
    expect_error(B("\"facts\":{\"certificates\":{\"user\":[{\"thumbprint\":\"xyz\"}]}}"),
                 "error.bundle.value", "facts.certificates.user[0].thumbprint");
    expect_error(B("\"context\":\"both\""), "error.bundle.enum", "context");
    expect_error(B("\"template\":\"\""), "error.bundle.value", "template");
    expect_error(B("\"answers\":{\"context\":1}"), "error.bundle.type", "answers.context");
    expect_error(B("\"meta\":[]"), "error.bundle.type", "meta");
    expect_error(B("\"facts\":[]"), "error.bundle.type", "facts");
}

static void sddl_errors(void **state)
{
    (void)state;
    struct facts *f = NULL;
    struct err e;
    const char *j = B("\"facts\":{\"cas\":[{\"name\":\"x\",\"sddl\":\"O:BAD:(A;;CR;;;AU\"}]}");
    assert_int_equal(bundle_parse("t.json", j, strlen(j), &f, &e), -1);
    assert_string_equal(e.key, "error.bundle.sddl");
    assert_string_equal(err_get(&e, "path"), "facts.cas[0].sddl");
    assert_non_null(err_get(&e, "offset"));
    assert_true(strncmp(err_get(&e, "reason"), "@sddl.reason.", 13) == 0);
    /* a CA without DACL is broken too */
    expect_error(B("\"facts\":{\"cas\":[{\"sddl\":\"O:BAG:DU\"}]}"), "error.bundle.sddl",
                 "facts.cas[0].sddl");
}

static void format_and_shape(void **state)
{
    (void)state;
    expect_error("{}", "error.bundle.no-format", NULL);
    expect_error("{\"format\":\"enrolldoc-bundle/2\"}", "error.bundle.format", NULL);
    expect_error("{\"format\":7}", "error.bundle.type", "format");
    expect_error("[]", "error.bundle.type", "@path.top");
    expect_error("\"x\"", "error.bundle.type", "@path.top");
    expect_error("{\"format\":\"enrolldoc-bundle/1\",\"format\":\"enrolldoc-bundle/1\"}",
                 "error.bundle.value", "@path.top");
    expect_error("", "error.json.empty", NULL);
    expect_error("{\"format\":", "error.json.syntax", NULL);
}

/* membership_added: group SID -> time; logon_time in the user's identity
 * only; session.boot_time. A bad key or time names its path. */
static void membership_times(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(B("\"facts\":{\"identity\":{\"user\":{\"membership_added\":"
                                  "{\"S-1-5-21-1-2-3-1200\":\"2026-11-20T09:00:00+01:00\","
                                  "\"S-1-5-21-1-2-3-513\":null},\"logon_time\":\"2026-11-20T07:00:00Z\"},"
                                  "\"machine\":{\"logon_time\":\"2026-11-20T07:00:00Z\","
                                  "\"membership_added\":null}},"
                                  "\"session\":{\"boot_time\":\"2026-11-19T22:00:00Z\"}}"));
    const struct identity *u = &f->identity[CTX_USER], *m = &f->identity[CTX_MACHINE];
    assert_int_equal(u->membership_added.st, F_SET);
    assert_int_equal(u->membership_added.n, 1);
    const struct sid_time *st = facts_membership_added(&u->membership_added, "s-1-5-21-1-2-3-1200");
    assert_non_null(st);
    assert_int_equal(st->t, 1795161600);  /* 2026-11-20T08:00:00Z */
    assert_null(facts_membership_added(&u->membership_added, "S-1-5-21-1-2-3-513"));
    assert_int_equal(u->logon_time.st, F_SET);
    assert_int_equal(m->logon_time.st, F_ABSENT);      /* user identity only */
    assert_int_equal(m->membership_added.st, F_SET);   /* null: none known */
    assert_int_equal(m->membership_added.n, 0);
    assert_int_equal(f->session.boot_time.st, F_SET);
    assert_int_equal(f->session.boot_time.v, 1795125600);
    facts_free(f);

    /* membership_source: group SID -> where its time comes from */
    f = tu_bundle(B("\"facts\":{\"identity\":{\"user\":{\"membership_source\":"
                    "{\"S-1-5-21-1-2-3-1200\":\"when-changed\",\"S-1-5-21-1-2-3-1201\":\"value-metadata\","
                    "\"S-1-5-21-1-2-3-513\":null}},\"machine\":{\"membership_source\":null}}}"));
    u = &f->identity[CTX_USER];
    m = &f->identity[CTX_MACHINE];
    assert_int_equal(u->membership_source.st, F_SET);
    assert_int_equal(u->membership_source.n, 2);
    assert_int_equal(facts_membership_source(&u->membership_source, "s-1-5-21-1-2-3-1200")->src,
                     MSRC_WHEN_CHANGED);
    assert_int_equal(facts_membership_source(&u->membership_source, "S-1-5-21-1-2-3-1201")->src,
                     MSRC_VALUE_METADATA);
    assert_null(facts_membership_source(&u->membership_source, "S-1-5-21-1-2-3-513"));
    assert_int_equal(m->membership_source.st, F_SET);
    assert_int_equal(m->membership_source.n, 0);
    facts_free(f);

    expect_error(B("\"facts\":{\"identity\":{\"user\":{\"membership_added\":[]}}}"),
                 "error.bundle.type", "facts.identity.user.membership_added");
    expect_error(B("\"facts\":{\"identity\":{\"user\":{\"membership_added\":{\"PKI\":\"2026-11-20T08:00:00Z\"}}}}"),
                 "error.bundle.value", "facts.identity.user.membership_added.PKI");
    expect_error(B("\"facts\":{\"identity\":{\"user\":{\"membership_added\":{\"S-1-5-11\":\"today\"}}}}"),
                 "error.bundle.value", "facts.identity.user.membership_added.S-1-5-11");
    expect_error(B("\"facts\":{\"identity\":{\"user\":{\"membership_added\":{\"S-1-5-11\":5}}}}"),
                 "error.bundle.type", "facts.identity.user.membership_added.S-1-5-11");
    expect_error(B("\"facts\":{\"identity\":{\"user\":{\"membership_source\":[]}}}"),
                 "error.bundle.type", "facts.identity.user.membership_source");
    expect_error(B("\"facts\":{\"identity\":{\"user\":{\"membership_source\":{\"PKI\":\"when-changed\"}}}}"),
                 "error.bundle.value", "facts.identity.user.membership_source.PKI");
    expect_error(B("\"facts\":{\"identity\":{\"user\":{\"membership_source\":{\"S-1-5-11\":\"whenChanged\"}}}}"),
                 "error.bundle.enum", "facts.identity.user.membership_source.S-1-5-11");
    expect_error(B("\"facts\":{\"identity\":{\"user\":{\"membership_source\":{\"S-1-5-11\":1}}}}"),
                 "error.bundle.type", "facts.identity.user.membership_source.S-1-5-11");
    expect_error(B("\"facts\":{\"identity\":{\"user\":{\"logon_time\":\"2026-11-20\"}}}"),
                 "error.bundle.value", "facts.identity.user.logon_time");
    expect_error(B("\"facts\":{\"session\":{\"boot_time\":true}}"), "error.bundle.type",
                 "facts.session.boot_time");
}

static void unknown_fields_ignored(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(B("\"future\":{\"x\":[1,2]},\"facts\":{\"aepolicy\":{\"user\":1,"
                                  "\"other\":\"y\"},\"newthing\":5}"));
    assert_int_equal(f->aepolicy[CTX_USER].v, 1);
    facts_free(f);
}

static void meta_tool_forms(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(B("\"meta\":{\"tool\":{\"name\":\"enrolldoc\",\"version\":\"0.1.0\"}}"));
    assert_string_equal(f->meta.tool.v, "enrolldoc 0.1.0");
    facts_free(f);
    f = tu_bundle(B("\"meta\":{\"tool\":\"handmade\"}"));
    assert_string_equal(f->meta.tool.v, "handmade");
    facts_free(f);
    expect_error(B("\"meta\":{\"tool\":5}"), "error.bundle.type", "meta.tool");
}

/* meta.title and meta.description: one string for both languages, or
 * {"en", "de"}; anything else is refused with its path. */
static void meta_text_forms(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(B("\"meta\":{\"title\":\"One\",\"description\":null}"));
    assert_string_equal(bundle_meta_text(&f->meta.title, &f->meta.title_de, LANG_DE), "One");
    assert_string_equal(bundle_meta_text(&f->meta.title, &f->meta.title_de, LANG_EN), "One");
    assert_null(bundle_meta_text(&f->meta.description, &f->meta.description_de, LANG_DE));
    facts_free(f);
    f = tu_bundle(B("\"meta\":{\"title\":{\"en\":\"Renewal\",\"de\":\"Erneuerung\"},"
                    "\"description\":{\"de\":\"Nur Deutsch\"}}"));
    assert_string_equal(bundle_meta_text(&f->meta.title, &f->meta.title_de, LANG_DE), "Erneuerung");
    assert_string_equal(bundle_meta_text(&f->meta.title, &f->meta.title_de, LANG_EN), "Renewal");
    assert_string_equal(bundle_meta_text(&f->meta.description, &f->meta.description_de, LANG_EN),
                        "Nur Deutsch");
    facts_free(f);
    expect_error(B("\"meta\":{\"title\":5}"), "error.bundle.type", "meta.title");
    expect_error(B("\"meta\":{\"title\":{}}"), "error.bundle.type", "meta.title");
    expect_error(B("\"meta\":{\"title\":{\"en\":1}}"), "error.bundle.type", "meta.title");
    expect_error(B("\"meta\":{\"description\":{\"en\":\"x\",\"fr\":\"y\"}}"), "error.bundle.type",
                 "meta.description");
}

static void answers_and_context(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(B("\"context\":\"machine\",\"template\":\"Machine\","
                                  "\"answers\":{\"transport\":\"ces\"}"));
    assert_int_equal(f->ctx, CTX_MACHINE);
    assert_string_equal(f->tmpl.v, "Machine");
    assert_string_equal(facts_answer(f, "transport"), "ces");
    assert_null(facts_answer(f, "context"));
    facts_free(f);
}

static void missing_file(void **state)
{
    (void)state;
    struct facts *f = NULL;
    struct err e;
    assert_int_equal(bundle_load("/nonexistent/x.json", &f, &e), -1);
    assert_string_equal(e.key, "error.file.read");
    assert_string_equal(err_get(&e, "file"), "/nonexistent/x.json");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shared_scenarios_load),
        cmocka_unit_test(duplicate_names),  cmocka_unit_test(healthy_fields),
        cmocka_unit_test(absent_null_value),      cmocka_unit_test(code_forms),
        cmocka_unit_test(time_forms),             cmocka_unit_test(type_errors_name_the_path),
        cmocka_unit_test(sddl_errors),            cmocka_unit_test(format_and_shape),
        cmocka_unit_test(unknown_fields_ignored), cmocka_unit_test(meta_tool_forms),
        cmocka_unit_test(meta_text_forms),        cmocka_unit_test(membership_times),
        cmocka_unit_test(answers_and_context),    cmocka_unit_test(missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
