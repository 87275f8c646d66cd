/* checks.h: the exported checks (one per file in checks/) and the helpers
 * they share (checks/common.c). Included by checks, the registry and src/candidates.c (the same rights). */
#ifndef ENROLLDOC_CHECKS_H
#define ENROLLDOC_CHECKS_H

#include "platform/attributes.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "facts.h"

extern const struct check check_store;          /* cert.present */
extern const struct check check_domain;         /* gpo.not-joined, gpo.no-dc */
extern const struct check check_aepolicy;       /* aepolicy.* */
extern const struct check check_session;        /* session.runas */
extern const struct check check_task;           /* task.* */
extern const struct check check_perm_template;  /* perm.template-enroll, perm.template-autoenroll */
extern const struct check check_perm_ca;        /* perm.ca-request */
extern const struct check check_token;          /* perm.token-stale */
extern const struct check check_published;      /* template.not-published */
extern const struct check check_template_flags; /* template.no-autoenroll-flag */
extern const struct check check_ksp;            /* ksp.unavailable */
extern const struct check check_ca_ping;        /* ca.unreachable, ca.access-denied, ca.second-hop */
extern const struct check check_enroll;         /* enroll.template-unsupported, enroll.failed */
extern const struct check check_ca_denied;      /* ca.denied */
extern const struct check check_mail;           /* account.mail-missing */
extern const struct check check_policy;         /* template.invalid-policy */
extern const struct check check_ces_endpoint;   /* ces.endpoint-failure */
extern const struct check check_ces_kerberos;   /* ces.user-not-delegated, ces.no-delegation,
                                                   ces.unconstrained-credential-guard, ces.no-impersonate */
extern const struct check check_ces_kbr;        /* ces.kbr-no-ca-read, ces.kbr-renew-on-behalf */
extern const struct check check_ces_ca;         /* ces.ca-request-failed */
extern const struct check check_loglevel;       /* log.level-low */
extern const struct check check_events;         /* events.no-run, events.run-incomplete, events.error */

/* Well-known codes the checks decide on. */
#define HR_RPC_S_SERVER_UNAVAILABLE          0x800706BAu
#define HR_CERTSRV_E_UNSUPPORTED_CERT_TYPE   0x80094800u
#define HR_CERTSRV_E_TEMPLATE_DENIED         0x80094012u
#define HR_CERTSRV_E_SUBJECT_EMAIL_REQUIRED  0x80094812u
#define HR_CERT_E_INVALID_POLICY             0x800B0113u
#define HR_WS_E_ENDPOINT_FAULT_RECEIVED      0x803D0013u
#define HR_WS_E_ENDPOINT_FAILURE             0x803D000Fu
#define HR_SCHED_S_TASK_HAS_NOT_RUN          0x00041303u

/* The identity of EV's context, or NULL when the context is unknown or the
 * identity was not collected. */
const struct identity *eval_identity(const struct eval *ev);

/* How the account of EV's context is shown in evidence: its name, else its
 * SID, else "?". Borrowed from EV's facts (or static). */
const char *eval_account_label(const struct eval *ev);

/* The template of interest as an object from facts.templates. When there is
 * none, records what was missing in R and returns NULL: "template" (no
 * template of interest), "facts.templates" (templates not collected) or
 * "facts.templates[name=NAME]" (named, but not among the templates). */
const struct tmpl *eval_named_template(const struct eval *ev, struct check_result *r);

/* Whether the CES path failed with ces.error CODE (the precondition of the
 * ces.* findings). Records "facts.ces" or "facts.ces.error" in R as missing
 * when they were not collected; a null error is no error. */
bool eval_ces_error_is(const struct eval *ev, struct check_result *r, uint32_t code);

/* account_sids() that records in R what was missing when it returns 0:
 * "context", "facts.identity.<ctx>", or the group list it needed
 * ("facts.identity.<ctx>.token_groups"). Also stores the account's domain
 * SID (sid_domain() of its own SID, from R's arena; NULL when unknown) in
 * *DOMAIN. */
size_t eval_account_sids(const struct eval *ev, struct check_result *r, bool token_only,
                         const char ***out, const char **domain);

/* The SIDs "the account" holds, as findings.md defines them: its
 * directory_groups when present (TOKEN_ONLY false), else / or (TOKEN_ONLY
 * true) its token_groups; plus its own SID, S-1-1-0 and S-1-5-11.
 * Returns the count and stores an arena array in *OUT; returns 0 and sets
 * *OUT = NULL when the identity or the needed group list is absent. */
size_t account_sids(const struct eval *ev, struct arena *a, bool token_only, const char ***out);

/* The domain part of an account SID ("S-1-5-21-a-b-c-1104" -> "S-1-5-21-a-b-c"),
 * allocated from A; NULL when SID has no domain part. */
const char *sid_domain(const char *sid, struct arena *a);

/* The templates of interest: the one named by EV->tmpl (when it is in
 * facts.templates), or every template when EV->tmpl is NULL. Stores an arena
 * array in *OUT and returns the count (0 when templates are absent or the
 * named one is not there). */
size_t eval_templates(const struct eval *ev, struct arena *a, const struct tmpl ***out);

/* Whether CA lists template NAME (case-insensitive). */
bool ca_publishes(const struct ca *ca, const char *name);

/* Whether enroll result ER belongs to EV's context (its context equals EV's,
 * or either is unknown) and to the template of interest (when one is given). */
bool enroll_matches(const struct eval *ev, const struct enroll_result *er);

/* Whether ping P concerns a CA that can take the request of interest: one
 * that publishes EV's template, or any CA when there is no template, the
 * CAs were not read, or the directory does not list P's CA. */
bool ca_ping_counts(const struct eval *ev, const struct ca_ping *p);

/* Whether any ca_ping of a CA that counts (ca_ping_counts) failed (ok
 * false): a finding of checks/ca_ping.c holds. */
bool ca_ping_failing(const struct eval *ev);

/* For the findings an error code proves (ca.denied, account.mail-missing,
 * template.invalid-policy): adds one finding of DEF for every enroll result
 * matching EV (enroll_matches) that failed with CODE, with evidence "source"
 * "enroll", "error", "template", "time" where known; and one when
 * ces.inner_error is CODE, with "source" "ces", "error", "url". Returns the
 * number of findings added. Sets *HAVE (when not NULL) to whether any of
 * these facts was there to look at (a matching enroll result whose outcome
 * is known, or a ces object with its inner_error collected). */
size_t report_code_sources(const struct eval *ev, struct check_result *r,
                           const struct finding_def *def, uint32_t code, bool *have);

#endif
