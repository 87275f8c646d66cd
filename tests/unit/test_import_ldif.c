/* test_import_ldif.c: src/import_ldif.c: an LDIF export of a directory
 * (tests/inputs/ldif/README.md) read into the directory facts by
 * directory.c's own code: templates with their binary descriptors as SDDL,
 * the valid issuance policies, the CA, the one account; folding, base64,
 * comments, ldapsearch's and ldifde's extra lines; golden bundle; broken
 * files refused with line and column. */
#include "importtest.h"

static void test_corp(void **state)
{
    (void)state;
    struct import_file in;
    char *b = it_sample(&in, "ldif/corp.ldif");
    struct facts *f = it_read(import_read_ldif, &in);
    assert_int_equal(f->ntemplates, 2);
    const struct tmpl *t = &f->templates[0];
    assert_string_equal(t->name.v, "CorpUser");
    assert_int_equal(t->schema_version.v, 2);
    assert_true(t->autoenroll_flag.v);
    assert_false(t->requires_email.v);
    assert_int_equal(t->providers.n, 2);
    assert_string_equal(t->providers.v[0], "Microsoft Enhanced Cryptographic Provider v1.0");
    assert_int_equal(t->sddl.st, F_SET);
    assert_non_null(t->sd);
    assert_int_equal(t->valid_issuance_policies.n, 1);
    assert_int_equal(t->issuance_policies.n, 2);
    assert_int_equal(f->templates[1].sddl.st, F_ABSENT); /* no descriptor in the file */
    assert_int_equal(f->ncas, 1);
    assert_string_equal(f->cas[0].config.v, "ca1.corp.example.test\\CORP-CA");
    assert_int_equal(f->cas[0].templates.n, 2);
    assert_int_equal(f->cas[0].sddl.st, F_SET);
    const struct identity *id = &f->identity[CTX_USER];
    assert_string_equal(id->name.v, "CORP\\jmueller");
    assert_string_equal(id->sid.v, "S-1-5-21-1111111111-2222222222-3333333333-1104");
    assert_int_equal(id->directory_groups.n, 3);
    assert_true(id->not_delegated.v);
    assert_string_equal(id->mail.v, "jm@corp.example.test");
    it_golden(f, "ldif-corp");
    facts_free(f);
    free(b);
}

static void test_refused(void **state)
{
    (void)state;
    const char *noline = "version: 1\n\ndn: CN=x\nthis is no attribute\n";
    it_refuses(import_read_ldif, noline, strlen(noline), "error.import.ldif", "line", "4");
    const char *b64 = "dn: CN=x\nobjectSid:: AQ*A\n";
    it_refuses(import_read_ldif, b64, strlen(b64), "error.import.ldif", "column", "15");
    const char *url = "dn: CN=x\njpegPhoto:< file:///etc/passwd\n";
    it_refuses(import_read_ldif, url, strlen(url), "error.import.ldif-url", "line", "2");
    const char *nodn = "cn: x\n";
    it_refuses(import_read_ldif, nodn, strlen(nodn), "error.import.ldif", "line", "1");
    const char *twice = "dn: CN=A,CN=Certificate Templates,CN=Public Key Services,CN=Services,CN=Configuration,DC=c\n"
                        "objectClass: pKICertificateTemplate\ncn: T\n\n"
                        "dn: CN=B,CN=Certificate Templates,CN=Public Key Services,CN=Services,CN=Configuration,DC=c\n"
                        "objectClass: pKICertificateTemplate\ncn: t\n";
    it_refuses(import_read_ldif, twice, strlen(twice), "error.import.ldif-duplicate", NULL, NULL);
    const char *empty = "dn: CN=x,DC=corp\ncn: x\n";
    it_refuses(import_read_ldif, empty, strlen(empty), "error.import.ldif-empty", NULL, NULL);
}

static void test_every_cut(void **state)
{
    (void)state;
    it_every_cut(import_read_ldif, "ldif/corp.ldif", 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corp),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_every_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
