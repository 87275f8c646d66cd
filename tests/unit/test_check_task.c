/* test_check_task.c: the task check (task.* findings). */
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

#define USER_TOP "'context':'user','template':'ContosoUser',"

#include "codes.h"

static void run_task(struct tc *t, const char *task)
{
    char facts[512];
    snprintf(facts, sizeof(facts), "'tasks':{'user':%s}", task);
    tc_run(t, &check_task, USER_TOP, facts);
}

static void test_healthy(void **state)
{
    (void)state;
    struct tc t;
    run_task(&t, "{'exists':true,'enabled':true,'state':'ready',"
                 "'last_run':'2026-11-20T07:58:02Z','last_result':'0x0'}");
    assert_int_equal(t.r.status, ST_OK);
    assert_int_equal(t.r.nfindings, 0);
    assert_int_equal(t.r.nmissing, 0);
    tc_free(&t);
}

static void test_missing(void **state)
{
    (void)state;
    struct tc t;
    run_task(&t, "{'exists':false}");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "task.missing", "task"), "UserTask");
    tc_free(&t);
}

static void test_disabled_flag(void **state)
{
    (void)state;
    struct tc t;
    run_task(&t, "{'exists':true,'enabled':false,'state':'ready',"
                 "'last_run':'2026-11-20T07:58:02Z','last_result':0}");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "task.disabled", "enabled"), "false");
    tc_free(&t);
}

static void test_disabled_state(void **state)
{
    (void)state;
    struct tc t;
    run_task(&t, "{'exists':true,'enabled':true,'state':'disabled',"
                 "'last_run':'2026-11-20T07:58:02Z','last_result':0}");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "task.disabled", "state"), "disabled");
    tc_free(&t);
}

static void test_never_run(void **state)
{
    (void)state;
    struct tc t;
    run_task(&t, "{'exists':true,'enabled':true,'state':'ready','last_run':null,"
                 "'last_result':'0x41303'}");
    assert_int_equal(t.r.status, ST_WARN);
    assert_int_equal(t.r.nfindings, 1);   /* 0x41303 is not a failure */
    assert_non_null(tc_find(&t, "task.never-run"));
    assert_string_equal(tc_find(&t, "task.never-run")->def->actions[0], "pulse");
    /* last_run is null in the bundle and stays null (JSON null, "never") */
    const struct finding *fd = tc_find(&t, "task.never-run");
    assert_string_equal(fd->evidence[1].key, "last_run");
    assert_int_equal(fd->evidence[1].type, EVT_NULL);
    tc_free(&t);
}

static void test_hanging(void **state)
{
    (void)state;
    struct tc t;
    /* 16 minutes before the collection time. */
    run_task(&t, "{'exists':true,'enabled':true,'state':'running',"
                 "'last_run':'2026-11-20T07:59:00Z','running_since':'2026-11-20T07:59:00Z',"
                 "'last_result':'0x0'}");
    assert_int_equal(t.r.status, ST_WARN);
    assert_int_equal(t.r.nfindings, 1);
    assert_string_equal(tc_ev(&t, "task.hanging", "running_since"), "2026-11-20T07:59:00Z");
    assert_string_equal(tc_ev(&t, "task.hanging", "minutes"), "16");
    tc_free(&t);
}

static void test_running_briefly(void **state)
{
    (void)state;
    struct tc t;
    /* Exactly 15 minutes is not "more than 15 minutes". */
    run_task(&t, "{'exists':true,'enabled':true,'state':'running',"
                 "'last_run':'2026-11-20T08:00:00Z','running_since':'2026-11-20T08:00:00Z',"
                 "'last_result':'0x0'}");
    assert_int_equal(t.r.status, ST_OK);
    assert_null(tc_find(&t, "task.hanging"));
    tc_free(&t);
}

static void test_running_since_zone(void **state)
{
    (void)state;
    struct tc t;
    /* 09:05+01:00 is 08:05Z: ten minutes, not hanging. */
    run_task(&t, "{'exists':true,'enabled':true,'state':'running',"
                 "'last_run':'2026-11-20T09:05:00+01:00','running_since':'2026-11-20T09:05:00+01:00',"
                 "'last_result':'0x0'}");
    assert_null(tc_find(&t, "task.hanging"));
    tc_free(&t);
    run_task(&t, "{'exists':true,'enabled':true,'state':'running',"
                 "'last_run':'2026-11-20T08:55:00+01:00','running_since':'2026-11-20T08:55:00+01:00',"
                 "'last_result':'0x0'}");
    assert_non_null(tc_find(&t, "task.hanging"));
    tc_free(&t);
}

static void test_last_result(void **state)
{
    (void)state;
    struct tc t;
    run_task(&t, "{'exists':true,'enabled':true,'state':'ready',"
                 "'last_run':'2026-11-20T07:58:02Z','last_result':'0x800706BA'}");
    assert_int_equal(t.r.status, ST_WARN);
    assert_int_equal(t.r.nfindings, 1);
    const char *v = tc_ev(&t, "task.last-result", "last_result");
    assert_non_null(v);
    assert_int_equal(strncmp(v, "0x800706BA", 10), 0);
    const struct code_info *ci = code_lookup(0x800706BAu);
    if (ci)
        assert_non_null(strstr(v, ci->symbol));
    assert_string_equal(tc_ev(&t, "task.last-result", "last_run"), "2026-11-20T07:58:02Z");
    tc_free(&t);
}

static void test_disabled_and_last_result(void **state)
{
    (void)state;
    struct tc t;
    run_task(&t, "{'exists':true,'enabled':false,'state':'disabled',"
                 "'last_run':'2026-11-19T07:58:02Z','last_result':1722}");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_int_equal(t.r.nfindings, 2);
    assert_non_null(tc_find(&t, "task.disabled"));
    assert_int_equal(strncmp(tc_ev(&t, "task.last-result", "last_result"), "0x800706BA", 10), 0);
    tc_free(&t);
}

static void test_absent_unknown(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_task, USER_TOP, "'tasks':{'machine':{'exists':false}}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.tasks.user"));
    tc_free(&t);
}

static void test_partial_unknown(void **state)
{
    (void)state;
    struct tc t;
    run_task(&t, "{'exists':true,'enabled':true,'state':'ready'}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "facts.tasks.user.last_run"));
    assert_true(tc_missing(&t, "facts.tasks.user.last_result"));
    tc_free(&t);
}

static void test_machine_systemtask(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_task, "'context':'machine',",
           "'tasks':{'user':{'exists':true,'enabled':true,'state':'ready',"
           "'last_run':'2026-11-20T07:58:02Z','last_result':0},"
           "'machine':{'exists':false}}");
    assert_int_equal(t.r.status, ST_FAIL);
    assert_string_equal(tc_ev(&t, "task.missing", "task"), "SystemTask");
    assert_int_equal(tc_find(&t, "task.missing")->ctx, CTX_MACHINE);
    tc_free(&t);
}

static void test_no_context(void **state)
{
    (void)state;
    struct tc t;
    tc_run(&t, &check_task, "", "'tasks':{'user':{'exists':false}}");
    assert_int_equal(t.r.status, ST_UNKNOWN);
    assert_true(tc_missing(&t, "context"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_healthy),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_disabled_flag),
        cmocka_unit_test(test_disabled_state),
        cmocka_unit_test(test_never_run),
        cmocka_unit_test(test_hanging),
        cmocka_unit_test(test_running_briefly),
        cmocka_unit_test(test_running_since_zone),
        cmocka_unit_test(test_last_result),
        cmocka_unit_test(test_disabled_and_last_result),
        cmocka_unit_test(test_absent_unknown),
        cmocka_unit_test(test_partial_unknown),
        cmocka_unit_test(test_machine_systemtask),
        cmocka_unit_test(test_no_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
