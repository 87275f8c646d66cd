#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "codes.h"

struct finding *result_add(struct check_result *r, const struct eval *ev,
                           const struct finding_def *def)
{
    if (r->nfindings == r->capfindings) {
        size_t cap = r->capfindings ? r->capfindings * 2 : 4;
        struct finding *nf = arena_calloc(r->arena, cap, sizeof(*nf));
        if (!nf)
            return NULL;
        if (r->nfindings)
            memcpy(nf, r->findings, r->nfindings * sizeof(*nf));
        r->findings = nf;
        r->capfindings = cap;
    }
    struct finding *f = &r->findings[r->nfindings++];
    memset(f, 0, sizeof(*f));
    f->def = def;
    f->ctx = ev->ctx;
    return f;
}

void finding_evidence(struct check_result *r, struct finding *f, const char *key,
                      const char *fmt, ...)
{
    if (!f || f->nevidence >= FINDING_MAX_EVIDENCE)
        return;
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return;
    }
    char *buf = arena_alloc(r->arena, (size_t)n + 1);
    if (buf) {
        vsnprintf(buf, (size_t)n + 1, fmt, ap2);
        f->evidence[f->nevidence].key = key;
        f->evidence[f->nevidence].value = buf;
        f->evidence[f->nevidence].type = EVT_STRING;
        f->nevidence++;
    }
    va_end(ap2);
}

/* The evidence F had N of before one more was added: the new one (when it
 * was added) is of type T. */
static void retype(struct finding *f, size_t n, enum evidence_type t)
{
    if (f && f->nevidence > n)
        f->evidence[n].type = t;
}

void finding_evidence_int(struct check_result *r, struct finding *f, const char *key, long long v)
{
    size_t n = f ? f->nevidence : 0;
    finding_evidence(r, f, key, "%lld", v);
    retype(f, n, EVT_NUMBER);
}

void finding_evidence_bool(struct check_result *r, struct finding *f, const char *key, bool v)
{
    size_t n = f ? f->nevidence : 0;
    finding_evidence(r, f, key, "%s", v ? "true" : "false");
    retype(f, n, EVT_BOOL);
}

void finding_evidence_null(struct check_result *r, struct finding *f, const char *key)
{
    size_t n = f ? f->nevidence : 0;
    finding_evidence(r, f, key, "null");
    retype(f, n, EVT_NULL);
}

void finding_evidence_rights(struct check_result *r, struct finding *f, const char *key,
                             const char *names)
{
    size_t n = f ? f->nevidence : 0;
    finding_evidence(r, f, key, "%s", names);
    retype(f, n, EVT_RIGHTS);
}

void finding_evidence_code(struct check_result *r, struct finding *f, const char *key,
                           uint32_t code)
{
    char hex[16];
    code_format(code, hex, sizeof(hex));
    const struct code_info *ci = code_lookup(code);
    if (ci)
        finding_evidence(r, f, key, "%s %s", hex, ci->symbol);
    else
        finding_evidence(r, f, key, "%s", hex);
}

void result_missing(struct check_result *r, const char *path)
{
    for (size_t i = 0; i < r->nmissing; i++)
        if (strcmp(r->missing[i], path) == 0)
            return;
    if (r->nmissing < RESULT_MAX_MISSING)
        r->missing[r->nmissing++] = path;
}

void result_missing_ctx(struct check_result *r, const char *base, enum ctx c)
{
    const char *p = arena_fmt(r->arena, "%s.%s", base, ctx_name(c));
    result_missing(r, p ? p : base);
}

void check_eval(const struct check *c, const struct eval *ev, struct check_result *r)
{
    r->nfindings = 0;
    r->nmissing = 0;
    c->run(ev, r);
    int worst = -1;
    for (size_t i = 0; i < r->nfindings; i++)
        if ((int)r->findings[i].def->sev > worst)
            worst = (int)r->findings[i].def->sev;
    if (worst == SEV_ERROR)
        r->status = ST_FAIL;
    else if (worst == SEV_WARNING)
        r->status = ST_WARN;
    else if (worst < 0 && r->nmissing > 0)
        r->status = ST_UNKNOWN;
    else
        r->status = ST_OK;
}

const struct finding_def *finding_def_find(const char *id)
{
    size_t n;
    const struct check *const *all = check_all(&n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < all[i]->ndefs; j++)
            if (strcmp(all[i]->defs[j].id, id) == 0)
                return &all[i]->defs[j];
    return NULL;
}

const struct check *check_find(const char *id)
{
    size_t n;
    const struct check *const *all = check_all(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(all[i]->id, id) == 0)
            return all[i];
    return NULL;
}

const char *severity_name(enum severity s)
{
    switch (s) {
    case SEV_ERROR: return "error";
    case SEV_WARNING: return "warning";
    case SEV_INFO: return "info";
    }
    return "info";
}

const char *status_name(enum status s)
{
    switch (s) {
    case ST_OK: return "ok";
    case ST_WARN: return "warn";
    case ST_FAIL: return "fail";
    case ST_UNKNOWN: return "unknown";
    }
    return "unknown";
}
