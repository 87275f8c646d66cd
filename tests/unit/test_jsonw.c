/* test_jsonw.c: src/jsonw.c: the streaming JSON writer: layout, escaping
 * exactly as cJSON escapes, integers, misuse reported, output larger than
 * the internal buffer, and a failing stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cJSON.h>

#include "jsonw.h"

/* A writer into a temporary file; sink_finish() reads back what was written. */
struct sink {
    char *buf;
    size_t len;
    FILE *fp;
    struct jsonw w;
};

static struct sink *sink_new(void)
{
    struct sink *s = calloc(1, sizeof(*s));
    assert_non_null(s);
    s->fp = tmpfile();
    assert_non_null(s->fp);
    jsonw_init(&s->w, s->fp);
    return s;
}

/* Finishes the document; returns jsonw_finish()'s status. */
static int sink_finish(struct sink *s)
{
    int rc = jsonw_finish(&s->w);
    long n = ftell(s->fp);
    assert_true(n >= 0);
    s->len = (size_t)n;
    s->buf = malloc(s->len + 1);
    assert_non_null(s->buf);
    rewind(s->fp);
    assert_int_equal(fread(s->buf, 1, s->len, s->fp), s->len);
    s->buf[s->len] = '\0';
    fclose(s->fp);
    s->fp = NULL;
    return rc;
}

static void sink_free(struct sink *s)
{
    if (s->fp)
        fclose(s->fp);
    free(s->buf);
    free(s);
}

static void test_layout(void **state)
{
    (void)state;
    struct sink *s = sink_new();
    struct jsonw *w = &s->w;
    jsonw_object(w);
    jsonw_key(w, "format");
    jsonw_string(w, "x/1");
    jsonw_key(w, "n");
    jsonw_int(w, 42);
    jsonw_key(w, "empty_obj");
    jsonw_object(w);
    jsonw_end(w);
    jsonw_key(w, "empty_arr");
    jsonw_array(w, false);
    jsonw_end(w);
    jsonw_key(w, "codes");
    jsonw_array(w, true);
    jsonw_string(w, "0x1");
    jsonw_string(w, "0x2");
    jsonw_end(w);
    jsonw_key(w, "runs");
    jsonw_array(w, false);
    jsonw_object(w);
    jsonw_key(w, "ok");
    jsonw_bool(w, true);
    jsonw_key(w, "none");
    jsonw_null(w);
    jsonw_key(w, "null_string");
    jsonw_string(w, NULL);
    jsonw_end(w);
    jsonw_bool(w, false);
    jsonw_end(w);
    jsonw_end(w);
    assert_int_equal(sink_finish(s), 0);
    assert_string_equal(s->buf,
                        "{\n"
                        "  \"format\": \"x/1\",\n"
                        "  \"n\": 42,\n"
                        "  \"empty_obj\": {},\n"
                        "  \"empty_arr\": [],\n"
                        "  \"codes\": [\"0x1\", \"0x2\"],\n"
                        "  \"runs\": [\n"
                        "    {\n"
                        "      \"ok\": true,\n"
                        "      \"none\": null,\n"
                        "      \"null_string\": null\n"
                        "    },\n"
                        "    false\n"
                        "  ]\n"
                        "}\n");
    sink_free(s);
}

static void test_integers(void **state)
{
    (void)state;
    const int64_t v[] = {0, 1, -1, 9, 10, 4294967295LL, INT64_MAX, INT64_MIN};
    const char *want = "[0, 1, -1, 9, 10, 4294967295, 9223372036854775807, -9223372036854775808]\n";
    struct sink *s = sink_new();
    jsonw_array(&s->w, true);
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        jsonw_int(&s->w, v[i]);
    jsonw_end(&s->w);
    assert_int_equal(sink_finish(s), 0);
    assert_string_equal(s->buf, want);
    sink_free(s);
}

/* Every byte value, and a few UTF-8 sequences, escaped as cJSON does. */
static void test_escaping_matches_cjson(void **state)
{
    (void)state;
    char all[256];
    for (int i = 1; i < 256; i++)
        all[i - 1] = (char)i;
    all[255] = '\0';
    const char *samples[] = {all, "", "plain", "quote \" backslash \\ slash /",
                             "Zertifikatdiensteclient \xc3\xa4\xc3\xb6\xc3\xbc \xe2\x82\xac",
                             "CONTOSO\\alice", "tab\there\r\nline"};
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        cJSON *str = cJSON_CreateString(samples[i]);
        char *want = cJSON_PrintUnformatted(str);
        struct sink *s = sink_new();
        jsonw_string(&s->w, samples[i]);
        assert_int_equal(sink_finish(s), 0);
        size_t n = strlen(want);
        assert_int_equal(s->len, n + 1);
        assert_memory_equal(s->buf, want, n);
        assert_int_equal(s->buf[n], '\n');
        sink_free(s);
        cJSON_free(want);
        cJSON_Delete(str);
    }
    /* a counted string may hold what a C string cannot */
    struct sink *s = sink_new();
    jsonw_string_n(&s->w, "a\0b", 3);
    assert_int_equal(sink_finish(s), 0);
    assert_string_equal(s->buf, "\"a\\u0000b\"\n");
    sink_free(s);
}

/* Far more than the internal buffer, in small and in large pieces. */
static void test_large_output(void **state)
{
    (void)state;
    size_t big = 3 * JSONW_BUFSIZE + 17;
    char *long_str = malloc(big + 1);
    assert_non_null(long_str);
    memset(long_str, 'x', big);
    long_str[big] = '\0';
    struct sink *s = sink_new();
    jsonw_array(&s->w, false);
    for (int i = 0; i < 20000; i++)
        jsonw_int(&s->w, i);
    jsonw_string(&s->w, long_str);
    jsonw_end(&s->w);
    assert_int_equal(sink_finish(s), 0);
    /* parse it back: every element there, in order */
    cJSON *v = cJSON_Parse(s->buf);
    assert_non_null(v);
    assert_int_equal(cJSON_GetArraySize(v), 20001);
    assert_int_equal(cJSON_GetArrayItem(v, 19999)->valueint, 19999);
    assert_string_equal(cJSON_GetArrayItem(v, 20000)->valuestring, long_str);
    cJSON_Delete(v);
    sink_free(s);
    free(long_str);
}

static void test_misuse_reported(void **state)
{
    (void)state;
    /* a value in an object without a key */
    struct sink *s = sink_new();
    jsonw_object(&s->w);
    jsonw_int(&s->w, 1);
    jsonw_end(&s->w);
    assert_int_equal(sink_finish(s), -1);
    sink_free(s);
    /* a key in an array */
    s = sink_new();
    jsonw_array(&s->w, false);
    jsonw_key(&s->w, "k");
    jsonw_int(&s->w, 1);
    jsonw_end(&s->w);
    assert_int_equal(sink_finish(s), -1);
    sink_free(s);
    /* a container left open; a key without its value; two top-level values */
    s = sink_new();
    jsonw_object(&s->w);
    assert_int_equal(sink_finish(s), -1);
    sink_free(s);
    s = sink_new();
    jsonw_object(&s->w);
    jsonw_key(&s->w, "k");
    jsonw_end(&s->w);
    assert_int_equal(sink_finish(s), -1);
    sink_free(s);
    s = sink_new();
    jsonw_int(&s->w, 1);
    jsonw_int(&s->w, 2);
    assert_int_equal(sink_finish(s), -1);
    sink_free(s);
    /* nothing at all; one close too many */
    s = sink_new();
    assert_int_equal(sink_finish(s), -1);
    sink_free(s);
    s = sink_new();
    jsonw_array(&s->w, true);
    jsonw_end(&s->w);
    jsonw_end(&s->w);
    assert_int_equal(sink_finish(s), -1);
    sink_free(s);
    /* deeper than the writer keeps track of */
    s = sink_new();
    for (int i = 0; i <= JSONW_MAX_DEPTH; i++)
        jsonw_array(&s->w, false);
    assert_int_equal(sink_finish(s), -1);
    sink_free(s);
}

static void test_stream_failure(void **state)
{
    (void)state;
    /* a stream opened for reading refuses every write */
    FILE *fp = fopen(SOURCE_DIR "/CMakeLists.txt", "r");
    assert_non_null(fp);
    struct jsonw *w = malloc(sizeof(*w));
    assert_non_null(w);
    jsonw_init(w, fp);
    jsonw_array(w, false);
    for (int i = 0; i < 10000; i++)
        jsonw_string(w, "some text that fills the buffer");
    jsonw_end(w);
    assert_int_equal(jsonw_finish(w), -1);
    free(w);
    fclose(fp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_escaping_matches_cjson),
        cmocka_unit_test(test_large_output),
        cmocka_unit_test(test_misuse_reported),
        cmocka_unit_test(test_stream_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
