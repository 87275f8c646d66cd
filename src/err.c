#include "err.h"

#include <stdio.h>
#include <string.h>

void err_clear(struct err *e)
{
    memset(e, 0, sizeof(*e));
}

int err_set(struct err *e, const char *key)
{
    err_clear(e);
    snprintf(e->key, sizeof(e->key), "%s", key);
    return -1;
}

int err_arg(struct err *e, const char *name, const char *fmt, ...)
{
    struct err_arg *a = NULL;
    for (int i = 0; i < e->nargs; i++)
        if (strcmp(e->args[i].name, name) == 0)
            a = &e->args[i];
    if (!a) {
        if (e->nargs >= ERR_MAX_ARGS)
            return -1;
        a = &e->args[e->nargs++];
        snprintf(a->name, sizeof(a->name), "%s", name);
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->value, sizeof(a->value), fmt, ap);
    va_end(ap);
    return -1;
}

const char *err_get(const struct err *e, const char *name)
{
    for (int i = 0; i < e->nargs; i++)
        if (strcmp(e->args[i].name, name) == 0)
            return e->args[i].value;
    return NULL;
}
