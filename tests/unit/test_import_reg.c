/* test_import_reg.c: reg export files -> aepolicy, loglevel,
 * policy_servers (src/import_reg.c): what the export covers is known, what
 * it does not stays absent. */
#include "testutil.h"

#include "import.h"

#define DATA SOURCE_DIR "/tests/inputs/import/"

static struct facts *import_text(const char *text, struct err *e)
{
    struct facts *f = NULL;
    enum import_format fmt;
    if (import_buffer("r.reg", (const unsigned char *)text, strlen(text), LANG_EN, &f, &fmt, e) != 0)
        return NULL;
    assert_int_equal(fmt, IMPORT_REG);
    return f;
}

static void user_policy(void **state)
{
    (void)state;
    size_t n;
    char *raw = tu_read(DATA "user-policy.reg", &n);
    struct err e;
    struct facts *f = NULL;
    enum import_format fmt;
    assert_int_equal(import_buffer("u.reg", (unsigned char *)raw, n, LANG_EN, &f, &fmt, &e), 0);
    assert_int_equal(f->aepolicy[CTX_USER].st, F_SET);
    assert_int_equal(f->aepolicy[CTX_USER].v, 7);
    assert_int_equal(f->aepolicy[CTX_MACHINE].st, F_ABSENT);
    assert_int_equal(f->loglevel.st, F_ABSENT);
    assert_int_equal(f->policy_servers_st, F_SET);
    assert_int_equal(f->npolicy_servers, 1);
    const struct policy_server *ps = &f->policy_servers[0];
    assert_string_equal(ps->url.v, "https://ces01.contoso.com/ADPolicyProvider_CEP_Kerberos/service.svc/CEP");
    assert_string_equal(ps->auth.v, "kerberos");
    assert_int_equal(ps->cost.v, 100);
    assert_int_equal(ps->ctx, CTX_USER);
    assert_string_equal(ps->source.v, "policy");
    assert_true(ps->is_default.v);
    facts_free(f);
    free(raw);
}

static void covered_but_not_set(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    /* the computer's policy key exported without AutoEnrollment: not set */
    struct facts *f = import_text("Windows Registry Editor Version 5.00\n\n"
                                  "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Cryptography]\n"
                                  "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Other]\n"
                                  "\"X\"=dword:00000001\n",
                                  &e);
    assert_non_null(f);
    assert_int_equal(f->aepolicy[CTX_MACHINE].st, F_NULL);
    assert_int_equal(f->aepolicy[CTX_USER].st, F_ABSENT);
    /* one of the four PolicyServers places: no "none configured" */
    assert_int_equal(f->policy_servers_st, F_ABSENT);
    facts_free(f);
    /* a string where a DWORD belongs is not the value the client reads; a
     * deletion neither */
    f = import_text("REGEDIT4\n[HKEY_CURRENT_USER\\Software\\Policies\\Microsoft\\Cryptography\\AutoEnrollment]\n"
                    "\"AEPolicy\"=\"7\"\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\AutoEnrollment]\n"
                    "\"LogLevel\"=-\n",
                    &e);
    assert_non_null(f);
    assert_int_equal(f->aepolicy[CTX_USER].st, F_NULL);
    assert_int_equal(f->loglevel.st, F_NULL);
    facts_free(f);
}

static void refusals(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    assert_null(import_text("Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\X]\n\"A\"=dword:12\n", &e));
    assert_string_equal(e.key, "error.import.reg");
    assert_string_equal(e.args[1].value, "4");
    assert_null(import_text("REGEDIT4\n[HKEY_CURRENT_USER\\X\n", &e));
    assert_string_equal(e.args[1].value, "2");
    assert_null(import_text("REGEDIT4\n[HKEY_CURRENT_USER\\X]\n\"A\"=\"never closed\n", &e));
    assert_string_equal(e.args[1].value, "3");
    assert_null(import_text("REGEDIT4\n[HKEY_CURRENT_USER\\X]\n\"B\"=hex:01,02,\\\n  zz\n", &e));
    assert_string_equal(e.key, "error.import.reg");
    assert_null(import_text("REGEDIT4\nsomething else\n", &e));
    assert_string_equal(e.args[1].value, "2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(user_policy),
        cmocka_unit_test(covered_but_not_set),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
