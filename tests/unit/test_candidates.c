/* test_candidates.c: the candidate templates and their ranking (candidates.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "candidates.h"

#include "testutil.h"

#define DOM "S-1-5-21-1004336348-1177238915-682003330"
#define ENROLL "0e10c968-78fb-11d2-90d4-00c04f79dc55"
#define AUTOENROLL "a05b8cc2-17bc-4802-a710-e7c15ab866a2"
#define T_BOTH_DU "D:PAI(OA;;CR;" ENROLL ";;DU)(OA;;CR;" AUTOENROLL ";;DU)(A;;LCRPLORC;;;AU)"
#define T_ENROLL_DU "D:PAI(OA;;CR;" ENROLL ";;DU)(A;;LCRPLORC;;;AU)"
#define T_DENY_DU "D:PAI(OD;;CR;" ENROLL ";;DU)(OA;;CR;" ENROLL ";;AU)(OA;;CR;" AUTOENROLL ";;AU)"
#define T_NONE "D:PAI(A;;LCRPLORC;;;AU)"

#define IDENT "\"identity\":{\"user\":{\"name\":\"CONTOSO\\\\alice\",\"sid\":\"" DOM "-1104\"," \
              "\"token_groups\":[\"" DOM "-513\",\"S-1-5-11\",\"S-1-1-0\"]}}"

static struct facts *load(const char *facts)
{
    char json[8192];
    snprintf(json, sizeof(json),
             "{\"format\":\"enrolldoc-bundle/1\",\"context\":\"user\",\"facts\":{%s}}", facts);
    return tu_bundle(json);
}

static void test_ranking(void **state)
{
    (void)state;
    struct facts *f = load(
        IDENT ",\"templates\":["
        "{\"name\":\"Zeta\",\"sddl\":\"" T_BOTH_DU "\"},"
        "{\"name\":\"ContosoUser\",\"display_name\":\"Contoso User\",\"oid\":\"1.2.3.4\",\"sddl\":\"" T_BOTH_DU "\"},"
        "{\"name\":\"EnrollOnly\",\"sddl\":\"" T_ENROLL_DU "\"},"
        "{\"name\":\"Denied\",\"sddl\":\"" T_DENY_DU "\"},"
        "{\"name\":\"Nobody\",\"sddl\":\"" T_NONE "\"},"
        "{\"name\":\"Stored\",\"oid\":\"1.2.3.9\",\"sddl\":\"" T_NONE "\"}],"
        "\"cas\":[{\"name\":\"CA1\",\"templates\":[\"ContosoUser\",\"Denied\",\"EnrollOnly\"]}],"
        "\"certificates\":{\"user\":[{\"thumbprint\":\"AA\",\"template_oid\":\"1.2.3.9\"}]},"
        "\"events\":[{\"provider\":\"Microsoft-Windows-CertificateServicesClient-AutoEnrollment\","
        "\"id\":6,\"message\":\"Automatic certificate enrollment for CONTOSO\\\\alice failed to enroll "
        "for one Denied certificate (0x80094012).\"}]");
    struct arena a = {0};
    struct candidate *c;
    size_t n = candidates_list(f, CTX_USER, &a, &c);
    assert_int_equal(n, 5);
    assert_string_equal(c[0].name, "ContosoUser");   /* autoenroll + published */
    assert_int_equal(c[0].why, CAND_AUTOENROLL | CAND_PUBLISHED);
    assert_string_equal(c[1].name, "Zeta");          /* autoenroll */
    assert_string_equal(c[2].name, "Denied");        /* published + events, the deny wins */
    assert_int_equal(c[2].why, CAND_PUBLISHED | CAND_EVENTS);
    assert_string_equal(c[3].name, "EnrollOnly");    /* published + enroll */
    assert_string_equal(c[4].name, "Stored");        /* by the certificate's OID */
    assert_int_equal(c[4].why, CAND_STORE);
    /* without a context the rights are not looked at */
    n = candidates_list(f, CTX_NONE, &a, &c);
    assert_int_equal(n, 4);
    assert_string_equal(c[0].name, "Denied");
    arena_free(&a);
    facts_free(f);
}

static void test_names_matched(void **state)
{
    (void)state;
    /* a display name in the store and the CA's list in other letter case */
    struct facts *f = load(
        "\"templates\":[{\"name\":\"ContosoUser\",\"display_name\":\"Contoso User\"}],"
        "\"cas\":[{\"name\":\"CA1\",\"templates\":[\"contosouser\"]}],"
        "\"certificates\":{\"user\":[{\"thumbprint\":\"AA\",\"template_name\":\"Contoso User\"}]}");
    struct arena a = {0};
    struct candidate *c;
    assert_int_equal(candidates_list(f, CTX_USER, &a, &c), 1);
    assert_string_equal(c[0].name, "ContosoUser");
    assert_int_equal(c[0].why, CAND_PUBLISHED | CAND_STORE);
    arena_free(&a);
    facts_free(f);
}

static void test_none(void **state)
{
    (void)state;
    struct facts *f = load("\"aepolicy\":{\"user\":7}");
    struct arena a = {0};
    struct candidate *c = (struct candidate *)1;
    assert_int_equal(candidates_list(f, CTX_USER, &a, &c), 0);
    assert_null(c);
    arena_free(&a);
    facts_free(f);
}

static void test_event_texts(void **state)
{
    (void)state;
    struct arena a = {0};
    assert_string_equal(candidates_event_template(
                            "Certificate enrollment for CONTOSO\\alice failed ... (WIN32: 1722 "
                            "RPC_S_SERVER_UNAVAILABLE)). Failed to enroll for template: ContosoUser",
                            &a),
                        "ContosoUser");
    assert_string_equal(candidates_event_template("Die automatische Zertifikatregistrierung für "
                                                  "CONTOSO\\alice konnte kein Zertifikat der Vorlage "
                                                  "ContosoUser anfordern.",
                                                  &a),
                        "ContosoUser");
    assert_string_equal(candidates_event_template("failed to enroll for one ContosoSmartcardUser "
                                                  "certificate (0x80094012).",
                                                  &a),
                        "ContosoSmartcardUser");
    assert_string_equal(candidates_event_template("for template: Web.", &a), "Web");
    assert_null(candidates_event_template("one more thing: the certificate", &a));
    assert_null(candidates_event_template("The RPC server is unavailable.", &a));
    assert_null(candidates_event_template(NULL, &a));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranking),
        cmocka_unit_test(test_names_matched),
        cmocka_unit_test(test_none),
        cmocka_unit_test(test_event_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
