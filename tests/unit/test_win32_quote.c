/* test_win32_quote.c: src/platform/win32/quote.c (Windows command-line
 * quoting), which is plain string code and so runs here too. Two kinds of
 * checks: exact command lines for known cases (as documented for
 * CommandLineToArgvW and the MSVCRT argv parser), and round trips through an
 * independent parser of those rules written below. The real parsers are
 * exercised under Wine by tests/windows/test-runner.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/platform/win32/quote.c"

/* The parser of the arguments after the program name, per the MSVCRT rules
 * (the 2008+ behaviour: "" inside quotes is a literal quote, as
 * CommandLineToArgvW also does since Windows 7). Returns the count; the
 * arguments go into OUT (each malloc'd). */
static int parse(const char *line, char **out, int max)
{
    const char *p = line;
    int n = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || n == max)
            return n;
        char *arg = malloc(strlen(p) + 1);
        assert_non_null(arg);
        size_t k = 0;
        int quoted = 0;
        while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
            size_t bs = 0;
            while (*p == '\\') {
                bs++;
                p++;
            }
            if (*p == '"') {
                for (size_t i = 0; i < bs / 2; i++)
                    arg[k++] = '\\';
                if (bs % 2) {
                    arg[k++] = '"';
                    p++;
                } else if (quoted && p[1] == '"') {
                    arg[k++] = '"';
                    p += 2;
                } else {
                    quoted = !quoted;
                    p++;
                }
            } else {
                for (size_t i = 0; i < bs; i++)
                    arg[k++] = '\\';
                if (*p && (quoted || (*p != ' ' && *p != '\t')))
                    arg[k++] = *p++;
            }
        }
        arg[k] = '\0';
        out[n++] = arg;
    }
}

/* The program part of LINE: "..." up to the next quote. Returns the rest. */
static const char *skip_program(const char *line, char *prog, size_t size)
{
    assert_int_equal(line[0], '"');
    const char *end = strchr(line + 1, '"');
    assert_non_null(end);
    snprintf(prog, size, "%.*s", (int)(end - line - 1), line + 1);
    return end + 1;
}

static void quoted_is(const char *arg, const char *want)
{
    char buf[256];
    size_t len = 0;
    buf[0] = '\0';
    assert_int_equal(win32_quote_arg(arg, buf, sizeof(buf), &len), 0);
    assert_string_equal(buf, want);
    assert_int_equal(len, strlen(want));
    /* measuring gives the same length */
    size_t m = 0;
    assert_int_equal(win32_quote_arg(arg, NULL, 0, &m), 0);
    assert_int_equal(m, strlen(want));
}

static void test_known(void **state)
{
    (void)state;
    quoted_is("plain", "plain");
    quoted_is("C:\\dir\\file", "C:\\dir\\file");       /* backslashes alone stay */
    quoted_is("trail\\", "trail\\");                     /* no quotes needed: not doubled */
    quoted_is("", "\"\"");
    quoted_is("with space", "\"with space\"");
    quoted_is("tab\there", "\"tab\there\"");
    quoted_is("quote\"inside", "\"quote\\\"inside\"");
    quoted_is("\"", "\"\\\"\"");
    quoted_is("a\\\\\"b", "\"a\\\\\\\\\\\"b\"");        /* 2 backslashes + quote -> 5 + quote */
    quoted_is("dir with space\\", "\"dir with space\\\\\""); /* before the closing quote: doubled */
    quoted_is("\\\\server\\share\\", "\\\\server\\share\\");
    quoted_is("Gr\xC3\xBC\xC3\x9F" "e", "Gr\xC3\xBC\xC3\x9F" "e");
    quoted_is("Gr\xC3\xBC\xC3\x9F" "e \xC3\x9C", "\"Gr\xC3\xBC\xC3\x9F" "e \xC3\x9C\"");
}

static void test_round_trip(void **state)
{
    (void)state;
    static const char *const args[] = {
        "plain", "with space", "quote\"inside", "trail\\", "\\\\server\\share\\", "", "a\\\\\"b",
        ("Gr\xC3\xBC\xC3\x9F" "e \xC3\x9Cmlaut"), "tab\there", "\"", "\\", "\\\\", "\"\"", "\\\"",
        "end with space ", " lead", "C:\\Program Files\\x\\", "--opt=\"val ue\"", "a\\b\\\\c d\\\\\\",
        "\\\\\\\"\\\\\"", "x\ny",
    };
    size_t n = sizeof(args) / sizeof(args[0]);
    const char *argv[32];
    argv[0] = "C:\\Program Files\\Tool\\tool.exe";
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = args[i];
    argv[n + 1] = NULL;
    char *line = win32_command_line(argv);
    assert_non_null(line);
    char prog[256];
    const char *rest = skip_program(line, prog, sizeof(prog));
    assert_string_equal(prog, argv[0]);
    char *got[32];
    int k = parse(rest, got, 32);
    assert_int_equal(k, (int)n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(got[i], args[i]);
        free(got[i]);
    }
    free(line);
}

/* Every string of up to 5 characters over {a, space, quote, backslash}
 * survives as a single argument. */
static void test_exhaustive(void **state)
{
    (void)state;
    static const char alphabet[] = {'a', ' ', '"', '\\'};
    char arg[8];
    for (int len = 0; len <= 5; len++) {
        int total = 1;
        for (int i = 0; i < len; i++)
            total *= 4;
        for (int v = 0; v < total; v++) {
            int x = v;
            for (int i = 0; i < len; i++) {
                arg[i] = alphabet[x % 4];
                x /= 4;
            }
            arg[len] = '\0';
            const char *argv[] = {"p.exe", arg, "next", NULL};
            char *line = win32_command_line(argv);
            assert_non_null(line);
            char prog[64];
            const char *rest = skip_program(line, prog, sizeof(prog));
            char *got[4];
            int k = parse(rest, got, 4);
            if (k != 2 || strcmp(got[0], arg) != 0 || strcmp(got[1], "next") != 0)
                fail_msg("argument [%s] came back as %d args, first [%s] (line %s)", arg, k, k ? got[0] : "",
                         line);
            for (int i = 0; i < k; i++)
                free(got[i]);
            free(line);
        }
    }
}

static void test_limits(void **state)
{
    (void)state;
    /* a quote in the program name cannot be expressed */
    const char *bad[] = {"a\"b.exe", NULL};
    assert_null(win32_command_line(bad));
    const char *none[] = {NULL};
    assert_null(win32_command_line(none));
    /* too small a buffer: -1 and still terminated */
    char buf[5];
    size_t len = 0;
    assert_int_equal(win32_quote_arg("with space", buf, sizeof(buf), &len), -1);
    assert_true(strlen(buf) < sizeof(buf));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_exhaustive),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
