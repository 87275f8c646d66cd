#define _POSIX_C_SOURCE 200809L
/* test_lang.c: the catalogs — complete in both languages for every
 * finding, check, action, code and message, with matching placeholders —
 * and the lookup, fill and language choice. */
#include "testutil.h"

#include "actions.h"
#include "check.h"
#include "codes.h"

static struct locale L;

static int setup(void **state)
{
    (void)state;
    struct err e;
    return locale_load(&L, NULL, &e);
}

static int teardown(void **state)
{
    (void)state;
    locale_free(&L);
    return 0;
}

static void need(const char *key)
{
    for (int i = 0; i < LANG_COUNT; i++)
        if (!catalog_get(L.cat[i], key))
            fail_msg("%s is missing in %s", key, lang_code((enum lang)i));
    /* and it is not left empty or untranslated */
    const char *en = catalog_get(L.cat[LANG_EN], key);
    assert_true(strlen(en) > 0);
}

static void catalogs_pair_up(void **state)
{
    (void)state;
    struct err e;
    assert_int_equal(locale_check_pair(L.cat[LANG_DE], L.cat[LANG_EN], "de.json", "en.json", &e), 0);
    assert_int_equal(catalog_count(L.cat[LANG_DE]), catalog_count(L.cat[LANG_EN]));
    assert_true(catalog_count(L.cat[LANG_EN]) > 300);
}

static void every_finding_check_action_has_text(void **state)
{
    (void)state;
    char key[160];
    size_t n;
    const struct check *const *all = check_all(&n);
    for (size_t i = 0; i < n; i++) {
        const char *cparts[] = {"title", "why", "ok", "unknown"};
        for (size_t p = 0; p < 4; p++) {
            snprintf(key, sizeof(key), "check.%s.%s", all[i]->id, cparts[p]);
            need(key);
        }
        for (size_t j = 0; j < all[i]->ndefs; j++) {
            const char *fparts[] = {"title", "meaning", "todo", "source"};
            for (size_t p = 0; p < 4; p++) {
                snprintf(key, sizeof(key), "finding.%s.%s", all[i]->defs[j].id, fparts[p]);
                need(key);
            }
            for (size_t a = 0; a < FINDING_MAX_ACTIONS && all[i]->defs[j].actions[a]; a++)
                assert_non_null(action_find(all[i]->defs[j].actions[a]));
        }
    }
    const struct action_def *acts = action_all(&n);
    for (size_t i = 0; i < n; i++) {
        const char *parts[] = {"title", "effect", "undo"};
        for (size_t p = 0; p < 3; p++) {
            snprintf(key, sizeof(key), "action.%s.%s", acts[i].id, parts[p]);
            need(key);
        }
    }
    const char *fixed[] = {"severity.error", "severity.warning", "severity.info", "status.ok",
                           "status.warn", "status.fail", "status.unknown", "status.question",
                           "status.skipped", "context.user", "context.machine", "context.none",
                           "help.text"};
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        need(fixed[i]);
}

static void codes_named_by_documents_have_meanings(void **state)
{
    (void)state;
    const char *syms[] = {"RPC_S_SERVER_UNAVAILABLE", "CERTSRV_E_UNSUPPORTED_CERT_TYPE",
                          "CERTSRV_E_TEMPLATE_DENIED", "CERTSRV_E_SUBJECT_EMAIL_REQUIRED",
                          "CERT_E_INVALID_POLICY", "WS_E_ENDPOINT_FAULT_RECEIVED",
                          "WS_E_ENDPOINT_FAILURE", "NTE_DEVICE_NOT_READY",
                          "SCHED_S_TASK_HAS_NOT_RUN"};
    char key[160];
    for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
        assert_non_null(code_lookup_symbol(syms[i]));
        snprintf(key, sizeof(key), "code.%s", syms[i]);
        need(key);
    }
}

/* Every error key the program can raise has a text: scan the sources for
 * err_set(..., "error.") and "@..." reason keys. */
static void every_error_key_has_text(void **state)
{
    (void)state;
    const char *files[] = {"src/bundle.c", "src/jsonutil.c", "src/tree.c", "src/lang.c",
                           "src/util.c", "src/cli.c", "src/sddl.c", "src/diagnose.c"};
    char key[160];
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char path[512];
        snprintf(path, sizeof(path), SOURCE_DIR "/%s", files[i]);
        char *text = tu_read(path, NULL);
        const char *prefixes[] = {"\"error.", "\"json.reason.", "\"bundle.reason.", "\"type.",
                                  "\"tree.reason.", "\"catalog.reason.", "\"sddl.reason.",
                                  "\"text."};
        for (size_t p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++) {
            for (const char *s = strstr(text, prefixes[p]); s; s = strstr(s + 1, prefixes[p])) {
                const char *end = strchr(s + 1, '"');
                if (!end || (size_t)(end - s - 1) >= sizeof(key))
                    continue;
                snprintf(key, sizeof(key), "%.*s", (int)(end - s - 1), s + 1);
                if (key[strlen(key) - 1] == '.')
                    continue; /* a prefix built at run time */
                need(key);
            }
        }
        free(text);
    }
}

static void placeholder_mismatch_is_caught(void **state)
{
    (void)state;
    const char *de = "{\"format\":\"enrolldoc-locale/1\",\"messages\":{\"a\":\"{x} und {y}\"}}";
    const char *en = "{\"format\":\"enrolldoc-locale/1\",\"messages\":{\"a\":\"{x} and {z}\"}}";
    struct err e;
    struct catalog *cd = catalog_parse("de.json", de, strlen(de), &e);
    struct catalog *ce = catalog_parse("en.json", en, strlen(en), &e);
    assert_non_null(cd);
    assert_non_null(ce);
    assert_int_equal(locale_check_pair(cd, ce, "de.json", "en.json", &e), -1);
    assert_string_equal(e.key, "error.catalog.placeholders");
    assert_string_equal(err_get(&e, "de"), "x,y");
    assert_string_equal(err_get(&e, "en"), "x,z");
    catalog_free(ce);
    /* a key in one language only */
    en = "{\"format\":\"enrolldoc-locale/1\",\"messages\":{\"a\":\"{y} and {x}\",\"b\":\"B\"}}";
    ce = catalog_parse("en.json", en, strlen(en), &e);
    assert_int_equal(locale_check_pair(cd, ce, "de.json", "en.json", &e), -1);
    assert_string_equal(e.key, "error.catalog.missing");
    assert_string_equal(err_get(&e, "key"), "b");
    catalog_free(ce);
    catalog_free(cd);
    /* literal braces (PowerShell hashtables) are not placeholders */
    de = "{\"format\":\"enrolldoc-locale/1\",\"messages\":{\"a\":\"@{Logname='x'} { }\"}}";
    en = "{\"format\":\"enrolldoc-locale/1\",\"messages\":{\"a\":\"@{Logname='y'}\"}}";
    cd = catalog_parse("de.json", de, strlen(de), &e);
    ce = catalog_parse("en.json", en, strlen(en), &e);
    assert_int_equal(locale_check_pair(cd, ce, "de.json", "en.json", &e), 0);
    catalog_free(ce);
    catalog_free(cd);
}

static void bad_catalogs(void **state)
{
    (void)state;
    struct err e;
    const char *cases[][2] = {
        {"{\"format\":\"x\",\"messages\":{}}", "@catalog.reason.format"},
        {"{\"format\":\"enrolldoc-locale/1\"}", "@catalog.reason.messages"},
        {"{\"format\":\"enrolldoc-locale/1\",\"messages\":{\"a\":1}}", "@catalog.reason.not-string"},
        {"{\"format\":\"enrolldoc-locale/1\",\"messages\":{\"a\":\"x\",\"a\":\"y\"}}",
         "@catalog.reason.duplicate"},
        {"{\"format\":\"enrolldoc-locale/1\",\"messages\":{\"\":\"x\"}}", "@catalog.reason.empty-key"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_null(catalog_parse("c.json", cases[i][0], strlen(cases[i][0]), &e));
        assert_string_equal(e.key, "error.catalog");
        assert_string_equal(err_get(&e, "reason"), cases[i][1]);
    }
    assert_null(catalog_parse("c.json", "{", 1, &e));
    assert_string_equal(e.key, "error.json.syntax");
}

static void lookup_fill_and_render(void **state)
{
    (void)state;
    struct locale l = L;
    l.lang = LANG_DE;
    assert_string_equal(tr(&l, "no.such.key"), "no.such.key");
    char buf[256];
    const char *names[] = {"a", "b"};
    const char *values[] = {"1", "zwei"};
    assert_string_equal(fill(buf, sizeof(buf), "{a}-{b}-{c}-{a}", names, values, 2),
                        "1-zwei-{c}-1");
    /* truncation keeps a terminated string */
    assert_int_equal(strlen(fill(buf, 5, "{b}{b}{b}", names, values, 2)), 4);
    struct err e;
    err_set(&e, "error.bundle.type");
    err_arg(&e, "file", "x.json");
    err_arg(&e, "path", "facts.aepolicy.user");
    err_arg(&e, "expected", "@type.integer-or-null");
    err_arg(&e, "got", "string");
    l.lang = LANG_EN;
    assert_string_equal(err_render(&l, &e, buf, sizeof(buf)),
                        "x.json: facts.aepolicy.user: expected integer or null, got string");
    l.lang = LANG_DE;
    err_render(&l, &e, buf, sizeof(buf));
    assert_non_null(strstr(buf, "ganze Zahl"));
}

static void language_choice(void **state)
{
    (void)state;
    assert_int_equal(lang_from_tag("de"), LANG_DE);
    assert_int_equal(lang_from_tag("de_DE.UTF-8"), LANG_DE);
    assert_int_equal(lang_from_tag("de-AT"), LANG_DE);
    assert_int_equal(lang_from_tag("DE"), LANG_DE);
    assert_int_equal(lang_from_tag("deu"), LANG_EN);
    assert_int_equal(lang_from_tag("en_US.UTF-8"), LANG_EN);
    assert_int_equal(lang_from_tag("C"), LANG_EN);
    assert_int_equal(lang_from_tag(""), LANG_EN);
    assert_int_equal(lang_from_tag(NULL), LANG_EN);
    setenv("LC_ALL", "", 1);
    setenv("LC_MESSAGES", "de_CH.UTF-8", 1);
    setenv("LANG", "en_US.UTF-8", 1);
    assert_int_equal(lang_from_env(), LANG_DE);
    setenv("LC_ALL", "C", 1);
    assert_int_equal(lang_from_env(), LANG_EN);
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANG", "de_DE.UTF-8", 1);
    assert_int_equal(lang_from_env(), LANG_DE);
    unsetenv("LANG");
    assert_int_equal(lang_from_env(), LANG_EN);
}

static void load_from_directory(void **state)
{
    (void)state;
    struct locale l;
    struct err e;
    assert_int_equal(locale_load(&l, SOURCE_DIR "/locale", &e), 0);
    assert_int_equal(catalog_count(l.cat[LANG_EN]), catalog_count(L.cat[LANG_EN]));
    locale_free(&l);
    assert_int_equal(locale_load(&l, "/nonexistent", &e), -1);
    assert_string_equal(e.key, "error.file.read");
}

/* Counts in words: 0, 1 and 2 in both languages. */
static void counts_in_words(void **state)
{
    (void)state;
    struct locale l = L;
    char buf[128];
    static const struct { enum lang lang; const char *key; size_t n; const char *want; } cases[] = {
        {LANG_EN, "text.count.warning", 0, "0 warnings"},
        {LANG_EN, "text.count.warning", 1, "1 warning"},
        {LANG_EN, "text.count.warning", 2, "2 warnings"},
        {LANG_EN, "text.count.error", 1, "1 error"},
        {LANG_EN, "text.count.info", 1, "1 note"},
        {LANG_DE, "text.count.warning", 0, "0 Warnungen"},
        {LANG_DE, "text.count.warning", 1, "1 Warnung"},
        {LANG_DE, "text.count.warning", 2, "2 Warnungen"},
        {LANG_DE, "text.count.error", 1, "1 Fehler"},
        {LANG_DE, "text.count.error", 2, "2 Fehler"},
        {LANG_DE, "text.count.info", 1, "1 Hinweis"},
        {LANG_DE, "text.count.info", 2, "2 Hinweise"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        l.lang = cases[i].lang;
        assert_string_equal(tr_count(&l, buf, sizeof(buf), cases[i].key, cases[i].n), cases[i].want);
    }
    /* every counted text has both forms in both catalogs */
    for (int g = 0; g < 2; g++)
        for (size_t i = 0; i < catalog_count(L.cat[g]); i++) {
            const char *k = catalog_key(L.cat[g], i);
            size_t n = strlen(k);
            if (n > 4 && strcmp(k + n - 4, ".one") == 0) {
                char other[200];
                snprintf(other, sizeof(other), "%.*s.other", (int)(n - 4), k);
                assert_non_null(catalog_get(L.cat[g], other));
            }
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(catalogs_pair_up),
        cmocka_unit_test(every_finding_check_action_has_text),
        cmocka_unit_test(codes_named_by_documents_have_meanings),
        cmocka_unit_test(every_error_key_has_text),
        cmocka_unit_test(placeholder_mismatch_is_caught),
        cmocka_unit_test(bad_catalogs),
        cmocka_unit_test(lookup_fill_and_render),
        cmocka_unit_test(language_choice),
        cmocka_unit_test(load_from_directory),
        cmocka_unit_test(counts_in_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
