/* session.c: the engine (session.h): the walk, live probing by the checks'
 * own needs, the transcript, and the moves of the operator. The actions and
 * what their outcomes teach are in session_action.c. */
#include "session_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "util.h"

#define NONE ((size_t)-1)

void session_log(struct session *s, const char *event, const char *const *k, const char *const *v, int n)
{
    if (s->tr)
        transcript_event(s->tr, platform_now(), event, k, v, n);
}

bool session_report(struct session *s, const struct session_work *w)
{
    return s->progress ? s->progress(s->progress_ud, w) : true;
}

/* Probes the groups of MASK for a check on the live client (AGAIN: forgets
 * them first, and what stopped them before), saying what it looks at. */
void session_probe(struct session *s, unsigned mask, bool again)
{
    for (int pos = 0; pos < PROBE_COUNT; pos++) {
        int g = (int)probe_order(pos);
        if (!(mask & (1u << g)))
            continue;
        if (again) {
            probe_forget(s->f, (enum probe_group)g);
            size_t k = 0;
            for (size_t i = 0; i < s->notes.n; i++)
                if (s->notes.v[i].group != (enum probe_group)g)
                    s->notes.v[k++] = s->notes.v[i];
            s->notes.n = k;
        }
        if (probe_present(s->f, (enum probe_group)g))
            continue;
        char what[64];
        snprintf(what, sizeof(what), "probe.%s", probe_group_name((enum probe_group)g));
        struct session_work w = {"session.work.probing", what, NULL, platform_monotonic_ms(),
                                 probe_group_deadline_ms((enum probe_group)g, PROBE_TIMEOUT_MS_DEFAULT)};
        session_report(s, &w);
        size_t before = s->notes.n;
        if (probe_groups_via(s->f, 1u << g, PROBE_TIMEOUT_MS_DEFAULT, &s->notes, s->client.probe,
                             s->client.ud) != 0)
            err_set(&s->msg, "error.memory");
        for (size_t i = before; i < s->notes.n; i++) {
            const char *k[] = {"group", "reason"};
            const char *v[] = {probe_group_name(s->notes.v[i].group), s->notes.v[i].reason};
            session_log(s, "probe-unknown", k, v, 2);
        }
    }
}

/* Whether R misses the template of interest. */
static bool misses_template(const struct check_result *r)
{
    for (size_t i = 0; i < r->nmissing; i++)
        if (strcmp(r->missing[i], "template") == 0)
            return true;
    return false;
}

/* The candidate templates, made once, when a step first asks for one; live,
 * the groups they are read from are probed first. */
static void find_candidates(struct session *s)
{
    if (s->cands)
        return;
    if (s->live)
        session_probe(s, FACTS_BIT(FACTS_IDENTITY) | FACTS_BIT(FACTS_DIRECTORY) | FACTS_BIT(FACTS_CERTS) |
                             FACTS_BIT(FACTS_EVENTS), false);
    s->ncands = candidates_list(s->f, s->ctx, &s->arena, &s->cands);
}

/* Runs the check of step ST (a check node) and records the result; AGAIN:
 * live, its groups are probed again. */
static int evaluate_as(struct session *s, struct session_step *st, bool again)
{
    const struct node *n = &s->t->nodes[st->node];
    if (s->live)
        session_probe(s, n->check->needs, again);
    struct check_result *r = arena_alloc(&s->arena, sizeof(*r));
    if (!r)
        return -1;
    r->arena = &s->arena;
    struct eval ev = {.f = s->f, .ctx = s->ctx, .tmpl = s->tmpl, .now = s->now};
    check_eval(n->check, &ev, r);
    st->result = r;
    st->ctx = s->ctx;
    st->status = step_status_from(r->status);
    st->finding = tree_deciding_finding(n, r);
    st->runs++;
    st->asks_template = !s->tmpl && misses_template(r);
    if (st->asks_template)
        find_candidates(s);
    const char *k[] = {"node", "check", "status", "finding", "context"};
    const char *v[] = {n->id, n->check->id, step_status_name(st->status),
                       st->finding ? st->finding->def->id : NULL, ctx_name(s->ctx)};
    session_log(s, "check", k, v, 5);
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *fd = &r->findings[i];
        char evidence[1024] = "";
        size_t used = 0;
        for (size_t j = 0; j < fd->nevidence; j++) {
            int w = snprintf(evidence + used, sizeof(evidence) - used, "%s%s=%s", j ? "; " : "",
                             fd->evidence[j].key, fd->evidence[j].value);
            if (w < 0 || (size_t)w >= sizeof(evidence) - used)
                break;
            used += (size_t)w;
        }
        const char *fk[] = {"node", "finding", "severity", "evidence"};
        const char *fv[] = {n->id, fd->def->id, severity_name(fd->def->sev), evidence};
        session_log(s, "finding", fk, fv, 4);
    }
    return 0;
}

static int evaluate(struct session *s, struct session_step *st)
{
    return evaluate_as(s, st, st->runs > 0);
}

static int push(struct session *s, size_t node)
{
    if (s->nsteps == s->capsteps) {
        size_t cap = s->capsteps ? s->capsteps * 2 : 16;
        struct session_step *ns = arena_calloc(&s->arena, cap, sizeof(*ns));
        if (!ns)
            return -1;
        if (s->nsteps)
            memcpy(ns, s->steps, s->nsteps * sizeof(*ns));
        s->steps = ns;
        s->capsteps = cap;
    }
    struct session_step *st = &s->steps[s->nsteps++];
    memset(st, 0, sizeof(*st));
    st->node = node;
    st->ctx = s->ctx;
    const struct node *n = &s->t->nodes[node];
    const char *k[] = {"node", "kind", "branch"};
    const char *v[] = {n->id, node_kind_name(n->kind), n->branch};
    session_log(s, "step", k, v, 3);
    switch (n->kind) {
    case NODE_INFO:
    case NODE_CONCLUSION:
        st->status = STEP_SKIPPED;
        return 0;
    case NODE_QUESTION:
        st->status = STEP_QUESTION;
        /* the configured policy servers answer the transport question */
        if (s->live && strcmp(n->question, "transport") == 0)
            session_probe(s, 1u << PROBE_POLICY_SERVERS, false);
        return 0;
    case NODE_CHECK:
        return evaluate(s, st);
    }
    return 0;
}

/* The context the facts give when nothing is chosen: the command line's,
 * the bundle's, else the only one the facts know. */
static enum ctx facts_ctx(const struct facts *f, enum ctx given)
{
    if (given != CTX_NONE)
        return given;
    if (f->ctx_st == F_SET && f->ctx != CTX_NONE)
        return f->ctx;
    enum ctx only = CTX_NONE;
    int n = 0;
    for (int c = 0; c < CTX_COUNT; c++)
        if (facts_has_context(f, (enum ctx)c)) {
            only = (enum ctx)c;
            n++;
        }
    return n == 1 ? only : CTX_NONE;
}

static int client_probe(void *ud, struct facts *f, enum probe_group g, int timeout_ms,
                        struct probe_note *note)
{
    return probe_one(ud, f, g, timeout_ms, note);
}

static int client_run(void *ud, const char *const *argv, int timeout_ms, struct proc_result *r,
                      struct err *e)
{
    (void)ud;
    return platform_run(argv, timeout_ms, r, e);
}

static void client_sleep(void *ud, int ms)
{
    (void)ud;
    platform_sleep_ms(ms);
}

int session_begin(struct session *s, const struct session_start *o, struct err *e)
{
    memset(s, 0, sizeof(*s));
    s->t = o->t;
    s->live = o->live;
    s->f = o->f;
    s->progress = o->progress;
    s->progress_ud = o->progress_ud;
    s->lang = LANG_EN;
    s->client.probe = client_probe;
    s->client.run = client_run;
    s->client.sleep = client_sleep;
    if (o->client) {
        s->client.ud = o->client->ud;
        if (o->client->probe)
            s->client.probe = o->client->probe;
        if (o->client->run)
            s->client.run = o->client->run;
        if (o->client->sleep)
            s->client.sleep = o->client->sleep;
    }
    if (!s->f) {
        s->owned = s->live ? probe_new_facts() : facts_new();
        s->f = s->owned;
        if (!s->f)
            goto oom;
    }
    if (o->state_dir && snprintf(s->state_dir, sizeof(s->state_dir), "%s", o->state_dir) <
                            (int)sizeof(s->state_dir)) {
        struct err te;
        if (platform_mkdirs(s->state_dir) == 0)
            s->tr = transcript_open(s->state_dir, platform_now(), &te);
        if (!s->tr)
            s->msg = te;
        session_undo_load(s);
    } else {
        s->state_dir[0] = '\0';
    }
    s->ctx = CTX_NONE;
    s->tmpl = o->tmpl ? o->tmpl : (s->f->tmpl.st == F_SET ? s->f->tmpl.v : NULL);
    s->now = s->f->meta.collected_at.st == F_SET ? s->f->meta.collected_at.v : o->now;
    const char *k[] = {"host", "template", "source"};
    const char *v[] = {s->f->meta.host.st == F_SET ? s->f->meta.host.v : NULL, s->tmpl,
                       o->source ? o->source : (s->live ? "live" : "bundle")};
    session_log(s, "start", k, v, 3);
    /* the logon session first: it decides what the machine context can see */
    if (s->live)
        session_probe(s, 1u << PROBE_SESSION, false);
    s->ctx_hint = facts_ctx(s->f, o->ctx_given ? o->ctx : CTX_NONE);
    if (push(s, s->t->start) != 0)
        goto oom;
    return 0;
oom:
    session_free(s);
    err_set(e, "error.memory");
    return err_arg(e, "file", "%s", "-");
}

void session_free(struct session *s)
{
    if (s->tr)
        transcript_close(s->tr);
    facts_free(s->owned);
    arena_free(&s->arena);
    memset(s, 0, sizeof(*s));
}

const struct session_step *session_current(const struct session *s)
{
    return s->nsteps ? &s->steps[s->nsteps - 1] : NULL;
}

const struct node *session_node(const struct session *s, const struct session_step *st)
{
    return &s->t->nodes[st->node];
}

int session_advance(struct session *s, const char *choice)
{
    struct session_step *st = &s->steps[s->nsteps - 1];
    const struct node *n = &s->t->nodes[st->node];
    size_t next = NONE;
    switch (n->kind) {
    case NODE_CONCLUSION:
        return 1;
    case NODE_INFO:
        next = n->next;
        break;
    case NODE_CHECK:
        next = tree_next_after_check(s->t, n, st->result);
        break;
    case NODE_QUESTION: {
        if (!choice)
            return -1;
        next = tree_next_after_choice(s->t, n, choice);
        if (next == NONE)
            return -1;
        for (size_t c = 0; c < n->nchoices; c++)
            if (strcmp(n->choices[c].id, choice) == 0)
                st->answer = n->choices[c].id;
        if (strcmp(n->question, "context") == 0)
            s->ctx = ctx_parse(choice);
        const char *k[] = {"node", "question", "answer"};
        const char *v[] = {n->id, n->question, st->answer};
        session_log(s, "answer", k, v, 3);
        break;
    }
    }
    return push(s, next);
}

int session_back(struct session *s)
{
    if (s->nsteps <= 1)
        return 1;
    s->nsteps--;
    struct session_step *st = &s->steps[s->nsteps - 1];
    const struct node *n = &s->t->nodes[st->node];
    /* Going back to a question undoes its answer; the context goes with it. */
    if (n->kind == NODE_QUESTION && strcmp(n->question, "context") == 0)
        s->ctx = CTX_NONE;
    const char *k[] = {"node"};
    const char *v[] = {n->id};
    session_log(s, "back", k, v, 1);
    return 0;
}

int session_rerun(struct session *s)
{
    struct session_step *st = &s->steps[s->nsteps - 1];
    if (s->t->nodes[st->node].kind != NODE_CHECK)
        return 1;
    return evaluate(s, st) == 0 ? 0 : -1;
}

const char *session_default_choice(const struct session *s, const struct node *n)
{
    if (n->kind != NODE_QUESTION)
        return NULL;
    const char *a = question_auto_answer(s->f, n->question, s->ctx_hint);
    if (!a)
        return NULL;
    for (size_t c = 0; c < n->nchoices; c++)
        if (strcmp(n->choices[c].id, a) == 0)
            return n->choices[c].id;
    return NULL;
}

int session_walk_auto(struct session *s, bool *ends_at_question)
{
    *ends_at_question = false;
    /* the tree has no cycle (validated): each node is visited once */
    for (size_t guard = 0; guard <= s->t->n; guard++) {
        const struct session_step *st = session_current(s);
        const struct node *n = session_node(s, st);
        if (n->kind == NODE_CONCLUSION)
            return 0;
        const char *choice = NULL;
        if (n->kind == NODE_QUESTION) {
            choice = session_default_choice(s, n);
            if (!choice) {
                *ends_at_question = true;
                return 0;
            }
        }
        int rc = session_advance(s, choice);
        if (rc < 0)
            return -1;
        if (rc > 0)
            return 0;
    }
    return 0;
}

bool session_asks_template(const struct session *s)
{
    const struct session_step *st = session_current(s);
    return st && st->asks_template && !s->tmpl;
}

size_t session_template_candidates(const struct session *s, const struct candidate **out)
{
    *out = s->cands;
    return s->ncands;
}

int session_set_template(struct session *s, const char *name)
{
    if (!name || !name[0])
        return 1;
    const char *copy = arena_strdup(&s->arena, name);
    if (!copy)
        return -1;
    s->tmpl = copy;
    const char *k[] = {"template"};
    const char *v[] = {copy};
    session_log(s, "template", k, v, 1);
    struct session_step *st = &s->steps[s->nsteps - 1];
    if (s->t->nodes[st->node].kind != NODE_CHECK)
        return 0;
    /* the facts it read are current: evaluated again, not probed again */
    return evaluate_as(s, st, false) == 0 ? 0 : -1;
}

void session_set_lang(struct session *s, enum lang l)
{
    if (s->lang == l)
        return;
    s->lang = l;
    const char *k[] = {"lang"};
    const char *v[] = {lang_code(l)};
    session_log(s, "lang", k, v, 1);
}

/* ---- results ---- */

/* Fills D's path from S's steps; results from D itself when FROM_D (the
 * session goes before the diagnosis does), else the session's own. */
static int fill_path(const struct session *s, struct diagnosis *d, bool from_d)
{
    struct diag_step *p = diagnosis_path(d, s->nsteps);
    if (!p)
        return -1;
    for (size_t i = 0; i < s->nsteps; i++) {
        const struct session_step *st = &s->steps[i];
        const struct node *n = &s->t->nodes[st->node];
        p[i] = (struct diag_step){n, st->status, st->answer, st->result, st->finding};
        if (from_d && n->kind == NODE_CHECK) {
            p[i].result = diagnosis_result(d, n->check, st->ctx);
            if (!p[i].result)
                return -1;
            p[i].finding = tree_deciding_finding(n, p[i].result);
        }
    }
    d->walk_ctx = s->ctx;
    return 0;
}

int session_diagnose(const struct session *s, struct diagnosis **out, struct err *e)
{
    if (diagnose_findings(s->f, s->ctx, s->tmpl, s->now, out, e) != 0)
        return -1;
    const struct session_step *st = session_current(s);
    (*out)->ends_at_question = st && st->status == STEP_QUESTION;
    if (fill_path(s, *out, false) != 0) {
        diagnosis_free(*out);
        *out = NULL;
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", "-");
    }
    return 0;
}

int session_diagnose_facts(const struct facts *f, const struct tree *t, enum ctx ctx, const char *tmpl,
                           int64_t now, struct diagnosis **out, struct err *e)
{
    struct diagnosis *d = NULL;
    if (diagnose_findings(f, ctx, tmpl, now, &d, e) != 0)
        return -1;
    /* the session only reads: recorded facts are never probed or changed */
    struct session s;
    struct session_start o = {.t = t, .f = (struct facts *)(uintptr_t)f, .tmpl = d->tmpl,
                              .ctx_given = true, .ctx = d->nctx == 1 ? d->ctxs[0] : CTX_NONE, .now = now};
    int rc = session_begin(&s, &o, e);
    if (rc == 0) {
        s.ctx_hint = o.ctx;
        rc = session_walk_auto(&s, &d->ends_at_question);
        if (rc == 0)
            rc = fill_path(&s, d, true);
        session_free(&s);
        if (rc != 0) {
            err_set(e, "error.memory");
            err_arg(e, "file", "%s", "-");
        }
    }
    if (rc != 0) {
        diagnosis_free(d);
        return -1;
    }
    *out = d;
    return 0;
}

const char *session_transcript(const struct session *s)
{
    return s->tr ? transcript_path(s->tr) : NULL;
}
