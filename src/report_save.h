/* report_save.h: saving the Markdown report of a session under a generated
 * name in the state folder: key s in the curses wizard and in the line mode,
 * the same code for both. */
#ifndef ENROLLDOC_REPORT_SAVE_H
#define ENROLLDOC_REPORT_SAVE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "lang.h"
#include "session.h"

/* The report saved last from a session: where it went and a fingerprint of
 * what it said. Zero it (memset) before the first save of a session. */
struct report_save_state {
    char path[4400];                   /* "" when none was saved yet */
    uint64_t fingerprint;
};

/* Saves the Markdown report of session S (its path, the findings of
 * session_diagnose, the actions recorded) in L's language into the state
 * folder (the current folder when there is none) as
 * "HOST_enrolldoc_YYYYMMDD-HHMMSS.md", never over a file. SOURCE is the
 * bundle as the operator named it, "demo", or NULL for this client. When
 * nothing changed since the report in LAST was saved (the same steps,
 * results, answers, re-runs, actions and language), nothing is written.
 * Returns 0 (saved; LAST->path names the file), 1 (already saved as
 * LAST->path), or -1 with E set. */
int report_save_walk(const struct session *s, const struct locale *l, const char *source,
                     struct report_save_state *last, struct err *e);

#endif
