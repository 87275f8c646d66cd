/* test_output.c: the text forms of src/output.h: wrapping to the chosen
 * width, the width a terminal gives, and command lines that are never
 * broken. */
#include "testutil.h"

#include "diagnose.h"
#include "output.h"
#include "session.h"
#include "tree.h"

/* Columns of the UTF-8 line S of N bytes. */
static int cols(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* The widest line of TEXT that is not SKIP (may be NULL). */
static int widest(const char *text, const char *skip)
{
    int w = 0;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        bool skipped = skip && strlen(skip) == n && strncmp(p, skip, n) == 0;
        int c = cols(p, n);
        if (!skipped && c > w)
            w = c;
        p += n + (p[n] == '\n');
    }
    return w;
}

static const char prose[] =
    "The request reached the CA and was refused: the CA logged event 53, or the answer was "
    "0x80094012 CERTSRV_E_TEMPLATE_DENIED. With that code the CA found no Enroll right on the "
    "template for the groups in the requester's Kerberos ticket. Die Gruppenmitgliedschaft ist "
    "neuer als die Anmeldung; eine erneute Anmeldung hilft, nicht eine Änderung der Rechte.";

/* A command line of 150 characters, blanks inside. */
static void command_150(char *buf, size_t size)
{
    snprintf(buf, size, "certreq -q -machine -enroll \"%s\"",
             "Contoso Computer Authentication With A Very Long Template Name For Testing The Wrap "
             "Of Command Lines XXXXXXXXXXXXXXXXXXX");
    assert_int_equal(strlen(buf), 150);
}

/* At 40, 80 and 120 columns the prose fills its lines up to the width and
 * never past it, loses no word, and the marked command stays whole on a
 * line of its own. */
static void wraps_to_width(void **state)
{
    (void)state;
    char cmd[256], text[2048], whole[sizeof(cmd) + 8];
    command_150(cmd, sizeof(cmd));
    snprintf(text, sizeof(text), "%s\nRun this:\n%c%s\n%s", prose, OUTPUT_COMMAND_MARK, cmd, prose);
    snprintf(whole, sizeof(whole), "    %s", cmd);
    const int widths[] = {40, 80, 120};
    for (size_t i = 0; i < 3; i++) {
        FILE *fp = tmpfile();
        assert_non_null(fp);
        print_wrapped(fp, text, 2, 4, widths[i]);
        char *out = tu_captured(fp);
        int w = widest(out, whole);
        assert_true(w <= widths[i]);
        assert_true(w > widths[i] - 15);   /* the width is used, not 78 */
        char line[300];
        snprintf(line, sizeof(line), "\n%s\n", whole);
        assert_non_null(strstr(out, line));
        /* nothing lost: the words in order, blanks aside */
        char a[2048], b[2048];
        size_t na = 0, nb = 0;
        for (const char *p = text; *p; p++)
            if (*p != ' ' && *p != '\n' && *p != OUTPUT_COMMAND_MARK)
                a[na++] = *p;
        for (const char *p = out; *p; p++)
            if (*p != ' ' && *p != '\n')
                b[nb++] = *p;
        a[na] = b[nb] = '\0';
        assert_string_equal(a, b);
        free(out);
    }
}

/* print_command: one line, whatever its length; escapes made visible. */
static void command_never_wrapped(void **state)
{
    (void)state;
    char cmd[256];
    command_150(cmd, sizeof(cmd));
    FILE *fp = tmpfile();
    assert_non_null(fp);
    print_command(fp, cmd, 8);
    print_command(fp, "certutil -pulse\x1b[2J", 0);
    char *out = tu_captured(fp);
    char want[512];
    snprintf(want, sizeof(want), "        %s\ncertutil -pulse\\u001b[2J\n", cmd);
    assert_string_equal(out, want);
    free(out);
}

/* No terminal: 80; a terminal's width held to 40..200. */
static void width_of_terminal(void **state)
{
    (void)state;
    assert_int_equal(output_text_width(0), 80);
    assert_int_equal(output_text_width(-1), 80);
    assert_int_equal(output_text_width(12), 40);
    assert_int_equal(output_text_width(40), 40);
    assert_int_equal(output_text_width(120), 120);
    assert_int_equal(output_text_width(200), 200);
    assert_int_equal(output_text_width(1000), 200);
}

/* The diagnosis of BUNDLE (for template TMPL, NULL: the bundle's) as JSON,
 * or at WIDTH as text in LANG. */
static char *diagnosis_render(const char *bundle, const char *tmpl, enum lang lang, int width,
                              bool json)
{
    struct locale l;
    struct err e;
    assert_int_equal(locale_load(&l, NULL, &e), 0);
    l.lang = lang;
    struct tree *t = tree_load(NULL, &l, &e);
    assert_non_null(t);
    struct facts *f = NULL;
    assert_int_equal(bundle_load(bundle, &f, &e), 0);
    struct diagnosis *d = NULL;
    assert_int_equal(session_diagnose_facts(f, t, CTX_NONE, tmpl, 1795000000, &d, &e), 0);
    FILE *fp = tmpfile();
    assert_non_null(fp);
    if (json)
        assert_int_equal(output_diagnosis_json(d, fp), 0);
    else
        assert_int_equal(output_diagnosis_text(d, &l, width, fp), 0);
    diagnosis_free(d);
    facts_free(f);
    tree_free(t);
    locale_free(&l);
    return tu_captured(fp);
}

static char *diagnosis_text_for(const char *bundle, const char *tmpl, enum lang lang, int width)
{
    return diagnosis_render(bundle, tmpl, lang, width, false);
}

static char *diagnosis_text(const char *bundle, enum lang lang, int width)
{
    return diagnosis_text_for(bundle, NULL, lang, width);
}

/* The actions' command lines stand whole on lines of their own at any
 * width; at 120 columns the prose uses more than 80 of them. */
static void diagnosis_commands_whole(void **state)
{
    (void)state;
    char *narrow = diagnosis_text(SHARED_DIR "/scenarios/aepolicy-enroll-off.json", LANG_EN, 40);
    assert_non_null(strstr(narrow, ":\n        gpupdate /force /target:user\n"));
    free(narrow);
    char *wide = diagnosis_text(SOURCE_DIR "/checks/demo.json", LANG_DE, 120);
    int w = widest(wide, NULL);
    assert_true(w <= 120 && w > 80);
    free(wide);
}

/* Yes/no evidence in the language of the text, not true/false. */
static void boolean_evidence(void **state)
{
    (void)state;
    struct locale l;
    struct err e;
    assert_int_equal(locale_load(&l, NULL, &e), 0);
    struct evidence t = {.key = "enabled", .value = "true", .type = EVT_BOOL};
    struct evidence f = {.key = "enabled", .value = "false", .type = EVT_BOOL};
    char buf[64];
    l.lang = LANG_DE;
    assert_string_equal(output_evidence(&t, &l, buf, sizeof(buf)), "ja");
    assert_string_equal(output_evidence(&f, &l, buf, sizeof(buf)), "nein");
    l.lang = LANG_EN;
    assert_string_equal(output_evidence(&t, &l, buf, sizeof(buf)), "yes");
    assert_string_equal(output_evidence(&f, &l, buf, sizeof(buf)), "no");
    locale_free(&l);
    char *de = diagnosis_text(SHARED_DIR "/scenarios/ces-user-not-delegated.json", LANG_DE, 80);
    assert_non_null(strstr(de, "kann nicht delegiert werden: ja\n"));
    assert_null(strstr(de, ": true\n"));
    free(de);
}

/* A template name that cannot be pasted safely gets no command line, and
 * the text says why; a plain one gets its certreq line. */
static void refused_template_said(void **state)
{
    (void)state;
    const char *demo = SOURCE_DIR "/checks/demo.json";
    char *ok = diagnosis_text_for(demo, "Smart Card", LANG_EN, 80);
    assert_non_null(strstr(ok, "\n        certreq -q -enroll \"Smart Card\"\n"));
    free(ok);
    struct locale l;
    struct err e;
    assert_int_equal(locale_load(&l, NULL, &e), 0);
    for (int lg = 0; lg < LANG_COUNT; lg++) {
        l.lang = (enum lang)lg;
        char *t = diagnosis_text_for(demo, "100%Smart", l.lang, 200);
        assert_null(strstr(t, "certreq -q -enroll \""));
        char want[1024];
        /* the sentence's opening words (the rest may wrap) */
        snprintf(want, sizeof(want), "(certreq): %.16s", tr(&l, "action.template-refused"));
        assert_non_null(strstr(t, want));
        free(t);
    }
    locale_free(&l);
}

/* Rights in evidence: the text names them as the Security tab does in its
 * language, the JSON keeps the stable English names. */
static void rights_evidence(void **state)
{
    (void)state;
    struct locale l;
    struct err e;
    assert_int_equal(locale_load(&l, NULL, &e), 0);
    struct evidence ev = {.key = "right", .value = "Enroll, AutoEnroll", .type = EVT_RIGHTS};
    struct evidence all = {.key = "right", .type = EVT_RIGHTS,
                           .value = "Read, Write, Enroll, AutoEnroll, FullControl, RequestCertificates"};
    struct evidence odd = {.key = "right", .value = "Enroll, ManageCA", .type = EVT_RIGHTS};
    char buf[256], small[20];
    l.lang = LANG_DE;
    assert_string_equal(output_evidence(&ev, &l, buf, sizeof(buf)),
                        "Registrieren, Automatisch registrieren");
    assert_string_equal(output_evidence(&all, &l, buf, sizeof(buf)),
                        "Lesen, Schreiben, Registrieren, Automatisch registrieren, Vollzugriff, "
                        "Zertifikate anfordern");
    /* a name without a text stays as it is; a short buffer ends at a whole name */
    assert_string_equal(output_evidence(&odd, &l, buf, sizeof(buf)), "Registrieren, ManageCA");
    assert_string_equal(output_evidence(&ev, &l, small, sizeof(small)), "Registrieren");
    l.lang = LANG_EN;
    assert_string_equal(output_evidence(&ev, &l, buf, sizeof(buf)), "Enroll, Autoenroll");
    assert_string_equal(output_evidence(&all, &l, buf, sizeof(buf)),
                        "Read, Write, Enroll, Autoenroll, Full Control, Request Certificates");
    locale_free(&l);

    const char *b = SOURCE_DIR "/checks/training/token-stale-computer.json";
    char *de = diagnosis_text(b, LANG_DE, 200);
    assert_non_null(strstr(de, ": Registrieren, Automatisch registrieren\n"));
    assert_null(strstr(de, "AutoEnroll"));
    free(de);
    char *en = diagnosis_text(b, LANG_EN, 200);
    assert_non_null(strstr(en, ": Enroll, Autoenroll\n"));
    free(en);
    char *json = diagnosis_render(b, NULL, LANG_DE, 80, true);
    assert_non_null(strstr(json, "\"right\": \"Enroll, AutoEnroll\""));
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wraps_to_width),
        cmocka_unit_test(command_never_wrapped),
        cmocka_unit_test(width_of_terminal),
        cmocka_unit_test(diagnosis_commands_whole),
        cmocka_unit_test(boolean_evidence),
        cmocka_unit_test(rights_evidence),
        cmocka_unit_test(refused_template_said),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
