/* report_json.c: the report as JSON (report_write_json; the format
 * "enrolldoc-report/1"): every text as the reader would see it, beside the
 * stable ids. */
#include "report_fmt.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "jsonutil.h"
#include "util.h"

/* Adders that remember a failure in *OK (cJSON returns NULL when out of
 * memory). */
static void j_str(cJSON *o, const char *k, const char *v, bool *ok)
{
    if (!o || !(v ? cJSON_AddStringToObject(o, k, v) : cJSON_AddNullToObject(o, k)))
        *ok = false;
}

static void j_num(cJSON *o, const char *k, double v, bool *ok)
{
    if (!o || !cJSON_AddNumberToObject(o, k, v))
        *ok = false;
}

static void j_bool(cJSON *o, const char *k, bool v, bool *ok)
{
    if (!o || !cJSON_AddBoolToObject(o, k, v))
        *ok = false;
}

static cJSON *j_obj(cJSON *parent, const char *k, bool *ok)
{
    cJSON *o = parent ? cJSON_AddObjectToObject(parent, k) : NULL;
    if (!o)
        *ok = false;
    return o;
}

static cJSON *j_arr(cJSON *parent, const char *k, bool *ok)
{
    cJSON *o = parent ? cJSON_AddArrayToObject(parent, k) : NULL;
    if (!o)
        *ok = false;
    return o;
}

/* A new object appended to array A. */
static cJSON *j_push_obj(cJSON *a, bool *ok)
{
    cJSON *o = a ? cJSON_CreateObject() : NULL;
    if (!o || !cJSON_AddItemToArray(a, o)) {
        cJSON_Delete(o);
        *ok = false;
        return NULL;
    }
    return o;
}

static void j_push_str(cJSON *a, const char *s, bool *ok)
{
    cJSON *v = a ? cJSON_CreateString(s) : NULL;
    if (!v || !cJSON_AddItemToArray(a, v)) {
        cJSON_Delete(v);
        *ok = false;
    }
}

static void j_time(cJSON *o, const char *k, bool has, int64_t t, bool *ok)
{
    char buf[40];
    if (has)
        time_format_iso(t, buf, sizeof(buf));
    j_str(o, k, has ? buf : NULL, ok);
}

/* "value": the evidence of the fact's own type. */
static void j_evidence_value(cJSON *o, const struct evidence *ev, bool *ok)
{
    switch (ev->type) {
    case EVT_NUMBER:
        j_num(o, "value", strtod(ev->value, NULL), ok);
        return;
    case EVT_BOOL:
        j_bool(o, "value", strcmp(ev->value, "true") == 0, ok);
        return;
    case EVT_NULL:
        j_str(o, "value", NULL, ok);
        return;
    case EVT_STRING:
    case EVT_RIGHTS:   /* the stable names: fleet tools aggregate on them */
        break;
    }
    j_str(o, "value", ev->value, ok);
}

static void j_evidence(cJSON *arr, const struct finding *fd, const struct locale *l, bool with_finding, bool *ok)
{
    for (size_t i = 0; i < fd->nevidence; i++) {
        char key[160];
        cJSON *o = j_push_obj(arr, ok);
        if (with_finding)
            j_str(o, "finding", fd->def->id, ok);
        j_str(o, "key", fd->evidence[i].key, ok);
        j_str(o, "label", trf(l, key, sizeof(key), "evidence.%s", fd->evidence[i].key), ok);
        j_evidence_value(o, &fd->evidence[i], ok);
    }
}

static const char *outcome_name(enum action_outcome o)
{
    switch (o) {
    case ACTION_RAN: return "ran";
    case ACTION_DECLINED: return "declined";
    case ACTION_NOT_RUN_BUNDLE: break;
    }
    return "not-run-bundle";
}

static const char *ctx_or_null(enum ctx c)
{
    return c == CTX_NONE ? NULL : ctx_name(c);
}


/* The report's own fields: format, language, heading, host, times, user,
 * source, context and template. */
static void j_head(cJSON *root, const struct report *r, const struct locale *l, bool *ok)
{
    char buf[2048], key[160];
    j_str(root, "format", "enrolldoc-report/1", ok);
    j_str(root, "lang", lang_code(l->lang), ok);
    j_str(root, "heading", report_heading(r, l, buf, sizeof(buf)), ok);
    j_str(root, "host", r->host, ok);
    j_str(root, "title", r->title ? report_title(r, l) : NULL, ok);
    j_time(root, "collected_at", r->has_collected_at, r->collected_at, ok);
    j_time(root, "generated_at", true, r->generated_at, ok);
    j_str(root, "user", r->user, ok);
    cJSON *src = j_obj(root, "source", ok);
    j_str(src, "kind", r->bundle ? "bundle" : "live", ok);
    j_str(src, "file", r->bundle, ok);
    j_str(src, "text", report_source_text(r, l, buf, sizeof(buf)), ok);
    j_str(root, "context", ctx_or_null(r->ctx), ok);
    j_str(root, "context_text", report_ctx_text(l, r->ctx, key, sizeof(key)), ok);
    j_str(root, "template", r->tmpl, ok);
}

/* "summary": the counts, the conclusion, whether the walk ended at a question. */
static void j_summary(cJSON *root, const struct report *r, const struct locale *l, bool *ok)
{
    char buf[2048], key[160];
    struct report_counts c = report_counts_of(r);
    cJSON *sum = j_obj(root, "summary", ok);
    j_num(sum, "errors", (double)c.n[SEV_ERROR], ok);
    j_num(sum, "warnings", (double)c.n[SEV_WARNING], ok);
    j_num(sum, "infos", (double)c.n[SEV_INFO], ok);
    j_str(sum, "text", report_counts_text(&c, l, buf, sizeof(buf)), ok);
    const struct node *concl = report_conclusion(r);
    if (concl) {
        cJSON *co = j_obj(sum, "conclusion", ok);
        j_str(co, "node", concl->id, ok);
        j_str(co, "title", trf(l, key, sizeof(key), "node.%s.title", concl->id), ok);
        j_str(co, "body", trf(l, key, sizeof(key), "node.%s.body", concl->id), ok);
    } else {
        j_str(sum, "conclusion", NULL, ok);
    }
    j_bool(sum, "ends_at_question", r->ends_at_question, ok);
}

/* Finding FD as a new object of ARR. */
static void j_finding(cJSON *arr, const struct finding *fd, const struct locale *l, bool *ok)
{
    char key[160];
    const char *id = fd->def->id;
    cJSON *o = j_push_obj(arr, ok);
    j_str(o, "id", id, ok);
    j_str(o, "severity", severity_name(fd->def->sev), ok);
    j_str(o, "severity_text", trf(l, key, sizeof(key), "severity.%s", severity_name(fd->def->sev)), ok);
    j_str(o, "context", ctx_or_null(fd->ctx), ok);
    j_str(o, "title", trf(l, key, sizeof(key), "finding.%s.title", id), ok);
    j_evidence(j_arr(o, "evidence", ok), fd, l, false, ok);
    j_str(o, "meaning", trf(l, key, sizeof(key), "finding.%s.meaning", id), ok);
    j_str(o, "todo", trf(l, key, sizeof(key), "finding.%s.todo", id), ok);
    j_str(o, "source", trf(l, key, sizeof(key), "finding.%s.source", id), ok);
    cJSON *ac = j_arr(o, "actions", ok);
    for (size_t a = 0; a < FINDING_MAX_ACTIONS && fd->def->actions[a]; a++)
        j_push_str(ac, fd->def->actions[a], ok);
}

/* "findings": every finding in full. */
static void j_findings(cJSON *root, const struct report *r, const struct locale *l, bool *ok)
{
    cJSON *fs = j_arr(root, "findings", ok);
    for (size_t i = 0; i < r->nfindings; i++)
        j_finding(fs, r->findings[i], l, ok);
}

/* Suggested action S as a new object of ARR. */
static void j_suggestion(cJSON *arr, const struct report_suggestion *s, const struct locale *l, bool *ok)
{
    char key[160];
    cJSON *o = j_push_obj(arr, ok);
    j_str(o, "id", s->id, ok);
    j_str(o, "title", trf(l, key, sizeof(key), "action.%s.title", s->id), ok);
    j_str(o, "context", ctx_or_null(s->ctx), ok);
    j_str(o, "command", s->cmdline[0] ? s->cmdline : NULL, ok);
    j_bool(o, "needs_template", s->needs_template, ok);
    cJSON *fo = j_arr(o, "for", ok);
    for (size_t k = 0; k < s->nfor; k++)
        j_push_str(fo, s->for_findings[k]->def->id, ok);
}

/* "suggested_actions": the actions the findings suggest. */
static void j_suggested(cJSON *root, const struct report *r, const struct locale *l, bool *ok)
{
    cJSON *sg = j_arr(root, "suggested_actions", ok);
    for (size_t i = 0; i < r->nsuggested; i++)
        j_suggestion(sg, &r->suggested[i], l, ok);
}

/* Action A, run or declined, as a new object of ARR. */
static void j_action(cJSON *arr, const struct report_action *a, const struct locale *l, bool *ok)
{
    char key[160];
    cJSON *o = j_push_obj(arr, ok);
    j_str(o, "id", a->id, ok);
    j_str(o, "title", trf(l, key, sizeof(key), "action.%s.title", a->id), ok);
    j_str(o, "context", ctx_or_null(a->ctx), ok);
    j_str(o, "command", a->cmdline[0] ? a->cmdline : NULL, ok);
    j_time(o, "time", a->time != 0, a->time, ok);
    j_str(o, "outcome", outcome_name(a->outcome), ok);
    j_str(o, "outcome_text", tr(l, report_outcome_key(a->outcome)), ok);
    if (a->outcome == ACTION_RAN)
        j_num(o, "exit_code", a->exit_code, ok);
    else
        j_str(o, "exit_code", NULL, ok);
    j_str(o, "output", a->output, ok);
}

/* "actions": the actions that were run or declined. */
static void j_actions(cJSON *root, const struct report *r, const struct locale *l, bool *ok)
{
    cJSON *as = j_arr(root, "actions", ok);
    for (size_t i = 0; i < r->nactions; i++)
        j_action(as, &r->actions[i], l, ok);
}

/* Step S of the path as a new object of ARR. */
static void j_step(cJSON *arr, const struct report_step *s, const struct locale *l, bool *ok)
{
    char key[160], k2[160];
    cJSON *o = j_push_obj(arr, ok);
    j_str(o, "node", s->node->id, ok);
    j_str(o, "kind", node_kind_name(s->node->kind), ok);
    j_str(o, "branch", s->node->branch, ok);
    j_str(o, "title", trf(l, key, sizeof(key), "node.%s.title", s->node->id), ok);
    j_str(o, "check", s->node->check ? s->node->check->id : NULL, ok);
    j_str(o, "status", step_status_name(s->status), ok);
    j_str(o, "status_text", trf(l, k2, sizeof(k2), "status.%s", step_status_name(s->status)), ok);
    if (s->node->kind == NODE_QUESTION) {
        j_str(o, "answer", s->answer, ok);
        j_str(o, "answer_text", report_answer_text(s, l, key, sizeof(key)), ok);
    }
    if (s->node->kind == NODE_CHECK) {
        j_str(o, "finding", s->finding ? s->finding->def->id : NULL, ok);
        const struct finding *sf[REPORT_STEP_MAX_FINDINGS];
        size_t n = report_step_findings(s, sf, REPORT_STEP_MAX_FINDINGS);
        cJSON *ids = j_arr(o, "findings", ok);
        cJSON *ev = j_arr(o, "evidence", ok);
        for (size_t k = 0; k < n; k++) {
            j_push_str(ids, sf[k]->def->id, ok);
            j_evidence(ev, sf[k], l, true, ok);
        }
        cJSON *mi = j_arr(o, "missing", ok);
        for (size_t k = 0; s->result && k < s->result->nmissing; k++)
            j_push_str(mi, s->result->missing[k], ok);
    }
}

/* "path": the path through the tree, step by step. */
static void j_path(cJSON *root, const struct report *r, const struct locale *l, bool *ok)
{
    cJSON *path = j_arr(root, "path", ok);
    for (size_t i = 0; i < r->nsteps; i++)
        j_step(path, &r->steps[i], l, ok);
}

int report_write_json(const struct report *r, const struct locale *l, FILE *out)
{
    bool ok = true;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return -1;
    j_head(root, r, l, &ok);
    j_summary(root, r, l, &ok);
    j_findings(root, r, l, &ok);
    j_suggested(root, r, l, &ok);
    j_actions(root, r, l, &ok);
    j_path(root, r, l, &ok);
    int rc = ok ? json_write_pretty(root, out) : -1;
    cJSON_Delete(root);
    return rc;
}
