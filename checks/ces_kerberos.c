/* ces_kerberos.c: the Kerberos side of the CES fault
 * WS_E_ENDPOINT_FAULT_RECEIVED. The CES must authenticate to the CA on the
 * client's behalf, so the account must be delegable, the CES server must be
 * trusted for delegation to the CA (constrained when Credential Guard runs
 * there: to the CA's HOST/ or RPCSS/ service, or resource-based on the CA's
 * computer account), and its application pool identity must be allowed to
 * impersonate. Each finding needs the fault. */
#include "checks.h"

#include "ces.h"
#include "util.h"

#define MAX_CAS 8

static const struct finding_def defs[] = {
    {"ces.user-not-delegated", SEV_ERROR, {NULL}},
    {"ces.no-delegation", SEV_ERROR, {NULL}},
    {"ces.unconstrained-credential-guard", SEV_ERROR, {NULL}},
    {"ces.no-impersonate", SEV_ERROR, {NULL}},
    {"ces.delegation-not-to-ca", SEV_ERROR, {NULL}},
};

static struct finding *add(const struct eval *ev, struct check_result *r,
                           const struct finding_def *def)
{
    struct finding *fd = result_add(r, ev, def);
    if (fd)
        finding_evidence_code(r, fd, "error", HR_WS_E_ENDPOINT_FAULT_RECEIVED);
    return fd;
}

static void account(const struct eval *ev, struct check_result *r)
{
    if (ev->ctx == CTX_NONE) {
        result_missing(r, "context");
        return;
    }
    const struct identity *id = eval_identity(ev);
    if (!id) {
        result_missing(r, ev->ctx == CTX_MACHINE ? "facts.identity.machine" : "facts.identity.user");
        return;
    }
    if (id->not_delegated.st != F_SET) {
        result_missing(r, ev->ctx == CTX_MACHINE ? "facts.identity.machine.not_delegated"
                                                 : "facts.identity.user.not_delegated");
        return;
    }
    if (!id->not_delegated.v)
        return;
    struct finding *fd = add(ev, r, &defs[0]);
    if (!fd)
        return;
    if (id->name.st == F_SET)
        finding_evidence(r, fd, "account", "%s", id->name.v);
    finding_evidence_bool(r, fd, "not_delegated", true);
}

/* The hosts of the CAs the CES hands requests to, at most MAX_CAS into OUT. */
static size_t target_hosts(const struct eval *ev, const char **out)
{
    char buf[256];
    const struct ca *cas[MAX_CAS];
    size_t n = ces_target_cas(ev->f, ces_server_host(ev->f, buf, sizeof(buf)), ev->tmpl, cas, MAX_CAS);
    for (size_t i = 0; i < n; i++)
        out[i] = cas[i]->host.v;
    return n;
}

/* Whether a CA computer among HOSTS admits the CES account by resource-based
 * delegation. */
static bool rbcd_to(const struct ces *c, const char *const *hosts, size_t n)
{
    for (size_t i = 0; c->rbcd_hosts.st == F_SET && i < c->rbcd_hosts.n; i++)
        for (size_t k = 0; k < n; k++)
            if (ascii_casecmp(c->rbcd_hosts.v[i], hosts[k]) == 0)
                return true;
    return false;
}

static bool delegates_to(const struct ces *c, const char *const *hosts, size_t n)
{
    for (size_t i = 0; i < c->delegate_to.n; i++)
        for (size_t k = 0; k < n; k++)
            if (ces_spn_reaches(c->delegate_to.v[i], hosts[k]))
                return true;
    return false;
}

static struct finding *add_server(const struct eval *ev, struct check_result *r, const struct finding_def *def)
{
    const struct ces *c = &ev->f->ces;
    struct finding *fd = add(ev, r, def);
    if (fd && c->server_account.st == F_SET)
        finding_evidence(r, fd, "ces_account", "%s", c->server_account.v);
    if (fd)
        finding_evidence(r, fd, "delegation", "%s", delegation_name(c->delegation));
    return fd;
}

/* Constrained delegation that names none of the CA's services, and no
 * resource-based delegation on the CA either: as good as none towards it. */
static void constrained(const struct eval *ev, struct check_result *r)
{
    const struct ces *c = &ev->f->ces;
    if (c->delegate_to.st != F_SET) {
        result_missing(r, "facts.ces.server.delegate_to");
        return;
    }
    const char *hosts[MAX_CAS];
    size_t n = target_hosts(ev, hosts);
    if (n == 0) {
        result_missing(r, "facts.cas");
        return;
    }
    if (delegates_to(c, hosts, n) || rbcd_to(c, hosts, n))
        return;
    struct finding *fd = add_server(ev, r, &defs[4]);
    if (!fd)
        return;
    const char *to = NULL, *cas = NULL;
    for (size_t i = 0; i < c->delegate_to.n; i++)
        to = arena_list_append(r->arena, to, c->delegate_to.v[i]);
    for (size_t k = 0; k < n; k++)
        cas = arena_list_append(r->arena, cas, hosts[k]);
    if (to)
        finding_evidence(r, fd, "delegate_to", "%s", to);
    else
        finding_evidence_null(r, fd, "delegate_to");
    if (cas)
        finding_evidence(r, fd, "ca_host", "%s", cas);
}

static void server(const struct eval *ev, struct check_result *r)
{
    const struct ces *c = &ev->f->ces;
    if (c->server_st != F_SET) {
        result_missing(r, "facts.ces.server");
        return;
    }
    if (c->delegation_st != F_SET) {
        result_missing(r, "facts.ces.server.delegation");
    } else if (c->delegation == DELEG_NONE) {
        /* resource-based delegation on the CA's computer needs nothing on the CES side */
        const char *hosts[MAX_CAS];
        size_t n = c->rbcd_hosts.st == F_SET ? target_hosts(ev, hosts) : 0;
        if (!rbcd_to(c, hosts, n))
            add_server(ev, r, &defs[1]);
    } else if (c->delegation == DELEG_CONSTRAINED) {
        constrained(ev, r);
    } else if (c->delegation == DELEG_UNCONSTRAINED) {
        if (c->credential_guard.st != F_SET) {
            result_missing(r, "facts.ces.server.credential_guard");
        } else if (c->credential_guard.v) {
            struct finding *fd = add_server(ev, r, &defs[2]);
            finding_evidence_bool(r, fd, "credential_guard", true);
        }
    }
    if (c->impersonate_privilege.st != F_SET) {
        result_missing(r, "facts.ces.server.impersonate_privilege");
    } else if (!c->impersonate_privilege.v) {
        struct finding *fd = add(ev, r, &defs[3]);
        finding_evidence_bool(r, fd, "impersonate_privilege", false);
    }
}

static void run(const struct eval *ev, struct check_result *r)
{
    if (!eval_ces_error_is(ev, r, HR_WS_E_ENDPOINT_FAULT_RECEIVED))
        return;
    account(ev, r);
    server(ev, r);
}

const struct check check_ces_kerberos = {
    .id = "ces_kerberos",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    /* the account's not_delegated, the CAs' hosts and their CES URLs */
    .needs = FACTS_BIT(FACTS_CES) | FACTS_BIT(FACTS_DIRECTORY) | FACTS_BIT(FACTS_EVENTS) |
             FACTS_BIT(FACTS_POLICY_SERVERS),
};
