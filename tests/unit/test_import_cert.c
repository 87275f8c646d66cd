/* test_import_cert.c: src/import_cert.c, certificate files (DER and PEM)
 * made with openssl (tests/inputs/cert/README.md): the thumbprint as
 * openssl's SHA-1 fingerprint, names in Windows' form, the template
 * extensions, the context the caller chooses; golden bundles; damaged files
 * refused with the place, every truncation and byte flip without a crash. */
#include "importtest.h"

#include "import_cert.h"

static const struct cert *only(const struct facts *f, enum ctx c)
{
    assert_int_equal(f->certs[c].st, F_SET);
    assert_int_equal(f->certs[c].n, 1);
    assert_int_equal(f->certs[1 - c].st, F_ABSENT);
    return &f->certs[c].v[0];
}

static void test_v1_pem(void **state)
{
    (void)state;
    struct import_file in;
    char *buf = it_sample(&in, "cert/v1-user.pem");
    struct facts *f = it_read(import_read_cert, &in);
    const struct cert *c = only(f, CTX_USER);
    /* openssl x509 -fingerprint -sha1 */
    assert_string_equal(c->thumbprint.v, "EB15E8F21681E18C97E25C06809AAD62736A266A");
    assert_string_equal(c->subject.v, "CN=Alice Example, CN=Users, DC=corp, DC=example, DC=test");
    assert_string_equal(c->issuer.v, "CN=CORP-CA, DC=corp, DC=example, DC=test");
    assert_int_equal(c->template_name.st, F_SET);
    assert_string_equal(c->template_name.v, "User");
    assert_int_equal(c->template_oid.st, F_NULL);
    assert_int_equal(c->archived.st, F_ABSENT);
    assert_int_equal(c->has_private_key.st, F_ABSENT);
    assert_true(c->not_after.v - c->not_before.v == 365 * 86400);
    it_golden(f, "cert-v1-user");
    facts_free(f);
    free(buf);
}

static void test_v2_der_machine(void **state)
{
    (void)state;
    struct import_file in;
    char *buf = it_sample(&in, "cert/v2-machine.cer");
    struct facts *f = NULL;
    struct err e;
    assert_int_equal(import_read_cert_ctx(&in, CTX_MACHINE, &f, &e), 0);
    const struct cert *c = only(f, CTX_MACHINE);
    assert_string_equal(c->thumbprint.v, "014076E15C0A69A898CD1F424E9FF179E05AE4FF");
    assert_string_equal(c->subject.v, "CN=PC0042, OU=Computers, DC=corp, DC=example, DC=test");
    assert_int_equal(c->template_name.st, F_NULL);
    assert_string_equal(c->template_oid.v,
                        "1.3.6.1.4.1.311.21.8.1111111.2222222.3333333.4444444.5555555.66.7777777.8888888");
    it_golden(f, "cert-v2-machine");
    facts_free(f);
    free(buf);
}

static void test_plain_quoted_names(void **state)
{
    (void)state;
    struct import_file in;
    char *buf = it_sample(&in, "cert/plain.cer");
    struct facts *f = it_read(import_read_cert, &in);
    const struct cert *c = only(f, CTX_USER);
    assert_string_equal(c->thumbprint.v, "FD3A5A5027D07BABC8396727014CD6896B116069");
    assert_string_equal(c->subject.v, "E=jm@corp.example.test, CN=J\xC3\xBCrgen M\xC3\xBCller, O=\"Contoso, Ltd\", C=DE");
    assert_int_equal(c->template_name.st, F_NULL);
    assert_int_equal(c->template_oid.st, F_NULL);
    it_golden(f, "cert-plain");
    facts_free(f);
    free(buf);
}

/* Two PEM blocks with text around them (openssl x509 -text style). */
static void test_pem_chain(void **state)
{
    (void)state;
    struct import_file a, b;
    char *pa = it_sample(&a, "cert/v1-user.pem"), *pb = it_sample(&b, "cert/ca.pem");
    size_t n = a.n + b.n + 64;
    char *both = malloc(n);
    assert_non_null(both);
    snprintf(both, n, "subject=whatever\r\n%s\nnotes\n%s", pa, pb);
    struct import_file in;
    it_file(&in, "chain.pem", both, strlen(both));
    struct facts *f = it_read(import_read_cert, &in);
    assert_int_equal(f->certs[CTX_USER].n, 2);
    assert_string_equal(f->certs[CTX_USER].v[1].thumbprint.v, "83FEBECE43AA6D2176CFA579CBDB43853641F65F");
    assert_string_equal(f->certs[CTX_USER].v[1].subject.v, "CN=CORP-CA, DC=corp, DC=example, DC=test");
    facts_free(f);
    free(both);
    free(pa);
    free(pb);
}

static void test_pem_broken(void **state)
{
    (void)state;
    struct import_file a;
    char *pa = it_sample(&a, "cert/v1-user.pem");
    /* a character that is no base64: line 3, column 5 */
    char *bad = it_dup(pa);
    char *l3 = strchr(strchr(bad, '\n') + 1, '\n') + 1;
    l3[4] = '*';
    it_refuses(import_read_cert, bad, strlen(bad), "error.import.cert-base64", "line", "3");
    it_refuses(import_read_cert, bad, strlen(bad), "error.import.cert-base64", "column", "5");
    /* the END line missing */
    char *end = strstr(bad, "-----END");
    *end = '\0';
    it_refuses(import_read_cert, bad, strlen(bad), "error.import.cert-end", "line", "1");
    /* a block whose DER is cut short (30 82 01: a SEQUENCE and half its length) */
    const char *cut = "text\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    it_refuses(import_read_cert, cut, strlen(cut), "error.import.cert-pem", "line", "2");
    it_refuses(import_read_cert, cut, strlen(cut), "error.import.cert-pem", "offset", "0");
    const char *none = "just some text\n";
    it_refuses(import_read_cert, none, strlen(none), "error.import.cert-none", NULL, NULL);
    free(bad);
    free(pa);
}

static void test_der_every_truncation_and_flip(void **state)
{
    (void)state;
    struct import_file s;
    char *buf = it_sample(&s, "cert/v2-machine.cer");
    size_t n = s.n;
    unsigned char *copy = malloc(n + 1);
    assert_non_null(copy);
    for (size_t k = 0; k < n; k++) {
        memcpy(copy, buf, k);
        struct import_file in;
        it_file(&in, "cut.cer", (const char *)copy, k);
        struct facts *f = NULL;
        struct err e;
        err_clear(&e);
        assert_int_equal(import_read_cert(&in, &f, &e), -1);
        assert_null(f);
    }
    size_t accepted = 0;
    for (size_t k = 0; k < n; k++) {
        for (unsigned bit = 0; bit < 8; bit += 3) {
            memcpy(copy, buf, n);
            copy[k] ^= (unsigned char)(1u << bit);
            struct import_file in;
            it_file(&in, "flip.cer", (const char *)copy, n);
            struct facts *f = NULL;
            struct err e;
            err_clear(&e);
            int rc = import_read_cert(&in, &f, &e);
            if (rc == 0) {
                accepted++;
                facts_free(f);
            } else {
                assert_true(strncmp(e.key, "error.import.cert", 17) == 0);
                assert_non_null(err_get(&e, "file"));
            }
        }
    }
    /* a flip in the key or the signature goes unnoticed: those bytes are not read */
    assert_true(accepted > 0);
    /* trailing bytes */
    memcpy(copy, buf, n);
    copy[n] = 0;
    it_refuses(import_read_cert, (const char *)copy, n + 1, "error.import.cert", "offset", "578");
    free(copy);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v1_pem),
        cmocka_unit_test(test_v2_der_machine),
        cmocka_unit_test(test_plain_quoted_names),
        cmocka_unit_test(test_pem_chain),
        cmocka_unit_test(test_pem_broken),
        cmocka_unit_test(test_der_every_truncation_and_flip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
