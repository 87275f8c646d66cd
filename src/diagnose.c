#include "diagnose.h"

#include <stdlib.h>
#include <string.h>

#include "ces.h"

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
    if (strcmp(qid, "transport") == 0) {
        /* the configured policy servers say it; else a record of the CES path */
        const char *t = ces_transport(f, ctx);
        struct ces_fault cf;
        return t ? t : ces_fault_find(f, ctx, &cf) ? "ces" : "rpc";
    }
    return NULL;
}

static size_t ctx_slot(enum ctx c)
{
    return c == CTX_NONE ? CTX_COUNT : (size_t)c;
}

const struct check_result *diagnosis_result(struct diagnosis *d, const struct check *chk, enum ctx ctx)
{
    size_t slot = ctx_slot(ctx), i;
    for (i = 0; i < d->nchecks; i++)
        if (d->checks[i] == chk)
            break;
    if (i == d->nchecks || !d->res[slot])
        return NULL;
    struct check_result *r = &d->res[slot][i];
    if (!r->arena) {
        r->arena = &d->arena;
        struct eval ev = {.f = d->f, .ctx = ctx, .tmpl = d->tmpl, .now = d->now};
        check_eval(chk, &ev, r);
    }
    return r;
}

struct diag_step *diagnosis_path(struct diagnosis *d, size_t n)
{
    d->steps = arena_calloc(&d->arena, n ? n : 1, sizeof(*d->steps));
    d->nsteps = d->steps ? n : 0;
    return d->steps;
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

int diagnose_findings(const struct facts *f, enum ctx ctx, const char *tmpl, int64_t now,
                      struct diagnosis **out, struct err *e)
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

    d->checks = check_all(&d->nchecks);
    for (size_t s = 0; s <= CTX_COUNT; s++) {
        d->res[s] = arena_calloc(&d->arena, d->nchecks, sizeof(struct check_result));
        if (!d->res[s])
            goto oom;
    }

    /* Every check, in every context evaluated. */
    size_t total = 0;
    for (size_t ci = 0; ci < d->nctx; ci++)
        for (size_t k = 0; k < d->nchecks; k++) {
            const struct check_result *r = diagnosis_result(d, d->checks[k], d->ctxs[ci]);
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
        for (size_t k = 0; k < d->nchecks; k++) {
            const struct check_result *r = &d->res[ctx_slot(d->ctxs[ci])][k];
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
