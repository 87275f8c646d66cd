/* enroll.c: enroll.template-unsupported, enroll.failed, enroll.pending. A
 * manual enrollment (certreq -q -enroll TEMPLATE) failed, or the CA holds
 * it for a certificate manager's approval (status "pending").
 * CERTSRV_E_UNSUPPORTED_CERT_TYPE has a finding of its own; codes another check explains (CA denial, e-mail
 * required, invalid policy, and RPC_S_SERVER_UNAVAILABLE while a CA does not
 * answer the ping) are left to that check; every other failure is
 * enroll.failed. Only results of the context and template of interest count. */
#include "checks.h"

#include <string.h>

#include "util.h"

static const struct finding_def defs[] = {
    {"enroll.template-unsupported", SEV_ERROR, {NULL}},
    {"enroll.failed", SEV_ERROR, {"enroll.manual", NULL}},
    {"enroll.pending", SEV_WARNING, {NULL}},
};

/* Whether a more specific finding explains CODE. */
static bool explained(const struct eval *ev, uint32_t code)
{
    switch (code) {
    case HR_CERTSRV_E_TEMPLATE_DENIED:        /* ca.denied */
    case HR_CERTSRV_E_SUBJECT_EMAIL_REQUIRED: /* account.mail-missing */
    case HR_CERT_E_INVALID_POLICY:            /* template.invalid-policy */
        return true;
    case HR_RPC_S_SERVER_UNAVAILABLE:         /* ca.unreachable, when it holds */
        return ca_ping_failing(ev);
    default:
        return false;
    }
}

static void evidence_result(struct check_result *r, struct finding *fd,
                            const struct enroll_result *er)
{
    if (er->tmpl.st == F_SET)
        finding_evidence(r, fd, "template", "%s", er->tmpl.v);
    if (er->ctx_st == F_SET)
        finding_evidence(r, fd, "context", "%s", ctx_name(er->ctx));
    if (er->error.st == F_SET && er->error.v != 0)
        finding_evidence_code(r, fd, "error", er->error.v);
    else
        finding_evidence(r, fd, "error", "unknown");
    if (er->time.st == F_SET) {
        char t[32];
        time_format_iso(er->time.v, t, sizeof(t));
        finding_evidence(r, fd, "time", "%s", t);
    }
}

static bool is_pending(const struct enroll_result *er)
{
    return er->status.st == F_SET && strcmp(er->status.v, "pending") == 0;
}

static void run(const struct eval *ev, struct check_result *r)
{
    const struct facts *f = ev->f;
    if (f->enroll_st != F_SET) {
        result_missing(r, "facts.enroll");
        return;
    }
    size_t known = 0;
    for (size_t i = 0; i < f->nenroll; i++) {
        const struct enroll_result *er = &f->enroll[i];
        if (!enroll_matches(ev, er))
            continue;
        if (is_pending(er)) {
            /* held for approval: no failure, no certificate yet */
            known++;
            struct finding *fd = result_add(r, ev, &defs[2]);
            if (!fd)
                return;
            if (er->tmpl.st == F_SET)
                finding_evidence(r, fd, "template", "%s", er->tmpl.v);
            if (er->request_id.st == F_SET)
                finding_evidence(r, fd, "request_id", "%lld", (long long)er->request_id.v);
            else
                finding_evidence(r, fd, "request_id", "unknown");
            continue;
        }
        if (er->ok.st != F_SET)
            continue;
        known++;
        if (er->ok.v)
            continue;
        bool has_code = er->error.st == F_SET && er->error.v != 0;
        const struct finding_def *def;
        if (has_code && er->error.v == HR_CERTSRV_E_UNSUPPORTED_CERT_TYPE)
            def = &defs[0];
        else if (has_code && explained(ev, er->error.v))
            continue;
        else
            def = &defs[1];
        struct finding *fd = result_add(r, ev, def);
        if (!fd)
            return;
        evidence_result(r, fd, er);
    }
    /* no result for this context and template: the manual enrollment was
       not tried, so nothing is known */
    if (known == 0)
        result_missing(r, "facts.enroll");
}

const struct check check_enroll = {
    .id = "enroll",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    /* a failing ping explains RPC_S_SERVER_UNAVAILABLE */
    .needs = FACTS_BIT(FACTS_ENROLL) | FACTS_BIT(FACTS_CA_PING) | FACTS_BIT(FACTS_DIRECTORY),
};
