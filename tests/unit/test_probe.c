/* test_probe.c: which facts each check needs (its .needs), collecting on a
 * system that cannot probe (every group noted, nothing invented), and
 * forgetting a group for a re-run. */
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
        cmocka_unit_test(nothing_is_invented_where_probing_is_impossible),
        cmocka_unit_test(forgetting_a_group),
        cmocka_unit_test(group_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
