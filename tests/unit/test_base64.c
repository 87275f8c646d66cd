/* test_base64.c: src/base64.c: the RFC 4648 vectors, line breaks skipped,
 * and what is refused (with the offset of the wrong character). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base64.h"

static long dec(const char *s, char *out, size_t *bad)
{
    return base64_decode(s, strlen(s), (unsigned char *)out, bad);
}

static void test_vectors(void **state)
{
    (void)state;
    static const char *const in[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy",
                                     " Zm9v\r\n YmFy\n"};
    static const char *const want[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar", "foobar"};
    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        char out[16];
        size_t bad = 99;
        long n = dec(in[i], out, &bad);
        assert_int_equal(n, (long)strlen(want[i]));
        assert_memory_equal(out, want[i], (size_t)n);
        assert_true((size_t)n <= base64_max(strlen(in[i])));
    }
}

static void test_refused(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t bad;
    } cases[] = {
        {"Zm9v*mFy", 4}, {"Zg=", 3},  {"Zg", 2},     {"Z===", 1}, {"Zg==Zg==", 4},
        {"Zh==", 3},     {"Zm9=", 3}, {"Zg=a", 3},   {"Zm9vY", 5}, {"====", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[16];
        size_t bad = 99;
        assert_int_equal(dec(cases[i].s, out, &bad), -1);
        if (bad != cases[i].bad)
            fail_msg("%s: bad at %zu, expected %zu", cases[i].s, bad, cases[i].bad);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
