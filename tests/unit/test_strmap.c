/* test_strmap.c: strings with an int each (src/strmap.c): put, replace,
 * get, growth past many doublings, the empty map. */
#include "testutil.h"

#include <stdio.h>

#include "strmap.h"

static void put_get(void **state)
{
    (void)state;
    struct strmap m = {NULL, NULL, 0, 0};
    assert_int_equal(strmap_get(&m, "a"), -1); /* empty, never grown */
    assert_int_equal(strmap_put(&m, "a", 1), 0);
    assert_int_equal(strmap_put(&m, "", 2), 0);
    assert_int_equal(strmap_get(&m, "a"), 1);
    assert_int_equal(strmap_get(&m, ""), 2);
    assert_int_equal(strmap_get(&m, "b"), -1);
    assert_int_equal(strmap_put(&m, "a", 7), 0); /* replaced, not added */
    assert_int_equal(strmap_get(&m, "a"), 7);
    assert_int_equal(m.n, 2);
    strmap_free(&m);
    assert_int_equal(m.n, 0);
    assert_int_equal(strmap_get(&m, "a"), -1);
}

static void many(void **state)
{
    (void)state;
    struct strmap m = {NULL, NULL, 0, 0};
    char key[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof(key), "host%05d|user", i);
        assert_int_equal(strmap_put(&m, key, i), 0);
    }
    assert_int_equal(m.n, 20000);
    assert_true(m.cap >= 2 * m.n);
    for (int i = 0; i < 20000; i += 7) {
        snprintf(key, sizeof(key), "host%05d|user", i);
        assert_int_equal(strmap_get(&m, key), i);
    }
    assert_int_equal(strmap_get(&m, "host20000|user"), -1);
    strmap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(put_get),
        cmocka_unit_test(many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
