/* test_actions.c: src/actions.c: the action table of spec/findings.md and
 * the exact command lines each action runs in user and machine context. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "actions.h"
#include "facts.h"

/* spec/findings.md, table Actions */
static const char *const spec_actions[] = {
    "pulse", "loglevel.raise", "loglevel.restore", "enroll.manual",
    "gpupdate", "events.export", "ca.ping",
};
#define NSPEC (sizeof(spec_actions) / sizeof(spec_actions[0]))

static const struct action_def *def(const char *id)
{
    const struct action_def *a = action_find(id);
    if (!a)
        fail_msg("action %s is missing", id);
    return a;
}

/* Builds action ID and compares with the expected argv (NULL-terminated). */
static void expect_cmd(const char *id, enum ctx ctx, const char *tmpl, const char *prev, ...)
{
    struct action_cmd c;
    memset(&c, 0x5A, sizeof(c));
    if (action_command(def(id), ctx, tmpl, prev, &c) != 0)
        fail_msg("action_command(%s, %s) refused", id, ctx_name(ctx));
    va_list ap;
    va_start(ap, prev);
    size_t i = 0;
    for (const char *want = va_arg(ap, const char *); want; want = va_arg(ap, const char *), i++) {
        if (i >= c.argc)
            fail_msg("%s/%s: argv has %zu items, expected more (%s)", id, ctx_name(ctx), c.argc, want);
        if (strcmp(c.argv[i], want) != 0)
            fail_msg("%s/%s: argv[%zu] = \"%s\", expected \"%s\"", id, ctx_name(ctx), i, c.argv[i],
                     want);
    }
    va_end(ap);
    if (c.argc != i)
        fail_msg("%s/%s: argv has %zu items, expected %zu", id, ctx_name(ctx), c.argc, i);
}

static void expect_refused(const char *id, enum ctx ctx, const char *tmpl)
{
    struct action_cmd c;
    if (action_command(def(id), ctx, tmpl, NULL, &c) != -1)
        fail_msg("action_command(%s, %s, \"%s\") accepted", id, ctx_name(ctx), tmpl ? tmpl : "(null)");
}

static void test_table(void **state)
{
    (void)state;
    size_t n = 0;
    const struct action_def *all = action_all(&n);
    assert_non_null(all);
    /* exactly the actions of the spec, each once */
    assert_int_equal(n, NSPEC);
    for (size_t i = 0; i < NSPEC; i++) {
        const struct action_def *a = def(spec_actions[i]);
        assert_string_equal(a->id, spec_actions[i]);
        size_t seen = 0;
        for (size_t k = 0; k < n; k++)
            if (strcmp(all[k].id, spec_actions[i]) == 0)
                seen++;
        assert_int_equal(seen, 1);
    }
    assert_null(action_find("nope"));
    assert_null(action_find(""));
    assert_null(action_find("PULSE")); /* ids are exact */
    /* kinds: events.export and ca.ping are done by enrolldoc itself */
    assert_int_equal(def("events.export")->kind, ACTION_INTERNAL);
    assert_int_equal(def("ca.ping")->kind, ACTION_INTERNAL);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(def(spec_actions[i])->kind, ACTION_COMMAND);
    /* only enroll.manual needs a template */
    for (size_t i = 0; i < NSPEC; i++)
        assert_int_equal(def(spec_actions[i])->needs_template,
                         strcmp(spec_actions[i], "enroll.manual") == 0);
    /* the log level and a manual enrollment change the client */
    assert_true(def("loglevel.raise")->changes_client);
    assert_true(def("loglevel.restore")->changes_client);
    assert_true(def("enroll.manual")->changes_client);
    assert_false(def("events.export")->changes_client);
    assert_false(def("ca.ping")->changes_client);
}

static void test_pulse(void **state)
{
    (void)state;
    expect_cmd("pulse", CTX_USER, NULL, NULL, "certutil", "-pulse", "-user", NULL);
    expect_cmd("pulse", CTX_MACHINE, NULL, NULL, "certutil", "-pulse", NULL);
}

static void test_loglevel(void **state)
{
    (void)state;
    for (int c = CTX_USER; c <= CTX_MACHINE; c++) {
        expect_cmd("loglevel.raise", (enum ctx)c, NULL, NULL, "certutil", "-setreg",
                   "Enroll\\LogLevel", "4", NULL);
        expect_cmd("loglevel.restore", (enum ctx)c, NULL, "2", "certutil", "-setreg",
                   "Enroll\\LogLevel", "2", NULL);
        expect_cmd("loglevel.restore", (enum ctx)c, NULL, NULL, "certutil", "-delreg",
                   "Enroll\\LogLevel", NULL);
    }
}

static void test_enroll_manual(void **state)
{
    (void)state;
    expect_cmd("enroll.manual", CTX_USER, "ContosoUser", NULL, "certreq", "-q", "-enroll",
               "ContosoUser", NULL);
    expect_cmd("enroll.manual", CTX_MACHINE, "Machine", NULL, "certreq", "-q", "-machine",
               "-enroll", "Machine", NULL);
    expect_cmd("enroll.manual", CTX_USER, "Contoso User", NULL, "certreq", "-q", "-enroll",
               "Contoso User", NULL);
    expect_cmd("enroll.manual", CTX_MACHINE, "Benutzer-Gr\xC3\xBC\xC3\x9F\xC3\xA4\xC3\xB6", NULL,
               "certreq", "-q", "-machine", "-enroll", "Benutzer-Gr\xC3\xBC\xC3\x9F\xC3\xA4\xC3\xB6",
               NULL);
    /* 64 characters is the longest accepted */
    char n64[65], n65[66];
    memset(n64, 'T', 64);
    n64[64] = '\0';
    memset(n65, 'T', 65);
    n65[65] = '\0';
    expect_cmd("enroll.manual", CTX_USER, n64, NULL, "certreq", "-q", "-enroll", n64, NULL);

    for (int c = CTX_USER; c <= CTX_MACHINE; c++) {
        enum ctx x = (enum ctx)c;
        expect_refused("enroll.manual", x, NULL);
        expect_refused("enroll.manual", x, "");
        expect_refused("enroll.manual", x, "-x");
        expect_refused("enroll.manual", x, "/x");
        expect_refused("enroll.manual", x, "Contoso\"User");
        expect_refused("enroll.manual", x, "\"");
        expect_refused("enroll.manual", x, "Contoso'User");
        expect_refused("enroll.manual", x, "Contoso\nUser");
        expect_refused("enroll.manual", x, "Contoso\rUser");
        expect_refused("enroll.manual", x, "Contoso\tUser");
        expect_refused("enroll.manual", x, "Contoso\x7FUser");
        expect_refused("enroll.manual", x, n65);
    }
    assert_true(action_template_name_ok("Contoso User"));
    assert_true(action_template_name_ok("x-/"));
    assert_false(action_template_name_ok(NULL));
    assert_false(action_template_name_ok(n65));
}

static void test_gpupdate(void **state)
{
    (void)state;
    expect_cmd("gpupdate", CTX_USER, NULL, NULL, "gpupdate", "/force", "/target:user", NULL);
    expect_cmd("gpupdate", CTX_MACHINE, NULL, NULL, "gpupdate", "/force", "/target:computer", NULL);
}

static void test_internal_refused(void **state)
{
    (void)state;
    struct action_cmd c;
    for (int x = CTX_USER; x <= CTX_MACHINE; x++) {
        memset(&c, 0x5A, sizeof(c));
        assert_int_equal(action_command(def("events.export"), (enum ctx)x, "ContosoUser", NULL, &c), -1);
        assert_int_equal(c.argc, 0);
        memset(&c, 0x5A, sizeof(c));
        assert_int_equal(action_command(def("ca.ping"), (enum ctx)x, "ContosoUser", NULL, &c), -1);
        assert_int_equal(c.argc, 0);
    }
    assert_int_equal(action_command(NULL, CTX_USER, NULL, NULL, &c), -1);
    assert_int_equal(c.argc, 0);
}

static void test_cmdline(void **state)
{
    (void)state;
    struct action_cmd c;
    char buf[512];
    assert_int_equal(action_command(def("enroll.manual"), CTX_MACHINE, "Contoso User", NULL, &c), 0);
    action_cmdline(&c, buf, sizeof(buf));
    assert_string_equal(buf, "certreq -q -machine -enroll \"Contoso User\"");

    assert_int_equal(action_command(def("pulse"), CTX_USER, NULL, NULL, &c), 0);
    action_cmdline(&c, buf, sizeof(buf));
    assert_string_equal(buf, "certutil -pulse -user");

    assert_int_equal(action_command(def("loglevel.raise"), CTX_USER, NULL, NULL, &c), 0);
    action_cmdline(&c, buf, sizeof(buf));
    assert_string_equal(buf, "certutil -setreg Enroll\\LogLevel 4");

    assert_int_equal(action_command(def("loglevel.restore"), CTX_USER, NULL, NULL, &c), 0);
    action_cmdline(&c, buf, sizeof(buf));
    assert_string_equal(buf, "certutil -delreg Enroll\\LogLevel");

    assert_int_equal(action_command(def("gpupdate"), CTX_MACHINE, NULL, NULL, &c), 0);
    action_cmdline(&c, buf, sizeof(buf));
    assert_string_equal(buf, "gpupdate /force /target:computer");

    /* an empty argument is shown as "" so it stays visible */
    struct action_cmd m;
    memset(&m, 0, sizeof(m));
    m.argc = 3;
    strcpy(m.argv[0], "prog");
    strcpy(m.argv[1], "");
    strcpy(m.argv[2], "a b c");
    action_cmdline(&m, buf, sizeof(buf));
    assert_string_equal(buf, "prog \"\" \"a b c\"");

    /* a small buffer holds whole arguments only, always terminated */
    assert_int_equal(action_command(def("enroll.manual"), CTX_MACHINE, "Contoso User", NULL, &c), 0);
    char small[20];
    memset(small, 'Z', sizeof(small));
    action_cmdline(&c, small, sizeof(small));
    assert_true(memchr(small, '\0', sizeof(small)) != NULL);
    assert_string_equal(small, "certreq -q -machine");
    /* size 0 writes nothing */
    char none[1] = {'Z'};
    action_cmdline(&c, none, 0);
    assert_int_equal(none[0], 'Z');
    /* no arguments: an empty line */
    memset(&m, 0, sizeof(m));
    action_cmdline(&m, buf, sizeof(buf));
    assert_string_equal(buf, "");
}

/* The line of enroll.manual for template NAME in user context. */
static const char *enroll_line(const char *name, char *buf, size_t size)
{
    struct action_cmd c;
    if (action_command(def("enroll.manual"), CTX_USER, name, NULL, &c) != 0)
        return NULL;
    action_cmdline(&c, buf, size);
    return buf;
}

/* Template names that cmd.exe or PowerShell would read as more than one
 * argument, as a second command or a redirection: quoted, so that pasting
 * the line runs exactly certreq with that name. */
static void test_cmdline_hostile_quoted(void **state)
{
    (void)state;
    static const struct { const char *name, *line; } cases[] = {
        {"A&calc.exe", "certreq -q -enroll \"A&calc.exe\""},
        {"A|calc", "certreq -q -enroll \"A|calc\""},
        {"A^B", "certreq -q -enroll \"A^B\""},
        {"A<B>C", "certreq -q -enroll \"A<B>C\""},
        {"A(B)", "certreq -q -enroll \"A(B)\""},
        {"A;calc", "certreq -q -enroll \"A;calc\""},
        {"A,B", "certreq -q -enroll \"A,B\""},
        {"A @B {C}", "certreq -q -enroll \"A @B {C}\""},
        {"Contoso User", "certreq -q -enroll \"Contoso User\""},
        {"Benutzer-Gr\xC3\xBC\xC3\x9F\xC3\xA4\xC3\xB6", "certreq -q -enroll \"Benutzer-Gr\xC3\xBC\xC3\x9F\xC3\xA4\xC3\xB6\""},
        {"end s\\", "certreq -q -enroll \"end s\\\\\""},   /* the closing quote stays one */
        {"Web.Server_2:x\\y", "certreq -q -enroll Web.Server_2:x\\y"},   /* bare */
    };
    char buf[512];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = enroll_line(cases[i].name, buf, sizeof(buf));
        if (!got || strcmp(got, cases[i].line) != 0)
            fail_msg("%s: got %s, expected %s", cases[i].name, got ? got : "(refused)", cases[i].line);
    }
}

/* Names that either shell would still expand or end a quote with inside
 * double quotes: no command line is offered at all. */
static void test_cmdline_hostile_refused(void **state)
{
    (void)state;
    static const char *const names[] = {
        "A\"&calc", "A%PATH%", "A!x!", "A$(calc)", "A$env:x", "A`calc", "A\ncalc", "A\rcalc",
    };
    char buf[512];
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (enroll_line(names[i], buf, sizeof(buf)))
            fail_msg("%s: offered as %s", names[i], buf);
        assert_false(action_template_name_ok(names[i]));
    }
    /* and a line built by hand from such an argument comes out empty */
    struct action_cmd m;
    memset(&m, 0, sizeof(m));
    m.argc = 2;
    strcpy(m.argv[0], "certreq");
    strcpy(m.argv[1], "A%PATH%");
    action_cmdline(&m, buf, sizeof(buf));
    assert_string_equal(buf, "");
}

/* certreq's answer, told by what is not localized: the HRESULT, the
 * request id, the exit code; "pending" in English or German words. The
 * outputs are made here after the shape certreq prints. */
static void test_certreq_outcome(void **state)
{
    (void)state;
    struct certreq_outcome o;
    action_certreq_outcome(0, "Active Directory Enrollment Policy\r\n  {GUID}\r\nRequestId: 42\r\n"
                              "Certificate retrieved(Issued) Issued\r\n", &o);
    assert_int_equal(o.status, CERTREQ_ISSUED);
    assert_int_equal(o.code, 0);
    assert_int_equal(o.request_id, 42);
    action_certreq_outcome(0, "RequestId: \"17\"\r\nCertificate request is pending: Taken Under Submission (0)\r\n", &o);
    assert_int_equal(o.status, CERTREQ_PENDING);
    assert_int_equal(o.request_id, 17);
    action_certreq_outcome(0, "Anforderungs-ID: 18\r\nDie Zertifikatanforderung ist ausstehend: Zur Bearbeitung\r\n", &o);
    assert_int_equal(o.status, CERTREQ_PENDING);
    assert_int_equal(o.request_id, 18);
    action_certreq_outcome(-2146875392,
                           "Certificate not issued (Denied) Denied by Policy Module  0x80094800, The request "
                           "was for a certificate template that is not supported\r\n", &o);
    assert_int_equal(o.status, CERTREQ_DENIED);
    assert_int_equal(o.code, 0x80094800u);
    /* no code in the words: the exit code is the HRESULT */
    action_certreq_outcome(-2147023174, "Zertifikatanforderungsprozessor: Der RPC-Server ist nicht verfügbar.\r\n", &o);
    assert_int_equal(o.status, CERTREQ_FAILED);
    assert_int_equal(o.code, 0x800706BAu);
    action_certreq_outcome(1, "0x800706ba (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)", &o);
    assert_int_equal(o.status, CERTREQ_FAILED);
    assert_int_equal(o.code, 0x800706BAu);
    /* a hex number that is no failure code, or too long, is not taken */
    action_certreq_outcome(0, "Serial 0x1234abcd, thumbprint 0x80094800aa\r\n", &o);
    assert_int_equal(o.status, CERTREQ_ISSUED);
    assert_int_equal(o.code, 0);
    action_certreq_outcome(0, "", &o);
    assert_int_equal(o.status, CERTREQ_ISSUED);
    assert_int_equal(o.request_id, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_certreq_outcome),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_pulse),
        cmocka_unit_test(test_loglevel),
        cmocka_unit_test(test_enroll_manual),
        cmocka_unit_test(test_gpupdate),
        cmocka_unit_test(test_internal_refused),
        cmocka_unit_test(test_cmdline),
        cmocka_unit_test(test_cmdline_hostile_quoted),
        cmocka_unit_test(test_cmdline_hostile_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
