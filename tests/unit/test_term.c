/* test_term.c: src/term.c: what a terminal would obey is made visible, the
 * rest is left alone; buffers are cut at whole pieces; the FILE writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "term.h"

static void expect(const char *in, unsigned flags, const char *want)
{
    char buf[256];
    size_t n = term_escape(buf, sizeof(buf), in, strlen(in), flags);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void test_controls(void **state)
{
    (void)state;
    expect("\x1b]0;pwned\x07", 0, "\\u001b]0;pwned\\u0007");
    expect("\x1b[2J", 0, "\\u001b[2J");
    expect("a\tb\rc\nd", 0, "a\\u0009b\\u000dc\\u000ad");
    expect("a\nb", TERM_KEEP_NL, "a\nb");
    expect("a\r\nb", TERM_KEEP_NL, "a\\u000d\nb");
    expect("del\x7f", 0, "del\\u007f");
    expect("\xc2\x9b" "31m", 0, "\\u009b31m");           /* C1 CSI */
    expect("\xc2\x80\xc2\x9f\xc2\xa0", 0, "\\u0080\\u009f\xc2\xa0");   /* NBSP stays */
}

static void test_bidi(void **state)
{
    (void)state;
    expect("abc\xe2\x80\xae" "cba", 0, "abc\\u202ecba");        /* RLO */
    expect("\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9", 0, "\\u202a\\u2066\\u2069");
    expect("\xe2\x80\x8f", 0, "\xe2\x80\x8f");                   /* RLM is harmless */
}

static void test_untouched(void **state)
{
    (void)state;
    expect("", 0, "");
    expect("C:\\Windows\\System32 Überprüfung – 証明書 🔐", 0,
           "C:\\Windows\\System32 Überprüfung – 証明書 🔐");
}

static void test_not_utf8(void **state)
{
    (void)state;
    expect("a\x9b" "b", 0, "a\\x9bb");            /* a lone 8-bit CSI byte */
    expect("\xc0\x9b", 0, "\\xc0\\x9b");          /* overlong */
    expect("\xe2\x80", 0, "\\xe2\\x80");          /* cut short */
    expect("\xed\xa0\x80", 0, "\\xed\\xa0\\x80"); /* a surrogate */
}

static void test_cut(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'x', sizeof(buf));
    /* "ab\u001bc": the escape does not fit into 8 bytes after "ab" (2+6+NUL) */
    size_t n = term_escape(buf, sizeof(buf), "ab\x1b" "c", 4, 0);
    assert_int_equal(n, 9);
    assert_string_equal(buf, "ab");
    /* nothing after a piece that did not fit, even when it would */
    n = term_escape(buf, 4, "\xc3\xbc" "\xc3\xbc" "a", 5, 0);
    assert_int_equal(n, 5);
    assert_string_equal(buf, "\xc3\xbc");
    assert_int_equal(term_escape(NULL, 0, "\x1b", 1, 0), 6);
    assert_string_equal(term_safe(buf, sizeof(buf), NULL), "");
}

static void test_fputs(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    /* longer than the writer's own buffer */
    char big[2000];
    memset(big, '\x1b', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(term_fputs("x\ny\x07", TERM_KEEP_NL, f), 0);
    assert_int_equal(term_fputs(big, 0, f), 0);
    assert_int_equal(term_fputs(NULL, 0, f), 0);
    long size = ftell(f);
    assert_int_equal(size, 3 + 6 + 6 * (sizeof(big) - 1));
    char *text = malloc((size_t)size);
    assert_non_null(text);
    rewind(f);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    assert_memory_equal(text, "x\ny\\u0007\\u001b", 15);
    assert_null(memchr(text, 0x1b, (size_t)size));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_controls),
        cmocka_unit_test(test_bidi),
        cmocka_unit_test(test_untouched),
        cmocka_unit_test(test_not_utf8),
        cmocka_unit_test(test_cut),
        cmocka_unit_test(test_fputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
