/* check.h: what a check is. A check is a pure function from facts to
 * findings: it never probes and never draws (DESIGN.md). One file per check
 * under checks/, each exporting a `const struct check`, all listed in
 * checks/registry.c. */
#ifndef ENROLLDOC_CHECK_H
#define ENROLLDOC_CHECK_H

#include "platform/attributes.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "facts.h"

enum severity { SEV_INFO = 0, SEV_WARNING = 1, SEV_ERROR = 2 };
/* A check's outcome: OK (nothing wrong; info findings allowed), WARN, FAIL,
 * UNKNOWN (facts missing: it claims nothing). */
enum status { ST_OK = 0, ST_WARN, ST_FAIL, ST_UNKNOWN };

#define FINDING_MAX_ACTIONS 4
#define FINDING_MAX_EVIDENCE 12

/* The fixed part of a finding, from spec/findings.md. */
struct finding_def {
    const char *id;                               /* stable, e.g. "aepolicy.enroll-off" */
    enum severity sev;
    const char *actions[FINDING_MAX_ACTIONS];     /* action ids, NULL-terminated */
};

/* What an evidence value is, so that JSON keeps the fact's own type. */
enum evidence_type {
    EVT_STRING = 0,      /* text, e.g. "0x800706BA RPC_S_SERVER_UNAVAILABLE" */
    EVT_NUMBER,          /* an integer; VALUE holds its digits */
    EVT_BOOL,            /* VALUE is "true" or "false" */
    EVT_NULL,            /* the fact is null (a task never run); VALUE is "null" */
    EVT_RIGHTS,          /* access rights, ", "-separated, by their stable English
                            names ("Enroll, AutoEnroll"): JSON keeps them as a
                            string, text shows each as catalog "right.<name>" */
};

struct evidence {
    const char *key;     /* stable key, e.g. "aepolicy"; label in catalog "evidence.<key>" */
    const char *value;   /* as written, e.g. "0x0"; owned by the result's arena (or static) */
    enum evidence_type type;
};

struct finding {
    const struct finding_def *def;
    enum ctx ctx;
    size_t nevidence;
    struct evidence evidence[FINDING_MAX_EVIDENCE];
};

#define RESULT_MAX_MISSING 8

struct check_result {
    struct arena *arena;          /* where evidence strings and findings live */
    size_t nfindings, capfindings;
    struct finding *findings;
    size_t nmissing;
    const char *missing[RESULT_MAX_MISSING];  /* JSON paths of facts that were absent */
    enum status status;           /* set by check_eval() after run() */
};

/* What a check is evaluated against. */
struct evlog;

struct eval {
    const struct facts *f;
    enum ctx ctx;                 /* CTX_USER, CTX_MACHINE, or CTX_NONE when unknown */
    const char *tmpl;             /* the template of interest, or NULL = any */
    int64_t now;                  /* meta.collected_at, else the current time */
    const struct evlog *events;   /* the analysis of f's events with f's accounts
                                     (evlog_analyse), when the caller has it
                                     already; NULL: the events check makes it */
};

struct check {
    const char *id;                         /* stable, e.g. "aepolicy" */
    const struct finding_def *defs;         /* the findings it can report */
    size_t ndefs;
    void (*run)(const struct eval *ev, struct check_result *r);
    /* The groups of facts run() reads, FACTS_BIT(FACTS_...) or'd (facts.h),
     * as a tmux cmd_entry declares its arguments: a live source collects
     * exactly these before the check runs, and run() must decide the same
     * on facts that hold nothing else (tests/unit/test_probe.c checks it). */
    unsigned needs;
};

/* Adds a finding for DEF in EV's context; NULL when out of memory. The
 * finding is owned by R. */
struct finding *result_add(struct check_result *r, const struct eval *ev,
                           const struct finding_def *def);
/* Adds evidence KEY (a static string) with a printf-formatted value. At most
 * FINDING_MAX_EVIDENCE items; further ones are dropped. */
void finding_evidence(struct check_result *r, struct finding *f, const char *key,
                      const char *fmt, ...) ENROLLDOC_PRINTF(4, 5);
/* Evidence KEY as a number, a boolean, or null (JSON writes them so). */
void finding_evidence_int(struct check_result *r, struct finding *f, const char *key, long long v);
void finding_evidence_bool(struct check_result *r, struct finding *f, const char *key, bool v);
void finding_evidence_null(struct check_result *r, struct finding *f, const char *key);
/* Evidence KEY as a list of access rights: NAMES (copied) is ", "-separated
 * stable names, each one of Read, Write, Enroll, AutoEnroll, FullControl,
 * RequestCertificates. */
void finding_evidence_rights(struct check_result *r, struct finding *f, const char *key,
                             const char *names);
/* Evidence KEY as an error code: "0x800706BA RPC_S_SERVER_UNAVAILABLE". */
void finding_evidence_code(struct check_result *r, struct finding *f, const char *key,
                           uint32_t code);
/* Records that the fact at PATH (a static string such as
 * "facts.aepolicy.user") was needed and absent. */
void result_missing(struct check_result *r, const char *path);
/* Records the per-context fact BASE.<context> ("facts.aepolicy" ->
 * "facts.aepolicy.user") as missing; the path lives in R's arena. */
void result_missing_ctx(struct check_result *r, const char *base, enum ctx c);

/* Runs C against EV into R (which must have its arena set) and sets
 * R->status: FAIL/WARN/OK from the most severe finding, UNKNOWN when there is
 * no finding and a needed fact was missing. */
void check_eval(const struct check *c, const struct eval *ev, struct check_result *r);

/* The registry (checks/registry.c). */
const struct check *const *check_all(size_t *n);
const struct check *check_find(const char *id);
/* The definition of finding ID across all checks, or NULL. */
const struct finding_def *finding_def_find(const char *id);

const char *severity_name(enum severity s);   /* "error", "warning", "info" */
const char *status_name(enum status s);       /* "ok", "warn", "fail", "unknown" */

#endif
