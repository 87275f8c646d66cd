/* test_evlog.c: ordering, run splitting, contexts, last step and codes of
 * src/evlog.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "evlog.h"
#include "facts.h"
#include "util.h"

#define AE EVLOG_PROVIDER_AUTOENROLLMENT
#define CE EVLOG_PROVIDER_CERTENROLL
#define CSC EVLOG_PROVIDER_CSC
#define USER_SID "S-1-5-21-1004336348-1177238915-682003330-1104"
#define MACHINE_SID "S-1-5-18"

enum { INFO = EV_INFORMATION, WARN = EV_WARNING, ERR = EV_ERROR };

/* One event; TIME NULL = no time, SID NULL = none. */
static struct event mk(const char *time, const char *prov, int id, int level, const char *msg,
                       const char *sid)
{
    struct event e;
    memset(&e, 0, sizeof(e));
    if (time) {
        e.time.st = F_SET;
        assert_int_equal(time_parse_iso(time, &e.time.v), 0);
    }
    if (prov) {
        e.provider.st = F_SET;
        e.provider.v = prov;
    }
    if (id >= 0) {
        e.id.st = F_SET;
        e.id.v = id;
    }
    e.level_st = F_SET;
    e.level = (enum ev_level)level;
    if (msg) {
        e.message.st = F_SET;
        e.message.v = msg;
    }
    if (sid) {
        e.sid.st = F_SET;
        e.sid.v = sid;
    }
    return e;
}

/* The healthy run of shared/scenarios/healthy.json, ascending. */
static size_t healthy(struct event *v)
{
    size_t n = 0;
    v[n++] = mk("2026-11-20T07:58:02Z", AE, 2, INFO, "Automatic certificate enrollment for CONTOSO\\alice started.", NULL);
    v[n++] = mk("2026-11-20T07:58:02Z", AE, 4, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T07:58:03Z", CSC, 1, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T07:58:03Z", CSC, 3, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T07:58:03Z", CE, 65, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T07:58:04Z", CE, 64, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T07:58:05Z", AE, 5, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T07:58:05Z", AE, 3, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T07:58:06Z", CSC, 2, INFO, "x", NULL);
    return n;
}

static void test_providers_and_steps(void **state)
{
    (void)state;
    assert_int_equal(evlog_provider_of(AE), EVP_AUTOENROLLMENT);
    assert_int_equal(evlog_provider_of("microsoft-windows-certificateservicesclient-certenroll"),
                     EVP_CERTENROLL);
    assert_int_equal(evlog_provider_of("MICROSOFT-WINDOWS-CERTIFICATESERVICESCLIENT"), EVP_CSC);
    assert_int_equal(evlog_provider_of("Microsoft-Windows-CertificationAuthority"), EVP_OTHER);
    assert_int_equal(evlog_provider_of(NULL), EVP_OTHER);
    assert_string_equal(evlog_provider_name(EVP_CERTENROLL), CE);
    assert_int_equal(evlog_step_of(EVP_AUTOENROLLMENT, 2), 1);
    assert_int_equal(evlog_step_of(EVP_CERTENROLL, 64), 6);
    assert_int_equal(evlog_step_of(EVP_CSC, 2), 9);
    assert_int_equal(evlog_step_of(EVP_AUTOENROLLMENT, 6), 0);
    assert_int_equal(evlog_step_of(EVP_OTHER, 2), 0);
}

static void test_healthy_ascending(void **state)
{
    (void)state;
    struct event v[16];
    size_t n = healthy(v);
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, n, NULL, &a, &log), 0);
    assert_false(log.reversed);
    assert_int_equal(log.nevents, n);
    for (size_t i = 0; i < n; i++)
        assert_ptr_equal(log.sorted[i], &v[i]);
    assert_int_equal(log.nruns, 1);
    const struct evlog_run *r = &log.runs[0];
    assert_true(r->completed);
    assert_int_equal(r->ctx, CTX_NONE);
    assert_null(r->account);
    assert_int_equal(r->nevents, n);
    assert_ptr_equal(r->start, &v[0]);
    assert_int_equal(r->started.st, F_SET);
    assert_int_equal(r->started.v, v[0].time.v);
    assert_ptr_equal(r->last_step, &v[8]);
    assert_string_equal(r->last_provider, CSC);
    assert_int_equal(r->last_id, 2);
    assert_int_equal(r->nissues, 0);
    assert_int_equal(log.outside, 0);
    assert_ptr_equal(evlog_last_run(&log, CTX_USER), r);
    assert_ptr_equal(evlog_last_run(&log, CTX_MACHINE), r);
    assert_ptr_equal(evlog_last_run(&log, CTX_NONE), r);
    arena_free(&a);
}

/* Newest-first export (Sort-Object -Descending): events that share a second
 * must come back in their true order, not reversed by a stable sort. */
static void test_descending_equal_times(void **state)
{
    (void)state;
    struct event asc[16], v[16];
    size_t n = healthy(asc);
    for (size_t i = 0; i < n; i++)
        v[i] = asc[n - 1 - i];
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, n, NULL, &a, &log), 0);
    assert_true(log.reversed);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(log.sorted[i]->provider.v, asc[i].provider.v);
        assert_int_equal(log.sorted[i]->id.v, asc[i].id.v);
    }
    assert_int_equal(log.nruns, 1);
    /* AE 2 and AE 4 share 07:58:02: the run must start at AE 2 and hold AE 4 */
    assert_int_equal(log.runs[0].start->id.v, 2);
    assert_int_equal(log.runs[0].nevents, n);
    assert_int_equal(log.runs[0].events[1]->id.v, 4);
    assert_true(log.runs[0].completed);
    assert_int_equal(log.runs[0].last_id, 2);
    assert_string_equal(log.runs[0].last_provider, CSC);
    arena_free(&a);
}

/* Mostly ascending with one step back: not reversed, the stray event sorted in. */
static void test_mostly_ascending_not_reversed(void **state)
{
    (void)state;
    struct event v[4];
    v[0] = mk("2026-11-20T08:00:00Z", AE, 2, INFO, "a", NULL);
    v[1] = mk("2026-11-20T08:00:02Z", AE, 5, INFO, "c", NULL);
    v[2] = mk("2026-11-20T08:00:01Z", AE, 4, INFO, "b", NULL);
    v[3] = mk("2026-11-20T08:00:03Z", AE, 3, INFO, "d", NULL);
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, 4, NULL, &a, &log), 0);
    assert_false(log.reversed);
    assert_ptr_equal(log.sorted[0], &v[0]);
    assert_ptr_equal(log.sorted[1], &v[2]);
    assert_ptr_equal(log.sorted[2], &v[1]);
    assert_ptr_equal(log.sorted[3], &v[3]);
    arena_free(&a);
}

/* Untimed events move with the timed event before them; leading ones stay first. */
static void test_untimed_events(void **state)
{
    (void)state;
    struct event v[5];
    v[0] = mk(NULL, CSC, 1, INFO, "lead", NULL);
    v[1] = mk("2026-11-20T08:00:05Z", AE, 5, INFO, "late", NULL);
    v[2] = mk(NULL, AE, 3, INFO, "after late", NULL);
    v[3] = mk("2026-11-20T08:00:01Z", AE, 2, INFO, "early", NULL);
    v[4] = mk("2026-11-20T08:00:06Z", CSC, 2, INFO, "last", NULL);
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, 5, NULL, &a, &log), 0);
    /* one step back, two forward: ascending, not reversed */
    assert_false(log.reversed);
    assert_ptr_equal(log.sorted[0], &v[0]);
    assert_ptr_equal(log.sorted[1], &v[3]);
    assert_ptr_equal(log.sorted[2], &v[1]);
    assert_ptr_equal(log.sorted[3], &v[2]);
    assert_ptr_equal(log.sorted[4], &v[4]);
    assert_int_equal(log.nruns, 1);
    assert_int_equal(log.outside, 1);     /* the leading CSC 1 */
    assert_int_equal(log.runs[0].nevents, 4);
    assert_true(log.runs[0].completed);
    arena_free(&a);
}

/* User and machine runs interleaved, told apart by the events' SIDs. */
static void test_interleaved_by_sid(void **state)
{
    (void)state;
    struct event v[10];
    size_t n = 0;
    v[n++] = mk("2026-11-20T08:00:00Z", AE, 2, INFO, "u start", USER_SID);
    v[n++] = mk("2026-11-20T08:00:01Z", AE, 2, INFO, "m start", MACHINE_SID);
    v[n++] = mk("2026-11-20T08:00:02Z", AE, 4, INFO, "u api", USER_SID);
    v[n++] = mk("2026-11-20T08:00:03Z", AE, 4, INFO, "m api", MACHINE_SID);
    v[n++] = mk("2026-11-20T08:00:04Z", CE, 65, INFO, "m auth", MACHINE_SID);
    v[n++] = mk("2026-11-20T08:00:05Z", AE, 3, INFO, "m done", MACHINE_SID);
    v[n++] = mk("2026-11-20T08:00:06Z", CE, 65, INFO, "u auth", USER_SID);
    v[n++] = mk("2026-11-20T08:00:07Z", AE, 6, ERR, "u failed 0x800706ba", USER_SID);
    v[n++] = mk("2026-11-20T08:00:08Z", CSC, 2, INFO, "no sid: joins the latest run", NULL);
    struct evlog_accounts acc;
    memset(&acc, 0, sizeof(acc));
    acc.name[CTX_USER] = "CONTOSO\\alice";
    acc.sid[CTX_USER] = USER_SID;
    acc.name[CTX_MACHINE] = "CONTOSO\\PC0042$";
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, n, &acc, &a, &log), 0);
    assert_int_equal(log.nruns, 2);
    const struct evlog_run *u = &log.runs[0], *m = &log.runs[1];
    assert_int_equal(u->ctx, CTX_USER);
    assert_string_equal(u->account, "CONTOSO\\alice");
    assert_string_equal(u->sid, USER_SID);
    assert_false(u->completed);
    assert_int_equal(u->nevents, 4);
    assert_ptr_equal(u->events[3], &v[7]);
    assert_ptr_equal(u->last_step, &v[6]);
    assert_string_equal(u->last_provider, CE);
    assert_int_equal(u->last_id, 65);
    assert_int_equal(u->nerrors, 1);
    assert_int_equal(u->issues[0].id, 6);

    assert_int_equal(m->ctx, CTX_MACHINE);
    assert_string_equal(m->account, "CONTOSO\\PC0042$");
    assert_true(m->completed);
    assert_int_equal(m->nevents, 5);     /* start, 4, 65, 3 and the SID-less CSC 2 */
    assert_int_equal(m->last_id, 2);
    assert_string_equal(m->last_provider, CSC);
    assert_int_equal(m->nissues, 0);

    assert_ptr_equal(evlog_last_run(&log, CTX_USER), u);
    assert_ptr_equal(evlog_last_run(&log, CTX_MACHINE), m);
    assert_ptr_equal(evlog_last_run(&log, CTX_NONE), m);
    arena_free(&a);
}

/* A SID that is not the caller's user: still the user context, the SID is the account. */
static void test_other_user_sid(void **state)
{
    (void)state;
    struct event v[1];
    v[0] = mk("2026-11-20T08:00:00Z", AE, 2, INFO, "x", "S-1-5-21-1-2-3-2001");
    struct evlog_accounts acc;
    memset(&acc, 0, sizeof(acc));
    acc.name[CTX_USER] = "CONTOSO\\alice";
    acc.sid[CTX_USER] = USER_SID;
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, 1, &acc, &a, &log), 0);
    assert_int_equal(log.runs[0].ctx, CTX_USER);
    assert_string_equal(log.runs[0].account, "S-1-5-21-1-2-3-2001");
    arena_free(&a);
}

/* Without SIDs: the account name in the event-2 message assigns the context. */
static void test_context_by_name(void **state)
{
    (void)state;
    struct event v[10];
    size_t n = 0;
    v[n++] = mk("2026-11-20T08:00:00Z", AE, 2, INFO, "Automatische Zertifikatregistrierung für contoso\\ALICE gestartet.", NULL);
    v[n++] = mk("2026-11-20T08:00:01Z", AE, 4, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T08:01:00Z", AE, 2, INFO, "Automatic certificate enrollment for CONTOSO\\PC0042$ started.", NULL);
    v[n++] = mk("2026-11-20T08:01:01Z", AE, 3, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T08:02:00Z", AE, 2, INFO, "Automatic certificate enrollment for local system started.", NULL);
    v[n++] = mk("2026-11-20T08:03:00Z", AE, 2, INFO, "Automatic certificate enrollment for CONTOSO\\alice2 started.", NULL);
    v[n++] = mk("2026-11-20T08:04:00Z", AE, 2, INFO, "Automatic certificate enrollment for CONTOSO\\alice.smith started.", NULL);
    v[n++] = mk("2026-11-20T08:05:00Z", AE, 2, INFO, "Zertifikatregistrierung gestartet für contoso\\alice.", NULL);
    struct evlog_accounts acc;
    memset(&acc, 0, sizeof(acc));
    acc.name[CTX_USER] = "CONTOSO\\alice";
    acc.name[CTX_MACHINE] = "CONTOSO\\PC0042$";
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, n, &acc, &a, &log), 0);
    assert_int_equal(log.nruns, 6);
    assert_int_equal(log.runs[0].ctx, CTX_USER);
    assert_string_equal(log.runs[0].account, "CONTOSO\\alice");
    assert_int_equal(log.runs[0].nevents, 2);
    assert_false(log.runs[0].completed);
    assert_int_equal(log.runs[1].ctx, CTX_MACHINE);
    assert_string_equal(log.runs[1].account, "CONTOSO\\PC0042$");
    assert_true(log.runs[1].completed);
    assert_int_equal(log.runs[2].ctx, CTX_NONE);   /* wording is never read */
    assert_null(log.runs[2].account);
    assert_int_equal(log.runs[3].ctx, CTX_NONE);   /* alice2 is not alice */
    assert_int_equal(log.runs[4].ctx, CTX_NONE);   /* alice.smith is not alice */
    assert_int_equal(log.runs[5].ctx, CTX_USER);   /* the name at the end of a sentence */
    /* the last run for the machine is the unknown one (it matches any context) */
    assert_ptr_equal(evlog_last_run(&log, CTX_MACHINE), &log.runs[4]);
    assert_ptr_equal(evlog_last_run(&log, CTX_USER), &log.runs[5]);

    /* without names nothing is assigned */
    struct evlog log2;
    assert_int_equal(evlog_analyse(v, n, NULL, &a, &log2), 0);
    for (size_t i = 0; i < log2.nruns; i++)
        assert_int_equal(log2.runs[i].ctx, CTX_NONE);
    arena_free(&a);
}

/* The context a lone SID-less event 2 with MESSAGE gets from the names. */
static enum ctx ctx_by_names(const char *message, const char *user, const char *machine)
{
    struct event v[1];
    v[0] = mk("2026-11-20T08:00:00Z", AE, 2, INFO, message, NULL);
    struct evlog_accounts acc;
    memset(&acc, 0, sizeof(acc));
    acc.name[CTX_USER] = user;
    acc.name[CTX_MACHINE] = machine;
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, 1, &acc, &a, &log), 0);
    assert_int_equal(log.nruns, 1);
    enum ctx c = log.runs[0].ctx;
    arena_free(&a);
    return c;
}

/* Whole-word matching of account names, both ways of searching: names with
 * a character that is no letter (found by that character) and names of
 * letters only. */
static void test_name_matching(void **state)
{
    (void)state;
    const char *u = "CONTOSO\\alice", *m = "CONTOSO\\PC0042$";
    /* the name after other backslashes, at the very start, at the very end */
    assert_int_equal(ctx_by_names("a\\b CONTOSO\\bob, contoso\\ALICE", u, m), CTX_USER);
    assert_int_equal(ctx_by_names("CONTOSO\\alice", u, m), CTX_USER);
    assert_int_equal(ctx_by_names("for CONTOSO\\PC0042$", u, m), CTX_MACHINE);
    /* a text shorter than the letters before the backslash; the backslash alone */
    assert_int_equal(ctx_by_names("CON", u, m), CTX_NONE);
    assert_int_equal(ctx_by_names("\\alice", u, m), CTX_NONE);
    /* part of a longer name on either side */
    assert_int_equal(ctx_by_names("XCONTOSO\\alice", u, m), CTX_NONE);
    assert_int_equal(ctx_by_names("CONTOSO\\alicex", u, m), CTX_NONE);
    assert_int_equal(ctx_by_names("CONTOSO\\PC0042$x", u, m), CTX_NONE);
    /* both names: unknown */
    assert_int_equal(ctx_by_names("CONTOSO\\alice on CONTOSO\\PC0042$", u, m), CTX_NONE);
    /* letters only */
    assert_int_equal(ctx_by_names("enrollment for Alice started", "alice", NULL), CTX_USER);
    assert_int_equal(ctx_by_names("enrollment for alicia started", "alice", NULL), CTX_NONE);
    assert_int_equal(ctx_by_names("malice", "alice", NULL), CTX_NONE);
    assert_int_equal(ctx_by_names("ALICE", "alice", NULL), CTX_USER);
    assert_int_equal(ctx_by_names("a", "a", NULL), CTX_USER);
    assert_int_equal(ctx_by_names("ab", "a", NULL), CTX_NONE);
    /* a name whose first character is no letter; non-ASCII bytes */
    assert_int_equal(ctx_by_names("run for $svc.", "$svc", NULL), CTX_USER);
    assert_int_equal(ctx_by_names("f\xc3\xbcr M\xc3\xbcller", "M\xc3\xbcller", NULL), CTX_USER);
    assert_int_equal(ctx_by_names("f\xc3\xbcr M\xc3\xbcllerin", "M\xc3\xbcller", NULL), CTX_NONE);
}

/* The last step is the last event of the usual sequence, not the last event. */
static void test_last_step(void **state)
{
    (void)state;
    struct event v[8];
    size_t n = 0;
    v[n++] = mk("2026-11-20T08:00:00Z", AE, 2, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T08:00:00Z", AE, 4, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T08:00:01Z", CSC, 1, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T08:00:01Z", CE, 65, INFO, "x", NULL);
    v[n++] = mk("2026-11-20T08:00:02Z", CE, 82, WARN, "x", NULL);
    v[n++] = mk("2026-11-20T08:00:03Z", AE, 13, ERR, "x", NULL);
    v[n++] = mk("2026-11-20T08:00:04Z", "Microsoft-Windows-CertificationAuthority", 2, ERR, "x", NULL);
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, n, NULL, &a, &log), 0);
    assert_int_equal(log.nruns, 1);
    const struct evlog_run *r = &log.runs[0];
    assert_false(r->completed);
    assert_int_equal(r->nevents, 6);     /* the foreign provider is not part of it */
    assert_ptr_equal(r->last_step, &v[3]);
    assert_string_equal(r->last_provider, CE);
    assert_int_equal(r->last_id, 65);
    assert_int_equal(r->nissues, 2);
    assert_int_equal(r->nerrors, 1);
    assert_int_equal(r->issues[0].level, EV_WARNING);
    assert_int_equal(r->issues[0].id, 82);
    assert_int_equal(r->issues[1].level, EV_ERROR);
    assert_int_equal(r->issues[1].id, 13);
    assert_int_equal(r->issues[1].ncodes, 0);
    arena_free(&a);
}

static void test_codes_german_message(void **state)
{
    (void)state;
    struct event v[3];
    v[0] = mk("2026-11-20T08:00:00Z", AE, 2, INFO, "x", NULL);
    v[1] = mk("2026-11-20T08:00:01Z", AE, 6, ERR,
              "Fehler bei der automatischen Zertifikatregistrierung für CONTOSO\\alice: Die "
              "Zertifizierungsstelle konnte nicht erreicht werden. Der RPC-Server ist nicht "
              "verfügbar. 0x800706ba (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)",
              NULL);
    v[2] = mk("2026-11-20T08:00:02Z", CE, 86, WARN, "Warnung ohne Code.", NULL);
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, 3, NULL, &a, &log), 0);
    assert_int_equal(log.nruns, 1);
    const struct evlog_run *r = &log.runs[0];
    assert_int_equal(r->nissues, 2);
    assert_int_equal(r->nerrors, 1);
    const struct evlog_issue *is = &r->issues[0];
    assert_ptr_equal(is->ev, &v[1]);
    assert_string_equal(is->provider, AE);
    assert_int_equal(is->id, 6);
    /* the hex form, the WIN32 form and the symbol are one and the same code */
    assert_int_equal(is->ncodes, 1);
    assert_int_equal(is->codes[0], 0x800706BAu);
    assert_int_equal(r->issues[1].ncodes, 0);
    arena_free(&a);
}

static void test_no_event_2(void **state)
{
    (void)state;
    struct event v[4];
    v[0] = mk("2026-11-20T08:00:00Z", CSC, 1, INFO, "x", NULL);
    v[1] = mk("2026-11-20T08:00:01Z", AE, 6, ERR, "0x800706ba", NULL);
    v[2] = mk("2026-11-20T08:00:02Z", CSC, 2, INFO, "x", NULL);
    v[3] = mk("2026-11-20T08:00:03Z", "Microsoft-Windows-GroupPolicy", 2, INFO, "x", NULL);
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, 4, NULL, &a, &log), 0);
    assert_int_equal(log.nruns, 0);
    assert_null(log.runs);
    assert_int_equal(log.outside, 3);
    assert_null(evlog_last_run(&log, CTX_USER));
    assert_null(evlog_last_run(&log, CTX_NONE));

    struct evlog empty;
    assert_int_equal(evlog_analyse(NULL, 0, NULL, &a, &empty), 0);
    assert_int_equal(empty.nevents, 0);
    assert_int_equal(empty.nruns, 0);
    arena_free(&a);
}

/* An event 2 whose provider is written in another case still starts a run. */
static void test_provider_case(void **state)
{
    (void)state;
    struct event v[2];
    v[0] = mk("2026-11-20T08:00:00Z", "microsoft-windows-certificateservicesclient-autoenrollment", 2, INFO, "x", NULL);
    v[1] = mk("2026-11-20T08:00:01Z", "MICROSOFT-WINDOWS-CERTIFICATESERVICESCLIENT-AUTOENROLLMENT", 3, INFO, "x", NULL);
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, 2, NULL, &a, &log), 0);
    assert_int_equal(log.nruns, 1);
    assert_true(log.runs[0].completed);
    arena_free(&a);
}

/* 50,000 events, newest first: 5,000 runs alternating user / machine by SID,
 * every seventh without its event 3, each with one warning carrying a code. */
static void test_large(void **state)
{
    (void)state;
    enum { RUNS = 5000, PER = 10, N = RUNS * PER };
    struct event *asc = calloc(N, sizeof(*asc));
    struct event *v = calloc(N, sizeof(*v));
    assert_non_null(asc);
    assert_non_null(v);
    static const struct {
        const char *p;
        int id, dt, level;
    } pat[PER] = {
        {AE, 2, 0, INFO},  {AE, 4, 0, INFO},  {CSC, 1, 1, INFO}, {CSC, 3, 1, INFO},
        {CE, 65, 1, INFO}, {CE, 64, 2, INFO}, {CE, 86, 2, WARN}, {AE, 5, 3, INFO},
        {AE, 3, 3, INFO},  {CSC, 2, 4, INFO},
    };
    int64_t t0;
    assert_int_equal(time_parse_iso("2026-11-20T00:00:00Z", &t0), 0);
    size_t n = 0, incomplete = 0;
    for (size_t r = 0; r < RUNS; r++) {
        bool skip3 = r % 7 == 3;
        incomplete += skip3;
        for (size_t k = 0; k < PER; k++) {
            struct event *e = &asc[n++];
            e->time.st = F_SET;
            e->time.v = t0 + (int64_t)r * 10 + pat[k].dt;
            e->provider.st = F_SET;
            e->provider.v = pat[k].p;
            e->id.st = F_SET;
            e->id.v = (skip3 && pat[k].p == pat[8].p && pat[k].id == 3) ? 1 : pat[k].id;
            e->level_st = F_SET;
            e->level = (enum ev_level)pat[k].level;
            e->message.st = F_SET;
            e->message.v = pat[k].level == WARN ? "x 0x80094800 y" : "x";
            e->sid.st = F_SET;
            e->sid.v = r % 2 ? MACHINE_SID : USER_SID;
        }
    }
    for (size_t i = 0; i < N; i++)
        v[i] = asc[N - 1 - i];
    struct arena a = {0};
    struct evlog log;
    assert_int_equal(evlog_analyse(v, N, NULL, &a, &log), 0);
    assert_true(log.reversed);
    assert_int_equal(log.nevents, N);
    for (size_t i = 1; i < N; i++)
        assert_true(log.sorted[i - 1]->time.v <= log.sorted[i]->time.v);
    assert_int_equal(log.nruns, RUNS);
    size_t total = 0, notdone = 0, users = 0, codes = 0;
    for (size_t r = 0; r < log.nruns; r++) {
        const struct evlog_run *run = &log.runs[r];
        total += run->nevents;
        notdone += !run->completed;
        users += run->ctx == CTX_USER;
        assert_int_equal(run->nissues, 1);
        codes += run->issues[0].ncodes == 1 && run->issues[0].codes[0] == 0x80094800u;
        assert_int_equal(run->start->id.v, 2);
    }
    assert_int_equal(total, N);
    assert_int_equal(notdone, incomplete);
    assert_int_equal(users, RUNS / 2);
    assert_int_equal(codes, RUNS);
    assert_int_equal(log.outside, 0);
    arena_free(&a);
    free(asc);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_providers_and_steps),
        cmocka_unit_test(test_healthy_ascending),
        cmocka_unit_test(test_descending_equal_times),
        cmocka_unit_test(test_mostly_ascending_not_reversed),
        cmocka_unit_test(test_untimed_events),
        cmocka_unit_test(test_interleaved_by_sid),
        cmocka_unit_test(test_other_user_sid),
        cmocka_unit_test(test_context_by_name),
        cmocka_unit_test(test_name_matching),
        cmocka_unit_test(test_last_step),
        cmocka_unit_test(test_codes_german_message),
        cmocka_unit_test(test_no_event_2),
        cmocka_unit_test(test_provider_case),
        cmocka_unit_test(test_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
