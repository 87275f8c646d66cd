/* ces_kerberos.c: the Kerberos side of the CES fault
 * WS_E_ENDPOINT_FAULT_RECEIVED. The CES must authenticate to the CA on the
 * client's behalf, so the account must be delegable, the CES server must be
 * trusted for delegation (constrained when Credential Guard runs there), and
 * its application pool identity must be allowed to impersonate. Each finding
 * needs the fault. */
#include "checks.h"

static const struct finding_def defs[] = {
    {"ces.user-not-delegated", SEV_ERROR, {NULL}},
    {"ces.no-delegation", SEV_ERROR, {NULL}},
    {"ces.unconstrained-credential-guard", SEV_ERROR, {NULL}},
    {"ces.no-impersonate", SEV_ERROR, {NULL}},
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
        struct finding *fd = add(ev, r, &defs[1]);
        finding_evidence(r, fd, "delegation", "%s", delegation_name(c->delegation));
    } else if (c->delegation == DELEG_UNCONSTRAINED) {
        if (c->credential_guard.st != F_SET) {
            result_missing(r, "facts.ces.server.credential_guard");
        } else if (c->credential_guard.v) {
            struct finding *fd = add(ev, r, &defs[2]);
            finding_evidence(r, fd, "delegation", "%s", delegation_name(c->delegation));
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
    /* the account's not_delegated */
    .needs = FACTS_BIT(FACTS_CES) | FACTS_BIT(FACTS_DIRECTORY) | FACTS_BIT(FACTS_EVENTS) |
             FACTS_BIT(FACTS_POLICY_SERVERS),
};
