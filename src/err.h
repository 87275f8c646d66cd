/* err.h: an error to be shown to a person, kept as a catalog key plus named
 * arguments so that it can be rendered in either language. Callers own the
 * struct (usually on the stack); nothing in it is heap-allocated. */
#ifndef ENROLLDOC_ERR_H
#define ENROLLDOC_ERR_H

#include "platform/attributes.h"

#include <stdarg.h>

#define ERR_MAX_ARGS 6
#define ERR_ARG_LEN 384

struct err_arg {
    char name[24];
    char value[ERR_ARG_LEN];
};

struct err {
    char key[64];            /* locale key, e.g. "error.bundle.type"; "" = no error */
    int nargs;
    struct err_arg args[ERR_MAX_ARGS];
};

/* Clears E. */
void err_clear(struct err *e);
/* Sets the key and drops previous arguments. Returns -1 so callers can
 * write `return err_set(e, "error.x");`. */
int err_set(struct err *e, const char *key);
/* Adds an argument NAME whose value is printf-formatted (truncated when long).
 * Returns -1. */
int err_arg(struct err *e, const char *name, const char *fmt, ...)
    ENROLLDOC_PRINTF(3, 4);
/* The value of argument NAME, or NULL. */
const char *err_get(const struct err *e, const char *name);

#endif
