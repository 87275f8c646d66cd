/* ces_kbr.c: key-based renewal through the CES, behind the fault
 * WS_E_ENDPOINT_FAULT_RECEIVED. The CES logs event 8 when its application
 * pool account cannot read the CA, and event 9 when the CA lacks
 * EDITF_ENABLERENEWONBEHALFOF (a CA whose renew_on_behalf_of is false shows
 * the same cause). Both findings need the fault and key_based_renewal. */
#include "checks.h"
#include "util.h"

#define CES_EVENT_NO_CA_READ 8
#define CES_EVENT_NO_RENEW_ON_BEHALF 9

static const struct finding_def defs[] = {
    {"ces.kbr-no-ca-read", SEV_ERROR, {NULL}},
    {"ces.kbr-renew-on-behalf", SEV_ERROR, {NULL}},
};

static struct finding *add_event(const struct eval *ev, struct check_result *r,
                                 const struct finding_def *def, const struct event *e,
                                 int64_t id)
{
    struct finding *fd = result_add(r, ev, def);
    if (!fd)
        return NULL;
    finding_evidence_code(r, fd, "error", HR_WS_E_ENDPOINT_FAULT_RECEIVED);
    finding_evidence_bool(r, fd, "key_based_renewal", true);
    if (e) {
        finding_evidence_int(r, fd, "event", (long long)id);
        if (e->time.st == F_SET) {
            char t[32];
            time_format_iso(e->time.v, t, sizeof(t));
            finding_evidence(r, fd, "time", "%s", t);
        }
    }
    return fd;
}

static void run(const struct eval *ev, struct check_result *r)
{
    const struct facts *f = ev->f;
    const struct ces *c = &f->ces;
    if (!eval_ces_error_is(ev, r, HR_WS_E_ENDPOINT_FAULT_RECEIVED))
        return;
    if (c->key_based_renewal.st != F_SET) {
        result_missing(r, "facts.ces.key_based_renewal");
        return;
    }
    if (!c->key_based_renewal.v)
        return;

    /* ces.kbr-no-ca-read: event 8 */
    if (c->events.st == F_ABSENT)
        result_missing(r, "facts.ces.events");
    const struct event *e8 = facts_events_latest(&c->events, CES_EVENT_NO_CA_READ, NULL);
    if (e8)
        add_event(ev, r, &defs[0], e8, CES_EVENT_NO_CA_READ);

    /* ces.kbr-renew-on-behalf: event 9, or a CA without the flag */
    const struct event *e9 = facts_events_latest(&c->events, CES_EVENT_NO_RENEW_ON_BEHALF, NULL);
    struct finding *fd = NULL;
    if (e9)
        fd = add_event(ev, r, &defs[1], e9, CES_EVENT_NO_RENEW_ON_BEHALF);
    bool cas_known = false;
    const char *cas = NULL;
    size_t nfalse = 0;
    if (f->cas_st == F_SET) {
        for (size_t i = 0; i < f->ncas; i++) {
            const struct ca *ca = &f->cas[i];
            if (ca->renew_on_behalf_of.st != F_SET)
                continue;
            cas_known = true;
            if (ca->renew_on_behalf_of.v)
                continue;
            nfalse++;
            if (ca->name.st == F_SET)
                cas = arena_list_append(r->arena, cas, ca->name.v);
        }
    }
    if (nfalse > 0) {
        if (!fd)
            fd = add_event(ev, r, &defs[1], NULL, 0);
        if (!fd)
            return;
        if (cas)
            finding_evidence(r, fd, "ca", "%s", cas);
        finding_evidence_bool(r, fd, "renew_on_behalf_of", false);
    }
    /* with neither the CES events nor any CA's flag, the cause is unknown;
       the events alone are enough to rule it out (the CES logs event 9) */
    if (!fd && !cas_known && c->events.st == F_ABSENT)
        result_missing(r, "facts.cas.renew_on_behalf_of");
}

const struct check check_ces_kbr = {
    .id = "ces_kbr",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    /* the CAs' renew_on_behalf_of */
    .needs = FACTS_BIT(FACTS_CES) | FACTS_BIT(FACTS_DIRECTORY) | FACTS_BIT(FACTS_EVENTS) |
             FACTS_BIT(FACTS_POLICY_SERVERS),
};
