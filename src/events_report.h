/* events_report.h: what `enrolldoc events FILE` prints: the runs of an
 * events export (src/evlog.h) and the events.* findings of the events check
 * (checks/events.c) on facts holding these events, as the
 * "enrolldoc-events/1" JSON document of spec/cli.md or as text in the
 * chosen language.
 *
 * JSON, beyond cli.md's example: each run also has "context" ("user",
 * "machine" or null) and "warnings" (same shape as "errors", for events of
 * level warning); "errors" holds the events of level error. Findings have
 * the shape of `diagnose --json` ("id", "severity", "context", "evidence",
 * "actions"). "times" says whether the times are "utc" or the exporting
 * computer's "local" clock (CSV without zone): "started" and time evidence
 * carry a final "Z" only in the first case (events_import.h).
 *
 * Contexts: the check is evaluated once for each context whose account is
 * known (facts.identity, or the bundle's context), else once with the
 * context unknown (which matches runs of either context); a finding that
 * comes out the same for both contexts is reported once, context null. */
#ifndef ENROLLDOC_EVENTS_REPORT_H
#define ENROLLDOC_EVENTS_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "check.h"
#include "err.h"
#include "events_import.h"
#include "evlog.h"
#include "facts.h"
#include "lang.h"

struct events_report {
    struct arena arena;             /* everything below but F */
    const struct facts *f;          /* borrowed */
    const char *file;               /* borrowed: the file name, for the text */
    struct events_info info;
    struct evlog log;
    size_t nfindings;
    const struct finding **findings;/* errors first, then warnings, then notes */
};

/* Analyses F's events (facts.events must be set). FILE and INFO come from
 * events_import_*(); both are borrowed or copied, F must outlive the report.
 * Returns 0 and a new report in *OUT (free with events_report_free()), or -1
 * with E set (out of memory). */
int events_report_build(const struct facts *f, const char *file, const struct events_info *info,
                        struct events_report **out, struct err *e);
void events_report_free(struct events_report *r);

/* Whether a finding of severity error was reported (exit status 1). */
bool events_report_has_error(const struct events_report *r);

/* Writes the "enrolldoc-events/1" document. Returns 0, or -1 when out of
 * memory or the stream failed. */
int events_report_json(const struct events_report *r, FILE *out);
/* How many of the latest runs the text shows in detail by default; the
 * earlier ones are summed up in a few lines (how many, over what time, how
 * many completed, the codes of their errors and warnings, most frequent
 * first). */
#define EVENTS_TEXT_DETAIL 10

/* Writes the report as text in L's language, wrapped to WIDTH columns (see
 * output_text_width): the last DETAIL runs in detail (SIZE_MAX: every run),
 * the earlier ones summed up. Returns 0 or -1 (stream, or out of memory). */
int events_report_text(const struct events_report *r, const struct locale *l, size_t detail,
                       int width, FILE *out);

#endif
