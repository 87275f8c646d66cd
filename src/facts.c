#include "facts.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct facts *facts_new(void)
{
    struct facts *f = calloc(1, sizeof(*f));
    if (f)
        f->ctx = CTX_NONE;
    return f;
}

void facts_free(struct facts *f)
{
    if (!f)
        return;
    arena_free(&f->arena);
    free(f);
}

const char *ctx_name(enum ctx c)
{
    switch (c) {
    case CTX_USER: return "user";
    case CTX_MACHINE: return "machine";
    case CTX_COUNT:
    case CTX_NONE: break;
    }
    return "none";
}

enum ctx ctx_parse(const char *s)
{
    if (s && strcmp(s, "user") == 0)
        return CTX_USER;
    if (s && strcmp(s, "machine") == 0)
        return CTX_MACHINE;
    return CTX_NONE;
}

bool facts_has_context(const struct facts *f, enum ctx c)
{
    if (c != CTX_USER && c != CTX_MACHINE)
        return false;
    if (f->aepolicy[c].st != F_ABSENT || f->certs[c].st != F_ABSENT ||
        f->tasks[c].st != F_ABSENT || f->identity[c].st != F_ABSENT)
        return true;
    for (size_t i = 0; i < f->nenroll; i++)
        if (f->enroll[i].ctx_st == F_SET && f->enroll[i].ctx == c)
            return true;
    return false;
}

const char *facts_answer(const struct facts *f, const char *qid)
{
    for (size_t i = 0; i < f->nanswers; i++)
        if (strcmp(f->answers[i].question, qid) == 0)
            return f->answers[i].choice;
    return NULL;
}

const struct tmpl *facts_template(const struct facts *f, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < f->ntemplates; i++)
        if (f->templates[i].name.st == F_SET && ascii_casecmp(f->templates[i].name.v, name) == 0)
            return &f->templates[i];
    return NULL;
}

const char *task_state_name(enum task_state s)
{
    switch (s) {
    case TASK_READY: return "ready";
    case TASK_RUNNING: return "running";
    case TASK_QUEUED: return "queued";
    case TASK_DISABLED: return "disabled";
    case TASK_UNKNOWN: break;
    }
    return "unknown";
}

const char *ev_level_name(enum ev_level l)
{
    switch (l) {
    case EV_ERROR: return "error";
    case EV_WARNING: return "warning";
    case EV_INFORMATION: return "information";
    case EV_OTHER: break;
    }
    return "other";
}

const char *delegation_name(enum delegation d)
{
    switch (d) {
    case DELEG_NONE: return "none";
    case DELEG_CONSTRAINED: return "constrained";
    case DELEG_UNCONSTRAINED: return "unconstrained";
    }
    return "none";
}
