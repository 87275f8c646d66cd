/* test_report.c: src/report.c: the report in Markdown, HTML and JSON.
 *
 * Golden files: tests/golden/report.<scenario>.<lang>.{md,html,json}, made
 * from the diagnosis of /work/shared/scenarios/ca-unreachable.json and
 * checks/demo.json with a fixed creation time and user. After an intended
 * change (texts, checks, layout), regenerate them with
 *   UPDATE_GOLDEN=1 ctest --test-dir BUILD -R unit.test_report
 * and look at the diff before committing.
 *
 * Also: escaping of hostile values in HTML and Markdown, action output that
 * tries to break out of its block, the JSON document, the report of a walk,
 * choosing the format by extension, and write errors. */
#define _POSIX_C_SOURCE 200809L   /* mkdtemp */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "diagnose.h"
#include "report.h"
#include "tree.h"
#include "session.h"

static struct locale L;
static struct tree *T;

/* 2026-11-20T10:00:00Z */
#define FIXED_NOW 1795168800
#define FIXED_USER "CONTOSO\\helpdesk"

static int setup(void **state)
{
    (void)state;
    struct err e;
    if (locale_load(&L, NULL, &e) != 0)
        return -1;
    T = tree_load(NULL, &L, &e);
    return T ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tree_free(T);
    locale_free(&L);
    return 0;
}

/* Renders R in FMT and language LANG into a malloc'd string. */
static char *render(const struct report *r, enum report_format fmt, enum lang lang)
{
    FILE *fp = tmpfile();
    assert_non_null(fp);
    L.lang = lang;
    int rc = fmt == REPORT_MARKDOWN ? report_write_markdown(r, &L, fp)
           : fmt == REPORT_HTML     ? report_write_html(r, &L, fp)
                                    : report_write_json(r, &L, fp);
    assert_int_equal(rc, 0);
    long n = ftell(fp);
    assert_true(n > 0);
    rewind(fp);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    L.lang = LANG_EN;
    return buf;
}

struct fixture {
    struct facts *f;
    struct diagnosis *d;
    struct report *r;
};

static void fixture_from_facts(struct fixture *x, struct facts *f, const char *bundle_name)
{
    struct err e;
    x->f = f;
    assert_int_equal(session_diagnose_facts(x->f, T, CTX_NONE, NULL, 0, &x->d, &e), 0);
    struct report_origin o = {.bundle = bundle_name, .generated_at = FIXED_NOW, .user = FIXED_USER};
    assert_int_equal(report_from_diagnosis(x->d, &o, &x->r, &e), 0);
}

static void fixture_load(struct fixture *x, const char *path, const char *bundle_name)
{
    struct facts *f = NULL;
    struct err e;
    if (bundle_load(path, &f, &e) != 0)
        fail_msg("%s: does not load (%s)", path, e.key);
    fixture_from_facts(x, f, bundle_name);
}

static void fixture_free(struct fixture *x)
{
    report_free(x->r);
    diagnosis_free(x->d);
    facts_free(x->f);
}

/* Compares TEXT with the golden file NAME, or rewrites it under UPDATE_GOLDEN=1. */
static void golden(const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/golden/%s", TESTS_DIR, name);
    tu_golden(path, name, text);
}

/* No catalog key may leak into a text as itself (a key missing in the catalogs). */
static void assert_no_raw_keys(const char *text)
{
    static const char *const prefixes[] = {"report.", "finding.", "node.", "status.", "severity.",
                                           "evidence.", "context.", "question.", "action."};
    const char *css_end = strstr(text, "</style>");   /* CSS selectors such as .finding.sev-error */
    if (css_end)
        text = css_end;
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        const char *p = strstr(text, prefixes[i]);
        if (p)
            fail_msg("untranslated key in output: %.60s", p);
    }
}

static void golden_scenario(const char *path, const char *bundle_name, const char *name)
{
    struct fixture x;
    fixture_load(&x, path, bundle_name);
    static const struct {
        enum report_format fmt;
        const char *ext;
    } fmts[] = {{REPORT_MARKDOWN, "md"}, {REPORT_HTML, "html"}, {REPORT_JSON, "json"}};
    for (int lang = 0; lang < LANG_COUNT; lang++) {
        for (size_t k = 0; k < 3; k++) {
            char *text = render(x.r, fmts[k].fmt, (enum lang)lang);
            char gname[256];
            snprintf(gname, sizeof(gname), "report.%s.%s.%s", name, lang_code((enum lang)lang), fmts[k].ext);
            if (fmts[k].fmt != REPORT_JSON)
                assert_no_raw_keys(text);
            golden(gname, text);
            free(text);
        }
    }
    fixture_free(&x);
}

static void test_golden_ca_unreachable(void **state)
{
    (void)state;
    golden_scenario(SHARED_DIR "/scenarios/ca-unreachable.json", "ca-unreachable.json", "ca-unreachable");
}

static void test_golden_demo(void **state)
{
    (void)state;
    golden_scenario(SOURCE_DIR "/checks/demo.json", "demo.json", "demo");
}

/* The texts differ between the languages and the HTML says which it is. */
static void test_languages(void **state)
{
    (void)state;
    struct fixture x;
    fixture_load(&x, SHARED_DIR "/scenarios/ca-unreachable.json", "ca-unreachable.json");
    char *en = render(x.r, REPORT_HTML, LANG_EN);
    char *de = render(x.r, REPORT_HTML, LANG_DE);
    assert_non_null(strstr(en, "<html lang=\"en\">"));
    assert_non_null(strstr(de, "<html lang=\"de\">"));
    char key[128];
    L.lang = LANG_DE;
    const char *title_de = trf(&L, key, sizeof(key), "finding.%s.title", "ca.unreachable");
    assert_non_null(strstr(de, tr(&L, "report.findings")));
    L.lang = LANG_EN;
    const char *title_en = trf(&L, key, sizeof(key), "finding.%s.title", "ca.unreachable");
    assert_string_not_equal(title_de, title_en);
    assert_null(strstr(en, "Befunde"));
    free(en);
    free(de);
    fixture_free(&x);
}

/* Every '<' starts one of the tags the writer emits, and every '&' an
 * entity the writer emits: nothing from the client came through raw. */
static void assert_html_clean(const char *html)
{
    static const char *const tags[] = {
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p",
        "table", "tr", "th", "td", "section", "article", "span", "code", "dl", "dt", "dd", "ul",
        "ol", "li", "em", "strong", "br", "pre", "footer", "div"};
    assert_true(strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
    for (const char *p = strchr(html + 1, '<'); p; p = strchr(p + 1, '<')) {
        const char *q = p[1] == '/' ? p + 2 : p + 1;
        bool known = false;
        for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]) && !known; i++) {
            size_t n = strlen(tags[i]);
            known = strncmp(q, tags[i], n) == 0 && (q[n] == '>' || (q[n] == ' ' && p[1] != '/'));
        }
        if (!known)
            fail_msg("unexpected markup in HTML: %.40s", p);
    }
    static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    for (const char *p = strchr(html, '&'); p; p = strchr(p + 1, '&')) {
        bool known = false;
        for (size_t i = 0; i < 5 && !known; i++)
            known = strncmp(p, ents[i], strlen(ents[i])) == 0;
        if (!known)
            fail_msg("raw '&' in HTML: %.40s", p);
    }
}

static const char hostile_bundle[] =
    "{\"format\": \"enrolldoc-bundle/1\","
    " \"meta\": {\"host\": \"<script>alert(1)</script>\", \"collected_at\": \"2026-11-20T08:15:00Z\","
    "           \"title\": \"\\\"><img src=x onerror=alert(2)> & more\"},"
    " \"context\": \"user\", \"template\": \"T&\\\"'<>x\","
    " \"facts\": {\"aepolicy\": {\"user\": 7},"
    "   \"identity\": {\"user\": {\"name\": \"CONTOSO\\\\<b>eve</b>\", \"sid\": \"S-1-5-21-1-2-3-1104\"}},"
    "   \"templates\": [{\"name\": \"T&\\\"'<>x\", \"autoenroll_flag\": false}],"
    "   \"cas\": [{\"name\": \"CA <1>\", \"config\": \"ca01\\\\CA <1>\", \"templates\": [\"Other\"]}],"
    "   \"ca_ping\": [{\"config\": \"ca01\\\\CA <1>&'\", \"ok\": false, \"error\": \"0x800706BA\"}]}}";

static void test_html_escapes_everything(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(hostile_bundle);
    struct diagnosis *d = NULL;
    struct err e;
    assert_int_equal(session_diagnose_facts(f, T, CTX_NONE, NULL, 0, &d, &e), 0);
    assert_true(d->nfindings > 0);
    struct report_origin o = {.bundle = "<i>bundle</i>.json", .generated_at = FIXED_NOW,
                              .user = "CONTOSO\\<u>x</u>&"};
    struct report *r = NULL;
    assert_int_equal(report_from_diagnosis(d, &o, &r, &e), 0);
    assert_int_equal(report_add_action(r, "pulse", CTX_USER, "certutil -pulse -user <&>", ACTION_RAN, 0,
                                       FIXED_NOW, "line 1\n</pre><script>alert(3)</script>\n&amp;"),
                     0);
    for (int lang = 0; lang < LANG_COUNT; lang++) {
        char *html = render(r, REPORT_HTML, (enum lang)lang);
        assert_html_clean(html);
        assert_null(strstr(html, "<script"));
        assert_null(strstr(html, "<img"));
        assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert_non_null(strstr(html, "T&amp;&quot;&#39;&lt;&gt;x"));
        assert_non_null(strstr(html, "&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; more"));
        assert_non_null(strstr(html, "CONTOSO\\&lt;u&gt;x&lt;/u&gt;&amp;"));
        assert_non_null(strstr(html, "&lt;i&gt;bundle&lt;/i&gt;.json"));
        /* the action output stays inside its <pre>: one opening, one closing */
        const char *pre = strstr(html, "<pre>");
        assert_non_null(pre);
        const char *end = strstr(pre, "</pre>");
        assert_non_null(end);
        assert_null(strstr(end + 1, "</pre>"));
        assert_non_null(strstr(pre, "line 1\n&lt;/pre&gt;&lt;script&gt;"));
        assert_non_null(strstr(pre, "&amp;amp;"));
        free(html);
    }
    report_free(r);
    diagnosis_free(d);
    facts_free(f);
}

/* The number of '|' not preceded by a backslash. */
static size_t unescaped_pipes(const char *line, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        if (line[i] == '\\') {
            i++;
            continue;
        }
        if (line[i] == '|')
            c++;
    }
    return c;
}

static void test_markdown_table_survives(void **state)
{
    (void)state;
    struct facts *f = tu_bundle(
        "{\"format\": \"enrolldoc-bundle/1\","
        " \"meta\": {\"host\": \"PC|1*2_3[4]5\\n| x | y | #\", \"collected_at\": \"2026-11-20T08:15:00Z\"},"
        " \"context\": \"user\", \"template\": \"a|b\","
        " \"facts\": {\"aepolicy\": {\"user\": 0}}}");
    struct diagnosis *d = NULL;
    struct err e;
    assert_int_equal(session_diagnose_facts(f, T, CTX_NONE, NULL, 0, &d, &e), 0);
    struct report_origin o = {.bundle = "x|y.json", .generated_at = FIXED_NOW, .user = "a|b_c*"};
    struct report *r = NULL;
    assert_int_equal(report_from_diagnosis(d, &o, &r, &e), 0);
    char *md = render(r, REPORT_MARKDOWN, LANG_EN);
    const char *t = strstr(md, "\n|---|---|\n");
    assert_non_null(t);
    /* the header row before it, the rows after it: each exactly three
     * cell borders, until the blank line that ends the table */
    const char *hdr = t;
    while (hdr > md && hdr[-1] != '\n')
        hdr--;
    assert_int_equal(unescaped_pipes(hdr, (size_t)(t - hdr)), 3);
    size_t rows = 0;
    for (const char *p = t + strlen("\n|---|---|\n"); *p && *p != '\n';) {
        const char *eol = strchr(p, '\n');
        assert_non_null(eol);
        assert_true(p[0] == '|');
        if (unescaped_pipes(p, (size_t)(eol - p)) != 3)
            fail_msg("table row broken: %.*s", (int)(eol - p), p);
        rows++;
        p = eol + 1;
    }
    assert_int_equal(rows, 7);
    assert_non_null(strstr(md, "| PC\\|1\\*2_3\\[4\\]5 \\| x \\| y \\| \\# |"));
    assert_non_null(strstr(md, "a\\|b_c\\*"));
    /* the heading stays one line */
    assert_non_null(strstr(md, "# enrolldoc report for PC\\|1\\*2_3\\[4\\]5 \\| x \\| y \\| \\#\n"));
    free(md);
    report_free(r);
    diagnosis_free(d);
    facts_free(f);
}

static void test_action_output(void **state)
{
    (void)state;
    struct fixture x;
    fixture_load(&x, SHARED_DIR "/scenarios/ca-unreachable.json", "ca-unreachable.json");
    const char *output = "CertUtil: -pulse command completed successfully.\n</pre>\n```\nend";
    assert_int_equal(report_add_action(x.r, "pulse", CTX_USER, "certutil -pulse -user", ACTION_RAN, 0,
                                       FIXED_NOW, output),
                     0);
    assert_int_equal(report_add_action(x.r, "gpupdate", CTX_USER, "gpupdate /force /target:user",
                                       ACTION_DECLINED, 0, FIXED_NOW, NULL),
                     0);
    assert_int_equal(report_add_action(x.r, "ca.ping", CTX_USER, "", ACTION_RAN, 1, 0, NULL), 0);

    char *md = render(x.r, REPORT_MARKDOWN, LANG_EN);
    /* the fence is longer than any backtick run in the output, so the
     * output's own ``` cannot close it */
    assert_non_null(strstr(md, "````text\nCertUtil: -pulse command completed successfully.\n</pre>\n```\nend\n````\n"));
    assert_non_null(strstr(md, "`certutil -pulse -user`"));
    assert_non_null(strstr(md, "`gpupdate /force /target:user`"));
    assert_non_null(strstr(md, tr(&L, "report.outcome.declined")));
    assert_non_null(strstr(md, "Exit code: 1"));
    assert_null(strstr(md, tr(&L, "report.actions.none")));
    free(md);

    char *html = render(x.r, REPORT_HTML, LANG_EN);
    assert_html_clean(html);
    assert_non_null(strstr(html, "<pre>CertUtil: -pulse command completed successfully.\n&lt;/pre&gt;\n```\nend</pre>"));
    free(html);

    char *json = render(x.r, REPORT_JSON, LANG_EN);
    cJSON *root = cJSON_Parse(json);
    assert_non_null(root);
    const cJSON *acts = cJSON_GetObjectItem(root, "actions");
    assert_int_equal(cJSON_GetArraySize(acts), 3);
    const cJSON *a0 = cJSON_GetArrayItem(acts, 0);
    assert_string_equal(cJSON_GetObjectItem(a0, "output")->valuestring, output);
    assert_string_equal(cJSON_GetObjectItem(a0, "outcome")->valuestring, "ran");
    assert_int_equal(cJSON_GetObjectItem(a0, "exit_code")->valueint, 0);
    const cJSON *a1 = cJSON_GetArrayItem(acts, 1);
    assert_string_equal(cJSON_GetObjectItem(a1, "outcome")->valuestring, "declined");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(a1, "exit_code")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(a1, "output")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(acts, 2), "command")));
    cJSON_Delete(root);
    free(json);
    fixture_free(&x);
}

/* The JSON document carries what the diagnosis has. */
static void test_json_document(void **state)
{
    (void)state;
    struct fixture x;
    fixture_load(&x, SOURCE_DIR "/checks/demo.json", "demo.json");
    char *json = render(x.r, REPORT_JSON, LANG_DE);
    cJSON *root = cJSON_Parse(json);
    assert_non_null(root);
    assert_string_equal(cJSON_GetObjectItem(root, "format")->valuestring, "enrolldoc-report/1");
    assert_string_equal(cJSON_GetObjectItem(root, "lang")->valuestring, "de");
    assert_string_equal(cJSON_GetObjectItem(root, "generated_at")->valuestring, "2026-11-20T10:00:00Z");
    assert_string_equal(cJSON_GetObjectItem(root, "user")->valuestring, FIXED_USER);
    assert_string_equal(cJSON_GetObjectItem(root, "host")->valuestring, x.f->meta.host.v);
    const cJSON *src = cJSON_GetObjectItem(root, "source");
    assert_string_equal(cJSON_GetObjectItem(src, "kind")->valuestring, "bundle");
    assert_string_equal(cJSON_GetObjectItem(src, "file")->valuestring, "demo.json");
    const cJSON *fs = cJSON_GetObjectItem(root, "findings");
    assert_int_equal((size_t)cJSON_GetArraySize(fs), x.d->nfindings);
    for (size_t i = 0; i < x.d->nfindings; i++) {
        const cJSON *fo = cJSON_GetArrayItem(fs, (int)i);
        assert_string_equal(cJSON_GetObjectItem(fo, "id")->valuestring, x.d->findings[i]->def->id);
        assert_int_equal((size_t)cJSON_GetArraySize(cJSON_GetObjectItem(fo, "evidence")),
                         x.d->findings[i]->nevidence);
        char key[160];
        L.lang = LANG_DE;
        assert_string_equal(cJSON_GetObjectItem(fo, "todo")->valuestring,
                            trf(&L, key, sizeof(key), "finding.%s.todo", x.d->findings[i]->def->id));
        L.lang = LANG_EN;
    }
    const cJSON *path = cJSON_GetObjectItem(root, "path");
    assert_int_equal((size_t)cJSON_GetArraySize(path), x.d->nsteps);
    for (size_t i = 0; i < x.d->nsteps; i++)
        assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(path, (int)i), "status")->valuestring,
                            step_status_name(x.d->steps[i].status));
    /* diagnose runs nothing: no action ran, the offered ones are suggestions */
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "actions")), 0);
    size_t offered = 0;
    for (size_t i = 0; i < x.d->nfindings; i++)
        offered += x.d->findings[i]->def->actions[0] != NULL;
    const cJSON *sg = cJSON_GetObjectItem(root, "suggested_actions");
    if (offered)
        assert_true(cJSON_GetArraySize(sg) > 0);
    const cJSON *it;
    cJSON_ArrayForEach(it, sg)
    {
        const cJSON *cmd = cJSON_GetObjectItem(it, "command");
        assert_true(cJSON_IsString(cmd) || cJSON_IsNull(cmd));
        assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(it, "for")) > 0);
    }
    cJSON_Delete(root);
    free(json);
    fixture_free(&x);
}

/* A diagnosis without findings says so and suggests nothing. */
static void test_no_findings(void **state)
{
    (void)state;
    struct fixture x;
    fixture_load(&x, SHARED_DIR "/scenarios/healthy.json", "healthy.json");
    size_t errors = 0;
    for (size_t i = 0; i < x.d->nfindings; i++)
        errors += x.d->findings[i]->def->sev == SEV_ERROR;
    assert_int_equal(errors, 0);
    char *md = render(x.r, REPORT_MARKDOWN, LANG_EN);
    if (x.d->nfindings == 0)
        assert_non_null(strstr(md, tr(&L, "report.no-findings")));
    assert_non_null(strstr(md, tr(&L, "report.actions.none")));
    assert_non_null(strstr(md, "Errors: 0"));
    free(md);
    fixture_free(&x);
}

/* The report of a wizard walk: its path, its actions. */
static void test_from_walk(void **state)
{
    (void)state;
    struct facts *f = NULL;
    struct err e;
    assert_int_equal(bundle_load(SOURCE_DIR "/checks/demo.json", &f, &e), 0);
    struct session w;
    struct session_start so = {.t = T, .f = f, .source = "demo.json"};
    assert_int_equal(session_begin(&w, &so, &e), 0);
    for (int guard = 0; guard < 200; guard++) {
        const struct session_step *st = session_current(&w);
        const struct node *n = session_node(&w, st);
        const char *choice = n->kind == NODE_QUESTION ? session_default_choice(&w, n) : NULL;
        if (n->kind == NODE_QUESTION && !choice)
            break;
        if (session_advance(&w, choice) != 0)
            break;
    }
    assert_true(w.nsteps > 3);
    assert_int_equal(session_record_action(&w, "pulse", "certutil -pulse -user", ACTION_RAN, 0, "OK\n"), 0);
    assert_int_equal(session_record_action(&w, "gpupdate", "gpupdate /force /target:user", ACTION_DECLINED, 0, NULL), 0);
    struct diagnosis *d = NULL;
    assert_int_equal(session_diagnose(&w, &d, &e), 0);
    struct report_origin o = {.bundle = "demo.json", .generated_at = FIXED_NOW, .user = FIXED_USER};
    struct report *r = NULL;
    assert_int_equal(report_from_walk(&w, d, &o, &r, &e), 0);
    assert_int_equal(r->nsteps, w.nsteps);
    for (size_t i = 0; i < w.nsteps; i++)
        assert_ptr_equal(r->steps[i].node, session_node(&w, &w.steps[i]));
    assert_int_equal(r->nfindings, d->nfindings);
    assert_int_equal(r->nactions, 2);
    assert_int_equal(r->ctx, w.ctx);
    char *md = render(r, REPORT_MARKDOWN, LANG_EN);
    assert_non_null(strstr(md, "`certutil -pulse -user`"));
    assert_non_null(strstr(md, tr(&L, "report.outcome.ran")));
    assert_non_null(strstr(md, tr(&L, "report.outcome.declined")));
    /* the output recorded in the walk reaches the report */
    assert_non_null(strstr(md, "OK"));
    assert_null(strstr(md, tr(&L, "report.action.no-output")));
    free(md);
    char *html = render(r, REPORT_HTML, LANG_DE);
    assert_html_clean(html);
    free(html);
    report_free(r);
    diagnosis_free(d);
    session_free(&w);
    facts_free(f);
}

static void test_format_from_path(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        int fmt;   /* -1 = refused */
    } cases[] = {
        {"r.md", REPORT_MARKDOWN},        {"R.MD", REPORT_MARKDOWN},     {"notes.Markdown", REPORT_MARKDOWN},
        {"out/r.html", REPORT_HTML},      {"C:\\tmp\\R.HTM", REPORT_HTML}, {"report.JSON", REPORT_JSON},
        {"a.b.json", REPORT_JSON},        {"r.txt", -1},                 {"report", -1},
        {"dir.md/report", -1},            {"dir.md\\report", -1},        {".md", -1},
        {"r.md.txt", -1},                 {"r.", -1},                    {"", -1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum report_format fmt = REPORT_JSON;
        struct err e;
        err_clear(&e);
        int rc = report_format_from_path(cases[i].path, &fmt, &e);
        if (cases[i].fmt < 0) {
            if (rc != -1)
                fail_msg("%s: accepted", cases[i].path);
            assert_string_equal(e.key, "error.report.format");
            assert_string_equal(err_get(&e, "file"), cases[i].path);
        } else {
            if (rc != 0)
                fail_msg("%s: refused", cases[i].path);
            assert_int_equal(fmt, cases[i].fmt);
        }
    }
}

static void test_write_file(void **state)
{
    (void)state;
    struct fixture x;
    fixture_load(&x, SHARED_DIR "/scenarios/ca-unreachable.json", "ca-unreachable.json");
    char dir[] = "/tmp/enrolldoc-report-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    struct err e;
    static const struct {
        const char *name;
        enum report_format fmt;
    } files[] = {{"r.MD", REPORT_MARKDOWN}, {"r.html", REPORT_HTML}, {"r.Json", REPORT_JSON}};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
        err_clear(&e);
        L.lang = LANG_DE;
        assert_int_equal(report_write_file(x.r, &L, path, &e), 0);
        char *want = render(x.r, files[i].fmt, LANG_DE);
        char *got = tu_read(path, NULL);
        assert_string_equal(got, want);
        free(got);
        free(want);
        remove(path);
    }
    /* unknown extension: nothing written */
    snprintf(path, sizeof(path), "%s/r.txt", dir);
    err_clear(&e);
    assert_int_equal(report_write_file(x.r, &L, path, &e), -1);
    assert_string_equal(e.key, "error.report.format");
    assert_int_equal(access(path, F_OK), -1);
    /* a folder that does not exist */
    snprintf(path, sizeof(path), "%s/missing/r.md", dir);
    err_clear(&e);
    assert_int_equal(report_write_file(x.r, &L, path, &e), -1);
    assert_string_equal(e.key, "error.report.write");
    assert_string_equal(err_get(&e, "file"), path);
    assert_non_null(err_get(&e, "reason"));
    char msg[1024];
    err_render(&L, &e, msg, sizeof(msg));
    assert_non_null(strstr(msg, path));
    assert_null(strstr(msg, "{reason}"));
    assert_null(strstr(msg, "@"));
    /* a folder in place of the file */
    snprintf(path, sizeof(path), "%s/sub.html", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    err_clear(&e);
    assert_int_equal(report_write_file(x.r, &L, path, &e), -1);
    assert_string_equal(e.key, "error.report.write");
    rmdir(path);
    rmdir(dir);
    fixture_free(&x);
}

static void test_default_name(void **state)
{
    (void)state;
    char buf[128];
    assert_string_equal(report_default_name("PC0042", FIXED_NOW, "html", buf, sizeof(buf)),
                        "enrolldoc_PC0042_20261120-100000Z.html");
    assert_string_equal(report_default_name("../x y\\z", FIXED_NOW, "md", buf, sizeof(buf)),
                        "enrolldoc_xyz_20261120-100000Z.md");
    assert_string_equal(report_default_name(NULL, FIXED_NOW, "json", buf, sizeof(buf)),
                        "enrolldoc_client_20261120-100000Z.json");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_ca_unreachable),
        cmocka_unit_test(test_golden_demo),
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_html_escapes_everything),
        cmocka_unit_test(test_markdown_table_survives),
        cmocka_unit_test(test_action_output),
        cmocka_unit_test(test_json_document),
        cmocka_unit_test(test_no_findings),
        cmocka_unit_test(test_from_walk),
        cmocka_unit_test(test_format_from_path),
        cmocka_unit_test(test_write_file),
        cmocka_unit_test(test_default_name),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
