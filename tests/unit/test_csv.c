/* test_csv.c: comma-separated records (src/csv.c): quoting, line breaks
 * inside quotes, blanks, the errors and the line count. */
#include "testutil.h"

#include "csv.h"

struct rec {
    int rc;
    size_t n;
    char f[6][32];
    bool blank;
};

static struct rec next(struct csv *c)
{
    struct rec r;
    memset(&r, 0, sizeof(r));
    struct csv_field fields[6];
    r.rc = csv_record(c, fields, 6, &r.n, &r.blank);
    for (size_t i = 0; r.rc == REC_OK && i < r.n && i < 6; i++)
        snprintf(r.f[i], sizeof(r.f[i]), "%s", fields[i].s);
    return r;
}

static void records(void **state)
{
    (void)state;
    char text[] = "\"Group Name\",\"Type\",\"SID\",\"Attributes\"\r\n"
                  "\"CORP\\\\PKI \"\"Users\"\"\",Group, \"S-1-5-21-1-2-3-1104\" ,\"a\r\nb\"\r\n"
                  "\r\n"
                  "last,,x";
    struct csv c = {text, text + sizeof(text) - 1, 1};
    assert_int_equal(csv_record_fields(c.p, c.end), 4);
    struct rec r = next(&c);
    assert_int_equal(r.rc, REC_OK);
    assert_int_equal(r.n, 4);
    assert_string_equal(r.f[0], "Group Name");
    assert_string_equal(r.f[3], "Attributes");
    assert_int_equal(c.line, 2);
    r = next(&c);
    assert_int_equal(r.rc, REC_OK);
    assert_int_equal(r.n, 4);
    assert_string_equal(r.f[0], "CORP\\\\PKI \"Users\"");
    assert_string_equal(r.f[1], "Group");
    assert_string_equal(r.f[2], "S-1-5-21-1-2-3-1104");
    assert_string_equal(r.f[3], "a\r\nb");
    assert_int_equal(c.line, 4);
    r = next(&c);
    assert_int_equal(r.rc, REC_OK);
    assert_true(r.blank);
    r = next(&c);
    assert_int_equal(r.rc, REC_OK);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.f[1], "");
    assert_string_equal(r.f[2], "x");
    assert_int_equal(next(&c).rc, REC_END);
}

static void broken(void **state)
{
    (void)state;
    char unclosed[] = "a,\"never closed\nstill";
    struct csv c = {unclosed, unclosed + sizeof(unclosed) - 1, 1};
    assert_int_equal(next(&c).rc, REC_UNCLOSED);
    char after[] = "\"x\"y,z";
    struct csv d = {after, after + sizeof(after) - 1, 1};
    assert_int_equal(next(&d).rc, REC_AFTER_QUOTE);
}

static void trimmed(void **state)
{
    (void)state;
    char s[] = "  \t value \t ";
    struct csv_field f = {s, strlen(s)};
    assert_string_equal(csv_trim(&f), "value");
    assert_int_equal(f.n, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(records),
        cmocka_unit_test(broken),
        cmocka_unit_test(trimmed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
