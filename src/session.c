#include "session.h"

#include <stdio.h>
#include <string.h>

#include "platform/platform.h"

#define NONE ((size_t)-1)

static void log_event(struct session *s, const char *event, const char *const *k,
                      const char *const *v, int n)
{
    if (s->tr)
        transcript_event(s->tr, platform_now(), event, k, v, n);
}

/* Runs the check of step ST (a check node) and records the result. */
static int evaluate(struct session *s, struct session_step *st)
{
    const struct node *n = &s->t->nodes[st->node];
    if (s->live && s->probe)
        s->probe(s->probe_ud, n->check, st->runs > 0);
    struct check_result *r = arena_alloc(&s->arena, sizeof(*r));
    if (!r)
        return -1;
    r->arena = &s->arena;
    struct eval ev = {.f = s->f, .ctx = s->ctx, .tmpl = s->tmpl, .now = s->now};
    check_eval(n->check, &ev, r);
    st->result = r;
    st->status = step_status_from(r->status);
    st->finding = tree_deciding_finding(n, r);
    st->runs++;
    const char *k[] = {"node", "check", "status", "finding", "context"};
    const char *v[] = {n->id, n->check->id, step_status_name(st->status),
                       st->finding ? st->finding->def->id : NULL, ctx_name(s->ctx)};
    log_event(s, "check", k, v, 5);
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
        log_event(s, "finding", fk, fv, 4);
    }
    return 0;
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
    const struct node *n = &s->t->nodes[node];
    const char *k[] = {"node", "kind", "branch"};
    const char *v[] = {n->id, node_kind_name(n->kind), n->branch};
    log_event(s, "step", k, v, 3);
    switch (n->kind) {
    case NODE_INFO:
    case NODE_CONCLUSION:
        st->status = STEP_SKIPPED;
        return 0;
    case NODE_QUESTION:
        st->status = STEP_QUESTION;
        return 0;
    case NODE_CHECK:
        return evaluate(s, st);
    }
    return 0;
}

int session_start(struct session *s, const struct tree *t, const struct facts *f,
                  const char *tmpl, int64_t now, bool live, const char *source,
                  struct transcript *tr)
{
    /* the probe hook is set by the caller before the walk starts */
    session_probe_fn probe = s->probe;
    void *probe_ud = s->probe_ud;
    memset(s, 0, sizeof(*s));
    s->probe = probe;
    s->probe_ud = probe_ud;
    s->t = t;
    s->f = f;
    s->live = live;
    s->tr = tr;
    s->ctx = CTX_NONE;
    s->tmpl = tmpl ? tmpl : (f->tmpl.st == F_SET ? f->tmpl.v : NULL);
    s->now = f->meta.collected_at.st == F_SET ? f->meta.collected_at.v : now;
    const char *k[] = {"host", "template", "source"};
    const char *v[] = {f->meta.host.st == F_SET ? f->meta.host.v : NULL, s->tmpl,
                       source ? source : (live ? "live" : "bundle")};
    log_event(s, "start", k, v, 3);
    return push(s, t->start);
}

void session_free(struct session *s)
{
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
        log_event(s, "answer", k, v, 3);
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
    log_event(s, "back", k, v, 1);
    return 0;
}

int session_rerun(struct session *s)
{
    struct session_step *st = &s->steps[s->nsteps - 1];
    if (s->t->nodes[st->node].kind != NODE_CHECK)
        return 1;
    return evaluate(s, st);
}

const char *session_default_choice(const struct session *s, const struct node *n)
{
    if (n->kind != NODE_QUESTION)
        return NULL;
    const char *a = question_auto_answer(s->f, n->question,
                                         s->f->ctx_st == F_SET ? s->f->ctx : CTX_NONE);
    if (!a)
        return NULL;
    for (size_t c = 0; c < n->nchoices; c++)
        if (strcmp(n->choices[c].id, a) == 0)
            return n->choices[c].id;
    return NULL;
}

int session_record_action(struct session *s, const char *id, const char *cmdline,
                       enum action_outcome outcome, int exit_code, const char *output)
{
    if (s->nactions == s->capactions) {
        size_t cap = s->capactions ? s->capactions * 2 : 8;
        struct session_action *na = arena_calloc(&s->arena, cap, sizeof(*na));
        if (!na)
            return -1;
        if (s->nactions)
            memcpy(na, s->actions, s->nactions * sizeof(*na));
        s->actions = na;
        s->capactions = cap;
    }
    struct session_action *a = &s->actions[s->nactions++];
    a->id = id;
    a->ctx = s->ctx;
    snprintf(a->cmdline, sizeof(a->cmdline), "%s", cmdline ? cmdline : "");
    a->outcome = outcome;
    a->exit_code = exit_code;
    a->time = platform_now();
    if (output) {
        size_t n = strlen(output);
        a->output = arena_strndup(&s->arena, output, n > 16384 ? 16384 : n);
    }
    static const char *const outcomes[] = {"not-run-bundle", "declined", "ran"};
    char code[16];
    snprintf(code, sizeof(code), "%d", exit_code);
    const char *k[] = {"action", "command", "outcome", "exit_code", "output"};
    const char *v[] = {id, a->cmdline, outcomes[outcome], outcome == ACTION_RAN ? code : NULL,
                       a->output};
    log_event(s, "action", k, v, 5);
    return 0;
}

bool session_actions_ran(const struct session *s)
{
    for (size_t i = 0; i < s->nactions; i++)
        if (s->actions[i].outcome == ACTION_RAN)
            return true;
    return false;
}

int session_diagnose(const struct session *s, struct diagnosis **out, struct err *e)
{
    return diagnose_run(s->f, s->t, s->ctx, s->tmpl, s->now, out, e);
}
