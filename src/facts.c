#include "facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct facts *facts_new(void)
{
    struct facts *f = calloc(1, sizeof(*f));
    if (f)
        f->ctx = CTX_NONE;
    return f;
}

void facts_free(struct facts *f)
{
    if (!f)
        return;
    arena_free(&f->arena);
    free(f);
}

const char *facts_group_name(enum facts_group g)
{
    static const char *const names[FACTS_GROUP_COUNT] = {
        "aepolicy", "loglevel", "certificates", "tasks",  "identity", "session",   "ksp",
        "ca_ping",  "events",   "directory",    "policy_servers", "enroll", "ces", "ca_events"};
    return (unsigned)g < FACTS_GROUP_COUNT ? names[g] : "?";
}

void facts_forget(struct facts *f, enum facts_group g)
{
    switch (g) {
    case FACTS_AEPOLICY:
        f->aepolicy[CTX_USER].st = f->aepolicy[CTX_MACHINE].st = F_ABSENT;
        break;
    case FACTS_LOGLEVEL:
        f->loglevel.st = F_ABSENT;
        break;
    case FACTS_CERTS:
        memset(f->certs, 0, sizeof(f->certs));
        break;
    case FACTS_TASKS:
        memset(f->tasks, 0, sizeof(f->tasks));
        break;
    case FACTS_IDENTITY:
        for (int c = 0; c < CTX_COUNT; c++) {
            memset(&f->identity[c].token_groups, 0, sizeof(f->identity[c].token_groups));
            f->identity[c].logon_time.st = F_ABSENT;
        }
        break;
    case FACTS_SESSION:
        memset(&f->session, 0, sizeof(f->session));
        break;
    case FACTS_KSP:
        f->ksp_st = F_ABSENT;
        f->nksp = 0;
        break;
    case FACTS_CA_PING:
        f->ca_ping_st = F_ABSENT;
        f->nca_ping = 0;
        break;
    case FACTS_EVENTS:
        memset(&f->events, 0, sizeof(f->events));
        break;
    case FACTS_DIRECTORY:
        f->templates_st = f->cas_st = F_ABSENT;
        f->ntemplates = f->ncas = 0;
        for (int c = 0; c < CTX_COUNT; c++) {
            struct identity *id = &f->identity[c];
            memset(&id->directory_groups, 0, sizeof(id->directory_groups));
            id->not_delegated.st = F_ABSENT;
            id->mail.st = F_ABSENT;
            memset(&id->membership_added, 0, sizeof(id->membership_added));
            memset(&id->membership_source, 0, sizeof(id->membership_source));
        }
        break;
    case FACTS_POLICY_SERVERS:
        f->policy_servers_st = F_ABSENT;
        f->npolicy_servers = 0;
        break;
    case FACTS_ENROLL:
        f->enroll_st = F_ABSENT;
        f->nenroll = 0;
        break;
    case FACTS_CES:
        memset(&f->ces, 0, sizeof(f->ces));
        break;
    case FACTS_CA_EVENTS:
        memset(&f->ca_events, 0, sizeof(f->ca_events));
        break;
    case FACTS_GROUP_COUNT:
        break;
    }
}

void facts_restrict(struct facts *f, unsigned mask)
{
    for (int g = 0; g < FACTS_GROUP_COUNT; g++)
        if (!(mask & FACTS_BIT(g)))
            facts_forget(f, (enum facts_group)g);
    if (mask & (FACTS_BIT(FACTS_IDENTITY) | FACTS_BIT(FACTS_DIRECTORY)))
        return;
    for (int c = 0; c < CTX_COUNT; c++) {
        struct identity *id = &f->identity[c];
        id->st = F_ABSENT;
        id->name.st = id->sid.st = F_ABSENT;
    }
}

const char *ctx_name(enum ctx c)
{
    switch (c) {
    case CTX_USER: return "user";
    case CTX_MACHINE: return "machine";
    case CTX_COUNT:
    case CTX_NONE: break;
    }
    return "none";
}

enum ctx ctx_parse(const char *s)
{
    if (s && strcmp(s, "user") == 0)
        return CTX_USER;
    if (s && strcmp(s, "machine") == 0)
        return CTX_MACHINE;
    return CTX_NONE;
}

bool facts_has_context(const struct facts *f, enum ctx c)
{
    if (c != CTX_USER && c != CTX_MACHINE)
        return false;
    if (f->aepolicy[c].st != F_ABSENT || f->certs[c].st != F_ABSENT ||
        f->tasks[c].st != F_ABSENT || f->identity[c].st != F_ABSENT)
        return true;
    for (size_t i = 0; i < f->nenroll; i++)
        if (f->enroll[i].ctx_st == F_SET && f->enroll[i].ctx == c)
            return true;
    return false;
}

const char *facts_answer(const struct facts *f, const char *qid)
{
    for (size_t i = 0; i < f->nanswers; i++)
        if (strcmp(f->answers[i].question, qid) == 0)
            return f->answers[i].choice;
    return NULL;
}

const struct sid_time *facts_membership_added(const struct sid_times *m, const char *sid)
{
    if (m->st != F_SET || !sid)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (ascii_casecmp(m->v[i].sid, sid) == 0)
            return &m->v[i];
    return NULL;
}

const struct sid_source *facts_membership_source(const struct sid_sources *m, const char *sid)
{
    if (m->st != F_SET || !sid)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (ascii_casecmp(m->v[i].sid, sid) == 0)
            return &m->v[i];
    return NULL;
}

const char *member_source_name(enum member_source s)
{
    return s == MSRC_WHEN_CHANGED ? "when-changed" : "value-metadata";
}

const struct tmpl *facts_template(const struct facts *f, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < f->ntemplates; i++)
        if (f->templates[i].name.st == F_SET && ascii_casecmp(f->templates[i].name.v, name) == 0)
            return &f->templates[i];
    return NULL;
}

const struct event *facts_events_latest(const struct event_list *l, int64_t id, size_t *count)
{
    const struct event *best = NULL;
    size_t n = 0;
    if (l->st == F_SET) {
        for (size_t i = 0; i < l->n; i++) {
            const struct event *e = &l->v[i];
            if (e->id.st != F_SET || e->id.v != id)
                continue;
            n++;
            if (!best) {
                best = e;
                continue;
            }
            bool later;
            if (e->time.st == F_SET && best->time.st == F_SET && e->time.v != best->time.v)
                later = e->time.v > best->time.v;
            else
                later = e->order > best->order;
            if (later)
                best = e;
        }
    }
    if (count)
        *count = n;
    return best;
}

const char *task_state_name(enum task_state s)
{
    switch (s) {
    case TASK_READY: return "ready";
    case TASK_RUNNING: return "running";
    case TASK_QUEUED: return "queued";
    case TASK_DISABLED: return "disabled";
    case TASK_UNKNOWN: break;
    }
    return "unknown";
}

const char *ev_level_name(enum ev_level l)
{
    switch (l) {
    case EV_ERROR: return "error";
    case EV_WARNING: return "warning";
    case EV_INFORMATION: return "information";
    case EV_OTHER: break;
    }
    return "other";
}

const char *delegation_name(enum delegation d)
{
    switch (d) {
    case DELEG_NONE: return "none";
    case DELEG_CONSTRAINED: return "constrained";
    case DELEG_UNCONSTRAINED: return "unconstrained";
    }
    return "none";
}

/* Adds a contradiction of KIND between the facts at paths A and B. */
static void contra(struct contradiction *out, size_t max, size_t *n, const char *kind, const char *a,
                   const char *b)
{
    if (*n < max) {
        out[*n].kind = kind;
        snprintf(out[*n].a, sizeof(out[*n].a), "%s", a);
        snprintf(out[*n].b, sizeof(out[*n].b), "%s", b);
    }
    (*n)++;
}

/* A task recorded as not existing, yet with signs of life. */
static void task_contradictions(const struct task *t, enum ctx c, struct contradiction *out, size_t max,
                                size_t *n)
{
    if (t->st != F_SET || t->exists.st != F_SET || t->exists.v)
        return;
    char a[96], b[96];
    snprintf(a, sizeof(a), "facts.tasks.%s.exists", ctx_name(c));
    const char *field = NULL;
    if (t->state_st == F_SET && (t->state == TASK_RUNNING || t->state == TASK_QUEUED))
        field = "state";
    else if (t->last_run.st == F_SET)
        field = "last_run";
    else if (t->running_since.st == F_SET)
        field = "running_since";
    else if (t->enabled.st == F_SET && t->enabled.v)
        field = "enabled";
    if (!field)
        return;
    snprintf(b, sizeof(b), "facts.tasks.%s.%s", ctx_name(c), field);
    contra(out, max, n, "task-missing-runs", a, b);
}

size_t facts_contradictions(const struct facts *f, struct contradiction *out, size_t max)
{
    size_t n = 0;
    for (int c = 0; c < CTX_COUNT; c++) {
        task_contradictions(&f->tasks[c], (enum ctx)c, out, max, &n);
        const struct cert_list *cl = &f->certs[c];
        for (size_t i = 0; cl->st == F_SET && i < cl->n; i++) {
            const struct cert *k = &cl->v[i];
            if (k->not_before.st != F_SET || k->not_after.st != F_SET || k->not_before.v <= k->not_after.v)
                continue;
            char a[96], b[96];
            snprintf(a, sizeof(a), "facts.certificates.%s[%zu].not_before", ctx_name((enum ctx)c), i);
            snprintf(b, sizeof(b), "facts.certificates.%s[%zu].not_after", ctx_name((enum ctx)c), i);
            contra(out, max, &n, "cert-dates", a, b);
        }
    }
    const struct logon_session *s = &f->session;
    if (s->st == F_SET && s->domain_joined.st == F_SET && !s->domain_joined.v &&
        s->dc_reachable.st == F_SET && s->dc_reachable.v)
        contra(out, max, &n, "dc-without-domain", "facts.session.domain_joined",
               "facts.session.dc_reachable");
    return n;
}
