/* session.h: THE engine (DESIGN.md, "How data flows"): one troubleshooting
 * session through the tree, used by the curses wizard, the plain line mode,
 * training, diagnose and reports alike. It owns the walk (the history that
 * Back returns along, each step keeping its result), the answers, the live
 * probing (exactly the fact groups a check declares, when the check is
 * reached), the actions (run only after the operator confirmed, through
 * src/actions.c and the platform runner, their outcome turned into facts),
 * the transcript and what undo needs on disk. A front end draws the view
 * the engine gives (session_view) and passes the operator's moves back
 * (session_advance, session_back, session_rerun, session_run_action, ...);
 * it never runs a process, probes or writes the transcript itself. Long
 * work reports progress through a callback between its steps, so that a
 * front end stays responsive and may ask to stop waiting. */
#ifndef ENROLLDOC_SESSION_H
#define ENROLLDOC_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actions.h"
#include "arena.h"
#include "candidates.h"
#include "diagnose.h"
#include "err.h"
#include "facts.h"
#include "lang.h"
#include "platform/platform.h"
#include "probe.h"
#include "transcript.h"
#include "tree.h"

struct session_step {
    size_t node;                       /* index into tree->nodes */
    enum step_status status;           /* STEP_SKIPPED for info/conclusion, STEP_QUESTION until answered */
    const char *answer;                /* question: the choice taken (static or arena) */
    struct check_result *result;       /* check: the latest evaluation (session arena) */
    const struct finding *finding;     /* check: the finding that decided */
    unsigned runs;                     /* how often the check ran (r re-runs) */
    enum ctx ctx;                      /* the context in effect when it ran */
    bool asks_template;                /* check: it needs a template and none is known:
                                          the step asks "Which template?" (session_set_template) */
};

enum action_outcome { ACTION_NOT_RUN_BUNDLE, ACTION_DECLINED, ACTION_RAN };

struct session_action {
    const char *id;
    enum ctx ctx;
    char cmdline[512];
    enum action_outcome outcome;
    int exit_code;                     /* -1 when it timed out */
    int64_t time;
    const char *output;                /* what it printed (stdout, then stderr), or NULL */
};

/* What the engine is busy with, for a front end to show while it waits:
 * WHAT is a catalog key ("session.work.probing"), ARG a catalog key of the
 * thing ("probe.tasks") or NULL, TEXT a literal (a command line) or NULL. */
struct session_work {
    const char *what;
    const char *arg;
    const char *text;
    int64_t started_ms;                /* platform_monotonic_ms() when it began */
    int64_t limit_ms;                  /* the most it may take (0: not said) */
};
/* Called between the steps of long work (at least every 250 ms while the
 * engine waits). Returns false when the operator wants to stop waiting
 * (quit): the engine then ends the wait early, never a running program. */
typedef bool (*session_progress_fn)(void *ud, const struct session_work *w);

/* How the engine reaches the client. The default (NULL members) is this
 * computer: the probes of src/probe.c and platform_run(); tests put fakes
 * in their place. */
struct session_client {
    /* Fills group G of F within TIMEOUT_MS; as platform_probe(). */
    int (*probe)(void *ud, struct facts *f, enum probe_group g, int timeout_ms, struct probe_note *note);
    /* Runs ARGV; as platform_run(). */
    int (*run)(void *ud, const char *const *argv, int timeout_ms, struct proc_result *r, struct err *e);
    /* Waits MS milliseconds (default platform_sleep_ms). */
    void (*sleep)(void *ud, int ms);
    void *ud;
};

/* How a session begins. */
struct session_start {
    const struct tree *t;              /* borrowed; outlives the session */
    struct facts *f;                   /* borrowed; NULL with LIVE: made and owned by the session */
    bool live;                         /* the facts come from this client, probed as checks need them */
    const char *tmpl;                  /* the template of interest (NULL: the bundle's) */
    bool ctx_given;                    /* a context given up front (else asked, or from the facts) ... */
    enum ctx ctx;                      /* ... this one */
    int64_t now;
    const char *source;                /* for the transcript: "live", "demo", a bundle's path */
    const char *state_dir;             /* transcripts and undo records go here; NULL: none */
    const struct session_client *client; /* NULL: this computer */
    session_progress_fn progress;      /* may be NULL */
    void *progress_ud;
};

/* LogLevel as it was before loglevel.raise, kept on disk until restored. */
struct session_undo {
    bool pending;                      /* a raise that was not restored yet */
    bool was_set;                      /* the value existed ... */
    int64_t previous;                  /* ... with this value (absent: restore deletes it) */
    char path[4200];                   /* the record in the state folder */
};

struct session {
    struct arena arena;
    const struct tree *t;
    struct facts *f;
    struct facts *owned;               /* F when the session made it (live) */
    bool live;
    enum ctx ctx;                      /* chosen context (CTX_NONE until answered) */
    enum ctx ctx_hint;                 /* the context the facts or the command line give */
    const char *tmpl;
    int64_t now;
    size_t nsteps, capsteps;
    struct session_step *steps;        /* steps[nsteps-1] is the current one */
    size_t nactions, capactions;
    struct session_action *actions;
    struct probe_notes notes;          /* live: why a group stayed unknown */
    struct transcript *tr;             /* owned; NULL when not kept */
    struct session_client client;
    session_progress_fn progress;
    void *progress_ud;
    struct session_undo undo;
    enum lang lang;                    /* the language the operator reads (files written in it) */
    char state_dir[4096];              /* "" when none */
    /* What the last move did, for the front end's status line (a catalog
     * key and its arguments; key NULL when there is nothing to say). */
    struct err msg;
    /* The candidate templates (candidates.h), made when a step first asks
     * which template is meant; most likely first. */
    struct candidate *cands;
    size_t ncands;
};

/* Starts a session as O says, at the tree's start. Live: the session's
 * facts are made here and the logon session is probed first (it decides
 * what the machine context can see). An unrestored LogLevel change from an
 * earlier run is found in the state folder (session_undo_pending). Returns
 * 0, or -1 with E set (out of memory). Free with session_free(). */
int session_begin(struct session *s, const struct session_start *o, struct err *e);
/* Ends the session: the transcript is synced and closed. */
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
/* Evaluates the current check again (live: probes its groups again).
 * Returns 0, or 1 when the current step is not a check. */
int session_rerun(struct session *s);
/* The choice a question has by default: the bundle's answer, the context
 * the facts or the command line give, else NULL. */
const char *session_default_choice(const struct session *s, const struct node *n);
/* The operator switched the language to L (recorded; files such as the
 * events export are written in it). */
void session_set_lang(struct session *s, enum lang l);
/* Whether the current step asks which template is meant: a check that
 * needs a template, and none was named (--template, the bundle, an answer
 * before). The front end shows it as a question whose choices are the
 * candidates (session_template_candidates; the first is the default) and
 * "another name"; the answer goes to session_set_template. */
bool session_asks_template(const struct session *s);
/* The candidate templates, most likely first, into *OUT (borrowed from the
 * session). Returns how many (0: none; the operator types a name). */
size_t session_template_candidates(const struct session *s, const struct candidate **out);
/* Makes NAME (copied) the template of interest and evaluates the current
 * check again with it. Returns 0, 1 when NAME is empty, -1 when out of
 * memory. */
int session_set_template(struct session *s, const char *name);
/* Walks on from the current step as far as the facts answer the questions
 * (what diagnose does). Returns 0, or -1 when out of memory; *ENDS_AT_QUESTION
 * says whether it stopped at a question the facts do not answer. */
int session_walk_auto(struct session *s, bool *ends_at_question);

/* ---- actions ---- */

/* An action as a front end offers it. */
struct session_offer {
    const char *id;
    const struct action_def *def;
    char cmdline[600];                 /* the exact command, "" for internal ones or when none can be made */
    bool can_run;                      /* live, and the command could be made */
    const char *why_not;               /* catalog key saying why it cannot run, or NULL */
};
/* The actions the current step offers: those of its findings and of its
 * node, each once; at most MAX into OUT. Returns how many. */
size_t session_offers(const struct session *s, struct session_offer *out, size_t max);
/* The offer of action ID in the current context. Returns 0, or -1 when ID
 * is no action. */
int session_offer(const struct session *s, const char *id, struct session_offer *out);
/* Runs action ID after the operator CONFIRMED it (not confirmed: recorded
 * as declined; on recorded facts: recorded as not run). Commands run
 * without a shell with their deadline; the outcome is recorded (transcript,
 * report) and turned into facts: certreq's status and code become an
 * enroll result; after pulse or gpupdate the groups they touch are probed
 * again once the task has run (at most SESSION_SETTLE_MS, with progress);
 * loglevel.raise keeps the previous value on disk first. The current check
 * is evaluated again. S->msg says what happened. Returns 0, or -1 when out
 * of memory. */
int session_run_action(struct session *s, const char *id, bool confirmed);
/* Records action ID as offered with its outcome; OUTPUT (may be NULL) is
 * copied, at most 16 KiB of it. */
int session_record_action(struct session *s, const char *id, const char *cmdline,
                          enum action_outcome outcome, int exit_code, const char *output);
bool session_actions_ran(const struct session *s);
/* Whether a LogLevel change waits to be restored (this run's or an earlier
 * one's that a crash or a closed console left behind). */
bool session_undo_pending(const struct session *s);

/* How long the engine waits after pulse or gpupdate for the task to run
 * before it looks again: 60 s, less when the task is seen back at rest. */
#define SESSION_SETTLE_MS 60000
/* The deadline of an action's program: 5 minutes (certreq to a slow CA). */
#define SESSION_ACTION_MS 300000

/* ---- results ---- */

/* A full diagnosis of the facts in the session's context with the session's
 * own path (for the summary and the report). Caller frees with
 * diagnosis_free(). */
int session_diagnose(const struct session *s, struct diagnosis **out, struct err *e);
/* What `diagnose` does: a session on F over T (borrowed) walked as far as
 * the facts answer, then the diagnosis. CTX / TMPL override the bundle's
 * (CTX_NONE / NULL: keep); NOW is used when the bundle has no collection
 * time. Returns 0 and a new diagnosis in *OUT (free with diagnosis_free; it
 * borrows F and T), or -1 with E set. */
int session_diagnose_facts(const struct facts *f, const struct tree *t, enum ctx ctx, const char *tmpl,
                           int64_t now, struct diagnosis **out, struct err *e);
/* The transcript's file, or NULL when none is kept. */
const char *session_transcript(const struct session *s);

#endif
