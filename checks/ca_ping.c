/* ca_ping.c: ca.unreachable, ca.access-denied, ca.second-hop. The client
 * asked each CA for its name over RPC/DCOM (ICertRequest::GetCAProperty, as
 * the seed's PowerShell lines do). Only the CAs that can take the request
 * count: those that publish the template of interest (every CA when there
 * is no template or the CAs were not read); a retired CA that publishes
 * nothing may be silent without harm. For each CA that counts and did not
 * answer:
 *   - in a remote shell (session.remote), RPC_S_SERVER_UNAVAILABLE, access
 *     denied or a Kerberos / security package error prove nothing about the
 *     CA: the shell's credentials cannot reach a third machine (the second
 *     hop): ca.second-hop, a warning;
 *   - E_ACCESSDENIED: the network is fine, DCOM or the CA's own permissions
 *     refuse the account: ca.access-denied;
 *   - anything else (RPC_S_SERVER_UNAVAILABLE, ERROR_TIMEOUT, ...):
 *     ca.unreachable, with whether the call timed out as evidence. */
#include "checks.h"
#include "util.h"

static const struct finding_def defs[] = {
    {"ca.unreachable", SEV_ERROR, {"ca.ping", NULL}},
    {"ca.access-denied", SEV_ERROR, {"ca.ping", NULL}},
    {"ca.second-hop", SEV_WARNING, {NULL}},
};
enum { D_UNREACHABLE, D_ACCESS_DENIED, D_SECOND_HOP };

#define HR_E_ACCESSDENIED      0x80070005u
#define HR_ERROR_TIMEOUT       0x800705B4u
#define HR_RPC_S_SEC_PKG_ERROR 0x80070721u

/* Whether CODE is a Kerberos or security package error (SEC_E_*, facility
 * 9 in the range of the SSPI codes, or RPC_S_SEC_PKG_ERROR): what a ticket
 * that cannot be delegated onward ends in. */
static bool kerberos_error(uint32_t code)
{
    return code == HR_RPC_S_SEC_PKG_ERROR || (code >= 0x80090300u && code <= 0x8009036Fu);
}

static void add(const struct eval *ev, struct check_result *r, int d, const struct ca_ping *p)
{
    struct finding *fd = result_add(r, ev, &defs[d]);
    if (!fd)
        return;
    if (p->config.st == F_SET)
        finding_evidence(r, fd, "config", "%s", p->config.v);
    if (p->error.st == F_SET)
        finding_evidence_code(r, fd, "error", p->error.v);
    else
        finding_evidence(r, fd, "error", "unknown");
    if (d == D_UNREACHABLE && p->error.st == F_SET)
        finding_evidence_bool(r, fd, "timeout", p->error.v == HR_ERROR_TIMEOUT);
    if (d != D_UNREACHABLE) {
        if (p->account.st == F_SET)
            finding_evidence(r, fd, "account", "%s", p->account.v);
        else
            finding_evidence_null(r, fd, "account");
    }
    /* the computer enrolls as SYSTEM: a ping as anyone else tests another
     * account (the document: psexec -s) */
    if (d == D_ACCESS_DENIED && ev->ctx == CTX_MACHINE && p->account.st == F_SET)
        finding_evidence_bool(r, fd, "as_system",
                              ascii_casecmp(p->account.v, "NT AUTHORITY\\SYSTEM") == 0);
}

static void run(const struct eval *ev, struct check_result *r)
{
    const struct facts *f = ev->f;
    if (f->ca_ping_st != F_SET || f->nca_ping == 0) {
        /* absent, or no CA was tried: nothing is known about reachability */
        result_missing(r, "facts.ca_ping");
        return;
    }
    bool remote = f->session.st == F_SET && f->session.remote.st == F_SET && f->session.remote.v;
    for (size_t i = 0; i < f->nca_ping; i++) {
        const struct ca_ping *p = &f->ca_ping[i];
        if (p->ok.st != F_SET) {
            result_missing(r, "facts.ca_ping.ok");
            continue;
        }
        if (p->ok.v || !ca_ping_counts(ev, p))
            continue;
        bool known = p->error.st == F_SET;
        uint32_t code = known ? p->error.v : 0;
        if (remote && known &&
            (code == HR_RPC_S_SERVER_UNAVAILABLE || code == HR_E_ACCESSDENIED ||
             kerberos_error(code)))
            add(ev, r, D_SECOND_HOP, p);
        else if (known && code == HR_E_ACCESSDENIED)
            add(ev, r, D_ACCESS_DENIED, p);
        else
            add(ev, r, D_UNREACHABLE, p);
    }
}

const struct check check_ca_ping = {
    .id = "ca_ping",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_CA_PING) | FACTS_BIT(FACTS_DIRECTORY) | FACTS_BIT(FACTS_SESSION),
};
