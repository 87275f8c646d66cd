/* test_directory.c: directory search results -> facts (src/directory.c),
 * with a fake directory behind the search callback: no server. */
#include "testutil.h"

#include "bundle_write.h"
#include "directory.h"
#include "sddl.h"

#define DOM "S-1-5-21-1-2-3"
#define BASE "DC=corp,DC=example,DC=test"
#define CFG "CN=Configuration," BASE
#define PKS "CN=Public Key Services,CN=Services," CFG

/* ---- building fake entries ---- */

static struct dir_entry *add_entry(struct dir_entries *r, const char *dn)
{
    if (!r->v) {
        r->v = arena_calloc(&r->arena, 16, sizeof(*r->v));
        assert_non_null(r->v);
    }
    assert_true(r->n < 16);
    struct dir_entry *e = &r->v[r->n++];
    e->dn = arena_strdup(&r->arena, dn);
    e->attrs = arena_calloc(&r->arena, 16, sizeof(*e->attrs));
    assert_non_null(e->attrs);
    return e;
}

static void add_bin(struct dir_entries *r, struct dir_entry *e, const char *name, const void *data, size_t len)
{
    struct dir_attr *a = NULL;
    for (size_t i = 0; i < e->nattrs; i++)
        if (strcmp(e->attrs[i].name, name) == 0)
            a = &e->attrs[i];
    if (!a) {
        assert_true(e->nattrs < 16);
        a = &e->attrs[e->nattrs++];
        a->name = arena_strdup(&r->arena, name);
        a->values = arena_calloc(&r->arena, 16, sizeof(*a->values));
        assert_non_null(a->values);
    }
    assert_true(a->nvalues < 16);
    a->values[a->nvalues].data = (const unsigned char *)arena_strndup(&r->arena, data, len);
    a->values[a->nvalues].len = len;
    a->nvalues++;
}

static void add_str(struct dir_entries *r, struct dir_entry *e, const char *name, const char *v)
{
    add_bin(r, e, name, v, strlen(v));
}

/* A binary SID "S-1-<auth>-<subs...>" (NSUB sub-authorities) into OUT; returns its length. */
static size_t sid_bin(unsigned char *out, unsigned auth, const unsigned *subs, size_t nsub)
{
    out[0] = 1;
    out[1] = (unsigned char)nsub;
    memset(out + 2, 0, 5);
    out[7] = (unsigned char)auth;
    for (size_t i = 0; i < nsub; i++) {
        out[8 + 4 * i] = (unsigned char)(subs[i] & 0xff);
        out[9 + 4 * i] = (unsigned char)((subs[i] >> 8) & 0xff);
        out[10 + 4 * i] = (unsigned char)((subs[i] >> 16) & 0xff);
        out[11 + 4 * i] = (unsigned char)((subs[i] >> 24) & 0xff);
    }
    return 8 + 4 * nsub;
}

static size_t dom_sid(unsigned char *out, unsigned rid)
{
    unsigned subs[5] = {21, 1, 2, 3, rid};
    return sid_bin(out, 5, subs, rid ? 5 : 4);
}

static void put16(unsigned char *p, size_t v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)((v >> 8) & 0xff);
}

/* A self-relative SD with a DACL of one allow-object ACE: CR (0x100) with the
 * Enroll GUID for the SID given, DENY when asked. Returns its length. */
static size_t sd_enroll(unsigned char *out, const unsigned char *sid, size_t sidlen, int deny)
{
    static const unsigned char guid[16] = {0x68, 0xc9, 0x10, 0x0e, 0xfb, 0x78, 0xd2, 0x11,
                                           0x90, 0xd4, 0x00, 0xc0, 0x4f, 0x79, 0xdc, 0x55};
    memset(out, 0, 20);
    out[0] = 1;
    out[2] = 0x04;              /* SE_DACL_PRESENT */
    out[3] = 0x80;              /* SE_SELF_RELATIVE */
    out[16] = 20;               /* DACL offset */
    unsigned char *acl = out + 20;
    size_t ace_len = 4 + 4 + 4 + 16 + sidlen;
    acl[0] = 4;                 /* ACL_REVISION_DS */
    acl[1] = 0;
    put16(acl + 2, 8 + ace_len);
    put16(acl + 4, 1);
    acl[6] = acl[7] = 0;
    unsigned char *ace = acl + 8;
    ace[0] = deny ? 6 : 5;      /* ACCESS_DENIED/ALLOWED_OBJECT_ACE_TYPE */
    ace[1] = 0;
    put16(ace + 2, ace_len);
    ace[4] = 0x00;
    ace[5] = 0x01;              /* mask 0x100 = CR */
    ace[6] = ace[7] = 0;
    ace[8] = 1;                 /* ACE_OBJECT_TYPE_PRESENT */
    ace[9] = ace[10] = ace[11] = 0;
    memcpy(ace + 12, guid, 16);
    memcpy(ace + 28, sid, sidlen);
    return 20 + 8 + ace_len;
}

/* A self-relative SD with a DACL of one plain allow ACE (full control) for
 * the SID given, as msDS-AllowedToActOnBehalfOfOtherIdentity holds it. */
static size_t sd_allow(unsigned char *out, const unsigned char *sid, size_t sidlen, int no_cr)
{
    memset(out, 0, 20);
    out[0] = 1;
    out[2] = 0x04;              /* SE_DACL_PRESENT */
    out[3] = 0x80;              /* SE_SELF_RELATIVE */
    out[16] = 20;
    unsigned char *acl = out + 20;
    size_t ace_len = 8 + sidlen;
    acl[0] = 2;
    put16(acl + 2, 8 + ace_len);
    put16(acl + 4, 1);
    unsigned char *ace = acl + 8;
    ace[0] = 0;                 /* ACCESS_ALLOWED_ACE_TYPE */
    ace[1] = 0;
    put16(ace + 2, ace_len);
    ace[4] = 0xff;              /* 0x000f01ff: full control */
    ace[5] = no_cr ? 0x00 : 0x01;   /* without CR (0x100): no control access */
    ace[6] = 0x0f;
    ace[7] = 0;
    memcpy(ace + 8, sid, sidlen);
    return 20 + 8 + ace_len;
}

/* ---- the fake directory ---- */

struct fake {
    int no_config;               /* rootDSE without configurationNamingContext */
    int accounts;                /* how many accounts match (default 1 via setup) */
    int broken_sd;               /* ContosoUser's SD is garbage */
    int no_sd;                   /* the CA has no SD */
    int fail_templates;          /* the template search fails */
    unsigned ces_uac;
    int ces_spns;
    int no_token_groups;
    int member_meta;             /* alice's groups, 1107 with value metadata, 513 without */
    int member_ranges;           /* 1107's metadata in ranges: 1 three, alice's in the last;
                                  * 2 never a last one; 3 the second range fails */
    int nranges;                 /* range searches asked */
    int ces_urls;                /* CORP-CA registers two CES URLs */
    int spn_holders;             /* accounts holding HTTP/<host> (svc-ces) */
    int rbcd_rid;                /* the CA computer admits this RID (0: no attribute) */
    int ca_computer_missing;
    int rbcd_no_cr;              /* the CA's entry grants everything but control access */
    char filters[32][256];       /* every filter asked, in order */
    char bases[32][256];
    unsigned sd_flags[32];
    int nq;
};

/* One msDS-ReplValueMetaData value: member DN added at CHANGED. */
#define META_VALUE(dn, changed)                                                                  \
    "<DS_REPL_VALUE_META_DATA>\n\t<pszAttributeName>member</pszAttributeName>\n"                  \
    "\t<pszObjectDn>" dn "</pszObjectDn>\n"                                                       \
    "\t<ftimeDeleted>1601-01-01T00:00:00Z</ftimeDeleted>\n"                                       \
    "\t<ftimeCreated>" changed "</ftimeCreated>\n\t<dwVersion>1</dwVersion>\n"                     \
    "\t<ftimeLastOriginatingChange>" changed "</ftimeLastOriginatingChange>\n"                    \
    "</DS_REPL_VALUE_META_DATA>\n"

/* A base search of PKI's metadata range "msDS-ReplValueMetaData;range=N-*". */
static int fake_range(struct fake *F, const struct dir_query *q, struct dir_entries *out, struct err *e)
{
    const char *prefix = "msDS-ReplValueMetaData;range=";
    assert_int_equal(q->scope, DIR_SCOPE_BASE);
    assert_non_null(q->attrs[0]);
    assert_null(q->attrs[1]);
    assert_true(strncmp(q->attrs[0], prefix, strlen(prefix)) == 0);
    long from = strtol(q->attrs[0] + strlen(prefix), NULL, 10);
    assert_string_equal(q->attrs[0] + strlen(q->attrs[0]) - 2, "-*");
    F->nranges++;
    if (F->member_ranges == 3 && from >= 2) {
        err_set(e, "error.ldap.timeout");
        return -1;
    }
    struct dir_entry *en = add_entry(out, q->base);
    char name[64];
    if (F->member_ranges == 1 && from == 2) {
        add_str(out, en, "msDS-ReplValueMetaData;range=2-*",
                META_VALUE("CN=alice,CN=Users," BASE, "2026-11-20T09:12:44Z"));
    } else {
        snprintf(name, sizeof(name), "%s%ld-%ld", prefix, from, from);
        add_str(out, en, name, META_VALUE("CN=carol,CN=Users," BASE, "2026-11-20T10:00:00Z"));
    }
    return 0;
}

static int fake_search(void *ctx, const struct dir_query *q, struct dir_entries *out, struct err *e)
{
    struct fake *F = ctx;
    if (F->nq < 32) {
        snprintf(F->filters[F->nq], sizeof(F->filters[0]), "%s", q->filter);
        snprintf(F->bases[F->nq], sizeof(F->bases[0]), "%s", q->base);
        F->sd_flags[F->nq] = q->sd_flags;
        F->nq++;
    }
    unsigned char b[256], s[64];
    size_t n;
    if (q->base[0] == '\0') {
        struct dir_entry *en = add_entry(out, "");
        if (!F->no_config)
            add_str(out, en, "configurationNamingContext", CFG);
        add_str(out, en, "defaultNamingContext", BASE);
        return 0;
    }
    if (strcmp(q->base, BASE) == 0 && q->scope == DIR_SCOPE_BASE) {
        struct dir_entry *en = add_entry(out, BASE);
        add_bin(out, en, "objectSid", b, dom_sid(b, 0));
        return 0;
    }
    if (strcmp(q->base, "CN=Partitions," CFG) == 0) {
        struct dir_entry *en = add_entry(out, "CN=CORP,CN=Partitions," CFG);
        add_str(out, en, "nETBIOSName", "CORP");
        return 0;
    }
    if (strcmp(q->base, BASE) == 0 && strstr(q->filter, "objectClass=user")) {
        for (int i = 0; i < F->accounts; i++) {
            struct dir_entry *en = add_entry(out, i ? "CN=alice2,CN=Users," BASE : "CN=alice,CN=Users," BASE);
            add_str(out, en, "sAMAccountName", "alice");
            add_bin(out, en, "objectSid", b, dom_sid(b, 1102));
            add_str(out, en, "userAccountControl", "1049088");   /* 0x100200 */
            if (F->member_meta)
                add_str(out, en, "memberOf", "CN=PKI,CN=Users," BASE);
        }
        return 0;
    }
    if (strcmp(q->base, "CN=PKI,CN=Users," BASE) == 0 && F->member_ranges)
        return fake_range(F, q, out, e);
    if (strcmp(q->base, BASE) == 0 && strstr(q->filter, "objectClass=group") && F->member_ranges) {
        struct dir_entry *en = add_entry(out, "CN=PKI,CN=Users," BASE);
        add_bin(out, en, "objectSid", b, dom_sid(b, 1107));
        add_str(out, en, "whenChanged", "20261121000000.0Z");
        add_str(out, en, "msDS-ReplValueMetaData;range=0-0",
                META_VALUE("CN=bob,CN=Users," BASE, "2026-11-19T10:00:00Z"));
        return 0;
    }
    if (strcmp(q->base, BASE) == 0 && strstr(q->filter, "objectClass=group") && F->member_meta) {
        struct dir_entry *en = add_entry(out, "CN=PKI,CN=Users," BASE);
        add_bin(out, en, "objectSid", b, dom_sid(b, 1107));
        add_str(out, en, "whenChanged", "20261121000000.0Z");
        add_str(out, en, "msDS-ReplValueMetaData",
                "<DS_REPL_VALUE_META_DATA>\n\t<pszAttributeName>member</pszAttributeName>\n"
                "\t<pszObjectDn>CN=alice,CN=Users," BASE "</pszObjectDn>\n"
                "\t<ftimeDeleted>1601-01-01T00:00:00Z</ftimeDeleted>\n"
                "\t<ftimeCreated>2026-11-20T09:12:44Z</ftimeCreated>\n\t<dwVersion>1</dwVersion>\n"
                "\t<ftimeLastOriginatingChange>2026-11-20T09:12:44Z</ftimeLastOriginatingChange>\n"
                "</DS_REPL_VALUE_META_DATA>\n");
        en = add_entry(out, "CN=Domain Users,CN=Users," BASE);   /* the primary group: no link */
        add_bin(out, en, "objectSid", b, dom_sid(b, 513));
        add_str(out, en, "whenChanged", "20261122000000.0Z");
        return 0;
    }
    if (strcmp(q->base, "CN=alice,CN=Users," BASE) == 0) {
        struct dir_entry *en = add_entry(out, q->base);
        if (!F->no_token_groups) {
            add_bin(out, en, "tokenGroups", b, dom_sid(b, 513));
            add_bin(out, en, "tokenGroups", b, dom_sid(b, 1107));
            add_bin(out, en, "tokenGroups", b, dom_sid(b, 513));   /* a duplicate */
            unsigned users[2] = {32, 545};
            add_bin(out, en, "tokenGroups", b, sid_bin(b, 5, users, 2));
        }
        return 0;
    }
    if (strcmp(q->base, BASE) == 0 && strstr(q->filter, "servicePrincipalName=HTTP/")) {
        for (int i = 0; i < F->spn_holders; i++) {
            struct dir_entry *en = add_entry(out, i ? "CN=svc-ces2,CN=Users," BASE : "CN=svc-ces,CN=Users," BASE);
            add_str(out, en, "sAMAccountName", i ? "svc-ces2" : "svc-ces");
            add_bin(out, en, "objectSid", b, dom_sid(b, 1200));
            add_str(out, en, "userAccountControl", "512");
            add_str(out, en, "msDS-AllowedToDelegateTo", "HOST/ca9.corp.example.test");
        }
        return 0;
    }
    if (strcmp(q->base, BASE) == 0 && strstr(q->filter, "(dNSHostName=ca1.corp.example.test)")) {
        if (F->ca_computer_missing)
            return 0;
        struct dir_entry *en = add_entry(out, "CN=CA1,CN=Computers," BASE);
        add_str(out, en, "sAMAccountName", "CA1$");
        if (F->rbcd_rid) {
            n = dom_sid(s, (unsigned)F->rbcd_rid);
            add_bin(out, en, "msDS-AllowedToActOnBehalfOfOtherIdentity", b, sd_allow(b, s, n, F->rbcd_no_cr));
        }
        return 0;
    }
    if (strcmp(q->base, BASE) == 0 && strstr(q->filter, "objectClass=computer")) {
        if (F->accounts == 0)
            return 0;
        struct dir_entry *en = add_entry(out, "CN=CES1,CN=Computers," BASE);
        char uac[32];
        snprintf(uac, sizeof(uac), "%u", F->ces_uac);
        add_str(out, en, "sAMAccountName", "CES1$");
        add_bin(out, en, "objectSid", b, dom_sid(b, 1300));
        add_str(out, en, "userAccountControl", uac);
        if (F->ces_spns) {
            add_str(out, en, "msDS-AllowedToDelegateTo", "HOST/ca1.corp.example.test");
            add_str(out, en, "msDS-AllowedToDelegateTo", "HOST/ca1");
        }
        return 0;
    }
    if (strcmp(q->base, "CN=OID," PKS) == 0) {
        struct dir_entry *en = add_entry(out, "CN=1,CN=OID," PKS);
        add_str(out, en, "msPKI-Cert-Template-OID", "1.2.3.9");
        add_str(out, en, "flags", "2");
        en = add_entry(out, "CN=2,CN=OID," PKS);
        add_str(out, en, "msPKI-Cert-Template-OID", "1.2.3.1");
        add_str(out, en, "flags", "2");
        en = add_entry(out, "CN=3,CN=OID," PKS);
        add_str(out, en, "msPKI-Cert-Template-OID", "1.2.3.100");  /* a template's OID */
        add_str(out, en, "flags", "1");
        return 0;
    }
    if (strcmp(q->base, "CN=Certificate Templates," PKS) == 0) {
        if (F->fail_templates) {
            err_set(e, "error.ldap.timeout");
            return -1;
        }
        struct dir_entry *en = add_entry(out, "CN=Zeta," PKS);
        add_str(out, en, "cn", "Zeta");
        add_str(out, en, "msPKI-Certificate-Name-Flag", "67108864");  /* 0x04000000 alt e-mail */
        add_str(out, en, "msPKI-Enrollment-Flag", "0");
        add_str(out, en, "msPKI-Certificate-Policy", "1.2.3.9");
        add_str(out, en, "msPKI-Certificate-Policy", "1.2.3.5");
        n = dom_sid(s, 1107);
        add_bin(out, en, "nTSecurityDescriptor", b, sd_enroll(b, s, n, 1));
        en = add_entry(out, "CN=ContosoUser," PKS);
        add_str(out, en, "cn", "ContosoUser");
        add_str(out, en, "displayName", "Contoso User");
        add_str(out, en, "msPKI-Cert-Template-OID", "1.2.3.100");
        add_str(out, en, "msPKI-Template-Schema-Version", "2");
        add_str(out, en, "msPKI-Certificate-Name-Flag", "-1509949440");  /* 0xA6000000 */
        add_str(out, en, "msPKI-Enrollment-Flag", "41");
        /* as AD returns them: not in priority order */
        add_str(out, en, "pKIDefaultCSPs", "2,Microsoft Software Key Storage Provider");
        add_str(out, en, "pKIDefaultCSPs", "1,Microsoft Platform Crypto Provider");
        add_str(out, en, "msPKI-Private-Key-Flag", "-2113929216"); /* 0x82000000 */
        if (F->broken_sd) {
            add_bin(out, en, "nTSecurityDescriptor", "\x01\x00\x04", 3);
        } else {
            n = dom_sid(s, 1107);
            add_bin(out, en, "nTSecurityDescriptor", b, sd_enroll(b, s, n, 0));
        }
        en = add_entry(out, "CN=Bare," PKS);   /* no flags at all */
        add_str(out, en, "cn", "Bare");
        add_entry(out, "CN=nameless," PKS);      /* no cn: skipped */
        return 0;
    }
    if (strcmp(q->base, "CN=Enrollment Services," PKS) == 0) {
        struct dir_entry *en = add_entry(out, "CN=CORP-CA," PKS);
        add_str(out, en, "cn", "CORP-CA");
        add_str(out, en, "dNSHostName", "ca1.corp.example.test");
        add_str(out, en, "certificateTemplates", "Zeta");
        add_str(out, en, "certificateTemplates", "ContosoUser");
        if (F->ces_urls) {
            add_str(out, en, "msPKI-Enrollment-Servers",
                    "2\n2\n0\nhttps://ces02.corp.example.test/CORP-CA_CES_UsernamePassword/service.svc/CES");
            add_str(out, en, "msPKI-Enrollment-Servers",
                    "1\n2\n0\nhttps://ces01.corp.example.test/CORP-CA_CES_Kerberos/service.svc/CES");
            add_str(out, en, "msPKI-Enrollment-Servers", "garbage");
        }
        if (!F->no_sd) {
            unsigned au[1] = {11};
            n = sid_bin(s, 5, au, 1);
            add_bin(out, en, "nTSecurityDescriptor", b, sd_enroll(b, s, n, 0));
        }
        en = add_entry(out, "CN=ALPHA-CA," PKS);   /* no host: no config */
        add_str(out, en, "cn", "ALPHA-CA");
        return 0;
    }
    return 0;   /* nothing else exists */
}

static void fake_init(struct fake *F)
{
    memset(F, 0, sizeof(*F));
    F->accounts = 1;
    F->ces_uac = 4096 | 0x1000000;
    F->ces_spns = 1;
}

static struct facts *run(struct fake *F, const char *account, enum ctx ctx, const char *ces, int expect,
                         struct dir_notes *notes, struct err *e)
{
    struct facts *f = facts_new();
    assert_non_null(f);
    struct dir_request rq = {"ldap://fake", account, ctx, ces};
    err_clear(e);
    int rc = directory_collect(fake_search, F, &rq, f, notes, e);
    assert_int_equal(rc, expect);
    return f;
}

/* As run(), into facts that already hold what JSON (a bundle's facts) says. */
static struct facts *run_on(struct fake *F, const char *json, const char *ces, int expect, struct dir_notes *notes,
                            struct err *e)
{
    struct facts *f = tu_bundle(json);
    err_clear(e);
    struct dir_request rq = {"ldap://fake", NULL, CTX_USER, ces};
    int rc = directory_collect(fake_search, F, &rq, f, notes, e);
    assert_int_equal(rc, expect);
    return f;
}

static bool asked(const struct fake *F, const char *filter_part)
{
    for (int i = 0; i < F->nq; i++)
        if (strstr(F->filters[i], filter_part))
            return true;
    return false;
}

static bool noted(const struct dir_notes *n, const char *key)
{
    for (size_t i = 0; i < n->n; i++)
        if (strcmp(n->v[i].what.key, key) == 0)
            return true;
    return false;
}

static bool noted_ces(const struct dir_notes *n)
{
    return noted(n, "note.directory.ces-account") || noted(n, "note.directory.ces-ambiguous") ||
           noted(n, "note.directory.ces-unknown") || noted(n, "note.directory.ca-computer") ||
           noted(n, "note.directory.rbcd");
}

static const struct tmpl *tmpl_named(const struct facts *f, const char *name)
{
    const struct tmpl *t = facts_template(f, name);
    assert_non_null(t);
    return t;
}

static bool in_list(const struct str_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

/* ---- tests ---- */

static void test_full(void **state)
{
    (void)state;
    struct fake F;
    fake_init(&F);
    struct dir_notes notes;
    struct err e;
    struct facts *f = run(&F, "alice", CTX_USER, "CES1", 0, &notes, &e);
    /* the objects without a security descriptor say so */
    assert_int_equal(notes.n, 2);
    assert_string_equal(notes.v[0].what.key, "note.directory.no-sd");
    assert_string_equal(err_get(&notes.v[0].what, "object"), "template Bare");
    assert_string_equal(notes.v[1].what.key, "note.directory.no-sd");
    assert_string_equal(err_get(&notes.v[1].what, "object"), "CA ALPHA-CA");

    /* identity */
    const struct identity *id = &f->identity[CTX_USER];
    assert_int_equal(id->st, F_SET);
    assert_string_equal(id->name.v, "CORP\\alice");
    assert_string_equal(id->sid.v, DOM "-1102");
    assert_int_equal(id->not_delegated.st, F_SET);
    assert_true(id->not_delegated.v);
    assert_int_equal(id->mail.st, F_NULL);
    assert_int_equal(id->directory_groups.st, F_SET);
    assert_int_equal(id->directory_groups.n, 3);             /* duplicate dropped */
    assert_string_equal(id->directory_groups.v[0], DOM "-1107");  /* sorted */
    assert_string_equal(id->directory_groups.v[1], DOM "-513");
    assert_string_equal(id->directory_groups.v[2], "S-1-5-32-545");
    assert_int_equal(id->token_groups.st, F_ABSENT);
    assert_int_equal(f->identity[CTX_MACHINE].st, F_ABSENT);

    /* templates: sorted, nameless skipped */
    assert_int_equal(f->templates_st, F_SET);
    assert_int_equal(f->ntemplates, 3);
    assert_string_equal(f->templates[0].name.v, "Bare");
    assert_string_equal(f->templates[1].name.v, "ContosoUser");
    assert_string_equal(f->templates[2].name.v, "Zeta");
    const struct tmpl *t = tmpl_named(f, "ContosoUser");
    assert_string_equal(t->display_name.v, "Contoso User");
    assert_string_equal(t->oid.v, "1.2.3.100");
    assert_int_equal(t->schema_version.v, 2);
    assert_true(t->requires_email.st == F_SET && t->requires_email.v);
    assert_true(t->autoenroll_flag.st == F_SET && t->autoenroll_flag.v);
    assert_int_equal(t->issuance_policies.st, F_SET);
    assert_int_equal(t->issuance_policies.n, 0);
    /* providers in the order of their priority, without it */
    assert_int_equal(t->providers.st, F_SET);
    assert_int_equal(t->providers.n, 2);
    assert_string_equal(t->providers.v[0], "Microsoft Platform Crypto Provider");
    assert_string_equal(t->providers.v[1], "Microsoft Software Key Storage Provider");
    assert_true(t->private_key_flags.st == F_SET && t->private_key_flags.v == 0x82000000);
    assert_int_equal(t->sddl.st, F_SET);
    /* the group's SID as a full SID, Enroll's GUID, parsed like the loader */
    assert_non_null(strstr(t->sddl.v, "(OA;;CR;" GUID_ENROLL ";;" DOM "-1107)"));
    assert_non_null(t->sd);
    const char *with[] = {DOM "-1107"};
    const char *without[] = {DOM "-513"};
    assert_int_equal(sddl_extended_right(t->sd, GUID_ENROLL, with, 1, DOM, NULL), ACCESS_ALLOWED);
    assert_int_equal(sddl_extended_right(t->sd, GUID_ENROLL, without, 1, DOM, NULL), ACCESS_NONE);
    /* the valid policies: flags 2 only, sorted, in every template */
    assert_int_equal(t->valid_issuance_policies.st, F_SET);
    assert_int_equal(t->valid_issuance_policies.n, 2);
    assert_string_equal(t->valid_issuance_policies.v[0], "1.2.3.1");
    assert_string_equal(t->valid_issuance_policies.v[1], "1.2.3.9");
    const struct tmpl *z = tmpl_named(f, "Zeta");
    assert_true(z->requires_email.v);                         /* the alt-name e-mail flag */
    assert_false(z->autoenroll_flag.v);
    assert_int_equal(z->schema_version.st, F_ABSENT);
    assert_int_equal(z->issuance_policies.n, 2);
    assert_string_equal(z->issuance_policies.v[0], "1.2.3.5");
    assert_true(in_list(&z->valid_issuance_policies, "1.2.3.9"));
    assert_false(in_list(&z->valid_issuance_policies, "1.2.3.5"));
    assert_non_null(strstr(z->sddl.v, "(OD;;CR;" GUID_ENROLL ";;"));
    assert_int_equal(sddl_extended_right(z->sd, GUID_ENROLL, with, 1, DOM, NULL), ACCESS_DENIED);
    const struct tmpl *bare = tmpl_named(f, "Bare");
    assert_int_equal(bare->requires_email.st, F_ABSENT);
    assert_int_equal(bare->autoenroll_flag.st, F_ABSENT);
    assert_int_equal(bare->display_name.st, F_ABSENT);
    assert_int_equal(bare->sddl.st, F_ABSENT);
    /* no pKIDefaultCSPs: collected, none named */
    assert_int_equal(bare->providers.st, F_SET);
    assert_int_equal(bare->providers.n, 0);
    assert_int_equal(bare->private_key_flags.st, F_ABSENT);

    /* CAs */
    assert_int_equal(f->cas_st, F_SET);
    assert_int_equal(f->ncas, 2);
    assert_string_equal(f->cas[0].name.v, "ALPHA-CA");
    assert_int_equal(f->cas[0].config.st, F_ABSENT);
    const struct ca *ca = &f->cas[1];
    assert_string_equal(ca->name.v, "CORP-CA");
    assert_string_equal(ca->host.v, "ca1.corp.example.test");
    assert_string_equal(ca->config.v, "ca1.corp.example.test\\CORP-CA");
    assert_int_equal(ca->templates.n, 2);
    assert_string_equal(ca->templates.v[0], "ContosoUser");
    assert_string_equal(ca->templates.v[1], "Zeta");
    assert_string_equal(ca->sddl.v, "D:(OA;;CR;" GUID_ENROLL ";;AU)");
    assert_int_equal(ca->renew_on_behalf_of.st, F_ABSENT);

    /* the CES server */
    assert_int_equal(f->ces.st, F_SET);
    assert_int_equal(f->ces.server_st, F_SET);
    assert_int_equal(f->ces.delegation_st, F_SET);
    assert_int_equal(f->ces.delegation, DELEG_CONSTRAINED);
    assert_int_equal(f->ces.delegate_to.n, 2);
    assert_string_equal(f->ces.delegate_to.v[0], "HOST/ca1");
    assert_int_equal(f->ces.error.st, F_ABSENT);
    assert_int_equal(f->ces.impersonate_privilege.st, F_ABSENT);

    /* what was asked: the SD-flags control only for templates and CAs */
    for (int i = 0; i < F.nq; i++) {
        bool sd = strstr(F.bases[i], "CN=Certificate Templates,") == F.bases[i] ||
                  strstr(F.bases[i], "CN=Enrollment Services,") == F.bases[i];
        assert_int_equal(F.sd_flags[i], sd ? 7u : 0u);
    }
    facts_free(f);
}

static void test_delegation(void **state)
{
    (void)state;
    static const struct {
        unsigned uac;
        int spns;
        enum delegation want;
    } cases[] = {
        {4096 | 0x80000, 0, DELEG_UNCONSTRAINED},
        {4096 | 0x80000 | 0x1000000, 1, DELEG_UNCONSTRAINED},
        {4096 | 0x1000000, 0, DELEG_CONSTRAINED},   /* protocol transition, no SPN yet */
        {4096, 1, DELEG_CONSTRAINED},               /* Kerberos only */
        {4096, 0, DELEG_NONE},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fake F;
        fake_init(&F);
        F.ces_uac = cases[i].uac;
        F.ces_spns = cases[i].spns;
        struct err e;
        struct facts *f = run(&F, NULL, CTX_USER, "ces1.corp.example.test", 0, NULL, &e);
        assert_int_equal(f->ces.delegation, cases[i].want);
        assert_int_equal(f->ces.delegate_to.st, F_SET);
        assert_int_equal(f->ces.delegate_to.n, cases[i].spns ? 2u : 0u);
        assert_int_equal(f->identity[CTX_USER].st, F_ABSENT);   /* no account asked */
        assert_true(asked(&F, "(&(objectClass=computer)(dNSHostName=ces1.corp.example.test))"));
        facts_free(f);
    }
}

static void test_account_filters(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        enum ctx ctx;
        const char *filter;
    } cases[] = {
        {"alice", CTX_USER, "(&(objectClass=user)(sAMAccountName=alice))"},
        {"CORP\\alice", CTX_USER, "(&(objectClass=user)(sAMAccountName=alice))"},
        {"alice@corp.example.test", CTX_USER,
         "(&(objectClass=user)(|(userPrincipalName=alice@corp.example.test)(sAMAccountName=alice)))"},
        {"a*(b)", CTX_USER, "(&(objectClass=user)(sAMAccountName=a\\2a\\28b\\29))"},
        {"PC01", CTX_MACHINE, "(&(objectClass=computer)(sAMAccountName=PC01$))"},
        {"CORP\\PC01$", CTX_MACHINE, "(&(objectClass=computer)(sAMAccountName=PC01$))"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fake F;
        fake_init(&F);
        struct err e;
        struct facts *f = facts_new();
        assert_non_null(f);
        struct dir_request rq = {"ldap://fake", cases[i].name, cases[i].ctx, NULL};
        err_clear(&e);
        directory_collect(fake_search, &F, &rq, f, NULL, &e);
        bool seen = false;
        for (int k = 0; k < F.nq; k++)
            seen = seen || strcmp(F.filters[k], cases[i].filter) == 0;
        if (!seen)
            fail_msg("%s: filter %s not asked", cases[i].name, cases[i].filter);
        facts_free(f);
    }
}

static void test_machine_context(void **state)
{
    (void)state;
    struct fake F;
    fake_init(&F);
    struct dir_notes notes;
    struct err e;
    struct facts *f = run(&F, "CES1", CTX_MACHINE, NULL, 0, &notes, &e);
    assert_string_equal(F.filters[3], "(&(objectClass=computer)(sAMAccountName=CES1$))");
    assert_int_equal(f->identity[CTX_USER].st, F_ABSENT);
    const struct identity *id = &f->identity[CTX_MACHINE];
    assert_int_equal(id->st, F_SET);
    assert_true(id->not_delegated.st == F_SET && !id->not_delegated.v);
    assert_int_equal(id->mail.st, F_NULL);
    /* the fake holds no tokenGroups for it: a note, the groups unknown */
    assert_int_equal(id->directory_groups.st, F_ABSENT);
    assert_int_equal(notes.n, 3);
    assert_string_equal(notes.v[0].what.key, "note.directory.token-groups");
    facts_free(f);

    fake_init(&F);
    F.accounts = 0;
    f = run(&F, "PC404", CTX_MACHINE, NULL, -1, NULL, &e);
    assert_string_equal(e.key, "error.directory.account");
    facts_free(f);
}

/* membership_added: one search for the groups of tokenGroups, by binary
 * SID; the link's metadata gives the time; the primary group has none. */
static void test_membership_added(void **state)
{
    (void)state;
    struct fake F;
    fake_init(&F);
    F.member_meta = 1;
    struct dir_notes notes;
    struct err e;
    struct facts *f = run(&F, "alice", CTX_USER, NULL, 0, &notes, &e);
    const struct identity *id = &f->identity[CTX_USER];
    assert_int_equal(id->membership_added.st, F_SET);
    assert_int_equal(id->membership_added.n, 1);
    const struct sid_time *st = facts_membership_added(&id->membership_added, DOM "-1107");
    assert_non_null(st);
    int64_t t;
    assert_int_equal(time_parse_iso("2026-11-20T09:12:44Z", &t), 0);
    assert_int_equal(st->t, t);
    assert_int_equal(id->membership_source.st, F_SET);
    assert_int_equal(id->membership_source.n, 1);
    assert_int_equal(facts_membership_source(&id->membership_source, DOM "-1107")->src, MSRC_VALUE_METADATA);
    bool asked = false;
    for (int i = 0; i < F.nq; i++)
        if (strstr(F.filters[i], "(&(objectClass=group)(|(objectSid=\\01\\05\\00\\00\\00\\00\\00\\05"
                                 "\\15\\00\\00\\00\\01\\00\\00\\00"))
            asked = true;
    assert_true(asked);
    for (size_t i = 0; i < notes.n; i++)
        assert_string_not_equal(notes.v[i].what.key, "note.directory.member-changed");
    facts_free(f);
}

/* A large group's metadata comes in ranges ("msDS-ReplValueMetaData;range=0-0"):
 * the following ranges are read with base searches until ";range=N-*", at
 * most MEMBER_RANGES_MAX of them; one that fails, or too many, leave the
 * group's whenChanged with a note. */
static void test_member_meta_ranges(void **state)
{
    (void)state;
    struct fake F;
    fake_init(&F);
    F.member_meta = 1;
    F.member_ranges = 1;
    struct dir_notes notes;
    struct err e;
    int64_t t;
    struct facts *f = run(&F, "alice", CTX_USER, NULL, 0, &notes, &e);
    const struct identity *id = &f->identity[CTX_USER];
    assert_int_equal(F.nranges, 2);   /* 1-*, then 2-* the last */
    const struct sid_time *st = facts_membership_added(&id->membership_added, DOM "-1107");
    assert_non_null(st);
    assert_int_equal(time_parse_iso("2026-11-20T09:12:44Z", &t), 0);
    assert_int_equal(st->t, t);
    assert_int_equal(facts_membership_source(&id->membership_source, DOM "-1107")->src, MSRC_VALUE_METADATA);
    assert_false(noted(&notes, "note.directory.member-range"));
    assert_false(noted(&notes, "note.directory.member-changed"));
    facts_free(f);

    /* never a last range: bounded, then whenChanged */
    fake_init(&F);
    F.member_meta = 1;
    F.member_ranges = 2;
    f = run(&F, "alice", CTX_USER, NULL, 0, &notes, &e);
    id = &f->identity[CTX_USER];
    assert_int_equal(F.nranges, 20);
    st = facts_membership_added(&id->membership_added, DOM "-1107");
    assert_non_null(st);
    assert_int_equal(time_parse_iso("2026-11-21T00:00:00Z", &t), 0);
    assert_int_equal(st->t, t);
    assert_int_equal(facts_membership_source(&id->membership_source, DOM "-1107")->src, MSRC_WHEN_CHANGED);
    assert_true(noted(&notes, "note.directory.member-range"));
    assert_true(noted(&notes, "note.directory.member-changed"));
    facts_free(f);

    /* the second range fails: a note with the reason, not an error */
    fake_init(&F);
    F.member_meta = 1;
    F.member_ranges = 3;
    f = run(&F, "alice", CTX_USER, NULL, 0, &notes, &e);
    id = &f->identity[CTX_USER];
    assert_int_equal(F.nranges, 2);
    assert_int_equal(facts_membership_source(&id->membership_source, DOM "-1107")->src, MSRC_WHEN_CHANGED);
    bool why = false;
    for (size_t i = 0; i < notes.n; i++)
        if (strcmp(notes.v[i].what.key, "note.directory.member-range") == 0)
            why = strcmp(notes.v[i].why.key, "error.ldap.timeout") == 0;
    assert_true(why);
    facts_free(f);
}

static void test_errors(void **state)
{
    (void)state;
    struct fake F;
    struct err e;
    struct facts *f;

    fake_init(&F);
    F.no_config = 1;
    f = run(&F, "alice", CTX_USER, NULL, -1, NULL, &e);
    assert_string_equal(e.key, "error.directory.rootdse");
    assert_string_equal(err_get(&e, "server"), "ldap://fake");
    facts_free(f);

    fake_init(&F);
    F.accounts = 0;
    f = run(&F, "nobody", CTX_USER, NULL, -1, NULL, &e);
    assert_string_equal(e.key, "error.directory.account");
    assert_string_equal(err_get(&e, "account"), "nobody");
    facts_free(f);

    fake_init(&F);
    F.accounts = 2;
    f = run(&F, "alice", CTX_USER, NULL, -1, NULL, &e);
    assert_string_equal(e.key, "error.directory.ambiguous");
    assert_string_equal(err_get(&e, "count"), "2");
    facts_free(f);

    fake_init(&F);
    F.accounts = 0;
    f = run(&F, NULL, CTX_USER, "CES9", -1, NULL, &e);
    assert_string_equal(e.key, "error.directory.ces-server");
    facts_free(f);

    fake_init(&F);
    F.fail_templates = 1;
    f = run(&F, "alice", CTX_USER, NULL, -1, NULL, &e);
    assert_string_equal(e.key, "error.ldap.timeout");
    facts_free(f);
}

static void test_notes(void **state)
{
    (void)state;
    struct fake F;
    fake_init(&F);
    F.broken_sd = 1;
    F.no_sd = 1;
    F.no_token_groups = 1;
    struct dir_notes notes;
    struct err e;
    struct facts *f = run(&F, "alice", CTX_USER, NULL, 0, &notes, &e);
    /* a template's SD that cannot be read, the CA without one, no tokenGroups */
    bool sd = false, nosd = false, tg = false;
    for (size_t i = 0; i < notes.n; i++) {
        const char *k = notes.v[i].what.key;
        const char *o = err_get(&notes.v[i].what, "object");
        if (strcmp(k, "note.directory.sd") == 0 && strcmp(o, "template ContosoUser") == 0) {
            sd = true;
            assert_string_equal(notes.v[i].why.key, "error.sdbin");
        }
        if (strcmp(k, "note.directory.no-sd") == 0 && strcmp(o, "CA CORP-CA") == 0)
            nosd = true;
        if (strcmp(k, "note.directory.token-groups") == 0)
            tg = true;
    }
    assert_true(sd && nosd && tg);
    assert_int_equal(tmpl_named(f, "ContosoUser")->sddl.st, F_ABSENT);
    assert_null(tmpl_named(f, "ContosoUser")->sd);
    assert_int_equal(tmpl_named(f, "Zeta")->sddl.st, F_SET);   /* the others still read */
    assert_int_equal(f->identity[CTX_USER].directory_groups.st, F_ABSENT);
    assert_int_equal(f->identity[CTX_USER].sid.st, F_SET);
    facts_free(f);
}

/* --merge: the client's facts stay, the directory's come in. */
#define CES_URL "https://ces01.corp.example.test/CORP-CA_CES_Kerberos/service.svc/CES"
#define CLIENT(facts) "{\"format\": \"enrolldoc-bundle/1\", \"context\": \"user\", \"facts\": {" facts "}}"
/* a client whose default policy server is a CEP: it enrolls through CES */
#define CEP_CLIENT                                                                                  \
    CLIENT("\"policy_servers\": [{\"url\": \"https://cep.corp.example.test/ADPolicyProvider_CEP_Kerberos/" \
           "service.svc/CEP\", \"context\": \"user\", \"default\": true}]")

/* The CES the client's own records name -> the account holding HTTP/<host>. */
static void test_ces_from_client_url(void **state)
{
    (void)state;
    struct fake F;
    fake_init(&F);
    F.spn_holders = 1;
    struct dir_notes notes;
    struct err e;
    struct facts *f = run_on(&F, CLIENT("\"ces\": {\"url\": \"" CES_URL "\", \"error\": \"0x803D0013\"}"), NULL,
                             0, &notes, &e);
    assert_true(asked(&F, "(servicePrincipalName=HTTP/ces01.corp.example.test)"));
    assert_false(asked(&F, "(dNSHostName=ces01.corp.example.test)"));   /* the SPN was enough */
    const struct ces *c = &f->ces;
    assert_int_equal(c->server_st, F_SET);
    assert_string_equal(c->server_host.v, "ces01.corp.example.test");
    assert_string_equal(c->server_account.v, "CORP\\svc-ces");
    assert_int_equal(c->delegation, DELEG_CONSTRAINED);
    assert_int_equal(c->delegate_to.n, 1);
    assert_string_equal(c->delegate_to.v[0], "HOST/ca9.corp.example.test");
    /* the CA computer was read: no resource-based delegation */
    assert_true(asked(&F, "(dNSHostName=ca1.corp.example.test)"));
    assert_int_equal(c->rbcd_hosts.st, F_SET);
    assert_int_equal(c->rbcd_hosts.n, 0);
    assert_int_equal(c->error.v, 0x803D0013u);   /* the client's side kept */
    assert_false(noted_ces(&notes));
    facts_free(f);

    /* the CA computer's resource-based delegation: who it admits */
    static const struct {
        int rid, no_cr, missing;
        enum fstate st;
        size_t n;
    } cases[] = {
        {1200, 0, 0, F_SET, 1},     /* svc-ces (RID 1200): admitted */
        {1200, 1, 0, F_SET, 0},     /* an entry without control access does not admit */
        {1201, 0, 0, F_SET, 0},     /* another account */
        {0, 0, 1, F_ABSENT, 0},     /* the CA computer is not there: unknown, and said */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fake_init(&F);
        F.spn_holders = 1;
        F.rbcd_rid = cases[i].rid;
        F.rbcd_no_cr = cases[i].no_cr;
        F.ca_computer_missing = cases[i].missing;
        f = run_on(&F, CLIENT("\"ces\": {\"url\": \"" CES_URL "\"}"), NULL, 0, &notes, &e);
        assert_int_equal(f->ces.rbcd_hosts.st, cases[i].st);
        assert_int_equal(f->ces.rbcd_hosts.n, cases[i].n);
        if (cases[i].n)
            assert_string_equal(f->ces.rbcd_hosts.v[0], "ca1.corp.example.test");
        assert_int_equal(noted(&notes, "note.directory.ca-computer"), cases[i].missing != 0);
        facts_free(f);
    }
}

/* A CEP client whose records name no CES: the CAs' registered CES URLs. */
static void test_ces_from_ca(void **state)
{
    (void)state;
    struct fake F;
    fake_init(&F);
    F.ces_urls = 1;
    struct dir_notes notes;
    struct err e;
    struct facts *f = run_on(&F, CEP_CLIENT, NULL, 0, &notes, &e);
    const struct ca *ca = &f->cas[1];
    assert_string_equal(ca->name.v, "CORP-CA");
    assert_int_equal(ca->ces_urls.n, 2);   /* by priority; the garbage value skipped */
    assert_string_equal(ca->ces_urls.v[0], CES_URL);
    assert_int_equal(f->cas[0].ces_urls.st, F_SET);
    assert_int_equal(f->cas[0].ces_urls.n, 0);
    /* no SPN holder: the computer by its DNS name */
    assert_true(asked(&F, "(servicePrincipalName=HTTP/ces01.corp.example.test)"));
    assert_true(asked(&F, "(&(objectClass=computer)(dNSHostName=ces01.corp.example.test))"));
    assert_string_equal(f->ces.server_account.v, "CORP\\CES1$");
    assert_int_equal(f->ces.delegation, DELEG_CONSTRAINED);
    assert_int_equal(f->ces.delegate_to.n, 2);
    facts_free(f);

    /* two accounts hold the SPN: a note, nothing guessed */
    fake_init(&F);
    F.ces_urls = 1;
    F.spn_holders = 2;
    f = run_on(&F, CEP_CLIENT, NULL, 0, &notes, &e);
    assert_int_equal(f->ces.server_st, F_ABSENT);
    assert_true(noted(&notes, "note.directory.ces-ambiguous"));
    facts_free(f);

    /* nobody names a CES: a note */
    fake_init(&F);
    f = run_on(&F, CEP_CLIENT, NULL, 0, &notes, &e);
    assert_int_equal(f->ces.st, F_ABSENT);
    assert_true(noted(&notes, "note.directory.ces-unknown"));
    facts_free(f);

    /* the host is nowhere: a note */
    fake_init(&F);
    F.ces_urls = 1;
    F.accounts = 0;
    f = run_on(&F, CEP_CLIENT, NULL, 0, &notes, &e);
    assert_int_equal(f->ces.server_st, F_ABSENT);
    assert_true(noted(&notes, "note.directory.ces-account"));
    facts_free(f);
}

/* An RPC client, or none at all: no CES searched. */
static void test_ces_not_used(void **state)
{
    (void)state;
    struct fake F;
    fake_init(&F);
    F.ces_urls = 1;
    F.spn_holders = 1;
    struct dir_notes notes;
    struct err e;
    const char *clients[] = {
        CLIENT("\"policy_servers\": [{\"url\": \"LDAP:\", \"context\": \"user\", \"default\": true}]"),
        CLIENT("\"aepolicy\": {\"user\": 7}"),
    };
    for (size_t i = 0; i < 2; i++) {
        fake_init(&F);
        F.ces_urls = 1;
        F.spn_holders = 1;
        struct facts *f = run_on(&F, clients[i], NULL, 0, &notes, &e);
        assert_false(asked(&F, "servicePrincipalName"));
        assert_int_equal(f->ces.st, F_ABSENT);
        assert_false(noted_ces(&notes));
        facts_free(f);
    }
}

/* The operator names the CES by its URL: the same search, but a server that
 * is not there is an error. */
static void test_ces_named_url(void **state)
{
    (void)state;
    struct fake F;
    fake_init(&F);
    F.spn_holders = 1;
    struct err e;
    struct facts *f = run_on(&F, CLIENT("\"aepolicy\": {\"user\": 7}"), CES_URL, 0, NULL, &e);
    assert_string_equal(f->ces.server_account.v, "CORP\\svc-ces");
    facts_free(f);
    fake_init(&F);
    F.accounts = 0;
    f = run_on(&F, CLIENT("\"aepolicy\": {\"user\": 7}"), CES_URL, -1, NULL, &e);
    assert_string_equal(e.key, "error.directory.ces-server");
    facts_free(f);
    fake_init(&F);
    f = run_on(&F, CLIENT("\"aepolicy\": {\"user\": 7}"), "https://", -1, NULL, &e);
    assert_string_equal(e.key, "error.directory.ces-server");
    facts_free(f);
}

static void test_merge(void **state)
{
    (void)state;
    struct facts *f = tu_bundle("{\"format\": \"enrolldoc-bundle/1\", \"context\": \"user\","
                                " \"facts\": {\"aepolicy\": {\"user\": 7},"
                                " \"identity\": {\"user\": {\"name\": \"CORP\\\\alice\", \"token_groups\": [\"" DOM
                                "-513\"], \"mail\": \"stale@x\"}},"
                                " \"templates\": [{\"name\": \"Old\"}],"
                                " \"cas\": [{\"name\": \"corp-ca\", \"renew_on_behalf_of\": false}],"
                                " \"ces\": {\"error\": \"0x803D0013\", \"server\": {\"credential_guard\": true}}}}");
    struct fake F;
    fake_init(&F);
    struct dir_request rq = {"ldap://fake", "CORP\\alice", CTX_USER, "CES1"};
    struct err e;
    err_clear(&e);
    assert_int_equal(directory_collect(fake_search, &F, &rq, f, NULL, &e), 0);
    assert_int_equal(f->aepolicy[CTX_USER].v, 7);
    const struct identity *id = &f->identity[CTX_USER];
    assert_int_equal(id->token_groups.n, 1);
    assert_int_equal(id->directory_groups.n, 3);
    assert_int_equal(id->mail.st, F_NULL);               /* the directory's word */
    assert_null(facts_template(f, "Old"));                /* replaced */
    assert_non_null(facts_template(f, "ContosoUser"));
    const struct ca *ca = &f->cas[1];
    assert_string_equal(ca->name.v, "CORP-CA");
    assert_int_equal(ca->renew_on_behalf_of.st, F_SET); /* kept from the client */
    assert_false(ca->renew_on_behalf_of.v);
    assert_int_equal(f->ces.error.v, 0x803D0013u);
    assert_true(f->ces.credential_guard.st == F_SET && f->ces.credential_guard.v);
    assert_int_equal(f->ces.delegation, DELEG_CONSTRAINED);

    /* written and read back: the loader accepts every directory fact */
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(bundle_write(f, NULL, fp, &e), 0);
    long len = ftell(fp);
    assert_true(len > 0);
    rewind(fp);
    char *text = malloc((size_t)len + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)len, fp), (size_t)len);
    text[len] = '\0';
    fclose(fp);
    struct facts *g = tu_bundle(text);
    const struct tmpl *t = tmpl_named(g, "ContosoUser");
    assert_non_null(t->sd);
    assert_string_equal(t->sddl.v, tmpl_named(f, "ContosoUser")->sddl.v);
    assert_int_equal(g->identity[CTX_USER].directory_groups.n, 3);
    assert_int_equal(g->ces.delegation, DELEG_CONSTRAINED);
    free(text);
    facts_free(g);
    facts_free(f);
}

static void test_sid_string(void **state)
{
    (void)state;
    unsigned char b[80];
    char buf[128];
    size_t n = dom_sid(b, 1102);
    assert_int_equal(dir_sid_string(b, n, buf, sizeof(buf)), 0);
    assert_string_equal(buf, DOM "-1102");
    unsigned world[1] = {0};
    n = sid_bin(b, 1, world, 1);
    assert_int_equal(dir_sid_string(b, n, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "S-1-1-0");
    unsigned big[1] = {4294967295u};
    n = sid_bin(b, 5, big, 1);
    assert_int_equal(dir_sid_string(b, n, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "S-1-5-4294967295");
    /* an authority of 2^32 or more in hex */
    b[2] = 1;
    assert_int_equal(dir_sid_string(b, n, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "S-1-0x010000000005-4294967295");
    /* malformed: short, bad revision, count beyond the data, too many parts */
    n = dom_sid(b, 1102);
    assert_int_equal(dir_sid_string(b, 7, buf, sizeof(buf)), -1);
    assert_int_equal(dir_sid_string(b, n - 1, buf, sizeof(buf)), -1);
    b[0] = 2;
    assert_int_equal(dir_sid_string(b, n, buf, sizeof(buf)), -1);
    b[0] = 1;
    b[1] = 16;
    assert_int_equal(dir_sid_string(b, sizeof(b), buf, sizeof(buf)), -1);
    b[1] = 5;
    assert_int_equal(dir_sid_string(b, n, buf, 10), -1);   /* does not fit */
}

static void test_escape(void **state)
{
    (void)state;
    struct arena a = {0};
    assert_string_equal(dir_filter_escape(&a, "plain"), "plain");
    assert_string_equal(dir_filter_escape(&a, "a*b(c)d\\e"), "a\\2ab\\28c\\29d\\5ce");
    assert_string_equal(dir_filter_escape(&a, ""), "");
    assert_string_equal(dir_filter_escape(&a, "Jörg"), "Jörg");
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_delegation),
        cmocka_unit_test(test_account_filters),
        cmocka_unit_test(test_machine_context), cmocka_unit_test(test_membership_added),
        cmocka_unit_test(test_member_meta_ranges),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_ces_from_client_url),
        cmocka_unit_test(test_ces_from_ca),
        cmocka_unit_test(test_ces_not_used),
        cmocka_unit_test(test_ces_named_url),
        cmocka_unit_test(test_sid_string),
        cmocka_unit_test(test_escape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
