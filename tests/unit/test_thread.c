/* test_thread.c: the platform's threads (src/platform/posix/thread.c, and
 * the same calls in win32/thread.c): a function run on several threads at
 * once, the lock keeping a shared count exact, and waiting for a condition
 * another thread makes true. */
#include "testutil.h"

#include "platform/platform.h"

struct shared {
    struct platform_lock *lock;
    long count;                 /* added to by every thread */
    int arrived;                /* threads that reached the meeting point */
    int expected;               /* how many the meeting waits for */
    int passed;                 /* threads that left it */
};

static void add_many(void *arg)
{
    struct shared *s = arg;
    for (int i = 0; i < 20000; i++) {
        platform_lock_take(s->lock);
        s->count++;
        platform_lock_give(s->lock);
    }
}

static void meet(void *arg)
{
    struct shared *s = arg;
    platform_lock_take(s->lock);
    s->arrived++;
    platform_lock_wake(s->lock);
    while (s->arrived < s->expected)
        platform_lock_wait(s->lock);
    s->passed++;
    platform_lock_give(s->lock);
}

static void counts_exact(void **state)
{
    (void)state;
    struct shared s = {.lock = platform_lock_new()};
    assert_non_null(s.lock);
    int ran = platform_run_parallel(4, add_many, &s);
    assert_int_equal(ran, 4);
    assert_int_equal(s.count, 4L * 20000);
    /* one thread: the calling one alone */
    assert_int_equal(platform_run_parallel(1, add_many, &s), 1);
    assert_int_equal(s.count, 5L * 20000);
    platform_lock_free(s.lock);
}

static void waits_for_the_others(void **state)
{
    (void)state;
    struct shared s = {.lock = platform_lock_new(), .expected = 5};
    assert_non_null(s.lock);
    assert_int_equal(platform_run_parallel(5, meet, &s), 5);
    assert_int_equal(s.arrived, 5);
    assert_int_equal(s.passed, 5);
    platform_lock_free(s.lock);
}

static void processors(void **state)
{
    (void)state;
    int n = platform_cpu_count();
    assert_true(n >= 1);
    assert_true(n <= 1024);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_exact),
        cmocka_unit_test(waits_for_the_others),
        cmocka_unit_test(processors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
