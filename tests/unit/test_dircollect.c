/* test_dircollect.c: collect --merge keeps the token's groups and the logon
 * time only for the account whose session collected the bundle
 * (dircollect_drop_foreign_token). */
#include "testutil.h"

#include "dircollect.h"

static struct opt_str str(const char *s)
{
    struct opt_str o = {s ? F_SET : F_ABSENT, s};
    return o;
}

/* The identity as the bundle had it (NAME, SID) and as the directory left
 * it for ACCOUNT (DNAME, DSID), with token_groups and a logon time. */
static bool dropped(const char *name, const char *sid, const char *dname, const char *dsid)
{
    static const char *groups[] = {"S-1-5-21-1-2-3-513"};
    struct identity before, id;
    memset(&before, 0, sizeof(before));
    before.st = F_SET;
    before.name = str(name);
    before.sid = str(sid);
    before.token_groups = (struct str_list){F_SET, 1, groups};
    before.logon_time = (struct opt_time){F_SET, 1795140000};
    id = before;
    id.name = str(dname);
    id.sid = str(dsid);
    bool d = dircollect_drop_foreign_token(&before, &id);
    assert_int_equal(id.token_groups.st, d ? F_ABSENT : F_SET);
    assert_int_equal(id.logon_time.st, d ? F_ABSENT : F_SET);
    assert_string_equal(id.name.v, dname);
    return d;
}

static void same_account_keeps(void **state)
{
    (void)state;
    assert_false(dropped("CORP\\dave", "S-1-5-21-1-2-3-1105", "CORP\\dave", "S-1-5-21-1-2-3-1105"));
    assert_false(dropped("corp\\DAVE", NULL, "CORP\\dave", "S-1-5-21-1-2-3-1105"));
    assert_false(dropped("dave", NULL, "CORP\\dave", "S-1-5-21-1-2-3-1105"));
    assert_false(dropped(NULL, "s-1-5-21-1-2-3-1105", "CORP\\dave", "S-1-5-21-1-2-3-1105"));
    /* renamed, same SID: the same account */
    assert_false(dropped("CORP\\david", "S-1-5-21-1-2-3-1105", "CORP\\dave", "S-1-5-21-1-2-3-1105"));
}

static void other_account_drops(void **state)
{
    (void)state;
    assert_true(dropped("CORP\\admin", "S-1-5-21-1-2-3-500", "CORP\\dave", "S-1-5-21-1-2-3-1105"));
    assert_true(dropped("CORP\\admin", NULL, "CORP\\dave", "S-1-5-21-1-2-3-1105"));
    assert_true(dropped("OTHER\\dave", NULL, "CORP\\dave", "S-1-5-21-1-2-3-1105"));
    /* the bundle does not say whose token it is */
    assert_true(dropped(NULL, NULL, "CORP\\dave", "S-1-5-21-1-2-3-1105"));
}

static void nothing_to_drop(void **state)
{
    (void)state;
    struct identity before, id;
    memset(&before, 0, sizeof(before));
    before.name = str("CORP\\admin");
    id = before;
    id.name = str("CORP\\dave");
    assert_false(dircollect_drop_foreign_token(&before, &id));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_account_keeps),
        cmocka_unit_test(other_account_drops),
        cmocka_unit_test(nothing_to_drop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
