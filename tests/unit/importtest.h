/* importtest.h: helpers of the format readers' tests (test_import_*.c):
 * a sample file as a reader gets it, and the facts a reader gave compared
 * with their golden bundle (tests/golden/import/NAME.json, as bundle_write
 * writes them; UPDATE_GOLDEN=1 rewrites it), which must load again. */
#ifndef ENROLLDOC_IMPORTTEST_H
#define ENROLLDOC_IMPORTTEST_H

#include "testutil.h"

#include "bundle_write.h"
#include "import_formats.h"

/* A malloc'd copy of S (the test fails when out of memory). */
static inline char *it_dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    assert_non_null(d);
    return memcpy(d, s, n);
}

/* IN over the bytes RAW (N; borrowed), text when they hold no NUL. */
static inline void it_file(struct import_file *in, const char *name, const char *raw, size_t n)
{
    memset(in, 0, sizeof(*in));
    in->name = name;
    in->raw = (const unsigned char *)raw;
    in->n = n;
    in->text = memchr(raw, '\0', n) ? NULL : raw;
    in->text_len = in->text ? n : 0;
    in->ui = LANG_EN;
}

/* The sample tests/inputs/REL read into *IN; the bytes (caller frees) returned. */
static inline char *it_sample(struct import_file *in, const char *rel)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/inputs/%s", TESTS_DIR, rel);
    size_t n;
    char *buf = tu_read(path, &n);
    it_file(in, rel, buf, n);
    return buf;
}

/* Runs READER on IN, failing the test with the error when it refuses. */
static inline struct facts *it_read(import_reader reader, const struct import_file *in)
{
    struct facts *f = NULL;
    struct err e;
    err_clear(&e);
    if (reader(in, &f, &e) != 0) {
        char buf[1024] = "";
        for (int i = 0; i < e.nargs; i++)
            snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s=%s ", e.args[i].name, e.args[i].value);
        fail_msg("%s refused: %s %s", in->name, e.key, buf);
    }
    assert_non_null(f);
    return f;
}

/* Expects READER to refuse TEXT with KEY and the argument ARG = VALUE
 * (ARG NULL: any). */
static inline void it_refuses(import_reader reader, const char *text, size_t n, const char *key,
                              const char *arg, const char *value)
{
    struct import_file in;
    it_file(&in, "broken.txt", text, n);
    struct facts *f = (struct facts *)1;
    struct err e;
    err_clear(&e);
    assert_int_equal(reader(&in, &f, &e), -1);
    assert_null(f);
    assert_string_equal(e.key, key);
    assert_string_equal(err_get(&e, "file"), "broken.txt");
    if (arg) {
        const char *v = err_get(&e, arg);
        if (!v || strcmp(v, value) != 0)
            fail_msg("%s: %s is %s, expected %s", key, arg, v ? v : "(none)", value);
    }
}

/* Every STEP-th prefix of the sample REL read by READER: facts or a
 * refusal naming the file, never a crash. */
static inline void it_every_cut(import_reader reader, const char *rel, size_t step)
{
    struct import_file s;
    char *b = it_sample(&s, rel);
    char *cut = malloc(s.n + 1);
    assert_non_null(cut);
    for (size_t n = 0; n < s.n; n += step) {
        memcpy(cut, b, n);
        cut[n] = '\0';
        struct import_file in;
        it_file(&in, "cut.txt", cut, n);
        struct facts *f = NULL;
        struct err e;
        err_clear(&e);
        if (reader(&in, &f, &e) == 0)
            facts_free(f);
        else
            assert_non_null(err_get(&e, "file"));
    }
    free(cut);
    free(b);
}

/* F as bundle_write writes it, compared with tests/golden/import/NAME.json;
 * the text must load as a bundle. */
static inline void it_golden(const struct facts *f, const char *name)
{
    FILE *fp = tmpfile();
    assert_non_null(fp);
    struct err e;
    err_clear(&e);
    assert_int_equal(bundle_write(f, NULL, fp, &e), 0);
    char *text = tu_captured(fp);
    struct facts *back = tu_bundle(text);
    facts_free(back);
    char path[1024];
    snprintf(path, sizeof(path), "%s/golden/import/%s.json", TESTS_DIR, name);
    char label[128];
    snprintf(label, sizeof(label), "golden/import/%s.json", name);
    tu_golden(path, label, text);
    free(text);
}

#endif
