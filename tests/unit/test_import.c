/* test_import.c: formats told from their content, files merged, the
 * disagreements between them reported (src/import.c). */
#include "testutil.h"

#include <stdio.h>

#include <cJSON.h>

#include "bundle.h"
#include "bundle_write.h"
#include "import.h"

#define DATA SOURCE_DIR "/tests/inputs/import/"

static enum import_format detect_text(const char *text)
{
    return import_detect((const unsigned char *)text, strlen(text), text);
}

static void formats_by_content(void **state)
{
    (void)state;
    assert_int_equal(detect_text("  {\"format\":\"enrolldoc-bundle/1\"}"), IMPORT_BUNDLE);
    assert_int_equal(detect_text("\"TimeCreated\",\"Id\",\"LevelDisplayName\",\"Message\"\n"), IMPORT_EVENTS_CSV);
    assert_int_equal(detect_text("#TYPE Selected.System.Diagnostics.Eventing.Reader.EventLogRecord\n\"Id\",\"Message\"\n"),
                     IMPORT_EVENTS_CSV);
    assert_int_equal(detect_text("\"Gruppenname\",\"Typ\",\"SID\",\"Attribute\"\r\n"), IMPORT_WHOAMI);
    assert_int_equal(detect_text("\r\nBENUTZERINFORMATIONEN\r\n---\r\n\r\n\"Benutzername\",\"SID\"\r\n"), IMPORT_WHOAMI);
    assert_int_equal(detect_text("Windows Registry Editor Version 5.00\r\n"), IMPORT_REG);
    assert_int_equal(detect_text("REGEDIT4\r\n"), IMPORT_REG);
    assert_int_equal(detect_text("<Events><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"),
                     IMPORT_EVENT_XML);
    assert_int_equal(detect_text("-----BEGIN CERTIFICATE-----\nMIIB\n"), IMPORT_CERT);
    assert_int_equal(detect_text("Template[0]:\n  TemplatePropCommonName = User\nCertUtil: -template-Befehl wurde "
                                 "erfolgreich ausgef\xC3\xBChrt.\n"),
                     IMPORT_CERTUTIL);
    assert_int_equal(detect_text("# comment\nversion: 1\n\ndn: CN=User,CN=Certificate Templates\n"), IMPORT_LDIF);
    assert_int_equal(detect_text("dn: CN=x\n"), IMPORT_LDIF);
    assert_int_equal(detect_text("hello, world\n"), IMPORT_UNKNOWN);
    assert_int_equal(detect_text(""), IMPORT_UNKNOWN);
    static const unsigned char evtx[16] = "ElfFile";
    assert_int_equal(import_detect(evtx, sizeof(evtx), NULL), IMPORT_EVTX);
    static const unsigned char der[] = {0x30, 0x82, 0x03, 0x10, 0x30, 0x82};
    assert_int_equal(import_detect(der, sizeof(der), NULL), IMPORT_CERT);
    /* a bundle with a NUL is not text, but still a bundle (its reader says where) */
    static const unsigned char nul[] = "{\"a\":\0}";
    assert_int_equal(import_detect(nul, sizeof(nul) - 1, NULL), IMPORT_BUNDLE);
    assert_string_equal(import_format_name(IMPORT_WHOAMI), "whoami");
    assert_string_equal(import_format_name(IMPORT_FORMAT_COUNT), "unknown");
}

static char *write_tmp(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof(path), "%s/enrolldoc-test-import-%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    char *copy = malloc(strlen(path) + 1);
    strcpy(copy, path);
    return copy;
}

static const char *str_at(const cJSON *o, const char *a, const char *b)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);
    if (b)
        v = cJSON_GetObjectItemCaseSensitive(v, b);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The samples together: each one's facts, its source, one disagreement. */
static void samples_merged(void **state)
{
    (void)state;
    const char *paths[] = {DATA "whoami-all.en.csv", DATA "whoami-groups.de.csv", DATA "user-policy.reg",
                           DATA "machine.reg"};
    struct import_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(import_files(paths, 4, NULL, LANG_EN, &r, &e), 0);
    const struct facts *f = r.f;
    assert_int_equal(r.nfiles, 4);
    assert_int_equal(r.formats[0], IMPORT_WHOAMI);
    assert_int_equal(r.formats[2], IMPORT_REG);
    assert_string_equal(f->identity[CTX_USER].name.v, "contoso\\alice");
    assert_int_equal(f->identity[CTX_USER].token_groups.n, 9); /* no logon SID, no label */
    assert_int_equal(f->aepolicy[CTX_USER].v, 7);
    assert_int_equal(f->aepolicy[CTX_MACHINE].st, F_SET);
    assert_int_equal(f->aepolicy[CTX_MACHINE].v, 0);
    assert_int_equal(f->loglevel.v, 4);
    assert_int_equal(f->npolicy_servers, 1);
    assert_string_equal(f->policy_servers[0].name.v, "Contoso \"CEP\"");
    /* the two whoami outputs disagree on the groups: reported, the first kept */
    assert_int_equal(r.nconflicts, 1);
    assert_string_equal(r.conflicts[0].path, "facts.identity.user.token_groups");
    assert_string_equal(r.conflicts[0].kept_file, paths[0]);
    assert_string_equal(r.conflicts[0].other_file, paths[1]);
    assert_non_null(strstr(r.conflicts[0].other_value, "S-1-5-32-544"));
    /* the document says where each fact came from */
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r.doc, "meta"), "sources");
    assert_int_equal(cJSON_GetArraySize(src), 4);
    const cJSON *s3 = cJSON_GetArrayItem(src, 3);
    assert_string_equal(str_at(s3, "file", NULL), paths[3]);
    assert_string_equal(str_at(s3, "format", NULL), "reg");
    const cJSON *given = cJSON_GetObjectItemCaseSensitive(s3, "facts");
    assert_int_equal(cJSON_GetArraySize(given), 2);
    assert_string_equal(cJSON_GetArrayItem(given, 0)->valuestring, "aepolicy.machine");
    const cJSON *con = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r.doc, "meta"), "conflicts");
    assert_int_equal(cJSON_GetArraySize(con), 1);
    assert_string_equal(str_at(cJSON_GetArrayItem(con, 0), "fact", NULL), "facts.identity.user.token_groups");
    /* written, it reads back as a bundle with the same facts */
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(import_result_write(&r, fp), 0);
    char *text = tu_captured(fp);
    struct facts *g = NULL;
    assert_int_equal(bundle_parse("written", text, strlen(text), &g, &e), 0);
    assert_int_equal(g->loglevel.v, 4);
    assert_int_equal(g->identity[CTX_USER].token_groups.n, 9);
    facts_free(g);
    free(text);
    import_result_free(&r);
}

/* Bundles merge by what things are: templates by name, events once each,
 * the latest collection time; a field of one template two files disagree
 * on is named by the template. */
static void bundles_merged(void **state)
{
    (void)state;
    char *a = write_tmp("a.json",
                        "{\"format\":\"enrolldoc-bundle/1\",\"meta\":{\"host\":\"PC1\",\"collected_at\":"
                        "\"2026-11-20T08:00:00Z\"},\"facts\":{\"templates\":[{\"name\":\"User\",\"schema_version\":2},"
                        "{\"name\":\"Machine\",\"schema_version\":2}],\"events\":[{\"time\":\"2026-11-20T07:00:00Z\","
                        "\"provider\":\"Microsoft-Windows-CertificateServicesClient-AutoEnrollment\",\"id\":2}]}}");
    char *b = write_tmp("b.json",
                        "{\"format\":\"enrolldoc-bundle/1\",\"meta\":{\"host\":\"PC2\",\"collected_at\":"
                        "\"2026-11-21T08:00:00Z\"},\"facts\":{\"templates\":[{\"name\":\"User\",\"schema_version\":4},"
                        "{\"name\":\"Web\",\"schema_version\":2}],\"events\":[{\"time\":\"2026-11-20T07:00:00Z\","
                        "\"provider\":\"Microsoft-Windows-CertificateServicesClient-AutoEnrollment\",\"id\":2},"
                        "{\"time\":\"2026-11-20T07:01:00Z\",\"provider\":"
                        "\"Microsoft-Windows-CertificateServicesClient-AutoEnrollment\",\"id\":3}]}}");
    const char *paths[] = {a, b};
    struct import_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(import_files(paths, 2, NULL, LANG_DE, &r, &e), 0);
    const struct facts *f = r.f;
    assert_int_equal(f->ntemplates, 3);
    assert_int_equal(f->events.n, 2);
    assert_string_equal(f->meta.host.v, "PC1");
    char when[32];
    time_format_iso(f->meta.collected_at.v, when, sizeof(when));
    assert_string_equal(when, "2026-11-21T08:00:00Z");
    assert_int_equal(r.nconflicts, 2);
    assert_string_equal(r.conflicts[0].path, "meta.host");
    assert_string_equal(r.conflicts[1].path, "facts.templates[User].schema_version");
    assert_string_equal(r.conflicts[1].kept_value, "2");
    assert_string_equal(r.conflicts[1].other_value, "4");
    import_result_free(&r);
    /* --merge puts the bundle first; it must be one */
    const char *one[] = {b};
    assert_int_equal(import_files(one, 1, a, LANG_EN, &r, &e), 0);
    assert_int_equal(r.formats[0], IMPORT_BUNDLE);
    assert_string_equal(r.conflicts[0].kept_file, a);
    import_result_free(&r);
    const char *reg[] = {DATA "machine.reg"};
    assert_int_equal(import_files(one, 1, reg[0], LANG_EN, &r, &e), -1);
    assert_string_equal(e.key, "error.import.merge-not-bundle");
    remove(a);
    remove(b);
    free(a);
    free(b);
}

/* One bundle comes back exactly as bundle_load reads it. */
static void one_bundle_as_loaded(void **state)
{
    (void)state;
    const char *p = SOURCE_DIR "/tests/scenarios/perm.token-stale.fire.json";
    struct import_result r;
    struct err e;
    err_clear(&e);
    assert_int_equal(import_files(&p, 1, NULL, LANG_EN, &r, &e), 0);
    struct facts *g = NULL;
    assert_int_equal(bundle_load(p, &g, &e), 0);
    cJSON *x = bundle_tree(r.f, NULL, &e), *y = bundle_tree(g, NULL, &e);
    assert_true(cJSON_Compare(x, y, true));
    assert_int_equal(r.nconflicts, 0);
    cJSON_Delete(x);
    cJSON_Delete(y);
    facts_free(g);
    import_result_free(&r);
}

static void refused(void **state)
{
    (void)state;
    char *junk = write_tmp("junk.txt", "nothing enrolldoc knows\n");
    struct import_result r;
    struct err e;
    err_clear(&e);
    const char *p[] = {DATA "machine.reg", junk};
    assert_int_equal(import_files(p, 2, NULL, LANG_EN, &r, &e), -1);
    assert_string_equal(e.key, "error.import.unknown");
    assert_string_equal(e.args[0].value, junk);
    assert_null(r.f);
    const char *twice[] = {"-", "-"};
    assert_int_equal(import_files(twice, 2, NULL, LANG_EN, &r, &e), -1);
    assert_string_equal(e.key, "error.import.stdin-twice");
    remove(junk);
    free(junk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_by_content),
        cmocka_unit_test(samples_merged),
        cmocka_unit_test(bundles_merged),
        cmocka_unit_test(one_bundle_as_loaded),
        cmocka_unit_test(refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
