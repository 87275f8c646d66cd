/* report.h: the report an operator attaches to a ticket, made from a
 * diagnosis (`enrolldoc diagnose --report FILE`) or from the wizard's walk
 * (key `s`), and written as Markdown, HTML (one self-contained file) or JSON
 * ("enrolldoc-report/1"), every text in the locale's language.
 *
 * Two steps: fill a `struct report` (report_from_diagnosis / report_from_walk),
 * then write it (report_write_markdown / _html / _json, or report_write_file,
 * which picks the format from the file name). The report borrows the
 * diagnosis / walk it was made from (findings, steps and nodes point into
 * them); strings given through `struct report_origin` and report_add_action
 * are copied. */
#ifndef ENROLLDOC_REPORT_H
#define ENROLLDOC_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "check.h"
#include "diagnose.h"
#include "err.h"
#include "facts.h"
#include "lang.h"
#include "tree.h"
#include "session.h"

/* What the caller knows that the facts do not. The CLI and the wizard pass
 * the real values (platform_now(), platform_username()); tests pass fixed
 * ones so that the output is byte for byte reproducible. */
struct report_origin {
    const char *bundle;       /* the bundle file as the operator named it; NULL = live client */
    int64_t generated_at;     /* when the report is made (seconds since the epoch) */
    const char *user;         /* who ran enrolldoc ("DOMAIN\\name"); NULL or "" = unknown */
    const char *host;         /* used when the facts have no meta.host; NULL = unknown */
};

/* One step of the path through the tree. */
struct report_step {
    const struct node *node;
    enum step_status status;
    const char *answer;                  /* question: the choice taken, or NULL */
    const struct check_result *result;   /* check: its result (findings with evidence, missing facts), or NULL */
    const struct finding *finding;       /* check: the finding that decided, or NULL */
};

/* An action that was offered in the wizard and what became of it. */
struct report_action {
    const char *id;                      /* action id (findings.md, table Actions) */
    enum ctx ctx;
    const char *cmdline;                 /* the command as shown before running; "" for internal ones */
    enum action_outcome outcome;
    int exit_code;                       /* meaningful when outcome is ACTION_RAN */
    int64_t time;                        /* 0 = unknown */
    const char *output;                  /* what it printed, or NULL when not recorded */
};

/* An action the findings offer (not run): for the "suggested" section. */
struct report_suggestion {
    const char *id;
    enum ctx ctx;
    const char *cmdline;                 /* "" for internal actions and when the template is missing */
    bool needs_template;                 /* enroll.manual without an acceptable template name */
    bool template_refused;               /* ... because the name given cannot be pasted safely */
    size_t nfor;
    const struct finding **for_findings; /* the findings that offer it */
};

struct report {
    struct arena arena;                  /* the report's own strings and arrays */
    const struct facts *f;               /* borrowed */
    const char *host;                    /* NULL = unknown */
    bool has_collected_at;
    int64_t collected_at;
    int64_t generated_at;
    const char *user;                    /* NULL = unknown */
    const char *title;                   /* meta.title (training scenarios), or NULL */
    const char *title_de;                /* its German text when the bundle has one, or NULL */
    enum ctx ctx;                        /* CTX_NONE = not determined */
    const char *tmpl;                    /* NULL = any template */
    const char *bundle;                  /* NULL = live client */
    size_t nsteps;
    struct report_step *steps;
    bool ends_at_question;
    size_t nfindings;
    const struct finding *const *findings;   /* errors first, as the diagnosis has them */
    size_t nsuggested;
    struct report_suggestion *suggested;
    size_t nactions, capactions;
    struct report_action *actions;
};

/* A report of diagnosis D (borrowed: it must outlive the report). Returns 0
 * and a new report in *OUT (free with report_free), or -1 with E set (out of
 * memory). */
int report_from_diagnosis(const struct diagnosis *d, const struct report_origin *o,
                          struct report **out, struct err *e);
/* A report of the wizard's walk W: the path it took, the findings of D (the
 * full diagnosis of the walk's facts, session_diagnose()), and the actions
 * recorded in W. W and D are borrowed and must outlive the report. Returns 0
 * and a new report in *OUT (free with report_free), or -1 with E set. */
int report_from_walk(const struct session *w, const struct diagnosis *d, const struct report_origin *o,
                     struct report **out, struct err *e);
/* Frees R and everything it owns; R may be NULL. */
void report_free(struct report *r);

/* Appends an action to R; every string is copied (OUTPUT may be NULL).
 * Returns 0, or -1 when out of memory. */
int report_add_action(struct report *r, const char *id, enum ctx ctx, const char *cmdline,
                      enum action_outcome outcome, int exit_code, int64_t time, const char *output);

/* Writers. Every text in L's language; every value taken from the client is
 * escaped for the format. Return 0, or -1 when out of memory or the stream
 * failed. */
int report_write_markdown(const struct report *r, const struct locale *l, FILE *out);
int report_write_html(const struct report *r, const struct locale *l, FILE *out);
int report_write_json(const struct report *r, const struct locale *l, FILE *out);

enum report_format { REPORT_MARKDOWN, REPORT_HTML, REPORT_JSON };

/* The format PATH's extension asks for (case-insensitive: .md, .markdown,
 * .html, .htm, .json). Returns 0, or -1 with E set to error.report.format
 * (argument file). */
int report_format_from_path(const char *path, enum report_format *fmt, struct err *e);
/* Writes R to the new file PATH in the format its extension names (created
 * by file_create: an existing name is refused, a link never followed; mode
 * 0600; synced to the disk). Returns 0, or -1 with E set:
 * error.report.format (file), error.report.write (file, reason). A file
 * that could not be written completely is removed. */
int report_write_file(const struct report *r, const struct locale *l, const char *path, struct err *e);
/* As report_write_file, but when PATH (a buffer of SIZE bytes) is taken,
 * writes "NAME-2.EXT", "NAME-3.EXT", ... instead and leaves the name used
 * in PATH (for reports saved under a generated name). */
int report_write_new(const struct report *r, const struct locale *l, char *path, size_t size,
                     struct err *e);

/* What `diagnose --report PATH` does: a report of D (made from the bundle
 * BUNDLE, NULL = live) with the current time and user name, written to PATH
 * in L's language. Returns 0, or -1 with E set (as report_write_file, or
 * error.memory). */
int report_save_diagnosis(const struct diagnosis *d, const char *bundle, const struct locale *l,
                          const char *path, struct err *e);

/* A file name for a saved report, "enrolldoc_HOST_YYYYMMDD-HHMMSSZ.EXT",
 * HOST reduced to letters, digits, '-' and '_' ("client" when empty), into
 * BUF. EXT without the dot ("html"). Returns BUF. */
char *report_default_name(const char *host, int64_t t, const char *ext, char *buf, size_t size);

#endif
