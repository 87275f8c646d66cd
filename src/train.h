/* train.h: training mode. A scenario (a bundle, built in or a trainer's own
 * file) is walked through the tree like in the wizard, but at each step the
 * trainee decides first and only then sees the real result:
 *   - at a check node: "What will this check show?" (OK, unknown, or the
 *     titles of findings this check or its branch can report);
 *   - at an info node that opens a part of the walk: "Which check comes
 *     next?" (the real next check node and two others from the tree);
 *   - at a question node: the question itself, answered from the story.
 * Wrong choices are kept and explained; the debrief compares the path taken
 * with the shortest path (diagnose's walk) and scores the decisions.
 *
 * Curses-free: the UI (ui/screen_train.c) draws what this module decides.
 * Every text comes from the catalogs (train.*, finding.*, check.*, node.*),
 * so both languages work. Decisions and their choices are deterministic: the
 * same scenario always asks the same things in the same order. */
#ifndef ENROLLDOC_TRAIN_H
#define ENROLLDOC_TRAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "diagnose.h"
#include "err.h"
#include "facts.h"
#include "lang.h"
#include "tree.h"
#include "session.h"

/* A built-in scenario: checks/training/<id>.json, embedded at build time
 * (cmake/embed_dir.cmake). Its title and story are its meta.title and
 * meta.description, each {"en": ..., "de": ...} as a trainer's file may
 * have them too (see struct meta). */
struct train_builtin {
    const char *id;
    const unsigned char *data;   /* the file's bytes, NUL-terminated */
    size_t len;                  /* without the NUL */
};

/* The built-in scenarios, sorted by id; *N receives their number. Static
 * data, never freed. */
const struct train_builtin *train_builtins(size_t *n);
/* The built-in scenario ID, or NULL. */
const struct train_builtin *train_builtin_find(const char *id);

enum train_kind {
    TRAIN_OUTCOME,     /* at a check: what will it show? */
    TRAIN_NEXT,        /* at an info node: which check comes next? */
    TRAIN_QUESTION     /* at a question node: the question, from the story */
};

enum train_phase {
    TRAIN_SHOW,        /* a node without a decision (an introduction): continue */
    TRAIN_DECIDE,      /* the decision is open (perhaps after wrong tries) */
    TRAIN_RESULT,      /* a check's decision is resolved: the real result is shown */
    TRAIN_END          /* the walk reached its conclusion: the debrief */
};

#define TRAIN_MAX_CHOICES 4

struct train_choice {
    /* TRAIN_OUTCOME: "ok", "unknown" or a finding id; TRAIN_NEXT: a node id;
       TRAIN_QUESTION: a choice id. Static or owned by the tree / registry. */
    const char *id;
    const struct node *node;   /* TRAIN_NEXT: the check node chosen (borrowed from the tree) */
    bool right;
    bool tried;        /* chosen, and it was wrong */
};

struct train_decision {
    enum train_kind kind;
    const struct node *node;      /* the node it is taken at */
    size_t step;                  /* the walk's length when it was taken (train_back) */
    const struct node *target;    /* TRAIN_NEXT: the check node that really comes next */
    size_t nchoices;
    struct train_choice choices[TRAIN_MAX_CHOICES];
    size_t answer;                /* index of the right choice that is the real answer */
    size_t order[TRAIN_MAX_CHOICES]; /* wrong choices in the order they were made */
    unsigned wrong;               /* number of wrong choices */
    bool scored;                  /* false when every choice is right (nothing to decide) */
    bool resolved;                /* answered right, or revealed */
    bool revealed;                /* the trainee asked for the answer */
};

struct train_score {
    size_t decisions;   /* scored decisions taken */
    size_t first_try;   /* of them, right at the first try */
    size_t wrong;       /* wrong choices over all decisions */
    size_t revealed;    /* decisions whose answer was shown on request */
    size_t shortest;    /* check steps of the shortest path to the cause (diagnose's walk) */
    size_t walked;      /* check steps walked */
    size_t taken;       /* steps the trainee took: checks walked plus every wrong choice */
    unsigned percent;   /* first_try * 100 / decisions, rounded; 100 when nothing was scored */
};

struct train;   /* opaque */

/* Starts a training on F (OWN: the training frees F; else F must outlive
 * it) over T (borrowed; must outlive it). ID is the built-in scenario's id,
 * or NULL for a trainer's file. The title and story are F's meta.title and
 * meta.description in the language asked for; NAME (copied; may be NULL)
 * stands in for a missing title. NOW is used when the facts have no
 * collection time.
 * Returns 0 and a new training in *OUT (free with train_free), or -1 with E
 * set (out of memory). */
int train_begin(struct train **out, const struct tree *t, struct facts *f, bool own,
                const char *id, const char *name, int64_t now, struct err *e);
/* The built-in scenario ID. Returns 0, or -1 with E set (unknown scenario:
 * error.train.unknown with argument id; invalid data: the bundle error). */
int train_begin_builtin(struct train **out, const struct tree *t, const char *id, int64_t now,
                        struct err *e);
/* A trainer's scenario on facts F (OWN: the training frees F), loaded from
 * PATH: meta.title and meta.description are the title and story (the file
 * name when it has no title). Returns 0, or -1 with E set (out of memory). */
int train_begin_facts(struct train **out, const struct tree *t, struct facts *f, bool own,
                      const char *path, int64_t now, struct err *e);
/* A trainer's scenario file PATH (bundle v1): its meta.title and
 * meta.description are the title and story (the file name when it has no
 * title). Returns 0, or -1 with E set (as bundle_load). */
int train_begin_file(struct train **out, const struct tree *t, const char *path, int64_t now,
                     struct err *e);
/* Frees T and everything it owns; T may be NULL. */
void train_free(struct train *t);

/* The scenario's title and story in L's language: its meta texts (the file
 * name when it has no title). Borrowed from T. The story may be "". */
const char *train_title(const struct train *t, const struct locale *l);
const char *train_story(const struct train *t, const struct locale *l);
/* The title (STORY false) or story of built-in scenario B in LANG, for a
 * list of scenarios before one starts: written into BUF (SIZE bytes), which
 * it returns; the id when the scenario has no title. */
const char *train_builtin_text(const struct train_builtin *b, enum lang lang, bool story, char *buf,
                               size_t size);
/* The built-in id, or NULL for a trainer's file. */
const char *train_id(const struct train *t);
/* The facts trained on (borrowed from T). */
struct facts *train_facts(struct train *t);

enum train_phase train_phase(const struct train *t);
/* The walk and its current node / step (borrowed from T). */
const struct session *train_walk(const struct train *t);
const struct node *train_node(const struct train *t);
const struct session_step *train_step(const struct train *t);
/* The open or last decision of the current step, or NULL when the step has none. */
const struct train_decision *train_current(const struct train *t);

/* Chooses choice I of the current decision. Returns 1 when it is right (a
 * check's decision moves to TRAIN_RESULT; a next-check or question decision
 * moves the walk on at once), 0 when wrong (explained, the decision stays
 * open), -1 when there is no open decision or I is not a choice that can
 * still be taken. */
int train_choose(struct train *t, size_t i);
/* Gives up on the current decision: shows the answer (as train_choose of the
 * answer, but counted as revealed). Returns 0, or -1 when nothing is open. */
int train_reveal(struct train *t);
/* Moves on from TRAIN_SHOW or TRAIN_RESULT. Returns 0, 1 when the walk has
 * reached its conclusion (TRAIN_END), -1 when nothing may move now or out of
 * memory. */
int train_continue(struct train *t);

/* Goes back to the decision before the one shown now: the walk returns to
 * its step, the decisions after it are dropped (they are asked again), and
 * it is shown as it was left: a check's with its result, the others open
 * again for a new choice (the wrong tries stay counted). Returns 0, or 1
 * when there is no earlier decision (nothing changed). */
int train_back(struct train *t);

/* The decisions taken so far, oldest first (borrowed from T). */
size_t train_ndecisions(const struct train *t);
const struct train_decision *train_decision_at(const struct train *t, size_t i);
/* The score so far (at TRAIN_END: the final one). */
void train_score(const struct train *t, struct train_score *s);
/* The shortest path: the walk diagnose takes on the facts (borrowed). */
const struct diagnosis *train_diagnosis(const struct train *t);

/* Texts of a decision, in L's language; borrowed from L unless BUF is
 * given and used. */
/* The prompt: "What will this check show?" / "Which check comes next?" / the question. */
const char *train_prompt(const struct train_decision *d, const struct locale *l);
/* The label of choice I (a finding title, a node title, a question's choice). */
const char *train_choice_label(const struct train_decision *d, size_t i, const struct locale *l);
/* What choice I would have meant: the finding's meaning, check.<id>.ok or
 * .unknown, or the chosen check's "why"; NULL for a question's choice. */
const char *train_choice_meaning(const struct train_decision *d, size_t i, const struct locale *l);
/* Why choice I is not the answer here, in relation to the walk (a next
 * check that comes later or belongs to another part; a question that does
 * not fit the story), into BUF; NULL when there is nothing to add. */
const char *train_choice_relation(const struct train *t, const struct train_decision *d, size_t i,
                                  const struct locale *l, char *buf, size_t size);

/* Writes the debrief as Markdown: the training section (score, path taken
 * against the shortest path, every decision with its wrong tries explained)
 * followed by the report of the walk (src/report.h). NOW and USER go into
 * the report's header. Returns 0, or -1 (out of memory, write error). */
int train_write_markdown(const struct train *t, const struct locale *l, int64_t now,
                         const char *user, FILE *out);
/* Saves the debrief into DIR as "training_<ID>_YYYYMMDD-HHMMSS.md" (never
 * replacing a file) and stores the path in PATH. Returns 0, or -1 with E set
 * (error.report.write with file and reason). */
int train_save(const struct train *t, const struct locale *l, const char *dir, int64_t now,
               const char *user, char *path, size_t size, struct err *e);

#endif
