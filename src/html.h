/* html.h: writing HTML from texts that come from outside: escaping, shared
 * by the report page (report_html.c) and the fleet page (fleet_html.c). */
#ifndef ENROLLDOC_HTML_H
#define ENROLLDOC_HTML_H

#include <stdio.h>

#include "check.h"
#include "lang.h"

enum hmode { H_INLINE, H_BR, H_PRE };

/* Writes S with &, <, >, " and ' escaped. Line breaks: H_INLINE a blank,
 * H_BR "<br>", H_PRE kept. Other control characters become blanks or are
 * shown escaped (term_escape). */
void h_esc(FILE *out, const char *s, enum hmode m);
/* S escaped, in one line (H_INLINE). */
void h_text(FILE *out, const char *s);

/* A row of a two-column table: LABEL in a th, VALUE in a td, escaped. */
void h_row(FILE *out, const char *label, const char *value);
/* A label with severity SEV's name in L's language (class "badge sev-<name>"). */
void h_sev_badge(FILE *out, enum severity sev, const struct locale *l);

/* The style both pages begin with: the colours (--err, --warn, --info, --ok,
 * --muted, --line), the body, headings, table.overview, code, the
 * .finding boxes and .badge labels by severity (.sev-error, ...), .ids. */
extern const char html_css_base[];

#endif
