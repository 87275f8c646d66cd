/* report.c: the report model, built from a walk or a diagnosis. The three
 * formats are written by report_md.c, report_html.c and report_json.c, the
 * files by report_file.c. */
#include "report.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "bundle.h"

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
    if (f && f->meta.title.st == F_SET && f->meta.title.v[0]) {
        r->title = f->meta.title.v;
        r->title_de = bundle_meta_text(&f->meta.title, &f->meta.title_de, LANG_DE);
    }
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
                        s->template_refused = r->tmpl && !action_template_name_ok(r->tmpl);
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

int report_from_walk(const struct session *w, const struct diagnosis *d, const struct report_origin *o,
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
            const struct session_step *s = &w->steps[i];
            r->steps[r->nsteps++] =
                (struct report_step){session_node(w, s), s->status, s->answer, s->result, s->finding};
        }
        if (ok && r->nsteps) {
            const struct report_step *last = &r->steps[r->nsteps - 1];
            r->ends_at_question = last->node->kind == NODE_QUESTION && !last->answer;
        }
        for (size_t i = 0; ok && i < w->nactions; i++) {
            const struct session_action *a = &w->actions[i];
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
