/* events.c: the client's certificate-services events (findings.md, "Logging
 * and events"): no autoenrollment run at all, the last run of the context
 * stopped before event 3, or an error event in the last run.
 *
 * Runs and their contexts come from src/evlog.h. Decides on provider, id,
 * level and the codes in messages only; message wording is never read (the
 * account names, data, only assign a run to a context). */
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "codes.h"
#include "evlog.h"
#include "util.h"

enum { D_NO_RUN, D_RUN_INCOMPLETE, D_ERROR };

static const struct finding_def defs[] = {
    [D_NO_RUN] = {"events.no-run", SEV_WARNING, {"loglevel.raise", "pulse", NULL}},
    [D_RUN_INCOMPLETE] = {"events.run-incomplete", SEV_ERROR,
                          {"loglevel.raise", "events.export", NULL}},
    [D_ERROR] = {"events.error", SEV_ERROR, {"enroll.manual", "events.export", NULL}},
};

static void evidence_time(struct check_result *r, struct finding *fd, const char *key,
                          const struct opt_time *t)
{
    if (t->st != F_SET)
        return;
    char buf[32];
    time_format_iso(t->v, buf, sizeof(buf));
    finding_evidence(r, fd, key, "%s", buf);
}

/* Evidence KEY listing CODES as "0x800706BA RPC_S_SERVER_UNAVAILABLE, 0x...". */
static void evidence_codes(struct check_result *r, struct finding *fd, const char *key,
                           const uint32_t *codes, size_t n)
{
    if (n == 1) {
        finding_evidence_code(r, fd, key, codes[0]);
        return;
    }
    char buf[512];
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < sizeof(buf); i++) {
        char hex[16];
        code_format(codes[i], hex, sizeof(hex));
        const struct code_info *ci = code_lookup(codes[i]);
        int w = snprintf(buf + len, sizeof(buf) - len, "%s%s%s%s", i ? ", " : "", hex,
                         ci ? " " : "", ci ? ci->symbol : "");
        if (w < 0)
            break;
        len += (size_t)w;
    }
    if (len >= sizeof(buf))
        len = sizeof(buf) - 1;
    finding_evidence(r, fd, key, "%.*s", (int)len, buf);
}

static void run(const struct eval *ev, struct check_result *r)
{
    const struct event_list *evs = &ev->f->events;
    if (evs->st != F_SET) {
        result_missing(r, "facts.events");
        return;
    }

    struct evlog own;
    const struct evlog *log = ev->events;
    if (!log) {
        struct evlog_accounts acc;
        evlog_accounts_of(ev->f, &acc);
        if (evlog_analyse(evs->v, evs->n, &acc, r->arena, &own) != 0) {
            result_missing(r, "facts.events");   /* out of memory: claim nothing */
            return;
        }
        log = &own;
    }

    if (log->nruns == 0) {
        struct finding *fd = result_add(r, ev, &defs[D_NO_RUN]);
        finding_evidence_int(r, fd, "events", (long long)log->nevents);
        return;
    }

    const struct evlog_run *last = evlog_last_run(log, ev->ctx);
    if (!last)
        return;   /* runs exist, none of this context: nothing to say about it */

    if (!last->completed) {
        struct finding *fd = result_add(r, ev, &defs[D_RUN_INCOMPLETE]);
        finding_evidence(r, fd, "last_step", "%s %lld", last->last_provider,
                         (long long)last->last_id);
        evidence_time(r, fd, "started", &last->started);
        if (last->account)
            finding_evidence(r, fd, "account", "%s", last->account);
    }

    if (last->nerrors > 0) {
        /* The first error of the run: the later ones usually follow from it. */
        const struct evlog_issue *first = NULL;
        for (size_t i = 0; i < last->nissues && !first; i++)
            if (last->issues[i].level == EV_ERROR)
                first = &last->issues[i];
        struct finding *fd = result_add(r, ev, &defs[D_ERROR]);
        finding_evidence(r, fd, "provider", "%s", first->provider);
        if (first->id >= 0)
            finding_evidence_int(r, fd, "event", (long long)first->id);
        if (first->ncodes)
            evidence_codes(r, fd, "error", first->codes, first->ncodes);
        evidence_time(r, fd, "time", &first->ev->time);
        if (last->nerrors > 1)
            finding_evidence_int(r, fd, "count", (long long)last->nerrors);
    }
}

const struct check check_events = {
    .id = "events",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    /* the accounts assign runs to contexts */
    .needs = FACTS_BIT(FACTS_EVENTS) | FACTS_BIT(FACTS_IDENTITY),
};
