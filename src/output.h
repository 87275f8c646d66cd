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
/* Writes the diagnosis as text in L's language, wrapped to WIDTH columns
 * (output_text_width); command lines stand on lines of their own, whole. */
int output_diagnosis_text(const struct diagnosis *d, const struct locale *l, int width, FILE *out);
/* D's candidate templates (diagnose without a template), each with its
 * status and deciding finding, as text; nothing when there are none. */
void output_candidates_text(const struct diagnosis *d, const struct locale *l, int width, FILE *out);

/* The explanation of CODE: JSON per spec/cli.md, or text wrapped to WIDTH. */
int output_explain_json(uint32_t code, const struct locale *l, FILE *out);
int output_explain_text(uint32_t code, const struct locale *l, int width, FILE *out);

/* The width of text output: what it is when standard output is no terminal,
 * and the range a terminal's width is held to. */
#define OUTPUT_WIDTH_DEFAULT 80
#define OUTPUT_WIDTH_MIN 40
#define OUTPUT_WIDTH_MAX 200
/* The width to wrap text to for a terminal of COLUMNS columns (0: no
 * terminal, OUTPUT_WIDTH_DEFAULT), held within OUTPUT_WIDTH_MIN..MAX. */
int output_text_width(int columns);

/* Evidence EV's value as shown in L's language: a null as the catalog's
 * "evidence.<key>.null" (for last_run: "never"), else "evidence.null"; a
 * boolean as "evidence.true" / "evidence.false" (yes / no); a list of
 * rights with each right as the Security tab names it in L's language
 * ("right.<name>": Registrieren, Automatisch registrieren), written into
 * BUF of SIZE bytes (256 is plenty); anything else as it is. Returns a
 * string owned by L, by EV or BUF. */
const char *output_evidence(const struct evidence *ev, const struct locale *l, char *buf, size_t size);

/* Marks a line of a text as a command: a line of TEXT that begins with it
 * is printed by print_wrapped as print_command does, without the mark. */
#define OUTPUT_COMMAND_MARK '\t'
/* Prints TEXT word-wrapped to WIDTH columns (UTF-8 aware), every line
 * indented by INDENT spaces; the first line by FIRST_INDENT. A word longer
 * than the line stands alone on its line, unbroken; a line marked with
 * OUTPUT_COMMAND_MARK is never wrapped. */
void print_wrapped(FILE *out, const char *text, int first_indent, int indent, int width);
/* Prints the command line CMD (for pasting into a shell) on a line of its
 * own, INDENT spaces in, never wrapped however long; anything a terminal
 * would obey is made visible. */
void print_command(FILE *out, const char *cmd, int indent);

#endif
