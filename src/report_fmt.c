/* report_fmt.c: what the report writers share (see report_fmt.h). */
#include "report_fmt.h"

#include <stdio.h>

struct report_counts report_counts_of(const struct report *r)
{
    struct report_counts c = {{0, 0, 0}};
    for (size_t i = 0; i < r->nfindings; i++)
        c.n[r->findings[i]->def->sev]++;
    return c;
}

/* The conclusion node at the end of the path, or NULL. */
const struct node *report_conclusion(const struct report *r)
{
    if (r->nsteps == 0)
        return NULL;
    const struct node *n = r->steps[r->nsteps - 1].node;
    return n->kind == NODE_CONCLUSION ? n : NULL;
}

/* The findings of a step's check, the deciding one first. Returns the
 * count (at most MAX) written into OUT. */
size_t report_step_findings(const struct report_step *s, const struct finding **out, size_t max)
{
    size_t n = 0;
    if (!s->result)
        return 0;
    if (s->finding && n < max)
        out[n++] = s->finding;
    for (size_t i = 0; i < s->result->nfindings && n < max; i++)
        if (&s->result->findings[i] != s->finding)
            out[n++] = &s->result->findings[i];
    return n;
}

const char *report_ctx_text(const struct locale *l, enum ctx c, char *key, size_t size)
{
    return trf(l, key, size, "context.%s", ctx_name(c));
}

/* The heading text "... {host}". */
const char *report_heading(const struct report *r, const struct locale *l, char *buf, size_t size)
{
    const char *names[] = {"host"};
    const char *values[] = {r->host ? r->host : tr(l, "report.unknown")};
    return fill(buf, size, tr(l, "report.heading"), names, values, 1);
}

const char *report_source_text(const struct report *r, const struct locale *l, char *buf, size_t size)
{
    if (!r->bundle) {
        snprintf(buf, size, "%s", tr(l, "report.source.live"));
        return buf;
    }
    const char *names[] = {"file"};
    const char *values[] = {r->bundle};
    return fill(buf, size, tr(l, "report.source.bundle"), names, values, 1);
}

const char *report_counts_text(const struct report_counts *c, const struct locale *l, char *buf, size_t size)
{
    char ne[24], nw[24], ni[24];
    snprintf(ne, sizeof(ne), "%zu", c->n[SEV_ERROR]);
    snprintf(nw, sizeof(nw), "%zu", c->n[SEV_WARNING]);
    snprintf(ni, sizeof(ni), "%zu", c->n[SEV_INFO]);
    const char *names[] = {"errors", "warnings", "infos"};
    const char *values[] = {ne, nw, ni};
    return fill(buf, size, tr(l, "report.counts"), names, values, 3);
}

const char *report_outcome_key(enum action_outcome o)
{
    switch (o) {
    case ACTION_RAN: return "report.outcome.ran";
    case ACTION_DECLINED: return "report.outcome.declined";
    case ACTION_NOT_RUN_BUNDLE: break;
    }
    return "report.outcome.not-run-bundle";
}

/* The text of a step's head: node title, and for an answered question the
 * answer's text. */
const char *report_answer_text(const struct report_step *s, const struct locale *l, char *key, size_t size)
{
    if (s->node->kind != NODE_QUESTION || !s->answer)
        return NULL;
    return trf(l, key, size, "question.%s.%s", s->node->question, s->answer);
}


const char *report_title(const struct report *r, const struct locale *l)
{
    return l->lang == LANG_DE && r->title_de ? r->title_de : r->title;
}

const char *report_no_command_key(const struct report_suggestion *s)
{
    if (!s->needs_template)
        return "report.internal";
    return s->template_refused ? "action.template-refused" : "report.needs-template";
}
