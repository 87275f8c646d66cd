/* test_err.c: src/err.c: setting a key, named arguments, truncation, the
 * argument limit, replacing an argument. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"

static void test_clear_and_set(void **state)
{
    (void)state;
    struct err e;
    memset(&e, 0x7F, sizeof(e));
    err_clear(&e);
    assert_string_equal(e.key, "");
    assert_int_equal(e.nargs, 0);
    assert_null(err_get(&e, "file"));

    assert_int_equal(err_set(&e, "error.bundle.type"), -1);
    assert_string_equal(e.key, "error.bundle.type");
    assert_int_equal(e.nargs, 0);

    /* a long key is cut, never overflows */
    char longkey[200];
    memset(longkey, 'k', sizeof(longkey) - 1);
    longkey[sizeof(longkey) - 1] = '\0';
    err_set(&e, longkey);
    assert_int_equal(strlen(e.key), sizeof(e.key) - 1);
}

static void test_args(void **state)
{
    (void)state;
    struct err e;
    err_set(&e, "error.json.syntax");
    assert_int_equal(err_arg(&e, "file", "%s", "bundle.json"), -1);
    assert_int_equal(err_arg(&e, "line", "%d", 12), -1);
    assert_int_equal(err_arg(&e, "column", "%zu", (size_t)7), -1);
    assert_int_equal(e.nargs, 3);
    assert_string_equal(err_get(&e, "file"), "bundle.json");
    assert_string_equal(err_get(&e, "line"), "12");
    assert_string_equal(err_get(&e, "column"), "7");
    assert_null(err_get(&e, "reason"));
    assert_null(err_get(&e, "File")); /* names are case-sensitive */

    /* err_set drops previous arguments */
    err_set(&e, "error.other");
    assert_int_equal(e.nargs, 0);
    assert_null(err_get(&e, "file"));

    /* an empty value is a value */
    err_arg(&e, "arg", "%s", "");
    assert_non_null(err_get(&e, "arg"));
    assert_string_equal(err_get(&e, "arg"), "");
}

static void test_truncation(void **state)
{
    (void)state;
    struct err e;
    err_set(&e, "error.file.read");
    char big[ERR_ARG_LEN * 3];
    for (size_t i = 0; i < sizeof(big) - 1; i++)
        big[i] = (char)('a' + i % 26);
    big[sizeof(big) - 1] = '\0';
    err_arg(&e, "file", "%s", big);
    const char *v = err_get(&e, "file");
    assert_non_null(v);
    assert_int_equal(strlen(v), ERR_ARG_LEN - 1);
    assert_memory_equal(v, big, ERR_ARG_LEN - 1);
    /* exactly fitting value is kept whole */
    big[ERR_ARG_LEN - 1] = '\0';
    err_arg(&e, "fits", "%s", big);
    assert_string_equal(err_get(&e, "fits"), big);
    /* a long name is cut to its field, and found by its cut form */
    err_arg(&e, "a_name_that_is_much_longer_than_the_field", "%s", "x");
    assert_int_equal(e.nargs, 3);
    assert_int_equal(strlen(e.args[2].name), sizeof(e.args[2].name) - 1);
    assert_string_equal(e.args[2].value, "x");
}

static void test_too_many(void **state)
{
    (void)state;
    struct err e;
    err_set(&e, "error.many");
    char name[16];
    for (int i = 0; i < ERR_MAX_ARGS + 5; i++) {
        snprintf(name, sizeof(name), "a%d", i);
        assert_int_equal(err_arg(&e, name, "v%d", i), -1);
    }
    assert_int_equal(e.nargs, ERR_MAX_ARGS);
    for (int i = 0; i < ERR_MAX_ARGS; i++) {
        char want[16];
        snprintf(name, sizeof(name), "a%d", i);
        snprintf(want, sizeof(want), "v%d", i);
        assert_non_null(err_get(&e, name));
        assert_string_equal(err_get(&e, name), want);
    }
    for (int i = ERR_MAX_ARGS; i < ERR_MAX_ARGS + 5; i++) {
        snprintf(name, sizeof(name), "a%d", i);
        assert_null(err_get(&e, name));
    }
    /* replacing an existing argument still works when full */
    err_arg(&e, "a0", "%s", "replaced");
    assert_string_equal(err_get(&e, "a0"), "replaced");
    assert_int_equal(e.nargs, ERR_MAX_ARGS);
}

static void test_replace(void **state)
{
    (void)state;
    struct err e;
    err_set(&e, "error.x");
    err_arg(&e, "file", "%s", "first.json");
    err_arg(&e, "reason", "%s", "r");
    err_arg(&e, "file", "%s", "second.json");
    assert_int_equal(e.nargs, 2);
    assert_string_equal(err_get(&e, "file"), "second.json");
    assert_string_equal(err_get(&e, "reason"), "r");
    /* a shorter value leaves no rest of the longer one */
    err_arg(&e, "file", "%s", "s");
    assert_string_equal(err_get(&e, "file"), "s");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clear_and_set),
        cmocka_unit_test(test_args),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_too_many),
        cmocka_unit_test(test_replace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
