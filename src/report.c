/* report.c: the report model (built from a walk or a diagnosis) and writing
 * it to a file; the three formats are report_md.c, report_html.c and
 * report_json.c. */
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "platform/platform.h"
#include "util.h"

/* ====================================================================
 * Building the model
 * ==================================================================== */

/* Copy of S into R's arena; NULL stays NULL. Sets *OK to false when out of
 * memory. */
static const char *dup(struct report *r, const char *s, bool *ok)
{
    if (!s)
        return NULL;
    char *c = arena_strdup(&r->arena, s);
    if (!c)
        *ok = false;
    return c;
}

static struct report *report_new(const struct facts *f, const struct report_origin *o, bool *ok)
{
    struct report *r = calloc(1, sizeof(*r));
    if (!r) {
        *ok = false;
        return NULL;
    }
    r->f = f;
    const char *host = f && f->meta.host.st == F_SET && f->meta.host.v[0] ? f->meta.host.v : o->host;
    if (host && host[0])
        r->host = dup(r, host, ok);
    if (f && f->meta.collected_at.st == F_SET) {
        r->has_collected_at = true;
        r->collected_at = f->meta.collected_at.v;
    }
    r->generated_at = o->generated_at;
    if (o->user && o->user[0])
        r->user = dup(r, o->user, ok);
    if (f && f->meta.title.st == F_SET && f->meta.title.v[0])
        r->title = f->meta.title.v;
    if (o->bundle)
        r->bundle = dup(r, o->bundle, ok);
    return r;
}

/* The suggested actions: every action a finding offers, once per action and
 * context, with its command line. */
static void collect_suggestions(struct report *r, bool *ok)
{
    size_t cap = r->nfindings * FINDING_MAX_ACTIONS;
    if (cap == 0)
        return;
    r->suggested = arena_calloc(&r->arena, cap, sizeof(*r->suggested));
    if (!r->suggested) {
        *ok = false;
        return;
    }
    char prev[32];
    const char *prev_loglevel = NULL;
    if (r->f && r->f->loglevel.st == F_SET) {
        snprintf(prev, sizeof(prev), "%" PRId64, r->f->loglevel.v);
        prev_loglevel = prev;
    }
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *fd = r->findings[i];
        for (size_t a = 0; a < FINDING_MAX_ACTIONS && fd->def->actions[a]; a++) {
            const char *id = fd->def->actions[a];
            struct report_suggestion *s = NULL;
            for (size_t k = 0; k < r->nsuggested; k++)
                if (strcmp(r->suggested[k].id, id) == 0 && r->suggested[k].ctx == fd->ctx)
                    s = &r->suggested[k];
            if (!s) {
                s = &r->suggested[r->nsuggested++];
                s->id = id;
                s->ctx = fd->ctx;
                s->cmdline = "";
                s->for_findings = arena_calloc(&r->arena, r->nfindings, sizeof(*s->for_findings));
                if (!s->for_findings) {
                    *ok = false;
                    return;
                }
                const struct action_def *ad = action_find(id);
                struct action_cmd cmd;
                if (ad && ad->kind == ACTION_COMMAND) {
                    if (action_command(ad, fd->ctx, r->tmpl, prev_loglevel, &cmd) == 0) {
                        char line[1024];
                        action_cmdline(&cmd, line, sizeof(line));
                        s->cmdline = dup(r, line, ok);
                        if (!s->cmdline)
                            return;
                    } else if (ad->needs_template) {
                        s->needs_template = true;
                    }
                }
            }
            bool seen = false;
            for (size_t k = 0; k < s->nfor; k++)
                if (s->for_findings[k] == fd)
                    seen = true;
            if (!seen && s->nfor < r->nfindings)
                s->for_findings[s->nfor++] = fd;
        }
    }
}

static int finish(struct report *r, bool ok, struct report **out, struct err *e)
{
    if (ok && r)
        collect_suggestions(r, &ok);
    if (!ok) {
        report_free(r);
        *out = NULL;
        return err_set(e, "error.memory");
    }
    *out = r;
    return 0;
}

int report_from_diagnosis(const struct diagnosis *d, const struct report_origin *o,
                          struct report **out, struct err *e)
{
    bool ok = true;
    struct report *r = report_new(d->f, o, &ok);
    if (r) {
        r->ctx = d->ctx;
        r->tmpl = d->tmpl;
        r->nfindings = d->nfindings;
        r->findings = d->findings;
        r->ends_at_question = d->ends_at_question;
        if (d->nsteps) {
            r->steps = arena_calloc(&r->arena, d->nsteps, sizeof(*r->steps));
            if (!r->steps)
                ok = false;
        }
        for (size_t i = 0; ok && i < d->nsteps; i++) {
            const struct diag_step *s = &d->steps[i];
            r->steps[r->nsteps++] = (struct report_step){s->node, s->status, s->answer, s->result, s->finding};
        }
    }
    return finish(r, ok, out, e);
}

int report_from_walk(const struct walk *w, const struct diagnosis *d, const struct report_origin *o,
                     struct report **out, struct err *e)
{
    bool ok = true;
    struct report *r = report_new(w->f, o, &ok);
    if (r) {
        r->ctx = w->ctx;
        r->tmpl = w->tmpl;
        if (w->live)
            r->bundle = NULL;
        if (d) {
            r->nfindings = d->nfindings;
            r->findings = d->findings;
        }
        if (w->nsteps) {
            r->steps = arena_calloc(&r->arena, w->nsteps, sizeof(*r->steps));
            if (!r->steps)
                ok = false;
        }
        for (size_t i = 0; ok && i < w->nsteps; i++) {
            const struct walk_step *s = &w->steps[i];
            r->steps[r->nsteps++] =
                (struct report_step){walk_node(w, s), s->status, s->answer, s->result, s->finding};
        }
        if (ok && r->nsteps) {
            const struct report_step *last = &r->steps[r->nsteps - 1];
            r->ends_at_question = last->node->kind == NODE_QUESTION && !last->answer;
        }
        for (size_t i = 0; ok && i < w->nactions; i++) {
            const struct walk_action *a = &w->actions[i];
            if (report_add_action(r, a->id, a->ctx, a->cmdline, a->outcome, a->exit_code, a->time, a->output) != 0)
                ok = false;
        }
    }
    return finish(r, ok, out, e);
}

void report_free(struct report *r)
{
    if (!r)
        return;
    arena_free(&r->arena);
    free(r->actions);
    free(r);
}

int report_add_action(struct report *r, const char *id, enum ctx ctx, const char *cmdline,
                      enum action_outcome outcome, int exit_code, int64_t time, const char *output)
{
    if (r->nactions == r->capactions) {
        size_t cap = r->capactions ? r->capactions * 2 : 8;
        struct report_action *n = realloc(r->actions, cap * sizeof(*n));
        if (!n)
            return -1;
        r->actions = n;
        r->capactions = cap;
    }
    bool ok = true;
    struct report_action a = {
        .id = dup(r, id ? id : "", &ok),
        .ctx = ctx,
        .cmdline = dup(r, cmdline ? cmdline : "", &ok),
        .outcome = outcome,
        .exit_code = exit_code,
        .time = time,
        .output = dup(r, output, &ok),
    };
    if (!ok)
        return -1;
    r->actions[r->nactions++] = a;
    return 0;
}

/* ====================================================================
 * Files
 * ==================================================================== */

int report_format_from_path(const char *path, enum report_format *fmt, struct err *e)
{
    static const struct {
        const char *ext;
        enum report_format fmt;
    } exts[] = {
        {".md", REPORT_MARKDOWN}, {".markdown", REPORT_MARKDOWN}, {".html", REPORT_HTML},
        {".htm", REPORT_HTML},    {".json", REPORT_JSON},
    };
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    const char *dot = strrchr(base, '.');
    for (size_t i = 0; dot && dot != base && i < sizeof(exts) / sizeof(exts[0]); i++) {
        if (ascii_casecmp(dot, exts[i].ext) == 0) {
            *fmt = exts[i].fmt;
            return 0;
        }
    }
    err_set(e, "error.report.format");
    return err_arg(e, "file", "%s", path);
}

/* Sets E to error.report.write for PATH with the reason of errno CODE (0:
 * the stream failed without saying why). */
static int write_error(struct err *e, const char *path, int code)
{
    err_set(e, "error.report.write");
    err_arg(e, "file", "%s", path);
    switch (code) {
    case 0: return err_arg(e, "reason", "@report.error.incomplete");
    case ENOENT: return err_arg(e, "reason", "@error.reason.not-found");
    case EACCES: return err_arg(e, "reason", "@error.reason.access");
    case EISDIR: return err_arg(e, "reason", "@error.reason.is-dir");
    default: return err_arg(e, "reason", "%s", strerror(code));
    }
}

/* Writes R in FMT into FP, a file this run created at PATH, and closes it;
 * removes it when the writing failed. */
static int report_write_stream(const struct report *r, const struct locale *l, enum report_format fmt,
                               FILE *fp, const char *path, struct err *e)
{
    errno = 0;
    int rc;
    switch (fmt) {
    case REPORT_MARKDOWN: rc = report_write_markdown(r, l, fp); break;
    case REPORT_HTML: rc = report_write_html(r, l, fp); break;
    case REPORT_JSON:
    default: rc = report_write_json(r, l, fp); break;
    }
    int saved = errno;
    if (file_close_created(fp, path, rc, true) != 0)
        return write_error(e, path, rc != 0 ? saved : errno);
    return 0;
}

int report_write_file(const struct report *r, const struct locale *l, const char *path, struct err *e)
{
    enum report_format fmt;
    if (report_format_from_path(path, &fmt, e) != 0)
        return -1;
    FILE *fp = file_create(path, "error.report.write", e);
    if (!fp)
        return -1;
    return report_write_stream(r, l, fmt, fp, path, e);
}

int report_write_new(const struct report *r, const struct locale *l, char *path, size_t size,
                     struct err *e)
{
    enum report_format fmt;
    if (report_format_from_path(path, &fmt, e) != 0)
        return -1;
    FILE *fp = file_create_unique(path, size, "error.report.write", e);
    if (!fp)
        return -1;
    return report_write_stream(r, l, fmt, fp, path, e);
}

char *report_default_name(const char *host, int64_t t, const char *ext, char *buf, size_t size)
{
    char h[64];
    size_t n = 0;
    for (const char *p = host ? host : ""; *p && n + 1 < sizeof(h); p++) {
        char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
            h[n++] = c;
    }
    h[n] = '\0';
    char iso[40], stamp[24];
    time_format_iso(t, iso, sizeof(iso));   /* YYYY-MM-DDTHH:MM:SSZ */
    snprintf(stamp, sizeof(stamp), "%.4s%.2s%.2s-%.2s%.2s%.2sZ", iso, iso + 5, iso + 8, iso + 11, iso + 14,
             iso + 17);
    snprintf(buf, size, "enrolldoc_%s_%s.%s", n ? h : "client", stamp, ext);
    return buf;
}

int report_save_diagnosis(const struct diagnosis *d, const char *bundle, const struct locale *l,
                          const char *path, struct err *e)
{
    char user[256], host[256];
    platform_username(user, sizeof(user));
    host[0] = '\0';
    if (!bundle)
        platform_hostname(host, sizeof(host));
    struct report_origin o = {.bundle = bundle, .generated_at = platform_now(), .user = user, .host = host};
    struct report *r = NULL;
    if (report_from_diagnosis(d, &o, &r, e) != 0)
        return -1;
    int rc = report_write_file(r, l, path, e);
    report_free(r);
    return rc;
}

