/* test_probe.c: which facts each check needs, collecting on a system that
 * cannot probe (every group noted, nothing invented), and forgetting a
 * group for a re-run. */
#include "testutil.h"

#include "probe.h"

static void every_client_check_names_its_facts(void **state)
{
    (void)state;
    const char *client_checks[] = {"store", "aepolicy", "session", "task", "ksp", "ca_ping",
                                   "loglevel", "events", "perm_template", "token"};
    for (size_t i = 0; i < sizeof(client_checks) / sizeof(client_checks[0]); i++) {
        const struct check *c = check_find(client_checks[i]);
        assert_non_null(c);
        assert_int_not_equal(probe_needs(c), 0);
    }
    assert_int_equal(probe_needs(check_find("aepolicy")), 1u << PROBE_AEPOLICY);
    assert_int_equal(probe_needs(check_find("store")), 1u << PROBE_CERTS);
    /* the directory's facts come from the directory group, not a client probe */
    assert_int_equal(probe_needs(check_find("published")), 1u << PROBE_DIRECTORY);
    assert_int_equal(probe_needs(check_find("perm_template")),
                     (1u << PROBE_IDENTITY) | (1u << PROBE_DIRECTORY));
    /* the CA's own logs are brought along by the operator */
    assert_int_equal(probe_needs(check_find("ca_denied")), 0);
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
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_client_check_names_its_facts),
        cmocka_unit_test(nothing_is_invented_where_probing_is_impossible),
        cmocka_unit_test(forgetting_a_group),
        cmocka_unit_test(group_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
