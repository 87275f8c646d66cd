/* probe.c (Windows): platform_probe. Every group runs in a worker thread
 * of its own (COM initialised there) on a scratch facts object; the caller
 * waits until the deadline. When the worker is done in time, its group is
 * copied into the caller's facts; when not, the worker is abandoned (not
 * killed, not joined: it frees its scratch facts itself when it ends) and
 * the group stays absent with the note "timed out". So a hanging API (a
 * dead CA, an unreachable DC) never holds up enrolldoc, and an abandoned
 * worker never writes into memory the caller still uses. */
#include "probe_util.h"

#include <stdlib.h>
#include <string.h>

typedef int (*probe_fn)(struct facts *f, const struct probe_env *env, struct probe_note *note);

static const probe_fn probes[PROBE_COUNT] = {
    [PROBE_AEPOLICY] = probe_win_aepolicy, [PROBE_LOGLEVEL] = probe_win_loglevel,
    [PROBE_CERTS] = probe_win_certs,       [PROBE_TASKS] = probe_win_tasks,
    [PROBE_IDENTITY] = probe_win_identity, [PROBE_SESSION] = probe_win_session,
    [PROBE_KSP] = probe_win_ksp,           [PROBE_CA_PING] = probe_win_ca_ping,
    [PROBE_EVENTS] = probe_win_events,
    [PROBE_POLICY_SERVERS] = probe_win_policy_servers,
};

struct group_job {
    enum probe_group g;
    struct probe_env env;
    struct facts *scratch;
    struct probe_note note;
    int rc;
};

static void group_job_free(void *p)
{
    struct group_job *j = p;
    facts_free(j->scratch);
    free(j);
}

static void group_job_run(void *p)
{
    struct group_job *j = p;
    j->rc = probes[j->g](j->scratch, &j->env, &j->note);
}

/* ---- copying a group from the scratch facts into the caller's ---- */

static int cp_str(struct arena *a, struct opt_str *s)
{
    if (s->st == F_SET && s->v) {
        char *v = arena_strdup(a, s->v);
        if (!v)
            return -1;
        s->v = v;
    }
    return 0;
}

static int cp_list(struct arena *a, struct str_list *l)
{
    if (l->n == 0 || !l->v)
        return 0;
    const char **v = arena_calloc(a, l->n, sizeof(*v));
    if (!v)
        return -1;
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i] && !(v[i] = arena_strdup(a, l->v[i])))
            return -1;
    l->v = v;
    return 0;
}

/* Copies N elements of SIZE bytes at *P into A (shallow); 0 or -1. */
static int cp_array(struct arena *a, void *pp, size_t n, size_t size)
{
    void **p = pp;
    if (n == 0 || !*p)
        return 0;
    void *v = arena_calloc(a, n, size);
    if (!v)
        return -1;
    memcpy(v, *p, n * size);
    *p = v;
    return 0;
}

static int cp_events(struct arena *a, struct event_list *l)
{
    if (cp_array(a, &l->v, l->n, sizeof(*l->v)) != 0)
        return -1;
    for (size_t i = 0; i < l->n; i++)
        if (cp_str(a, &l->v[i].provider) || cp_str(a, &l->v[i].message) || cp_str(a, &l->v[i].sid))
            return -1;
    return 0;
}

static int copy_group(struct facts *dst, const struct facts *src, enum probe_group g)
{
    struct arena *a = &dst->arena;
    switch (g) {
    case PROBE_AEPOLICY:
        dst->aepolicy[CTX_USER] = src->aepolicy[CTX_USER];
        dst->aepolicy[CTX_MACHINE] = src->aepolicy[CTX_MACHINE];
        return 0;
    case PROBE_LOGLEVEL:
        dst->loglevel = src->loglevel;
        return 0;
    case PROBE_CERTS:
        for (int c = 0; c < CTX_COUNT; c++) {
            struct cert_list l = src->certs[c];
            if (cp_array(a, &l.v, l.n, sizeof(*l.v)) != 0)
                return -1;
            for (size_t i = 0; i < l.n; i++) {
                struct cert *ce = &l.v[i];
                if (cp_str(a, &ce->thumbprint) || cp_str(a, &ce->subject) || cp_str(a, &ce->issuer) ||
                    cp_str(a, &ce->template_name) || cp_str(a, &ce->template_oid))
                    return -1;
            }
            dst->certs[c] = l;
        }
        return 0;
    case PROBE_TASKS:
        dst->tasks[CTX_USER] = src->tasks[CTX_USER];
        dst->tasks[CTX_MACHINE] = src->tasks[CTX_MACHINE];
        return 0;
    case PROBE_IDENTITY:
        /* the token's view only: what the directory said stays */
        for (int c = 0; c < CTX_COUNT; c++) {
            struct identity id = src->identity[c];
            if (id.st == F_ABSENT)
                continue;
            if (cp_str(a, &id.name) || cp_str(a, &id.sid) || cp_list(a, &id.token_groups))
                return -1;
            struct identity *d = &dst->identity[c];
            d->st = id.st;
            d->name = id.name;
            d->sid = id.sid;
            d->token_groups = id.token_groups;
            d->logon_time = id.logon_time;
        }
        return 0;
    case PROBE_SESSION:
        dst->session = src->session;
        return 0;
    case PROBE_KSP: {
        struct ksp_test *v = src->ksp;
        if (cp_array(a, &v, src->nksp, sizeof(*v)) != 0)
            return -1;
        for (size_t i = 0; i < src->nksp; i++)
            if (cp_str(a, &v[i].provider))
                return -1;
        dst->ksp_st = src->ksp_st;
        dst->nksp = src->nksp;
        dst->ksp = v;
        return 0;
    }
    case PROBE_CA_PING: {
        struct ca_ping *v = src->ca_ping;
        if (cp_array(a, &v, src->nca_ping, sizeof(*v)) != 0)
            return -1;
        for (size_t i = 0; i < src->nca_ping; i++)
            if (cp_str(a, &v[i].config) || cp_str(a, &v[i].ca_name) || cp_str(a, &v[i].account))
                return -1;
        dst->ca_ping_st = src->ca_ping_st;
        dst->nca_ping = src->nca_ping;
        dst->ca_ping = v;
        return 0;
    }
    case PROBE_EVENTS: {
        struct event_list l = src->events;
        if (cp_events(a, &l) != 0)
            return -1;
        dst->events = l;
        return 0;
    }
    case PROBE_POLICY_SERVERS: {
        struct policy_server *v = arena_calloc(a, src->npolicy_servers ? src->npolicy_servers : 1, sizeof(*v));
        if (!v)
            return -1;
        for (size_t i = 0; i < src->npolicy_servers; i++) {
            v[i] = src->policy_servers[i];
            if (cp_str(a, &v[i].url) || cp_str(a, &v[i].id) || cp_str(a, &v[i].name) ||
                cp_str(a, &v[i].source) || cp_str(a, &v[i].auth))
                return -1;
        }
        dst->policy_servers_st = src->policy_servers_st;
        dst->npolicy_servers = src->npolicy_servers;
        dst->policy_servers = v;
        return 0;
    }
    case PROBE_DIRECTORY: /* read by src/dirlive.c, not by a platform probe */
    case PROBE_COUNT:
        break;
    }
    return 0;
}

/* What the key and CA probes read from facts other than their own (the
 * context, the template of interest, the templates' providers, the CAs and
 * what they publish), deep-copied into the scratch facts DST, which an
 * abandoned worker may outlive the caller's facts with; 0 or -1. */
static int copy_inputs(struct facts *dst, const struct facts *src, enum probe_group g)
{
    if (g != PROBE_KSP && g != PROBE_CA_PING)
        return 0;
    struct arena *a = &dst->arena;
    dst->ctx_st = src->ctx_st;
    dst->ctx = src->ctx;
    dst->tmpl = src->tmpl;
    if (cp_str(a, &dst->tmpl))
        return -1;
    if (src->templates_st == F_SET) {
        struct tmpl *v = arena_calloc(a, src->ntemplates ? src->ntemplates : 1, sizeof(*v));
        if (!v)
            return -1;
        for (size_t i = 0; i < src->ntemplates; i++) {
            v[i].name = src->templates[i].name;
            v[i].providers = src->templates[i].providers;
            if (cp_str(a, &v[i].name) || cp_list(a, &v[i].providers))
                return -1;
        }
        dst->templates_st = F_SET;
        dst->ntemplates = src->ntemplates;
        dst->templates = v;
    }
    if (src->cas_st == F_SET) {
        struct ca *v = arena_calloc(a, src->ncas ? src->ncas : 1, sizeof(*v));
        if (!v)
            return -1;
        for (size_t i = 0; i < src->ncas; i++) {
            v[i].name = src->cas[i].name;
            v[i].config = src->cas[i].config;
            v[i].templates = src->cas[i].templates;
            if (cp_str(a, &v[i].name) || cp_str(a, &v[i].config) || cp_list(a, &v[i].templates))
                return -1;
        }
        dst->cas_st = F_SET;
        dst->ncas = src->ncas;
        dst->cas = v;
    }
    return 0;
}

int platform_probe(struct facts *f, enum probe_group g, int timeout_ms, struct probe_note *note)
{
    memset(note, 0, sizeof(*note));
    note->group = g;
    if ((unsigned)g >= PROBE_COUNT) {
        probe_note_set(note, g, "no such group of facts");
        return 1;
    }
    if (g == PROBE_DIRECTORY) {
        /* the directory is read by src/dirlive.c through the LDAP module */
        probe_note_set(note, g, "the directory is not a platform probe (see dirlive)");
        return 1;
    }
    timeout_ms = probe_group_deadline_ms(g, timeout_ms);
    struct group_job *j = calloc(1, sizeof(*j));
    if (!j)
        return -1;
    j->scratch = facts_new();
    if (!j->scratch) {
        free(j);
        return -1;
    }
    if (copy_inputs(j->scratch, f, g) != 0) {
        group_job_free(j);
        return -1;
    }
    j->g = g;
    j->note.group = g;
    j->env.timeout_ms = (DWORD)timeout_ms;
    j->env.deadline = GetTickCount64() + (ULONGLONG)timeout_ms;
    j->env.wine = probe_is_wine();

    struct probe_job *job = probe_job_start(group_job_run, j, group_job_free);
    if (!job) {
        DWORD e = GetLastError();
        group_job_free(j);
        probe_note_set(note, g, "cannot start a worker thread (error 0x%08lX)", (unsigned long)probe_code(e));
        return 1;
    }
    /* the probes watch their own deadline for inner calls; this one is the
     * backstop, with a little grace for them to wrap up */
    DWORD grace = (DWORD)timeout_ms / 10 + 250;
    if (!probe_job_wait(job, (DWORD)timeout_ms + grace)) {
        probe_job_release(job);
        probe_note_set(note, g, "timed out after %d ms", timeout_ms);
        return 1;
    }
    int rc = j->rc;
    *note = j->note;
    note->group = g;
    if (rc == 0 && copy_group(f, j->scratch, g) != 0)
        rc = -1;
    probe_job_release(job);
    return rc;
}
