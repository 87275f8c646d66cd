/* walk.h: the walk through the tree that the wizard takes, one step at a
 * time: history (Back), re-running a check, answers, actions, and the
 * transcript written as it goes. No drawing here (DESIGN.md): the engine sets
 * state, ui/ draws it. */
#ifndef ENROLLDOC_WALK_H
#define ENROLLDOC_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diagnose.h"
#include "facts.h"
#include "transcript.h"
#include "tree.h"

struct session_step {
    size_t node;                       /* index into tree->nodes */
    enum step_status status;           /* STEP_SKIPPED for info/conclusion, STEP_QUESTION until answered */
    const char *answer;                /* question: the choice taken (static or arena) */
    struct check_result *result;       /* check: the latest evaluation (session arena) */
    const struct finding *finding;     /* check: the finding that decided */
    unsigned runs;                     /* how often the check ran (r re-runs) */
};

enum action_outcome { ACTION_NOT_RUN_BUNDLE, ACTION_DECLINED, ACTION_RAN };

struct session_action {
    const char *id;
    enum ctx ctx;
    char cmdline[512];
    enum action_outcome outcome;
    int exit_code;
    int64_t time;
    const char *output;                /* what it printed (stdout, then stderr), or NULL */
};

/* Called before a check is evaluated on a live client, so that the facts it
 * needs are probed now (and again on a re-run, with AGAIN set). The UI
 * provides it and shows the work while it runs. */
typedef void (*session_probe_fn)(void *ud, const struct check *c, bool again);

struct session {
    struct arena arena;
    session_probe_fn probe;               /* live only; may be NULL */
    void *probe_ud;
    const struct tree *t;
    const struct facts *f;
    bool live;                         /* facts come from the live client */
    enum ctx ctx;                      /* chosen context (CTX_NONE until answered) */
    const char *tmpl;
    int64_t now;
    size_t nsteps, capsteps;
    struct session_step *steps;        /* steps[nsteps-1] is the current one */
    size_t nactions, capactions;
    struct session_action *actions;
    struct transcript *tr;             /* borrowed; may be NULL */
};

/* Starts a walk on F over T at the tree's start. S->probe and S->probe_ud,
 * when set by the caller beforehand, are kept (live walks). TMPL overrides the bundle's
 * template (NULL = keep). SOURCE names where the facts come from for the
 * transcript ("live", "demo", a bundle's path). TR (may be NULL) receives
 * every event. The session
 * borrows F, T and TR. Returns 0 or -1 (out of memory). Free with
 * session_free(). */
int session_start(struct session *s, const struct tree *t, const struct facts *f,
                  const char *tmpl, int64_t now, bool live, const char *source,
                  struct transcript *tr);
void session_free(struct session *s);

const struct session_step *session_current(const struct session *s);
const struct node *session_node(const struct session *s, const struct session_step *st);

/* Moves on from the current step: info → next; check → the branch its
 * result chooses; question → the branch of CHOICE (required; -1 when it is
 * not a choice of the question). Returns 0, 1 when the current node is a
 * conclusion (nothing follows), -1 on error. */
int session_advance(struct session *s, const char *choice);
/* Goes one step back (the previous step keeps its result). Returns 0, or 1
 * at the first step. */
int session_back(struct session *s);
/* Evaluates the current check again (live: probes again). Returns 0, or 1
 * when the current step is not a check. */
int session_rerun(struct session *s);
/* The choice a question has by default: the bundle's answer, the context
 * the facts give, else NULL. */
const char *session_default_choice(const struct session *s, const struct node *n);

/* Records an action as offered and its outcome; OUTPUT (may be NULL) is
 * copied, at most 16 KiB of it. */
int session_record_action(struct session *s, const char *id, const char *cmdline,
                       enum action_outcome outcome, int exit_code, const char *output);
bool session_actions_ran(const struct session *s);

/* A full diagnosis of the facts in the session's context (for the summary
 * and the report). Caller frees with diagnosis_free(). */
int session_diagnose(const struct session *s, struct diagnosis **out, struct err *e);

#endif
