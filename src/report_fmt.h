/* report_fmt.h: what the three report writers (report_md.c, report_html.c,
 * report_json.c) share: the counts, the conclusion and a step's findings
 * taken from the model, and the texts every format shows the same way.
 * Included by the writers only; the public API is report.h. */
#ifndef ENROLLDOC_REPORT_FMT_H
#define ENROLLDOC_REPORT_FMT_H

#include <stddef.h>

#include "lang.h"
#include "report.h"

/* The most findings a step's check is shown with. */
#define REPORT_STEP_MAX_FINDINGS 32

struct report_counts {
    size_t n[3];   /* indexed by enum severity */
};

/* How many of R's findings there are of each severity. */
struct report_counts report_counts_of(const struct report *r);

/* The conclusion node at the end of R's path, or NULL. Borrowed from R. */
const struct node *report_conclusion(const struct report *r);

/* The findings of step S's check, the deciding one first. Returns the count
 * (at most MAX) written into OUT; the findings are borrowed from S. */
size_t report_step_findings(const struct report_step *s, const struct finding **out, size_t max);

/* The texts below are written into the caller's buffer (KEY or BUF, SIZE
 * bytes) or are catalog strings of L; either way the result is borrowed. */

/* The scenario's title in L's language (R->title when it has no German one). */
const char *report_title(const struct report *r, const struct locale *l);
/* Why suggestion S has no command line: a catalog key. */
const char *report_no_command_key(const struct report_suggestion *s);
/* The context's name in L ("context.<ctx>"). */
const char *report_ctx_text(const struct locale *l, enum ctx c, char *key, size_t size);
/* The heading "... {host}". */
const char *report_heading(const struct report *r, const struct locale *l, char *buf, size_t size);
/* Where the facts came from: the live client or the bundle's file. */
const char *report_source_text(const struct report *r, const struct locale *l, char *buf, size_t size);
/* "{errors} errors, {warnings} warnings, {infos} notes" in L. */
const char *report_counts_text(const struct report_counts *c, const struct locale *l, char *buf,
                               size_t size);
/* The catalog key of an action's outcome ("report.outcome.ran", ...). */
const char *report_outcome_key(enum action_outcome o);
/* For an answered question the answer's text, else NULL. */
const char *report_answer_text(const struct report_step *s, const struct locale *l, char *key,
                               size_t size);

#endif
