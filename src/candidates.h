/* candidates.h: which templates an operator most likely means, when none
 * was named (--template, the bundle's "template"). A pure function of the
 * facts and the context: the engine asks "Which template?" with these as
 * the choices, and diagnose evaluates each of them.
 *
 * A template is a candidate when any of these holds:
 *   - its SDDL lets the account of the context enroll, or enroll and
 *     autoenroll (deny first, as the perm_template check evaluates it);
 *   - a CA publishes it (facts.cas[].templates);
 *   - a certificate in the context's store was issued from it (template
 *     name, display name or OID matched to facts.templates);
 *   - an event of the client's log names it (CertEnroll / AutoEnrollment
 *     messages: "template: NAME", "for one NAME certificate", "Vorlage NAME").
 *
 * The ranking, most likely first, compares these in this order (each a tie
 * breaker for the one before): the account may autoenroll (Enroll and
 * AutoEnroll granted); a CA publishes it; an event names it; the account
 * may enroll only; a certificate of it is in the store; then the name
 * (case-insensitive), so the order is stable. */
#ifndef ENROLLDOC_CANDIDATES_H
#define ENROLLDOC_CANDIDATES_H

#include <stddef.h>

#include "arena.h"
#include "facts.h"

/* Why a template is a candidate (bits of struct candidate's WHY); their
 * values are the ranking's weights. */
enum candidate_why {
    CAND_STORE = 1u << 0,       /* a certificate of it is in the store */
    CAND_ENROLL = 1u << 1,      /* the account may enroll (not autoenroll) */
    CAND_EVENTS = 1u << 2,      /* an event names it */
    CAND_PUBLISHED = 1u << 3,   /* a CA publishes it */
    CAND_AUTOENROLL = 1u << 4,  /* the account may enroll and autoenroll */
};

struct candidate {
    const char *name;           /* the template's name (borrowed from the facts, or from the arena) */
    unsigned why;               /* enum candidate_why bits; the higher, the more likely */
};

/* The candidates for facts F in context CTX (CTX_NONE: the rights are not
 * looked at), most likely first, into a new array from arena A (*OUT, NULL
 * when there are none). Returns the count; 0 also when out of memory. */
size_t candidates_list(const struct facts *f, enum ctx ctx, struct arena *a, struct candidate **out);

/* The stable name of reason bit WHY: "store", "enroll", "events",
 * "published", "autoenroll"; NULL for anything else (front ends show
 * "ui.template.why.<name>"). */
const char *candidates_why_name(unsigned why);

/* The template an event message names, or NULL: copied into A. */
const char *candidates_event_template(const char *message, struct arena *a);

#endif
