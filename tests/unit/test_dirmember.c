/* test_dirmember.c: when memberships were added (src/dirmember.c): the
 * msDS-ReplValueMetaData XML as Active Directory writes it, GeneralizedTime,
 * and the times along nested paths, with whenChanged where no metadata is. */
#include "testutil.h"

#include "dirmember.h"

/* One value of msDS-ReplValueMetaData as Windows Server 2019 returns it
 * (tabs and newlines included, a DN with an escaped ampersand). */
#define META(dn, created, changed, deleted, version)                                      \
    "<DS_REPL_VALUE_META_DATA>\n\t<pszAttributeName>member</pszAttributeName>\n"          \
    "\t<pszObjectDn>" dn "</pszObjectDn>\n\t<cbData>0</cbData>\n\t<pbData></pbData>\n"    \
    "\t<ftimeDeleted>" deleted "</ftimeDeleted>\n\t<ftimeCreated>" created                \
    "</ftimeCreated>\n\t<dwVersion>" version "</dwVersion>\n"                             \
    "\t<ftimeLastOriginatingChange>" changed "</ftimeLastOriginatingChange>\n"           \
    "\t<uuidLastOriginatingDsaInvocationID>6f1d3e2c-3b3a-4b8e-9d5e-2f4a6c8b0e1d"          \
    "</uuidLastOriginatingDsaInvocationID>\n\t<usnOriginatingChange>20512"               \
    "</usnOriginatingChange>\n\t<usnLocalChange>20512</usnLocalChange>\n"                \
    "\t<pszLastOriginatingDsaDN>CN=NTDS Settings,CN=DC01,CN=Servers,"                    \
    "CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=contoso,DC=com"             \
    "</pszLastOriginatingDsaDN>\n</DS_REPL_VALUE_META_DATA>\n"
#define NOT_DELETED "1601-01-01T00:00:00Z"

static int64_t iso(const char *s)
{
    int64_t t;
    assert_int_equal(time_parse_iso(s, &t), 0);
    return t;
}

static void parse_meta(void **state)
{
    (void)state;
    struct arena a = {0};
    struct dir_value_meta m;
    const char *x = META("CN=R&amp;D Staff,OU=Groups,DC=contoso,DC=com", "2026-11-20T09:12:44Z",
                         "2026-11-20T09:12:44Z", NOT_DELETED, "1");
    assert_int_equal(dirmember_parse_meta(&a, x, strlen(x), &m), 0);
    assert_string_equal(m.attr, "member");
    assert_string_equal(m.dn, "CN=R&D Staff,OU=Groups,DC=contoso,DC=com");
    assert_int_equal(m.added, iso("2026-11-20T09:12:44Z"));
    assert_false(m.deleted);

    /* removed and added again: the last change is when it came back */
    x = META("CN=alice,CN=Users,DC=contoso,DC=com", "2025-01-07T10:00:00Z", "2026-11-20T10:30:00Z",
             NOT_DELETED, "3");
    assert_int_equal(dirmember_parse_meta(&a, x, strlen(x), &m), 0);
    assert_int_equal(m.added, iso("2026-11-20T10:30:00Z"));

    /* removed: no membership */
    x = META("CN=bob,CN=Users,DC=contoso,DC=com", "2025-01-07T10:00:00Z", "2026-11-20T10:30:00Z",
             "2026-11-20T10:30:00Z", "2");
    assert_int_equal(dirmember_parse_meta(&a, x, strlen(x), &m), 0);
    assert_true(m.deleted);

    /* not the metadata text */
#define HEAD "<DS_REPL_VALUE_META_DATA><pszAttributeName>member</pszAttributeName><pszObjectDn>CN=x</pszObjectDn>"
    const char *bad[] = {
        "",
        "member",
        "<DS_REPL_VALUE_META_DATA></DS_REPL_VALUE_META_DATA>",
        (HEAD "<ftimeCreated>soon</ftimeCreated></DS_REPL_VALUE_META_DATA>"),
        (HEAD "<ftimeCreated>2026-11-20T10:30:00Z"), /* never closed */
    };
#undef HEAD
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(dirmember_parse_meta(&a, bad[i], strlen(bad[i]), &m), 1);
    arena_free(&a);
}

static void generalized_time(void **state)
{
    (void)state;
    int64_t t;
    assert_int_equal(dirmember_generalized_time("20261203122621.0Z", &t), 0);
    assert_int_equal(t, iso("2026-12-03T12:26:21Z"));
    assert_int_equal(dirmember_generalized_time("20261203122621Z", &t), 0);
    assert_int_equal(t, iso("2026-12-03T12:26:21Z"));
    assert_int_equal(dirmember_generalized_time("20261203122621.0+0100", &t), -1);
    assert_int_equal(dirmember_generalized_time("2026120312262Z", &t), -1);
    assert_int_equal(dirmember_generalized_time("", &t), -1);
}

#define ALICE "CN=alice,CN=Users,DC=contoso,DC=com"
#define PKI "CN=PKI Enrollees,OU=Groups,DC=contoso,DC=com"
#define NESTED "CN=PKI Nested,OU=Groups,DC=contoso,DC=com"
#define OTHER "CN=Other,OU=Groups,DC=contoso,DC=com"

static const struct sid_time *at(const struct sid_times *m, const char *sid)
{
    return facts_membership_added(m, sid);
}

/* alice in Nested (08:00) and Other (06:00); Nested in PKI (07:00), Other
 * in PKI (09:00): PKI through Nested since 08:00, through Other since
 * 09:00; the earlier path counts. */
static void nested_paths(void **state)
{
    (void)state;
    struct arena a = {0};
    struct dir_value_meta pki_meta[] = {{"member", NESTED, 0, false}, {"member", OTHER, 0, false},
                                        {"member", ALICE, 0, true}};
    pki_meta[0].added = iso("2026-11-20T07:00:00Z");
    pki_meta[1].added = iso("2026-11-20T09:00:00Z");
    pki_meta[2].added = iso("2026-11-20T05:00:00Z");   /* alice once, removed */
    struct dir_value_meta nested_meta[] = {{"member", ALICE, 0, false}};
    nested_meta[0].added = iso("2026-11-20T08:00:00Z");
    struct dir_value_meta other_meta[] = {{"member", "cn=alice,cn=users,dc=contoso,dc=com", 0, false}};
    other_meta[0].added = iso("2026-11-20T06:00:00Z");
    const char *nested_of[] = {PKI}, *other_of[] = {PKI};
    struct dir_group g[] = {
        {"S-1-5-21-1-2-3-1200", PKI, NULL, 0, pki_meta, 3, true, iso("2026-11-21T00:00:00Z")},
        {"S-1-5-21-1-2-3-1201", NESTED, nested_of, 1, nested_meta, 1, false, 0},
        {"S-1-5-21-1-2-3-1202", OTHER, other_of, 1, other_meta, 1, false, 0},
        {"S-1-5-21-1-2-3-1203", "CN=Unreached,DC=contoso,DC=com", NULL, 0, NULL, 0, true, 5},
    };
    const char *alice_of[] = {NESTED, OTHER, "CN=Not Asked,DC=contoso,DC=com"};
    struct sid_times out;
    size_t first = 9, nfb = 9;
    struct sid_sources src;
    assert_int_equal(dirmember_times(&a, ALICE, alice_of, 3, g, 4, &out, &src, &first, &nfb), 0);
    assert_int_equal(out.st, F_SET);
    assert_int_equal(out.n, 3);
    assert_string_equal(out.v[0].sid, "S-1-5-21-1-2-3-1200");   /* sorted */
    assert_int_equal(at(&out, "S-1-5-21-1-2-3-1200")->t, iso("2026-11-20T08:00:00Z"));
    assert_int_equal(at(&out, "S-1-5-21-1-2-3-1201")->t, iso("2026-11-20T08:00:00Z"));
    assert_int_equal(at(&out, "S-1-5-21-1-2-3-1202")->t, iso("2026-11-20T06:00:00Z"));
    assert_null(at(&out, "S-1-5-21-1-2-3-1203"));
    /* every time from value metadata (PKI's whenChanged is not needed) */
    assert_int_equal(src.st, F_SET);
    assert_int_equal(src.n, 3);
    assert_string_equal(src.v[0].sid, "S-1-5-21-1-2-3-1200");
    for (size_t i = 0; i < src.n; i++)
        assert_int_equal(src.v[i].src, MSRC_VALUE_METADATA);
    assert_int_equal(first, 0);
    assert_int_equal(nfb, 0);
    arena_free(&a);
}

/* Without metadata the group's whenChanged stands in, and says so. */
static void when_changed_fallback(void **state)
{
    (void)state;
    struct arena a = {0};
    const char *nested_of[] = {PKI};
    struct dir_value_meta nested_meta[] = {{"member", ALICE, 0, false}};
    nested_meta[0].added = iso("2026-11-20T08:00:00Z");
    struct dir_group g[] = {
        {"S-1-5-21-1-2-3-1201", NESTED, nested_of, 1, nested_meta, 1, true, iso("2026-11-22T00:00:00Z")},
        {"S-1-5-21-1-2-3-1200", PKI, NULL, 0, NULL, 0, true, iso("2026-11-21T00:00:00Z")},
        {"S-1-5-21-1-2-3-1204", "CN=No Time,DC=contoso,DC=com", NULL, 0, NULL, 0, false, 0},
    };
    const char *alice_of[] = {NESTED, "CN=No Time,DC=contoso,DC=com"};
    struct sid_times out;
    size_t first = 0, nfb = 0;
    struct sid_sources src;
    assert_int_equal(dirmember_times(&a, ALICE, alice_of, 2, g, 3, &out, &src, &first, &nfb), 0);
    assert_int_equal(out.n, 2);
    assert_int_equal(at(&out, "S-1-5-21-1-2-3-1201")->t, iso("2026-11-20T08:00:00Z"));
    assert_int_equal(at(&out, "S-1-5-21-1-2-3-1200")->t, iso("2026-11-21T00:00:00Z"));
    assert_int_equal(src.n, 2);
    assert_int_equal(facts_membership_source(&src, "S-1-5-21-1-2-3-1201")->src, MSRC_VALUE_METADATA);
    assert_int_equal(facts_membership_source(&src, "s-1-5-21-1-2-3-1200")->src, MSRC_WHEN_CHANGED);
    assert_null(facts_membership_source(&src, "S-1-5-21-1-2-3-1204"));
    assert_int_equal(first, 2);   /* PKI, index 1 */
    assert_int_equal(nfb, 1);

    /* no groups: an empty, known map */
    assert_int_equal(dirmember_times(&a, ALICE, NULL, 0, NULL, 0, &out, NULL, NULL, NULL), 0);
    assert_int_equal(out.st, F_SET);
    assert_int_equal(out.n, 0);
    arena_free(&a);
}

/* A loop of groups (A in B, B in A) ends. */
static void group_loop(void **state)
{
    (void)state;
    struct arena a = {0};
    const char *a_of[] = {"CN=B"}, *b_of[] = {"CN=A"};
    struct dir_group g[] = {
        {"S-1-5-21-1-2-3-1", "CN=A", a_of, 1, NULL, 0, true, 100},
        {"S-1-5-21-1-2-3-2", "CN=B", b_of, 1, NULL, 0, true, 200},
    };
    const char *alice_of[] = {"CN=A"};
    struct sid_times out;
    assert_int_equal(dirmember_times(&a, ALICE, alice_of, 1, g, 2, &out, NULL, NULL, NULL), 0);
    assert_int_equal(out.n, 2);
    assert_int_equal(at(&out, "S-1-5-21-1-2-3-1")->t, 100);
    assert_int_equal(at(&out, "S-1-5-21-1-2-3-2")->t, 200);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_meta),   cmocka_unit_test(generalized_time),
        cmocka_unit_test(nested_paths), cmocka_unit_test(when_changed_fallback),
        cmocka_unit_test(group_loop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
