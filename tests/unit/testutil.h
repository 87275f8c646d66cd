/* testutil.h: small helpers shared by the unit tests (header-only on
 * purpose: each test is its own executable). */
#ifndef ENROLLDOC_TESTUTIL_H
#define ENROLLDOC_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "facts.h"
#include "lang.h"
#include "util.h"

/* Parses bundle JSON text or fails the test with the rendered error. */
static inline struct facts *tu_bundle(const char *json)
{
    struct facts *f = NULL;
    struct err e;
    err_clear(&e);
    if (bundle_parse("test.json", json, strlen(json), &f, &e) != 0) {
        char buf[1024] = "";
        for (int i = 0; i < e.nargs; i++) {
            strncat(buf, e.args[i].name, sizeof(buf) - strlen(buf) - 1);
            strncat(buf, "=", sizeof(buf) - strlen(buf) - 1);
            strncat(buf, e.args[i].value, sizeof(buf) - strlen(buf) - 1);
            strncat(buf, " ", sizeof(buf) - strlen(buf) - 1);
        }
        fail_msg("bundle_parse failed: %s %s", e.key, buf);
    }
    return f;
}

/* Reads a whole file or fails the test. The caller frees. */
static inline char *tu_read(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    size_t got = fread(buf, 1, (size_t)n, fp);
    fclose(fp);
    buf[got] = '\0';
    if (len)
        *len = got;
    return buf;
}

/* What was written into the temporary file FP, which it closes; the text is
 * NUL-terminated and the caller frees it. */
static inline char *tu_captured(FILE *fp)
{
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

/* Compares TEXT with the golden file PATH, or rewrites it under
 * UPDATE_GOLDEN=1; on a difference the test fails naming LABEL and where. */
static inline void tu_golden(const char *path, const char *label, const char *text)
{
    const char *upd = getenv("UPDATE_GOLDEN");
    if (upd && strcmp(upd, "1") == 0) {
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        fputs(text, fp);
        assert_int_equal(fclose(fp), 0);
        return;
    }
    FILE *probe = fopen(path, "rb");
    if (!probe)
        fail_msg("golden file %s is missing; run with UPDATE_GOLDEN=1 to create it", path);
    fclose(probe);
    size_t n;
    char *want = tu_read(path, &n);
    if (n != strlen(text) || memcmp(want, text, n) != 0) {
        size_t i = 0;
        while (i < n && want[i] == text[i])
            i++;
        size_t line, col;
        text_line_col(want, i, &line, &col);
        free(want);
        fail_msg("%s differs from the output at line %zu, column %zu "
                 "(UPDATE_GOLDEN=1 regenerates it after an intended change)", label, line, col);
    }
    free(want);
}

/* Calls FN(PATH, UD) for every bundle in DIR (each *.json file but the
 * *.expect.json beside them), or fails the test when DIR cannot be read.
 * Returns how many there were. */
static inline size_t tu_each_bundle(const char *dir, void (*fn)(const char *path, void *ud),
                                    void *ud)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open %s", dir);
    size_t count = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 5, ".json") != 0 ||
            (n >= 12 && strcmp(de->d_name + n - 12, ".expect.json") == 0))
            continue;
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        fn(path, ud);
        count++;
    }
    closedir(d);
    return count;
}

#endif
