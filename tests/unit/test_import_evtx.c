/* test_import_evtx.c: .evtx files (src/import_evtx.h): a real Application
 * log written by Windows (tests/data/evtx/, foreign providers only), the
 * scenario made from the documented format (tests/tools/make_evtx.py) read
 * to the same events as its CSV, the header checks and damaged files with
 * their byte offsets. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include "events_import.h"
#include "evlog.h"
#include "import_evtx.h"
#include "import_formats.h"

#define INPUTS TESTS_DIR "/inputs/events/"
#define REAL TESTS_DIR "/data/evtx/Application_no_crc32.evtx"
#define SCENARIO INPUTS "evtx-scenario.evtx"

static char *slurp(const char *path, size_t *n)
{
    char *text;
    struct err e;
    if (read_file(path, &text, n, &e) != 0)
        fail_msg("cannot read %s: %s", path, e.key);
    return text;
}

static void test_real_log(void **state)
{
    (void)state;
    struct facts *f = NULL;
    struct events_info info;
    struct err e;
    assert_int_equal(events_import_file(REAL, LANG_EN, &f, &info, &e), 0);
    assert_int_equal(info.source, EVSRC_EVTX);
    assert_true(info.zoned);
    assert_int_equal(f->events.st, F_SET);
    assert_int_equal(f->events.n, 0);   /* none of the certificate services' providers */
    facts_free(f);
}

static void test_scenario_like_csv(void **state)
{
    (void)state;
    struct facts *x = NULL, *c = NULL;
    struct events_info info;
    struct err e;
    assert_int_equal(events_import_file(SCENARIO, LANG_EN, &x, &info, &e), 0);
    assert_int_equal(events_import_file(INPUTS "evtx-scenario.csv", LANG_EN, &c, &info, &e), 0);
    assert_int_equal(x->events.n, 13);
    assert_int_equal(x->events.n, c->events.n);
    for (size_t i = 0; i < x->events.n; i++) {
        const struct event *a = &x->events.v[i], *b = &c->events.v[i];
        assert_string_equal(a->provider.v, b->provider.v);
        assert_int_equal(a->id.v, b->id.v);
        assert_int_equal(a->level, b->level);
        assert_int_equal(a->time.v, b->time.v);
        assert_int_equal(a->sid.st, F_SET);
        assert_int_equal(a->order, i);
    }
    const struct event *first = &x->events.v[0];
    assert_string_equal(first->provider.v, EVLOG_PROVIDER_AUTOENROLLMENT);
    assert_string_equal(first->sid.v, "S-1-5-18");
    assert_string_equal(first->message.v, "Context: local system");
    /* the account of each run from its event 2's first data value */
    assert_string_equal(x->identity[CTX_MACHINE].name.v, "local system");
    assert_string_equal(x->identity[CTX_USER].name.v, "CONTOSO\\alice");
    /* the error's code is in the message built from the data */
    const struct event *err6 = &x->events.v[12];
    assert_int_equal(err6->id.v, 6);
    assert_int_equal(err6->level, EV_ERROR);
    assert_non_null(strstr(err6->message.v, "0x800706ba"));
    facts_free(x);
    facts_free(c);
}

static void test_bytes_like_file(void **state)
{
    (void)state;
    size_t n;
    char *raw = slurp(SCENARIO, &n);
    struct import_file in = {"scenario.evtx", (const unsigned char *)raw, n, NULL, 0, LANG_EN};
    struct facts *f = NULL;
    struct err e;
    assert_int_equal(import_read_evtx(&in, &f, &e), 0);
    assert_int_equal(f->events.n, 13);
    facts_free(f);
    struct events_info info;
    assert_int_equal(events_import_text("-", raw, n, LANG_EN, &f, &info, &e), 0);
    assert_int_equal(info.source, EVSRC_EVTX);
    assert_int_equal(f->events.n, 13);
    facts_free(f);
    free(raw);
}

/* Reads RAW[0..N) expecting a damaged file at OFFSET. */
static void expect_damage(const char *raw, size_t n, unsigned long long offset)
{
    struct facts *f = NULL;
    struct events_info info;
    struct err e;
    assert_int_equal(events_import_text("bad.evtx", raw, n, LANG_EN, &f, &info, &e), -1);
    assert_string_equal(e.key, "error.events.evtx");
    assert_string_equal(err_get(&e, "file"), "bad.evtx");
    char want[32];
    snprintf(want, sizeof(want), "%llu", offset);
    assert_string_equal(err_get(&e, "offset"), want);
}

static void test_damaged(void **state)
{
    (void)state;
    size_t n;
    char *raw = slurp(SCENARIO, &n);
    expect_damage(raw, 100, 100);          /* the header cut short */
    expect_damage(raw, 5000, 5000);        /* the chunk cut short */
    char *bad = malloc(n);
    assert_non_null(bad);
    memcpy(bad, raw, n);
    bad[32] = 1;                           /* header size */
    expect_damage(bad, n, 32);
    memcpy(bad, raw, n);
    bad[38] = 2;                           /* major version */
    expect_damage(bad, n, 38);
    memcpy(bad, raw, n);
    memcpy(bad + 4096, "ElfJunk", 7);      /* the chunk's signature */
    expect_damage(bad, n, 4096);
    memcpy(bad, raw, n);
    memset(bad + 4096 + 512 + 40, 0xEE, 600);   /* inside the first record */
    struct facts *f = NULL;
    struct events_info info;
    struct err e;
    int rc = events_import_text("bad.evtx", bad, n, LANG_EN, &f, &info, &e);
    if (rc == 0)
        facts_free(f);   /* libevtx may recover or skip what it cannot read: never a crash */
    else
        assert_string_equal(e.key, "error.events.evtx");
    free(bad);
    free(raw);
}

static void test_magic(void **state)
{
    (void)state;
    assert_true(evtx_magic((const unsigned char *)"ElfFile\0xyz", 11));
    assert_false(evtx_magic((const unsigned char *)"ElfFile", 7));
    assert_false(evtx_magic((const unsigned char *)"ElfChnk\0", 8));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_log),
        cmocka_unit_test(test_scenario_like_csv),
        cmocka_unit_test(test_bytes_like_file),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_magic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
