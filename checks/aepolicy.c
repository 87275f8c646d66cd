/* aepolicy.c: is autoenrollment switched on for the context? The DWORD
 * AEPolicy (HKCU / HKLM ...\Policies\Microsoft\Cryptography\AutoEnrollment):
 * 0x8000 disables the whole process; 0x1 "Update certificates that use
 * certificate templates" makes it request certificates; 0x2 together with
 * 0x4 "Renew expired certificates, update pending certificates, and remove
 * revoked certificates" makes it renew, fetch and archive. */
#include <inttypes.h>

#include "checks.h"

#define AEPOLICY_DISABLED  0x8000u
#define AEPOLICY_ENROLL    0x1u
#define AEPOLICY_RENEW     0x6u   /* 0x2 and 0x4, both needed */

static const struct finding_def defs[] = {
    {"aepolicy.missing", SEV_ERROR, {"gpupdate", NULL}},
    {"aepolicy.disabled", SEV_ERROR, {"gpupdate", NULL}},
    {"aepolicy.enroll-off", SEV_ERROR, {"gpupdate", NULL}},
    {"aepolicy.renewal-off", SEV_WARNING, {"gpupdate", NULL}},
};
enum { D_MISSING, D_DISABLED, D_ENROLL_OFF, D_RENEWAL_OFF };

static void report(const struct eval *ev, struct check_result *r, int which, uint32_t v)
{
    struct finding *fd = result_add(r, ev, &defs[which]);
    finding_evidence(r, fd, "aepolicy", "0x%" PRIX32, v);
}

static void run(const struct eval *ev, struct check_result *r)
{
    if (ev->ctx != CTX_USER && ev->ctx != CTX_MACHINE) {
        result_missing(r, "context");
        return;
    }
    const struct opt_int *p = &ev->f->aepolicy[ev->ctx];
    if (p->st == F_ABSENT) {
        result_missing_ctx(r, "facts.aepolicy", ev->ctx);
        return;
    }
    if (p->st == F_NULL) {
        struct finding *fd = result_add(r, ev, &defs[D_MISSING]);
        finding_evidence_null(r, fd, "aepolicy");
        return;
    }
    /* A DWORD: keep the low 32 bits whatever sign the source wrote. */
    uint32_t v = (uint32_t)((uint64_t)p->v & 0xFFFFFFFFu);
    bool disabled = (v & AEPOLICY_DISABLED) != 0;
    if (disabled)
        report(ev, r, D_DISABLED, v);
    else if (!(v & AEPOLICY_ENROLL))
        report(ev, r, D_ENROLL_OFF, v);
    if ((v & AEPOLICY_ENROLL) && (v & AEPOLICY_RENEW) != AEPOLICY_RENEW)
        report(ev, r, D_RENEWAL_OFF, v);
}

const struct check check_aepolicy = {
    .id = "aepolicy",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_AEPOLICY),
};
