#include "diagnose.h"

#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)

enum step_status step_status_from(enum status s)
{
    switch (s) {
    case ST_OK: return STEP_OK;
    case ST_WARN: return STEP_WARN;
    case ST_FAIL: return STEP_FAIL;
    case ST_UNKNOWN: break;
    }
    return STEP_UNKNOWN;
}

const char *step_status_name(enum step_status s)
{
    static const char *const names[] = {"ok", "warn", "fail", "unknown", "question", "skipped"};
    return names[s];
}

const char *question_auto_answer(const struct facts *f, const char *qid, enum ctx ctx)
{
    const char *a = facts_answer(f, qid);
    if (a)
        return a;
    if (strcmp(qid, "context") == 0)
        return ctx == CTX_NONE ? NULL : ctx_name(ctx);
    if (strcmp(qid, "transport") == 0)
        return f->ces.st == F_SET ? "ces" : "rpc";
    return NULL;
}

/* Results are cached per (check, context) so that a check visited by the walk
 * is not evaluated twice. */
struct cache {
    size_t nchecks;
    const struct check *const *checks;
    struct check_result *res[CTX_COUNT + 1];
};

static size_t ctx_slot(enum ctx c)
{
    return c == CTX_NONE ? CTX_COUNT : (size_t)c;
}

static struct check_result *cached(struct diagnosis *d, struct cache *c, const struct check *chk,
                                   enum ctx ctx)
{
    size_t slot = ctx_slot(ctx), i;
    for (i = 0; i < c->nchecks; i++)
        if (c->checks[i] == chk)
            break;
    if (i == c->nchecks)
        return NULL;
    struct check_result *r = &c->res[slot][i];
    if (!r->arena) {
        r->arena = &d->arena;
        struct eval ev = {.f = d->f, .ctx = ctx, .tmpl = d->tmpl, .now = d->now};
        check_eval(chk, &ev, r);
    }
    return r;
}

static int walk(struct diagnosis *d, const struct tree *t, struct cache *c)
{
    d->steps = arena_calloc(&d->arena, t->n, sizeof(*d->steps));
    if (!d->steps)
        return -1;
    enum ctx wctx = d->nctx == 1 ? d->ctxs[0] : CTX_NONE;
    size_t cur = t->start;
    /* The tree has no cycle (validated), so a walk visits each node once. */
    while (cur != NONE && d->nsteps < t->n) {
        const struct node *n = &t->nodes[cur];
        struct diag_step *s = &d->steps[d->nsteps++];
        s->node = n;
        switch (n->kind) {
        case NODE_INFO:
            s->status = STEP_SKIPPED;
            cur = n->next;
            break;
        case NODE_CONCLUSION:
            s->status = STEP_SKIPPED;
            cur = NONE;
            break;
        case NODE_QUESTION: {
            s->status = STEP_QUESTION;
            const char *a = question_auto_answer(d->f, n->question, wctx);
            size_t next = a ? tree_next_after_choice(t, n, a) : NONE;
            if (next == NONE) {
                d->ends_at_question = true;
                cur = NONE;
                break;
            }
            s->answer = a;
            if (strcmp(n->question, "context") == 0)
                wctx = ctx_parse(a);
            cur = next;
            break;
        }
        case NODE_CHECK: {
            const struct check_result *r = cached(d, c, n->check, wctx);
            if (!r)
                return -1;
            s->result = r;
            s->status = step_status_from(r->status);
            s->finding = tree_deciding_finding(n, r);
            cur = tree_next_after_check(t, n, r);
            break;
        }
        }
    }
    d->walk_ctx = wctx;
    return 0;
}

static int cmp_findings(const void *a, const void *b)
{
    const struct finding *x = *(const struct finding *const *)a;
    const struct finding *y = *(const struct finding *const *)b;
    if (x->def->sev != y->def->sev)
        return x->def->sev > y->def->sev ? -1 : 1;
    return 0;
}

/* A stable sort: qsort is not stable, so sort (severity, original index). */
struct keyed {
    const struct finding *f;
    size_t idx;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    const struct finding *fx = x->f, *fy = y->f;
    int c = cmp_findings(&fx, &fy);
    if (c)
        return c;
    return x->idx < y->idx ? -1 : (x->idx > y->idx ? 1 : 0);
}

int diagnose_run(const struct facts *f, const struct tree *t, enum ctx ctx, const char *tmpl,
                 int64_t now, struct diagnosis **out, struct err *e)
{
    *out = NULL;
    struct diagnosis *d = calloc(1, sizeof(*d));
    if (!d) {
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", "-");
    }
    d->f = f;
    d->ctx = ctx != CTX_NONE ? ctx : f->ctx;
    d->tmpl = tmpl ? tmpl : (f->tmpl.st == F_SET ? f->tmpl.v : NULL);
    d->now = f->meta.collected_at.st == F_SET ? f->meta.collected_at.v : now;
    d->walk_ctx = CTX_NONE;
    d->ncontradictions = facts_contradictions(f, d->contradictions,
                                              sizeof(d->contradictions) / sizeof(d->contradictions[0]));
    if (d->ctx != CTX_NONE) {
        d->ctxs[d->nctx++] = d->ctx;
    } else {
        for (int c = 0; c < CTX_COUNT; c++)
            if (facts_has_context(f, (enum ctx)c))
                d->ctxs[d->nctx++] = (enum ctx)c;
        if (d->nctx == 0)
            d->ctxs[d->nctx++] = CTX_NONE;
    }

    struct cache c = {0};
    c.checks = check_all(&c.nchecks);
    for (size_t s = 0; s <= CTX_COUNT; s++) {
        c.res[s] = arena_calloc(&d->arena, c.nchecks, sizeof(struct check_result));
        if (!c.res[s])
            goto oom;
    }

    /* Every check, in every context evaluated. */
    size_t total = 0;
    for (size_t ci = 0; ci < d->nctx; ci++)
        for (size_t k = 0; k < c.nchecks; k++) {
            struct check_result *r = cached(d, &c, c.checks[k], d->ctxs[ci]);
            if (!r)
                goto oom;
            total += r->nfindings;
        }
    struct keyed *keyed = arena_calloc(&d->arena, total ? total : 1, sizeof(*keyed));
    d->findings = arena_calloc(&d->arena, total ? total : 1, sizeof(*d->findings));
    if (!keyed || !d->findings)
        goto oom;
    size_t n = 0;
    for (size_t ci = 0; ci < d->nctx; ci++)
        for (size_t k = 0; k < c.nchecks; k++) {
            const struct check_result *r = &c.res[ctx_slot(d->ctxs[ci])][k];
            for (size_t i = 0; i < r->nfindings; i++) {
                const struct finding *fd = &r->findings[i];
                bool dup = false;
                for (size_t j = 0; j < n && !dup; j++)
                    dup = keyed[j].f->def == fd->def && keyed[j].f->ctx == fd->ctx;
                if (!dup) {
                    keyed[n].f = fd;
                    keyed[n].idx = n;
                    n++;
                }
            }
        }
    qsort(keyed, n, sizeof(*keyed), cmp_keyed);
    for (size_t i = 0; i < n; i++)
        d->findings[i] = keyed[i].f;
    d->nfindings = n;

    if (walk(d, t, &c) != 0)
        goto oom;
    *out = d;
    return 0;
oom:
    diagnosis_free(d);
    err_set(e, "error.memory");
    return err_arg(e, "file", "%s", "-");
}

void diagnosis_free(struct diagnosis *d)
{
    if (!d)
        return;
    arena_free(&d->arena);
    free(d);
}

bool diagnosis_has_error(const struct diagnosis *d)
{
    for (size_t i = 0; i < d->nfindings; i++)
        if (d->findings[i]->def->sev == SEV_ERROR)
            return true;
    return false;
}
