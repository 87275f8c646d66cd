/* bundle.h: loading a facts bundle (spec/bundle-v1.md) with full validation.
 * Errors name the file and the JSON path (or line and column for malformed
 * JSON); the caller renders them with err_render(). */
#ifndef ENROLLDOC_BUNDLE_H
#define ENROLLDOC_BUNDLE_H

#include <stddef.h>

#include "err.h"
#include "facts.h"
#include "lang.h"

/* Parses TEXT (LEN bytes) of the bundle named NAME (shown in errors).
 * On success stores a new facts object in *OUT (caller frees with
 * facts_free) and returns 0; on failure sets E and returns -1. */
int bundle_parse(const char *name, const char *text, size_t len, struct facts **out,
                 struct err *e);
/* Reads and parses the file PATH ("-" = standard input). */
int bundle_load(const char *path, struct facts **out, struct err *e);

/* The built-in training scenario (checks/demo.json, embedded). */
int bundle_demo(struct facts **out, struct err *e);

/* A meta text (title, description; see struct meta) in language LANG: the
 * German text when LANG is German and the bundle gave one, else TEXT.
 * Returns a string owned by the facts, or NULL when TEXT is not set. */
const char *bundle_meta_text(const struct opt_str *text, const struct opt_str *text_de, enum lang lang);

#endif
