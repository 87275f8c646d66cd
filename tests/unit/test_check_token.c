/* test_check_token.c: the token check (perm.token-stale). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bundle.h"
#include "check.h"
#include "checks.h"
#include "facts.h"

#include "checktest.h"
#include "permtest.h"

static void test_template_rights_stale(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_token, true, T_PKI, "[" CA("CA1", "'ContosoUser'", CA_AU) "]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "perm.token-stale", "template"), "ContosoUser");
    assert_string_equal(tc_ev(&t, "perm.token-stale", "right"), "Enroll, AutoEnroll");
    assert_string_equal(tc_ev(&t, "perm.token-stale", "group"), PKI_GROUP);
    assert_null(tc_ev(&t, "perm.token-stale", "ca"));
    tc_free(&t);
}

static void test_ca_right_stale(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_token, true, T_BOTH_DU, "[" CA("CA1", "'ContosoUser'", CA_PKI) "]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "perm.token-stale", "ca"), "CA1");
    assert_string_equal(tc_ev(&t, "perm.token-stale", "group"), PKI_GROUP);
    assert_null(tc_ev(&t, "perm.token-stale", "right"));
    tc_free(&t);
}

static void test_ca_right_other_ca_takes_token(void **state)
{
    (void)state;
    struct tc t;
    run_perm(&t, &check_token, true, T_BOTH_DU,
             "[" CA("CA1", "'ContosoUser'", CA_PKI) "," CA("CA2", "'ContosoUser'", CA_AU) "]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_group_in_both(void **state)
{
    (void)state;
    struct tc t;
    /* The PKI group is in the token too: nothing is stale. */
    tc_run(&t, &check_token, USER_TOP,
           "'identity':{'user':{'name':'CONTOSO\\\\alice','sid':'" DOM "-1104',"
           "'token_groups':['" DOM "-513','" PKI_GROUP "'],"
           "'directory_groups':['" DOM "-513','" PKI_GROUP "']}},"
           "'templates':[{'name':'ContosoUser','sddl':'" T_PKI "'}],"
           "'cas':[" CA("CA1", "'ContosoUser'", CA_PKI) "]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    assert_int_equal(t.r.nmissing, 0);
    tc_free(&t);
}

static void test_new_group_irrelevant(void **state)
{
    (void)state;
    struct tc t;
    /* A new group exists but the rights come from Domain Users. */
    run_perm(&t, &check_token, true, T_BOTH_DU, "[" CA("CA1", "'ContosoUser'", CA_AU) "]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_not_granted_at_all(void **state)
{
    (void)state;
    struct tc t;
    /* Refused in both views: perm.template-enroll's business, not this one. */
    run_perm(&t, &check_token, true, T_NONE, "[" CA("CA1", "'ContosoUser'", CA_AU) "]");
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_only_granting_groups_named(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_token, USER_TOP,
           "'identity':{'user':{'sid':'" DOM "-1104',"
           "'token_groups':['" DOM "-513'],"
           "'directory_groups':['" DOM "-513','" DOM "-1300','" PKI_GROUP "']}},"
           "'templates':[{'name':'ContosoUser','sddl':'" T_PKI "'}],"
           "'cas':[" CA("CA1", "'ContosoUser'", CA_AU) "]");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "perm.token-stale", "group"), PKI_GROUP);
    assert_string_equal(tc_ev(&t, "perm.token-stale", "account"), DOM "-1104");
    tc_free(&t);
}

static void test_needs_directory_groups(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_token, USER_TOP,
           "'identity':{'user':{'sid':'" DOM "-1104','token_groups':['" DOM "-513']}},"
           "'templates':[{'name':'ContosoUser','sddl':'" T_PKI "'}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.identity.user.directory_groups"));
    tc_free(&t);
}

static void test_needs_token_groups(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_token, USER_TOP,
           "'identity':{'user':{'sid':'" DOM "-1104','directory_groups':['" DOM "-513']}},"
           "'templates':[{'name':'ContosoUser','sddl':'" T_PKI "'}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.identity.user.token_groups"));
    tc_free(&t);
}

/* No token_groups: the times decide. The PKI group was added at ADDED;
 * the computer started, or the user logged on, at SINCE (NULL: unknown). */
static void run_times(struct tc *t, bool machine, const char *added, const char *since)
{
    char top[128], facts[2048];
    snprintf(top, sizeof(top), "'context':'%s','template':'ContosoUser',", machine ? "machine" : "user");
    char times[160] = "";
    if (since && !machine)
        snprintf(times, sizeof(times), ",'logon_time':'%s'", since);
    snprintf(facts, sizeof(facts),
             "'identity':{'%s':{'name':'CONTOSO\\\\X','sid':'" DOM "-1104',"
             "'directory_groups':['" DOM "-%s','" PKI_GROUP "'],"
             "'membership_added':{'" PKI_GROUP "':'%s','" DOM "-513':'2026-11-20T09:00:00Z'}%s}},"
             "'session':{%s%s%s},"
             "'templates':[{'name':'ContosoUser','sddl':'" T_PKI "'}],'cas':[" CA("CA1", "'ContosoUser'", CA_AU) "]",
             machine ? "machine" : "user", machine ? "515" : "513", added, times,
             since && machine ? "'boot_time':'" : "", since && machine ? since : "",
             since && machine ? "'" : "");
    tc_run(t, &check_token, top, facts);
}

static void test_times_machine_added_after_boot(void **state)
{
    (void)state;
    struct tc t;
    run_times(&t, true, "2026-11-20T09:30:00+01:00", "2026-11-20T07:00:00Z");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "perm.token-stale", "group"), PKI_GROUP);
    assert_string_equal(tc_ev(&t, "perm.token-stale", "right"), "Enroll, AutoEnroll");
    assert_string_equal(tc_ev(&t, "perm.token-stale", "membership_added"), "2026-11-20T08:30:00Z");
    assert_string_equal(tc_ev(&t, "perm.token-stale", "boot_time"), "2026-11-20T07:00:00Z");
    assert_null(tc_ev(&t, "perm.token-stale", "logon_time"));
    tc_free(&t);
    /* booted after the add: the token holds the group */
    run_times(&t, true, "2026-11-20T06:59:59Z", "2026-11-20T07:00:00Z");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_times_user_added_after_logon(void **state)
{
    (void)state;
    struct tc t;
    run_times(&t, false, "2026-11-20T08:00:01Z", "2026-11-20T08:00:00Z");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "perm.token-stale", "membership_added"), "2026-11-20T08:00:01Z");
    assert_string_equal(tc_ev(&t, "perm.token-stale", "logon_time"), "2026-11-20T08:00:00Z");
    tc_free(&t);
    /* at the same second: no conclusion that it came later */
    run_times(&t, false, "2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z");
    assert_int_equal(t.r.status, ST_OK);
    tc_free(&t);
}

/* Without the boot or logon time, or without membership_added, or with no
 * time for the granting group: no conclusion on a time not known. */
static void test_times_unknown(void **state)
{
    (void)state;
    struct tc t;
    run_times(&t, true, "2026-11-20T09:30:00Z", NULL);
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.session.boot_time"));
    assert_true(tc_missing(&t, "facts.identity.machine.token_groups"));
    tc_free(&t);
    run_times(&t, false, "2026-11-20T09:30:00Z", NULL);
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.identity.user.logon_time"));
    tc_free(&t);
    tc_run(&t, &check_token, "'context':'machine','template':'ContosoUser',",
           "'identity':{'machine':{'sid':'" DOM "-1104','directory_groups':['" PKI_GROUP "']}},"
           "'session':{'boot_time':'2026-11-20T07:00:00Z'},"
           "'templates':[{'name':'ContosoUser','sddl':'" T_PKI "'}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.identity.machine.membership_added"));
    assert_false(tc_missing(&t, "facts.session.boot_time"));
    tc_free(&t);
    /* the granting group has no time (the primary group, say): held */
    tc_run(&t, &check_token, "'context':'machine','template':'ContosoUser',",
           "'identity':{'machine':{'sid':'" DOM "-1104','directory_groups':['" PKI_GROUP "'],"
           "'membership_added':{}}},'session':{'boot_time':'2026-11-20T07:00:00Z'},"
           "'templates':[{'name':'ContosoUser','sddl':'" T_PKI "'}],'cas':[" CA("CA1", "'ContosoUser'", CA_AU) "]");
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

/* No token_groups, the computer booted at 07:00; PKI (granting Enroll and
 * AutoEnroll) has time PKI_T from source PKI_SRC, OTHER (granting nothing
 * but in the directory's view too) 10:00 from OTHER_SRC ("" = no source). */
static void run_sources(struct tc *t, const char *pki_t, const char *pki_src, const char *other_src,
                        const char *tsddl)
{
    char facts[4096], src[512] = "";
    size_t n = 0;
    if (*pki_src)
        n += (size_t)snprintf(src + n, sizeof(src) - n, "'" PKI_GROUP "':'%s'", pki_src);
    if (*other_src)
        snprintf(src + n, sizeof(src) - n, "%s'" DOM "-1300':'%s'", n ? "," : "", other_src);
    snprintf(facts, sizeof(facts),
             "'identity':{'machine':{'name':'CONTOSO\\\\PC1$','sid':'" DOM "-1104',"
             "'directory_groups':['" DOM "-515','" PKI_GROUP "','" DOM "-1300'],"
             "'membership_added':{'" PKI_GROUP "':'%s','" DOM "-1300':'2026-11-20T10:00:00Z'},"
             "'membership_source':{%s}}},"
             "'session':{'boot_time':'2026-11-20T07:00:00Z'},"
             "'templates':[{'name':'ContosoUser','sddl':'%s'}],'cas':[" CA("CA1", "'ContosoUser'", CA_AU) "]",
             pki_t, src, tsddl);
    tc_run(t, &check_token, "'context':'machine','template':'ContosoUser',", facts);
}

/* A time that is only the group's whenChanged, later than the boot: a
 * warning that the token may lack the group, with how to confirm; from
 * value metadata (or with no source stated) it is the error. */
static void test_times_when_changed(void **state)
{
    (void)state;
    struct tc t;
    run_sources(&t, "2026-11-20T09:30:00Z", "when-changed", "", T_PKI);
    assert_int_equal(t.r.status, ST_WARN);
    assert_null(tc_find(&t, "perm.token-stale"));
    assert_string_equal(tc_ev(&t, "perm.token-maybe-stale", "group"), PKI_GROUP);
    assert_string_equal(tc_ev(&t, "perm.token-maybe-stale", "right"), "Enroll, AutoEnroll");
    assert_string_equal(tc_ev(&t, "perm.token-maybe-stale", "group_changed"), "2026-11-20T09:30:00Z");
    assert_null(tc_ev(&t, "perm.token-maybe-stale", "membership_added"));
    assert_string_equal(tc_ev(&t, "perm.token-maybe-stale", "boot_time"), "2026-11-20T07:00:00Z");
    assert_string_equal(tc_ev(&t, "perm.token-maybe-stale", "confirm"), "gpresult /R /Scope:Computer");
    tc_free(&t);
    /* changed before the boot: added before it too */
    run_sources(&t, "2026-11-20T06:30:00Z", "when-changed", "when-changed", T_PKI);
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
    /* value metadata: the add itself, the error */
    run_sources(&t, "2026-11-20T09:30:00Z", "value-metadata", "when-changed", T_PKI);
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "perm.token-stale", "group"), PKI_GROUP);
    assert_string_equal(tc_ev(&t, "perm.token-stale", "membership_added"), "2026-11-20T09:30:00Z");
    assert_null(tc_ev(&t, "perm.token-stale", "group_changed"));
    assert_null(tc_ev(&t, "perm.token-stale", "confirm"));
    assert_null(tc_find(&t, "perm.token-maybe-stale"));
    tc_free(&t);
    /* no source stated: as before, the add */
    run_sources(&t, "2026-11-20T09:30:00Z", "", "", T_PKI);
    assert_int_equal(t.r.status, ST_FAIL);
    assert_non_null(tc_ev(&t, "perm.token-stale", "group"));
    tc_free(&t);
}

/* The right comes through PKI (added after the boot, by value metadata) or
 * through the other group (whenChanged after the boot): the other group
 * may be held, so only the warning, naming it. */
#define T_PKI_OR_OTHER                                                                          \
    "D:PAI(OA;;CR;" ENROLL ";;" PKI_GROUP ")(OA;;CR;" AUTOENROLL ";;" PKI_GROUP ")"             \
    "(OA;;CR;" ENROLL ";;" DOM "-1300)(OA;;CR;" AUTOENROLL ";;" DOM "-1300)(A;;LCRPLORC;;;AU)"
static void test_times_when_changed_mixed(void **state)
{
    (void)state;
    struct tc t;
    run_sources(&t, "2026-11-20T09:30:00Z", "value-metadata", "when-changed", T_PKI_OR_OTHER);
    assert_int_equal(t.r.status, ST_WARN);
    assert_null(tc_find(&t, "perm.token-stale"));
    assert_string_equal(tc_ev(&t, "perm.token-maybe-stale", "group_changed"), "2026-11-20T10:00:00Z");
    tc_free(&t);
    /* both by value metadata: the error */
    run_sources(&t, "2026-11-20T09:30:00Z", "value-metadata", "value-metadata", T_PKI_OR_OTHER);
    assert_int_equal(t.r.status, ST_FAIL);
    tc_free(&t);
}

/* token_groups, where present, decide: the times are not asked. */
static void test_token_groups_win_over_times(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_token, USER_TOP,
           "'identity':{'user':{'sid':'" DOM "-1104','token_groups':['" DOM "-513','" PKI_GROUP "'],"
           "'directory_groups':['" DOM "-513','" PKI_GROUP "'],'logon_time':'2026-11-20T07:00:00Z',"
           "'membership_added':{'" PKI_GROUP "':'2026-11-20T09:00:00Z'}}},"
           "'templates':[{'name':'ContosoUser','sddl':'" T_PKI "'}],'cas':[" CA("CA1", "'ContosoUser'", CA_AU) "]");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    tc_free(&t);
}

static void test_template_not_listed(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_token, "'context':'user','template':'ContosoVpn',",
           "'identity':{'user':{'sid':'" DOM "-1104','token_groups':[],'directory_groups':[]}},"
           "'templates':[{'name':'ContosoUser','sddl':'" T_PKI "'}]");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.templates[name=ContosoVpn]"));
    tc_free(&t);
}

static void test_stale_with_cas_absent(void **state)
{
    (void)state;
    struct tc t;
    /* The template's rights alone are enough to say it. */
    run_perm(&t, &check_token, true, T_PKI, NULL);
    assert_int_equal(t.r.status, ST_FAIL);
    assert_non_null(tc_find(&t, "perm.token-stale"));
    tc_free(&t);
    run_perm(&t, &check_token, true, T_BOTH_DU, NULL);
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.cas"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template_rights_stale),
        cmocka_unit_test(test_ca_right_stale),
        cmocka_unit_test(test_ca_right_other_ca_takes_token),
        cmocka_unit_test(test_group_in_both),
        cmocka_unit_test(test_new_group_irrelevant),
        cmocka_unit_test(test_not_granted_at_all),
        cmocka_unit_test(test_only_granting_groups_named),
        cmocka_unit_test(test_needs_directory_groups),
        cmocka_unit_test(test_needs_token_groups),
        cmocka_unit_test(test_template_not_listed),
        cmocka_unit_test(test_times_machine_added_after_boot),
        cmocka_unit_test(test_times_user_added_after_logon),
        cmocka_unit_test(test_times_unknown),
        cmocka_unit_test(test_times_when_changed),
        cmocka_unit_test(test_times_when_changed_mixed),
        cmocka_unit_test(test_token_groups_win_over_times),
        cmocka_unit_test(test_stale_with_cas_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
