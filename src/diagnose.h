/* diagnose.h: a diagnosis: every check evaluated on one set of facts, the
 * findings in order, and the path a session took through the tree
 * (src/session.c walks it: there is one walker). The result is what
 * `diagnose` prints and what reports are made of. */
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

/* Diagnose without a template named: how one candidate template fared
 * (candidates.h), in a diagnosis of its own. */
struct diag_candidate {
    const char *tmpl;                  /* the candidate */
    const char *finding;               /* the deciding finding: the walk's last step with one; NULL: none */
    const char *status;                /* "fail" (an error finding), "warn" (warnings only) or "ok" */
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
    size_t nchecks;                    /* every check (check_all) ... */
    const struct check *const *checks;
    struct check_result *res[CTX_COUNT + 1]; /* ... and its result per context, evaluated once */
    size_t ncontradictions;            /* facts that cannot both be true, in all */
    struct contradiction contradictions[8]; /* the first of them */
    size_t ncandidates;                /* diagnose without a template: every candidate, most */
    const struct diag_candidate *candidates; /* likely first (borrowed; NULL: none evaluated) */
};

/* Evaluates every check on F in each context asked: CTX / TMPL override the
 * bundle's (CTX_NONE / NULL: keep; no context at all: each one F has facts
 * for); NOW is used when the bundle has no collection time. The path is
 * left empty (session_diagnose fills it). Returns 0 and a new diagnosis in
 * *OUT (free with diagnosis_free; it borrows F, which must outlive it), or
 * -1 with E set (out of memory). */
int diagnose_findings(const struct facts *f, enum ctx ctx, const char *tmpl, int64_t now,
                      struct diagnosis **out, struct err *e);
/* The result of check C in context CTX on D's facts, evaluated once and
 * kept in D; NULL when C is no known check or out of memory. */
const struct check_result *diagnosis_result(struct diagnosis *d, const struct check *c, enum ctx ctx);
/* Room for a path of N steps in D (zeroed; D->nsteps = N). NULL when out
 * of memory. */
struct diag_step *diagnosis_path(struct diagnosis *d, size_t n);
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
