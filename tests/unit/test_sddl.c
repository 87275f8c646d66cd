/* test_sddl.c: the SDDL reader and extended-right evaluation (src/sddl.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "arena.h"
#include "err.h"
#include "sddl.h"
#include "util.h"

#define DOM "S-1-5-21-1004336348-1177238915-682003330"
#define OTHER_DOM "S-1-5-21-1-2-3"

/* The account of scenarios/healthy.json: its SID and token groups. */
static const char *const alice[] = {
    DOM "-1104", DOM "-513", "S-1-5-11", "S-1-1-0",
};
#define NALICE (sizeof(alice) / sizeof(alice[0]))

/* Only Domain Users. */
static const char *const du_only[] = { DOM "-513" };

/* ------------------------------------------------------------- helpers */

static const struct sddl *parse_ok(struct arena *a, const char *text)
{
    const struct sddl *sd = NULL;
    struct err e;
    err_clear(&e);
    int rc = sddl_parse(a, text, &sd, &e);
    if (rc != 0)
        fprintf(stderr, "unexpected parse failure of '%.80s': offset %s reason %s\n",
                text, err_get(&e, "offset"), err_get(&e, "reason"));
    assert_int_equal(rc, 0);
    assert_non_null(sd);
    assert_string_equal(e.key, "");
    return sd;
}

/* Parses TEXT and evaluates RIGHT for SIDS within DOMAIN; returns the result
 * and copies the deciding trustee (or "") into VIA. */
static enum access eval(const char *text, const char *right, const char *const *sids,
                        size_t nsids, const char *domain, char *via, size_t viasz)
{
    struct arena a = {0};
    const struct sddl *sd = parse_ok(&a, text);
    const char *v = (const char *)1;
    enum access r = sddl_extended_right(sd, right, sids, nsids, domain, &v);
    if (r == ACCESS_NONE)
        assert_null(v);
    else
        assert_non_null(v);
    snprintf(via, viasz, "%s", v ? v : "");
    arena_free(&a);
    return r;
}

static void expect(const char *text, const char *right, const char *const *sids, size_t nsids,
                   const char *domain, enum access want, const char *want_via)
{
    char via[256];
    enum access got = eval(text, right, sids, nsids, domain, via, sizeof(via));
    if (got != want)
        fprintf(stderr, "'%s' right %s: got %d want %d (via '%s')\n", text, right,
                (int)got, (int)want, via);
    assert_int_equal(got, want);
    assert_string_equal(via, want_via ? want_via : "");
}

static char *dup(const char *s)
{
    assert_non_null(s);
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    assert_non_null(p);
    memcpy(p, s, n);
    return p;
}

static char *slurp(const char *path)
{
    char *buf = NULL;
    size_t len = 0;
    struct err e;
    err_clear(&e);
    if (read_file(path, &buf, &len, &e) != 0)
        fprintf(stderr, "cannot read %s\n", path);
    assert_non_null(buf);
    return buf;
}

/* ------------------------------------------------------------- healthy.json */

struct healthy {
    char *template_sddl;
    char *ca_sddl;
    char *domain;            /* the user's SID without its last part */
    const char **groups;     /* user SID plus token_groups */
    size_t ngroups;
};

static void healthy_load(struct healthy *h)
{
    char *text = slurp(SHARED_DIR "/scenarios/healthy.json");
    cJSON *root = cJSON_Parse(text);
    free(text);
    assert_non_null(root);
    cJSON *facts = cJSON_GetObjectItemCaseSensitive(root, "facts");
    cJSON *tpl = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(facts, "templates"), 0);
    cJSON *ca = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(facts, "cas"), 0);
    cJSON *id = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(facts, "identity"), "user");
    const char *ts = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tpl, "sddl"));
    const char *cs = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ca, "sddl"));
    const char *us = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(id, "sid"));
    assert_non_null(ts);
    assert_non_null(cs);
    assert_non_null(us);
    h->template_sddl = dup(ts);
    h->ca_sddl = dup(cs);
    h->domain = dup(us);
    assert_non_null(h->template_sddl);
    assert_non_null(h->ca_sddl);
    assert_non_null(h->domain);
    char *dash = strrchr(h->domain, '-');
    assert_non_null(dash);
    *dash = '\0';

    cJSON *tg = cJSON_GetObjectItemCaseSensitive(id, "token_groups");
    size_t n = (size_t)cJSON_GetArraySize(tg);
    h->groups = calloc(n + 1, sizeof(*h->groups));
    assert_non_null(h->groups);
    h->groups[0] = dup(us);
    for (size_t i = 0; i < n; i++)
        h->groups[i + 1] = dup(cJSON_GetStringValue(cJSON_GetArrayItem(tg, (int)i)));
    h->ngroups = n + 1;
    cJSON_Delete(root);
}

static void healthy_free(struct healthy *h)
{
    free(h->template_sddl);
    free(h->ca_sddl);
    free(h->domain);
    for (size_t i = 0; i < h->ngroups; i++)
        free((void *)h->groups[i]);
    free(h->groups);
}

static void test_healthy_template(void **state)
{
    (void)state;
    struct healthy h;
    healthy_load(&h);
    assert_string_equal(h.domain, DOM);

    struct arena a = {0};
    const struct sddl *sd = parse_ok(&a, h.template_sddl);
    assert_int_equal(sddl_ace_count(sd), 7);

    const char *via = NULL;
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, h.groups, h.ngroups, h.domain, &via),
                     ACCESS_ALLOWED);
    assert_string_equal(via, "DU");
    via = NULL;
    assert_int_equal(sddl_extended_right(sd, GUID_AUTOENROLL, h.groups, h.ngroups, h.domain, &via),
                     ACCESS_ALLOWED);
    assert_string_equal(via, "DU");

    /* Without the domain, DU means nothing; AU only has LCRPLORC. */
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, h.groups, h.ngroups, NULL, &via),
                     ACCESS_NONE);
    assert_null(via);
    /* Domain Users of another domain is not DU of this one. */
    static const char *const stranger[] = { OTHER_DOM "-513", "S-1-5-11" };
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, stranger, 2, DOM, &via),
                     ACCESS_NONE);
    /* Aliases follow the domain passed in: relative to OTHER_DOM, DU is OTHER_DOM-513. */
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, stranger, 2, OTHER_DOM, &via),
                     ACCESS_ALLOWED);
    assert_string_equal(via, "DU");
    /* A Domain Admin of the domain is allowed through DA (listed first). */
    static const char *const admin[] = { DOM "-512" };
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, admin, 1, DOM, &via), ACCESS_ALLOWED);
    assert_string_equal(via, "DA");
    /* ... but AutoEnroll is only granted to DU. */
    assert_int_equal(sddl_extended_right(sd, GUID_AUTOENROLL, admin, 1, DOM, &via), ACCESS_NONE);

    arena_free(&a);
    healthy_free(&h);
}

static void test_healthy_ca(void **state)
{
    (void)state;
    struct healthy h;
    healthy_load(&h);

    struct arena a = {0};
    const struct sddl *sd = parse_ok(&a, h.ca_sddl);
    assert_int_equal(sddl_ace_count(sd), 4);

    const char *via = NULL;
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, h.groups, h.ngroups, h.domain, &via),
                     ACCESS_ALLOWED);
    assert_string_equal(via, "AU");
    /* Authenticated Users needs no domain. */
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, h.groups, h.ngroups, NULL, &via),
                     ACCESS_ALLOWED);
    assert_string_equal(via, "AU");
    /* Nothing on the CA grants AutoEnroll. */
    assert_int_equal(sddl_extended_right(sd, GUID_AUTOENROLL, h.groups, h.ngroups, h.domain, &via),
                     ACCESS_NONE);
    assert_null(via);
    /* Without Authenticated Users in the token: no Enroll. */
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, du_only, 1, DOM, &via), ACCESS_NONE);

    arena_free(&a);
    healthy_free(&h);
}

/* ------------------------------------------------------------- evaluation */

#define ENR GUID_ENROLL
#define AEN GUID_AUTOENROLL

static void test_deny_beats_allow(void **state)
{
    (void)state;
    /* deny after the allow */
    expect("D:(OA;;CR;" ENR ";;DU)(OD;;CR;" ENR ";;AU)", ENR, alice, NALICE, DOM,
           ACCESS_DENIED, "AU");
    /* deny before the allow */
    expect("D:(OD;;CR;" ENR ";;AU)(OA;;CR;" ENR ";;DU)", ENR, alice, NALICE, DOM,
           ACCESS_DENIED, "AU");
    /* first matching deny is reported */
    expect("D:(A;;CR;;;DU)(OD;;CR;" ENR ";;WD)(OD;;CR;" ENR ";;AU)", ENR, alice, NALICE, DOM,
           ACCESS_DENIED, "WD");
    /* a deny of Enroll leaves AutoEnroll alone */
    expect("D:(A;;CR;;;DU)(OD;;CR;" ENR ";;AU)", AEN, alice, NALICE, DOM,
           ACCESS_ALLOWED, "DU");
    /* a deny for a group the account is not in does not apply */
    expect("D:(OD;;CR;" ENR ";;DA)(OA;;CR;" ENR ";;DU)", ENR, alice, NALICE, DOM,
           ACCESS_ALLOWED, "DU");
    /* deny of other rights (WP) does not deny the extended right */
    expect("D:(D;;WPWD;;;AU)(OA;;CR;" ENR ";;DU)", ENR, alice, NALICE, DOM,
           ACCESS_ALLOWED, "DU");
    /* a deny without any allow is still DENIED */
    expect("D:(OD;;CR;" ENR ";;DU)", ENR, alice, NALICE, DOM, ACCESS_DENIED, "DU");
}

static void test_deny_by_ga(void **state)
{
    (void)state;
    expect("D:(OA;;CR;" ENR ";;DU)(D;;GA;;;S-1-5-11)", ENR, alice, NALICE, DOM,
           ACCESS_DENIED, "S-1-5-11");
    expect("D:(OA;;CR;" ENR ";;DU)(D;;GA;;;S-1-5-11)", AEN, alice, NALICE, DOM,
           ACCESS_DENIED, "S-1-5-11");
    /* OD with GA for another GUID does not deny Enroll */
    expect("D:(OA;;CR;" ENR ";;DU)(OD;;GA;" AEN ";;AU)", ENR, alice, NALICE, DOM,
           ACCESS_ALLOWED, "DU");
}

static void test_cr_without_guid(void **state)
{
    (void)state;
    expect("D:(A;;CR;;;DU)", ENR, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
    expect("D:(A;;CR;;;DU)", AEN, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
    expect("D:(OA;;CR;;;DU)", AEN, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
    /* any right GUID at all */
    expect("D:(A;;CR;;;DU)", "00299570-246d-11d0-a768-00aa006e0529", alice, NALICE, DOM,
           ACCESS_ALLOWED, "DU");
}

static void test_other_guid(void **state)
{
    (void)state;
    expect("D:(OA;;CR;" AEN ";;DU)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    expect("D:(OA;;CR;" AEN ";;DU)", AEN, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
    expect("D:(OA;;GA;" AEN ";;DU)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    /* the GUID matches but the mask lacks CR */
    expect("D:(OA;;RPWP;" ENR ";;DU)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    /* the inherited-object GUID does not restrict an ACE on the object */
    expect("D:(OA;;CR;" ENR ";bf967a86-0de6-11d0-a285-00aa003049e2;DU)", ENR, alice, NALICE, DOM,
           ACCESS_ALLOWED, "DU");
}

static void test_inherit_only_and_inherited(void **state)
{
    (void)state;
    expect("D:(A;CIIO;CR;;;DU)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    expect("D:(OA;IO;CR;" ENR ";;DU)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    expect("D:(D;IO;CR;;;DU)(A;;CR;;;DU)", ENR, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
    expect("D:(OA;ID;CR;" ENR ";;DU)", ENR, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
    expect("D:(OA;CIID;CR;" ENR ";;DU)", ENR, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
    expect("D:(A;;GA;;;DU)(OD;CIID;CR;" ENR ";;AU)", ENR, alice, NALICE, DOM,
           ACCESS_DENIED, "AU");
    /* every ACE flag accepted, in any combination */
    expect("D:(A;OICINPIDSAFA;CR;;;DU)", ENR, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
}

static void test_masks(void **state)
{
    (void)state;
    expect("D:(A;;GA;;;DU)", ENR, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
    expect("D:(A;;0x100;;;DU)", ENR, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
    expect("D:(A;;0x00000100;;;DU)", ENR, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
    expect("D:(A;;0X10000000;;;DU)", ENR, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
    expect("D:(A;;0xf01ff;;;DU)", ENR, alice, NALICE, DOM, ACCESS_ALLOWED, "DU");
    expect("D:(A;;0x20094;;;DU)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    expect("D:(A;;0x0;;;DU)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    /* generic read/write/execute do not contain control access */
    expect("D:(A;;GRGWGX;;;DU)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    expect("D:(A;;CCDCLCSWRPWPDTLOSDRCWDWO;;;DU)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    /* an empty rights field is mask 0 */
    expect("D:(A;;;;;DU)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    /* every listed right is accepted */
    struct arena a = {0};
    parse_ok(&a, "D:(A;;GAGRGWGXRCSDWDWORPWPCCDCLCSWLODTCRFAFRFWFXKAKRKWKXNRNWNX;;;WD)");
    arena_free(&a);
}

static void test_aliases(void **state)
{
    (void)state;
    static const struct { const char *code; unsigned rid; } dom[] = {
        {"RO", 498}, {"LA", 500}, {"LG", 501}, {"DA", 512}, {"DU", 513}, {"DG", 514},
        {"DC", 515}, {"DD", 516}, {"CA", 517}, {"SA", 518}, {"EA", 519}, {"PA", 520},
        {"CN", 522}, {"AP", 525}, {"KA", 526}, {"EK", 527}, {"RS", 553},
    };
    char sddl[128], sid[128];
    for (size_t i = 0; i < sizeof(dom) / sizeof(dom[0]); i++) {
        snprintf(sddl, sizeof(sddl), "D:(OA;;CR;" ENR ";;%s)", dom[i].code);
        snprintf(sid, sizeof(sid), DOM "-%u", dom[i].rid);
        const char *const sids[] = { sid };
        expect(sddl, ENR, sids, 1, DOM, ACCESS_ALLOWED, dom[i].code);
        expect(sddl, ENR, sids, 1, NULL, ACCESS_NONE, NULL);
        expect(sddl, ENR, sids, 1, OTHER_DOM, ACCESS_NONE, NULL);
        /* the same RID in another domain does not match */
        snprintf(sid, sizeof(sid), OTHER_DOM "-%u", dom[i].rid);
        expect(sddl, ENR, sids, 1, DOM, ACCESS_NONE, NULL);
    }

    static const struct { const char *code, *sid; } fixed[] = {
        {"WD", "S-1-1-0"}, {"AU", "S-1-5-11"}, {"SY", "S-1-5-18"}, {"BA", "S-1-5-32-544"},
        {"BU", "S-1-5-32-545"}, {"BG", "S-1-5-32-546"}, {"AO", "S-1-5-32-548"},
        {"SO", "S-1-5-32-549"}, {"PO", "S-1-5-32-550"}, {"BO", "S-1-5-32-551"},
        {"RE", "S-1-5-32-552"}, {"RU", "S-1-5-32-554"}, {"RD", "S-1-5-32-555"},
        {"NU", "S-1-5-2"}, {"IU", "S-1-5-4"}, {"SU", "S-1-5-6"}, {"AN", "S-1-5-7"},
        {"ED", "S-1-5-9"}, {"PS", "S-1-5-10"}, {"LS", "S-1-5-19"}, {"NS", "S-1-5-20"},
        {"CO", "S-1-3-0"}, {"CG", "S-1-3-1"}, {"OW", "S-1-3-4"}, {"MU", "S-1-5-32-558"},
        {"LU", "S-1-5-32-559"}, {"IS", "S-1-5-32-568"}, {"CY", "S-1-5-32-569"},
        {"ER", "S-1-5-32-573"}, {"CD", "S-1-5-32-574"},
    };
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        snprintf(sddl, sizeof(sddl), "D:(A;;CR;;;%s)", fixed[i].code);
        const char *const sids[] = { fixed[i].sid };
        /* fixed aliases need no domain */
        expect(sddl, ENR, sids, 1, NULL, ACCESS_ALLOWED, fixed[i].code);
        expect(sddl, ENR, sids, 1, DOM, ACCESS_ALLOWED, fixed[i].code);
        /* and do not match a domain group */
        expect(sddl, ENR, du_only, 1, DOM, ACCESS_NONE, NULL);
    }
}

static void test_explicit_sid(void **state)
{
    (void)state;
    expect("D:(OA;;CR;" ENR ";;" DOM "-513)", ENR, alice, NALICE, DOM, ACCESS_ALLOWED,
           DOM "-513");
    expect("D:(OA;;CR;" ENR ";;" DOM "-513)", ENR, alice, NALICE, NULL, ACCESS_ALLOWED,
           DOM "-513");
    /* via is the trustee as written; comparison is canonical */
    expect("D:(A;;CR;;;s-1-5-11)", ENR, alice, NALICE, NULL, ACCESS_ALLOWED, "s-1-5-11");
    static const char *const lower[] = { "s-1-5-21-1004336348-1177238915-682003330-513" };
    expect("D:(A;;CR;;;DU)", ENR, lower, 1, DOM, ACCESS_ALLOWED, "DU");
    expect("D:(A;;CR;;;DU)", ENR, du_only, 1, "s-1-5-21-1004336348-1177238915-682003330",
           ACCESS_ALLOWED, "DU");
    /* a prefix of a SID is not that SID */
    expect("D:(A;;CR;;;" DOM "-51)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    expect("D:(A;;CR;;;" DOM ")", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    /* a hex authority is the same SID as the decimal one */
    expect("D:(A;;CR;;;S-1-0x5-11)", ENR, alice, NALICE, DOM, ACCESS_ALLOWED, "S-1-0x5-11");
    /* an explicit SID as owner, group followed by the DACL */
    expect("O:" DOM "-512G:" DOM "-513D:(A;;CR;;;AU)", ENR, alice, NALICE, DOM,
           ACCESS_ALLOWED, "AU");
}

static void test_not_member(void **state)
{
    (void)state;
    expect("D:(OA;;CR;" ENR ";;" DOM "-1234)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    expect("D:(A;;CR;;;DA)(A;;CR;;;BA)", ENR, alice, NALICE, DOM, ACCESS_NONE, NULL);
    /* no SIDs at all */
    expect("D:(A;;CR;;;WD)", ENR, NULL, 0, DOM, ACCESS_NONE, NULL);
    /* garbage in the SID list is skipped, not matched */
    static const char *const junk[] = { "S-1-1-0x", "", "WD", "S-1-1-0" };
    expect("D:(A;;CR;;;WD)", ENR, junk, 3, DOM, ACCESS_NONE, NULL);
    expect("D:(A;;CR;;;WD)", ENR, junk, 4, DOM, ACCESS_ALLOWED, "WD");
    /* a malformed domain SID: domain aliases match nothing */
    expect("D:(A;;CR;;;DU)", ENR, du_only, 1, "S-1-5-21-x", ACCESS_NONE, NULL);
}

static void test_forms(void **state)
{
    (void)state;
    struct arena a = {0};
    const struct sddl *sd;

    /* empty and flag-only DACLs */
    sd = parse_ok(&a, "D:");
    assert_int_equal(sddl_ace_count(sd), 0);
    assert_int_equal(sddl_extended_right(sd, ENR, alice, NALICE, DOM, NULL), ACCESS_NONE);
    sd = parse_ok(&a, "D:PAIAR");
    assert_int_equal(sddl_ace_count(sd), 0);

    /* parts in another order; SACL checked and dropped */
    sd = parse_ok(&a, "D:AI(A;;CR;;;WD)S:AI(AU;SAFA;CR;;;WD)"
                      "(OU;CIIOSA;WP;bf967a7f-0de6-11d0-a285-00aa003049e2;;WD)O:BAG:SY");
    assert_int_equal(sddl_ace_count(sd), 1);
    sd = parse_ok(&a, "S:(ML;;NWNR;;;LW)D:(A;;FA;;;SY)");
    assert_int_equal(sddl_ace_count(sd), 1);
    sd = parse_ok(&a, "D:(A;;CR;;;WD)S:(RA;CI;;;;S-1-1-0;(\"Secrecy\",TU,0x0,3))"
                      "(XU;SA;FA;;;WD;(@User.Title == \"a)b(\"))");
    assert_int_equal(sddl_ace_count(sd), 1);
    sd = parse_ok(&a, "D:PNO_ACCESS_CONTROLS:NO_ACCESS_CONTROL");
    assert_int_equal(sddl_ace_count(sd), 0);

    /* upper-case GUIDs are understood */
    sd = parse_ok(&a, "D:(OA;;CR;0E10C968-78FB-11D2-90D4-00C04F79DC55;;DU)");
    assert_int_equal(sddl_extended_right(sd, ENR, alice, NALICE, DOM, NULL), ACCESS_ALLOWED);

    /* NULL DACL: everyone has every right */
    sd = parse_ok(&a, "O:BAD:NO_ACCESS_CONTROL");
    assert_int_equal(sddl_ace_count(sd), 0);
    const char *via = NULL;
    assert_int_equal(sddl_extended_right(sd, ENR, alice, NALICE, DOM, &via), ACCESS_ALLOWED);
    assert_string_equal(via, "WD");

    /* NULL arguments */
    assert_int_equal(sddl_ace_count(NULL), 0);
    via = "x";
    assert_int_equal(sddl_extended_right(NULL, ENR, alice, NALICE, DOM, &via), ACCESS_NONE);
    assert_null(via);
    sd = parse_ok(&a, "D:(A;;CR;;;WD)");
    assert_int_equal(sddl_extended_right(sd, NULL, alice, NALICE, DOM, NULL), ACCESS_NONE);
    arena_free(&a);
}

/* ------------------------------------------------------------- malformed */

struct bad {
    const char *text;
    size_t offset;
    const char *reason;
};

static const struct bad bad_cases[] = {
    {"", 0, "sddl.reason.empty"},
    /* no DACL */
    {"O:BAG:BA", 8, "sddl.reason.missing-dacl"},
    {"S:(AU;SA;CR;;;WD)", 17, "sddl.reason.missing-dacl"},
    /* unclosed */
    {"D:(A;;CR;;;WD", 13, "sddl.reason.unclosed-ace"},
    {"D:(", 3, "sddl.reason.unclosed-ace"},
    {"D:(A;;CR", 8, "sddl.reason.unclosed-ace"},
    {"D:(A;;CR;;;WD)S:(RA;CI;;;;S-1-1-0;(\"x\"", 38, "sddl.reason.unclosed-ace"},
    {"D:(A;;CR;;;WD)S:(RA;CI;;;;S-1-1-0;(\"x)\")", 40, "sddl.reason.unclosed-ace"},
    /* ACE types */
    {"D:(Q;;CR;;;WD)", 3, "sddl.reason.unknown-ace-type"},
    {"D:()", 3, "sddl.reason.unknown-ace-type"},
    {"D:(a;;CR;;;WD)", 3, "sddl.reason.unknown-ace-type"},
    {"D:(A;;CR;;;WD)(XA;;CR;;;WD;(Member_of {SID(BA)}))", 15, "sddl.reason.unsupported-ace-type"},
    {"D:(XD;;CR;;;WD;(x))", 3, "sddl.reason.unsupported-ace-type"},
    {"D:(ZA;;CR;;;WD;(x))", 3, "sddl.reason.unsupported-ace-type"},
    {"D:(AU;SA;CR;;;WD)", 3, "sddl.reason.unsupported-ace-type"},
    {"D:(AL;;CR;;;WD)", 3, "sddl.reason.unsupported-ace-type"},
    {"D:(ML;;NW;;;LW)", 3, "sddl.reason.unsupported-ace-type"},
    {"D:(A;;CR;;;WD)S:(A;;CR;;;WD)", 17, "sddl.reason.unsupported-ace-type"},
    /* GUIDs */
    {"D:(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc5;;WD)", 45, "sddl.reason.bad-guid"},
    {"D:(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dcgg;;WD)", 44, "sddl.reason.bad-guid"},
    {"D:(OA;;CR;0e10c968x78fb-11d2-90d4-00c04f79dc55;;WD)", 18, "sddl.reason.bad-guid"},
    {"D:(OA;;CR;{0e10c968-78fb-11d2-90d4-00c04f79dc55};;WD)", 10, "sddl.reason.bad-guid"},
    {"D:(OA;;CR;;0e10c968-78fb-11d2-90d4-00c04f79dc55x;WD)", 47, "sddl.reason.bad-guid"},
    {"D:(A;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;WD)", 9, "sddl.reason.guid-not-allowed"},
    /* SIDs */
    {"D:(A;;CR;;;S-1-5-x)", 17, "sddl.reason.bad-sid"},
    {"D:(A;;CR;;;S-2-5-11)", 13, "sddl.reason.bad-sid"},
    {"D:(A;;CR;;;S-1-5-)", 17, "sddl.reason.bad-sid"},
    {"D:(A;;CR;;;S-1-5-4294967296)", 26, "sddl.reason.bad-sid"},
    {"D:(A;;CR;;;S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16)", 53, "sddl.reason.bad-sid"},
    {"D:(A;;CR;;;S-1-281474976710656-1)", 29, "sddl.reason.bad-sid"},
    {"D:(A;;CR;;;)", 11, "sddl.reason.bad-sid"},
    {"D:(A;;CR;;;W)", 11, "sddl.reason.bad-sid"},
    {"D:(A;;CR;;;WDX)", 11, "sddl.reason.bad-sid"},
    {"D:(A;;CR;;;wd)", 11, "sddl.reason.bad-sid"},
    {"D:(A;;CR;;;QQ)", 11, "sddl.reason.unknown-sid-alias"},
    {"O:", 2, "sddl.reason.bad-sid"},
    {"O:QQD:", 2, "sddl.reason.unknown-sid-alias"},
    {"O:S-1-5-D:", 8, "sddl.reason.bad-sid"},
    /* rights */
    {"D:(A;;CRXX;;;WD)", 8, "sddl.reason.bad-rights"},
    {"D:(A;;cr;;;WD)", 6, "sddl.reason.bad-rights"},
    {"D:(A;;CRC;;;WD)", 8, "sddl.reason.bad-rights"},
    {"D:(A;;256;;;WD)", 6, "sddl.reason.bad-rights"},
    {"D:(A;;0x;;;WD)", 8, "sddl.reason.bad-rights"},
    {"D:(A;;0x10g;;;WD)", 10, "sddl.reason.bad-rights"},
    {"D:(A;;0x123456789;;;WD)", 16, "sddl.reason.bad-rights"},
    {"D:(A;;CR RP;;;WD)", 8, "sddl.reason.bad-rights"},
    /* flags */
    {"D:(A;XX;CR;;;WD)", 5, "sddl.reason.bad-ace-flags"},
    {"D:(A;C;CR;;;WD)", 5, "sddl.reason.bad-ace-flags"},
    {"D:(A;ci;CR;;;WD)", 5, "sddl.reason.bad-ace-flags"},
    /* fields */
    {"D:(A)", 4, "sddl.reason.ace-fields"},
    {"D:(A;;CR)", 8, "sddl.reason.ace-fields"},
    {"D:(A;;CR;;;WD;x)", 13, "sddl.reason.ace-fields"},
    /* garbage */
    {"D:(A;;CR;;;WD)xyz", 14, "sddl.reason.unexpected-char"},
    {"D:(A;;CR;;;WD) (A;;CR;;;DU)", 14, "sddl.reason.unexpected-char"},
    {"D:(A;;CR;;;WD)x(A;;CR;;;DU)", 14, "sddl.reason.unexpected-char"},
    {"D:(A;;CR;;;WD);(A;;CR;;;DU)", 14, "sddl.reason.unexpected-char"},
    {"D:(A;;CR;;;WD))", 14, "sddl.reason.unexpected-char"},
    {" D:", 0, "sddl.reason.unexpected-char"},
    {"D: (A;;CR;;;WD)", 2, "sddl.reason.unexpected-char"},
    {"D:\t", 2, "sddl.reason.unexpected-char"},
    {"D:(A;;CR;;;WD)\n", 14, "sddl.reason.unexpected-char"},
    {"D:PAX", 3, "sddl.reason.unexpected-char"},
    {"D", 0, "sddl.reason.unexpected-char"},
    {"X:", 0, "sddl.reason.unexpected-char"},
    {"d:(A;;CR;;;WD)", 0, "sddl.reason.unexpected-char"},
    {"O:BAXD:", 4, "sddl.reason.unexpected-char"},
    {"D:(A;;CR;;;WD)\xc3\xa4", 14, "sddl.reason.unexpected-char"},
    /* structure */
    {"D:D:", 2, "sddl.reason.duplicate-part"},
    {"O:BAO:BAD:", 4, "sddl.reason.duplicate-part"},
    {"D:NO_ACCESS_CONTROL(A;;CR;;;WD)", 19, "sddl.reason.null-dacl-aces"},
};

struct catalogs {
    cJSON *en, *de;
};

static cJSON *catalog_messages(cJSON *root)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(root, "messages");
    assert_true(cJSON_IsObject(m));
    return m;
}

static void load_catalogs(struct catalogs *c)
{
    char *t = slurp(SOURCE_DIR "/locale/en.json");
    c->en = cJSON_Parse(t);
    free(t);
    t = slurp(SOURCE_DIR "/locale/de.json");
    c->de = cJSON_Parse(t);
    free(t);
    assert_non_null(c->en);
    assert_non_null(c->de);
}

static void test_malformed(void **state)
{
    (void)state;
    struct catalogs cat;
    load_catalogs(&cat);
    cJSON *en = catalog_messages(cat.en), *de = catalog_messages(cat.de);

    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const struct bad *b = &bad_cases[i];
        struct arena a = {0};
        struct err e;
        const struct sddl *sd = (const struct sddl *)1;
        err_clear(&e);
        int rc = sddl_parse(&a, b->text, &sd, &e);
        const char *off = err_get(&e, "offset"), *reason = err_get(&e, "reason");
        char want_off[32];
        snprintf(want_off, sizeof(want_off), "%zu", b->offset);
        if (rc != -1 || !off || !reason || strcmp(off, want_off) != 0 ||
            strcmp(reason, b->reason) != 0)
            fprintf(stderr, "case %zu '%s': rc %d offset %s (want %zu) reason %s (want %s)\n",
                    i, b->text, rc, off ? off : "-", b->offset, reason ? reason : "-", b->reason);
        assert_int_equal(rc, -1);
        assert_null(sd);
        assert_string_equal(e.key, "error.sddl");
        assert_non_null(off);
        assert_non_null(reason);
        assert_string_equal(off, want_off);
        assert_string_equal(reason, b->reason);
        assert_true(b->offset <= strlen(b->text));
        assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(en, reason)));
        assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(de, reason)));
        arena_free(&a);
    }

    /* NULL text is treated as empty */
    struct arena a = {0};
    struct err e;
    const struct sddl *sd = NULL;
    assert_int_equal(sddl_parse(&a, NULL, &sd, &e), -1);
    assert_string_equal(err_get(&e, "reason"), "sddl.reason.empty");
    arena_free(&a);

    cJSON_Delete(cat.en);
    cJSON_Delete(cat.de);
}

/* Every reason key the parser can produce exists in both catalogs. The list
 * is taken from src/sddl.c itself, so a new reason cannot be forgotten. */
static void test_reason_keys_in_catalogs(void **state)
{
    (void)state;
    struct catalogs cat;
    load_catalogs(&cat);
    cJSON *en = catalog_messages(cat.en), *de = catalog_messages(cat.de);
    char *src = slurp(SOURCE_DIR "/src/sddl.c");
    size_t found = 0;
    for (const char *p = strstr(src, "\"sddl.reason."); p; p = strstr(p + 1, "\"sddl.reason.")) {
        const char *end = strchr(p + 1, '"');
        assert_non_null(end);
        char key[96];
        size_t n = (size_t)(end - (p + 1));
        assert_true(n < sizeof(key));
        memcpy(key, p + 1, n);
        key[n] = '\0';
        if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(en, key)) ||
            !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(de, key)))
            fprintf(stderr, "missing catalog entry: %s\n", key);
        assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(en, key)));
        assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(de, key)));
        found++;
    }
    assert_true(found >= 10);
    free(src);
    cJSON_Delete(cat.en);
    cJSON_Delete(cat.de);
}

/* ------------------------------------------------------------- size, robustness */

static void test_long(void **state)
{
    (void)state;
    const size_t n = 10000;
    size_t cap = n * 64 + 128, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    len += (size_t)snprintf(buf + len, cap - len, "O:DAG:DAD:PAI");
    for (size_t i = 0; i + 1 < n; i++)
        len += (size_t)snprintf(buf + len, cap - len, "(A;CI;RPLC;;;" OTHER_DOM "-%zu)", i + 1000);
    len += (size_t)snprintf(buf + len, cap - len, "(OA;ID;CR;" ENR ";;DU)S:AI(AU;SA;WP;;;WD)");
    assert_true(len < cap);

    struct arena a = {0};
    const struct sddl *sd = parse_ok(&a, buf);
    assert_int_equal(sddl_ace_count(sd), n);
    const char *via = NULL;
    assert_int_equal(sddl_extended_right(sd, ENR, alice, NALICE, DOM, &via), ACCESS_ALLOWED);
    assert_string_equal(via, "DU");
    assert_int_equal(sddl_extended_right(sd, AEN, alice, NALICE, DOM, &via), ACCESS_NONE);
    arena_free(&a);

    /* 10,000 ACEs that fail only at the very end: an unclosed '(' */
    buf[len] = '(';
    buf[len + 1] = '\0';
    len++;
    struct err e;
    err_clear(&e);
    const struct sddl *bad = NULL;
    assert_int_equal(sddl_parse(&a, buf, &bad, &e), -1);
    char want[32];
    snprintf(want, sizeof(want), "%zu", len);
    assert_string_equal(err_get(&e, "offset"), want);
    arena_free(&a);
    free(buf);
}

/* ------------------------------------------------ many groups, many ACEs */

/* A descriptor as data: the tests write it as SDDL and also work out by hand
 * (an independent, obviously quadratic reading of the rules) what
 * sddl_extended_right must answer. */
struct gen_ace {
    bool deny, object, inherit_only, inherited;
    const char *rights;          /* "CR", "GA", "RPWP", "CRRP" */
    const char *guid;            /* object GUID or NULL */
    char trustee[64];            /* as written: an alias or a SID */
};

static const struct {
    const char *alias, *sid;
} gen_aliases[] = {
    {"DU", DOM "-513"}, {"DA", DOM "-512"}, {"AU", "S-1-5-11"},
    {"WD", "S-1-1-0"},  {"BA", "S-1-5-32-544"},
};
#define NGEN_ALIASES (sizeof(gen_aliases) / sizeof(gen_aliases[0]))

static const char *gen_trustee_sid(const char *trustee)
{
    for (size_t i = 0; i < NGEN_ALIASES; i++)
        if (strcmp(trustee, gen_aliases[i].alias) == 0)
            return gen_aliases[i].sid;
    return trustee;
}

static bool gen_holds(const char *const *sids, size_t n, const char *sid)
{
    for (size_t k = 0; k < n; k++)
        if (sids[k] && ascii_casecmp(sids[k], sid) == 0)
            return true;
    return false;
}

static bool gen_applies(const struct gen_ace *a, const char *right, const char *const *sids,
                        size_t n)
{
    if (a->inherit_only)
        return false;
    if (!strstr(a->rights, "CR") && !strstr(a->rights, "GA"))
        return false;
    if (a->object && a->guid && strcmp(a->guid, right) != 0)
        return false;
    return gen_holds(sids, n, gen_trustee_sid(a->trustee));
}

/* The expected answer: the first applying deny, else the first applying
 * allow, else none; *VIA its trustee. */
static enum access gen_expect(const struct gen_ace *aces, size_t nace, const char *right,
                              const char *const *sids, size_t n, const char **via)
{
    const struct gen_ace *allow = NULL;
    for (size_t i = 0; i < nace; i++) {
        if (!gen_applies(&aces[i], right, sids, n))
            continue;
        if (aces[i].deny) {
            *via = aces[i].trustee;
            return ACCESS_DENIED;
        }
        if (!allow)
            allow = &aces[i];
    }
    *via = allow ? allow->trustee : NULL;
    return allow ? ACCESS_ALLOWED : ACCESS_NONE;
}

/* The SDDL text of ACES; the caller frees. */
static char *gen_sddl(const struct gen_ace *aces, size_t nace)
{
    size_t cap = 64 + nace * 140, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    len += (size_t)snprintf(s, cap, "O:DAG:DUD:PAI");
    for (size_t i = 0; i < nace; i++) {
        const struct gen_ace *a = &aces[i];
        const char *type = a->object ? (a->deny ? "OD" : "OA") : (a->deny ? "D" : "A");
        const char *flags = a->inherit_only ? (a->inherited ? "CIIOID" : "CIIO")
                                            : (a->inherited ? "ID" : "");
        len += (size_t)snprintf(s + len, cap - len, "(%s;%s;%s;%s;;%s)", type, flags, a->rights,
                                a->object && a->guid ? a->guid : "", a->trustee);
        assert_true(len < cap);
    }
    return s;
}

/* sddl_extended_right_each answers for each SID what sddl_extended_right
 * answers for that SID alone. */
static void each_check(const struct sddl *sd, const char *right, const char *const *sids,
                       size_t n)
{
    enum access *each = malloc((n ? n : 1) * sizeof(*each));
    assert_non_null(each);
    sddl_extended_right_each(sd, right, sids, n, DOM, each);
    for (size_t k = 0; k < n; k++)
        assert_int_equal(each[k], sddl_extended_right(sd, right, &sids[k], 1, DOM, NULL));
    free(each);
}

/* Evaluates both rights on ACES for SIDS and compares with gen_expect. */
static void gen_check(const struct gen_ace *aces, size_t nace, const char *const *sids, size_t n)
{
    char *text = gen_sddl(aces, nace);
    struct arena a = {0};
    const struct sddl *sd = parse_ok(&a, text);
    static const char *const rights[] = {ENR, AEN};
    for (size_t r = 0; r < 2; r++) {
        each_check(sd, rights[r], sids, n);
        const char *want_via = NULL, *via = NULL;
        enum access want = gen_expect(aces, nace, rights[r], sids, n, &want_via);
        enum access got = sddl_extended_right(sd, rights[r], sids, n, DOM, &via);
        if (got != want)
            fail_msg("%zu ACEs, %zu SIDs, right %s: got %d want %d", nace, n, rights[r],
                     (int)got, (int)want);
        if (want_via)
            assert_string_equal(via, want_via);
        else
            assert_null(via);
    }
    arena_free(&a);
    free(text);
}

/* A small deterministic generator (the tests must not depend on rand()). */
static uint32_t gen_next(uint32_t *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 8) & 0xFFFFu;
}

static void gen_random_ace(struct gen_ace *a, uint32_t *seed)
{
    static const char *const rights[] = {"CR", "CR", "GA", "RPWP", "CRRP"};
    static const char *const guids[] = {ENR, AEN, NULL, "bf9679c0-0de6-11d0-a285-00aa003049e2"};
    memset(a, 0, sizeof(*a));
    a->deny = gen_next(seed) % 4 == 0;
    a->object = gen_next(seed) % 2 == 0;
    a->inherit_only = gen_next(seed) % 6 == 0;
    a->inherited = gen_next(seed) % 3 == 0;
    a->rights = rights[gen_next(seed) % 5];
    a->guid = guids[gen_next(seed) % 4];
    uint32_t t = gen_next(seed) % 10;
    if (t < NGEN_ALIASES)
        snprintf(a->trustee, sizeof(a->trustee), "%s", gen_aliases[t].alias);
    else if (t == NGEN_ALIASES)
        snprintf(a->trustee, sizeof(a->trustee), DOM "-1104");   /* the account */
    else
        snprintf(a->trustee, sizeof(a->trustee), DOM "-%u", 2000 + gen_next(seed) % 400);
}

#define GEN_MAX_SIDS 300

/* The account's SIDs: itself (mostly), some of the groups 2000..2399 (some
 * written in lower case, some twice), the well-known ones, and junk. */
static size_t gen_random_sids(char (*buf)[64], const char **sids, size_t want, uint32_t *seed)
{
    size_t n = 0;
    if (gen_next(seed) % 4 != 0)
        snprintf(buf[n++], 64, DOM "-1104");
    if (gen_next(seed) % 2 == 0)
        snprintf(buf[n++], 64, "S-1-5-11");
    while (n < want) {
        uint32_t k = gen_next(seed);
        if (k % 17 == 0)
            snprintf(buf[n++], 64, "S-1-5-21-x-%u", k);      /* skipped, never matches */
        else
            snprintf(buf[n++], 64, "%s-%u", k % 5 == 0 ? "s-1-5-21-1004336348-1177238915-682003330" : DOM,
                     2000 + k % 400);
    }
    for (size_t i = 0; i < n; i++)
        sids[i] = gen_next(seed) % 50 == 0 ? NULL : buf[i];
    return n;
}

static void test_each_null_dacl(void **state)
{
    (void)state;
    static const char *const sids[] = {DOM "-513", NULL, "junk"};
    struct arena a = {0};
    const struct sddl *sd = parse_ok(&a, "D:NO_ACCESS_CONTROL");
    each_check(sd, ENR, sids, 3);
    sd = parse_ok(&a, "D:(A;;CR;;;DU)(D;;CR;;;" DOM "-513)");
    each_check(sd, ENR, sids, 3);
    enum access one = ACCESS_ALLOWED;
    sddl_extended_right_each(sd, ENR, NULL, 0, DOM, &one);   /* nothing written */
    assert_int_equal(one, ACCESS_ALLOWED);
    arena_free(&a);
}

static void test_many_groups_against_reference(void **state)
{
    (void)state;
    static char buf[GEN_MAX_SIDS][64];
    static const char *sids[GEN_MAX_SIDS];
    static struct gen_ace aces[400];
    static const size_t nsids[] = {1, 5, 64, 65, 200, GEN_MAX_SIDS};
    static const size_t naces[] = {1, 20, 150, 400};
    uint32_t seed = 42;
    for (size_t round = 0; round < 60; round++) {
        size_t ns = nsids[round % 6], na = naces[(round / 6) % 4];
        size_t n = gen_random_sids(buf, sids, ns, &seed);
        for (size_t i = 0; i < na; i++)
            gen_random_ace(&aces[i], &seed);
        gen_check(aces, na, sids, n);
    }
}

/* 1,000 groups; 1,000 ACEs for groups the account does not hold (the
 * reference is quadratic: more would only make the test slow). */
#define BIG 1000

/* One Enroll ACE after the BIG ones. */
struct tail_ace {
    bool deny, inherit_only;
    const char *trustee;
};

/* Appends TAIL to the BIG ACEs and checks the Enroll answer: against the
 * reference and against WANT / WANT_VIA. */
static void big_case(struct gen_ace *aces, const struct tail_ace *tail, size_t ntail,
                     const char *const *sids, enum access want, const char *want_via)
{
    for (size_t i = 0; i < ntail; i++) {
        struct gen_ace *a = &aces[BIG + i];
        memset(a, 0, sizeof(*a));
        a->deny = tail[i].deny;
        a->inherit_only = tail[i].inherit_only;
        a->object = true;
        a->rights = "CR";
        a->guid = ENR;
        snprintf(a->trustee, sizeof(a->trustee), "%s", tail[i].trustee);
    }
    gen_check(aces, BIG + ntail, sids, BIG + 1);
    const char *got_via = NULL;
    enum access got = gen_expect(aces, BIG + ntail, ENR, sids, BIG + 1, &got_via);
    assert_int_equal(got, want);
    assert_string_equal(got_via, want_via);
}

static void test_many_groups_cases(void **state)
{
    (void)state;
    static char buf[BIG + 1][64];
    static const char *sids[BIG + 1];
    static struct gen_ace aces[BIG + 4];
    for (size_t i = 0; i < BIG; i++) {
        snprintf(buf[i], sizeof(buf[i]), DOM "-%zu", 100000 + i);
        sids[i] = buf[i];
    }
    snprintf(buf[BIG], sizeof(buf[BIG]), DOM "-1104");   /* the account itself */
    const char *self = sids[BIG] = buf[BIG];
    const char *first = sids[0], *mid = sids[BIG / 2], *last = sids[BIG - 1];
    for (size_t i = 0; i < BIG; i++) {
        struct gen_ace *a = &aces[i];
        memset(a, 0, sizeof(*a));
        a->deny = i % 3 == 0;
        a->object = true;
        a->rights = "CR";
        a->guid = ENR;
        snprintf(a->trustee, sizeof(a->trustee), DOM "-%zu", 200000 + i);
    }
    /* allowed through the last group */
    const struct tail_ace allow_last[] = {{false, false, last}};
    big_case(aces, allow_last, 1, sids, ACCESS_ALLOWED, last);
    /* a deny after the allow, through the first group, wins */
    const struct tail_ace deny_after[] = {{false, false, last}, {true, false, first}};
    big_case(aces, deny_after, 2, sids, ACCESS_DENIED, first);
    /* the same deny inherit-only does not apply to the object */
    const struct tail_ace deny_io[] = {{false, false, last}, {true, true, first}};
    big_case(aces, deny_io, 2, sids, ACCESS_ALLOWED, last);
    /* a deny of the account itself; the first of two denies is reported */
    const struct tail_ace deny_self[] = {{false, false, mid}, {true, false, self},
                                         {true, false, first}};
    big_case(aces, deny_self, 3, sids, ACCESS_DENIED, self);
    /* allowed through the account itself before an allow through a group */
    const struct tail_ace allow_self[] = {{false, false, self}, {false, false, mid}};
    big_case(aces, allow_self, 2, sids, ACCESS_ALLOWED, self);
    /* Domain Users, which the account does not hold here, changes nothing */
    const struct tail_ace du[] = {{true, false, "DU"}, {false, false, mid}};
    big_case(aces, du, 2, sids, ACCESS_ALLOWED, mid);
}

/* Every prefix and many single-byte mutations of a rich descriptor either
 * parse or fail with an offset inside the string (run under ASan to see
 * reads past the end). */
static void test_prefixes_and_mutations(void **state)
{
    (void)state;
    static const char base[] =
        "O:S-1-5-21-1-2-3-512G:DUD:PAIAR(OA;CIIOID;CRGA;" ENR ";bf967a86-0de6-11d0-a285-"
        "00aa003049e2;S-1-0x5-21-1-2-3-513)(A;;0xF01FF;;;AU)(D;NP;FA;;;BA)"
        "S:AI(RA;CI;;;;S-1-1-0;(\"a(\",TU,0,3))(ML;;NW;;;LW)";
    static const char alphabet[] = "()-;:0xSDOGA\"" "CRIPNW1\0";
    size_t len = strlen(base);
    char *buf = malloc(len + 1);
    assert_non_null(buf);
    struct arena a = {0};
    size_t parsed = 0, failed = 0;

    for (size_t cut = 0; cut <= len; cut++) {
        memcpy(buf, base, cut);
        buf[cut] = '\0';
        struct err e;
        err_clear(&e);
        const struct sddl *sd = NULL;
        if (sddl_parse(&a, buf, &sd, &e) == 0) {
            parsed++;
            assert_non_null(sd);
            (void)sddl_extended_right(sd, ENR, alice, NALICE, DOM, NULL);
        } else {
            failed++;
            const char *off = err_get(&e, "offset");
            assert_non_null(off);
            assert_true(strtoul(off, NULL, 10) <= cut);
        }
        arena_free(&a);
    }
    assert_true(parsed > 0);
    assert_true(failed > 0);

    uint32_t seed = 12345;
    for (int round = 0; round < 20000; round++) {
        memcpy(buf, base, len + 1);
        for (int k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % len;
            seed = seed * 1103515245u + 12345u;
            buf[at] = alphabet[(seed >> 8) % (sizeof(alphabet) - 1)];
        }
        size_t blen = strlen(buf);
        struct err e;
        err_clear(&e);
        const struct sddl *sd = NULL;
        if (sddl_parse(&a, buf, &sd, &e) == 0) {
            (void)sddl_extended_right(sd, AEN, alice, NALICE, DOM, NULL);
        } else {
            const char *off = err_get(&e, "offset");
            assert_non_null(off);
            assert_true(strtoul(off, NULL, 10) <= blen);
            assert_non_null(err_get(&e, "reason"));
        }
        arena_free(&a);
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_healthy_template),
        cmocka_unit_test(test_healthy_ca),
        cmocka_unit_test(test_deny_beats_allow),
        cmocka_unit_test(test_deny_by_ga),
        cmocka_unit_test(test_cr_without_guid),
        cmocka_unit_test(test_other_guid),
        cmocka_unit_test(test_inherit_only_and_inherited),
        cmocka_unit_test(test_masks),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_explicit_sid),
        cmocka_unit_test(test_not_member),
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_reason_keys_in_catalogs),
        cmocka_unit_test(test_long),
        cmocka_unit_test(test_many_groups_against_reference),
        cmocka_unit_test(test_each_null_dacl),
        cmocka_unit_test(test_many_groups_cases),
        cmocka_unit_test(test_prefixes_and_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
