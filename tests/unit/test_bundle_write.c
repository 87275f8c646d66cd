/* test_bundle_write.c: the bundle writer against the loader. Every bundle of
 * the project survives load -> write -> load -> write with equal facts and
 * byte-identical text; facts built in C with every field set, or every field
 * null, survive; codes, times, non-ASCII text, tool, probe notes; a failing
 * stream is reported. */
#include "testutil.h"

#include "bundle_write.h"
#include "sddl.h"

/* ---- facts_equal: every field of facts.h, with the path of the first
 * difference in the failure message ---- */

static char where[256];

#define DIFF(...)                                                                                  \
    do {                                                                                           \
        char what_[256];                                                                           \
        snprintf(what_, sizeof(what_), __VA_ARGS__);                                               \
        fail_msg("%s: %s", where, what_);                                                          \
    } while (0)

static void at(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void at(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(where, sizeof(where), fmt, ap);
    va_end(ap);
}

static void eq_state(const char *field, enum fstate a, enum fstate b)
{
    if (a != b)
        DIFF("%s: state %d vs %d", field, (int)a, (int)b);
}

static void eq_cstr(const char *field, const char *a, const char *b)
{
    if (!a || !b) {
        if (a != b)
            DIFF("%s: one string is NULL", field);
        return;
    }
    if (strcmp(a, b) != 0)
        DIFF("%s: \"%s\" vs \"%s\"", field, a, b);
}

static void eq_str(const char *field, const struct opt_str *a, const struct opt_str *b)
{
    eq_state(field, a->st, b->st);
    if (a->st == F_SET)
        eq_cstr(field, a->v, b->v);
}

static void eq_bool(const char *field, const struct opt_bool *a, const struct opt_bool *b)
{
    eq_state(field, a->st, b->st);
    if (a->st == F_SET && a->v != b->v)
        DIFF("%s: %d vs %d", field, a->v, b->v);
}

static void eq_int(const char *field, const struct opt_int *a, const struct opt_int *b)
{
    eq_state(field, a->st, b->st);
    if (a->st == F_SET && a->v != b->v)
        DIFF("%s: %lld vs %lld", field, (long long)a->v, (long long)b->v);
}

static void eq_code(const char *field, const struct opt_code *a, const struct opt_code *b)
{
    eq_state(field, a->st, b->st);
    if (a->st == F_SET && a->v != b->v)
        DIFF("%s: 0x%08X vs 0x%08X", field, (unsigned)a->v, (unsigned)b->v);
}

static void eq_time(const char *field, const struct opt_time *a, const struct opt_time *b)
{
    eq_state(field, a->st, b->st);
    if (a->st == F_SET && a->v != b->v)
        DIFF("%s: %lld vs %lld", field, (long long)a->v, (long long)b->v);
}

static void eq_size(const char *field, size_t a, size_t b)
{
    if (a != b)
        DIFF("%s: length %zu vs %zu", field, a, b);
}

static void eq_list(const char *field, const struct str_list *a, const struct str_list *b)
{
    eq_state(field, a->st, b->st);
    eq_size(field, a->n, b->n);
    for (size_t i = 0; i < a->n; i++)
        eq_cstr(field, a->v[i], b->v[i]);
}

static void eq_enum(const char *field, enum fstate sa, int a, enum fstate sb, int b)
{
    eq_state(field, sa, sb);
    if (sa == F_SET && a != b)
        DIFF("%s: %d vs %d", field, a, b);
}

static void eq_event(const struct event *a, const struct event *b)
{
    eq_time("time", &a->time, &b->time);
    eq_str("provider", &a->provider, &b->provider);
    eq_int("id", &a->id, &b->id);
    eq_enum("level", a->level_st, (int)a->level, b->level_st, (int)b->level);
    eq_str("message", &a->message, &b->message);
    eq_str("sid", &a->sid, &b->sid);
    eq_size("order", a->order, b->order);
}

static void eq_events(const char *name, const struct event_list *a, const struct event_list *b)
{
    at("%s", name);
    eq_state("st", a->st, b->st);
    eq_size("n", a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        at("%s[%zu]", name, i);
        eq_event(&a->v[i], &b->v[i]);
    }
}

static void facts_equal(const struct facts *a, const struct facts *b)
{
    static const char *const side[CTX_COUNT] = {"user", "machine"};

    at("meta");
    eq_str("host", &a->meta.host, &b->meta.host);
    eq_time("collected_at", &a->meta.collected_at, &b->meta.collected_at);
    eq_str("os", &a->meta.os, &b->meta.os);
    eq_str("tool", &a->meta.tool, &b->meta.tool);
    eq_str("lang", &a->meta.lang, &b->meta.lang);
    eq_str("title", &a->meta.title, &b->meta.title);
    eq_str("description", &a->meta.description, &b->meta.description);
    eq_str("title_de", &a->meta.title_de, &b->meta.title_de);
    eq_str("description_de", &a->meta.description_de, &b->meta.description_de);

    at("top");
    eq_enum("context", a->ctx_st, (int)a->ctx, b->ctx_st, (int)b->ctx);
    if (a->ctx != b->ctx)
        DIFF("ctx value %d vs %d", (int)a->ctx, (int)b->ctx);
    eq_str("template", &a->tmpl, &b->tmpl);

    for (int c = 0; c < CTX_COUNT; c++) {
        at("facts.aepolicy.%s", side[c]);
        eq_int("", &a->aepolicy[c], &b->aepolicy[c]);

        at("facts.certificates.%s", side[c]);
        eq_state("st", a->certs[c].st, b->certs[c].st);
        eq_size("n", a->certs[c].n, b->certs[c].n);
        for (size_t i = 0; i < a->certs[c].n; i++) {
            const struct cert *x = &a->certs[c].v[i], *y = &b->certs[c].v[i];
            at("facts.certificates.%s[%zu]", side[c], i);
            eq_str("thumbprint", &x->thumbprint, &y->thumbprint);
            eq_str("subject", &x->subject, &y->subject);
            eq_str("issuer", &x->issuer, &y->issuer);
            eq_time("not_before", &x->not_before, &y->not_before);
            eq_time("not_after", &x->not_after, &y->not_after);
            eq_str("template_name", &x->template_name, &y->template_name);
            eq_str("template_oid", &x->template_oid, &y->template_oid);
            eq_bool("archived", &x->archived, &y->archived);
            eq_bool("has_private_key", &x->has_private_key, &y->has_private_key);
        }

        const struct task *t = &a->tasks[c], *u = &b->tasks[c];
        at("facts.tasks.%s", side[c]);
        eq_state("st", t->st, u->st);
        eq_bool("exists", &t->exists, &u->exists);
        eq_bool("enabled", &t->enabled, &u->enabled);
        eq_enum("state", t->state_st, (int)t->state, u->state_st, (int)u->state);
        eq_time("last_run", &t->last_run, &u->last_run);
        eq_code("last_result", &t->last_result, &u->last_result);
        eq_time("running_since", &t->running_since, &u->running_since);

        const struct identity *p = &a->identity[c], *q = &b->identity[c];
        at("facts.identity.%s", side[c]);
        eq_state("st", p->st, q->st);
        eq_str("name", &p->name, &q->name);
        eq_str("sid", &p->sid, &q->sid);
        eq_list("token_groups", &p->token_groups, &q->token_groups);
        eq_list("directory_groups", &p->directory_groups, &q->directory_groups);
        eq_bool("not_delegated", &p->not_delegated, &q->not_delegated);
        eq_str("mail", &p->mail, &q->mail);
        eq_state("membership_added", p->membership_added.st, q->membership_added.st);
        eq_size("membership_added.n", p->membership_added.n, q->membership_added.n);
        for (size_t i = 0; i < p->membership_added.n && i < q->membership_added.n; i++) {
            eq_cstr("membership_added.sid", p->membership_added.v[i].sid, q->membership_added.v[i].sid);
            if (p->membership_added.v[i].t != q->membership_added.v[i].t)
                DIFF("membership_added[%zu] %lld vs %lld", i, (long long)p->membership_added.v[i].t,
                     (long long)q->membership_added.v[i].t);
        }
        eq_state("membership_source", p->membership_source.st, q->membership_source.st);
        eq_size("membership_source.n", p->membership_source.n, q->membership_source.n);
        for (size_t i = 0; i < p->membership_source.n && i < q->membership_source.n; i++) {
            eq_cstr("membership_source.sid", p->membership_source.v[i].sid, q->membership_source.v[i].sid);
            if (p->membership_source.v[i].src != q->membership_source.v[i].src)
                DIFF("membership_source[%zu] %d vs %d", i, (int)p->membership_source.v[i].src,
                     (int)q->membership_source.v[i].src);
        }
        eq_time("logon_time", &p->logon_time, &q->logon_time);
    }
    at("facts");
    eq_int("loglevel", &a->loglevel, &b->loglevel);

    at("facts.session");
    eq_state("st", a->session.st, b->session.st);
    eq_bool("elevated", &a->session.elevated, &b->session.elevated);
    eq_bool("system", &a->session.system, &b->session.system);
    eq_bool("domain_joined", &a->session.domain_joined, &b->session.domain_joined);
    eq_bool("dc_reachable", &a->session.dc_reachable, &b->session.dc_reachable);
    eq_bool("runas", &a->session.runas, &b->session.runas);
    eq_bool("remote", &a->session.remote, &b->session.remote);
    eq_time("boot_time", &a->session.boot_time, &b->session.boot_time);

    at("facts.templates");
    eq_state("st", a->templates_st, b->templates_st);
    eq_size("n", a->ntemplates, b->ntemplates);
    for (size_t i = 0; i < a->ntemplates; i++) {
        const struct tmpl *x = &a->templates[i], *y = &b->templates[i];
        at("facts.templates[%zu]", i);
        eq_str("name", &x->name, &y->name);
        eq_str("display_name", &x->display_name, &y->display_name);
        eq_str("oid", &x->oid, &y->oid);
        eq_int("schema_version", &x->schema_version, &y->schema_version);
        eq_str("sddl", &x->sddl, &y->sddl);
        if ((x->sd == NULL) != (y->sd == NULL))
            DIFF("sd: parsed in one only");
        eq_bool("requires_email", &x->requires_email, &y->requires_email);
        eq_bool("autoenroll_flag", &x->autoenroll_flag, &y->autoenroll_flag);
        eq_list("issuance_policies", &x->issuance_policies, &y->issuance_policies);
        eq_list("valid_issuance_policies", &x->valid_issuance_policies,
                &y->valid_issuance_policies);
        eq_list("providers", &x->providers, &y->providers);
        eq_int("private_key_flags", &x->private_key_flags, &y->private_key_flags);
    }

    at("facts.cas");
    eq_state("st", a->cas_st, b->cas_st);
    eq_size("n", a->ncas, b->ncas);
    for (size_t i = 0; i < a->ncas; i++) {
        const struct ca *x = &a->cas[i], *y = &b->cas[i];
        at("facts.cas[%zu]", i);
        eq_str("name", &x->name, &y->name);
        eq_str("host", &x->host, &y->host);
        eq_str("config", &x->config, &y->config);
        eq_list("templates", &x->templates, &y->templates);
        eq_str("sddl", &x->sddl, &y->sddl);
        if ((x->sd == NULL) != (y->sd == NULL))
            DIFF("sd: parsed in one only");
        eq_bool("renew_on_behalf_of", &x->renew_on_behalf_of, &y->renew_on_behalf_of);
    }

    at("facts.ksp");
    eq_state("st", a->ksp_st, b->ksp_st);
    eq_size("n", a->nksp, b->nksp);
    for (size_t i = 0; i < a->nksp; i++) {
        at("facts.ksp[%zu]", i);
        eq_str("provider", &a->ksp[i].provider, &b->ksp[i].provider);
        eq_bool("ok", &a->ksp[i].ok, &b->ksp[i].ok);
        eq_code("error", &a->ksp[i].error, &b->ksp[i].error);
        eq_enum("context", a->ksp[i].ctx_st, (int)a->ksp[i].ctx, b->ksp[i].ctx_st,
                (int)b->ksp[i].ctx);
    }

    at("facts.ca_ping");
    eq_state("st", a->ca_ping_st, b->ca_ping_st);
    eq_size("n", a->nca_ping, b->nca_ping);
    for (size_t i = 0; i < a->nca_ping; i++) {
        at("facts.ca_ping[%zu]", i);
        eq_str("config", &a->ca_ping[i].config, &b->ca_ping[i].config);
        eq_bool("ok", &a->ca_ping[i].ok, &b->ca_ping[i].ok);
        eq_code("error", &a->ca_ping[i].error, &b->ca_ping[i].error);
        eq_str("ca_name", &a->ca_ping[i].ca_name, &b->ca_ping[i].ca_name);
        eq_str("account", &a->ca_ping[i].account, &b->ca_ping[i].account);
    }

    at("facts.enroll");
    eq_state("st", a->enroll_st, b->enroll_st);
    eq_size("n", a->nenroll, b->nenroll);
    for (size_t i = 0; i < a->nenroll; i++) {
        const struct enroll_result *x = &a->enroll[i], *y = &b->enroll[i];
        at("facts.enroll[%zu]", i);
        eq_str("template", &x->tmpl, &y->tmpl);
        eq_enum("context", x->ctx_st, (int)x->ctx, y->ctx_st, (int)y->ctx);
        eq_bool("ok", &x->ok, &y->ok);
        eq_code("error", &x->error, &y->error);
        eq_time("time", &x->time, &y->time);
    }

    eq_events("facts.events", &a->events, &b->events);
    eq_events("facts.ca_events", &a->ca_events, &b->ca_events);

    const struct ces *x = &a->ces, *y = &b->ces;
    at("facts.ces");
    eq_state("st", x->st, y->st);
    eq_str("url", &x->url, &y->url);
    eq_code("error", &x->error, &y->error);
    eq_code("inner_error", &x->inner_error, &y->inner_error);
    eq_bool("key_based_renewal", &x->key_based_renewal, &y->key_based_renewal);
    eq_events("facts.ces.events", &x->events, &y->events);
    at("facts.ces.server");
    eq_state("st", x->server_st, y->server_st);
    eq_enum("delegation", x->delegation_st, (int)x->delegation, y->delegation_st,
            (int)y->delegation);
    eq_list("delegate_to", &x->delegate_to, &y->delegate_to);
    eq_bool("impersonate_privilege", &x->impersonate_privilege, &y->impersonate_privilege);
    eq_bool("credential_guard", &x->credential_guard, &y->credential_guard);

    at("answers");
    eq_size("n", a->nanswers, b->nanswers);
    for (size_t i = 0; i < a->nanswers; i++) {
        eq_cstr("question", a->answers[i].question, b->answers[i].question);
        eq_cstr("choice", a->answers[i].choice, b->answers[i].choice);
    }
}

/* ---- helpers ---- */

/* F written as text (malloc'd, caller frees); fails the test on error. */
static char *write_text(const struct facts *f, const struct probe_notes *notes, size_t *len)
{
    FILE *fp = tmpfile();
    assert_non_null(fp);
    struct err e;
    err_clear(&e);
    if (bundle_write(f, notes, fp, &e) != 0)
        fail_msg("bundle_write failed: %s", e.key);
    long n = ftell(fp);
    assert_true(n > 0);
    rewind(fp);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    if (len)
        *len = (size_t)n;
    return buf;
}

static struct facts *parse_text(const char *name, const char *text, size_t len)
{
    struct facts *f = NULL;
    struct err e;
    err_clear(&e);
    if (bundle_parse(name, text, len, &f, &e) != 0) {
        const char *path = err_get(&e, "path");
        const char *value = err_get(&e, "value");
        fail_msg("%s: written text does not load: %s %s %s\n%s", name, e.key, path ? path : "",
                 value ? value : "", text);
    }
    return f;
}

/* load(F0) -> write -> load -> write: facts equal, texts equal. Returns the
 * reloaded facts (caller frees) and, if TEXT, the first written text. */
static struct facts *round_trip(const char *name, const struct facts *f0, char **text)
{
    size_t l1 = 0, l2 = 0;
    char *t1 = write_text(f0, NULL, &l1);
    struct facts *f1 = parse_text(name, t1, l1);
    facts_equal(f0, f1);
    char *t2 = write_text(f1, NULL, &l2);
    if (l1 != l2 || memcmp(t1, t2, l1) != 0)
        fail_msg("%s: second write differs\n--- first\n%s\n--- second\n%s", name, t1, t2);
    free(t2);
    if (text)
        *text = t1;
    else
        free(t1);
    return f1;
}

/* tu_each_bundle()'s callback: PATH survives a round trip. */
static void round_trip_file(const char *path, void *ud)
{
    (void)ud;
    struct facts *f0 = NULL;
    struct err e;
    err_clear(&e);
    if (bundle_load(path, &f0, &e) != 0)
        fail_msg("%s does not load: %s", path, e.key);
    struct facts *f1 = round_trip(path, f0, NULL);
    facts_free(f1);
    facts_free(f0);
}

static size_t round_trip_dir(const char *dir)
{
    return tu_each_bundle(dir, round_trip_file, NULL);
}

static struct opt_str S(struct facts *f, const char *s)
{
    struct opt_str r = {F_SET, arena_strdup(&f->arena, s)};
    assert_non_null(r.v);
    return r;
}

static struct str_list L2(struct facts *f, const char *a, const char *b)
{
    struct str_list l = {F_SET, 2, arena_calloc(&f->arena, 2, sizeof(char *))};
    assert_non_null(l.v);
    l.v[0] = arena_strdup(&f->arena, a);
    l.v[1] = arena_strdup(&f->arena, b);
    return l;
}

#define B_(v) ((struct opt_bool){F_SET, (v)})
#define I_(v) ((struct opt_int){F_SET, (v)})
#define C_(v) ((struct opt_code){F_SET, (v)})
#define T_(v) ((struct opt_time){F_SET, (v)})

static const char *const TSDDL =
    "O:EAG:EAD:PAI(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;DU)"
    "(OA;;CR;a05b8cc2-17bc-4802-a710-e7c15ab866a2;;DU)(A;;LCRPLORC;;;AU)";
static const char *const CSDDL =
    "O:BAG:DUD:PAI(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;AU)(A;;LCRPLORC;;;AU)";

static void *alloc_n(struct facts *f, size_t n, size_t size)
{
    void *p = arena_calloc(&f->arena, n, size);
    assert_non_null(p);
    return p;
}

static void fill_event(struct facts *f, struct event *ev, size_t i, enum ev_level lvl)
{
    ev->time = T_(1795162500 + (int64_t)i);
    ev->provider = S(f, "Microsoft-Windows-CertificateServicesClient-AutoEnrollment");
    ev->id = I_(6 + (int64_t)i);
    ev->level_st = F_SET;
    ev->level = lvl;
    ev->message = S(f, "Automatic certificate enrollment failed: 0x800706ba (WIN32: 1722)");
    ev->sid = S(f, "S-1-5-21-1-2-3-1104");
    ev->order = i;
}

/* A facts object with every field set (nothing absent, nothing null). */
static struct facts *full_facts(void)
{
    struct facts *f = facts_new();
    assert_non_null(f);
    f->meta.host = S(f, "PC0042");
    f->meta.collected_at = T_(1795162500);
    f->meta.os = S(f, "Windows 11 Enterprise 23H2");
    f->meta.tool = S(f, "enrolldoc 1.2.3");
    f->meta.lang = S(f, "de");
    f->meta.title = S(f, "Everything set");
    f->meta.description = S(f, "Line one.\nLine two with \"quotes\" and a tab\t.");
    f->ctx_st = F_SET;
    f->ctx = CTX_MACHINE;
    f->tmpl = S(f, "ContosoUser");
    for (int c = 0; c < CTX_COUNT; c++) {
        f->aepolicy[c] = I_(c == 0 ? 7 : 0xFFFFFFFFLL);
        f->certs[c].st = F_SET;
        f->certs[c].n = 2;
        f->certs[c].v = alloc_n(f, 2, sizeof(struct cert));
        for (size_t i = 0; i < 2; i++) {
            struct cert *ct = &f->certs[c].v[i];
            ct->thumbprint = S(f, i ? "00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff" : "ABCDEF0123");
            ct->subject = S(f, "CN=Alice, O=Contoso");
            ct->issuer = S(f, "CN=Contoso Issuing CA 1");
            ct->not_before = T_(1700000000);
            ct->not_after = T_(4102444800); /* 2100-01-01 */
            ct->template_name = S(f, "ContosoUser");
            ct->template_oid = S(f, "1.3.6.1.4.1.311.21.8.1.2.3");
            ct->archived = B_(i == 1);
            ct->has_private_key = B_(i == 0);
        }
        struct task *t = &f->tasks[c];
        t->st = F_SET;
        t->exists = B_(true);
        t->enabled = B_(c == 0);
        t->state_st = F_SET;
        t->state = c == 0 ? TASK_RUNNING : TASK_DISABLED;
        t->last_run = T_(1795160000);
        t->last_result = C_(0x800706BA);
        t->running_since = T_(1795161000);
        struct identity *id = &f->identity[c];
        id->st = F_SET;
        id->name = S(f, c == 0 ? "CONTOSO\\alice" : "CONTOSO\\PC0042$");
        id->sid = S(f, "S-1-5-21-1-2-3-1104");
        id->token_groups = L2(f, "S-1-1-0", "S-1-5-11");
        id->directory_groups = L2(f, "S-1-5-21-1-2-3-513", "S-1-5-21-1-2-3-1200");
        id->not_delegated = B_(c == 1);
        id->mail = S(f, "alice@contoso.com");
        id->membership_added.st = F_SET;
        id->membership_added.n = 2;
        id->membership_added.v = alloc_n(f, 2, sizeof(struct sid_time));
        id->membership_added.v[0] = (struct sid_time){"S-1-5-21-1-2-3-1200", 1795150000};
        id->membership_added.v[1] = (struct sid_time){"S-1-5-21-1-2-3-513", 1700000000};
        id->membership_source.st = F_SET;
        id->membership_source.n = 2;
        id->membership_source.v = alloc_n(f, 2, sizeof(struct sid_source));
        id->membership_source.v[0] = (struct sid_source){"S-1-5-21-1-2-3-1200", MSRC_WHEN_CHANGED};
        id->membership_source.v[1] = (struct sid_source){"S-1-5-21-1-2-3-513", MSRC_VALUE_METADATA};
        if (c == 0)
            id->logon_time = T_(1795140000);
    }
    f->loglevel = I_(4);
    f->session.st = F_SET;
    f->session.elevated = B_(true);
    f->session.system = B_(false);
    f->session.domain_joined = B_(true);
    f->session.dc_reachable = B_(false);
    f->session.runas = B_(true);
    f->session.remote = B_(true);
    f->session.boot_time = T_(1795100000);

    struct err e;
    err_clear(&e);
    f->templates_st = F_SET;
    f->ntemplates = 1;
    f->templates = alloc_n(f, 1, sizeof(struct tmpl));
    struct tmpl *tp = &f->templates[0];
    tp->name = S(f, "ContosoUser");
    tp->display_name = S(f, "Contoso User");
    tp->oid = S(f, "1.3.6.1.4.1.311.21.8.1.2.3");
    tp->schema_version = I_(4);
    tp->sddl = S(f, TSDDL);
    assert_int_equal(sddl_parse(&f->arena, tp->sddl.v, &tp->sd, &e), 0);
    tp->requires_email = B_(true);
    tp->autoenroll_flag = B_(false);
    tp->issuance_policies = L2(f, "1.3.6.1.4.1.311.21.8.9.1", "1.3.6.1.4.1.311.21.8.9.2");
    tp->valid_issuance_policies = L2(f, "1.3.6.1.4.1.311.21.8.9.1", "2.5.29.32.0");
    tp->providers = L2(f, "Microsoft Platform Crypto Provider",
                       "Microsoft Software Key Storage Provider");
    tp->private_key_flags = I_(0x01010000);

    f->cas_st = F_SET;
    f->ncas = 1;
    f->cas = alloc_n(f, 1, sizeof(struct ca));
    f->cas[0].name = S(f, "Contoso Issuing CA 1");
    f->cas[0].host = S(f, "ca1.contoso.com");
    f->cas[0].config = S(f, "ca1.contoso.com\\Contoso Issuing CA 1");
    f->cas[0].templates = L2(f, "ContosoUser", "Machine");
    f->cas[0].sddl = S(f, CSDDL);
    assert_int_equal(sddl_parse(&f->arena, f->cas[0].sddl.v, &f->cas[0].sd, &e), 0);
    f->cas[0].renew_on_behalf_of = B_(true);

    f->ksp_st = F_SET;
    f->nksp = 1;
    f->ksp = alloc_n(f, 1, sizeof(struct ksp_test));
    f->ksp[0].provider = S(f, "Microsoft Software Key Storage Provider");
    f->ksp[0].ok = B_(false);
    f->ksp[0].error = C_(0x80090016);
    f->ksp[0].ctx_st = F_SET;
    f->ksp[0].ctx = CTX_MACHINE;

    f->ca_ping_st = F_SET;
    f->nca_ping = 1;
    f->ca_ping = alloc_n(f, 1, sizeof(struct ca_ping));
    f->ca_ping[0].config = S(f, "ca1.contoso.com\\Contoso Issuing CA 1");
    f->ca_ping[0].ok = B_(false);
    f->ca_ping[0].error = C_(0);
    f->ca_ping[0].ca_name = S(f, "Contoso Issuing CA 1");
    f->ca_ping[0].account = S(f, "NT AUTHORITY\\SYSTEM");

    f->enroll_st = F_SET;
    f->nenroll = 2;
    f->enroll = alloc_n(f, 2, sizeof(struct enroll_result));
    for (size_t i = 0; i < 2; i++) {
        f->enroll[i].tmpl = S(f, "ContosoUser");
        f->enroll[i].ctx_st = F_SET;
        f->enroll[i].ctx = i ? CTX_MACHINE : CTX_USER;
        f->enroll[i].ok = B_(i == 0);
        f->enroll[i].error = C_(0x80094012);
        f->enroll[i].time = T_(1795162000);
    }

    static const enum ev_level lv[] = {EV_ERROR, EV_WARNING, EV_INFORMATION, EV_OTHER};
    struct event_list *lists[] = {&f->events, &f->ca_events, &f->ces.events};
    for (size_t k = 0; k < 3; k++) {
        lists[k]->st = F_SET;
        lists[k]->n = 4;
        lists[k]->v = alloc_n(f, 4, sizeof(struct event));
        for (size_t i = 0; i < 4; i++)
            fill_event(f, &lists[k]->v[i], i, lv[i]);
    }

    f->ces.st = F_SET;
    f->ces.url = S(f, "https://ces.contoso.com/Contoso%20Issuing%20CA%201_CES_Kerberos/service.svc/CES");
    f->ces.error = C_(0x803D0013);
    f->ces.inner_error = C_(0x80094800);
    f->ces.key_based_renewal = B_(true);
    f->ces.server_st = F_SET;
    f->ces.delegation_st = F_SET;
    f->ces.delegation = DELEG_CONSTRAINED;
    f->ces.delegate_to = L2(f, "HOST/ca1.contoso.com", "rpcss/ca1.contoso.com");
    f->ces.impersonate_privilege = B_(false);
    f->ces.credential_guard = B_(true);

    f->nanswers = 2;
    f->answers = alloc_n(f, 2, sizeof(struct answer));
    f->answers[0].question = arena_strdup(&f->arena, "q.context");
    f->answers[0].choice = arena_strdup(&f->arena, "user");
    f->answers[1].question = arena_strdup(&f->arena, "q.ces");
    f->answers[1].choice = arena_strdup(&f->arena, "yes");
    return f;
}

static const struct opt_str NS = {F_NULL, NULL};
static const struct opt_bool NB = {F_NULL, false};
static const struct opt_int NI = {F_NULL, 0};
static const struct opt_code NC = {F_NULL, 0};
static const struct opt_time NT = {F_NULL, 0};
static const struct str_list NL = {F_NULL, 0, NULL};

/* Every leaf null: objects and array elements exist, every value in them
 * and every list is null. meta.tool stays absent (see meta_tool_null). */
static struct facts *null_facts(void)
{
    struct facts *f = facts_new();
    assert_non_null(f);
    f->meta.host = f->meta.os = f->meta.lang = f->meta.title = f->meta.description = NS;
    f->meta.collected_at = NT;
    f->ctx_st = F_NULL;
    f->tmpl = NS;
    for (int c = 0; c < CTX_COUNT; c++) {
        f->aepolicy[c] = NI;
        f->certs[c].st = F_SET;
        f->certs[c].n = 1;
        f->certs[c].v = alloc_n(f, 1, sizeof(struct cert));
        struct cert *ct = &f->certs[c].v[0];
        ct->thumbprint = ct->subject = ct->issuer = ct->template_name = ct->template_oid = NS;
        ct->not_before = ct->not_after = NT;
        ct->archived = ct->has_private_key = NB;
        struct task *t = &f->tasks[c];
        t->st = F_SET;
        t->exists = t->enabled = NB;
        t->state_st = F_NULL;
        t->last_run = t->running_since = NT;
        t->last_result = NC;
        struct identity *id = &f->identity[c];
        id->st = F_SET;
        id->name = id->sid = id->mail = NS;
        id->token_groups = id->directory_groups = NL;
        id->not_delegated = NB;
        id->membership_added.st = F_SET;   /* null is read back as an empty object */
        if (c == 0)
            id->logon_time = NT;
    }
    f->loglevel = NI;
    f->session.st = F_SET;
    f->session.elevated = f->session.system = f->session.domain_joined = NB;
    f->session.dc_reachable = f->session.runas = f->session.remote = NB;
    f->session.boot_time = NT;
    f->templates_st = F_SET;
    f->ntemplates = 1;
    f->templates = alloc_n(f, 1, sizeof(struct tmpl));
    struct tmpl *tp = &f->templates[0];
    tp->name = tp->display_name = tp->oid = tp->sddl = NS;
    tp->schema_version = NI;
    tp->requires_email = tp->autoenroll_flag = NB;
    tp->issuance_policies = tp->valid_issuance_policies = tp->providers = NL;
    tp->private_key_flags = NI;
    f->cas_st = F_SET;
    f->ncas = 1;
    f->cas = alloc_n(f, 1, sizeof(struct ca));
    f->cas[0].name = f->cas[0].host = f->cas[0].config = f->cas[0].sddl = NS;
    f->cas[0].templates = NL;
    f->cas[0].renew_on_behalf_of = NB;
    f->ksp_st = F_SET;
    f->nksp = 1;
    f->ksp = alloc_n(f, 1, sizeof(struct ksp_test));
    f->ksp[0].provider = NS;
    f->ksp[0].ok = NB;
    f->ksp[0].error = NC;
    f->ksp[0].ctx_st = F_NULL;
    f->ca_ping_st = F_SET;
    f->nca_ping = 1;
    f->ca_ping = alloc_n(f, 1, sizeof(struct ca_ping));
    f->ca_ping[0].config = f->ca_ping[0].ca_name = f->ca_ping[0].account = NS;
    f->ca_ping[0].ok = NB;
    f->ca_ping[0].error = NC;
    f->enroll_st = F_SET;
    f->nenroll = 1;
    f->enroll = alloc_n(f, 1, sizeof(struct enroll_result));
    f->enroll[0].tmpl = NS;
    f->enroll[0].ctx_st = F_NULL;
    f->enroll[0].ctx = CTX_NONE;
    f->enroll[0].ok = NB;
    f->enroll[0].error = NC;
    f->enroll[0].time = NT;
    struct event_list *lists[] = {&f->events, &f->ca_events, &f->ces.events};
    for (size_t k = 0; k < 3; k++) {
        lists[k]->st = F_SET;
        lists[k]->n = 1;
        lists[k]->v = alloc_n(f, 1, sizeof(struct event));
        struct event *ev = &lists[k]->v[0];
        ev->time = NT;
        ev->provider = ev->message = ev->sid = NS;
        ev->id = NI;
        ev->level_st = F_NULL;
    }
    f->ces.st = F_SET;
    f->ces.url = NS;
    f->ces.error = f->ces.inner_error = NC;
    f->ces.key_based_renewal = NB;
    f->ces.server_st = F_SET;
    f->ces.delegation_st = F_NULL;
    f->ces.delegate_to = NL;
    f->ces.impersonate_privilege = f->ces.credential_guard = NB;
    return f;
}

/* The loader reads a null list as an empty list (bundle.c rd_str_list). */
static void null_lists_to_empty(struct facts *f)
{
    struct str_list *l[] = {&f->identity[0].token_groups,      &f->identity[0].directory_groups,
                            &f->identity[1].token_groups,      &f->identity[1].directory_groups,
                            &f->templates[0].issuance_policies, &f->templates[0].valid_issuance_policies,
                            &f->cas[0].templates,               &f->ces.delegate_to,
                            &f->templates[0].providers};
    for (size_t i = 0; i < sizeof(l) / sizeof(l[0]); i++) {
        assert_int_equal(l[i]->st, F_NULL);
        l[i]->st = F_SET;
        l[i]->n = 0;
    }
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ---- tests ---- */

static void round_trip_every_bundle(void **state)
{
    (void)state;
    size_t shared = round_trip_dir(SHARED_DIR "/scenarios");
    size_t own = round_trip_dir(TESTS_DIR "/scenarios");
    assert_true(shared >= 6);
    assert_true(own >= 10);

    struct facts *f0 = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(bundle_load(SOURCE_DIR "/checks/demo.json", &f0, &e), 0);
    char *text = NULL;
    struct facts *f1 = round_trip("demo.json", f0, &text);
    /* the demo's tool object comes back as an object */
    assert_non_null(strstr(text, "\"tool\": {\n      \"name\": \"enrolldoc\",\n      \"version\": "
                                 "\"training\"\n    }"));
    free(text);
    facts_free(f1);
    facts_free(f0);

    /* the embedded copy too */
    assert_int_equal(bundle_demo(&f0, &e), 0);
    f1 = round_trip("demo", f0, NULL);
    facts_free(f1);
    facts_free(f0);
}

static void every_field_set(void **state)
{
    (void)state;
    struct facts *f0 = full_facts();
    char *text = NULL;
    struct facts *f1 = round_trip("full", f0, &text);
    /* spot checks of the spec forms */
    assert_non_null(strstr(text, "\"collected_at\": \"2026-11-20T08:15:00Z\""));
    assert_non_null(strstr(text, "\"last_result\": \"0x800706BA\""));
    assert_non_null(strstr(text, "\"error\": \"0x00000000\""));
    assert_non_null(strstr(text, "\"machine\": 4294967295"));
    assert_non_null(strstr(text, "\"state\": \"running\""));
    assert_non_null(strstr(text, "\"state\": \"disabled\""));
    assert_non_null(strstr(text, "\"delegation\": \"constrained\""));
    assert_non_null(strstr(text, "\"context\": \"machine\""));
    assert_non_null(strstr(text, "\"level\": \"verbose\""));
    assert_non_null(strstr(text, "\"sddl\": \"O:EAG:EAD:PAI("));
    assert_non_null(strstr(text, "\"q.ces\": \"yes\""));
    assert_null(strstr(text, "null"));
    assert_null(strstr(text, "probe_notes"));
    const char *head = "{\n  \"format\": \"enrolldoc-bundle/1\",\n  \"meta\": {";
    assert_true(strncmp(text, head, strlen(head)) == 0);
    assert_non_null(f1->templates[0].sd);
    assert_non_null(f1->cas[0].sd);
    free(text);
    facts_free(f1);
    facts_free(f0);
}

static void every_leaf_null(void **state)
{
    (void)state;
    struct facts *f0 = null_facts();
    size_t len = 0;
    char *text = write_text(f0, NULL, &len);
    struct facts *f1 = parse_text("null", text, len);
    /* documented loss: null lists come back as empty lists */
    null_lists_to_empty(f0);
    facts_equal(f0, f1);
    assert_null(strstr(text, "\"\""));
    assert_non_null(strstr(text, "\"context\": null"));
    assert_non_null(strstr(text, "\"token_groups\": null"));
    assert_non_null(strstr(text, "\"level\": null"));
    assert_non_null(strstr(text, "\"delegation\": null"));
    /* and from there on byte-stable */
    free(text);
    struct facts *f2 = round_trip("null2", f1, NULL);
    facts_free(f2);
    facts_free(f1);
    facts_free(f0);
}

static void null_objects(void **state)
{
    (void)state;
    struct facts *f0 = facts_new();
    assert_non_null(f0);
    f0->identity[CTX_USER].st = F_NULL;
    f0->session.st = F_NULL;
    f0->ces.st = F_NULL;
    f0->tasks[CTX_MACHINE].st = F_NULL;
    f0->templates_st = F_NULL;
    f0->events.st = F_NULL;
    f0->certs[CTX_USER].st = F_NULL;
    size_t len = 0;
    char *text = write_text(f0, NULL, &len);
    assert_non_null(strstr(text, "\"session\": null"));
    assert_non_null(strstr(text, "\"ces\": null"));
    assert_non_null(strstr(text, "\"machine\": null"));
    assert_non_null(strstr(text, "\"templates\": null"));
    assert_null(strstr(text, "\"aepolicy\""));
    assert_null(strstr(text, "\"meta\""));
    struct facts *f1 = parse_text("nullobj", text, len);
    assert_int_equal(f1->identity[CTX_USER].st, F_NULL);
    assert_int_equal(f1->identity[CTX_MACHINE].st, F_ABSENT);
    assert_int_equal(f1->session.st, F_NULL);
    assert_int_equal(f1->ces.st, F_NULL);
    /* documented: a null task is "collected, does not exist" */
    assert_int_equal(f1->tasks[CTX_MACHINE].st, F_SET);
    assert_int_equal(f1->tasks[CTX_MACHINE].exists.st, F_SET);
    assert_false(f1->tasks[CTX_MACHINE].exists.v);
    assert_int_equal(f1->tasks[CTX_USER].st, F_ABSENT);
    /* documented: null arrays come back empty */
    assert_int_equal(f1->templates_st, F_SET);
    assert_int_equal(f1->ntemplates, 0);
    assert_int_equal(f1->events.st, F_SET);
    assert_int_equal(f1->certs[CTX_USER].st, F_SET);
    assert_int_equal(f1->certs[CTX_MACHINE].st, F_ABSENT);
    free(text);
    struct facts *f2 = round_trip("nullobj2", f1, NULL);
    facts_free(f2);
    facts_free(f1);
    facts_free(f0);
}

static void empty_facts(void **state)
{
    (void)state;
    struct facts *f0 = facts_new();
    assert_non_null(f0);
    char *text = NULL;
    struct facts *f1 = round_trip("empty", f0, &text);
    assert_string_equal(text, "{\n  \"format\": \"enrolldoc-bundle/1\",\n  \"facts\": {}\n}\n");
    assert_int_equal(f1->ctx, CTX_NONE);
    free(text);
    facts_free(f1);
    facts_free(f0);
}

static void codes_normalised(void **state)
{
    (void)state;
    struct facts *f0 = tu_bundle(
        "{\"format\":\"enrolldoc-bundle/1\",\"facts\":{"
        "\"tasks\":{\"user\":{\"last_result\":1722},\"machine\":{\"last_result\":-2147023174}},"
        "\"ksp\":[{\"error\":\"0x800706ba\"},{\"error\":\"0X80090016\"},{\"error\":0},"
        "{\"error\":5},{\"error\":4294967295}],"
        "\"ces\":{\"error\":\"803d0013\",\"inner_error\":\"1722\"}}}");
    char *text = NULL;
    struct facts *f1 = round_trip("codes", f0, &text);
    assert_int_equal(f1->tasks[CTX_USER].last_result.v, 0x800706BAu);
    assert_int_equal(count(text, "\"last_result\": \"0x800706BA\""), 2);
    assert_int_equal(count(text, "\"error\": \"0x800706BA\""), 1);
    assert_non_null(strstr(text, "\"error\": \"0x80090016\""));
    assert_non_null(strstr(text, "\"error\": \"0x00000000\""));
    assert_non_null(strstr(text, "\"error\": \"0x80070005\""));
    assert_non_null(strstr(text, "\"error\": \"0xFFFFFFFF\""));
    assert_non_null(strstr(text, "\"error\": \"0x803D0013\""));
    assert_non_null(strstr(text, "\"inner_error\": \"0x800706BA\""));
    free(text);
    facts_free(f1);
    facts_free(f0);
}

static void times_in_utc(void **state)
{
    (void)state;
    struct facts *f0 = tu_bundle(
        "{\"format\":\"enrolldoc-bundle/1\",\"meta\":{\"collected_at\":\"2026-11-20T09:15:00+01:00\"},"
        "\"facts\":{\"tasks\":{\"user\":{\"last_run\":null,\"running_since\":\"2026-11-20T07:58:02.123Z\"}},"
        "\"events\":[{\"time\":\"2026-11-19T23:30:00-02:00\"}]}}");
    char *text = NULL;
    struct facts *f1 = round_trip("times", f0, &text);
    assert_non_null(strstr(text, "\"collected_at\": \"2026-11-20T08:15:00Z\""));
    assert_non_null(strstr(text, "\"last_run\": null"));
    assert_non_null(strstr(text, "\"running_since\": \"2026-11-20T07:58:02Z\""));
    assert_non_null(strstr(text, "\"time\": \"2026-11-20T01:30:00Z\""));
    free(text);
    facts_free(f1);
    facts_free(f0);
}

static void non_ascii(void **state)
{
    (void)state;
    struct facts *f0 = tu_bundle(
        "{\"format\":\"enrolldoc-bundle/1\","
        "\"meta\":{\"title\":\"Zertifikat für Jürgen fehlt\",\"description\":\"Größe, Maß, ÄÖÜ äöü ß — ✓\"},"
        "\"template\":\"ContosoBenutzerÄ\",\"answers\":{\"q.grün\":\"ja, natürlich\"},"
        "\"facts\":{\"identity\":{\"user\":{\"name\":\"CONTOSO\\\\Jürgen\",\"mail\":\"jürgen@contoso.de\"}},"
        "\"certificates\":{\"user\":[{\"subject\":\"CN=Jürgen Müller, O=Größe GmbH\"}]},"
        "\"events\":[{\"message\":\"Für das Konto \\\"CONTOSO\\\\Jürgen\\\" ist ein Fehler aufgetreten: 0x800706ba\"}]}}");
    char *text = NULL;
    struct facts *f1 = round_trip("umlauts", f0, &text);
    assert_string_equal(f1->identity[CTX_USER].name.v, "CONTOSO\\Jürgen");
    assert_string_equal(f1->certs[CTX_USER].v[0].subject.v, "CN=Jürgen Müller, O=Größe GmbH");
    assert_string_equal(f1->meta.description.v, "Größe, Maß, ÄÖÜ äöü ß — ✓");
    assert_string_equal(f1->tmpl.v, "ContosoBenutzerÄ");
    assert_string_equal(facts_answer(f1, "q.grün"), "ja, natürlich");
    /* written as UTF-8, not as \u escapes */
    assert_non_null(strstr(text, "\"name\": \"CONTOSO\\\\Jürgen\""));
    assert_non_null(strstr(text, "Größe GmbH"));
    assert_null(strstr(text, "\\u00"));
    free(text);
    facts_free(f1);
    facts_free(f0);
}

/* Invalid UTF-8 from a probe (Latin-1 text) would make the bundle
 * unloadable; the writer replaces each bad byte with U+FFFD. */
static void invalid_utf8(void **state)
{
    (void)state;
    struct facts *f0 = facts_new();
    assert_non_null(f0);
    f0->meta.title = S(f0, "Gr\xF6\xDF" "e");                    /* Latin-1 "Größe" */
    f0->tmpl = S(f0, "ok \xC3\xA4 \xE0\x80\xAF \xED\xA0\x80 \xC3"); /* valid, overlong, surrogate, cut */
    f0->ces.st = F_SET;
    f0->ces.server_st = F_SET;
    f0->ces.delegate_to = L2(f0, "HOST/ca1", "x\xFFy");
    f0->nanswers = 1;
    f0->answers = alloc_n(f0, 1, sizeof(struct answer));
    f0->answers[0].question = arena_strdup(&f0->arena, "q.\x80");
    f0->answers[0].choice = arena_strdup(&f0->arena, "j\xE4");
    size_t len = 0;
    char *text = write_text(f0, NULL, &len);
    struct facts *f1 = parse_text("utf8", text, len);
    assert_string_equal(f1->meta.title.v, "Gr\xEF\xBF\xBD\xEF\xBF\xBD" "e");
    assert_string_equal(f1->tmpl.v, "ok \xC3\xA4 \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
                                    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD");
    assert_string_equal(f1->ces.delegate_to.v[1], "x\xEF\xBF\xBDy");
    assert_string_equal(facts_answer(f1, "q.\xEF\xBF\xBD"), "j\xEF\xBF\xBD");
    free(text);
    /* from there on it round-trips */
    struct facts *f2 = round_trip("utf8-2", f1, NULL);
    facts_free(f2);
    facts_free(f1);
    facts_free(f0);
}

static void event_levels(void **state)
{
    (void)state;
    struct facts *f0 = tu_bundle(
        "{\"format\":\"enrolldoc-bundle/1\",\"facts\":{\"events\":["
        "{\"level\":\"error\"},{\"level\":\"warning\"},{\"level\":\"information\"},"
        "{\"level\":\"critical\"},{\"level\":\"verbose\"},{\"level\":null},{\"id\":1}]}}");
    char *text = NULL;
    struct facts *f1 = round_trip("levels", f0, &text);
    /* lossy by design: "critical" is loaded as EV_ERROR and written "error" */
    assert_int_equal(count(text, "\"level\": \"error\""), 2);
    assert_int_equal(count(text, "\"level\": \"critical\""), 0);
    assert_int_equal(count(text, "\"level\": \"verbose\""), 1);
    assert_int_equal(count(text, "\"level\": \"warning\""), 1);
    assert_int_equal(count(text, "\"level\": \"information\""), 1);
    assert_int_equal(count(text, "\"level\": null"), 1);
    assert_int_equal(f1->events.v[4].level, EV_OTHER);
    assert_int_equal(f1->events.v[6].level_st, F_ABSENT);
    free(text);
    facts_free(f1);
    facts_free(f0);
}

/* Every enum value survives: task states, delegations, contexts, levels. */
static void enum_values(void **state)
{
    (void)state;
    static const char *const states[] = {"ready", "running", "queued", "disabled", "unknown"};
    static const char *const delegs[] = {"none", "constrained", "unconstrained"};
    for (int i = 0; i < 5; i++) {
        struct facts *f0 = full_facts();
        f0->tasks[CTX_USER].state = (enum task_state)i;
        f0->ces.delegation = (enum delegation)(i % 3);
        f0->ctx = (enum ctx)(i % 2);
        f0->events.v[0].level = (enum ev_level)(i % 4);
        char *text = NULL;
        struct facts *f1 = round_trip(states[i], f0, &text);
        char want[64];
        snprintf(want, sizeof(want), "\"state\": \"%s\"", states[i]);
        assert_non_null(strstr(text, want));
        snprintf(want, sizeof(want), "\"delegation\": \"%s\"", delegs[i % 3]);
        assert_non_null(strstr(text, want));
        assert_int_equal(f1->tasks[CTX_USER].state, i);
        assert_int_equal(f1->ces.delegation, i % 3);
        assert_int_equal(f1->ctx, i % 2);
        assert_int_equal(f1->events.v[0].level, i % 4);
        free(text);
        facts_free(f1);
        facts_free(f0);
    }
}

static void tool_forms(void **state)
{
    (void)state;
    /* absent stays absent; stamping sets our own name */
    struct facts *f = facts_new();
    assert_non_null(f);
    char *text = write_text(f, NULL, NULL);
    assert_null(strstr(text, "\"tool\""));
    free(text);
    assert_int_equal(bundle_stamp_tool(f), 0);
    assert_string_equal(f->meta.tool.v, "enrolldoc " ENROLLDOC_VERSION);
    char *t2 = NULL;
    struct facts *f1 = round_trip("stamped", f, &t2);
    assert_non_null(strstr(t2, "\"name\": \"enrolldoc\""));
    assert_non_null(strstr(t2, "\"version\": \"" ENROLLDOC_VERSION "\""));
    free(t2);
    facts_free(f1);
    /* stamping keeps what is there */
    f->meta.tool = S(f, "collector.ps1");
    assert_int_equal(bundle_stamp_tool(f), 0);
    assert_string_equal(f->meta.tool.v, "collector.ps1");

    /* strings of every shape come back unchanged */
    char longer[300];
    memset(longer, 'x', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    longer[10] = ' ';
    const char *forms[] = {"collector.ps1", "Windows PowerShell 5.1", "x ", " x", "", "a  b",
                           longer};
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        f->meta.tool = S(f, forms[i]);
        f1 = round_trip(forms[i], f, &t2);
        if (i == 1)
            assert_non_null(strstr(t2, "\"name\": \"Windows PowerShell\",\n      \"version\": \"5.1\""));
        if (i == 6)
            assert_non_null(strstr(t2, "\"tool\": \"xxxxxxxxxx xxx"));
        free(t2);
        facts_free(f1);
    }
    facts_free(f);
}

/* Loader bug (reported): bundle.c rd_meta ignores "tool": null, so the
 * field comes back absent instead of null. Skipped while the loader has it. */
static void meta_tool_null(void **state)
{
    (void)state;
    struct facts *f = facts_new();
    assert_non_null(f);
    f->meta.tool = NS;
    size_t len = 0;
    char *text = write_text(f, NULL, &len);
    assert_non_null(strstr(text, "\"tool\": null"));
    struct facts *f1 = parse_text("toolnull", text, len);
    enum fstate got = f1->meta.tool.st;
    free(text);
    facts_free(f1);
    facts_free(f);
    assert_int_equal(got, F_NULL);
}

static void probe_notes_written(void **state)
{
    (void)state;
    struct facts *f0 = tu_bundle("{\"format\":\"enrolldoc-bundle/1\",\"facts\":{\"loglevel\":null}}");
    struct probe_notes notes;
    memset(&notes, 0, sizeof(notes));
    notes.n = 3;
    notes.v[0].group = PROBE_EVENTS;
    snprintf(notes.v[0].reason, sizeof(notes.v[0].reason), "EvtQuery: not implemented (Wine)");
    notes.v[1].group = PROBE_KSP;
    snprintf(notes.v[1].reason, sizeof(notes.v[1].reason), "access denied \"machine\" Jürgen");
    notes.v[2].group = PROBE_EVENTS; /* a second note for a group: the first wins */
    snprintf(notes.v[2].reason, sizeof(notes.v[2].reason), "second");
    size_t k = strlen(notes.v[1].reason); /* make it unterminated */
    memset(notes.v[1].reason + k, 'r', sizeof(notes.v[1].reason) - k);
    size_t len = 0;
    char *text = write_text(f0, &notes, &len);
    assert_non_null(strstr(text, "\"probe_notes\": {\n    \"events\": \"EvtQuery: not implemented (Wine)\""));
    assert_non_null(strstr(text, "\"ksp\": \"access denied \\\"machine\\\" Jürgen"));
    assert_int_equal(count(text, "\"events\":"), 1);
    assert_non_null(strstr(text, "Jürgenrrrr"));
    assert_null(strstr(text, "second"));
    /* readers ignore the extension */
    struct facts *f1 = parse_text("notes", text, len);
    facts_equal(f0, f1);
    free(text);
    facts_free(f1);

    /* no notes, no key */
    notes.n = 0;
    text = write_text(f0, &notes, NULL);
    assert_null(strstr(text, "probe_notes"));
    free(text);
    facts_free(f0);
}

static void failing_stream(void **state)
{
    (void)state;
    struct facts *f = full_facts();
    /* a stream opened for reading only: every write fails */
    char path[] = "bwrite-ro.tmp";
    FILE *w = fopen(path, "wb");
    assert_non_null(w);
    fclose(w);
    FILE *ro = fopen(path, "rb");
    assert_non_null(ro);
    struct err e;
    err_clear(&e);
    assert_int_equal(bundle_write(f, NULL, ro, &e), -1);
    assert_string_equal(e.key, "error.write");
    fclose(ro);
    remove(path);

    /* a full device: the failure shows when the buffer is flushed */
    FILE *full = fopen("/dev/full", "wb");
    if (full) {
        err_clear(&e);
        assert_int_equal(bundle_write(f, NULL, full, &e), -1);
        assert_string_equal(e.key, "error.write");
        fclose(full);
    }
    facts_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_every_bundle),
        cmocka_unit_test(every_field_set),
        cmocka_unit_test(every_leaf_null),
        cmocka_unit_test(null_objects),
        cmocka_unit_test(empty_facts),
        cmocka_unit_test(codes_normalised),
        cmocka_unit_test(times_in_utc),
        cmocka_unit_test(non_ascii),
        cmocka_unit_test(invalid_utf8),
        cmocka_unit_test(event_levels),
        cmocka_unit_test(enum_values),
        cmocka_unit_test(tool_forms),
        cmocka_unit_test(meta_tool_null),
        cmocka_unit_test(probe_notes_written),
        cmocka_unit_test(failing_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
