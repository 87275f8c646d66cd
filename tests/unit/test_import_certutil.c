/* test_import_certutil.c: src/import_certutil.c on the English and German
 * outputs of certutil -v -template, -catemplates and -v -store my
 * (tests/inputs/certutil/README.md): both languages give the same facts,
 * golden bundles, the store's context, and broken outputs refused with
 * their line. */
#include "importtest.h"

#include "import_certutil.h"
#include "sddl.h"

static struct facts *sample(const char *rel, char **buf)
{
    struct import_file in;
    *buf = it_sample(&in, rel);
    return it_read(import_read_certutil, &in);
}

/* The golden text of both languages must be the same but for the words. */
static void test_template(void **state)
{
    (void)state;
    char *b1, *b2;
    struct facts *en = sample("certutil/template-en.txt", &b1), *de = sample("certutil/template-de.txt", &b2);
    for (int k = 0; k < 2; k++) {
        struct facts *f = k ? de : en;
        assert_int_equal(f->templates_st, F_SET);
        assert_int_equal(f->ntemplates, 2);
        const struct tmpl *u = &f->templates[0], *c = &f->templates[1];
        assert_string_equal(u->name.v, "User");
        assert_string_equal(u->display_name.v, k ? "Benutzer" : "User");
        assert_string_equal(u->oid.v, "1.3.6.1.4.1.311.21.8.1111111.2222222.3333333.4444444.5555555.66.1.1");
        assert_int_equal(u->schema_version.v, 1);
        assert_true(u->autoenroll_flag.v);
        assert_true(u->requires_email.v);
        assert_int_equal(u->private_key_flags.v, 0x10);
        assert_int_equal(u->providers.n, 2);
        assert_string_equal(u->providers.v[0], "Microsoft Enhanced Cryptographic Provider v1.0");
        assert_int_equal(u->issuance_policies.st, F_SET);
        assert_int_equal(u->issuance_policies.n, 0);
        assert_int_equal(u->valid_issuance_policies.st, F_ABSENT);
        assert_non_null(u->sd);
        assert_string_equal(c->name.v, "CorpUser");
        assert_int_equal(c->schema_version.v, 4);
        assert_false(c->autoenroll_flag.v);
        assert_false(c->requires_email.v);
        assert_int_equal(c->private_key_flags.v, 0x1010010);
        assert_int_equal(c->providers.n, 1);
        assert_int_equal(c->issuance_policies.n, 1);
        assert_string_equal(c->issuance_policies.v[0],
                            "1.3.6.1.4.1.311.21.8.1111111.2222222.3333333.4444444.5555555.66.400");
        assert_string_equal(c->sddl.v, en->templates[1].sddl.v);
    }
    it_golden(en, "certutil-template-en");
    it_golden(de, "certutil-template-de");
    facts_free(en);
    facts_free(de);
    free(b1);
    free(b2);
}

static void test_catemplates(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        char *b;
        struct facts *f = sample(k ? "certutil/catemplates-de.txt" : "certutil/catemplates-en.txt", &b);
        assert_int_equal(f->cas_st, F_SET);
        assert_int_equal(f->ncas, 1);
        assert_int_equal(f->cas[0].name.st, F_ABSENT);
        assert_int_equal(f->cas[0].templates.n, 3);
        assert_string_equal(f->cas[0].templates.v[0], "CorpUser");
        assert_string_equal(f->cas[0].templates.v[2], "Machine");
        it_golden(f, k ? "certutil-catemplates-de" : "certutil-catemplates-en");
        facts_free(f);
        free(b);
    }
}

static void test_store_user_en(void **state)
{
    (void)state;
    char *b;
    struct facts *f = sample("certutil/store-user-en.txt", &b);
    assert_int_equal(f->certs[CTX_MACHINE].st, F_ABSENT);
    const struct cert_list *l = &f->certs[CTX_USER];
    assert_int_equal(l->n, 2);
    /* the thumbprints are those of tests/inputs/cert/ */
    assert_string_equal(l->v[0].thumbprint.v, "EB15E8F21681E18C97E25C06809AAD62736A266A");
    assert_string_equal(l->v[0].subject.v, "CN=Alice Example, CN=Users, DC=corp, DC=example, DC=test");
    assert_string_equal(l->v[0].issuer.v, "CN=CORP-CA, DC=corp, DC=example, DC=test");
    assert_string_equal(l->v[0].template_name.v, "User");
    assert_int_equal(l->v[0].template_oid.st, F_NULL);
    assert_true(l->v[0].has_private_key.v);
    assert_false(l->v[0].archived.v);
    char iso[32];
    time_format_iso(l->v[0].not_before.v, iso, sizeof(iso));
    assert_string_equal(iso, "2026-12-03T12:55:00Z");
    /* the older form: hex in pairs, no CERT_SHA1_HASH_PROP_ID */
    assert_string_equal(l->v[1].thumbprint.v, "FD3A5A5027D07BABC8396727014CD6896B116069");
    assert_string_equal(l->v[1].subject.v, "E=jm@corp.example.test, CN=J\xC3\xBCrgen M\xC3\xBCller, O=\"Contoso, Ltd\", C=DE");
    assert_true(l->v[1].archived.v);
    assert_false(l->v[1].has_private_key.v);
    assert_int_equal(l->v[1].template_name.st, F_NULL);
    it_golden(f, "certutil-store-user-en");
    facts_free(f);
    free(b);
}

static void test_store_machine_de(void **state)
{
    (void)state;
    char *b;
    struct facts *f = sample("certutil/store-machine-de.txt", &b);
    assert_int_equal(f->certs[CTX_USER].st, F_ABSENT);
    const struct cert_list *l = &f->certs[CTX_MACHINE];
    assert_int_equal(l->n, 1);
    assert_string_equal(l->v[0].thumbprint.v, "014076E15C0A69A898CD1F424E9FF179E05AE4FF");
    assert_string_equal(l->v[0].subject.v, "CN=PC0042, OU=Computers, DC=corp, DC=example, DC=test");
    assert_string_equal(l->v[0].template_oid.v,
                        "1.3.6.1.4.1.311.21.8.1111111.2222222.3333333.4444444.5555555.66.7777777.8888888");
    char iso[32];
    time_format_iso(l->v[0].not_after.v, iso, sizeof(iso));
    assert_string_equal(iso, "2027-12-03T13:55:00Z");
    it_golden(f, "certutil-store-machine-de");
    facts_free(f);
    /* the caller's context wins */
    struct import_file in;
    it_file(&in, "store.txt", b, strlen(b));
    struct err e;
    assert_int_equal(import_read_certutil_ctx(&in, CTX_USER, &f, &e), 0);
    assert_int_equal(f->certs[CTX_USER].n, 1);
    facts_free(f);
    free(b);
}

/* Day and month: 3/12 alone is ambiguous (the UI language decides), a part
 * above 12 decides for the whole file. */
static void test_store_dates(void **state)
{
    (void)state;
    char *b;
    struct import_file in;
    b = it_sample(&in, "certutil/store-user-en.txt");
    /* without AM/PM, slashes: ambiguous; German UI reads day first */
    char *t = it_dup(b);
    for (char *p; (p = strstr(t, "12:55 PM"));)
        memcpy(p, "12:55   ", 8);
    it_file(&in, "s.txt", t, strlen(t));
    in.ui = LANG_DE;
    struct facts *f = it_read(import_read_certutil, &in);
    char iso[32];
    time_format_iso(f->certs[CTX_USER].v[0].not_before.v, iso, sizeof(iso));
    assert_string_equal(iso, "2026-03-12T12:55:00Z");
    facts_free(f);
    in.ui = LANG_EN;
    f = it_read(import_read_certutil, &in);
    time_format_iso(f->certs[CTX_USER].v[0].not_before.v, iso, sizeof(iso));
    assert_string_equal(iso, "2026-12-03T12:55:00Z");
    facts_free(f);
    free(t);
    free(b);
}

static void test_refused(void **state)
{
    (void)state;
    const char *none = "just text\n";
    it_refuses(import_read_certutil, none, strlen(none), "error.import.certutil", "line", "1");
    const char *verb = "x\nCertUtil: -ping command completed successfully.\n";
    it_refuses(import_read_certutil, verb, strlen(verb), "error.import.certutil", "line", "2");
    const char *failed = "CertUtil: -store command FAILED: 0x80092004 (-2146885628 CRYPT_E_NOT_FOUND)\n";
    it_refuses(import_read_certutil, failed, strlen(failed), "error.import.certutil-failed", "code", "0x80092004");
    const char *flags = "  TemplatePropCommonName = X\n  TemplatePropEnrollmentFlags = zz (1)\n"
                        "CertUtil: -Template command completed successfully.\n";
    it_refuses(import_read_certutil, flags, strlen(flags), "error.import.certutil-value", "line", "2");
    const char *sd = "  TemplatePropCommonName = X\n  TemplatePropSecurityDescriptor = D:(A;;ZZ;;;AU)\n"
                     "CertUtil: -Template command completed successfully.\n";
    it_refuses(import_read_certutil, sd, strlen(sd), "error.import.certutil-sddl", "line", "2");
    const char *ca = "User: User -- Auto-Enroll\nnonsense\nCertUtil: -CATemplates command completed successfully.\n";
    it_refuses(import_read_certutil, ca, strlen(ca), "error.import.certutil-value", "line", "2");
    const char *date = "================ Certificate 0 ================\n NotBefore: 13/13/2026 1:00 PM\n"
                       "CertUtil: -store command completed successfully.\n";
    it_refuses(import_read_certutil, date, strlen(date), "error.import.certutil-value", "line", "2");
    const char *twice = "  TemplatePropCommonName = X\n  TemplatePropCommonName = x\n"
                        "CertUtil: -Template command completed successfully.\n";
    it_refuses(import_read_certutil, twice, strlen(twice), "error.import.certutil-value", "line", "2");
    const char *nothumb = "================ Certificate 0 ================\n NotBefore: 1/1/2026 1:00 PM\n"
                          " NotAfter: 1/1/2027 1:00 PM\nCertUtil: -store command completed successfully.\n";
    it_refuses(import_read_certutil, nothumb, strlen(nothumb), "error.import.certutil-value", "line", "1");
}

/* Every prefix of every sample: facts or a refusal, never a crash. */
static void test_every_cut(void **state)
{
    (void)state;
    static const char *const files[] = {"certutil/template-en.txt", "certutil/store-user-en.txt",
                                        "certutil/store-machine-de.txt", "certutil/catemplates-de.txt"};
    for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++)
        it_every_cut(import_read_certutil, files[k], 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template),         cmocka_unit_test(test_catemplates),
        cmocka_unit_test(test_store_user_en),    cmocka_unit_test(test_store_machine_de),
        cmocka_unit_test(test_store_dates),      cmocka_unit_test(test_refused),
        cmocka_unit_test(test_every_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
