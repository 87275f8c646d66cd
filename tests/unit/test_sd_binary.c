/* test_sd_binary.c: binary self-relative security descriptor -> SDDL
 * (src/sd_binary.c). Descriptors are built by a small encoder in this file
 * (SDDL subset -> MS-DTYP bytes), by hand byte by byte, and one by Samba's
 * ndr_pack (a third-party encoder) for the real-world template. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "arena.h"
#include "err.h"
#include "sd_binary.h"
#include "sddl.h"
#include "util.h"

#define DOM "S-1-5-21-1004336348-1177238915-682003330"
#define OTHER_DOM "S-1-5-21-1-2-3"

/* ------------------------------------------------------------- byte buffer */

struct bb {
    unsigned char d[16384];
    size_t n;
};

static void put(struct bb *b, const void *p, size_t n)
{
    assert_true(b->n + n <= sizeof(b->d));
    memcpy(b->d + b->n, p, n);
    b->n += n;
}

static void p8(struct bb *b, unsigned v)
{
    unsigned char c = (unsigned char)(v & 0xFFu);
    put(b, &c, 1);
}

static void p16(struct bb *b, unsigned v)
{
    p8(b, v & 0xFFu);
    p8(b, (v >> 8) & 0xFFu);
}

static void p32(struct bb *b, uint32_t v)
{
    p16(b, v & 0xFFFFu);
    p16(b, v >> 16);
}

static void set16(unsigned char *d, size_t at, unsigned v)
{
    d[at] = (unsigned char)(v & 0xFFu);
    d[at + 1] = (unsigned char)((v >> 8) & 0xFFu);
}

static void set32(unsigned char *d, size_t at, uint32_t v)
{
    set16(d, at, v & 0xFFFFu);
    set16(d, at + 2, v >> 16);
}

/* ------------------------------------------------------------- encoder */

/* SDDL aliases (MS-DTYP 2.5.1.1); domain ones by RID. */
static const struct {
    const char *code, *sid;
    uint32_t rid;
} aliases[] = {
    {"WD", "S-1-1-0", 0},       {"CO", "S-1-3-0", 0},       {"CG", "S-1-3-1", 0},
    {"OW", "S-1-3-4", 0},       {"NU", "S-1-5-2", 0},       {"IU", "S-1-5-4", 0},
    {"SU", "S-1-5-6", 0},       {"AN", "S-1-5-7", 0},       {"ED", "S-1-5-9", 0},
    {"PS", "S-1-5-10", 0},      {"AU", "S-1-5-11", 0},      {"RC", "S-1-5-12", 0},
    {"SY", "S-1-5-18", 0},      {"LS", "S-1-5-19", 0},      {"NS", "S-1-5-20", 0},
    {"WR", "S-1-5-33", 0},      {"BA", "S-1-5-32-544", 0},  {"BU", "S-1-5-32-545", 0},
    {"BG", "S-1-5-32-546", 0},  {"PU", "S-1-5-32-547", 0},  {"AO", "S-1-5-32-548", 0},
    {"SO", "S-1-5-32-549", 0},  {"PO", "S-1-5-32-550", 0},  {"BO", "S-1-5-32-551", 0},
    {"RE", "S-1-5-32-552", 0},  {"RU", "S-1-5-32-554", 0},  {"RD", "S-1-5-32-555", 0},
    {"NO", "S-1-5-32-556", 0},  {"MU", "S-1-5-32-558", 0},  {"LU", "S-1-5-32-559", 0},
    {"IS", "S-1-5-32-568", 0},  {"CY", "S-1-5-32-569", 0},  {"ER", "S-1-5-32-573", 0},
    {"CD", "S-1-5-32-574", 0},  {"RA", "S-1-5-32-575", 0},  {"ES", "S-1-5-32-576", 0},
    {"MS", "S-1-5-32-577", 0},  {"HA", "S-1-5-32-578", 0},  {"AA", "S-1-5-32-579", 0},
    {"RM", "S-1-5-32-580", 0},  {"UD", "S-1-5-84-0-0-0-0-0", 0},
    {"AC", "S-1-15-2-1", 0},    {"LW", "S-1-16-4096", 0},   {"ME", "S-1-16-8192", 0},
    {"MP", "S-1-16-8448", 0},   {"HI", "S-1-16-12288", 0},  {"SI", "S-1-16-16384", 0},
    {"AS", "S-1-18-1", 0},      {"SS", "S-1-18-2", 0},
    {"RO", NULL, 498}, {"LA", NULL, 500}, {"LG", NULL, 501}, {"DA", NULL, 512},
    {"DU", NULL, 513}, {"DG", NULL, 514}, {"DC", NULL, 515}, {"DD", NULL, 516},
    {"CA", NULL, 517}, {"SA", NULL, 518}, {"EA", NULL, 519}, {"PA", NULL, 520},
    {"CN", NULL, 522}, {"AP", NULL, 525}, {"KA", NULL, 526}, {"EK", NULL, 527},
    {"RS", NULL, 553},
};
#define NALIASES (sizeof(aliases) / sizeof(aliases[0]))

static const struct {
    const char *code;
    uint32_t value;
} enc_rights[] = {
    {"CC", 0x1}, {"DC", 0x2}, {"LC", 0x4}, {"SW", 0x8}, {"RP", 0x10}, {"WP", 0x20},
    {"DT", 0x40}, {"LO", 0x80}, {"CR", 0x100}, {"SD", 0x10000}, {"RC", 0x20000},
    {"WD", 0x40000}, {"WO", 0x80000}, {"GA", 0x10000000}, {"GX", 0x20000000},
    {"GW", 0x40000000}, {"GR", 0x80000000}, {"NW", 0x1}, {"NR", 0x2}, {"NX", 0x4},
    {"FA", 0x1F01FF}, {"KA", 0xF003F},
};

static const struct {
    const char *code;
    unsigned bit;
} enc_flags[] = {
    {"OI", 0x01}, {"CI", 0x02}, {"NP", 0x04}, {"IO", 0x08},
    {"ID", 0x10}, {"CR", 0x20}, {"SA", 0x40}, {"FA", 0x80},
};

static const struct {
    const char *name;
    unsigned type;
    bool object;
} enc_types[] = {
    {"A", 0, false},     {"D", 1, false},     {"AU", 2, false},    {"AL", 3, false},
    {"OA", 5, true},     {"OD", 6, true},     {"OU", 7, true},     {"OL", 8, true},
    {"ML", 0x11, false}, {"SP", 0x13, false}, {"TL", 0x14, false},
};

/* Binary SID from "S-1-..." text of length LEN (up to 20 sub-authorities, so
 * that tests can write invalid ones). */
static void put_sid_text(struct bb *b, const char *t, size_t len)
{
    char buf[256];
    assert_true(len < sizeof(buf));
    memcpy(buf, t, len);
    buf[len] = '\0';
    assert_true(strncmp(buf, "S-1-", 4) == 0);
    char *p = buf + 4;
    unsigned long long auth = strtoull(p, &p, 0);
    uint32_t sub[20];
    unsigned n = 0;
    while (*p == '-') {
        assert_true(n < 20);
        sub[n++] = (uint32_t)strtoul(p + 1, &p, 10);
    }
    assert_true(*p == '\0');
    p8(b, 1);
    p8(b, n);
    for (int i = 5; i >= 0; i--)
        p8(b, (unsigned)((auth >> (8 * i)) & 0xFFu));
    for (unsigned i = 0; i < n; i++)
        p32(b, sub[i]);
}

/* A SID as written in SDDL: alias (relative to DOM) or S-1-... text. */
static void put_sid(struct bb *b, const char *t, size_t len, const char *dom)
{
    if (len == 2 && t[1] != '-') {
        for (size_t i = 0; i < NALIASES; i++) {
            if (memcmp(aliases[i].code, t, 2) != 0)
                continue;
            if (aliases[i].sid) {
                put_sid_text(b, aliases[i].sid, strlen(aliases[i].sid));
            } else {
                char full[128];
                assert_non_null(dom);
                snprintf(full, sizeof(full), "%s-%lu", dom, (unsigned long)aliases[i].rid);
                put_sid_text(b, full, strlen(full));
            }
            return;
        }
        fail_msg("encoder: unknown alias %.2s", t);
    }
    put_sid_text(b, t, len);
}

static void put_guid(struct bb *b, const char *g)
{
    unsigned long d1;
    unsigned d2, d3, x[8];
    assert_int_equal(sscanf(g, "%8lx-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x", &d1, &d2, &d3, &x[0],
                            &x[1], &x[2], &x[3], &x[4], &x[5], &x[6], &x[7]),
                     11);
    p32(b, (uint32_t)d1);
    p16(b, d2);
    p16(b, d3);
    for (int i = 0; i < 8; i++)
        p8(b, x[i]);
}

static uint32_t enc_mask(const char *s, size_t n)
{
    if (n >= 2 && s[0] == '0' && s[1] == 'x')
        return (uint32_t)strtoul(s, NULL, 16);
    uint32_t m = 0;
    for (size_t i = 0; i < n; i += 2) {
        size_t k = 0;
        while (k < sizeof(enc_rights) / sizeof(enc_rights[0]) &&
               memcmp(enc_rights[k].code, s + i, 2) != 0)
            k++;
        assert_true(k < sizeof(enc_rights) / sizeof(enc_rights[0]));
        m |= enc_rights[k].value;
    }
    return m;
}

/* One ACE "(...)" at S into ACL; returns the position after ')'. */
static const char *enc_ace(const char *s, struct bb *acl, const char *dom, bool *object)
{
    const char *f[6];
    size_t len[6];
    s++;
    for (int i = 0; i < 6; i++) {
        f[i] = s;
        while (*s != ';' && *s != ')') {
            assert_true(*s != '\0');
            s++;
        }
        len[i] = (size_t)(s - f[i]);
        assert_true(i == 5 ? *s == ')' : *s == ';');
        s++;
    }
    size_t k = 0;
    while (k < sizeof(enc_types) / sizeof(enc_types[0]) &&
           !(strlen(enc_types[k].name) == len[0] && memcmp(enc_types[k].name, f[0], len[0]) == 0))
        k++;
    assert_true(k < sizeof(enc_types) / sizeof(enc_types[0]));
    unsigned flags = 0;
    for (size_t i = 0; i < len[1]; i += 2) {
        size_t j = 0;
        while (j < 8 && memcmp(enc_flags[j].code, f[1] + i, 2) != 0)
            j++;
        assert_true(j < 8);
        flags |= enc_flags[j].bit;
    }
    size_t start = acl->n;
    p8(acl, enc_types[k].type);
    p8(acl, flags);
    p16(acl, 0);
    p32(acl, enc_mask(f[2], len[2]));
    if (enc_types[k].object) {
        *object = true;
        p32(acl, (len[3] ? 1u : 0u) | (len[4] ? 2u : 0u));
        if (len[3])
            put_guid(acl, f[3]);
        if (len[4])
            put_guid(acl, f[4]);
    } else {
        assert_true(len[3] == 0 && len[4] == 0);
    }
    put_sid(acl, f[5], len[5], dom);
    set16(acl->d, start + 2, (unsigned)(acl->n - start));
    return s;
}

/* ACL flags and ACEs at S; returns the position after them. *NULL_ACL when
 * NO_ACCESS_CONTROL. CTL receives P/AR/AI as PROT/REQ/INH bits. */
static const char *enc_acl(const char *s, struct bb *acl, const char *dom, unsigned *ctl,
                           unsigned prot, unsigned req, unsigned inh, bool *null_acl)
{
    *null_acl = false;
    for (;;) {
        if (*s == 'P') {
            *ctl |= prot;
            s++;
        } else if (strncmp(s, "AR", 2) == 0) {
            *ctl |= req;
            s += 2;
        } else if (strncmp(s, "AI", 2) == 0) {
            *ctl |= inh;
            s += 2;
        } else if (strncmp(s, "NO_ACCESS_CONTROL", 17) == 0) {
            *null_acl = true;
            s += 17;
        } else {
            break;
        }
    }
    struct bb aces = {0};
    unsigned count = 0;
    bool object = false;
    while (*s == '(') {
        s = enc_ace(s, &aces, dom, &object);
        count++;
    }
    acl->n = 0;
    if (*null_acl)
        return s;
    p8(acl, object ? 4 : 2);
    p8(acl, 0);
    p16(acl, (unsigned)(8 + aces.n));
    p16(acl, count);
    p16(acl, 0);
    put(acl, aces.d, aces.n);
    return s;
}

/* Encodes SDDL (the subset above; domain aliases relative to DOM) into a
 * self-relative descriptor: header, owner, group, SACL, DACL. */
static void enc(const char *sddl, const char *dom, struct bb *out)
{
    struct bb part[4];   /* owner, group, sacl, dacl */
    bool have[4] = {false, false, false, false}, null_acl[4] = {false, false, false, false};
    unsigned ctl = 0x8000;
    const char *s = sddl;
    for (int i = 0; i < 4; i++)
        part[i].n = 0;
    while (*s) {
        char c = *s;
        assert_true(s[1] == ':');
        s += 2;
        if (c == 'O' || c == 'G') {
            int i = c == 'O' ? 0 : 1;
            const char *colon = strchr(s, ':');
            const char *end = colon ? colon - 1 : s + strlen(s);
            put_sid(&part[i], s, (size_t)(end - s), dom);
            have[i] = true;
            s = end;
        } else if (c == 'D') {
            ctl |= 0x0004;
            s = enc_acl(s, &part[3], dom, &ctl, 0x1000, 0x0100, 0x0400, &null_acl[3]);
            have[3] = !null_acl[3];
        } else {
            assert_true(c == 'S');
            ctl |= 0x0010;
            s = enc_acl(s, &part[2], dom, &ctl, 0x2000, 0x0200, 0x0800, &null_acl[2]);
            have[2] = !null_acl[2];
        }
    }
    out->n = 0;
    p8(out, 1);
    p8(out, 0);
    p16(out, ctl);
    for (int i = 0; i < 4; i++)
        p32(out, 0);
    for (int i = 0; i < 4; i++) {
        if (!have[i])
            continue;
        set32(out->d, 4 + 4 * (size_t)i, (uint32_t)out->n);
        put(out, part[i].d, part[i].n);
    }
}

/* ------------------------------------------------------------- helpers */

static char *conv_ok(const unsigned char *d, size_t n, const char *dom)
{
    char *out = (char *)1;
    struct err e;
    err_clear(&e);
    int rc = sd_binary_to_sddl(d, n, dom, &out, &e);
    if (rc != 0)
        fail_msg("sd_binary_to_sddl failed: %s offset %s reason %s", e.key,
                 err_get(&e, "offset"), err_get(&e, "reason"));
    assert_non_null(out);
    assert_string_equal(e.key, "");
    return out;
}

static void parse_ok(const char *text)
{
    struct arena a = {0};
    const struct sddl *sd = NULL;
    struct err e;
    err_clear(&e);
    if (sddl_parse(&a, text, &sd, &e) != 0)
        fail_msg("sddl_parse rejected '%s': offset %s reason %s", text, err_get(&e, "offset"),
                 err_get(&e, "reason"));
    arena_free(&a);
}

/* SDDL -> binary -> SDDL must give WANT (NULL: the input itself), and the
 * result must read back. */
static void roundtrip(const char *sddl, const char *enc_dom, const char *conv_dom,
                      const char *want)
{
    struct bb b;
    enc(sddl, enc_dom, &b);
    char *got = conv_ok(b.d, b.n, conv_dom);
    if (strcmp(got, want ? want : sddl) != 0)
        fail_msg("\n input %s\n   got %s\n  want %s", sddl, got, want ? want : sddl);
    parse_ok(got);
    free(got);
}

/* Every reason the module reported, to check them against the catalogs. */
static char seen_reasons[32][64];
static size_t nseen;

static void note_reason(const char *r)
{
    for (size_t i = 0; i < nseen; i++)
        if (strcmp(seen_reasons[i], r) == 0)
            return;
    if (nseen < 32)
        snprintf(seen_reasons[nseen++], sizeof(seen_reasons[0]), "%s", r);
}

/* Conversion must fail with REASON (without "@sdbin.reason.") at OFFSET. */
static void expect_fail(const unsigned char *d, size_t n, size_t offset, const char *reason)
{
    char *out = (char *)1;
    struct err e;
    err_clear(&e);
    int rc = sd_binary_to_sddl(d, n, DOM, &out, &e);
    if (rc == 0)
        fail_msg("expected failure %s, got '%s'", reason, out);
    assert_int_equal(rc, -1);
    assert_null(out);
    assert_string_equal(e.key, "error.sdbin");
    char want[96];
    snprintf(want, sizeof(want), "@sdbin.reason.%s", reason);
    const char *got = err_get(&e, "reason"), *off = err_get(&e, "offset");
    assert_non_null(got);
    assert_non_null(off);
    if (strcmp(got, want) != 0 || strtoul(off, NULL, 10) != offset)
        fail_msg("want %s at %zu, got %s at %s", want, offset, got, off);
    note_reason(got + 1);
}

/* The invariant for hostile input: -1 with a sane error, or SDDL that
 * sddl_parse accepts. Returns whether it converted. */
static bool check_any(const unsigned char *d, size_t n)
{
    char *out = NULL;
    struct err e;
    err_clear(&e);
    int rc = sd_binary_to_sddl(d, n, DOM, &out, &e);
    if (rc == 0) {
        assert_non_null(out);
        parse_ok(out);
        free(out);
        return true;
    }
    assert_int_equal(rc, -1);
    assert_null(out);
    assert_string_equal(e.key, "error.sdbin");
    const char *off = err_get(&e, "offset"), *r = err_get(&e, "reason");
    assert_non_null(off);
    assert_non_null(r);
    assert_true(strtoul(off, NULL, 10) <= n);   /* n: the data ended there */
    assert_true(strncmp(r, "@sdbin.reason.", 14) == 0);
    note_reason(r + 1);
    return false;
}

static char *dup(const char *s)
{
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
        fail_msg("cannot read %s", path);
    return buf;
}

static const char *const alice[] = {DOM "-1104", DOM "-513", "S-1-5-11", "S-1-1-0"};
#define NALICE (sizeof(alice) / sizeof(alice[0]))

/* sddl_extended_right on two SDDL texts must agree (result and trustee SID). */
static void same_answers(const char *a_text, const char *b_text, const char *const *sids,
                         size_t nsids, const char *dom)
{
    struct arena a = {0};
    const struct sddl *sa = NULL, *sb = NULL;
    struct err e;
    assert_int_equal(sddl_parse(&a, a_text, &sa, &e), 0);
    assert_int_equal(sddl_parse(&a, b_text, &sb, &e), 0);
    const char *rights[2] = {GUID_ENROLL, GUID_AUTOENROLL};
    for (int r = 0; r < 2; r++) {
        const char *va = NULL, *vb = NULL;
        enum access xa = sddl_extended_right(sa, rights[r], sids, nsids, dom, &va);
        enum access xb = sddl_extended_right(sb, rights[r], sids, nsids, dom, &vb);
        if (xa != xb)
            fail_msg("'%s' vs '%s': %d vs %d", a_text, b_text, (int)xa, (int)xb);
        assert_true((va == NULL) == (vb == NULL));
    }
    arena_free(&a);
}

/* ------------------------------------------------------------- fixed bytes */

/* Written byte by byte from MS-DTYP, independent of the encoder above:
 * O:BAG:SYD:PAI(OA;CI;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;AU)(A;;GA;;;WD) */
static const unsigned char handmade[] = {
    0x01, 0x00, 0x04, 0x94,               /* rev 1, SR|DP|DACL_PROTECTED|DACL_AUTO_INHERITED */
    0x14, 0x00, 0x00, 0x00,               /* owner at 20 */
    0x24, 0x00, 0x00, 0x00,               /* group at 36 */
    0x00, 0x00, 0x00, 0x00,               /* no SACL */
    0x30, 0x00, 0x00, 0x00,               /* DACL at 48 */
    /* owner S-1-5-32-544 */
    0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00, 0x20, 0x02, 0x00, 0x00,
    /* group S-1-5-18 */
    0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00,
    /* DACL: rev 4, size 8 + 40 + 20 = 68, 2 ACEs */
    0x04, 0x00, 0x44, 0x00, 0x02, 0x00, 0x00, 0x00,
    /* OA, CI, size 40, CR, object type present, GUID, S-1-5-11 */
    0x05, 0x02, 0x28, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x68, 0xc9, 0x10, 0x0e, 0xfb, 0x78, 0xd2, 0x11, 0x90, 0xd4, 0x00, 0xc0, 0x4f, 0x79, 0xdc, 0x55,
    0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0b, 0x00, 0x00, 0x00,
    /* A, size 20, GENERIC_ALL, S-1-1-0 */
    0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x10,
    0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
};
#define HANDMADE_SDDL \
    "O:BAG:SYD:PAI(OA;CI;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;AU)(A;;GA;;;WD)"

/* ndr_pack(security.descriptor.from_sddl(<healthy.json template SDDL>, DOM))
 * from python3-samba 4.17: the layout Samba (and AD) hands out. */
static const char samba_template_hex[] =
    "010004941400000030000000000000004c000000010500000000000515000000dcf4dc3b833d2b46"
    "828ba62807020000010500000000000515000000dcf4dc3b833d2b46828ba6280702000004004401"
    "0700000005003800000100000100000068c9100efb78d21190d400c04f79dc550105000000000005"
    "15000000dcf4dc3b833d2b46828ba6280002000005003800000100000100000068c9100efb78d211"
    "90d400c04f79dc55010500000000000515000000dcf4dc3b833d2b46828ba6280702000005003800"
    "000100000100000068c9100efb78d21190d400c04f79dc55010500000000000515000000dcf4dc3b"
    "833d2b46828ba62801020000050038000001000001000000c28c5ba0bc170248a710e7c15ab866a2"
    "010500000000000515000000dcf4dc3b833d2b46828ba6280102000000002400ff000f0001050000"
    "0000000515000000dcf4dc3b833d2b46828ba6280002000000002400ff000f000105000000000005"
    "15000000dcf4dc3b833d2b46828ba62807020000000014009400020001010000000000050b000000";

static size_t unhex(const char *hex, unsigned char *out, size_t cap)
{
    size_t n = strlen(hex) / 2;
    assert_true(n <= cap);
    for (size_t i = 0; i < n; i++)
        out[i] = (unsigned char)(hex_digit(hex[2 * i]) * 16 + hex_digit(hex[2 * i + 1]));
    return n;
}

/* The template and CA SDDL of scenarios/healthy.json (caller frees both). */
static void healthy_sddl(char **tpl, char **ca)
{
    char *text = slurp(SHARED_DIR "/scenarios/healthy.json");
    cJSON *root = cJSON_Parse(text);
    free(text);
    assert_non_null(root);
    cJSON *facts = cJSON_GetObjectItemCaseSensitive(root, "facts");
    cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(facts, "templates"), 0);
    cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(facts, "cas"), 0);
    const char *ts = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "sddl"));
    const char *cs = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "sddl"));
    assert_non_null(ts);
    assert_non_null(cs);
    *tpl = dup(ts);
    *ca = dup(cs);
    assert_non_null(*tpl);
    assert_non_null(*ca);
    cJSON_Delete(root);
}

/* ------------------------------------------------------------- tests */

static void test_handmade(void **state)
{
    (void)state;
    char *s = conv_ok(handmade, sizeof(handmade), NULL);
    assert_string_equal(s, HANDMADE_SDDL);
    free(s);
    /* OUT may be NULL: validation only */
    struct err e;
    err_clear(&e);
    assert_int_equal(sd_binary_to_sddl(handmade, sizeof(handmade), NULL, NULL, &e), 0);
    assert_int_equal(sd_binary_to_sddl(handmade, sizeof(handmade) - 1, NULL, NULL, &e), -1);
    assert_string_equal(e.key, "error.sdbin");
    /* the encoder used below produces the same bytes */
    struct bb b;
    enc(HANDMADE_SDDL, DOM, &b);
    assert_int_equal(b.n, sizeof(handmade));
    assert_memory_equal(b.d, handmade, sizeof(handmade));
}

static void test_samba_template(void **state)
{
    (void)state;
    char *tpl, *ca;
    healthy_sddl(&tpl, &ca);
    unsigned char bin[1024];
    size_t n = unhex(samba_template_hex, bin, sizeof(bin));
    char *s = conv_ok(bin, n, DOM);
    assert_string_equal(s, tpl);   /* exactly as Windows wrote it in the bundle */
    same_answers(s, tpl, alice, NALICE, DOM);
    /* what the permission check would see: alice enrolls and autoenrolls via DU */
    struct arena a = {0};
    const struct sddl *sd = NULL;
    struct err e;
    assert_int_equal(sddl_parse(&a, s, &sd, &e), 0);
    const char *via = NULL;
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, alice, NALICE, DOM, &via),
                     ACCESS_ALLOWED);
    assert_string_equal(via, "DU");
    assert_int_equal(sddl_extended_right(sd, GUID_AUTOENROLL, alice, NALICE, DOM, &via),
                     ACCESS_ALLOWED);
    assert_string_equal(via, "DU");
    static const char *const au_only[] = {"S-1-5-11"};
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, au_only, 1, DOM, &via), ACCESS_NONE);
    arena_free(&a);
    free(s);

    /* without the domain SID the domain groups come out as full SIDs */
    s = conv_ok(bin, n, NULL);
    assert_non_null(strstr(s, "O:" DOM "-519G:" DOM "-519D:PAI("));
    assert_non_null(strstr(s, ";;" DOM "-513)"));
    assert_non_null(strstr(s, "(A;;LCRPLORC;;;AU)"));
    assert_null(strstr(s, "DU"));
    same_answers(s, tpl, alice, NALICE, DOM);
    free(s);
    free(tpl);
    free(ca);
}

static void test_healthy_roundtrip(void **state)
{
    (void)state;
    char *tpl, *ca;
    healthy_sddl(&tpl, &ca);
    roundtrip(tpl, DOM, DOM, NULL);
    roundtrip(ca, DOM, DOM, NULL);
    struct bb b;
    enc(ca, DOM, &b);
    char *s = conv_ok(b.d, b.n, NULL);
    same_answers(s, ca, alice, NALICE, DOM);
    free(s);
    free(tpl);
    free(ca);
}

static void test_ace_types(void **state)
{
    (void)state;
    roundtrip("D:(A;;CR;;;AU)", DOM, DOM, NULL);
    roundtrip("D:(D;;CR;;;AU)", DOM, DOM, NULL);
    roundtrip("D:(OA;;CR;" GUID_ENROLL ";;AU)", DOM, DOM, NULL);
    roundtrip("D:(OD;;CR;" GUID_ENROLL ";;AU)", DOM, DOM, NULL);
    /* object ACEs with no GUID, only the inherited one, both */
    roundtrip("D:(OA;;CR;;;AU)", DOM, DOM, NULL);
    roundtrip("D:(OA;CIIO;CR;;" GUID_AUTOENROLL ";AU)", DOM, DOM, NULL);
    roundtrip("D:(OD;CI;RPWP;" GUID_ENROLL ";bf967aba-0de6-11d0-a285-00aa003049e2;DU)", DOM,
              DOM, NULL);
    /* GUID text: upper-case digits in the input become lower case */
    roundtrip("D:(OA;;CR;0E10C968-78FB-11D2-90D4-00C04F79DC55;;AU)", DOM, DOM,
              "D:(OA;;CR;" GUID_ENROLL ";;AU)");
    /* SACL types; the SACL is written after the DACL */
    roundtrip("D:(A;;RP;;;WD)S:(AU;SA;WP;;;WD)", DOM, DOM, NULL);
    roundtrip("D:(A;;RP;;;WD)S:(AU;FA;WPCR;;;AU)(AL;SAFA;RP;;;WD)", DOM, DOM, NULL);
    roundtrip("D:(A;;RP;;;WD)S:(OU;CISA;WP;;bf967aba-0de6-11d0-a285-00aa003049e2;WD)"
              "(OL;FA;CR;" GUID_ENROLL ";;AU)",
              DOM, DOM, NULL);
    roundtrip("D:(A;;RP;;;WD)S:(ML;;NW;;;LW)", DOM, DOM, NULL);
    roundtrip("D:(A;;RP;;;WD)S:(ML;;NWNRNX;;;HI)", DOM, DOM, NULL);
    roundtrip("D:(A;;RP;;;WD)S:(SP;;;;;S-1-17-1)(TL;;0x20;;;S-1-19-512-1024)", DOM, DOM,
              "D:(A;;RP;;;WD)S:(SP;;;;;S-1-17-1)(TL;;WP;;;S-1-19-512-1024)");
    /* text order is normalised: O G D S */
    roundtrip("S:(AU;SA;WP;;;WD)D:(A;;RP;;;WD)G:SYO:BA", DOM, DOM,
              "O:BAG:SYD:(A;;RP;;;WD)S:(AU;SA;WP;;;WD)");
    /* many ACEs keep their order */
    roundtrip("D:(D;;CR;;;DU)(A;;CR;;;AU)(OA;;CR;" GUID_ENROLL ";;DU)(A;;RC;;;WD)", DOM, DOM,
              NULL);
}

static void test_ace_flags(void **state)
{
    (void)state;
    static const char *const flags[] = {"OI", "CI", "NP", "IO", "ID", "CR", "SA", "FA"};
    for (size_t i = 0; i < 8; i++) {
        char text[64];
        snprintf(text, sizeof(text), "D:(A;%s;CR;;;AU)", flags[i]);
        roundtrip(text, DOM, DOM, NULL);
    }
    roundtrip("D:(A;OICINPIOIDCRSAFA;CR;;;AU)", DOM, DOM, NULL);
    /* written in a fixed order whatever the input said */
    roundtrip("D:(A;IDIOCIOI;CR;;;AU)", DOM, DOM, "D:(A;OICIIOID;CR;;;AU)");
    /* an inherit-only allow does not grant, inherited (ID) does */
    struct bb b;
    enc("D:(A;CIIO;CR;;;AU)", DOM, &b);
    char *s = conv_ok(b.d, b.n, DOM);
    static const char *const au[] = {"S-1-5-11"};
    struct arena a = {0};
    const struct sddl *sd;
    struct err e;
    assert_int_equal(sddl_parse(&a, s, &sd, &e), 0);
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, au, 1, NULL, NULL), ACCESS_NONE);
    free(s);
    enc("D:(A;CIID;CR;;;AU)", DOM, &b);
    s = conv_ok(b.d, b.n, DOM);
    assert_int_equal(sddl_parse(&a, s, &sd, &e), 0);
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, au, 1, NULL, NULL), ACCESS_ALLOWED);
    free(s);
    arena_free(&a);
}

static void test_acl_flags(void **state)
{
    (void)state;
    roundtrip("D:P(A;;CR;;;AU)", DOM, DOM, NULL);
    roundtrip("D:AI(A;;CR;;;AU)", DOM, DOM, NULL);
    roundtrip("D:AR(A;;CR;;;AU)", DOM, DOM, NULL);
    roundtrip("D:PAI(A;;CR;;;AU)", DOM, DOM, NULL);
    roundtrip("D:PARAI(A;;CR;;;AU)", DOM, DOM, NULL);
    roundtrip("D:AIP(A;;CR;;;AU)", DOM, DOM, "D:PAI(A;;CR;;;AU)");
    roundtrip("D:PAI(A;;CR;;;AU)S:PARAI(AU;SA;CR;;;WD)", DOM, DOM, NULL);
    roundtrip("D:S:AI(AU;SA;CR;;;WD)", DOM, DOM, NULL);
    /* empty DACL (no ACEs): nothing granted */
    roundtrip("O:BAD:", DOM, DOM, NULL);
    roundtrip("D:P", DOM, DOM, NULL);
    /* NULL DACL (present, offset 0): everyone, as on Windows */
    roundtrip("O:BAG:BAD:NO_ACCESS_CONTROL", DOM, DOM, NULL);
    roundtrip("D:PNO_ACCESS_CONTROL", DOM, DOM, NULL);
    roundtrip("D:(A;;CR;;;AU)S:NO_ACCESS_CONTROL", DOM, DOM, NULL);
    struct bb b;
    enc("D:NO_ACCESS_CONTROL", DOM, &b);
    assert_int_equal(b.n, 20);
    char *s = conv_ok(b.d, b.n, DOM);
    struct arena a = {0};
    const struct sddl *sd;
    struct err e;
    const char *via = NULL;
    assert_int_equal(sddl_parse(&a, s, &sd, &e), 0);
    assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, alice, NALICE, DOM, &via),
                     ACCESS_ALLOWED);
    assert_string_equal(via, "WD");
    arena_free(&a);
    free(s);
    /* Sbz1 and the other control bits (defaulted, RM valid) do not matter */
    enc("O:BAD:P(A;;CR;;;AU)", DOM, &b);
    b.d[1] = 0x5A;
    b.d[2] |= 0x03;   /* OWNER_DEFAULTED, GROUP_DEFAULTED */
    b.d[3] |= 0x40;   /* RM_CONTROL_VALID */
    s = conv_ok(b.d, b.n, DOM);
    assert_string_equal(s, "O:BAD:P(A;;CR;;;AU)");
    free(s);
    /* SACL offset set but SE_SACL_PRESENT clear: the SACL is not there */
    enc("D:(A;;CR;;;AU)S:(AU;SA;CR;;;WD)", DOM, &b);
    b.d[2] &= (unsigned char)~0x10u;
    s = conv_ok(b.d, b.n, DOM);
    assert_string_equal(s, "D:(A;;CR;;;AU)");
    free(s);
}

static void test_owner_group(void **state)
{
    (void)state;
    roundtrip("O:BAD:(A;;CR;;;AU)", DOM, DOM, NULL);
    roundtrip("G:SYD:(A;;CR;;;AU)", DOM, DOM, NULL);
    roundtrip("D:(A;;CR;;;AU)", DOM, DOM, NULL);
    roundtrip("O:DAG:DUD:(A;;CR;;;AU)", DOM, DOM, NULL);
    roundtrip("O:" OTHER_DOM "-500G:S-1-5-21-9-9-9-513D:(A;;CR;;;AU)", DOM, DOM, NULL);
    /* authority of 2^32 and more: hex; zero sub-authorities; fifteen */
    roundtrip("O:S-1-0x0000000000FFD:(A;;CR;;;S-1-0x010203040506-7)", DOM, DOM,
              "O:S-1-255D:(A;;CR;;;S-1-0x010203040506-7)");
    roundtrip("O:S-1-0x00010000000DD:(A;;CR;;;S-1-5)", DOM, DOM, NULL);
    roundtrip("O:S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-4294967295D:(A;;CR;;;AU)", DOM, DOM,
              NULL);
    roundtrip("D:(A;;CR;;;S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15)", DOM, DOM, NULL);
}

static void test_aliases(void **state)
{
    (void)state;
    for (size_t i = 0; i < NALIASES; i++) {
        char text[96], want[320], sid[128];
        const char *code = aliases[i].code;
        if (aliases[i].sid)
            snprintf(sid, sizeof(sid), "%s", aliases[i].sid);
        else
            snprintf(sid, sizeof(sid), "%s-%lu", DOM, (unsigned long)aliases[i].rid);
        snprintf(text, sizeof(text), "O:%sD:(A;;CR;;;%s)", code, code);
        /* with the domain SID: the alias itself */
        roundtrip(text, DOM, DOM, NULL);
        /* without it, or with another domain: well-known stay, domain ones become SIDs */
        if (aliases[i].sid) {
            roundtrip(text, DOM, NULL, NULL);
            roundtrip(text, DOM, OTHER_DOM, NULL);
        } else {
            snprintf(want, sizeof(want), "O:%sD:(A;;CR;;;%s)", sid, sid);
            roundtrip(text, DOM, NULL, want);
            roundtrip(text, DOM, OTHER_DOM, want);
            roundtrip(text, DOM, "not a sid", want);
        }
        /* the answer for that SID is the same as for the alias */
        struct bb b;
        enc(text, DOM, &b);
        const char *doms[2] = {DOM, NULL};
        for (int k = 0; k < 2; k++) {
            char *s = conv_ok(b.d, b.n, doms[k]);
            struct arena a = {0};
            const struct sddl *sd;
            struct err e;
            const char *who[1] = {sid};
            const char *via = NULL;
            assert_int_equal(sddl_parse(&a, s, &sd, &e), 0);
            assert_int_equal(sddl_extended_right(sd, GUID_ENROLL, who, 1, DOM, &via),
                             ACCESS_ALLOWED);
            assert_string_equal(via, (k == 0 || aliases[i].sid) ? code : sid);
            arena_free(&a);
            free(s);
        }
    }
    /* a domain SID with one more or one less part is not an alias */
    roundtrip("D:(A;;CR;;;" DOM "-512-1)(A;;CR;;;" DOM ")", DOM, DOM, NULL);
    /* an unknown RID stays a SID */
    roundtrip("D:(A;;CR;;;" DOM "-1104)", DOM, DOM, NULL);
}

static void test_rights(void **state)
{
    (void)state;
    roundtrip("D:(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)", DOM, DOM, NULL);
    roundtrip("D:(A;;GAGXGWGR;;;DA)", DOM, DOM, NULL);
    roundtrip("D:(A;;GRGA;;;DA)", DOM, DOM, "D:(A;;GAGR;;;DA)");
    roundtrip("D:(A;;;;;DA)", DOM, DOM, NULL);   /* mask 0 */
    /* composite masks are written as DS bits */
    roundtrip("D:(A;;KA;;;DA)", DOM, DOM, "D:(A;;CCDCLCSWRPWPSDRCWDWO;;;DA)");
    /* bits without a DS code: hex, lower case, as Windows writes it */
    roundtrip("D:(A;;FA;;;DA)", DOM, DOM, "D:(A;;0x1f01ff;;;DA)");
    roundtrip("D:(A;;0x100000;;;DA)", DOM, DOM, NULL);
    roundtrip("D:(A;;0x1200a9;;;BU)", DOM, DOM, NULL);
    roundtrip("D:(A;;0xffffffff;;;BU)", DOM, DOM, NULL);
    roundtrip("D:(A;;0x100;;;BU)", DOM, DOM, "D:(A;;CR;;;BU)");
    /* label ACE: NR NW NX only */
    roundtrip("D:S:(ML;;0x7;;;ME)", DOM, DOM, "D:S:(ML;;NWNRNX;;;ME)");
    roundtrip("D:S:(ML;;0x8;;;ME)", DOM, DOM, NULL);
    /* the converted rights decide like the original: GA grants, CR without
     * GUID grants, RP does not */
    static const char *const texts[] = {
        "D:(A;;GA;;;AU)", "D:(A;;CR;;;AU)", "D:(A;;RPWP;;;AU)",
        "D:(D;;GA;;;DU)(A;;CR;;;AU)", "D:(OD;;CR;" GUID_AUTOENROLL ";;DU)(A;;CR;;;AU)",
        "D:(A;;0x10000100;;;AU)", "D:(OA;;CR;" GUID_ENROLL ";;DU)(OA;IO;CR;" GUID_AUTOENROLL ";;DU)",
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        struct bb b;
        enc(texts[i], DOM, &b);
        char *s = conv_ok(b.d, b.n, DOM);
        same_answers(s, texts[i], alice, NALICE, DOM);
        free(s);
        s = conv_ok(b.d, b.n, NULL);
        same_answers(s, texts[i], alice, NALICE, DOM);
        free(s);
    }
}

/* ------------------------------------------------------------- malformed */

/* A valid sample with owner, group, SACL and DACL, and its part offsets. */
static void sample(struct bb *b)
{
    enc("O:BAG:DUD:PAI(OA;CI;CR;" GUID_ENROLL ";bf967aba-0de6-11d0-a285-00aa003049e2;DU)"
        "(A;;LCRPLORC;;;AU)S:(AU;SA;WP;;;WD)",
        DOM, b);
}

static size_t off_of(const struct bb *b, size_t field)
{
    return (size_t)b->d[field] | ((size_t)b->d[field + 1] << 8);
}

static void test_header_errors(void **state)
{
    (void)state;
    struct bb b;
    sample(&b);
    size_t owner = off_of(&b, 4), group = off_of(&b, 8), sacl = off_of(&b, 12),
           dacl = off_of(&b, 16);
    assert_true(owner == 20 && group > owner && sacl > group && dacl > sacl);
    char *s = conv_ok(b.d, b.n, DOM);
    free(s);

    expect_fail(b.d, 0, 0, "truncated");
    expect_fail(b.d, 19, 0, "truncated");
    struct bb c = b;
    c.d[0] = 2;
    expect_fail(c.d, c.n, 0, "revision");
    c = b;
    c.d[0] = 0;
    expect_fail(c.d, c.n, 0, "revision");
    c = b;
    c.d[3] &= 0x7F;
    expect_fail(c.d, c.n, 2, "not-self-relative");
    c = b;
    c.d[2] &= (unsigned char)~0x04u;
    expect_fail(c.d, c.n, 2, "no-dacl");
    /* offsets into the header, at or past the end */
    c = b;
    set32(c.d, 4, 4);
    expect_fail(c.d, c.n, 4, "bad-offset");
    c = b;
    set32(c.d, 8, 19);
    expect_fail(c.d, c.n, 8, "bad-offset");
    c = b;
    set32(c.d, 16, (uint32_t)c.n);
    expect_fail(c.d, c.n, 16, "bad-offset");
    c = b;
    set32(c.d, 12, 0xFFFFFFFFu);
    expect_fail(c.d, c.n, 12, "bad-offset");
    /* overlapping parts */
    c = b;
    set32(c.d, 8, (uint32_t)owner);   /* group = owner */
    expect_fail(c.d, c.n, 8, "overlap");
    c = b;
    set32(c.d, 4, (uint32_t)dacl + 8);   /* owner inside the DACL (reads as a SID) */
    c.d[dacl + 8] = 1;
    c.d[dacl + 9] = 0;
    expect_fail(c.d, c.n, 16, "overlap");
    c = b;
    set16(c.d, sacl + 2, (unsigned)(dacl - sacl + 8));   /* SACL size reaches into the DACL */
    expect_fail(c.d, c.n, 16, "overlap");
    c = b;
    set32(c.d, 16, (uint32_t)sacl);   /* DACL = SACL */
    expect_fail(c.d, c.n, 16, "overlap");
}

static void test_sid_errors(void **state)
{
    (void)state;
    struct bb b;
    sample(&b);
    size_t owner = off_of(&b, 4);
    struct bb c = b;
    c.d[owner] = 2;
    expect_fail(c.d, c.n, owner, "sid-revision");
    /* 16 sub-authorities in the owner */
    c = b;
    c.d[owner + 1] = 16;
    expect_fail(c.d, c.n, owner + 1, "sid-subauthorities");
    /* a SID whose count reaches past the end of the data: an owner placed last */
    c = b;
    set32(c.d, 4, 0);
    set32(c.d, 8, 0);
    put_sid_text(&c, "S-1-5-21-1-2", strlen("S-1-5-21-1-2"));
    set32(c.d, 4, (uint32_t)(c.n - 20));
    c.d[c.n - 20 + 1] = 5;   /* claims 5 sub-authorities, 3 present */
    expect_fail(c.d, c.n, c.n - 20, "sid-truncated");
    c.n -= 13;   /* not even the 8-byte SID header left */
    expect_fail(c.d, c.n, c.n - 7, "sid-truncated");

    /* a SID with 16 sub-authorities inside an ACE, built as such */
    struct bb d;
    enc("D:(A;;CR;;;S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16)", DOM, &d);
    size_t dacl = off_of(&d, 16);
    expect_fail(d.d, d.n, dacl + 8 + 8 + 1, "sid-subauthorities");
    /* a SID longer than its ACE */
    enc("D:(A;;CR;;;" DOM "-1104)(A;;CR;;;AU)", DOM, &d);
    dacl = off_of(&d, 16);
    d.d[dacl + 8 + 8 + 1] = 6;
    expect_fail(d.d, d.n, dacl + 16, "sid-truncated");
}

static void test_acl_errors(void **state)
{
    (void)state;
    struct bb b;
    sample(&b);
    size_t sacl = off_of(&b, 12), dacl = off_of(&b, 16);
    size_t dsize = off_of(&b, dacl + 2);
    assert_int_equal(dacl + dsize, b.n);
    struct bb c = b;
    c.d[dacl] = 3;
    expect_fail(c.d, c.n, dacl, "acl-revision");
    c = b;
    c.d[sacl] = 1;
    expect_fail(c.d, c.n, sacl, "acl-revision");
    c = b;
    set16(c.d, dacl + 2, (unsigned)dsize + 1);   /* past the end */
    expect_fail(c.d, c.n, dacl + 2, "acl-size");
    c = b;
    set16(c.d, dacl + 2, 7);   /* smaller than the header */
    expect_fail(c.d, c.n, dacl + 2, "acl-size");
    /* ACL header cut */
    expect_fail(b.d, dacl + 7, dacl, "truncated");
    /* ACE count lying: one more than there are */
    c = b;
    set16(c.d, dacl + 4, 3);
    expect_fail(c.d, c.n, dacl + 4, "ace-count");
    c = b;
    set16(c.d, dacl + 4, 0xFFFF);
    expect_fail(c.d, c.n, dacl + 4, "ace-count");
    /* fewer ACEs than space is fine (free space after the last one) */
    c = b;
    set16(c.d, dacl + 4, 1);
    char *s = conv_ok(c.d, c.n, DOM);
    assert_non_null(strstr(s, "D:PAI(OA;CI;CR;"));
    assert_null(strstr(s, "LCRPLORC"));
    free(s);
    /* ACE sizes: zero, below the header, below its type's minimum, past the ACL */
    size_t ace0 = dacl + 8, ace0_size = off_of(&b, ace0 + 2), ace1 = ace0 + ace0_size;
    c = b;
    set16(c.d, ace0 + 2, 0);
    expect_fail(c.d, c.n, ace0 + 2, "ace-size");
    c = b;
    set16(c.d, ace0 + 2, 3);
    expect_fail(c.d, c.n, ace0 + 2, "ace-size");
    c = b;
    set16(c.d, ace1 + 2, 6);   /* allowed ACE without a whole mask */
    expect_fail(c.d, c.n, ace1 + 2, "ace-size");
    c = b;
    set16(c.d, ace1 + 2, 8);   /* mask, no SID */
    expect_fail(c.d, c.n, ace1 + 8, "sid-truncated");
    c = b;
    set16(c.d, ace1 + 2, (unsigned)off_of(&b, ace1 + 2) + 4);   /* past the ACL */
    expect_fail(c.d, c.n, ace1 + 2, "ace-size");
    c = b;
    set16(c.d, ace0 + 2, 10);   /* object ACE without room for its object flags */
    expect_fail(c.d, c.n, ace0 + 2, "ace-size");
    c = b;
    set16(c.d, ace0 + 2, 12 + 20);   /* flags say two GUIDs, room for one */
    expect_fail(c.d, c.n, ace0 + 2, "ace-size");
    /* object flags claiming no GUIDs: the GUID bytes are read as the SID */
    c = b;
    set32(c.d, ace0 + 8, 0);
    expect_fail(c.d, c.n, ace0 + 12, "sid-revision");
    /* a larger ACE than its SID needs is fine */
    struct bb d;
    enc("D:(A;;CR;;;AU)", DOM, &d);
    dacl = off_of(&d, 16);
    p32(&d, 0xDEADBEEF);
    set16(d.d, dacl + 2, (unsigned)off_of(&d, dacl + 2) + 4);
    set16(d.d, dacl + 8 + 2, (unsigned)off_of(&d, dacl + 8 + 2) + 4);
    s = conv_ok(d.d, d.n, DOM);
    assert_string_equal(s, "D:(A;;CR;;;AU)");
    free(s);
}

static void test_ace_type_errors(void **state)
{
    (void)state;
    struct bb b;
    sample(&b);
    size_t sacl = off_of(&b, 12), dacl = off_of(&b, 16);
    struct bb c = b;
    c.d[dacl + 8] = 2;   /* audit in the DACL */
    expect_fail(c.d, c.n, dacl + 8, "ace-type");
    c = b;
    c.d[sacl + 8] = 0;   /* allow in the SACL */
    expect_fail(c.d, c.n, sacl + 8, "ace-type");
    static const unsigned char unsupported[] = {4, 9, 10, 11, 12, 13, 14, 15, 16, 0x12, 0x15, 0x16, 0xFF};
    for (size_t i = 0; i < sizeof(unsupported); i++) {
        c = b;
        c.d[dacl + 8] = unsupported[i];
        expect_fail(c.d, c.n, dacl + 8, "ace-type");
        c = b;
        c.d[sacl + 8] = unsupported[i];
        expect_fail(c.d, c.n, sacl + 8, "ace-type");
    }
}

static void test_reasons_in_catalogs(void **state)
{
    (void)state;
    /* every reason the tests above provoked, plus the rest of the set */
    static const char *const all[] = {
        "truncated", "revision", "not-self-relative", "no-dacl", "bad-offset", "overlap",
        "sid-truncated", "sid-revision", "sid-subauthorities", "acl-revision", "acl-size",
        "ace-count", "ace-size", "ace-type",
    };
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        char key[64];
        snprintf(key, sizeof(key), "sdbin.reason.%s", all[i]);
        note_reason(key);
    }
    note_reason("error.sdbin");
    note_reason("error.memory");
    const char *langs[2] = {SOURCE_DIR "/locale/en.json", SOURCE_DIR "/locale/de.json"};
    for (int l = 0; l < 2; l++) {
        char *text = slurp(langs[l]);
        cJSON *root = cJSON_Parse(text);
        free(text);
        assert_non_null(root);
        cJSON *msgs = cJSON_GetObjectItemCaseSensitive(root, "messages");
        for (size_t i = 0; i < nseen; i++) {
            if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(msgs, seen_reasons[i])))
                fail_msg("%s: no entry %s", langs[l], seen_reasons[i]);
        }
        cJSON_Delete(root);
    }
}

/* ------------------------------------------------------------- robustness */

static void test_truncations(void **state)
{
    (void)state;
    struct bb samples[3];
    sample(&samples[0]);
    samples[1].n = unhex(samba_template_hex, samples[1].d, sizeof(samples[1].d));
    memcpy(samples[2].d, handmade, sizeof(handmade));
    samples[2].n = sizeof(handmade);
    for (int k = 0; k < 3; k++) {
        size_t rejected = 0;
        for (size_t n = 0; n < samples[k].n; n++) {
            /* a copy of exactly N bytes, so that ASan sees any read past it */
            unsigned char *p = malloc(n ? n : 1);
            assert_non_null(p);
            memcpy(p, samples[k].d, n);
            if (!check_any(p, n))
                rejected++;
            free(p);
        }
        /* every part reaches the end of the data in these samples */
        assert_int_equal(rejected, samples[k].n);
        assert_true(check_any(samples[k].d, samples[k].n));
    }
}

static uint32_t rng_state = 0x12345678u;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static void test_mutations(void **state)
{
    (void)state;
    struct bb samples[3];
    sample(&samples[0]);
    samples[1].n = unhex(samba_template_hex, samples[1].d, sizeof(samples[1].d));
    enc("O:S-1-0x010203040506-1D:NO_ACCESS_CONTROLS:PAI(ML;CI;NW;;;HI)(OU;SA;CR;;" GUID_ENROLL
        ";AU)",
        DOM, &samples[2]);
    size_t ok = 0, bad = 0;
    for (int i = 0; i < 10000; i++) {
        const struct bb *src = &samples[i % 3];
        size_t n = src->n;
        if (rng() % 4 == 0)
            n = rng() % (n + 1);
        unsigned char *p = malloc(n ? n : 1);
        assert_non_null(p);
        memcpy(p, src->d, n);
        unsigned edits = 1 + rng() % 4;
        for (unsigned k = 0; k < edits && n > 0; k++) {
            size_t at = rng() % n;
            switch (rng() % 4) {
            case 0: p[at] = (unsigned char)rng(); break;
            case 1: p[at] ^= (unsigned char)(1u << (rng() % 8)); break;
            case 2: p[at] = (unsigned char)(rng() % 3 == 0 ? 0 : (rng() % 2 ? 0xFF : 0x10)); break;
            default: /* a small value into a 16-bit field */
                if (at + 1 < n)
                    set16(p, at, rng() % 64);
                break;
            }
        }
        if (check_any(p, n))
            ok++;
        else
            bad++;
        free(p);
    }
    /* both outcomes must have been exercised */
    assert_true(ok > 100);
    assert_true(bad > 100);
}

static void test_large(void **state)
{
    (void)state;
    /* an ACL of the largest size, full of ACEs: linear, exact */
    const size_t aces = (0xFFFF - 8) / 20, n = 20 + 8 + aces * 20;
    unsigned char *d = calloc(1, n);
    assert_non_null(d);
    d[0] = 1;
    set16(d, 2, 0x8004);
    set32(d, 16, 20);
    d[20] = 2;
    set16(d, 22, (unsigned)(8 + aces * 20));
    set16(d, 24, (unsigned)aces);
    for (size_t i = 0; i < aces; i++) {
        unsigned char *a = d + 28 + 20 * i;
        a[0] = (unsigned char)(i % 2);   /* allow, deny, ... */
        a[1] = 0x12;                     /* CI ID */
        set16(a, 2, 20);
        set32(a, 4, 0x100);
        static const unsigned char sid[12] = {1, 1, 0, 0, 0, 0, 0, 9, 7, 0, 0, 0}; /* S-1-9-7 */
        memcpy(a + 8, sid, sizeof(sid));
    }
    char *s = conv_ok(d, n, NULL);
    size_t count = 0;
    for (const char *q = strstr(s, "(A;CIID;CR;;;S-1-9-7)"); q;
         q = strstr(q + 1, "(A;CIID;CR;;;S-1-9-7)"))
        count++;
    assert_int_equal(count, (aces + 1) / 2);
    assert_non_null(strstr(s, "(D;CIID;CR;;;S-1-9-7)"));
    struct arena a = {0};
    const struct sddl *sd;
    struct err e;
    assert_int_equal(sddl_parse(&a, s, &sd, &e), 0);
    assert_int_equal(sddl_ace_count(sd), aces);
    arena_free(&a);
    free(s);
    /* the same with a lying count: rejected, not read past the ACL */
    set16(d, 24, (unsigned)aces + 1);
    expect_fail(d, n, 24, "ace-count");
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handmade),
        cmocka_unit_test(test_samba_template),
        cmocka_unit_test(test_healthy_roundtrip),
        cmocka_unit_test(test_ace_types),
        cmocka_unit_test(test_ace_flags),
        cmocka_unit_test(test_acl_flags),
        cmocka_unit_test(test_owner_group),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_rights),
        cmocka_unit_test(test_header_errors),
        cmocka_unit_test(test_sid_errors),
        cmocka_unit_test(test_acl_errors),
        cmocka_unit_test(test_ace_type_errors),
        cmocka_unit_test(test_truncations),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_reasons_in_catalogs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
