/* test_jsonutil.c: src/jsonutil.c: the one door for JSON text (encoding,
 * depth, syntax errors with line and column), duplicate keys, JSON paths,
 * the pretty writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "err.h"
#include "jsonutil.h"

/* ---- helpers ------------------------------------------------------------ */

static cJSON *parse_ok_n(const char *text, size_t len)
{
    struct err e;
    err_clear(&e);
    cJSON *v = (cJSON *)0x1;
    if (json_parse_text("t.json", text, len, &v, &e) != 0)
        fail_msg("json_parse_text refused: %s reason=%s line=%s column=%s", e.key,
                 err_get(&e, "reason") ? err_get(&e, "reason") : "-",
                 err_get(&e, "line") ? err_get(&e, "line") : "-",
                 err_get(&e, "column") ? err_get(&e, "column") : "-");
    assert_non_null(v);
    return v;
}

static cJSON *parse_ok(const char *text)
{
    return parse_ok_n(text, strlen(text));
}

/* Parses TEXT (LEN bytes) expecting error KEY; returns the error. */
static struct err parse_err_n(const char *text, size_t len, const char *key)
{
    struct err e;
    err_clear(&e);
    cJSON *v = (cJSON *)0x1;
    int rc = json_parse_text("bad.json", text, len, &v, &e);
    if (rc != -1) {
        cJSON_Delete(v);
        fail_msg("json_parse_text accepted \"%.*s\", expected to fail with %s", (int)len, text, key);
    }
    assert_null(v); /* *out is cleared on failure */
    assert_string_equal(e.key, key);
    assert_non_null(err_get(&e, "file"));
    assert_string_equal(err_get(&e, "file"), "bad.json");
    return e;
}

/* Expects a syntax error with REASON (catalog key) at LINE:COLUMN. */
static void syntax_at_n(const char *text, size_t len, const char *reason, const char *line,
                        const char *column)
{
    struct err e = parse_err_n(text, len, "error.json.syntax");
    const char *r = err_get(&e, "reason"), *l = err_get(&e, "line"), *c = err_get(&e, "column");
    assert_non_null(r);
    assert_non_null(l);
    assert_non_null(c);
    char want[64];
    snprintf(want, sizeof(want), "@%s", reason);
    if (strcmp(r, want) != 0 || strcmp(l, line) != 0 || strcmp(c, column) != 0)
        fail_msg("got %s at %s:%s, expected %s at %s:%s", r, l, c, want, line, column);
}

static void syntax_at(const char *text, const char *reason, const char *line, const char *column)
{
    syntax_at_n(text, strlen(text), reason, line, column);
}

/* ---- encoding ----------------------------------------------------------- */

static void test_bom_utf8(void **state)
{
    (void)state;
    cJSON *v = parse_ok("\xEF\xBB\xBF{\"a\": \"Gr\xC3\xBC\xC3\x9F" "e\"}");
    assert_true(cJSON_IsObject(v));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(v, "a")->valuestring,
                        "Gr\xC3\xBC\xC3\x9F" "e");
    cJSON_Delete(v);
    /* a BOM alone is empty */
    parse_err_n("\xEF\xBB\xBF", 3, "error.json.empty");
    parse_err_n("\xEF\xBB\xBF \n", 5, "error.json.empty");
}

static void test_utf16(void **state)
{
    (void)state;
    static const char le_bom[] = "\xFF\xFE{\0}\0";
    static const char be_bom[] = "\xFE\xFF\0{\0}";
    static const char le[] = "{\0\"\0a\0\"\0:\0" "1\0}\0";
    static const char be[] = "\0{\0\"\0a\0\"\0:\0" "1\0}";
    static const char le_ws[] = " \0\n\0{\0}\0";
    /* what Windows PowerShell writes (> and Out-File: UTF-16 LE with a
     * mark), and the other forms: decoded, then read */
    const char *const texts[] = {le_bom, be_bom, le, be, le_ws};
    const size_t lens[] = {sizeof(le_bom) - 1, sizeof(be_bom) - 1, sizeof(le) - 1, sizeof(be) - 1,
                           sizeof(le_ws) - 1};
    for (size_t i = 0; i < 5; i++) {
        cJSON *v = NULL;
        struct err e;
        err_clear(&e);
        assert_int_equal(json_parse_text("u16.json", texts[i], lens[i], &v, &e), 0);
        assert_true(cJSON_IsObject(v));
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(v, "a");
        if (i == 2 || i == 3)
            assert_true(cJSON_IsNumber(a) && a->valueint == 1);
        cJSON_Delete(v);
    }
    /* a syntax error: line and column in the decoded text */
    static const char bad[] = "\xFF\xFE{\0\n\0 \0 \0x\0}\0";
    struct err e = parse_err_n(bad, sizeof(bad) - 1, "error.json.syntax");
    assert_string_equal(err_get(&e, "line"), "2");
    assert_string_equal(err_get(&e, "column"), "3");
    /* a UTF-16 mark alone is empty; a NUL inside is no text */
    parse_err_n("\xFF\xFE", 2, "error.json.empty");
    parse_err_n("\xFF\xFE{\0\0\0}\0", 8, "error.import.binary");
}

static void test_empty(void **state)
{
    (void)state;
    parse_err_n("", 0, "error.json.empty");
    parse_err_n(" ", 1, "error.json.empty");
    parse_err_n(" \t\r\n\n   \n", 9, "error.json.empty");
    /* LEN counts, not the NUL: text beyond LEN is not read */
    parse_err_n("{}", 0, "error.json.empty");
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* overlong "/" */
    syntax_at("{\"a\": \"\xC0\xAF\"}", "json.reason.utf8", "1", "8");
    /* overlong three-byte form of "/" */
    syntax_at("{\"a\": \"\xE0\x80\xAF\"}", "json.reason.utf8", "1", "8");
    /* overlong four-byte */
    syntax_at("[\"\xF0\x8F\xBF\xBF\"]", "json.reason.utf8", "1", "3");
    /* UTF-16 surrogate encoded in UTF-8 (CESU) */
    syntax_at("[\"\xED\xA0\x80\"]", "json.reason.utf8", "1", "3");
    syntax_at("[\"\xED\xBF\xBF\"]", "json.reason.utf8", "1", "3");
    /* beyond U+10FFFF */
    syntax_at("[\"\xF4\x90\x80\x80\"]", "json.reason.utf8", "1", "3");
    syntax_at("[\"\xF5\x80\x80\x80\"]", "json.reason.utf8", "1", "3");
    /* truncated sequence followed by ASCII */
    syntax_at("[\"\xE2\x82\"]", "json.reason.utf8", "1", "3");
    /* truncated sequence at the very end */
    syntax_at("[\"\xE2\x82", "json.reason.utf8", "1", "3");
    /* a lone continuation byte, outside a string */
    syntax_at("[1, \x80]", "json.reason.utf8", "1", "5");
    /* Latin-1 text (a file saved in the wrong encoding) */
    syntax_at("{\n  \"name\": \"M\xFC" "ller\"\n}", "json.reason.utf8", "2", "13");
    /* columns count characters: valid multi-byte characters before the
     * culprit count once each */
    syntax_at("[\"\xC3\xA4\xC3\xB6\", \"\xFF\"]", "json.reason.utf8", "1", "9");
    syntax_at("[\"\xF0\x9F\x94\x91\xE2\x82\xAC\", x]", "json.reason.unexpected", "1", "8");
    /* the largest valid code point and a character just below the surrogates pass */
    cJSON *v = parse_ok("[\"\xF4\x8F\xBF\xBF\", \"\xED\x9F\xBF\", \"\xEE\x80\x80\"]");
    assert_int_equal(cJSON_GetArraySize(v), 3);
    cJSON_Delete(v);
}

static void test_nul(void **state)
{
    (void)state;
    static const char t1[] = "{\"a\": \0 1}";
    syntax_at_n(t1, sizeof(t1) - 1, "json.reason.nul", "1", "7");
    static const char t2[] = "{\n  \"a\": \"x\0y\"\n}";
    syntax_at_n(t2, sizeof(t2) - 1, "json.reason.nul", "2", "10");
    /* a NUL after a complete value is not silently ignored either */
    static const char t3[] = "{}\0";
    syntax_at_n(t3, sizeof(t3) - 1, "json.reason.nul", "1", "3");
}

/* ---- depth -------------------------------------------------------------- */

static char *nest(size_t depth, char open, char close)
{
    char *s = malloc(2 * depth + 1);
    assert_non_null(s);
    memset(s, open, depth);
    memset(s + depth, close, depth);
    s[2 * depth] = '\0';
    return s;
}

static void test_depth(void **state)
{
    (void)state;
    /* 100,000 deep: refused quickly, at the first bracket too deep */
    char *deep = nest(100000, '[', ']');
    clock_t t0 = clock();
    syntax_at(deep, "json.reason.depth", "1", "257");
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (secs > 1.0)
        fail_msg("refusing 100,000 levels took %.2f s", secs);
    /* only the opening half, truncated: the depth is what is reported */
    deep[100000] = '\0';
    syntax_at(deep, "json.reason.depth", "1", "257");
    free(deep);

    /* exactly JSON_MAX_DEPTH is fine, one more is not */
    char *ok = nest(JSON_MAX_DEPTH, '[', ']');
    cJSON *v = parse_ok(ok);
    assert_true(cJSON_IsArray(v));
    cJSON_Delete(v);
    free(ok);
    char *over = nest(JSON_MAX_DEPTH + 1, '[', ']');
    syntax_at(over, "json.reason.depth", "1", "257");
    free(over);

    /* objects count like arrays */
    size_t n = JSON_MAX_DEPTH + 1;
    char *obj = malloc(n * 5 + n + 2);
    assert_non_null(obj);
    char *p = obj;
    for (size_t i = 0; i < n; i++) {
        memcpy(p, "{\"a\":", 5);
        p += 5;
    }
    *p++ = '1';
    memset(p, '}', n);
    p[n] = '\0';
    syntax_at(obj, "json.reason.depth", "1", "1281");
    free(obj);

    /* brackets inside strings are text, not nesting */
    char *str = malloc(1000 + 5);
    assert_non_null(str);
    str[0] = '[';
    str[1] = '"';
    memset(str + 2, '[', 1000);
    memcpy(str + 1002, "\"]", 3);
    v = parse_ok(str);
    assert_int_equal(strlen(cJSON_GetArrayItem(v, 0)->valuestring), 1000);
    cJSON_Delete(v);
    /* and an escaped quote does not end the string */
    memcpy(str, "[\"\\\"", 4);
    v = parse_ok(str);
    assert_int_equal(cJSON_GetArrayItem(v, 0)->valuestring[0], '"');
    cJSON_Delete(v);
    free(str);

    /* sequential (not nested) brackets never add up */
    size_t m = 10000;
    char *seq = malloc(m * 3 + 3);
    assert_non_null(seq);
    p = seq;
    *p++ = '[';
    for (size_t i = 0; i < m; i++) {
        memcpy(p, i ? ",[]" : "[] ", 3);
        p += 3;
    }
    *p++ = ']';
    *p = '\0';
    v = parse_ok(seq);
    assert_int_equal(cJSON_GetArraySize(v), (int)m);
    cJSON_Delete(v);
    free(seq);
}

/* ---- syntax errors with line and column -------------------------------- */

static void test_syntax_positions(void **state)
{
    (void)state;
    /* trailing comma: at the bracket that follows it */
    syntax_at("{\"a\": 1,}", "json.reason.trailing-comma", "1", "9");
    syntax_at("{\"a\": 1,}\n", "json.reason.trailing-comma", "1", "9");
    syntax_at("{\"a\": 1,}  ", "json.reason.trailing-comma", "1", "9");
    syntax_at("{\"a\": 1,  }", "json.reason.trailing-comma", "1", "11");
    syntax_at("{\n  \"a\": 1,\n}", "json.reason.trailing-comma", "3", "1");
    syntax_at("{\n  \"a\": 1,\n  \"b\": 2,\n    }\n", "json.reason.trailing-comma", "4", "5");
    syntax_at("[1, 2,]", "json.reason.trailing-comma", "1", "7");
    syntax_at("[1, 2,]\n", "json.reason.trailing-comma", "1", "7");
    syntax_at("[1, 2,\n\t]", "json.reason.trailing-comma", "2", "2");
    /* a comma where a value belongs is no trailing comma */
    syntax_at("[1, , 2]", "json.reason.unexpected", "1", "5");
    syntax_at("[,]", "json.reason.unexpected", "1", "2");
    /* missing comma between members, between array items */
    syntax_at("{\n  \"a\": 1\n  \"b\": 2\n}", "json.reason.comma", "3", "3");
    syntax_at("{\"a\": [1 2]}", "json.reason.comma", "1", "10");
    /* missing colon */
    syntax_at("{\"a\" 1}", "json.reason.colon", "1", "6");
    /* keys must be strings in double quotes: the quote is the culprit */
    syntax_at("{\n\t'a': 1}", "json.reason.key", "2", "2");
    syntax_at("{a: 1}", "json.reason.key", "1", "2");
    syntax_at("{\"a\": 1, 2: 3}", "json.reason.key", "1", "10");
    /* a bare word */
    syntax_at("{\"a\": yes}", "json.reason.unexpected", "1", "7");
    syntax_at("{\"a\": 'x'}", "json.reason.unexpected", "1", "7");
    /* CRLF line ends: lines still count */
    syntax_at("{\r\n  \"a\": 1,\r\n}", "json.reason.trailing-comma", "3", "1");
    /* after a UTF-8 BOM, columns are what an editor shows (BOM not counted) */
    syntax_at("\xEF\xBB\xBF{\"a\": 1, \"b\" 2}", "json.reason.colon", "1", "14");
    syntax_at("\xEF\xBB\xBF{\"a\": 1,}", "json.reason.trailing-comma", "1", "9");
    syntax_at("\xEF\xBB\xBF{\n\"a\" 1}", "json.reason.colon", "2", "5");
}

static void test_strings_and_numbers(void **state)
{
    (void)state;
    /* a raw control character inside a string */
    syntax_at("{\n  \"a\": \"two\nlines\"\n}", "json.reason.control", "2", "12");
    syntax_at("[\"tab\there\"]", "json.reason.control", "1", "6");
    /* escapes */
    syntax_at("[\"C:\\Users\"]", "json.reason.escape", "1", "5");
    syntax_at("[\"\\x41\"]", "json.reason.escape", "1", "3");
    syntax_at("[\"\\u12G4\"]", "json.reason.escape", "1", "7");
    syntax_at("[\"\\u0000\"]", "json.reason.nul", "1", "3");
    syntax_at("[\"ok\", \"\\uDC00\"]", "json.reason.surrogate", "1", "9");
    syntax_at("[\"\\uD800\"]", "json.reason.surrogate", "1", "3");
    syntax_at("[\"\\uD800\\u0041\"]", "json.reason.surrogate", "1", "3");
    cJSON *v = parse_ok("[\"\\uD83D\\uDE00 \\u00e4 \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"]");
    assert_string_equal(cJSON_GetArrayItem(v, 0)->valuestring,
                        "\xF0\x9F\x98\x80 \xC3\xA4 \" \\ / \b\f\n\r\t");
    cJSON_Delete(v);
    /* numbers as JSON has them, nothing more */
    syntax_at("[-]", "json.reason.number", "1", "3");
    syntax_at("[1.]", "json.reason.number", "1", "4");
    syntax_at("[1e]", "json.reason.number", "1", "4");
    syntax_at("[1e+]", "json.reason.number", "1", "5");
    syntax_at("[.5]", "json.reason.unexpected", "1", "2");
    syntax_at("[+1]", "json.reason.unexpected", "1", "2");
    syntax_at("[01]", "json.reason.comma", "1", "3");
    syntax_at("[0x10]", "json.reason.comma", "1", "3");
    v = parse_ok("[0, -0, 1.5, -2.25e-3, 1E+2, 4294967295]");
    assert_int_equal(cJSON_GetArraySize(v), 6);
    assert_true(cJSON_GetArrayItem(v, 5)->valuedouble == 4294967295.0);
    cJSON_Delete(v);
    /* literals */
    syntax_at("[tru]", "json.reason.unexpected", "1", "5");
    syntax_at("[True]", "json.reason.unexpected", "1", "2");
    syntax_at("[nul]", "json.reason.unexpected", "1", "5");
    v = parse_ok("[true, false, null]");
    assert_true(cJSON_IsTrue(cJSON_GetArrayItem(v, 0)));
    assert_true(cJSON_IsFalse(cJSON_GetArrayItem(v, 1)));
    assert_true(cJSON_IsNull(cJSON_GetArrayItem(v, 2)));
    cJSON_Delete(v);
}

/* Truncated input: the reason is the end of the text, reported at the end. */
static void test_truncated(void **state)
{
    (void)state;
    syntax_at("{\"a\": [1, 2", "json.reason.eof", "1", "12");
    syntax_at("{\"a\": 1", "json.reason.eof", "1", "8");
    syntax_at("{\n  \"a\": {\n    \"b\": tr", "json.reason.eof", "3", "12");
    syntax_at("{\n  \"a\": \"unterminated", "json.reason.eof", "2", "21");
    syntax_at("{\"a\":\"b", "json.reason.eof", "1", "8");
    syntax_at("{\"a\":\"b\\", "json.reason.eof", "1", "9");
    syntax_at("[\"\\u12", "json.reason.eof", "1", "7");
    syntax_at("[\"a\",", "json.reason.eof", "1", "6");
    syntax_at("[", "json.reason.eof", "1", "2");
    syntax_at("{", "json.reason.eof", "1", "2");
    syntax_at("{\"a\"", "json.reason.eof", "1", "5");
    syntax_at("{\"a\":   ", "json.reason.eof", "1", "9");
    syntax_at("{\n  \"a\":\n", "json.reason.eof", "3", "1");
    syntax_at("[1, 2,\n", "json.reason.eof", "2", "1");
    syntax_at("[-", "json.reason.eof", "1", "3");
}

static void test_trailing(void **state)
{
    (void)state;
    syntax_at("{\"a\": 1} x", "json.reason.trailing", "1", "10");
    syntax_at("{}{}", "json.reason.trailing", "1", "3");
    syntax_at("{\n  \"a\": 1\n}\n\n  ]\n", "json.reason.trailing", "5", "3");
    syntax_at("1 2", "json.reason.trailing", "1", "3");
    /* blanks after the value are fine */
    cJSON *v = parse_ok("{\"a\": 1}  \r\n\t\n");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(v, "a")->valueint, 1);
    cJSON_Delete(v);
}

static void test_scalars_and_arrays(void **state)
{
    (void)state;
    /* the door does not insist on an object; the loaders do */
    cJSON *v = parse_ok("[1, \"two\", null]");
    assert_true(cJSON_IsArray(v));
    assert_string_equal(json_type_name(v), "@jtype.array");
    cJSON_Delete(v);
    v = parse_ok("  42 ");
    assert_string_equal(json_type_name(v), "@jtype.number");
    cJSON_Delete(v);
}

static void test_type_names(void **state)
{
    (void)state;
    cJSON *v = parse_ok("{\"o\": {}, \"a\": [], \"s\": \"x\", \"n\": 1.5, \"t\": true, "
                        "\"f\": false, \"z\": null}");
    assert_string_equal(json_type_name(v), "@jtype.object");
    assert_string_equal(json_type_name(cJSON_GetObjectItemCaseSensitive(v, "o")), "@jtype.object");
    assert_string_equal(json_type_name(cJSON_GetObjectItemCaseSensitive(v, "a")), "@jtype.array");
    assert_string_equal(json_type_name(cJSON_GetObjectItemCaseSensitive(v, "s")), "@jtype.string");
    assert_string_equal(json_type_name(cJSON_GetObjectItemCaseSensitive(v, "n")), "@jtype.number");
    assert_string_equal(json_type_name(cJSON_GetObjectItemCaseSensitive(v, "t")), "@jtype.boolean");
    assert_string_equal(json_type_name(cJSON_GetObjectItemCaseSensitive(v, "f")), "@jtype.boolean");
    assert_string_equal(json_type_name(cJSON_GetObjectItemCaseSensitive(v, "z")), "@jtype.null");
    assert_string_equal(json_type_name(NULL), "@jtype.nothing");
    cJSON_Delete(v);
}

/* ---- duplicate keys ----------------------------------------------------- */

static void test_duplicates(void **state)
{
    (void)state;
    cJSON *v = parse_ok("{\"a\": 1, \"b\": 2, \"a\": 3}");
    assert_non_null(json_duplicate_key(v));
    assert_string_equal(json_duplicate_key(v), "a");
    cJSON_Delete(v);
    v = parse_ok("{\"a\": 1, \"A\": 2, \"b\": {\"a\": 1}}"); /* case and level matter */
    assert_null(json_duplicate_key(v));
    cJSON_Delete(v);
    v = parse_ok("{}");
    assert_null(json_duplicate_key(v));
    cJSON_Delete(v);
    v = parse_ok("{\"only\": 1}");
    assert_null(json_duplicate_key(v));
    cJSON_Delete(v);
    v = parse_ok("{\"\": 1, \"\": 2}");
    assert_non_null(json_duplicate_key(v));
    assert_string_equal(json_duplicate_key(v), "");
    cJSON_Delete(v);

    /* larger objects (more than 16 keys) */
    for (int total = 16; total <= 200; total += 23) {
        char buf[8192];
        size_t len = 0;
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "{");
        for (int i = 0; i < total; i++)
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s\"key%03d\": %d",
                                    i ? ", " : "", i, i);
        snprintf(buf + len, sizeof(buf) - len, "}");
        v = parse_ok(buf);
        assert_null(json_duplicate_key(v));
        cJSON_Delete(v);
        /* the same with one key repeated at the very end */
        snprintf(buf + len, sizeof(buf) - len, ", \"key%03d\": 0}", total / 2);
        v = parse_ok(buf);
        char want[16];
        snprintf(want, sizeof(want), "key%03d", total / 2);
        const char *d = json_duplicate_key(v);
        if (!d || strcmp(d, want) != 0)
            fail_msg("%d keys: duplicate %s not found (got %s)", total + 1, want, d ? d : "NULL");
        cJSON_Delete(v);
    }
    /* exactly 17 keys, the duplicate at the front */
    v = parse_ok("{\"z\":0,\"z\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,"
                 "\"i\":9,\"j\":10,\"k\":11,\"l\":12,\"m\":13,\"n\":14,\"o\":15,\"p\":16}");
    assert_int_equal(cJSON_GetArraySize(v), 17);
    assert_non_null(json_duplicate_key(v));
    assert_string_equal(json_duplicate_key(v), "z");
    cJSON_Delete(v);
}

/* ---- JSON paths --------------------------------------------------------- */

static void test_jpath(void **state)
{
    (void)state;
    struct jpath p;
    memset(&p, 0, sizeof(p));
    assert_string_equal(jpath_str(&p), "@path.top");
    size_t l0 = jpath_key(&p, "facts");
    assert_int_equal(l0, 0);
    assert_string_equal(jpath_str(&p), "facts");
    size_t l1 = jpath_key(&p, "templates");
    assert_string_equal(jpath_str(&p), "facts.templates");
    size_t l2 = jpath_index(&p, 3);
    assert_string_equal(jpath_str(&p), "facts.templates[3]");
    size_t l3 = jpath_key(&p, "sddl");
    assert_string_equal(jpath_str(&p), "facts.templates[3].sddl");
    jpath_pop(&p, l3);
    assert_string_equal(jpath_str(&p), "facts.templates[3]");
    jpath_index(&p, 12);
    assert_string_equal(jpath_str(&p), "facts.templates[3][12]");
    jpath_pop(&p, l2);
    assert_string_equal(jpath_str(&p), "facts.templates");
    jpath_pop(&p, l1);
    assert_string_equal(jpath_str(&p), "facts");
    jpath_pop(&p, l0);
    assert_string_equal(jpath_str(&p), "@path.top");
    /* an index at the top has no dot */
    jpath_index(&p, 0);
    assert_string_equal(jpath_str(&p), "[0]");
    jpath_key(&p, "x");
    assert_string_equal(jpath_str(&p), "[0].x");
    jpath_pop(&p, 0);

    /* very long paths are cut, never overflow, and pop still works */
    char key[100];
    memset(key, 'k', sizeof(key) - 1);
    key[sizeof(key) - 1] = '\0';
    size_t marks[20];
    for (int i = 0; i < 20; i++) {
        marks[i] = jpath_key(&p, key);
        assert_true(p.len < sizeof(p.buf));
        assert_int_equal(strlen(p.buf), p.len);
    }
    assert_int_equal(p.len, sizeof(p.buf) - 1);
    for (int i = 19; i >= 0; i--)
        jpath_pop(&p, marks[i]);
    assert_string_equal(jpath_str(&p), "@path.top");
}

/* ---- the pretty writer -------------------------------------------------- */

static char *pretty(const char *json)
{
    cJSON *v = parse_ok(json);
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(json_write_pretty(v, fp), 0);
    cJSON_Delete(v);
    long n = ftell(fp);
    assert_true(n >= 0);
    rewind(fp);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void test_write_pretty(void **state)
{
    (void)state;
    char *s = pretty("{\"a\":1,\"b\":[1,2,3],\"c\":{\"d\":\"x\",\"e\":[]},"
                     "\"f\":[{\"g\":null},true],\"h\":{},\"i\":[[1],[]],\"j\":-2.5}");
    assert_string_equal(s,
                        "{\n"
                        "  \"a\": 1,\n"
                        "  \"b\": [1, 2, 3],\n"
                        "  \"c\": {\n"
                        "    \"d\": \"x\",\n"
                        "    \"e\": []\n"
                        "  },\n"
                        "  \"f\": [\n"
                        "    {\n"
                        "      \"g\": null\n"
                        "    },\n"
                        "    true\n"
                        "  ],\n"
                        "  \"h\": {},\n"
                        "  \"i\": [\n"
                        "    [1],\n"
                        "    []\n"
                        "  ],\n"
                        "  \"j\": -2.5\n"
                        "}\n");
    free(s);
    /* escapes in keys and values; UTF-8 stays as it is */
    s = pretty("{\"q\\\"k\": \"line\\nnext \\u00fc\\\\\", \"e\": false}");
    assert_string_equal(s, "{\n"
                           "  \"q\\\"k\": \"line\\nnext \xC3\xBC\\\\\",\n"
                           "  \"e\": false\n"
                           "}\n");
    free(s);
    s = pretty("[]");
    assert_string_equal(s, "[]\n");
    free(s);
    s = pretty("\"x\"");
    assert_string_equal(s, "\"x\"\n");
    free(s);
    s = pretty("[\"a\", null, false]");
    assert_string_equal(s, "[\"a\", null, false]\n");
    free(s);
    /* what it writes reads back to the same value */
    const char *orig = "{\"x\":[{\"y\":[1,{\"z\":\"w\"}]}],\"v\":{\"u\":{\"t\":[]}}}";
    s = pretty(orig);
    cJSON *a = parse_ok(orig), *b = parse_ok(s);
    assert_true(cJSON_Compare(a, b, 1));
    cJSON_Delete(a);
    cJSON_Delete(b);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bom_utf8),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_nul),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_syntax_positions),
        cmocka_unit_test(test_strings_and_numbers),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_trailing),
        cmocka_unit_test(test_scalars_and_arrays),
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_jpath),
        cmocka_unit_test(test_write_pretty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
