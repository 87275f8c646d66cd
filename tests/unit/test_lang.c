#define _POSIX_C_SOURCE 200809L
/* test_lang.c: the catalogs — complete in both languages for every
 * finding, check, action, code and message, with matching placeholders —
 * and the lookup, fill and language choice. */
#include "testutil.h"

#include <ctype.h>
#include <dirent.h>

#include <cJSON.h>

#include "actions.h"
#include "check.h"
#include "codes.h"
#include "probe.h"

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
    /* the progress line names every group the walk probes */
    for (int g = 0; g < PROBE_COUNT; g++) {
        snprintf(key, sizeof(key), "probe.%s", probe_group_name((enum probe_group)g));
        need(key);
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

/* ---------- the glossary (locale/glossary.json) ---------- */

/* Part of a word: letters, digits, - _ \ and every byte of a non-ASCII
 * character, so that commands, paths and compounds count as one word. */
static bool word_byte(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '_' || c == '\\' || c >= 0x80;
}

/* Does PAT occur in TEXT, as glossary.json's _comment defines it: anywhere,
 * its first letter of either case, the rest exactly; a leading < anchors it
 * at a word start, a trailing > at a word end. */
static bool glossary_match(const char *pat, const char *text)
{
    bool at_start = pat[0] == '<';
    if (at_start)
        pat++;
    size_t n = strlen(pat);
    bool at_end = n > 0 && pat[n - 1] == '>';
    if (at_end)
        n--;
    if (n == 0)
        return false;
    unsigned char first = (unsigned char)pat[0];
    for (const char *s = text; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c != first && !(first < 0x80 && isalpha(first) && tolower(c) == tolower(first)))
            continue;
        if (strncmp(s + 1, pat + 1, n - 1) != 0)
            continue;
        if (at_start && s > text && word_byte((unsigned char)s[-1]))
            continue;
        if (at_end && word_byte((unsigned char)s[n]))
            continue;
        return true;
    }
    return false;
}

/* The first pattern of the array ITEM PATS that occurs in TEXT, or NULL. */
static const char *glossary_any(const cJSON *pats, const char *text)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, pats)
        if (cJSON_IsString(p) && glossary_match(p->valuestring, text))
            return p->valuestring;
    return NULL;
}

static cJSON *glossary_load(void)
{
    char *text = tu_read(SOURCE_DIR "/locale/glossary.json", NULL);
    cJSON *g = cJSON_Parse(text);
    free(text);
    assert_non_null(g);
    const cJSON *concepts = cJSON_GetObjectItemCaseSensitive(g, "concepts");
    assert_true(cJSON_IsArray(concepts));
    const cJSON *c;
    cJSON_ArrayForEach(c, concepts) {
        assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "id")));
        assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "de")));
        assert_true(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(c, "de_forms")));
        assert_true(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(c, "forbidden")));
    }
    return g;
}

/* TEXT as the glossary holds it: for a .source message (KEY), whatever it
 * quotes from the source documents in „…“ blanked out. The caller frees. */
static char *glossary_text(const char *key, const char *text)
{
    char *t = strdup(text);
    assert_non_null(t);
    size_t kn = strlen(key);
    if (kn < 7 || strcmp(key + kn - 7, ".source") != 0)
        return t;
    for (char *open = strstr(t, "\xE2\x80\x9E"); open; open = strstr(open, "\xE2\x80\x9E")) {
        char *close = strstr(open, "\xE2\x80\x9C");
        if (!close)
            break;
        memset(open, ' ', (size_t)(close + 3 - open));
        open = close + 3;
    }
    return t;
}

/* Reports every forbidden variant in German TEXT (from WHERE, KEY); returns
 * how many. */
static int glossary_forbidden(const cJSON *g, const char *where, const char *key, const char *text)
{
    int bad = 0;
    char *t = glossary_text(key, text);
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(g, "concepts")) {
        const cJSON *p;
        cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(c, "forbidden")) {
            if (!glossary_match(p->valuestring, t))
                continue;
            print_error("%s: %s: \"%s\" is not a German term of enrolldoc; write \"%s\" (%s)\n",
                        where, key, p->valuestring,
                        cJSON_GetObjectItemCaseSensitive(c, "de")->valuestring,
                        cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring);
            bad++;
        }
    }
    free(t);
    return bad;
}

/* No German message uses a variant the glossary forbids. */
static void german_catalog_keeps_to_the_glossary(void **state)
{
    (void)state;
    cJSON *g = glossary_load();
    int bad = 0;
    for (size_t i = 0; i < catalog_count(L.cat[LANG_DE]); i++) {
        const char *k = catalog_key(L.cat[LANG_DE], i);
        bad += glossary_forbidden(g, "de.json", k, catalog_get(L.cat[LANG_DE], k));
    }
    cJSON_Delete(g);
    if (bad)
        fail_msg("%d forbidden German variants in de.json", bad);
}

/* Where an English message names a concept, its German message names it
 * with the glossary's German term. */
static void catalogs_name_concepts_alike(void **state)
{
    (void)state;
    cJSON *g = glossary_load();
    int bad = 0;
    for (size_t i = 0; i < catalog_count(L.cat[LANG_EN]); i++) {
        const char *k = catalog_key(L.cat[LANG_EN], i);
        const char *en = catalog_get(L.cat[LANG_EN], k);
        const char *de = catalog_get(L.cat[LANG_DE], k);
        if (!de)
            continue;   /* catalogs_pair_up's business */
        const cJSON *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(g, "concepts")) {
            const char *term = glossary_any(cJSON_GetObjectItemCaseSensitive(c, "en"), en);
            if (!term || glossary_any(cJSON_GetObjectItemCaseSensitive(c, "de_forms"), de))
                continue;
            print_error("%s: en.json says \"%s\", de.json does not say \"%s\" (%s)\n", k, term,
                        cJSON_GetObjectItemCaseSensitive(c, "de")->valuestring,
                        cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring);
            bad++;
        }
    }
    cJSON_Delete(g);
    if (bad)
        fail_msg("%d messages whose German text misses the glossary's term", bad);
}

/* Scenario FILE's German title and story (meta.title.de,
 * meta.description.de) keep to the glossary; returns the count of
 * offences. */
static int scenario_keeps_to_glossary(const cJSON *g, const char *file)
{
    char *text = tu_read(file, NULL);
    cJSON *s = cJSON_Parse(text);
    free(text);
    if (!s)
        fail_msg("%s: not JSON", file);
    int bad = 0;
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(s, "meta");
    const char *parts[] = {"title", "description"};
    for (size_t i = 0; i < 2; i++) {
        const cJSON *de = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(meta, parts[i]), "de");
        if (cJSON_IsString(de))
            bad += glossary_forbidden(g, file, parts[i], de->valuestring);
    }
    cJSON_Delete(s);
    return bad;
}

static void scenarios_keep_to_the_glossary(void **state)
{
    (void)state;
    cJSON *g = glossary_load();
    int bad = scenario_keeps_to_glossary(g, SOURCE_DIR "/checks/demo.json");
    DIR *d = opendir(SOURCE_DIR "/checks/training");
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof(path), SOURCE_DIR "/checks/training/%s", e->d_name);
        bad += scenario_keeps_to_glossary(g, path);
        n++;
    }
    closedir(d);
    cJSON_Delete(g);
    assert_true(n > 10);
    if (bad)
        fail_msg("%d forbidden German variants in the scenarios", bad);
}

/* The matching rules themselves. */
static void glossary_patterns(void **state)
{
    (void)state;
    assert_true(glossary_match("verlänger", "Die Verlängerung"));
    assert_true(glossary_match("erneuer", "die Zertifikaterneuerung"));
    assert_true(glossary_match("autoenrollment", "Autoenrollment läuft"));
    assert_false(glossary_match("autoenrollment", "Cryptography\\AutoEnrollment /v AEPolicy"));
    assert_true(glossary_match("<die GPO>", "Die GPO greift"));
    assert_false(glossary_match("<die GPO>", "die GPOs"));
    assert_false(glossary_match("<die GPO>", "die GPO-Verknüpfung"));
    assert_false(glossary_match("<die GPO>", "andie GPO"));
    assert_true(glossary_match("<Enroll>", "Rechte: Enroll, AutoEnroll"));
    assert_false(glossary_match("<Enroll>", "certutil -setreg Enroll\\LogLevel 4"));
    assert_false(glossary_match("<Enroll>", "certreq -q -enroll"));
    char *t = glossary_text("finding.x.source", "Abschnitt „Ist Autoenrollment aktiv?“ → Autoenrollment");
    assert_null(strstr(t, "Ist"));
    assert_non_null(strstr(t, "Abschnitt "));
    assert_non_null(strstr(t, " → Autoenrollment"));
    free(t);
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
        cmocka_unit_test(glossary_patterns),
        cmocka_unit_test(german_catalog_keeps_to_the_glossary),
        cmocka_unit_test(catalogs_name_concepts_alike),
        cmocka_unit_test(scenarios_keep_to_the_glossary),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
