/* test_polsrv.c: the meaning of policy server entries (src/polsrv.c). */
#include "testutil.h"

#include "polsrv.h"

static void auth_flags(void **state)
{
    (void)state;
    assert_string_equal(polsrv_auth(2), "kerberos");
    assert_string_equal(polsrv_auth(4 | 8), "username");
    assert_string_equal(polsrv_auth(8), "certificate");
    assert_string_equal(polsrv_auth(1), "anonymous");
    assert_null(polsrv_auth(0));
    assert_null(polsrv_auth(16));
}

static void defaults_by_cost(void **state)
{
    (void)state;
    struct policy_server v[4];
    memset(v, 0, sizeof(v));
    int64_t costs[4] = {100, 50, 50, 7};
    enum ctx ctxs[4] = {CTX_USER, CTX_USER, CTX_USER, CTX_MACHINE};
    for (int i = 0; i < 4; i++) {
        v[i].ctx_st = F_SET;
        v[i].ctx = ctxs[i];
        v[i].cost.st = i == 3 ? F_NULL : F_SET;
        v[i].cost.v = costs[i];
    }
    polsrv_mark_defaults(v, 4);
    assert_false(v[0].is_default.v);
    assert_true(v[1].is_default.v); /* the cheaper, and the earlier of two equal */
    assert_false(v[2].is_default.v);
    assert_true(v[3].is_default.v); /* the only one of its context, even without a cost */
    for (int i = 0; i < 4; i++)
        assert_int_equal(v[i].is_default.st, F_SET);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(auth_flags),
        cmocka_unit_test(defaults_by_cost),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
