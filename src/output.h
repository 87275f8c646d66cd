/* output.h: what `diagnose` and `explain` print: the JSON documents of
 * spec/cli.md and a readable text form in the chosen language. */
#ifndef ENROLLDOC_OUTPUT_H
#define ENROLLDOC_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "diagnose.h"
#include "lang.h"

/* Writes the "enrolldoc-diagnosis/1" document. Returns 0, or -1 when out of
 * memory or the stream failed. */
int output_diagnosis_json(const struct diagnosis *d, FILE *out);
/* Writes the diagnosis as text in L's language. */
int output_diagnosis_text(const struct diagnosis *d, const struct locale *l, FILE *out);

/* The explanation of CODE: JSON per spec/cli.md, or text. */
int output_explain_json(uint32_t code, const struct locale *l, FILE *out);
int output_explain_text(uint32_t code, const struct locale *l, FILE *out);

/* Evidence EV's value as shown in L's language: a null as the catalog's
 * "evidence.<key>.null" (for last_run: "never"), else "evidence.null";
 * anything else as it is. Returns a string owned by L or by EV. */
const char *output_evidence(const struct evidence *ev, const struct locale *l);

/* Prints TEXT word-wrapped to WIDTH columns (UTF-8 aware), every line
 * indented by INDENT spaces; the first line by FIRST_INDENT. */
void print_wrapped(FILE *out, const char *text, int first_indent, int indent, int width);

#endif
