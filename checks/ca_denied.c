/* ca_denied.c: ca.denied. The request reached the CA and the CA refused it:
 * the CA logged event 53 (request denied), or a manual enrollment or the CES
 * came back with CERTSRV_E_TEMPLATE_DENIED. The evidence names the code and
 * where it was seen. */

#include "checks.h"
#include "codes.h"
#include "util.h"

#define CA_EVENT_DENIED 53

static const struct finding_def defs[] = {
    {"ca.denied", SEV_ERROR, {NULL}},
};

/* The codes an event message carries, as "0x80094012 CERTSRV_E_TEMPLATE_DENIED, ...". */
struct scan {
    struct arena *a;
    const char *list;
};

static void add_code(uint32_t code, void *ud)
{
    struct scan *s = ud;
    const char *item = code_text(s->a, code);
    if (item)
        s->list = arena_list_append(s->a, s->list, item);
}

static void run(const struct eval *ev, struct check_result *r)
{
    const struct facts *f = ev->f;
    bool have = false;
    report_code_sources(ev, r, &defs[0], HR_CERTSRV_E_TEMPLATE_DENIED, &have);

    if (f->ca_events.st == F_SET) {
        have = true;
        size_t n;
        const struct event *e = facts_events_latest(&f->ca_events, CA_EVENT_DENIED, &n);
        if (e) {
            struct finding *fd = result_add(r, ev, &defs[0]);
            if (!fd)
                return;
            finding_evidence(r, fd, "source", "ca_events");
            finding_evidence_int(r, fd, "event", (long long)CA_EVENT_DENIED);
            if (e->time.st == F_SET) {
                char t[32];
                time_format_iso(e->time.v, t, sizeof(t));
                finding_evidence(r, fd, "time", "%s", t);
            }
            /* the codes the event's message carries: the reason for the denial */
            struct scan s = {r->arena, NULL};
            if (e->message.st == F_SET)
                code_scan_text(e->message.v, add_code, &s);
            finding_evidence(r, fd, "error", "%s", s.list ? s.list : "unknown");
            if (n > 1)
                finding_evidence_int(r, fd, "count", (long long)n);
        }
    }
    if (!have) {
        result_missing(r, "facts.ca_events");
        result_missing(r, "facts.enroll");
        result_missing(r, "facts.ces");
    }
}

const struct check check_ca_denied = {
    .id = "ca_denied",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_ENROLL) | FACTS_BIT(FACTS_CES) | FACTS_BIT(FACTS_CA_EVENTS),
};
