/* test_codes.c: error codes: parsing, the table, lookups, finding codes in
 * event messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codes.h"
#include "err.h"
#include "util.h"

/* ---- parsing ----------------------------------------------------------- */

static uint32_t parse_ok(const char *s, bool sym)
{
    uint32_t v = 0xDEADBEEFu;
    if (code_parse(s, sym, &v) != 0)
        fail_msg("code_parse(\"%s\") refused", s);
    return v;
}

static void parse_bad(const char *s, bool sym)
{
    uint32_t v = 0x12345678u;
    if (code_parse(s, sym, &v) != -1)
        fail_msg("code_parse(\"%s\") accepted: 0x%08X", s, (unsigned)v);
    assert_int_equal(v, 0x12345678u); /* untouched on failure */
}

static void test_parse_forms(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("0x800706BA", false), 0x800706BAu);
    assert_int_equal(parse_ok("0x800706ba", false), 0x800706BAu);
    assert_int_equal(parse_ok("0X800706Ba", false), 0x800706BAu);
    assert_int_equal(parse_ok("800706ba", false), 0x800706BAu);
    assert_int_equal(parse_ok("800706BA", false), 0x800706BAu);
    assert_int_equal(parse_ok("-2147023174", false), 0x800706BAu);
    assert_int_equal(parse_ok("1722", false), 0x800706BAu);
    assert_int_equal(parse_ok("0", false), 0u);
    assert_int_equal(parse_ok("0x0", false), 0u);
    assert_int_equal(parse_ok("-0", false), 0u);
    /* Every form of certutil's CERTSRV_E_UNSUPPORTED_CERT_TYPE. */
    assert_int_equal(parse_ok("0x80094800", false), 0x80094800u);
    assert_int_equal(parse_ok("80094800", false), 0x80094800u); /* 8 digits, begins with 8 */
    assert_int_equal(parse_ok("-2146875392", false), 0x80094800u);
    assert_int_equal(parse_ok("2148091904", false), 0x80094800u); /* positive decimal */
    assert_int_equal(parse_ok("c0000022", false), 0xC0000022u);
    assert_int_equal(parse_ok("0x41303", false), 0x00041303u);
    assert_int_equal(parse_ok("0x6ba", false), 0x800706BAu);   /* short hex is Win32 */
    assert_int_equal(parse_ok("0x0000000080094812", false), 0x80094812u);
    assert_int_equal(parse_ok("4294967295", false), 0xFFFFFFFFu);
    assert_int_equal(parse_ok("-2147483648", false), 0x80000000u);
    assert_int_equal(parse_ok("-1", false), 0xFFFFFFFFu);
    assert_int_equal(parse_ok("65536", false), 0x00010000u); /* not a Win32 code */
    /* Blanks around. */
    assert_int_equal(parse_ok("  0x800706BA\t", false), 0x800706BAu);
    assert_int_equal(parse_ok(" -2146893776 \n", false), 0x80090030u);
    assert_int_equal(parse_ok("\t1722 ", false), 0x800706BAu);
    /* Symbols, any case, aliases too. */
    assert_int_equal(parse_ok("RPC_S_SERVER_UNAVAILABLE", true), 0x800706BAu);
    assert_int_equal(parse_ok("rpc_s_server_unavailable", true), 0x800706BAu);
    assert_int_equal(parse_ok(" Cert_E_Invalid_Policy ", true), 0x800B0113u);
    assert_int_equal(parse_ok("WS_E_ENDPOINT_FAULT_RECEIVED", true), 0x803D0013u);
    assert_int_equal(parse_ok("ERROR_ACCESS_DENIED", true), 0x80070005u);
    assert_int_equal(parse_ok("S_OK", true), 0u);
    /* Numbers stay numbers when symbols are allowed. */
    assert_int_equal(parse_ok("1722", true), 0x800706BAu);
}

static void test_parse_rejects(void **state)
{
    (void)state;
    parse_bad("", true);
    parse_bad("   ", true);
    parse_bad("0x", true);
    parse_bad("0X", false);
    parse_bad("0xZZ", true);
    parse_bad("0x80070 6BA", false);
    parse_bad("0x1FFFFFFFF", false);      /* 33 bits */
    parse_bad("1FFFFFFFF", false);
    parse_bad("12abc!", true);
    parse_bad("99999999999", false);
    parse_bad("4294967296", false);
    parse_bad("-2147483649", false);
    parse_bad("-", false);
    parse_bad("--5", false);
    parse_bad("+1722", false);
    parse_bad("-0x5", false);
    parse_bad("1722x", false);
    parse_bad("0x800706BAh", false);
    parse_bad("RPC_S_SERVER_UNAVAILABLE", false); /* symbols not allowed */
    parse_bad("RPC_S_NO_SUCH_THING", true);
    parse_bad("RPC_S_SERVER_UNAVAILABLE!", true);
    parse_bad("RPC S SERVER UNAVAILABLE", true);
    parse_bad("RPC_S_SERVER_UNAVAILABLEXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
              true);
    uint32_t v;
    assert_int_equal(code_parse(NULL, true, &v), -1);
}

static void test_normalize(void **state)
{
    (void)state;
    assert_int_equal(code_normalize(0), 0u);
    assert_int_equal(code_normalize(5), 0x80070005u);
    assert_int_equal(code_normalize(1722), 0x800706BAu);
    assert_int_equal(code_normalize(0xFFFF), 0x8007FFFFu);
    assert_int_equal(code_normalize(0x10000), 0x10000u);
    assert_int_equal(code_normalize(0x00041303), 0x00041303u);
    assert_int_equal(code_normalize(0x800706BA), 0x800706BAu);
}

static void test_from_double(void **state)
{
    (void)state;
    uint32_t v = 0;
    assert_int_equal(code_from_double(-2147023174.0, &v), 0);
    assert_int_equal(v, 0x800706BAu);
    assert_int_equal(code_from_double(2147944122.0, &v), 0);
    assert_int_equal(v, 0x800706BAu);
    assert_int_equal(code_from_double(1722.0, &v), 0);
    assert_int_equal(v, 0x800706BAu);
    assert_int_equal(code_from_double(0.0, &v), 0);
    assert_int_equal(v, 0u);
    assert_int_equal(code_from_double(267011.0, &v), 0); /* 0x41303 */
    assert_int_equal(v, 0x00041303u);
    assert_int_equal(code_from_double(-2147483648.0, &v), 0);
    assert_int_equal(v, 0x80000000u);
    assert_int_equal(code_from_double(4294967295.0, &v), 0);
    assert_int_equal(v, 0xFFFFFFFFu);
    v = 7;
    assert_int_equal(code_from_double(4294967296.0, &v), -1);
    assert_int_equal(code_from_double(-2147483649.0, &v), -1);
    assert_int_equal(code_from_double(1.5, &v), -1);
    assert_int_equal(code_from_double(nan(""), &v), -1);
    assert_int_equal(code_from_double(1e300, &v), -1);
    assert_int_equal(v, 7u);
}

static void test_format(void **state)
{
    (void)state;
    char buf[11];
    code_format(0x800706BAu, buf, sizeof buf);
    assert_string_equal(buf, "0x800706BA");
    code_format(0x00041303u, buf, sizeof buf);
    assert_string_equal(buf, "0x00041303");
    code_format(0, buf, sizeof buf);
    assert_string_equal(buf, "0x00000000");
    char small[5];
    code_format(0x800706BAu, small, sizeof small);
    assert_string_equal(small, "0x80"); /* truncated, terminated */
    /* Round trip through the parser. */
    uint32_t v;
    code_format(0x803D0013u, buf, sizeof buf);
    assert_int_equal(code_parse(buf, false, &v), 0);
    assert_int_equal(v, 0x803D0013u);
}

/* ---- the table --------------------------------------------------------- */

static void test_table_sorted_unique(void **state)
{
    (void)state;
    size_t n = 0;
    const struct code_info *t = code_table(&n);
    assert_non_null(t);
    assert_true(n > 300);
    for (size_t i = 1; i < n; i++)
        if (t[i - 1].value >= t[i].value)
            fail_msg("not sorted at %s / %s", t[i - 1].symbol, t[i].symbol);
    /* A value below 0x10000 other than 0 would be unreachable: lookups take
     * it for a Win32 code. */
    for (size_t i = 0; i < n; i++)
        assert_true(t[i].value == 0 || t[i].value >= 0x10000u);
    /* Symbols: well formed, and the symbol index is a sorted permutation,
     * so no symbol appears twice. */
    char *hit = calloc(n, 1);
    assert_non_null(hit);
    for (size_t i = 0; i < n; i++) {
        const char *s = t[i].symbol;
        assert_non_null(s);
        for (const char *c = s; *c; c++)
            assert_true((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_');
        assert_true(strlen(s) < 64);
        size_t k = code_symbol_index[i];
        assert_true(k < n);
        assert_false(hit[k]);
        hit[k] = 1;
        if (i > 0 && strcmp(t[code_symbol_index[i - 1]].symbol, t[k].symbol) >= 0)
            fail_msg("symbol index not sorted at %s", t[k].symbol);
    }
    free(hit);
    /* Aliases: sorted, none is also a table symbol, each names a value of
     * the table. */
    for (size_t i = 0; i < code_aliases_len; i++) {
        const struct code_alias *a = &code_aliases[i];
        if (i > 0)
            assert_true(strcmp(code_aliases[i - 1].symbol, a->symbol) < 0);
        for (size_t k = 0; k < n; k++)
            assert_string_not_equal(t[k].symbol, a->symbol);
        assert_non_null(code_lookup(a->value));
        const struct code_info *e = code_lookup_symbol(a->symbol);
        assert_non_null(e);
        assert_int_equal(e->value, a->value);
    }
}

/* Every CERTSRV_E_* code of winerror.h (Windows SDK 10.0.22621). */
static const struct {
    const char *sym;
    uint32_t value;
} certsrv[] = {
    {"CERTSRV_E_BAD_REQUESTSUBJECT", 0x80094001}, {"CERTSRV_E_NO_REQUEST", 0x80094002},
    {"CERTSRV_E_BAD_REQUESTSTATUS", 0x80094003}, {"CERTSRV_E_PROPERTY_EMPTY", 0x80094004},
    {"CERTSRV_E_INVALID_CA_CERTIFICATE", 0x80094005}, {"CERTSRV_E_SERVER_SUSPENDED", 0x80094006},
    {"CERTSRV_E_ENCODING_LENGTH", 0x80094007}, {"CERTSRV_E_ROLECONFLICT", 0x80094008},
    {"CERTSRV_E_RESTRICTEDOFFICER", 0x80094009},
    {"CERTSRV_E_KEY_ARCHIVAL_NOT_CONFIGURED", 0x8009400A}, {"CERTSRV_E_NO_VALID_KRA", 0x8009400B},
    {"CERTSRV_E_BAD_REQUEST_KEY_ARCHIVAL", 0x8009400C},
    {"CERTSRV_E_NO_CAADMIN_DEFINED", 0x8009400D},
    {"CERTSRV_E_BAD_RENEWAL_CERT_ATTRIBUTE", 0x8009400E},
    {"CERTSRV_E_NO_DB_SESSIONS", 0x8009400F}, {"CERTSRV_E_ALIGNMENT_FAULT", 0x80094010},
    {"CERTSRV_E_ENROLL_DENIED", 0x80094011}, {"CERTSRV_E_TEMPLATE_DENIED", 0x80094012},
    {"CERTSRV_E_DOWNLEVEL_DC_SSL_OR_UPGRADE", 0x80094013},
    {"CERTSRV_E_ADMIN_DENIED_REQUEST", 0x80094014}, {"CERTSRV_E_NO_POLICY_SERVER", 0x80094015},
    {"CERTSRV_E_WEAK_SIGNATURE_OR_KEY", 0x80094016},
    {"CERTSRV_E_KEY_ATTESTATION_NOT_SUPPORTED", 0x80094017},
    {"CERTSRV_E_ENCRYPTION_CERT_REQUIRED", 0x80094018},
    {"CERTSRV_E_UNSUPPORTED_CERT_TYPE", 0x80094800}, {"CERTSRV_E_NO_CERT_TYPE", 0x80094801},
    {"CERTSRV_E_TEMPLATE_CONFLICT", 0x80094802},
    {"CERTSRV_E_SUBJECT_ALT_NAME_REQUIRED", 0x80094803},
    {"CERTSRV_E_ARCHIVED_KEY_REQUIRED", 0x80094804}, {"CERTSRV_E_SMIME_REQUIRED", 0x80094805},
    {"CERTSRV_E_BAD_RENEWAL_SUBJECT", 0x80094806}, {"CERTSRV_E_BAD_TEMPLATE_VERSION", 0x80094807},
    {"CERTSRV_E_TEMPLATE_POLICY_REQUIRED", 0x80094808},
    {"CERTSRV_E_SIGNATURE_POLICY_REQUIRED", 0x80094809},
    {"CERTSRV_E_SIGNATURE_COUNT", 0x8009480A}, {"CERTSRV_E_SIGNATURE_REJECTED", 0x8009480B},
    {"CERTSRV_E_ISSUANCE_POLICY_REQUIRED", 0x8009480C},
    {"CERTSRV_E_SUBJECT_UPN_REQUIRED", 0x8009480D},
    {"CERTSRV_E_SUBJECT_DIRECTORY_GUID_REQUIRED", 0x8009480E},
    {"CERTSRV_E_SUBJECT_DNS_REQUIRED", 0x8009480F},
    {"CERTSRV_E_ARCHIVED_KEY_UNEXPECTED", 0x80094810}, {"CERTSRV_E_KEY_LENGTH", 0x80094811},
    {"CERTSRV_E_SUBJECT_EMAIL_REQUIRED", 0x80094812}, {"CERTSRV_E_UNKNOWN_CERT_TYPE", 0x80094813},
    {"CERTSRV_E_CERT_TYPE_OVERLAP", 0x80094814}, {"CERTSRV_E_TOO_MANY_SIGNATURES", 0x80094815},
    {"CERTSRV_E_RENEWAL_BAD_PUBLIC_KEY", 0x80094816}, {"CERTSRV_E_INVALID_EK", 0x80094817},
    {"CERTSRV_E_INVALID_IDBINDING", 0x80094818}, {"CERTSRV_E_INVALID_ATTESTATION", 0x80094819},
    {"CERTSRV_E_KEY_ATTESTATION", 0x8009481A}, {"CERTSRV_E_CORRUPT_KEY_ATTESTATION", 0x8009481B},
    {"CERTSRV_E_EXPIRED_CHALLENGE", 0x8009481C}, {"CERTSRV_E_INVALID_RESPONSE", 0x8009481D},
    {"CERTSRV_E_INVALID_REQUESTID", 0x8009481E},
    {"CERTSRV_E_REQUEST_PRECERTIFICATE_MISMATCH", 0x8009481F},
    {"CERTSRV_E_PENDING_CLIENT_RESPONSE", 0x80094820},
    {"CERTSRV_E_SEC_EXT_DIRECTORY_SID_REQUIRED", 0x80094821},
};

/* Codes the documents (seeds, findings.md, cli.md) name, and a few more
 * checked against winerror.h by hand. */
static const struct {
    const char *sym;
    uint32_t value;
} named[] = {
    {"S_OK", 0x00000000},
    {"SCHED_S_TASK_READY", 0x00041300}, {"SCHED_S_TASK_RUNNING", 0x00041301},
    {"SCHED_S_TASK_DISABLED", 0x00041302}, {"SCHED_S_TASK_HAS_NOT_RUN", 0x00041303},
    {"E_FAIL", 0x80004005}, {"E_ACCESSDENIED", 0x80070005}, {"E_INVALIDARG", 0x80070057},
    {"E_OUTOFMEMORY", 0x8007000E}, {"E_NOTIMPL", 0x80004001},
    {"ERROR_FILE_NOT_FOUND", 0x80070002}, {"ERROR_NOT_FOUND", 0x80070490},
    {"ERROR_CANCELLED", 0x800704C7}, {"ERROR_NO_SUCH_DOMAIN", 0x8007054B},
    {"ERROR_TIMEOUT", 0x800705B4}, {"ERROR_NO_LOGON_SERVERS", 0x8007051F},
    {"ERROR_DOMAIN_CONTROLLER_NOT_FOUND", 0x80070774},
    {"RPC_S_SERVER_UNAVAILABLE", 0x800706BA}, {"RPC_S_SERVER_TOO_BUSY", 0x800706BB},
    {"RPC_S_CALL_FAILED", 0x800706BE}, {"EPT_S_NOT_REGISTERED", 0x800706D9},
    {"RPC_S_UNKNOWN_AUTHN_SERVICE", 0x800706D3}, {"RPC_S_SEC_PKG_ERROR", 0x80070721},
    {"REGDB_E_CLASSNOTREG", 0x80040154}, {"CO_E_SERVER_EXEC_FAILURE", 0x80080005},
    {"RPC_E_DISCONNECTED", 0x80010108},
    {"NTE_BAD_KEYSET", 0x80090016}, {"NTE_DEVICE_NOT_READY", 0x80090030},
    {"NTE_NOT_SUPPORTED", 0x80090029}, {"NTE_PERM", 0x80090010},
    {"SEC_E_TARGET_UNKNOWN", 0x80090303}, {"SEC_E_LOGON_DENIED", 0x8009030C},
    {"SEC_E_NO_CREDENTIALS", 0x8009030E}, {"SEC_E_NO_AUTHENTICATING_AUTHORITY", 0x80090311},
    {"SEC_E_WRONG_PRINCIPAL", 0x80090322}, {"SEC_E_KDC_UNKNOWN_ETYPE", 0x80090342},
    {"SEC_E_DELEGATION_REQUIRED", 0x80090345}, {"SEC_E_DOWNGRADE_DETECTED", 0x80090350},
    {"CRYPT_E_NOT_FOUND", 0x80092004}, {"CRYPT_E_REVOKED", 0x80092010},
    {"CRYPT_E_NO_REVOCATION_CHECK", 0x80092012}, {"CRYPT_E_REVOCATION_OFFLINE", 0x80092013},
    {"CERT_E_EXPIRED", 0x800B0101}, {"CERT_E_CHAINING", 0x800B010A},
    {"CERT_E_UNTRUSTEDROOT", 0x800B0109}, {"CERT_E_REVOKED", 0x800B010C},
    {"CERT_E_INVALID_POLICY", 0x800B0113},
    {"WS_E_ENDPOINT_ACCESS_DENIED", 0x803D0005}, {"WS_E_ENDPOINT_NOT_FOUND", 0x803D000D},
    {"WS_E_ENDPOINT_FAILURE", 0x803D000F}, {"WS_E_ENDPOINT_UNREACHABLE", 0x803D0010},
    {"WS_E_ENDPOINT_FAULT_RECEIVED", 0x803D0013}, {"WS_E_INVALID_ENDPOINT_URL", 0x803D0020},
    {"WS_E_SECURITY_SYSTEM_FAILURE", 0x803D0023},
};

static void test_table_known(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof certsrv / sizeof certsrv[0]; i++) {
        const struct code_info *e = code_lookup(certsrv[i].value);
        if (e == NULL)
            fail_msg("%s missing", certsrv[i].sym);
        assert_string_equal(e->symbol, certsrv[i].sym);
    }
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        const struct code_info *e = code_lookup(named[i].value);
        if (e == NULL)
            fail_msg("%s missing", named[i].sym);
        assert_string_equal(e->symbol, named[i].sym);
    }
    /* Every WS_E_ code of the range. */
    for (uint32_t v = 0x803D0000u; v <= 0x803D0023u; v++) {
        const struct code_info *e = code_lookup(v);
        assert_non_null(e);
        assert_memory_equal(e->symbol, "WS_E_", 5);
    }
    /* Lookups normalise; unknown codes are NULL. */
    assert_ptr_equal(code_lookup(1722), code_lookup(0x800706BAu));
    assert_null(code_lookup(0x8009FFFFu));
    assert_null(code_lookup(0x12345678u));
}

static void test_lookup_symbol_roundtrip(void **state)
{
    (void)state;
    size_t n;
    const struct code_info *t = code_table(&n);
    char lower[64];
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(code_lookup_symbol(t[i].symbol), &t[i]);
        assert_ptr_equal(code_lookup(t[i].value), &t[i]);
        size_t k = 0;
        for (; t[i].symbol[k] && k + 1 < sizeof lower; k++) {
            char c = t[i].symbol[k];
            lower[k] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        }
        lower[k] = 0;
        assert_ptr_equal(code_lookup_symbol(lower), &t[i]);
        uint32_t v;
        assert_int_equal(code_parse(lower, true, &v), 0);
        assert_int_equal(v, t[i].value);
    }
    assert_null(code_lookup_symbol(NULL));
    assert_null(code_lookup_symbol(""));
    assert_null(code_lookup_symbol("RPC_S_SERVER"));
    assert_null(code_lookup_symbol("RPC_S_SERVER_UNAVAILABLE_"));
    assert_null(code_lookup_symbol("RPC_S_SERVER_UNAVAILABLE "));
}

/* Reads FILE under DIR into a string; the caller frees it. */
static char *slurp(const char *dir, const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    char *text = NULL;
    size_t len = 0;
    struct err e;
    err_clear(&e);
    if (read_file(path, &text, &len, &e) != 0)
        fail_msg("cannot read %s", path);
    return text;
}

static void test_findings_exist(void **state)
{
    (void)state;
    /* the project's list (doc/findings.md, held to the checks by
     * tests/cli/docs.sh): the shared spec's findings and the ones added since */
    char *spec = slurp(SOURCE_DIR, "doc/findings.md");
    size_t n;
    const struct code_info *t = code_table(&n);
    size_t with = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i].findings == NULL)
            continue;
        with++;
        assert_non_null(t[i].findings[0]);
        for (const char *const *f = t[i].findings; *f; f++) {
            char quoted[128];
            snprintf(quoted, sizeof quoted, "`%s`", *f);
            if (strstr(spec, quoted) == NULL)
                fail_msg("%s points to unknown finding %s", t[i].symbol, *f);
            for (const char *const *g = t[i].findings; g != f; g++)
                assert_string_not_equal(*g, *f);
        }
    }
    assert_true(with > 10);
    free(spec);
}

static bool has_finding(uint32_t v, const char *id)
{
    const struct code_info *e = code_lookup(v);
    if (e == NULL || e->findings == NULL)
        return false;
    for (const char *const *f = e->findings; *f; f++)
        if (strcmp(*f, id) == 0)
            return true;
    return false;
}

static void test_findings_mapping(void **state)
{
    (void)state;
    assert_true(has_finding(0x800706BAu, "ca.unreachable"));
    assert_true(has_finding(0x800706BAu, "ces.endpoint-failure"));
    assert_true(has_finding(0x80094800u, "enroll.template-unsupported"));
    assert_true(has_finding(0x80094800u, "template.not-published"));
    assert_true(has_finding(0x80094012u, "ca.denied"));
    assert_true(has_finding(0x80094012u, "perm.template-enroll"));
    assert_true(has_finding(0x80094012u, "perm.ca-request"));
    assert_true(has_finding(0x80094012u, "perm.token-stale"));
    assert_true(has_finding(0x80094812u, "account.mail-missing"));
    assert_true(has_finding(0x800B0113u, "template.invalid-policy"));
    assert_true(has_finding(0x803D0013u, "ces.user-not-delegated"));
    assert_true(has_finding(0x803D0013u, "ces.no-delegation"));
    assert_true(has_finding(0x803D0013u, "ces.ca-request-failed"));
    assert_true(has_finding(0x803D000Fu, "ces.endpoint-failure"));
    assert_true(has_finding(0x803D000Fu, "ca.unreachable"));
    assert_true(has_finding(0x80090030u, "ksp.unavailable"));
    assert_true(has_finding(0x80090016u, "ksp.unavailable"));
    assert_true(has_finding(0x00041303u, "task.never-run"));
    assert_false(has_finding(0x80004005u, "ca.unreachable")); /* E_FAIL: nothing */
    assert_null(code_lookup(0x80004005u)->findings);
}

/* The codes the documents name have a meaning in both catalogs. */
static void test_catalog_meanings(void **state)
{
    (void)state;
    static const char *const syms[] = {
        "RPC_S_SERVER_UNAVAILABLE", "CERTSRV_E_UNSUPPORTED_CERT_TYPE",
        "CERTSRV_E_TEMPLATE_DENIED", "CERTSRV_E_SUBJECT_EMAIL_REQUIRED",
        "CERT_E_INVALID_POLICY", "WS_E_ENDPOINT_FAULT_RECEIVED", "WS_E_ENDPOINT_FAILURE",
        "NTE_DEVICE_NOT_READY", "SCHED_S_TASK_HAS_NOT_RUN",
    };
    char *cat[2] = {slurp(SOURCE_DIR, "locale/en.json"), slurp(SOURCE_DIR, "locale/de.json")};
    for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
        assert_non_null(code_lookup_symbol(syms[i]));
        char key[128];
        snprintf(key, sizeof key, "\"code.%s\"", syms[i]);
        for (int l = 0; l < 2; l++)
            if (strstr(cat[l], key) == NULL)
                fail_msg("%s missing in %s", key, l ? "de.json" : "en.json");
    }
    /* Every code.* key of a catalog names a symbol of the table. */
    for (int l = 0; l < 2; l++) {
        for (const char *p = strstr(cat[l], "\"code."); p; p = strstr(p + 1, "\"code.")) {
            const char *s = p + 6;
            size_t n = strcspn(s, "\"");
            char sym[80];
            assert_true(n < sizeof sym);
            memcpy(sym, s, n);
            sym[n] = 0;
            const struct code_info *e = code_lookup_symbol(sym);
            if (e == NULL || strcmp(e->symbol, sym) != 0)
                fail_msg("catalog key code.%s names no table symbol", sym);
        }
    }
    free(cat[0]);
    free(cat[1]);
}

/* ---- code_scan_text ---------------------------------------------------- */

struct found {
    uint32_t v[16];
    size_t n;
};

static void collect(uint32_t code, void *ud)
{
    struct found *f = ud;
    assert_true(f->n < 16);
    f->v[f->n++] = code;
}

static struct found scan(const char *text)
{
    struct found f = {{0}, 0};
    code_scan_text(text, collect, &f);
    return f;
}

static void test_scan_certutil(void **state)
{
    (void)state;
    struct found f = scan("CertUtil: -csptest command FAILED: 0x80090030 (-2146893776 "
                          "NTE_DEVICE_NOT_READY)\r\nCertUtil: The device that is required by "
                          "this cryptographic provider is not ready for use.");
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0], 0x80090030u);

    f = scan("The certificate request could not be submitted to the certification authority. "
             "Error: The RPC server is unavailable. 0x800706ba (WIN32: 1722 "
             "RPC_S_SERVER_UNAVAILABLE)");
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0], 0x800706BAu);

    f = scan("The requested certificate template is not supported by this CA. 0x80094800 "
             "(-2146875392 CERTSRV_E_UNSUPPORTED_CERT_TYPE).");
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0], 0x80094800u);

    /* Only the WIN32 part, no hex. */
    f = scan("Fehler (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)");
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0], 0x800706BAu);
    f = scan("(WIN32/HTTP: 12002 ERROR_WINHTTP_TIMEOUT)");
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0], 0x80072EE2u);
    f = scan("WIN32: 5");
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0], 0x80070005u);

    /* Negative decimal alone, in parentheses. */
    f = scan("Code (-2143485933)");
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0], 0x803D0013u);
}

static void test_scan_german_and_order(void **state)
{
    (void)state;
    struct found f = scan("Bei der automatischen Registrierung für \"Lokales System\" konnte "
                          "keine Verbindung mit dem Active Directory hergestellt werden "
                          "(0x8007054b). Die angegebene Domäne ist nicht vorhanden.");
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0], 0x8007054Bu);

    /* Several codes, each once, in order of first appearance. */
    f = scan("Eine Nachricht mit einem Fehler wurde vom Remoteendpunkt empfangen. 0x803d0013 "
             "(-2143485933 WS_E_ENDPOINT_FAULT_RECEIVED) Die E-Mail-Adresse fehlt. 0x80094812 "
             "(-2146875374 CERTSRV_E_SUBJECT_EMAIL_REQUIRED) und nochmals 0X803D0013, "
             "CERT_E_INVALID_POLICY, -2146762477.");
    assert_int_equal(f.n, 3);
    assert_int_equal(f.v[0], 0x803D0013u);
    assert_int_equal(f.v[1], 0x80094812u);
    assert_int_equal(f.v[2], 0x800B0113u);

    /* Alias symbols and bare symbols count. */
    f = scan("Access: ERROR_ACCESS_DENIED; then SCHED_S_TASK_HAS_NOT_RUN");
    assert_int_equal(f.n, 2);
    assert_int_equal(f.v[0], 0x80070005u);
    assert_int_equal(f.v[1], 0x00041303u);
}

static void test_scan_no_false_positives(void **state)
{
    (void)state;
    static const char *const quiet[] = {
        "",
        "0x",
        "0x alone and 0X too",
        "Datum 2026-11-20 08:58:02, Ereignis-ID 53",
        "20.11.2026 08:58:02",
        "AEPolicy 0x7 oder 0x1, Flags 0x8000",            /* small hex numbers */
        "0x00000000AutoEnrollment Prozess",                /* not a word of its own */
        "0x800706bag",
        "0x1234567890",                                     /* too long */
        "id-2146875392",                                    /* minus inside a word */
        "2026-2146875392",
        "-2146875392x",
        "-12345",                                           /* too few digits */
        "-21468753920",                                     /* too many */
        "-3000000000",                                      /* out of range */
        "-2146875392.5",
        "WIN32 1722",                                       /* no colon */
        "WIN32: 99999",
        "WIN32: 1722x",
        "XWIN32: 1722",
        "RPC_S_SERVER_UNAVAILABLEX rpc_s_server_unavailable Rpc_S_Server_Unavailable",
        "CERTSRV_E_NO_SUCH_CODE _RPC_S_SERVER_UNAVAILABLE",
        "S_OK 0x00000000 ERROR_SUCCESS",                    /* success is no error code */
        "Die Anforderung wurde erfolgreich gesendet.",
    };
    for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++) {
        struct found f = scan(quiet[i]);
        if (f.n != 0)
            fail_msg("\"%s\" gave 0x%08X", quiet[i], (unsigned)f.v[0]);
    }
    /* A full 8-digit Win32 code counts. */
    struct found f = scan("Fehler 0x00000005");
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0], 0x80070005u);
    code_scan_text(NULL, collect, &f); /* no crash */
}

static void test_scan_ends_at_nul(void **state)
{
    (void)state;
    /* Each text ends in the middle of a form; the scanner must stop at the
     * NUL. Copied to exact-size heap blocks so that a sanitizer sees a read
     * past the end. */
    static const char *const cut[] = {"0x", "0x8007", "WIN32", "WIN32/", "WIN32/HT", "WIN32:",
                                      "WIN32: ", "-", "-214687", "-2146875392", "RPC_S_",
                                      "(-2146875392.", "x-2146875392,"};
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        size_t n = strlen(cut[i]) + 1;
        char *s = malloc(n);
        assert_non_null(s);
        memcpy(s, cut[i], n);
        struct found f = scan(s);
        assert_true(f.n <= 1);
        free(s);
    }
    struct found f = scan("-2146875392");
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0], 0x80094800u);
}

struct counter {
    size_t n;
    uint32_t first, last;
};

static void count(uint32_t code, void *ud)
{
    struct counter *c = ud;
    if (c->n == 0)
        c->first = code;
    c->last = code;
    c->n++;
}

/* Many distinct codes (the dedup set grows), many repeats, a long text. */
static void test_scan_many(void **state)
{
    (void)state;
    size_t distinct = 3000, repeats = 3;
    size_t cap = distinct * repeats * 16 + 1;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t len = 0;
    for (size_t r = 0; r < repeats; r++)
        for (size_t i = 0; i < distinct; i++)
            len += (size_t)snprintf(text + len, cap - len, "0x%08X, ", (unsigned)(0x80100000u + i));
    struct counter c = {0, 0, 0};
    code_scan_text(text, count, &c);
    assert_int_equal(c.n, distinct);
    assert_int_equal(c.first, 0x80100000u);
    assert_int_equal(c.last, 0x80100000u + distinct - 1);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_from_double),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_table_sorted_unique),
        cmocka_unit_test(test_table_known),
        cmocka_unit_test(test_lookup_symbol_roundtrip),
        cmocka_unit_test(test_findings_exist),
        cmocka_unit_test(test_findings_mapping),
        cmocka_unit_test(test_catalog_meanings),
        cmocka_unit_test(test_scan_certutil),
        cmocka_unit_test(test_scan_german_and_order),
        cmocka_unit_test(test_scan_no_false_positives),
        cmocka_unit_test(test_scan_ends_at_nul),
        cmocka_unit_test(test_scan_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
