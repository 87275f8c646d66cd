/* sd_binary.c: binary self-relative security descriptor -> SDDL text.
 * See sd_binary.h for the output form and the decisions.
 *
 * Structure (MS-DTYP 2.4.6, all integers little-endian):
 *   header  Revision(1) Sbz1(1) Control(2) OffsetOwner(4) OffsetGroup(4)
 *           OffsetSacl(4) OffsetDacl(4)                       = 20 bytes
 *   SID     Revision(1) SubAuthorityCount(1) Authority(6, big-endian)
 *           SubAuthority(4 each)
 *   ACL     Revision(1) Sbz1(1) AclSize(2) AceCount(2) Sbz2(2), then ACEs
 *   ACE     Type(1) Flags(1) Size(2), then per type:
 *           mask(4) SID                                       (A, D, AU, ...)
 *           mask(4) objflags(4) [GUID(16)] [GUID(16)] SID     (OA, OD, OU, OL)
 *
 * Every read goes through a bounds check first; the walk is a single pass
 * over each part, without recursion. The output grows at most by a bounded
 * amount per input byte, so the work is linear in LEN. */
#include "sd_binary.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SD_HEADER 20u
#define SID_MAX_SUB 15u
#define ACL_HEADER 8u
#define ACE_HEADER 4u

#define SE_DACL_PRESENT          0x0004u
#define SE_SACL_PRESENT          0x0010u
#define SE_DACL_AUTO_INHERIT_REQ 0x0100u
#define SE_SACL_AUTO_INHERIT_REQ 0x0200u
#define SE_DACL_AUTO_INHERITED   0x0400u
#define SE_SACL_AUTO_INHERITED   0x0800u
#define SE_DACL_PROTECTED        0x1000u
#define SE_SACL_PROTECTED        0x2000u
#define SE_SELF_RELATIVE         0x8000u

#define ACE_OBJECT_TYPE_PRESENT           0x1u
#define ACE_INHERITED_OBJECT_TYPE_PRESENT 0x2u

/* ---------------------------------------------------------------- errors */

static int fail(struct err *e, size_t off, const char *reason)
{
    err_set(e, "error.sdbin");
    err_arg(e, "offset", "%zu", off);
    err_arg(e, "reason", "@sdbin.reason.%s", reason);
    return -1;
}

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

/* ---------------------------------------------------------------- output */

struct sbuf {
    char *p;
    size_t len, cap;
    bool oom;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->cap - b->len <= n) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->len <= n) {
            if (cap > SIZE_MAX / 2) {
                b->oom = true;
                return;
            }
            cap *= 2;
        }
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

/* ---------------------------------------------------------------- SIDs */

struct sid {
    uint64_t authority;   /* 48 bits */
    uint8_t nsub;
    uint32_t sub[SID_MAX_SUB];
};

/* Well-known aliases: the same table as sddl.c (fixed SIDs). */
static const struct {
    char code[3];
    const char *sid;
} fixed_aliases[] = {
    {"WD", "S-1-1-0"},          {"CO", "S-1-3-0"},
    {"CG", "S-1-3-1"},          {"OW", "S-1-3-4"},
    {"NU", "S-1-5-2"},          {"IU", "S-1-5-4"},
    {"SU", "S-1-5-6"},          {"AN", "S-1-5-7"},
    {"ED", "S-1-5-9"},          {"PS", "S-1-5-10"},
    {"AU", "S-1-5-11"},         {"RC", "S-1-5-12"},
    {"SY", "S-1-5-18"},         {"LS", "S-1-5-19"},
    {"NS", "S-1-5-20"},         {"WR", "S-1-5-33"},
    {"BA", "S-1-5-32-544"},     {"BU", "S-1-5-32-545"},
    {"BG", "S-1-5-32-546"},     {"PU", "S-1-5-32-547"},
    {"AO", "S-1-5-32-548"},     {"SO", "S-1-5-32-549"},
    {"PO", "S-1-5-32-550"},     {"BO", "S-1-5-32-551"},
    {"RE", "S-1-5-32-552"},     {"RU", "S-1-5-32-554"},
    {"RD", "S-1-5-32-555"},     {"NO", "S-1-5-32-556"},
    {"MU", "S-1-5-32-558"},     {"LU", "S-1-5-32-559"},
    {"IS", "S-1-5-32-568"},     {"CY", "S-1-5-32-569"},
    {"ER", "S-1-5-32-573"},     {"CD", "S-1-5-32-574"},
    {"RA", "S-1-5-32-575"},     {"ES", "S-1-5-32-576"},
    {"MS", "S-1-5-32-577"},     {"HA", "S-1-5-32-578"},
    {"AA", "S-1-5-32-579"},     {"RM", "S-1-5-32-580"},
    {"UD", "S-1-5-84-0-0-0-0-0"},
    {"AC", "S-1-15-2-1"},
    {"LW", "S-1-16-4096"},      {"ME", "S-1-16-8192"},
    {"MP", "S-1-16-8448"},      {"HI", "S-1-16-12288"},
    {"SI", "S-1-16-16384"},
    {"AS", "S-1-18-1"},         {"SS", "S-1-18-2"},
};

/* Domain-relative aliases: the same table as sddl.c. */
static const struct {
    char code[3];
    uint32_t rid;
} domain_aliases[] = {
    {"RO", 498}, {"LA", 500}, {"LG", 501}, {"DA", 512}, {"DU", 513},
    {"DG", 514}, {"DC", 515}, {"DD", 516}, {"CA", 517}, {"SA", 518},
    {"EA", 519}, {"PA", 520}, {"CN", 522}, {"AP", 525}, {"KA", 526},
    {"EK", 527}, {"RS", 553},
};

/* Reads the SID at OFF within a part that ends at END (END <= the buffer's
 * length). Returns its size in bytes, or -1 with E set. */
static long sid_read(const unsigned char *d, size_t off, size_t end, struct sid *s,
                     struct err *e)
{
    if (off > end || end - off < 8)
        return fail(e, off, "sid-truncated");
    if (d[off] != 1)
        return fail(e, off, "sid-revision");
    uint8_t n = d[off + 1];
    if (n > SID_MAX_SUB)
        return fail(e, off + 1, "sid-subauthorities");
    size_t size = 8u + 4u * n;
    if (end - off < size)
        return fail(e, off, "sid-truncated");
    s->authority = 0;
    for (size_t i = 0; i < 6; i++)
        s->authority = (s->authority << 8) | d[off + 2 + i];
    s->nsub = n;
    for (size_t i = 0; i < n; i++)
        s->sub[i] = rd32(d + off + 8 + 4 * i);
    return (long)size;
}

/* The size of the SID at OFF (checked like sid_read), or -1. */
static long sid_size(const unsigned char *d, size_t off, size_t end, struct err *e)
{
    struct sid s;
    return sid_read(d, off, end, &s, e);
}

/* Parses "S-1-auth(-sub)*" (decimal, or 0x-hex authority); false if not a
 * complete, valid SID. */
static bool sid_parse_text(const char *t, struct sid *s)
{
    memset(s, 0, sizeof(*s));
    if (!t || (t[0] != 'S' && t[0] != 's') || t[1] != '-' || t[2] != '1' || t[3] != '-')
        return false;
    const char *p = t + 4;
    uint64_t v = 0;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
        size_t nd = 0;
        for (;; p++, nd++) {
            int h;
            char c = *p;
            if (c >= '0' && c <= '9')
                h = c - '0';
            else if (c >= 'a' && c <= 'f')
                h = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                h = c - 'A' + 10;
            else
                break;
            v = v * 16 + (uint64_t)h;
            if (v > 0xFFFFFFFFFFFFull)
                return false;
        }
        if (nd == 0)
            return false;
    } else {
        if (*p < '0' || *p > '9')
            return false;
        for (; *p >= '0' && *p <= '9'; p++) {
            v = v * 10 + (uint64_t)(*p - '0');
            if (v > 0xFFFFFFFFFFFFull)
                return false;
        }
    }
    s->authority = v;
    while (*p == '-') {
        p++;
        if (*p < '0' || *p > '9' || s->nsub >= SID_MAX_SUB)
            return false;
        v = 0;
        for (; *p >= '0' && *p <= '9'; p++) {
            v = v * 10 + (uint64_t)(*p - '0');
            if (v > 0xFFFFFFFFull)
                return false;
        }
        s->sub[s->nsub++] = (uint32_t)v;
    }
    return *p == '\0';
}

/* "S-1-..." text of S into BUF (at least 200 bytes: 14 + 15 * 11). */
static void sid_format(const struct sid *s, char *buf, size_t size)
{
    int n;
    if (s->authority > 0xFFFFFFFFull)
        n = snprintf(buf, size, "S-1-0x%012llX", (unsigned long long)s->authority);
    else
        n = snprintf(buf, size, "S-1-%llu", (unsigned long long)s->authority);
    size_t at = n > 0 ? (size_t)n : 0;
    for (uint8_t i = 0; i < s->nsub && at < size; i++) {
        n = snprintf(buf + at, size - at, "-%lu", (unsigned long)s->sub[i]);
        if (n < 0)
            break;
        at += (size_t)n;
    }
}

struct ctx {
    const unsigned char *d;
    size_t len;
    struct sid domain;
    bool have_domain;
    struct sbuf out;
    struct err *e;
};

static void write_sid(struct ctx *c, const struct sid *s)
{
    char text[200];
    sid_format(s, text, sizeof(text));
    for (size_t i = 0; i < sizeof(fixed_aliases) / sizeof(fixed_aliases[0]); i++) {
        if (strcmp(fixed_aliases[i].sid, text) == 0) {
            sb_str(&c->out, fixed_aliases[i].code);
            return;
        }
    }
    const struct sid *dom = &c->domain;
    if (c->have_domain && s->authority == dom->authority && s->nsub == dom->nsub + 1 &&
        memcmp(s->sub, dom->sub, sizeof(s->sub[0]) * dom->nsub) == 0) {
        uint32_t rid = s->sub[dom->nsub];
        for (size_t i = 0; i < sizeof(domain_aliases) / sizeof(domain_aliases[0]); i++) {
            if (domain_aliases[i].rid == rid) {
                sb_str(&c->out, domain_aliases[i].code);
                return;
            }
        }
    }
    sb_str(&c->out, text);
}

/* ---------------------------------------------------------------- ACEs */

enum part { PART_DACL, PART_SACL };

struct ace_kind {
    uint8_t type;
    const char *name;
    enum part part;
    bool object;     /* carries object flags and GUIDs */
    bool label;      /* mandatory label: NW NR NX rights */
};

static const struct ace_kind ace_kinds[] = {
    {0x00, "A", PART_DACL, false, false},   /* ACCESS_ALLOWED */
    {0x01, "D", PART_DACL, false, false},   /* ACCESS_DENIED */
    {0x02, "AU", PART_SACL, false, false},  /* SYSTEM_AUDIT */
    {0x03, "AL", PART_SACL, false, false},  /* SYSTEM_ALARM */
    {0x05, "OA", PART_DACL, true, false},   /* ACCESS_ALLOWED_OBJECT */
    {0x06, "OD", PART_DACL, true, false},   /* ACCESS_DENIED_OBJECT */
    {0x07, "OU", PART_SACL, true, false},   /* SYSTEM_AUDIT_OBJECT */
    {0x08, "OL", PART_SACL, true, false},   /* SYSTEM_ALARM_OBJECT */
    {0x11, "ML", PART_SACL, false, true},   /* SYSTEM_MANDATORY_LABEL */
    {0x13, "SP", PART_SACL, false, false},  /* SYSTEM_SCOPED_POLICY_ID */
    {0x14, "TL", PART_SACL, false, false},  /* SYSTEM_PROCESS_TRUST_LABEL */
};

static const struct {
    uint8_t bit;
    char code[3];
} ace_flag_codes[] = {
    {0x01, "OI"}, {0x02, "CI"}, {0x04, "NP"}, {0x08, "IO"},
    {0x10, "ID"}, {0x20, "CR"}, {0x40, "SA"}, {0x80, "FA"},
};

/* Two-letter codes of single rights bits (index = bit number); NULL: none. */
static const char *const ds_rights[32] = {
    [0] = "CC", [1] = "DC", [2] = "LC", [3] = "SW", [4] = "RP", [5] = "WP",
    [6] = "DT", [7] = "LO", [8] = "CR", [16] = "SD", [17] = "RC", [18] = "WD",
    [19] = "WO", [28] = "GA", [29] = "GX", [30] = "GW", [31] = "GR",
};

static const char *const label_rights[32] = {
    [0] = "NW", [1] = "NR", [2] = "NX",
};

static void write_rights(struct ctx *c, uint32_t mask, bool label)
{
    const char *const *names = label ? label_rights : ds_rights;
    for (unsigned i = 0; i < 32; i++) {
        if ((mask & (1u << i)) && !names[i]) {
            char hex[16];
            snprintf(hex, sizeof(hex), "0x%lx", (unsigned long)mask);
            sb_str(&c->out, hex);
            return;
        }
    }
    for (unsigned i = 0; i < 32; i++)
        if (mask & (1u << i))
            sb_str(&c->out, names[i]);
}

static void write_guid(struct ctx *c, const unsigned char *g)
{
    char text[40];
    snprintf(text, sizeof(text),
             "%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             (unsigned long)rd32(g), (unsigned)rd16(g + 4), (unsigned)rd16(g + 6),
             g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
    sb_str(&c->out, text);
}

/* One ACE at POS whose size (checked to lie within the ACL) is SIZE. */
static int write_ace(struct ctx *c, enum part part, size_t pos, size_t size)
{
    const unsigned char *d = c->d;
    uint8_t type = d[pos], flags = d[pos + 1];
    const struct ace_kind *kind = NULL;
    for (size_t i = 0; i < sizeof(ace_kinds) / sizeof(ace_kinds[0]); i++) {
        if (ace_kinds[i].type == type) {
            kind = &ace_kinds[i];
            break;
        }
    }
    if (!kind || kind->part != part)
        return fail(c->e, pos, "ace-type");

    size_t end = pos + size;
    size_t at = pos + ACE_HEADER;
    if (end - at < 4)
        return fail(c->e, pos + 2, "ace-size");
    uint32_t mask = rd32(d + at);
    at += 4;

    const unsigned char *guid[2] = {NULL, NULL};
    if (kind->object) {
        if (end - at < 4)
            return fail(c->e, pos + 2, "ace-size");
        uint32_t objflags = rd32(d + at);
        at += 4;
        if (objflags & ACE_OBJECT_TYPE_PRESENT) {
            if (end - at < 16)
                return fail(c->e, pos + 2, "ace-size");
            guid[0] = d + at;
            at += 16;
        }
        if (objflags & ACE_INHERITED_OBJECT_TYPE_PRESENT) {
            if (end - at < 16)
                return fail(c->e, pos + 2, "ace-size");
            guid[1] = d + at;
            at += 16;
        }
    }
    struct sid sid;
    if (sid_read(d, at, end, &sid, c->e) < 0)
        return -1;

    sb_str(&c->out, "(");
    sb_str(&c->out, kind->name);
    sb_str(&c->out, ";");
    for (size_t i = 0; i < sizeof(ace_flag_codes) / sizeof(ace_flag_codes[0]); i++)
        if (flags & ace_flag_codes[i].bit)
            sb_str(&c->out, ace_flag_codes[i].code);
    sb_str(&c->out, ";");
    write_rights(c, mask, kind->label);
    sb_str(&c->out, ";");
    if (guid[0])
        write_guid(c, guid[0]);
    sb_str(&c->out, ";");
    if (guid[1])
        write_guid(c, guid[1]);
    sb_str(&c->out, ";");
    write_sid(c, &sid);
    sb_str(&c->out, ")");
    return 0;
}

/* ---------------------------------------------------------------- ACLs */

/* Checks the ACL header at OFF; on success *SIZE = its AclSize. */
static int acl_bounds(struct ctx *c, size_t off, size_t *size)
{
    if (c->len - off < ACL_HEADER)
        return fail(c->e, off, "truncated");
    uint8_t rev = c->d[off];
    if (rev != 2 && rev != 4)
        return fail(c->e, off, "acl-revision");
    size_t sz = rd16(c->d + off + 2);
    if (sz < ACL_HEADER || sz > c->len - off)
        return fail(c->e, off + 2, "acl-size");
    *size = sz;
    return 0;
}

/* Writes the ACL at OFF (already checked by acl_bounds) after its flags.
 * OFF == 0: a NULL ACL. */
static int write_acl(struct ctx *c, enum part part, size_t off, size_t size,
                     bool prot, bool auto_req, bool auto_inh)
{
    sb_str(&c->out, part == PART_DACL ? "D:" : "S:");
    if (prot)
        sb_str(&c->out, "P");
    if (auto_req)
        sb_str(&c->out, "AR");
    if (auto_inh)
        sb_str(&c->out, "AI");
    if (off == 0) {
        sb_str(&c->out, "NO_ACCESS_CONTROL");
        return 0;
    }
    size_t count = rd16(c->d + off + 4);
    size_t pos = off + ACL_HEADER, end = off + size;
    for (size_t i = 0; i < count; i++) {
        if (end - pos < ACE_HEADER)
            return fail(c->e, off + 4, "ace-count");
        size_t ace_size = rd16(c->d + pos + 2);
        if (ace_size < ACE_HEADER || ace_size > end - pos)
            return fail(c->e, pos + 2, "ace-size");
        if (write_ace(c, part, pos, ace_size) < 0)
            return -1;
        pos += ace_size;
    }
    return 0;
}

/* ---------------------------------------------------------------- main */

struct range {
    size_t from, to;
    size_t field;    /* where its offset is written in the header */
};

int sd_binary_to_sddl(const unsigned char *data, size_t len, const char *domain_sid,
                      char **out, struct err *e)
{
    struct ctx c;
    memset(&c, 0, sizeof(c));
    c.d = data;
    c.len = len;
    c.e = e;
    if (out)
        *out = NULL;
    if (!data || len < SD_HEADER)
        return fail(e, 0, "truncated");
    if (data[0] != 1)
        return fail(e, 0, "revision");
    uint16_t control = rd16(data + 2);
    if (!(control & SE_SELF_RELATIVE))
        return fail(e, 2, "not-self-relative");
    if (!(control & SE_DACL_PRESENT))
        return fail(e, 2, "no-dacl");
    c.have_domain = domain_sid && sid_parse_text(domain_sid, &c.domain) &&
                    c.domain.nsub < SID_MAX_SUB;

    /* Offsets of owner, group, SACL, DACL; 0 = absent (or a NULL ACL). */
    size_t off[4];
    for (size_t i = 0; i < 4; i++)
        off[i] = rd32(data + 4 + 4 * i);
    if (!(control & SE_SACL_PRESENT))
        off[2] = 0;

    struct range r[4];
    size_t nr = 0;
    for (size_t i = 0; i < 4; i++) {
        if (off[i] == 0)
            continue;
        if (off[i] < SD_HEADER || off[i] >= len)
            return fail(e, 4 + 4 * i, "bad-offset");
        size_t size;
        if (i < 2) {
            long n = sid_size(data, off[i], len, e);
            if (n < 0)
                return -1;
            size = (size_t)n;
        } else if (acl_bounds(&c, off[i], &size) < 0) {
            return -1;
        }
        r[nr].from = off[i];
        r[nr].to = off[i] + size;
        r[nr].field = 4 + 4 * i;
        nr++;
    }
    for (size_t i = 0; i < nr; i++)
        for (size_t j = i + 1; j < nr; j++)
            if (r[i].from < r[j].to && r[j].from < r[i].to)
                return fail(e, r[j].field, "overlap");

    for (size_t i = 0; i < 2; i++) {
        if (off[i] == 0)
            continue;
        struct sid s;
        if (sid_read(data, off[i], len, &s, e) < 0)
            return -1;
        sb_str(&c.out, i == 0 ? "O:" : "G:");
        write_sid(&c, &s);
    }
    size_t size = 0;
    if (off[3] != 0 && acl_bounds(&c, off[3], &size) < 0)
        goto failed;
    if (write_acl(&c, PART_DACL, off[3], size, control & SE_DACL_PROTECTED,
                  control & SE_DACL_AUTO_INHERIT_REQ, control & SE_DACL_AUTO_INHERITED) < 0)
        goto failed;
    if (control & SE_SACL_PRESENT) {
        size = 0;
        if (off[2] != 0 && acl_bounds(&c, off[2], &size) < 0)
            goto failed;
        if (write_acl(&c, PART_SACL, off[2], size, control & SE_SACL_PROTECTED,
                      control & SE_SACL_AUTO_INHERIT_REQ,
                      control & SE_SACL_AUTO_INHERITED) < 0)
            goto failed;
    }
    if (c.out.oom || !c.out.p) {
        free(c.out.p);
        err_set(e, "error.memory");
        return err_arg(e, "file", "nTSecurityDescriptor");
    }
    if (out)
        *out = c.out.p;
    else
        free(c.out.p);
    return 0;

failed:
    free(c.out.p);
    return -1;
}
