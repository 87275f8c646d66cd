/* test_process.c: the POSIX process runner (src/platform/posix/process.c):
 * arguments pass exactly, output and errors are captured apart, the exit
 * code comes back, and the deadline kills the program with its children. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "platform/platform.h"

static void arguments_pass_exactly(void **state)
{
    (void)state;
    const char *argv[] = {"printf", "[%s]", "a b", "quote\"inside", "trail\\", "", "Grüße Ümlaut",
                          "$HOME", "*", NULL};
    struct proc_result r;
    struct err e;
    assert_int_equal(platform_run(argv, 5000, &r, &e), 0);
    assert_true(r.started);
    assert_false(r.timed_out);
    assert_int_equal(r.exit_code, 0);
    assert_string_equal(r.out, "[a b][quote\"inside][trail\\][][Grüße Ümlaut][$HOME][*]");
    assert_int_equal(r.err_len, 0);
    proc_result_free(&r);
}

static void output_and_errors_apart(void **state)
{
    (void)state;
    const char *argv[] = {"sh", "-c", "echo out; echo err >&2; exit 3", NULL};
    struct proc_result r;
    struct err e;
    assert_int_equal(platform_run(argv, 5000, &r, &e), 0);
    assert_string_equal(r.out, "out\n");
    assert_string_equal(r.err, "err\n");
    assert_int_equal(r.exit_code, 3);
    proc_result_free(&r);
}

static void stdin_is_empty(void **state)
{
    (void)state;
    /* a program that reads its input ends at once instead of waiting */
    const char *argv[] = {"cat", NULL};
    struct proc_result r;
    struct err e;
    assert_int_equal(platform_run(argv, 5000, &r, &e), 0);
    assert_false(r.timed_out);
    assert_int_equal(r.out_len, 0);
    proc_result_free(&r);
}

static void missing_program(void **state)
{
    (void)state;
    const char *argv[] = {"enrolldoc-no-such-program", NULL};
    struct proc_result r;
    struct err e;
    assert_int_equal(platform_run(argv, 5000, &r, &e), -1);
    assert_string_equal(e.key, "error.run");
    assert_string_equal(err_get(&e, "program"), "enrolldoc-no-such-program");
}

static void deadline_kills_the_tree(void **state)
{
    (void)state;
    char mark[64];
    snprintf(mark, sizeof(mark), "/tmp/enrolldoc-grandchild-%ld", (long)getpid());
    unlink(mark);
    /* the grandchild would create MARK after 2 s if it survived */
    char script[256];
    snprintf(script, sizeof(script), "(sleep 2; touch %s) & sleep 30", mark);
    const char *argv[] = {"sh", "-c", script, NULL};
    struct proc_result r;
    struct err e;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(platform_run(argv, 300, &r, &e), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true(r.timed_out);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_true(took < 5.0);
    proc_result_free(&r);
    struct timespec wait = {3, 0};
    nanosleep(&wait, NULL);
    assert_int_not_equal(access(mark, F_OK), 0);
}

static void large_output_is_capped(void **state)
{
    (void)state;
    const char *argv[] = {"head", "-c", "3000000", "/dev/zero", NULL};
    struct proc_result r;
    struct err e;
    assert_int_equal(platform_run(argv, 10000, &r, &e), 0);
    assert_int_equal(r.out_len, (size_t)1 << 20);
    assert_int_equal(r.exit_code, 0);
    proc_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arguments_pass_exactly), cmocka_unit_test(output_and_errors_apart),
        cmocka_unit_test(stdin_is_empty),         cmocka_unit_test(missing_program),
        cmocka_unit_test(deadline_kills_the_tree), cmocka_unit_test(large_output_is_capped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
