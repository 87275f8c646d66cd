/* diagnose.h: evaluating every check and walking the tree on one set of
 * facts, without a screen. The result is what `diagnose` prints and what
 * reports are made of. */
#ifndef ENROLLDOC_DIAGNOSE_H
#define ENROLLDOC_DIAGNOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "check.h"
#include "err.h"
#include "facts.h"
#include "tree.h"

enum step_status { STEP_OK, STEP_WARN, STEP_FAIL, STEP_UNKNOWN, STEP_QUESTION, STEP_SKIPPED };

struct diag_step {
    const struct node *node;
    enum step_status status;
    const char *answer;                /* question nodes: the choice taken, or NULL */
    const struct check_result *result; /* check nodes */
    const struct finding *finding;     /* check nodes: the finding that decided, or NULL */
};

struct diagnosis {
    struct arena arena;
    const struct facts *f;
    enum ctx ctx;                      /* the context asked for; CTX_NONE = every one with facts */
    enum ctx walk_ctx;                 /* the context the walk used; CTX_NONE when it stopped first */
    const char *tmpl;                  /* template of interest or NULL */
    int64_t now;
    size_t nctx;
    enum ctx ctxs[CTX_COUNT];          /* contexts evaluated */
    size_t nfindings;
    const struct finding **findings;   /* every finding, errors first, once per context */
    size_t nsteps;
    struct diag_step *steps;
    bool ends_at_question;             /* the walk stopped at a question without answer */
    size_t ncontradictions;            /* facts that cannot both be true, in all */
    struct contradiction contradictions[8]; /* the first of them */
};

/* Evaluates F. CTX / TMPL override the bundle's (CTX_NONE / NULL: keep);
 * NOW is used when the bundle has no collection time. Returns 0 and a new
 * diagnosis in *OUT (free with diagnosis_free; it borrows F and T, which must
 * outlive it), or -1 with E set (out of memory). */
int diagnose_run(const struct facts *f, const struct tree *t, enum ctx ctx, const char *tmpl,
                 int64_t now, struct diagnosis **out, struct err *e);
void diagnosis_free(struct diagnosis *d);
/* Whether a finding of severity error was reported. */
bool diagnosis_has_error(const struct diagnosis *d);
/* The step status of a check status. */
enum step_status step_status_from(enum status s);
/* "ok", "warn", "fail", "unknown", "question", "skipped". */
const char *step_status_name(enum step_status s);

/* The automatic answer to question QID from the facts (the bundle's answers
 * first; then "context" from the walk context and "transport" from whether
 * CES facts exist), or NULL when the facts do not tell. */
const char *question_auto_answer(const struct facts *f, const char *qid, enum ctx ctx);

#endif
