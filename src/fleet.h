/* fleet.h: many clients at once (`enrolldoc fleet`): the engine part. Reads
 * bundles and `diagnose --json` documents from files and folders, evaluates
 * each bundle with the engine `diagnose` uses (session_diagnose_facts), keeps
 * the latest document per host and context (unless all times are asked
 * for), filters, and sums the findings up by the branch of the documents
 * they belong to. It prints nothing: src/fleet_out.c writes the text, JSON,
 * CSV and NDJSON forms.
 *
 * Which template: a bundle that names one is diagnosed for it; one that
 * names none is diagnosed for its most likely candidate (candidates.h), the
 * one `diagnose` reports on in its "template" member, so that a fleet of
 * bundles and a fleet of their `diagnose --json` documents say the same.
 *
 * Identity: a client is a host and a context. A document without a host
 * stays a client of its own (its file names it), never merged with others.
 * Hosts compare without regard to ASCII case, as Windows names them. Of the
 * documents of one client the latest collected_at is kept (a document
 * without a time counts as the oldest; of two with the same time the first
 * read stays); FLEET_ALL_TIMES keeps every document.
 *
 * The trend: from every document that passes the time and host filters
 * (before the latest per client is kept), per UTC day of collected_at, how
 * many clients have a document that day and how many of them failed: their
 * latest document of that day has an error finding (with a finding filter:
 * reports that finding). A document without a time has no day. */
#ifndef ENROLLDOC_FLEET_H
#define ENROLLDOC_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "err.h"
#include "lang.h"
#include "strmap.h"
#include "tree.h"

/* What a fleet is narrowed to. */
struct fleet_opts {
    bool all_times;              /* keep every document, not the latest per client */
    bool has_since;
    int64_t since;               /* only documents collected at or after (those without
                                    a time are left out) */
    const char *finding;         /* only clients (after keeping the latest) that report
                                    this finding id; NULL: all */
    const char *host;            /* only hosts matching this pattern (* and ?, ASCII
                                    case ignored); NULL: all */
    int jobs;                    /* threads that read and evaluate files; 0: one per
                                    processor (at most FLEET_MAX_JOBS) */
};
#define FLEET_MAX_JOBS 64

/* A file found by fleet_add_path and not read yet, or a folder that could
 * not be walked (E: why). */
struct platform_lock;
struct fleet_item {
    char *path;
    struct err *e;
};

/* One finding of a client. */
struct fleet_finding {
    const char *id;              /* owned by the client */
    enum severity sev;
};

/* One client: what one document says. Strings are owned by the client. */
struct fleet_client {
    char *host;                  /* "" when the document names none */
    char *context;               /* "user", "machine", or "" */
    char *tmpl;                  /* the template diagnosed, or "" (any) */
    bool has_time;
    int64_t collected_at;
    char *source;                /* the file, as reached from the PATH given */
    size_t nfindings;
    struct fleet_finding *findings; /* each id once; errors first, then by id */
    bool has_error;
};

/* A file that could not be read, with why (one line, rendered with
 * err_render). */
struct fleet_bad {
    char *path;
    struct err e;
};

/* One finding across the fleet. */
struct fleet_row {
    const char *id;              /* owned by the fleet's clients */
    enum severity sev;
    const char *branch;          /* "A", "B", "C", "CES", "LOG", or "-" (no node of the
                                    tree runs a check that defines it) */
    size_t nclients;
    const char **hosts;          /* the hosts of those clients, sorted, each once (a
                                    client without host: its file) */
    size_t nhosts;
};

/* One UTC day of the trend. */
struct fleet_day {
    int64_t day;                 /* its midnight (UTC), seconds since 1970 */
    size_t clients;              /* clients with a document that day */
    size_t failing;              /* of them those whose latest document of the day failed */
};

/* The trend shows at most this many days: the last ones with data. */
#define FLEET_TREND_DAYS 366

/* A client's latest document of one day, until fleet_finish. */
struct fleet_seen {
    int64_t day, at;
    bool failed;
};

struct fleet {
    struct fleet_opts opts;
    const struct tree *t;        /* borrowed */
    enum lang lang;              /* decides ambiguous dates of imported files */
    size_t nfiles;               /* files looked at (read or not) */
    size_t nroots;
    char **roots;                /* the paths fleet_add_path was given */
    size_t nitems, capitems;
    struct fleet_item *items;    /* while fleet_finish reads: what the walk of the roots
                                    found so far (a drained item's strings are freed) */
    struct platform_lock *lock;  /* while fleet_finish reads: guards the items and the
                                    fleet against the threads */
    size_t nclients, capclients;
    struct fleet_client **clients; /* after fleet_finish: sorted by host, context, time */
    struct strmap index;         /* host (lower case) and context -> its place in clients,
                                    until fleet_finish sorts them */
    size_t nbad, capbad;
    struct fleet_bad *bad;       /* in the order met */
    size_t nrows;
    struct fleet_row *rows;      /* after fleet_finish: by branch (A, B, C, CES, LOG, -),
                                    then most clients first, then severity, then id */
    size_t nerror;               /* clients with an error finding */
    size_t ntrend;
    struct fleet_day *trend;     /* after fleet_finish: every day from the first with a
                                    document to the last, days without one as zero; at most
                                    the last FLEET_TREND_DAYS */
    int64_t trend_first;         /* the first day with a document (before that cap) */
    struct strmap seen_index;    /* "day|host (lower case)|context" -> its place in seen,
                                    until fleet_finish */
    size_t nseen, capseen;
    struct fleet_seen *seen;     /* memory: clients times days */
};

/* A new, empty fleet over tree T (borrowed; must outlive it) with OPTS
 * (copied; its strings borrowed). NULL when out of memory. */
struct fleet *fleet_new(const struct tree *t, const struct fleet_opts *opts, enum lang lang);
void fleet_free(struct fleet *fl);

/* Adds PATH: a file, or a folder walked recursively (entries in byte order
 * of their names; links to folders are not followed inside a folder, only
 * regular files are read, at most FLEET_MAX_DEPTH folders deep). PATH is
 * only noted here; fleet_finish walks it, reading files while the walk
 * goes on. Returns 0, or -1 when out of memory. */
int fleet_add_path(struct fleet *fl, const char *path);
#define FLEET_MAX_DEPTH 32

/* Reads one document TEXT (LEN bytes, no NUL needed after them) named NAME
 * into a new client in *OUT (free with fleet_client_free). Returns 0, or -1
 * with E set. Pure: for tests and for workers. */
int fleet_read_document(const struct tree *t, enum lang lang, const char *name, const char *text,
                        size_t len, struct fleet_client **out, struct err *e);
void fleet_client_free(struct fleet_client *c);
/* Adds client C (taken over: FL frees it) under FL's options: filtered by
 * time and host, and when FL keeps the latest only, in place of an older
 * document of the same client. Returns 0, or -1 when out of memory (C is
 * freed then too). */
int fleet_add_client(struct fleet *fl, struct fleet_client *c);
/* Records that file PATH could not be read, for reason E. -1 when out of memory. */
int fleet_add_bad(struct fleet *fl, const char *path, const struct err *e);

/* Walks the paths added and reads the files found, on several threads
 * (opts.jobs; the walk on one of them, the reading beginning with its first
 * file) but with the same result as on one: each is added in the order the
 * walk found it (fleet_add_client), and a file that cannot be read or is neither a
 * bundle nor a diagnosis document is listed in FL->bad with why. Then
 * applies the finding filter, sorts the clients, sums up the rows and makes
 * the trend. Returns 0, or -1 when out of memory. */
int fleet_finish(struct fleet *fl);

/* The branch of finding ID in T: that of the first node (in the tree's
 * order) that runs the check defining it; "-" when there is none. */
const char *fleet_finding_branch(const struct tree *t, const char *id);
/* Whether HOST matches PATTERN (* any run, ? one byte; ASCII case ignored). */
bool fleet_host_match(const char *pattern, const char *host);

#endif
