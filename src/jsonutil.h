/* jsonutil.h: the one door through which JSON text enters enrolldoc.
 * Validates encoding and nesting before cJSON sees the text, and reports
 * malformed input with line and column. cJSON values handed out here never
 * leave the loaders that asked for them (DESIGN.md). */
#ifndef ENROLLDOC_JSONUTIL_H
#define ENROLLDOC_JSONUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cJSON.h>

#include "err.h"

#define JSON_MAX_DEPTH 256

/* Parses TEXT (LEN bytes) of the file NAME. A UTF-8 byte-order mark is
 * skipped; UTF-16 text (with a byte-order mark, as Windows PowerShell's
 * redirection and Out-File write, or without one) is decoded first, and
 * lines and columns in errors count in the decoded text. Refused with a
 * clear error (E set, -1 returned): empty input, invalid UTF-8, nesting
 * deeper than JSON_MAX_DEPTH, malformed JSON (line and column), content
 * after the value.
 * On success *OUT is a cJSON tree the caller frees with cJSON_Delete(). */
int json_parse_text(const char *name, const char *text, size_t len, cJSON **out, struct err *e);

/* The catalog reference of V's type for error arguments: "@jtype.object",
 * "@jtype.array", "@jtype.string", "@jtype.number", "@jtype.boolean",
 * "@jtype.null" (err_render translates "@" values). */
const char *json_type_name(const cJSON *v);

/* A JSON path under construction ("facts.templates[3].sddl"). */
struct jpath {
    char buf[512];
    size_t len;
};
/* Appends ".KEY" (or "KEY" at the start) and returns the previous length
 * to restore with jpath_pop(). */
size_t jpath_key(struct jpath *p, const char *key);
size_t jpath_index(struct jpath *p, size_t i);
void jpath_pop(struct jpath *p, size_t len);
/* The path, or "@path.top" (the catalog reference for "top level") when empty. */
const char *jpath_str(const struct jpath *p);

/* Writes V as JSON indented by two spaces per level, with a final newline.
 * Returns 0, or -1 when out of memory or the stream failed. */
int json_write_pretty(const cJSON *v, FILE *out);

/* The first duplicate key in object OBJ, or NULL. */
const char *json_duplicate_key(const cJSON *obj);

#endif
