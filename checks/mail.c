/* mail.c: account.mail-missing. The template puts the e-mail address into
 * the certificate (CT_FLAG_SUBJECT_REQUIRE_EMAIL or
 * CT_FLAG_SUBJECT_ALT_REQUIRE_EMAIL) and the account has none, so the CA
 * refuses with CERTSRV_E_SUBJECT_EMAIL_REQUIRED; or that code came back from
 * a manual enrollment or inside a CES fault. With no template of interest,
 * every template in the facts counts. */
#include "checks.h"

static const struct finding_def defs[] = {
    {"account.mail-missing", SEV_ERROR, {NULL}},
};

static const char *identity_path(enum ctx c)
{
    return c == CTX_MACHINE ? "facts.identity.machine" : "facts.identity.user";
}

static const char *mail_path(enum ctx c)
{
    return c == CTX_MACHINE ? "facts.identity.machine.mail" : "facts.identity.user.mail";
}

/* The templates' side of the condition. */
static void from_templates(const struct eval *ev, struct check_result *r)
{
    const struct tmpl **t;
    size_t nt = eval_templates(ev, r->arena, &t);
    if (nt == 0) {
        result_missing(r, "facts.templates");
        return;
    }
    size_t nreq = 0;
    bool unknown_flag = false;
    for (size_t i = 0; i < nt; i++) {
        if (t[i]->requires_email.st != F_SET)
            unknown_flag = true;
        else if (t[i]->requires_email.v)
            nreq++;
    }
    if (nreq == 0) {
        if (unknown_flag)
            result_missing(r, "facts.templates.requires_email");
        return;
    }
    if (ev->ctx == CTX_NONE) {
        result_missing(r, "context");
        return;
    }
    const struct identity *id = eval_identity(ev);
    if (!id) {
        result_missing(r, identity_path(ev->ctx));
        return;
    }
    if (id->mail.st == F_ABSENT) {
        result_missing(r, mail_path(ev->ctx));
        return;
    }
    if (id->mail.st == F_SET)
        return;
    for (size_t i = 0; i < nt; i++) {
        if (t[i]->requires_email.st != F_SET || !t[i]->requires_email.v)
            continue;
        struct finding *fd = result_add(r, ev, &defs[0]);
        if (!fd)
            return;
        if (t[i]->name.st == F_SET)
            finding_evidence(r, fd, "template", "%s", t[i]->name.v);
        finding_evidence_bool(r, fd, "requires_email", true);
        if (id->name.st == F_SET)
            finding_evidence(r, fd, "account", "%s", id->name.v);
        finding_evidence_null(r, fd, "mail");
    }
}

static void run(const struct eval *ev, struct check_result *r)
{
    from_templates(ev, r);
    report_code_sources(ev, r, &defs[0], HR_CERTSRV_E_SUBJECT_EMAIL_REQUIRED, NULL);
}

const struct check check_mail = {
    .id = "mail",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_DIRECTORY) | FACTS_BIT(FACTS_ENROLL) | FACTS_BIT(FACTS_CES),
};
