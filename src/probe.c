#include "probe.h"

#include <string.h>

#include "dirlive.h"

size_t probe_notes_failed(const struct probe_notes *notes)
{
    size_t n = 0;
    for (size_t i = 0; i < notes->n; i++)
        n += !notes->v[i].partial;
    return n;
}

const char *probe_group_name(enum probe_group g)
{
    return (unsigned)g < PROBE_COUNT ? facts_group_name((enum facts_group)g) : "?";
}

bool probe_present(const struct facts *f, enum probe_group g)
{
    switch (g) {
    case PROBE_AEPOLICY: return f->aepolicy[CTX_USER].st != F_ABSENT || f->aepolicy[CTX_MACHINE].st != F_ABSENT;
    case PROBE_LOGLEVEL: return f->loglevel.st != F_ABSENT;
    case PROBE_CERTS: return f->certs[CTX_USER].st != F_ABSENT || f->certs[CTX_MACHINE].st != F_ABSENT;
    case PROBE_TASKS: return f->tasks[CTX_USER].st != F_ABSENT || f->tasks[CTX_MACHINE].st != F_ABSENT;
    case PROBE_IDENTITY:
        return f->identity[CTX_USER].token_groups.st != F_ABSENT ||
               f->identity[CTX_MACHINE].token_groups.st != F_ABSENT;
    case PROBE_SESSION: return f->session.st != F_ABSENT;
    case PROBE_KSP: return f->ksp_st != F_ABSENT;
    case PROBE_CA_PING: return f->ca_ping_st != F_ABSENT;
    case PROBE_EVENTS: return f->events.st != F_ABSENT;
    case PROBE_DIRECTORY: return f->templates_st != F_ABSENT;
    case PROBE_POLICY_SERVERS: return f->policy_servers_st != F_ABSENT;
    case PROBE_COUNT: break;
    }
    return true;
}

struct facts *probe_new_facts(void)
{
    struct facts *f = facts_new();
    if (!f)
        return NULL;
    char host[256];
    platform_hostname(host, sizeof(host));
    if (host[0]) {
        f->meta.host.st = F_SET;
        f->meta.host.v = arena_strdup(&f->arena, host);
        if (!f->meta.host.v) {
            facts_free(f);
            return NULL;
        }
    }
    f->meta.collected_at.st = F_SET;
    f->meta.collected_at.v = platform_now();
    return f;
}

int probe_one(void *ud, struct facts *f, enum probe_group g, int timeout_ms, struct probe_note *note)
{
    (void)ud;
    timeout_ms = probe_group_deadline_ms(g, timeout_ms);
    return g == PROBE_DIRECTORY ? dirlive_probe(f, timeout_ms, note) : platform_probe(f, g, timeout_ms, note);
}

enum probe_group probe_order(int i)
{
    static const enum probe_group order[PROBE_COUNT] = {
        PROBE_AEPOLICY, PROBE_LOGLEVEL, PROBE_CERTS,   PROBE_TASKS,  PROBE_IDENTITY,
        PROBE_SESSION,  PROBE_POLICY_SERVERS, PROBE_DIRECTORY, PROBE_KSP, PROBE_CA_PING,
        PROBE_EVENTS,
    };
    return i >= 0 && i < PROBE_COUNT ? order[i] : PROBE_COUNT;
}

int probe_groups(struct facts *f, unsigned mask, int timeout_ms, struct probe_notes *notes)
{
    return probe_groups_via(f, mask, timeout_ms, notes, NULL, NULL);
}

int probe_groups_via(struct facts *f, unsigned mask, int timeout_ms, struct probe_notes *notes,
                     probe_fn fn, void *ud)
{
    if (!fn)
        fn = probe_one;
    for (int k = 0; k < PROBE_COUNT; k++) {
        enum probe_group g = probe_order(k);
        if (!(mask & FACTS_BIT(g)) || probe_present(f, g))
            continue;
        /* a group already noted as unanswerable is not asked again */
        bool noted = false;
        for (size_t i = 0; i < notes->n; i++)
            noted = noted || (notes->v[i].group == (enum probe_group)g && !notes->v[i].partial);
        if (noted)
            continue;
        struct probe_note note;
        memset(&note, 0, sizeof(note));
        int rc = fn(ud, f, (enum probe_group)g, timeout_ms, &note);
        if (rc < 0)
            return -1;
        note.group = (enum probe_group)g;
        note.partial = rc == 0;
        if ((rc > 0 || note.reason[0]) && notes->n < PROBE_COUNT)
            notes->v[notes->n++] = note;
    }
    return 0;
}

void probe_forget(struct facts *f, enum probe_group g)
{
    facts_forget(f, (enum facts_group)g);
}
