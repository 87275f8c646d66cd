/* sddl.c: a strict, single-pass SDDL reader and the extended-right
 * evaluation that the permission checks need.
 *
 * Grammar accepted (what ConvertSecurityDescriptorToStringSecurityDescriptor
 * writes; no whitespace anywhere; each part at most once, in any order):
 *   sd     = *( "O:" sid / "G:" sid / "D:" acl / "S:" acl )   with "D:" required
 *   acl    = *aclflag *ace
 *   aclflag= "P" / "AI" / "AR" / "NO_ACCESS_CONTROL"   (NO_ACCESS_CONTROL: no ACEs may follow)
 *   ace    = "(" type ";" flags ";" rights ";" guid ";" guid ";" sid [ ";" extra ] ")"
 *   rights = *( two-letter right ) / "0x" 1*hex
 *   sid    = two-letter alias / "S-1-" authority *( "-" subauthority )
 *
 * Decisions (documented for callers):
 * - DACL ACE types A, D, OA, OD are understood. Any other type in a DACL
 *   (callback, conditional, audit, label, ...) makes the descriptor rejected
 *   with sddl.reason.unsupported-ace-type, because skipping an ACE could turn a
 *   deny into a wrong "granted".
 * - SACL ACEs are checked for form and then dropped. SACL types accepted:
 *   AU, AL, OU, OL, ML, SP, RA, XU, TL, FL; the optional seventh field of
 *   RA/XU/SP/FL (resource attributes, conditions) is skipped by counting
 *   parentheses outside double-quoted strings, without recursion.
 * - "D:NO_ACCESS_CONTROL" (a NULL DACL) means, as on Windows, that everyone
 *   has every right: sddl_extended_right() answers ACCESS_ALLOWED with
 *   *via = "WD" (Everyone). sddl_ace_count() is 0 for it.
 * - Rights: two-letter codes (upper case) or a hex mask "0x..." (at most
 *   32 bits); decimal and octal masks are rejected.
 * - Two-letter codes (types, flags, rights, aliases) must be upper case, as
 *   Windows writes them; the "S-" of a SID and GUID/hex digits may be either
 *   case. GUIDs are stored lower case.
 * - Domain aliases (DA, DU, ..., also the forest-wide EA, SA, EK, RO and the
 *   machine-relative LA, LG) resolve relative to the domain SID passed to
 *   sddl_extended_right().
 * - An ACE's inherited-object GUID does not affect whether it applies to the
 *   object itself; only inherit-only (IO) ACEs are skipped.
 */
#include "sddl.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define SID_MAX_SUB 15

#define MASK_CR 0x00000100u  /* ADS_RIGHT_DS_CONTROL_ACCESS */
#define MASK_GA 0x10000000u  /* GENERIC_ALL */

struct sid_bin {
    uint64_t authority;      /* 48 bits */
    uint8_t nsub;
    uint32_t sub[SID_MAX_SUB];
};

enum ace_type { ACE_A = 1, ACE_D, ACE_OA, ACE_OD };

enum {
    AF_OI = 1u << 0, AF_CI = 1u << 1, AF_NP = 1u << 2, AF_IO = 1u << 3,
    AF_ID = 1u << 4, AF_SA = 1u << 5, AF_FA = 1u << 6, AF_CR = 1u << 7,
    AF_TP = 1u << 8
};

struct sddl_ace {
    uint8_t type;            /* enum ace_type */
    uint16_t flags;          /* AF_* */
    uint32_t mask;
    const char *object_guid;   /* lower case, 36 chars; NULL = none */
    const char *inherit_guid;
    const char *trustee;     /* as written, NUL-terminated, in the arena */
    uint32_t domain_rid;     /* != 0: a domain alias, SID = domain + rid */
    struct sid_bin sid;      /* when domain_rid == 0 */
};

struct sddl {
    struct sddl_ace *aces;
    size_t nace;
    bool null_dacl;
};

/* ---------------------------------------------------------------- tables */

struct code { char c[3]; uint32_t value; };

struct alias {
    char code[3];
    const char *sid;         /* fixed SID, or NULL */
    uint32_t rid;            /* domain-relative RID when sid == NULL */
};

static const struct alias aliases[] = {
    {"WD", "S-1-1-0", 0},          {"CO", "S-1-3-0", 0},
    {"CG", "S-1-3-1", 0},          {"OW", "S-1-3-4", 0},
    {"NU", "S-1-5-2", 0},          {"IU", "S-1-5-4", 0},
    {"SU", "S-1-5-6", 0},          {"AN", "S-1-5-7", 0},
    {"ED", "S-1-5-9", 0},          {"PS", "S-1-5-10", 0},
    {"AU", "S-1-5-11", 0},         {"RC", "S-1-5-12", 0},
    {"SY", "S-1-5-18", 0},         {"LS", "S-1-5-19", 0},
    {"NS", "S-1-5-20", 0},         {"WR", "S-1-5-33", 0},
    {"BA", "S-1-5-32-544", 0},     {"BU", "S-1-5-32-545", 0},
    {"BG", "S-1-5-32-546", 0},     {"PU", "S-1-5-32-547", 0},
    {"AO", "S-1-5-32-548", 0},     {"SO", "S-1-5-32-549", 0},
    {"PO", "S-1-5-32-550", 0},     {"BO", "S-1-5-32-551", 0},
    {"RE", "S-1-5-32-552", 0},     {"RU", "S-1-5-32-554", 0},
    {"RD", "S-1-5-32-555", 0},     {"NO", "S-1-5-32-556", 0},
    {"MU", "S-1-5-32-558", 0},     {"LU", "S-1-5-32-559", 0},
    {"IS", "S-1-5-32-568", 0},     {"CY", "S-1-5-32-569", 0},
    {"ER", "S-1-5-32-573", 0},     {"CD", "S-1-5-32-574", 0},
    {"RA", "S-1-5-32-575", 0},     {"ES", "S-1-5-32-576", 0},
    {"MS", "S-1-5-32-577", 0},     {"HA", "S-1-5-32-578", 0},
    {"AA", "S-1-5-32-579", 0},     {"RM", "S-1-5-32-580", 0},
    {"UD", "S-1-5-84-0-0-0-0-0", 0},
    {"AC", "S-1-15-2-1", 0},
    {"LW", "S-1-16-4096", 0},      {"ME", "S-1-16-8192", 0},
    {"MP", "S-1-16-8448", 0},      {"HI", "S-1-16-12288", 0},
    {"SI", "S-1-16-16384", 0},
    {"AS", "S-1-18-1", 0},         {"SS", "S-1-18-2", 0},
    /* relative to the domain (forest-wide and machine ones too, see top) */
    {"RO", NULL, 498},  {"LA", NULL, 500},  {"LG", NULL, 501},
    {"DA", NULL, 512},  {"DU", NULL, 513},  {"DG", NULL, 514},
    {"DC", NULL, 515},  {"DD", NULL, 516},  {"CA", NULL, 517},
    {"SA", NULL, 518},  {"EA", NULL, 519},  {"PA", NULL, 520},
    {"CN", NULL, 522},  {"AP", NULL, 525},  {"KA", NULL, 526},
    {"EK", NULL, 527},  {"RS", NULL, 553},
};

static const struct code rights[] = {
    {"GA", 0x10000000u}, {"GR", 0x80000000u}, {"GW", 0x40000000u},
    {"GX", 0x20000000u}, {"RC", 0x00020000u}, {"SD", 0x00010000u},
    {"WD", 0x00040000u}, {"WO", 0x00080000u}, {"RP", 0x00000010u},
    {"WP", 0x00000020u}, {"CC", 0x00000001u}, {"DC", 0x00000002u},
    {"LC", 0x00000004u}, {"SW", 0x00000008u}, {"LO", 0x00000080u},
    {"DT", 0x00000040u}, {"CR", 0x00000100u}, {"FA", 0x001F01FFu},
    {"FR", 0x00120089u}, {"FW", 0x00120116u}, {"FX", 0x001200A0u},
    {"KA", 0x000F003Fu}, {"KR", 0x00020019u}, {"KW", 0x00020006u},
    {"KX", 0x00020019u}, {"NR", 0x00000002u}, {"NW", 0x00000001u},
    {"NX", 0x00000004u},
};

static const struct code ace_flags[] = {
    {"OI", AF_OI}, {"CI", AF_CI}, {"NP", AF_NP}, {"IO", AF_IO},
    {"ID", AF_ID}, {"SA", AF_SA}, {"FA", AF_FA}, {"CR", AF_CR},
    {"TP", AF_TP},
};

/* ACE types. dacl: usable in a DACL (1..4 = enum ace_type), sacl: allowed in
 * a SACL; object: carries GUID fields; extra: may carry a seventh field. */
struct ace_kind {
    const char *name;
    uint8_t dacl;
    bool sacl, object, extra;
};

static const struct ace_kind ace_kinds[] = {
    {"A", ACE_A, false, false, false},
    {"D", ACE_D, false, false, false},
    {"OA", ACE_OA, false, true, false},
    {"OD", ACE_OD, false, true, false},
    {"AU", 0, true, false, false},
    {"AL", 0, true, false, false},
    {"OU", 0, true, true, false},
    {"OL", 0, true, true, false},
    {"ML", 0, true, false, false},
    {"SP", 0, true, false, true},
    {"RA", 0, true, false, true},
    {"XU", 0, true, false, true},
    {"TL", 0, true, false, false},
    {"FL", 0, true, false, true},
    /* known, never evaluated: callback and conditional allow/deny */
    {"XA", 0, false, false, true},
    {"XD", 0, false, false, true},
    {"ZA", 0, false, true, true},
};

static const struct code *code_find(const struct code *t, size_t n, const char *p)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].c[0] == p[0] && t[i].c[1] == p[1])
            return &t[i];
    return NULL;
}

static const struct alias *alias_find(const char *p)
{
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (aliases[i].code[0] == p[0] && aliases[i].code[1] == p[1])
            return &aliases[i];
    return NULL;
}

/* ---------------------------------------------------------------- SIDs */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

/* Parses a SID "S-1-auth(-sub)*" at S, greedily. Returns the number of
 * characters used, or -1 with *BAD = offset (from S) of the first wrong
 * character. Reads nothing past the NUL. */
static long sid_parse(const char *s, struct sid_bin *out, size_t *bad)
{
    size_t i = 0;
    memset(out, 0, sizeof(*out));
    if (s[0] != 'S' && s[0] != 's') {
        *bad = 0;
        return -1;
    }
    if (s[1] != '-') {
        *bad = 1;
        return -1;
    }
    if (s[2] != '1') {
        *bad = 2;
        return -1;
    }
    if (s[3] != '-') {
        *bad = 3;
        return -1;
    }
    i = 4;
    /* authority: decimal below 2^48, or 0x + 1..12 hex digits */
    if (s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        i += 2;
        size_t start = i, sig = 0;
        uint64_t v = 0;
        while (hex_digit(s[i]) >= 0) {
            /* "...D:" after a hex authority is the DACL marker, not a digit */
            if ((s[i] == 'D') && s[i + 1] == ':')
                break;
            if (v != 0 || s[i] != '0')
                sig++;
            if (sig > 12) {
                *bad = i;
                return -1;
            }
            v = v * 16 + (uint64_t)hex_digit(s[i]);
            i++;
        }
        if (i == start) {
            *bad = i;
            return -1;
        }
        out->authority = v;
    } else {
        if (!is_digit(s[i])) {
            *bad = i;
            return -1;
        }
        uint64_t v = 0;
        while (is_digit(s[i])) {
            v = v * 10 + (uint64_t)(s[i] - '0');
            if (v > 0xFFFFFFFFFFFFull) {
                *bad = i;
                return -1;
            }
            i++;
        }
        out->authority = v;
    }
    while (s[i] == '-') {
        i++;
        if (!is_digit(s[i])) {
            *bad = i;
            return -1;
        }
        if (out->nsub >= SID_MAX_SUB) {
            *bad = i;
            return -1;
        }
        uint64_t v = 0;
        while (is_digit(s[i])) {
            v = v * 10 + (uint64_t)(s[i] - '0');
            if (v > 0xFFFFFFFFull) {
                *bad = i;
                return -1;
            }
            i++;
        }
        out->sub[out->nsub++] = (uint32_t)v;
    }
    return (long)i;
}

/* A complete SID string (nothing after it). */
static bool sid_from_string(const char *s, struct sid_bin *out)
{
    size_t bad;
    long n = sid_parse(s, out, &bad);
    return n > 0 && s[n] == '\0';
}

static int order(uint64_t a, uint64_t b)
{
    return (a > b) - (a < b);
}

/* A total order on SIDs (authority, count, then each part); 0 = the same SID. */
static int sid_cmp(const void *pa, const void *pb)
{
    const struct sid_bin *a = pa, *b = pb;
    int c = order(a->authority, b->authority);
    if (c == 0)
        c = order(a->nsub, b->nsub);
    for (uint8_t i = 0; c == 0 && i < a->nsub; i++)
        c = order(a->sub[i], b->sub[i]);
    return c;
}

/* ---------------------------------------------------------------- parser */

struct parser {
    struct arena *a;
    const char *s;
    size_t pos;
    struct err *e;
};

static int fail(struct parser *p, size_t off, const char *reason)
{
    err_set(p->e, "error.sddl");
    err_arg(p->e, "offset", "%zu", off);
    err_arg(p->e, "reason", "%s", reason);
    return -1;
}

/* End of the field starting at FROM: the next ';' or ')' or NUL. */
static size_t field_end(const char *s, size_t from)
{
    size_t i = from;
    while (s[i] != '\0' && s[i] != ';' && s[i] != ')')
        i++;
    return i;
}

/* The SID at p->pos of an owner or group part: an alias (two letters) or
 * an S-1-... string. The caller checks what follows. */
static int parse_owner_sid(struct parser *p)
{
    const char *s = p->s + p->pos;
    if (s[0] == 'S' || s[0] == 's') {
        if (s[1] == '-') {
            struct sid_bin sid;
            size_t bad;
            long n = sid_parse(s, &sid, &bad);
            if (n < 0)
                return fail(p, p->pos + bad, "sddl.reason.bad-sid");
            p->pos += (size_t)n;
            return 0;
        }
    }
    if (is_upper(s[0]) && is_upper(s[1])) {
        if (!alias_find(s))
            return fail(p, p->pos, "sddl.reason.unknown-sid-alias");
        p->pos += 2;
        return 0;
    }
    return fail(p, p->pos, "sddl.reason.bad-sid");
}

/* ACL flags; sets *NULL_ACL for NO_ACCESS_CONTROL. */
static void parse_acl_flags(struct parser *p, bool *null_acl)
{
    static const char nac[] = "NO_ACCESS_CONTROL";
    *null_acl = false;
    for (;;) {
        const char *s = p->s + p->pos;
        if (s[0] == 'P') {
            p->pos += 1;
        } else if (s[0] == 'A' && (s[1] == 'I' || s[1] == 'R')) {
            p->pos += 2;
        } else if (strncmp(s, nac, sizeof(nac) - 1) == 0) {
            p->pos += sizeof(nac) - 1;
            *null_acl = true;
        } else {
            return;
        }
    }
}

static int parse_guid(struct parser *p, size_t from, size_t to, char out[37])
{
    if (to - from != 36) {
        /* point at the first character that cannot belong to a GUID */
        size_t at = from;
        while (at < to && at - from < 36) {
            size_t k = at - from;
            bool dash = (k == 8 || k == 13 || k == 18 || k == 23);
            if (dash ? p->s[at] != '-' : hex_digit(p->s[at]) < 0)
                break;
            at++;
        }
        return fail(p, at, "sddl.reason.bad-guid");
    }
    for (size_t k = 0; k < 36; k++) {
        char c = p->s[from + k];
        bool dash = (k == 8 || k == 13 || k == 18 || k == 23);
        if (dash) {
            if (c != '-')
                return fail(p, from + k, "sddl.reason.bad-guid");
            out[k] = '-';
        } else {
            if (hex_digit(c) < 0)
                return fail(p, from + k, "sddl.reason.bad-guid");
            out[k] = (c >= 'A' && c <= 'F') ? (char)(c - 'A' + 'a') : c;
        }
    }
    out[36] = '\0';
    return 0;
}

static int parse_rights(struct parser *p, size_t from, size_t to, uint32_t *mask)
{
    const char *s = p->s;
    uint32_t m = 0;
    if (to - from >= 2 && s[from] == '0' && (s[from + 1] == 'x' || s[from + 1] == 'X')) {
        size_t i = from + 2, sig = 0;
        uint64_t v = 0;
        if (i == to)
            return fail(p, i, "sddl.reason.bad-rights");
        for (; i < to; i++) {
            int h = hex_digit(s[i]);
            if (h < 0)
                return fail(p, i, "sddl.reason.bad-rights");
            if (v != 0 || h != 0)
                sig++;
            if (sig > 8)
                return fail(p, i, "sddl.reason.bad-rights");
            v = v * 16 + (uint64_t)h;
        }
        *mask = (uint32_t)v;
        return 0;
    }
    for (size_t i = from; i < to; i += 2) {
        if (i + 1 >= to || !is_upper(s[i]) || !is_upper(s[i + 1]))
            return fail(p, i, "sddl.reason.bad-rights");
        const struct code *c = code_find(rights, sizeof(rights) / sizeof(rights[0]), s + i);
        if (!c)
            return fail(p, i, "sddl.reason.bad-rights");
        m |= c->value;
    }
    *mask = m;
    return 0;
}

static int parse_ace_flags(struct parser *p, size_t from, size_t to, uint16_t *flags)
{
    const char *s = p->s;
    unsigned f = 0;
    for (size_t i = from; i < to; i += 2) {
        if (i + 1 >= to || !is_upper(s[i]) || !is_upper(s[i + 1]))
            return fail(p, i, "sddl.reason.bad-ace-flags");
        const struct code *c = code_find(ace_flags, sizeof(ace_flags) / sizeof(ace_flags[0]), s + i);
        if (!c)
            return fail(p, i, "sddl.reason.bad-ace-flags");
        f |= c->value;
    }
    *flags = (uint16_t)f;
    return 0;
}

/* Expects the field that ended at p->pos to be followed by ';'. */
static int expect_semicolon(struct parser *p)
{
    char c = p->s[p->pos];
    if (c == ';') {
        p->pos++;
        return 0;
    }
    if (c == '\0')
        return fail(p, p->pos, "sddl.reason.unclosed-ace");
    return fail(p, p->pos, "sddl.reason.ace-fields");
}

/* Skips the seventh field of a resource-attribute or conditional ACE up to
 * and including the ACE's closing ')'. Parentheses nest; double-quoted
 * strings are opaque. Iterative. */
static int skip_extra(struct parser *p)
{
    size_t depth = 0;
    bool quoted = false;
    for (;;) {
        char c = p->s[p->pos];
        if (c == '\0')
            return fail(p, p->pos, "sddl.reason.unclosed-ace");
        p->pos++;
        if (quoted) {
            if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '(') {
            depth++;
        } else if (c == ')') {
            if (depth == 0)
                return 0;
            depth--;
        }
    }
}

/* One ACE at p->pos ('('). DACL ACEs are stored into *ACE (when not NULL). */
static int parse_ace(struct parser *p, bool in_dacl, struct sddl_ace *ace)
{
    const char *s = p->s;
    p->pos++;   /* '(' */

    /* type */
    size_t from = p->pos, to = field_end(s, from);
    const struct ace_kind *kind = NULL;
    for (size_t i = 0; i < sizeof(ace_kinds) / sizeof(ace_kinds[0]); i++) {
        size_t n = strlen(ace_kinds[i].name);
        if (to - from == n && memcmp(s + from, ace_kinds[i].name, n) == 0) {
            kind = &ace_kinds[i];
            break;
        }
    }
    if (!kind) {
        if (to == from && s[to] == '\0')
            return fail(p, to, "sddl.reason.unclosed-ace");
        return fail(p, from, "sddl.reason.unknown-ace-type");
    }
    if (in_dacl ? kind->dacl == 0 : !kind->sacl)
        return fail(p, from, "sddl.reason.unsupported-ace-type");
    p->pos = to;
    if (expect_semicolon(p) < 0)
        return -1;

    /* flags */
    uint16_t flags = 0;
    from = p->pos;
    to = field_end(s, from);
    if (parse_ace_flags(p, from, to, &flags) < 0)
        return -1;
    p->pos = to;
    if (expect_semicolon(p) < 0)
        return -1;

    /* rights */
    uint32_t mask = 0;
    from = p->pos;
    to = field_end(s, from);
    if (parse_rights(p, from, to, &mask) < 0)
        return -1;
    p->pos = to;
    if (expect_semicolon(p) < 0)
        return -1;

    /* object GUID, inherited object GUID */
    char guid[2][37];
    bool has_guid[2] = {false, false};
    for (int g = 0; g < 2; g++) {
        from = p->pos;
        to = field_end(s, from);
        if (to != from) {
            if (!kind->object)
                return fail(p, from, "sddl.reason.guid-not-allowed");
            if (parse_guid(p, from, to, guid[g]) < 0)
                return -1;
            has_guid[g] = true;
        }
        p->pos = to;
        if (expect_semicolon(p) < 0)
            return -1;
    }

    /* trustee */
    from = p->pos;
    to = field_end(s, from);
    struct sid_bin sid;
    uint32_t rid = 0;
    memset(&sid, 0, sizeof(sid));
    if (to == from) {
        if (s[to] == '\0')
            return fail(p, to, "sddl.reason.unclosed-ace");
        return fail(p, from, "sddl.reason.bad-sid");
    }
    if ((s[from] == 'S' || s[from] == 's') && to - from > 1 && s[from + 1] == '-') {
        size_t bad;
        long n = sid_parse(s + from, &sid, &bad);
        if (n < 0)
            return fail(p, from + bad, "sddl.reason.bad-sid");
        if (from + (size_t)n != to)
            return fail(p, from + (size_t)n, "sddl.reason.bad-sid");
    } else if (to - from == 2 && is_upper(s[from]) && is_upper(s[from + 1])) {
        const struct alias *al = alias_find(s + from);
        if (!al)
            return fail(p, from, "sddl.reason.unknown-sid-alias");
        if (al->sid) {
            if (!sid_from_string(al->sid, &sid))
                return fail(p, from, "sddl.reason.bad-sid");   /* table error */
        } else {
            rid = al->rid;
        }
    } else {
        return fail(p, from, "sddl.reason.bad-sid");
    }
    size_t trustee_from = from, trustee_len = to - from;
    p->pos = to;

    /* end of ACE, or the seventh field */
    if (s[p->pos] == ';') {
        if (!kind->extra)
            return fail(p, p->pos, "sddl.reason.ace-fields");
        p->pos++;
        if (skip_extra(p) < 0)
            return -1;
    } else if (s[p->pos] == ')') {
        p->pos++;
    } else {
        return fail(p, p->pos, "sddl.reason.unclosed-ace");
    }

    if (ace) {
        ace->type = kind->dacl;
        ace->flags = flags;
        ace->mask = mask;
        for (int g = 0; g < 2; g++) {
            if (!has_guid[g])
                continue;
            const char *copy = arena_strndup(p->a, guid[g], 36);
            if (!copy)
                return fail(p, trustee_from, "sddl.reason.out-of-memory");
            if (g == 0)
                ace->object_guid = copy;
            else
                ace->inherit_guid = copy;
        }
        ace->trustee = arena_strndup(p->a, s + trustee_from, trustee_len);
        if (!ace->trustee)
            return fail(p, trustee_from, "sddl.reason.out-of-memory");
        ace->domain_rid = rid;
        ace->sid = sid;
    }
    return 0;
}

/* One pass over the whole descriptor. With SD->aces NULL it only checks the
 * form and counts the DACL's ACEs into SD->nace; with SD->aces allocated it
 * stores them as well. */
static int parse_sd(struct parser *p, struct sddl *sd)
{
    const char *text = p->s;
    bool seen_o = false, seen_g = false, seen_d = false, seen_s = false;
    bool store = sd->aces != NULL;

    sd->nace = 0;
    while (text[p->pos] != '\0') {
        char c = text[p->pos];
        bool *seen;
        switch (c) {
        case 'O': seen = &seen_o; break;
        case 'G': seen = &seen_g; break;
        case 'D': seen = &seen_d; break;
        case 'S': seen = &seen_s; break;
        default:
            return fail(p, p->pos, "sddl.reason.unexpected-char");
        }
        if (text[p->pos + 1] != ':')
            return fail(p, p->pos, "sddl.reason.unexpected-char");
        if (*seen)
            return fail(p, p->pos, "sddl.reason.duplicate-part");
        *seen = true;
        p->pos += 2;

        if (c == 'O' || c == 'G') {
            if (parse_owner_sid(p) < 0)
                return -1;
            continue;
        }

        bool in_dacl = (c == 'D');
        bool null_acl;
        parse_acl_flags(p, &null_acl);
        if (in_dacl)
            sd->null_dacl = null_acl;
        if (null_acl && text[p->pos] == '(')
            return fail(p, p->pos, "sddl.reason.null-dacl-aces");
        while (text[p->pos] == '(') {
            struct sddl_ace *ace = (in_dacl && store) ? &sd->aces[sd->nace] : NULL;
            if (parse_ace(p, in_dacl, ace) < 0)
                return -1;
            if (in_dacl)
                sd->nace++;
        }
    }
    if (!seen_d)
        return fail(p, p->pos, "sddl.reason.missing-dacl");
    return 0;
}

int sddl_parse(struct arena *a, const char *text, const struct sddl **out, struct err *e)
{
    struct parser p = {a, text, 0, e};

    if (out)
        *out = NULL;
    if (!text || text[0] == '\0') {
        p.s = "";
        return fail(&p, 0, "sddl.reason.empty");
    }

    /* Pass 1: check the form and count the DACL's ACEs, storing nothing. */
    struct sddl probe;
    memset(&probe, 0, sizeof(probe));
    if (parse_sd(&p, &probe) < 0)
        return -1;

    /* Pass 2: the same walk, now storing into an array of the exact size. */
    struct sddl *sd = arena_alloc(a, sizeof(*sd));
    if (!sd)
        return fail(&p, 0, "sddl.reason.out-of-memory");
    if (probe.nace > 0) {
        sd->aces = arena_calloc(a, probe.nace, sizeof(*sd->aces));
        if (!sd->aces)
            return fail(&p, 0, "sddl.reason.out-of-memory");
    }
    p.pos = 0;
    if (parse_sd(&p, sd) < 0)
        return -1;
    if (sd->nace != probe.nace)   /* both passes read the same text */
        return fail(&p, 0, "sddl.reason.out-of-memory");
    if (out)
        *out = sd;
    return 0;
}

/* ---------------------------------------------------------------- rights */

static bool ace_covers(const struct sddl_ace *ace, const char *right_guid)
{
    if (!(ace->mask & (MASK_CR | MASK_GA)))
        return false;
    if ((ace->type == ACE_OA || ace->type == ACE_OD) && ace->object_guid)
        return ascii_casecmp(ace->object_guid, right_guid) == 0;
    return true;
}

/* The SID an ACE names: its own, or for a domain alias DOMAIN plus the
 * alias's RID, written into BUF. NULL when a domain alias has no domain. */
static const struct sid_bin *ace_sid(const struct sddl_ace *ace, const struct sid_bin *domain,
                                     bool have_domain, struct sid_bin *buf)
{
    if (ace->domain_rid == 0)
        return &ace->sid;
    if (!have_domain || domain->nsub >= SID_MAX_SUB)
        return NULL;
    *buf = *domain;
    buf->sub[buf->nsub++] = ace->domain_rid;
    return buf;
}

/* What one evaluation needs besides the SIDs. */
struct right_query {
    const struct sddl *sd;
    const char *right_guid;
    struct sid_bin domain;
    bool have_domain;
};

/* The SID that ACE I of the query's descriptor names when the ACE counts
 * for the right (not inherit-only, covers it), else NULL. BUF holds it for
 * a domain alias. */
static const struct sid_bin *counting_sid(const struct right_query *q, size_t i,
                                          struct sid_bin *buf)
{
    const struct sddl_ace *ace = &q->sd->aces[i];
    if ((ace->flags & AF_IO) || !ace_covers(ace, q->right_guid))
        return NULL;
    return ace_sid(ace, &q->domain, q->have_domain, buf);
}

static bool ace_denies(const struct sddl_ace *ace)
{
    return ace->type == ACE_D || ace->type == ACE_OD;
}

/* Lowers *FIRST_ALLOW / *FIRST_DENY to the index of the first ACE that
 * allows / denies the right to one of the N SIDs in SET (sorted by sid_cmp).
 * One pass over the ACEs, a binary search each: O(nace log n). */
static void scan_aces(const struct right_query *q, const struct sid_bin *set, size_t n,
                      size_t *first_allow, size_t *first_deny)
{
    /* Past the first deny nothing can change the answer. */
    for (size_t i = 0; i < q->sd->nace && i < *first_deny; i++) {
        bool deny = ace_denies(&q->sd->aces[i]);
        if (!deny && i >= *first_allow)
            continue;
        struct sid_bin buf;
        const struct sid_bin *who = counting_sid(q, i, &buf);
        if (!who || !bsearch(who, set, n, sizeof(*set), sid_cmp))
            continue;
        if (deny)
            *first_deny = i;
        else
            *first_allow = i;
    }
}

#define SID_CHUNK 64

/* The first allowing and denying ACE over all NSIDS SIDs. The SIDs are
 * parsed and sorted once (unparsable ones are skipped); when there is no
 * memory for all of them, they go in chunks of SID_CHUNK held on the stack,
 * slower and with the same answer. */
static void first_deciding(const struct right_query *q, const char *const *sids, size_t nsids,
                           size_t *first_allow, size_t *first_deny)
{
    struct sid_bin local[SID_CHUNK];
    struct sid_bin *set = NULL;   /* owned here when not LOCAL */
    if (nsids > SID_CHUNK && nsids <= SIZE_MAX / sizeof(*set))
        set = malloc(nsids * sizeof(*set));
    size_t cap = set ? nsids : SID_CHUNK;
    if (!set)
        set = local;
    for (size_t k = 0; k < nsids;) {
        size_t n = 0;
        for (; k < nsids && n < cap; k++)
            if (sids[k] && sid_from_string(sids[k], &set[n]))
                n++;
        qsort(set, n, sizeof(*set), sid_cmp);
        scan_aces(q, set, n, first_allow, first_deny);
    }
    if (set != local)
        free(set);
}

static void query_init(struct right_query *q, const struct sddl *sd, const char *right_guid,
                       const char *domain_sid)
{
    memset(q, 0, sizeof(*q));
    q->sd = sd;
    q->right_guid = right_guid;
    q->have_domain = domain_sid && sid_from_string(domain_sid, &q->domain);
}

enum access sddl_extended_right(const struct sddl *sd, const char *right_guid,
                                const char *const *sids, size_t nsids,
                                const char *domain_sid, const char **via)
{
    if (via)
        *via = NULL;
    if (!sd || !right_guid)
        return ACCESS_NONE;
    if (sd->null_dacl) {
        if (via)
            *via = "WD";   /* static: outlives SD */
        return ACCESS_ALLOWED;
    }
    if (!sids)
        nsids = 0;

    struct right_query q;
    query_init(&q, sd, right_guid, domain_sid);

    /* The first (lowest index) deciding allow and deny over all SIDs. */
    size_t first_allow = SIZE_MAX, first_deny = SIZE_MAX;
    first_deciding(&q, sids, nsids, &first_allow, &first_deny);
    if (first_deny != SIZE_MAX) {
        if (via)
            *via = sd->aces[first_deny].trustee;
        return ACCESS_DENIED;
    }
    if (first_allow != SIZE_MAX) {
        if (via)
            *via = sd->aces[first_allow].trustee;
        return ACCESS_ALLOWED;
    }
    return ACCESS_NONE;
}

/* One of the SIDs that sddl_extended_right_each answers for. */
struct sid_entry {
    struct sid_bin sid;
    size_t k;                        /* its index in the caller's list */
    size_t head;                     /* the first entry with the same SID */
    size_t first_allow, first_deny;  /* kept in the head entry */
};

/* The entries for the parsable SIDs among SIDS, sorted, each knowing the
 * head of its run of equal SIDs. Returns their count; *OUT is malloc'd
 * (the caller frees), NULL with a count of 0 when there is no memory. */
static size_t sid_entries(const char *const *sids, size_t nsids, struct sid_entry **out)
{
    struct sid_entry *v = nsids && nsids <= SIZE_MAX / sizeof(*v) ? malloc(nsids * sizeof(*v))
                                                                  : NULL;
    *out = v;
    if (!v)
        return 0;
    size_t n = 0;
    for (size_t k = 0; k < nsids; k++) {
        if (!sids[k] || !sid_from_string(sids[k], &v[n].sid))
            continue;
        v[n].k = k;
        v[n].first_allow = v[n].first_deny = SIZE_MAX;
        n++;
    }
    qsort(v, n, sizeof(*v), sid_cmp);   /* sid_cmp reads the leading sid_bin */
    for (size_t j = 0; j < n; j++)
        v[j].head = j > 0 && sid_cmp(&v[j - 1].sid, &v[j].sid) == 0 ? v[j - 1].head : j;
    return n;
}

/* The answer for each SID alone, without memory for the index: one
 * evaluation per SID (slow, the same answers). */
static void each_one_by_one(const struct sddl *sd, const char *right_guid,
                            const char *const *sids, size_t nsids, const char *domain_sid,
                            enum access *out)
{
    for (size_t k = 0; k < nsids; k++)
        out[k] = sddl_extended_right(sd, right_guid, &sids[k], 1, domain_sid, NULL);
}

void sddl_extended_right_each(const struct sddl *sd, const char *right_guid,
                              const char *const *sids, size_t nsids, const char *domain_sid,
                              enum access *out)
{
    bool all = sd && right_guid && sd->null_dacl;
    for (size_t k = 0; k < nsids; k++)
        out[k] = all ? ACCESS_ALLOWED : ACCESS_NONE;
    if (!sd || !right_guid || sd->null_dacl || !sids || nsids == 0)
        return;
    struct sid_entry *v;   /* owned here */
    size_t n = sid_entries(sids, nsids, &v);
    if (!v) {
        each_one_by_one(sd, right_guid, sids, nsids, domain_sid, out);
        return;
    }
    struct right_query q;
    query_init(&q, sd, right_guid, domain_sid);
    for (size_t i = 0; i < sd->nace; i++) {
        struct sid_bin buf;
        const struct sid_bin *who = counting_sid(&q, i, &buf);
        const struct sid_entry *hit = who ? bsearch(who, v, n, sizeof(*v), sid_cmp) : NULL;
        if (!hit)
            continue;
        struct sid_entry *h = &v[hit->head];
        size_t *first = ace_denies(&sd->aces[i]) ? &h->first_deny : &h->first_allow;
        if (*first == SIZE_MAX)
            *first = i;
    }
    for (size_t j = 0; j < n; j++) {
        const struct sid_entry *h = &v[v[j].head];
        out[v[j].k] = h->first_deny != SIZE_MAX    ? ACCESS_DENIED
                      : h->first_allow != SIZE_MAX ? ACCESS_ALLOWED
                                                   : ACCESS_NONE;
    }
    free(v);
}

size_t sddl_ace_count(const struct sddl *sd)
{
    return sd ? sd->nace : 0;
}
