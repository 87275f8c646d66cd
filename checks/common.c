/* common.c: helpers the checks share. */
#include <string.h>

#include "checks.h"
#include "ces.h"
#include "codes.h"
#include "util.h"

const struct identity *eval_identity(const struct eval *ev)
{
    if (ev->ctx != CTX_USER && ev->ctx != CTX_MACHINE)
        return NULL;
    const struct identity *id = &ev->f->identity[ev->ctx];
    return id->st == F_SET ? id : NULL;
}

size_t account_sids(const struct eval *ev, struct arena *a, bool token_only, const char ***out)
{
    *out = NULL;
    const struct identity *id = eval_identity(ev);
    if (!id)
        return 0;
    const struct str_list *groups = NULL;
    if (!token_only && id->directory_groups.st == F_SET)
        groups = &id->directory_groups;
    else if (id->token_groups.st == F_SET)
        groups = &id->token_groups;
    if (!groups)
        return 0;
    size_t n = groups->n + 3;
    const char **v = arena_calloc(a, n, sizeof(*v));
    if (!v)
        return 0;
    size_t k = 0;
    for (size_t i = 0; i < groups->n; i++)
        v[k++] = groups->v[i];
    if (id->sid.st == F_SET)
        v[k++] = id->sid.v;
    v[k++] = "S-1-1-0";
    v[k++] = "S-1-5-11";
    *out = v;
    return k;
}

const char *sid_domain(const char *sid, struct arena *a)
{
    if (!sid || !ascii_startswith_ci(sid, "S-1-5-21-"))
        return NULL;
    const char *last = strrchr(sid, '-');
    if (!last || last <= sid + strlen("S-1-5-21"))
        return NULL;
    return arena_strndup(a, sid, (size_t)(last - sid));
}

size_t eval_templates(const struct eval *ev, struct arena *a, const struct tmpl ***out)
{
    *out = NULL;
    const struct facts *f = ev->f;
    if (f->templates_st != F_SET || f->ntemplates == 0)
        return 0;
    const struct tmpl **v = arena_calloc(a, f->ntemplates, sizeof(*v));
    if (!v)
        return 0;
    size_t k = 0;
    for (size_t i = 0; i < f->ntemplates; i++) {
        const struct tmpl *t = &f->templates[i];
        if (ev->tmpl && (t->name.st != F_SET || ascii_casecmp(t->name.v, ev->tmpl) != 0))
            continue;
        v[k++] = t;
    }
    *out = k ? v : NULL;
    return k;
}

bool ca_publishes(const struct ca *ca, const char *name)
{
    if (ca->templates.st != F_SET || !name)
        return false;
    for (size_t i = 0; i < ca->templates.n; i++)
        if (ascii_casecmp(ca->templates.v[i], name) == 0)
            return true;
    return false;
}

bool enroll_matches(const struct eval *ev, const struct enroll_result *er)
{
    if (er->ctx_st == F_SET && ev->ctx != CTX_NONE && er->ctx != ev->ctx)
        return false;
    if (ev->tmpl && er->tmpl.st == F_SET && ascii_casecmp(er->tmpl.v, ev->tmpl) != 0)
        return false;
    return true;
}

/* The CA that ping P asked: the one whose config equals P's, else the one
 * whose name is the part of P's config after the last backslash; NULL. */
static const struct ca *ping_ca(const struct facts *f, const struct ca_ping *p)
{
    if (p->config.st != F_SET)
        return NULL;
    const char *bs = strrchr(p->config.v, '\\');
    const char *name = bs ? bs + 1 : p->config.v;
    for (size_t i = 0; i < f->ncas; i++)
        if (f->cas[i].config.st == F_SET && ascii_casecmp(f->cas[i].config.v, p->config.v) == 0)
            return &f->cas[i];
    for (size_t i = 0; i < f->ncas; i++)
        if (f->cas[i].name.st == F_SET && ascii_casecmp(f->cas[i].name.v, name) == 0)
            return &f->cas[i];
    return NULL;
}

bool ca_ping_counts(const struct eval *ev, const struct ca_ping *p)
{
    const struct facts *f = ev->f;
    if (!ev->tmpl || f->cas_st != F_SET || f->ncas == 0)
        return true;
    const struct ca *ca = ping_ca(f, p);
    /* a CA the directory does not list cannot be ruled out */
    return !ca || ca_publishes(ca, ev->tmpl);
}

bool ca_ping_failing(const struct eval *ev)
{
    const struct facts *f = ev->f;
    if (f->ca_ping_st != F_SET)
        return false;
    for (size_t i = 0; i < f->nca_ping; i++)
        if (f->ca_ping[i].ok.st == F_SET && !f->ca_ping[i].ok.v &&
            ca_ping_counts(ev, &f->ca_ping[i]))
            return true;
    return false;
}

size_t report_code_sources(const struct eval *ev, struct check_result *r,
                           const struct finding_def *def, uint32_t code, bool *have)
{
    const struct facts *f = ev->f;
    size_t added = 0;
    bool seen = false;
    if (f->enroll_st == F_SET) {
        for (size_t i = 0; i < f->nenroll; i++) {
            const struct enroll_result *er = &f->enroll[i];
            if (!enroll_matches(ev, er) || er->ok.st != F_SET)
                continue;
            seen = true;
            if (er->ok.v || er->error.st != F_SET || er->error.v != code)
                continue;
            struct finding *fd = result_add(r, ev, def);
            if (!fd)
                continue;
            added++;
            finding_evidence(r, fd, "source", "enroll");
            finding_evidence_code(r, fd, "error", code);
            if (er->tmpl.st == F_SET)
                finding_evidence(r, fd, "template", "%s", er->tmpl.v);
            if (er->time.st == F_SET) {
                char t[32];
                time_format_iso(er->time.v, t, sizeof(t));
                finding_evidence(r, fd, "time", "%s", t);
            }
        }
    }
    struct ces_fault cf;
    if (ces_fault_find(f, ev->ctx, &cf) && cf.inner.st != F_ABSENT) {
        seen = true;
        if (cf.inner.st == F_SET && cf.inner.v == code) {
            struct finding *fd = result_add(r, ev, def);
            if (fd) {
                added++;
                finding_evidence(r, fd, "source", "%s", cf.source);
                finding_evidence_code(r, fd, "error", code);
                if (cf.url)
                    finding_evidence(r, fd, "url", "%s", cf.url);
            }
        }
    }
    if (have)
        *have = seen;
    return added;
}

const struct tmpl *eval_named_template(const struct eval *ev, struct check_result *r)
{
    if (!ev->tmpl) {
        result_missing(r, "template");
        return NULL;
    }
    if (ev->f->templates_st != F_SET) {
        result_missing(r, "facts.templates");
        return NULL;
    }
    const struct tmpl *t = facts_template(ev->f, ev->tmpl);
    if (!t) {
        const char *p = arena_fmt(r->arena, "facts.templates[name=%s]", ev->tmpl);
        result_missing(r, p ? p : "facts.templates");
    }
    return t;
}

bool eval_ces_error_is(const struct eval *ev, struct check_result *r, uint32_t code)
{
    struct ces_fault cf;
    if (!ces_fault_find(ev->f, ev->ctx, &cf)) {
        result_missing(r, "facts.ces");
        return false;
    }
    if (cf.error.st == F_ABSENT) {
        result_missing(r, "facts.ces.error");
        return false;
    }
    return cf.error.st == F_SET && cf.error.v == code;
}

size_t eval_account_sids(const struct eval *ev, struct check_result *r, bool token_only,
                         const char ***out, const char **domain)
{
    *out = NULL;
    *domain = NULL;
    if (ev->ctx != CTX_USER && ev->ctx != CTX_MACHINE) {
        result_missing(r, "context");
        return 0;
    }
    const struct identity *id = eval_identity(ev);
    if (!id) {
        result_missing_ctx(r, "facts.identity", ev->ctx);
        return 0;
    }
    size_t n = account_sids(ev, r->arena, token_only, out);
    if (n == 0) {
        const char *p = arena_fmt(r->arena, "facts.identity.%s.token_groups", ctx_name(ev->ctx));
        result_missing(r, p ? p : "facts.identity");
        return 0;
    }
    if (id->sid.st == F_SET)
        *domain = sid_domain(id->sid.v, r->arena);
    return n;
}

const char *eval_account_label(const struct eval *ev)
{
    const struct identity *id = eval_identity(ev);
    if (id && id->name.st == F_SET)
        return id->name.v;
    if (id && id->sid.st == F_SET)
        return id->sid.v;
    return "?";
}
