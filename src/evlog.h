/* evlog.h: analysis of the client's certificate-services event log: puts the
 * events in time order, splits them into autoenrollment runs, and tells for
 * each run its context, whether it completed, the last step of the usual
 * sequence it reached, and the error and warning events with their codes.
 * Used by the events check, the wizard and the `events` command; the shape of
 * struct evlog_run follows the `runs` of `events --json` (spec/cli.md).
 *
 * Decisions are taken on provider, id, level, the event's SID and the codes in
 * the message only. The one use of message text beyond codes: when an event
 * has no SID, the account names the caller passes are looked for in it (they
 * are data, the %1 parameter) to assign a context -- never anything else.
 *
 * Ordering rule
 *   1. When the input is predominantly descending (among consecutive timed
 *      events, more steps go back in time than forward), it is reversed first,
 *      so that events within the same second keep their true order.
 *   2. An event without a time is tied to the nearest timed event before it
 *      (after step 1) and moves with it, staying right behind it; untimed
 *      events before the first timed one stay at the front.
 *   3. A stable sort by time; ties keep the order of step 1/2. Positions are
 *      the indices of the input array (struct event.order is not used).
 *
 * Run rule
 *   A run begins at AutoEnrollment event 2 and holds the following events of
 *   the three providers (AutoEnrollment, CertEnroll, CertificateServicesClient;
 *   compared case-insensitively; other providers are ignored) until the next
 *   event 2 of the same context. Context of an event: from its SID (S-1-5-18
 *   or the machine SID the caller passes = machine, any other = user); without
 *   a SID, from the caller's account names found in its message (user or
 *   machine, whole-word, case-insensitive; both or neither = unknown).
 *   - event 2 of a known context C ends the open run of C and the open run of
 *     unknown context; event 2 of unknown context ends every open run;
 *   - another event of known context C joins the open run of C, else the open
 *     run of unknown context, else no run (it is counted in `outside`);
 *   - another event of unknown context joins the most recently started run
 *     (the runs of the other contexts may still be open: interleaving is only
 *     possible where SIDs or names tell the contexts apart);
 *   - events before the first event 2 belong to no run.
 *
 * Complexity: O(n log n) time (one sort, skipped when the input is already
 * in order, as exports are), O(n) memory from the caller's arena.
 */
#ifndef ENROLLDOC_EVLOG_H
#define ENROLLDOC_EVLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "facts.h"

#define EVLOG_PROVIDER_AUTOENROLLMENT "Microsoft-Windows-CertificateServicesClient-AutoEnrollment"
#define EVLOG_PROVIDER_CERTENROLL     "Microsoft-Windows-CertificateServicesClient-CertEnroll"
#define EVLOG_PROVIDER_CSC            "Microsoft-Windows-CertificateServicesClient"

enum evlog_provider {
    EVP_OTHER = 0,        /* absent or not one of the three */
    EVP_AUTOENROLLMENT,
    EVP_CERTENROLL,
    EVP_CSC
};

/* The provider NAME denotes (case-insensitive); EVP_OTHER for NULL. */
enum evlog_provider evlog_provider_of(const char *name);
/* The full provider name of P (static), or NULL for EVP_OTHER. */
const char *evlog_provider_name(enum evlog_provider p);

/* Position of (P, ID) in the usual sequence of a successful run
 * (AutoEnrollment 2 = 1, AutoEnrollment 4 = 2, CSC 1 = 3, CSC 3 = 4,
 * CertEnroll 65 = 5, CertEnroll 64 = 6, AutoEnrollment 5 = 7,
 * AutoEnrollment 3 = 8, CSC 2 = 9), or 0 when it is not a step. */
int evlog_step_of(enum evlog_provider p, int64_t id);

/* What the caller knows of the accounts (facts.identity.<ctx>); every entry
 * may be NULL. Borrowed for the duration of evlog_analyse() only. */
struct evlog_accounts {
    const char *name[CTX_COUNT];  /* "CONTOSO\\alice", "CONTOSO\\PC0042$" */
    const char *sid[CTX_COUNT];   /* the account SIDs */
};

/* An error or warning event within a run. */
struct evlog_issue {
    const struct event *ev;       /* the event (points into the caller's input) */
    enum ev_level level;          /* EV_ERROR or EV_WARNING */
    const char *provider;         /* as the event names it (borrowed) */
    int64_t id;                   /* -1 when the event has no id */
    size_t ncodes;
    const uint32_t *codes;        /* distinct codes found in the message, normalised,
                                     in order of appearance (arena) */
};

struct evlog_run {
    enum ctx ctx;                 /* CTX_USER, CTX_MACHINE, or CTX_NONE = unknown
                                     (an unknown run matches any context) */
    const char *account;          /* the account name the caller passed for ctx, else
                                     the event's SID, else NULL (borrowed) */
    const char *sid;              /* the SID of the event 2, or NULL (borrowed) */
    const struct event *start;    /* the AutoEnrollment event 2 */
    struct opt_time started;      /* the start event's time (may be absent) */
    bool completed;               /* an AutoEnrollment event 3 is in the run */
    const struct event *last_step;/* last event of the run that is a step of the usual
                                     sequence; never NULL (event 2 is the first step) */
    const char *last_provider;    /* last_step's provider as the event names it */
    int64_t last_id;              /* last_step's id */
    size_t nevents;
    const struct event **events;  /* the run's events in time order, start first (arena) */
    size_t nissues, nerrors;      /* nerrors: the issues with level EV_ERROR */
    const struct evlog_issue *issues; /* errors and warnings in time order (arena) */
};

struct evlog {
    size_t nevents;               /* events in the input */
    bool reversed;                /* the input was taken as newest-first and reversed */
    const struct event **sorted;  /* every input event in time order (arena) */
    size_t nruns;
    const struct evlog_run *runs; /* in order of their start (arena) */
    size_t outside;               /* events of the three providers in no run */
};

/* The accounts F knows (facts.identity.<ctx>.name and .sid); borrowed from F. */
void evlog_accounts_of(const struct facts *f, struct evlog_accounts *acc);

/* Analyses the N events EV (may be NULL when N is 0). Everything in *OUT is
 * allocated from A or borrowed from EV and ACC's strings: EV must outlive
 * *OUT, and arena_free(A) releases it. ACC may be NULL. Returns 0, or -1 when
 * out of memory (*OUT is then zeroed). */
int evlog_analyse(const struct event *ev, size_t n, const struct evlog_accounts *acc,
                  struct arena *a, struct evlog *out);

/* Whether RUN counts for context C: C is CTX_NONE, the run's context is
 * unknown, or they are equal. */
bool evlog_run_matches(const struct evlog_run *run, enum ctx c);
/* The last started run that counts for C (evlog_run_matches), or NULL. */
const struct evlog_run *evlog_last_run(const struct evlog *log, enum ctx c);

#endif
