/* candidates.c: the templates an operator most likely means (candidates.h).
 * The rights are evaluated as checks/perm_template.c does: the account's
 * SIDs (account_sids, checks.h) against the template's parsed SDDL with
 * sddl_extended_right, deny first. */
#include "candidates.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checks.h"
#include "sddl.h"
#include "util.h"

#define NAME_MAX_LEN 64

/* The first place NEEDLE occurs in HAY, ignoring ASCII case, or NULL. */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (ascii_ncasecmp(p, needle, n) == 0)
            return p;
    return NULL;
}

/* The length of the template name at P (up to a blank, bracket, comma,
 * quote; without a trailing full stop or colon). */
static size_t name_len(const char *p)
{
    size_t n = 0;
    while (p[n] && !strchr(" \t\r\n(),;\"'", p[n]) && n < NAME_MAX_LEN + 1)
        n++;
    while (n > 0 && (p[n - 1] == '.' || p[n - 1] == ':'))
        n--;
    return n <= NAME_MAX_LEN ? n : 0;
}

const char *candidates_event_template(const char *message, struct arena *a)
{
    if (!message)
        return NULL;
    /* "Failed to enroll for template: NAME", "... der Vorlage NAME ..." */
    static const char *const before[] = {"template: ", "Vorlage "};
    for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++) {
        const char *p = find_ci(message, before[i]);
        if (!p)
            continue;
        p += strlen(before[i]);
        size_t n = name_len(p);
        if (n)
            return arena_strndup(a, p, n);
    }
    /* "... failed to enroll for one NAME certificate ..." */
    for (const char *p = find_ci(message, "one "); p; p = find_ci(p + 1, "one ")) {
        const char *q = p + 4;
        size_t n = name_len(q);
        if (n && ascii_startswith_ci(q + n, " certificate"))
            return arena_strndup(a, q, n);
    }
    return NULL;
}

const char *candidates_why_name(unsigned why)
{
    switch (why) {
    case CAND_STORE: return "store";
    case CAND_ENROLL: return "enroll";
    case CAND_EVENTS: return "events";
    case CAND_PUBLISHED: return "published";
    case CAND_AUTOENROLL: return "autoenroll";
    default: return NULL;
    }
}

struct collect {
    struct arena *a;
    struct candidate *v;
    size_t n, cap;
};

/* Marks NAME with WHY, adding it when it is new. Returns -1 when out of memory. */
static int mark(struct collect *c, const char *name, unsigned why)
{
    for (size_t i = 0; i < c->n; i++)
        if (ascii_casecmp(c->v[i].name, name) == 0) {
            c->v[i].why |= why;
            return 0;
        }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        struct candidate *nv = arena_calloc(c->a, cap, sizeof(*nv));
        if (!nv)
            return -1;
        if (c->n)
            memcpy(nv, c->v, c->n * sizeof(*nv));
        c->v = nv;
        c->cap = cap;
    }
    c->v[c->n++] = (struct candidate){name, why};
    return 0;
}

/* The template of F called NAME by its name or display name, else NULL. */
static const struct tmpl *by_name(const struct facts *f, const char *name)
{
    const struct tmpl *t = facts_template(f, name);
    for (size_t i = 0; !t && f->templates_st == F_SET && i < f->ntemplates; i++)
        if (f->templates[i].name.st == F_SET && f->templates[i].display_name.st == F_SET &&
            ascii_casecmp(f->templates[i].display_name.v, name) == 0)
            t = &f->templates[i];
    return t && t->name.st == F_SET ? t : NULL;
}

static const struct tmpl *by_oid(const struct facts *f, const char *oid)
{
    for (size_t i = 0; f->templates_st == F_SET && i < f->ntemplates; i++)
        if (f->templates[i].name.st == F_SET && f->templates[i].oid.st == F_SET &&
            strcmp(f->templates[i].oid.v, oid) == 0)
            return &f->templates[i];
    return NULL;
}

static int add_rights(struct collect *c, const struct facts *f, enum ctx ctx)
{
    if ((ctx != CTX_USER && ctx != CTX_MACHINE) || f->templates_st != F_SET)
        return 0;
    struct eval ev = {.f = f, .ctx = ctx};
    const char **sids;
    size_t nsids = account_sids(&ev, c->a, false, &sids);
    const struct identity *id = eval_identity(&ev);
    if (nsids == 0 || !id)
        return 0;
    const char *domain = id->sid.st == F_SET ? sid_domain(id->sid.v, c->a) : NULL;
    for (size_t i = 0; i < f->ntemplates; i++) {
        const struct tmpl *t = &f->templates[i];
        if (t->name.st != F_SET || !t->sd)
            continue;
        if (sddl_extended_right(t->sd, GUID_ENROLL, sids, nsids, domain, NULL) != ACCESS_ALLOWED)
            continue;
        bool autoenroll = sddl_extended_right(t->sd, GUID_AUTOENROLL, sids, nsids, domain, NULL) ==
                          ACCESS_ALLOWED;
        if (mark(c, t->name.v, autoenroll ? CAND_AUTOENROLL : CAND_ENROLL) != 0)
            return -1;
    }
    return 0;
}

static int add_published(struct collect *c, const struct facts *f)
{
    for (size_t i = 0; f->cas_st == F_SET && i < f->ncas; i++) {
        const struct str_list *l = &f->cas[i].templates;
        for (size_t k = 0; l->st == F_SET && k < l->n; k++) {
            const struct tmpl *t = by_name(f, l->v[k]);
            if (mark(c, t ? t->name.v : l->v[k], CAND_PUBLISHED) != 0)
                return -1;
        }
    }
    return 0;
}

static int add_store(struct collect *c, const struct facts *f, enum ctx ctx)
{
    for (int x = 0; x < CTX_COUNT; x++) {
        if (ctx != CTX_NONE && x != (int)ctx)
            continue;
        const struct cert_list *l = &f->certs[x];
        for (size_t i = 0; l->st == F_SET && i < l->n; i++) {
            const struct cert *ce = &l->v[i];
            const struct tmpl *t = NULL;
            if (ce->template_name.st == F_SET)
                t = by_name(f, ce->template_name.v);
            if (!t && ce->template_oid.st == F_SET)
                t = by_oid(f, ce->template_oid.v);
            const char *name = t ? t->name.v : ce->template_name.st == F_SET ? ce->template_name.v : NULL;
            if (name && mark(c, name, CAND_STORE) != 0)
                return -1;
        }
    }
    return 0;
}

static bool enrollment_provider(const struct event *e)
{
    if (e->provider.st != F_SET)
        return true;
    return find_ci(e->provider.v, "AutoEnrollment") || find_ci(e->provider.v, "CertEnroll");
}

static int add_events(struct collect *c, const struct facts *f)
{
    const struct event_list *l = &f->events;
    for (size_t i = 0; l->st == F_SET && i < l->n; i++) {
        const struct event *e = &l->v[i];
        if (e->message.st != F_SET || !enrollment_provider(e))
            continue;
        const char *name = candidates_event_template(e->message.v, c->a);
        if (!name)
            continue;
        const struct tmpl *t = by_name(f, name);
        if (mark(c, t ? t->name.v : name, CAND_EVENTS) != 0)
            return -1;
    }
    return 0;
}

static int by_rank(const void *pa, const void *pb)
{
    const struct candidate *a = pa, *b = pb;
    if (a->why != b->why)
        return a->why > b->why ? -1 : 1;
    int d = ascii_casecmp(a->name, b->name);
    return d ? d : strcmp(a->name, b->name);
}

size_t candidates_list(const struct facts *f, enum ctx ctx, struct arena *a, struct candidate **out)
{
    struct collect c = {.a = a};
    *out = NULL;
    if (add_rights(&c, f, ctx) != 0 || add_published(&c, f) != 0 || add_store(&c, f, ctx) != 0 ||
        add_events(&c, f) != 0)
        return 0;
    if (c.n == 0)
        return 0;
    qsort(c.v, c.n, sizeof(*c.v), by_rank);
    *out = c.v;
    return c.n;
}
