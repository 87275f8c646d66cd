/* test_util.c: src/util.c: ASCII case folding, ISO 8601 times, reading
 * whole files, line and column of an offset. Expected epoch values come
 * from GNU date (`date -u -d ... +%s`), not from the code under test. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "util.h"

/* ---- case folding ------------------------------------------------------ */

static void test_casecmp(void **state)
{
    (void)state;
    assert_int_equal(ascii_casecmp("ContosoUser", "contosouser"), 0);
    assert_int_equal(ascii_casecmp("", ""), 0);
    assert_int_equal(ascii_casecmp("ABC", "abc"), 0);
    assert_true(ascii_casecmp("abc", "abd") < 0);
    assert_true(ascii_casecmp("ABD", "abc") > 0);
    assert_true(ascii_casecmp("ab", "abc") < 0);
    assert_true(ascii_casecmp("abc", "AB") > 0);
    /* '[' (0x5B) sorts after 'Z' but before 'a': folding must put letters
     * in lower case before comparing */
    assert_true(ascii_casecmp("Z", "[") > 0);
    /* only ASCII folds: UTF-8 umlauts compare as bytes */
    assert_true(ascii_casecmp("\xC3\x84", "\xC3\xA4") != 0);
    assert_int_equal(ascii_casecmp("Gr\xC3\xBC\xC3\x9F" "E", "gr\xC3\xBC\xC3\x9F" "e"), 0);
    /* high bytes compare as unsigned */
    assert_true(ascii_casecmp("\xC3", "a") > 0);
}

static void test_ncasecmp(void **state)
{
    (void)state;
    assert_int_equal(ascii_ncasecmp("HELLO world", "hello WORLD", 11), 0);
    assert_int_equal(ascii_ncasecmp("abcX", "ABCy", 3), 0);
    assert_true(ascii_ncasecmp("abcX", "ABCy", 4) < 0);
    assert_int_equal(ascii_ncasecmp("a", "b", 0), 0);
    /* stops at the end of the shorter string even when N is larger */
    assert_int_equal(ascii_ncasecmp("ab", "AB", 100), 0);
    assert_true(ascii_ncasecmp("ab", "abc", 100) < 0);
}

static void test_startswith_ci(void **state)
{
    (void)state;
    assert_true(ascii_startswith_ci("Microsoft-Windows-CertificateServicesClient-AutoEnrollment",
                                    "microsoft-windows-certificateservicesclient"));
    assert_true(ascii_startswith_ci("abc", ""));
    assert_true(ascii_startswith_ci("", ""));
    assert_true(ascii_startswith_ci("ABC", "abc"));
    assert_false(ascii_startswith_ci("ab", "abc"));
    assert_false(ascii_startswith_ci("", "a"));
    assert_false(ascii_startswith_ci("xabc", "abc"));
}

/* ---- ISO 8601 ---------------------------------------------------------- */

static int64_t parse_ok(const char *s)
{
    int64_t t = 0x5555;
    if (time_parse_iso(s, &t) != 0)
        fail_msg("time_parse_iso(\"%s\") refused", s);
    return t;
}

static void parse_bad(const char *s)
{
    int64_t t = 0x5555;
    if (time_parse_iso(s, &t) != -1)
        fail_msg("time_parse_iso(\"%s\") accepted: %lld", s, (long long)t);
    assert_int_equal(t, 0x5555); /* untouched on failure */
}

static void test_time_zones(void **state)
{
    (void)state;
    const int64_t t = 1795162500; /* 2026-11-20T08:15:00Z */
    assert_int_equal(parse_ok("2026-11-20T08:15:00Z"), t);
    assert_int_equal(parse_ok("2026-11-20T09:15:00+01:00"), t);
    assert_int_equal(parse_ok("2026-11-20T09:15:00+0100"), t);
    assert_int_equal(parse_ok("2026-11-20T02:45:00-0530"), t);
    assert_int_equal(parse_ok("2026-11-20T02:45:00-05:30"), t);
    assert_int_equal(parse_ok("2026-11-20T08:15:00+00:00"), t);
    assert_int_equal(parse_ok("2026-11-20T08:15:00-00:00"), t);
    /* the zone moves the day too */
    assert_int_equal(parse_ok("2026-11-21T00:15:00+16:00"), t);
    assert_int_equal(parse_ok("2026-11-19T23:15:00-09:00"), t);
}

static void test_time_forms(void **state)
{
    (void)state;
    const int64_t t = 1795162500; /* 2026-11-20T08:15:00Z */
    assert_int_equal(parse_ok("2026-11-20t08:15:00z"), t);
    assert_int_equal(parse_ok("2026-11-20 08:15:00Z"), t);
    /* fractions of a second are dropped, whatever their length */
    assert_int_equal(parse_ok("2026-11-20T08:15:00.5Z"), t);
    assert_int_equal(parse_ok("2026-11-20T08:15:00.999999999Z"), t);
    assert_int_equal(parse_ok("2026-11-20T08:15:00,25+00:00"), t);
    assert_int_equal(parse_ok("2026-11-20T09:15:00.1234567+01:00"), t);
    /* seconds may be omitted */
    assert_int_equal(parse_ok("2026-11-20T08:15Z"), t);
    /* a leap second counts as the second before */
    assert_int_equal(parse_ok("2016-12-31T23:59:60Z"), 1483228799);
    assert_int_equal(parse_ok("2016-12-31T23:59:59Z"), 1483228799);
    /* known points */
    assert_int_equal(parse_ok("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(parse_ok("1969-12-31T23:59:59Z"), -1);
    assert_int_equal(parse_ok("2024-02-29T00:00:00Z"), 1709164800);
    assert_int_equal(parse_ok("2000-02-29T12:00:00Z"), 951825600);
    assert_int_equal(parse_ok("1900-01-01T00:00:00Z"), -2208988800LL);
    assert_int_equal(parse_ok("0001-01-01T00:00:00Z"), -62135596800LL);
    assert_int_equal(parse_ok("9999-12-31T23:59:59Z"), 253402300799LL);
}

static void test_time_rejects(void **state)
{
    (void)state;
    parse_bad("");
    parse_bad("2026-11-20");
    parse_bad("2026-11-20T08:15:00");        /* no zone */
    parse_bad("2026-11-20T08:15");           /* no zone */
    parse_bad("2026-13-01T00:00:00Z");
    parse_bad("2026-00-01T00:00:00Z");
    parse_bad("2026-11-00T00:00:00Z");
    parse_bad("2026-11-31T00:00:00Z");
    parse_bad("2026-04-31T00:00:00Z");
    parse_bad("2026-02-29T00:00:00Z");       /* 2026 is no leap year */
    parse_bad("1900-02-29T00:00:00Z");       /* neither is 1900 */
    parse_ok("2024-02-29T00:00:00Z");
    parse_ok("2000-02-29T00:00:00Z");
    parse_bad("2026-11-20T24:00:00Z");
    parse_bad("2026-11-20T23:60:00Z");
    parse_bad("2026-11-20T23:59:61Z");
    parse_bad("2026-11-20T08:15:00Zjunk");
    parse_bad("2026-11-20T08:15:00Z ");
    parse_bad("2026-11-20T08:15:00+01:00x");
    parse_bad("2026-11-20T08:15:00+01:000");
    parse_bad("2026-11-20T08:15:00+24:00");
    parse_bad("2026-11-20T08:15:00+01:60");
    parse_bad("2026-11-20T08:15:00.Z");      /* a point needs digits */
    parse_bad("2026-11-20X08:15:00Z");
    parse_bad("2026/11/20T08:15:00Z");
    parse_bad("26-11-20T08:15:00Z");
    parse_bad("2026-1-20T08:15:00Z");
    parse_bad("2026-11-20T8:15:00Z");
    parse_bad("2026-11-20T08:15:0Z");
    parse_bad(" 2026-11-20T08:15:00Z");
    parse_bad("yesterday");
    parse_bad("2026-11-20T08:15:00+");
    parse_bad("2026-11-20T08:15:00+1");
}

/* A zone "+01:" with a colon and no minutes is malformed: ISO 8601 allows
 * "+01", "+0100" or "+01:00", never a dangling colon. */
static void test_time_rejects_dangling_colon(void **state)
{
    (void)state;
    parse_ok("2026-11-20T09:15:00+01");
    parse_bad("2026-11-20T09:15:00+01:");
    parse_bad("2026-11-20T09:15:00-05:");
}

static void roundtrip(int64_t t, const char *iso)
{
    char buf[32];
    time_format_iso(t, buf, sizeof(buf));
    assert_string_equal(buf, iso);
    assert_int_equal(parse_ok(buf), t);
}

static void test_time_roundtrip(void **state)
{
    (void)state;
    roundtrip(0, "1970-01-01T00:00:00Z");
    roundtrip(-1, "1969-12-31T23:59:59Z");
    roundtrip(-86400, "1969-12-31T00:00:00Z");
    roundtrip(-86401, "1969-12-30T23:59:59Z");
    roundtrip(-2208988800LL, "1900-01-01T00:00:00Z");
    roundtrip(-62135596800LL, "0001-01-01T00:00:00Z");
    roundtrip(1795162500, "2026-11-20T08:15:00Z");
    roundtrip(1709164800, "2024-02-29T00:00:00Z");
    roundtrip(951825600, "2000-02-29T12:00:00Z");
    roundtrip(253402300799LL, "9999-12-31T23:59:59Z");
    /* beyond 2038 (32-bit time_t) */
    roundtrip(4102444800LL, "2100-01-01T00:00:00Z");
    /* beyond the four-digit years, and a buffer too small: as printf does */
    char wide[32], small[10];
    time_format_iso(253402300800LL, wide, sizeof(wide));
    assert_string_equal(wide, "10000-01-01T00:00:00Z");
    time_format_iso(-62135596801LL, wide, sizeof(wide));
    assert_string_equal(wide, "0000-12-31T23:59:59Z");
    time_format_iso(0, small, sizeof(small));
    assert_string_equal(small, "1970-01-0");
    /* every second of a day around midnight on both sides of the epoch */
    for (int64_t t = -90000; t <= 90000; t += 599) {
        char buf[32];
        time_format_iso(t, buf, sizeof(buf));
        assert_int_equal(parse_ok(buf), t);
    }
    /* a stride through four centuries, through leap days and 1900/2100 */
    for (int64_t t = -2300000000LL; t < 4200000000LL; t += 8640013) {
        char buf[32];
        time_format_iso(t, buf, sizeof(buf));
        assert_int_equal(strlen(buf), 20);
        assert_int_equal(parse_ok(buf), t);
    }
}

static void test_days_from_civil(void **state)
{
    (void)state;
    assert_int_equal(days_from_civil(1970, 1, 1), 0);
    assert_int_equal(days_from_civil(1969, 12, 31), -1);
    assert_int_equal(days_from_civil(2026, 11, 20), 1795162500 / 86400);
    assert_int_equal(days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28), 2);
    assert_int_equal(days_from_civil(2026, 3, 1) - days_from_civil(2026, 2, 28), 1);
}

/* ---- read_file --------------------------------------------------------- */

struct tmpdir {
    char path[64];
};

static void tmp_make(struct tmpdir *d)
{
    snprintf(d->path, sizeof(d->path), "/tmp/enrolldoc-test-util-XXXXXX");
    if (!mkdtemp(d->path))
        fail_msg("mkdtemp failed");
}

static void tmp_file(const struct tmpdir *d, const char *name, const void *data, size_t len,
                     char *out, size_t size)
{
    snprintf(out, size, "%s/%s", d->path, name);
    FILE *fp = fopen(out, "wb");
    assert_non_null(fp);
    if (len)
        assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static void test_read_missing(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    char *buf = (char *)0x1;
    size_t len = 777;
    const char *path = "/nonexistent/enrolldoc/no-such-file.json";
    assert_int_equal(read_file(path, &buf, &len, &e), -1);
    assert_string_equal(e.key, "error.file.read");
    assert_non_null(err_get(&e, "file"));
    assert_string_equal(err_get(&e, "file"), path);
    assert_non_null(err_get(&e, "reason"));
    assert_true(strlen(err_get(&e, "reason")) > 0);
    assert_ptr_equal(buf, (char *)0x1); /* untouched */
    assert_int_equal(len, 777);
}

static void test_read_empty_and_content(void **state)
{
    (void)state;
    struct tmpdir d;
    tmp_make(&d);
    char p1[128], p2[128], p3[128];
    tmp_file(&d, "empty", "", 0, p1, sizeof(p1));
    static const char content[] = "a\0b\nc"; /* NUL inside is kept and counted */
    tmp_file(&d, "content", content, sizeof(content) - 1, p2, sizeof(p2));

    struct err e;
    err_clear(&e);
    char *buf = NULL;
    size_t len = 99;
    assert_int_equal(read_file(p1, &buf, &len, &e), 0);
    assert_non_null(buf);
    assert_int_equal(len, 0);
    assert_int_equal(buf[0], '\0');
    free(buf);

    buf = NULL;
    assert_int_equal(read_file(p2, &buf, &len, &e), 0);
    assert_int_equal(len, 5);
    assert_memory_equal(buf, content, 5);
    assert_int_equal(buf[5], '\0');
    free(buf);

    /* larger than the first buffer (64 KiB): grows and keeps every byte */
    size_t big = 300 * 1024 + 17;
    unsigned char *data = malloc(big);
    assert_non_null(data);
    for (size_t i = 0; i < big; i++)
        data[i] = (unsigned char)(i * 131u + 7u);
    tmp_file(&d, "big", data, big, p3, sizeof(p3));
    buf = NULL;
    assert_int_equal(read_file(p3, &buf, &len, &e), 0);
    assert_int_equal(len, big);
    assert_memory_equal(buf, data, big);
    assert_int_equal(buf[big], '\0');
    free(buf);
    free(data);

    unlink(p1);
    unlink(p2);
    unlink(p3);
    rmdir(d.path);
}

/* Reading in pieces: every byte in order, 0 at the end; standard input, an
 * empty file and a folder are left to read_file(); a missing file is the
 * same error; a file that grows while it is read is refused. */
static void test_file_pieces(void **state)
{
    (void)state;
    struct tmpdir d;
    tmp_make(&d);
    struct err e;
    err_clear(&e);
    struct file_pieces fp;
    assert_int_equal(file_pieces_open(&fp, "-", &e), 0);
    /* a folder is refused at once, as read_file() refuses it */
    assert_int_equal(file_pieces_open(&fp, d.path, &e), -1);
    assert_string_equal(err_get(&e, "reason"), "@error.reason.is-dir");
    char p1[128], p2[128];
    tmp_file(&d, "empty", "", 0, p1, sizeof(p1));
    assert_int_equal(file_pieces_open(&fp, p1, &e), 0);
    assert_int_equal(file_pieces_open(&fp, "/nonexistent/enrolldoc/x.csv", &e), -1);
    assert_string_equal(e.key, "error.file.read");
    assert_string_equal(err_get(&e, "reason"), "@error.reason.not-found");

    size_t big = 100 * 1024 + 5;
    unsigned char *data = malloc(big), *back = malloc(big + 10);
    assert_non_null(data);
    assert_non_null(back);
    for (size_t i = 0; i < big; i++)
        data[i] = (unsigned char)(i * 7u + 1u);
    tmp_file(&d, "data", data, big, p2, sizeof(p2));
    assert_int_equal(file_pieces_open(&fp, p2, &e), 1);
    assert_int_equal(fp.size, big);
    size_t got = 0;
    for (;;) {
        long n = file_pieces_read(&fp, back + got, 4096, &e);
        assert_true(n >= 0);
        if (n == 0)
            break;
        got += (size_t)n;
    }
    assert_int_equal(got, big);
    assert_memory_equal(back, data, big);
    file_pieces_close(&fp);

    /* it grows after it was opened */
    assert_int_equal(file_pieces_open(&fp, p2, &e), 1);
    FILE *app = fopen(p2, "ab");
    assert_non_null(app);
    assert_int_equal(fwrite("more", 1, 4, app), 4);
    assert_int_equal(fclose(app), 0);
    long n = 0;
    got = 0;
    while ((n = file_pieces_read(&fp, back, big + 10 > 65536 ? 65536 : big + 10, &e)) > 0)
        got += (size_t)n;
    assert_int_equal(n, -1);
    assert_string_equal(e.key, "error.file.changed");
    assert_string_equal(err_get(&e, "file"), p2);
    file_pieces_close(&fp);

    free(data);
    free(back);
    unlink(p1);
    unlink(p2);
    rmdir(d.path);
}

static void test_read_directory(void **state)
{
    (void)state;
    struct tmpdir d;
    tmp_make(&d);
    struct err e;
    err_clear(&e);
    char *buf = NULL;
    size_t len = 0;
    assert_int_equal(read_file(d.path, &buf, &len, &e), -1);
    assert_string_equal(e.key, "error.file.read");
    assert_non_null(err_get(&e, "file"));
    assert_string_equal(err_get(&e, "file"), d.path);
    assert_non_null(err_get(&e, "reason"));
    /* the reason says it is a folder (not "out of memory": a folder's
     * size as ftell reports it must not be taken for a file size) */
    assert_string_equal(err_get(&e, "reason"), "@error.reason.is-dir");
    assert_null(buf);
    rmdir(d.path);
}

/* ---- text_line_col ----------------------------------------------------- */

static void lc(const char *text, size_t off, size_t line, size_t col)
{
    size_t l = 0, c = 0;
    text_line_col(text, off, &l, &c);
    if (l != line || c != col)
        fail_msg("offset %zu: got %zu:%zu, want %zu:%zu", off, l, c, line, col);
}

/* Only regular files are inputs: a FIFO without a writer, a device and a
 * socket are refused at once (no waiting, no endless reading), and so is a
 * file over INPUT_MAX, from its size alone. A link counts as what it names. */
static void test_read_not_a_file(void **state)
{
    (void)state;
    struct tmpdir d;
    tmp_make(&d);
    struct err e;
    char *buf = NULL;
    size_t len = 0;
    char fifo[128], sparse[128], link[128];
    snprintf(fifo, sizeof(fifo), "%s/fifo", d.path);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    err_clear(&e);
    assert_int_equal(read_file(fifo, &buf, &len, &e), -1);
    assert_string_equal(err_get(&e, "reason"), "@error.reason.fifo");
    assert_string_equal(err_get(&e, "file"), fifo);
    struct file_pieces fp;
    assert_int_equal(file_pieces_open(&fp, fifo, &e), -1);
    assert_string_equal(err_get(&e, "reason"), "@error.reason.fifo");
    assert_true(file_exists(fifo));

    err_clear(&e);
    assert_int_equal(read_file("/dev/zero", &buf, &len, &e), -1);
    assert_string_equal(err_get(&e, "reason"), "@error.reason.device");

    /* a sparse file of INPUT_MAX + 1 bytes: refused without reading it */
    tmp_file(&d, "sparse", "", 0, sparse, sizeof(sparse));
    assert_int_equal(truncate(sparse, (off_t)(INPUT_MAX + 1)), 0);
    err_clear(&e);
    assert_int_equal(read_file(sparse, &buf, &len, &e), -1);
    assert_string_equal(err_get(&e, "reason"), "@error.reason.too-large");
    assert_int_equal(file_pieces_open(&fp, sparse, &e), -1);
    assert_string_equal(err_get(&e, "reason"), "@error.reason.too-large");

    /* a link to a FIFO is a FIFO; a link to a file is read */
    snprintf(link, sizeof(link), "%s/link", d.path);
    assert_int_equal(symlink(fifo, link), 0);
    assert_int_equal(read_file(link, &buf, &len, &e), -1);
    assert_string_equal(err_get(&e, "reason"), "@error.reason.fifo");
    assert_null(buf);
    unlink(link);
    assert_int_equal(truncate(sparse, 3), 0);
    assert_int_equal(symlink(sparse, link), 0);
    assert_int_equal(read_file(link, &buf, &len, &e), 0);
    assert_int_equal(len, 3);
    free(buf);
    assert_false(file_exists("/nonexistent/enrolldoc/x"));
    unlink(link);
    unlink(sparse);
    unlink(fifo);
    rmdir(d.path);
}

/* New files: never over an existing name, never through a link, mode 0600;
 * the unique form counts up before the extension; a failed write leaves
 * nothing behind. */
static void test_create(void **state)
{
    (void)state;
    struct tmpdir d;
    tmp_make(&d);
    struct err e;
    char path[128], link[128], target[128];
    snprintf(path, sizeof(path), "%s/report.md", d.path);
    err_clear(&e);
    FILE *fp = file_create(path, "error.report.write", &e);
    assert_non_null(fp);
    fputs("one", fp);
    assert_int_equal(file_close_created(fp, path, 0, true), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, 3);

    /* the same name again: refused, the old file untouched */
    assert_null(file_create(path, "error.report.write", &e));
    assert_string_equal(e.key, "error.report.write");
    assert_string_equal(err_get(&e, "reason"), "@error.reason.exists");
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 3);

    /* a link, dangling or not, is never written through */
    snprintf(link, sizeof(link), "%s/link.md", d.path);
    snprintf(target, sizeof(target), "%s/target", d.path);
    assert_int_equal(symlink(target, link), 0);
    assert_null(file_create(link, "error.report.write", &e));
    assert_string_equal(err_get(&e, "reason"), "@error.reason.exists");
    assert_int_equal(stat(target, &st), -1);
    char buf[160];
    snprintf(buf, sizeof(buf), "%s", link);
    fp = file_create_unique(buf, sizeof(buf), "error.report.write", &e);
    assert_non_null(fp);
    char want[160];
    snprintf(want, sizeof(want), "%s/link-2.md", d.path);
    assert_string_equal(buf, want);
    assert_int_equal(file_close_created(fp, buf, 0, false), 0);
    snprintf(buf, sizeof(buf), "%s", path);
    fp = file_create_unique(buf, sizeof(buf), "error.report.write", &e);
    assert_non_null(fp);
    snprintf(want, sizeof(want), "%s/report-2.md", d.path);
    assert_string_equal(buf, want);
    /* the writer failed: the file it created goes, nothing else */
    fputs("half", fp);
    assert_int_equal(file_close_created(fp, buf, -1, false), -1);
    assert_int_equal(stat(buf, &st), -1);
    assert_int_equal(stat(path, &st), 0);

    unlink(link);
    unlink(path);
    snprintf(buf, sizeof(buf), "%s/link-2.md", d.path);
    unlink(buf);
    rmdir(d.path);
}

static void test_line_col(void **state)
{
    (void)state;
    const char *t = "ab\ncd\n\nxyz";
    lc(t, 0, 1, 1);
    lc(t, 1, 1, 2);
    lc(t, 2, 1, 3);  /* the newline itself is on line 1 */
    lc(t, 3, 2, 1);
    lc(t, 4, 2, 2);
    lc(t, 6, 3, 1);
    lc(t, 7, 4, 1);
    lc(t, 9, 4, 3);
    lc(t, 10, 4, 4); /* the end */
    lc(t, 1000, 4, 4); /* beyond the end stops at the NUL */
    lc("", 0, 1, 1);
    /* columns count characters, not bytes: an umlaut is one */
    lc("\xC3\xA4x", 2, 1, 2);
    lc("\xC3\xA4x", 3, 1, 3);
    lc("a\xE2\x82\xAC\xF0\x9F\x94\x91" "b", 8, 1, 4);
    lc("\xC3\xA4\n\xC3\xB6x", 5, 2, 2);
    /* a byte that is no character's continuation counts as one */
    lc("\xFF\xFEx", 2, 1, 3);
    /* CR is a byte like any other */
    lc("a\r\nb", 3, 2, 1);
}

static void test_sid_string(void **state)
{
    (void)state;
    assert_true(sid_string_valid("S-1-5-21-1004336348-1177238915-682003330-1104"));
    assert_true(sid_string_valid("S-1-1-0"));
    assert_true(sid_string_valid("s-1-5-18"));
    /* an authority of 2^32 or more, as Windows writes it */
    assert_true(sid_string_valid("S-1-0x0000FFFFFFFF-1"));
    assert_false(sid_string_valid("S-1-0xFFFF-1"));
    assert_false(sid_string_valid("S-1-5-0x12"));
    assert_false(sid_string_valid("S-1"));
    assert_false(sid_string_valid("S-2-5-18"));
    assert_false(sid_string_valid("S-1-5-"));
    assert_false(sid_string_valid("S-1-5-21-000000000000000000000682003330"));
    assert_false(sid_string_valid("S-1-5-18 "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_casecmp),
        cmocka_unit_test(test_ncasecmp),
        cmocka_unit_test(test_startswith_ci),
        cmocka_unit_test(test_time_zones),
        cmocka_unit_test(test_time_forms),
        cmocka_unit_test(test_time_rejects),
        cmocka_unit_test(test_time_rejects_dangling_colon),
        cmocka_unit_test(test_time_roundtrip),
        cmocka_unit_test(test_days_from_civil),
        cmocka_unit_test(test_read_missing),
        cmocka_unit_test(test_read_empty_and_content),
        cmocka_unit_test(test_read_directory),
        cmocka_unit_test(test_file_pieces),
        cmocka_unit_test(test_read_not_a_file),
        cmocka_unit_test(test_create),
        cmocka_unit_test(test_line_col),
        cmocka_unit_test(test_sid_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
