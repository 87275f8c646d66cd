/* report.c: the report model and its three writers (Markdown, HTML, JSON). */
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "actions.h"
#include "bundle.h"
#include "jsonutil.h"
#include "output.h"
#include "platform/platform.h"
#include "term.h"
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

/* Why suggestion S has no command line: a catalog key. */
static const char *no_command_key(const struct report_suggestion *s)
{
    if (!s->needs_template)
        return "report.internal";
    return s->template_refused ? "action.template-refused" : "report.needs-template";
}

/* The scenario's title in L's language. */
static const char *report_title(const struct report *r, const struct locale *l)
{
    return l->lang == LANG_DE && r->title_de ? r->title_de : r->title;
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

/* ====================================================================
 * Helpers shared by the writers
 * ==================================================================== */

struct counts {
    size_t n[3];   /* indexed by enum severity */
};

static struct counts count_findings(const struct report *r)
{
    struct counts c = {{0, 0, 0}};
    for (size_t i = 0; i < r->nfindings; i++)
        c.n[r->findings[i]->def->sev]++;
    return c;
}

/* The conclusion node at the end of the path, or NULL. */
static const struct node *conclusion(const struct report *r)
{
    if (r->nsteps == 0)
        return NULL;
    const struct node *n = r->steps[r->nsteps - 1].node;
    return n->kind == NODE_CONCLUSION ? n : NULL;
}

/* The findings of a step's check, the deciding one first. Returns the
 * count (at most MAX) written into OUT. */
static size_t step_findings(const struct report_step *s, const struct finding **out, size_t max)
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

#define STEP_MAX_FINDINGS 32

static void fmt_time(int64_t t, char *buf, size_t size)
{
    time_format_iso(t, buf, size);
}

static const char *ctx_text(const struct locale *l, enum ctx c, char *key, size_t size)
{
    return trf(l, key, size, "context.%s", ctx_name(c));
}

/* The heading text "... {host}". */
static const char *heading(const struct report *r, const struct locale *l, char *buf, size_t size)
{
    const char *names[] = {"host"};
    const char *values[] = {r->host ? r->host : tr(l, "report.unknown")};
    return fill(buf, size, tr(l, "report.heading"), names, values, 1);
}

static const char *source_text(const struct report *r, const struct locale *l, char *buf, size_t size)
{
    if (!r->bundle) {
        snprintf(buf, size, "%s", tr(l, "report.source.live"));
        return buf;
    }
    const char *names[] = {"file"};
    const char *values[] = {r->bundle};
    return fill(buf, size, tr(l, "report.source.bundle"), names, values, 1);
}

static const char *counts_text(const struct counts *c, const struct locale *l, char *buf, size_t size)
{
    char ne[24], nw[24], ni[24];
    snprintf(ne, sizeof(ne), "%zu", c->n[SEV_ERROR]);
    snprintf(nw, sizeof(nw), "%zu", c->n[SEV_WARNING]);
    snprintf(ni, sizeof(ni), "%zu", c->n[SEV_INFO]);
    const char *names[] = {"errors", "warnings", "infos"};
    const char *values[] = {ne, nw, ni};
    return fill(buf, size, tr(l, "report.counts"), names, values, 3);
}

static const char *outcome_key(enum action_outcome o)
{
    switch (o) {
    case ACTION_RAN: return "report.outcome.ran";
    case ACTION_DECLINED: return "report.outcome.declined";
    case ACTION_NOT_RUN_BUNDLE: break;
    }
    return "report.outcome.not-run-bundle";
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

/* The text of a step's head: node title, and for an answered question the
 * answer's text. */
static const char *answer_text(const struct report_step *s, const struct locale *l, char *key, size_t size)
{
    if (s->node->kind != NODE_QUESTION || !s->answer)
        return NULL;
    return trf(l, key, size, "question.%s.%s", s->node->question, s->answer);
}

/* ====================================================================
 * Markdown
 * ==================================================================== */

static bool md_wordchar(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

/* Writes N bytes of S with every character that could start Markdown
 * formatting escaped. LINE_START: S begins a line, so block markers (#, -,
 * +, =, "1.") are escaped too and leading blanks dropped. Line breaks and
 * control characters become blanks. */
static void md_esc_n(FILE *out, const char *s, size_t n, bool line_start)
{
    size_t i = 0;
    if (line_start) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i < n && strchr("#-+=", s[i])) {
            fputc('\\', out);
        } else {
            size_t j = i;
            while (j < n && s[j] >= '0' && s[j] <= '9')
                j++;
            if (j > i && j < n && (s[j] == '.' || s[j] == ')')) {
                fwrite(s + i, 1, j - i, out);
                fputc('\\', out);
                i = j;
            }
        }
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r' || c == '\n' || c == '\t') {
            fputc(' ', out);
        } else if (c < 0x20 || c >= 0x7F) {
            /* a character a terminal might obey, shown escaped (its
             * backslash escaped for Markdown), or any other one as it is */
            size_t len = utf8_seq_len((const unsigned char *)s + i, n - i);
            char e[16];
            term_escape(e, sizeof(e), s + i, len ? len : 1, 0);
            if (e[0] == '\\')
                fputc('\\', out);
            fputs(e, out);
            i += (len ? len : 1) - 1;
        } else if (strchr("\\`*[]<>|~$&#", c)) {
            fputc('\\', out);
            fputc(c, out);
        } else if (c == '_') {
            /* an underscore inside a word cannot start emphasis */
            bool inner = i > 0 && i + 1 < n && md_wordchar((unsigned char)s[i - 1]) &&
                         md_wordchar((unsigned char)s[i + 1]);
            if (!inner)
                fputc('\\', out);
            fputc('_', out);
        } else {
            fputc(c, out);
        }
    }
}

static void md_esc(FILE *out, const char *s)
{
    md_esc_n(out, s, strlen(s), false);
}

/* A catalog text that may hold line breaks: each line escaped, the lines
 * joined by hard line breaks ("\" at the end), continuation lines indented by
 * INDENT blanks. Empty lines are dropped so the text stays one block. */
static void md_lines(FILE *out, const char *s, int indent)
{
    bool first = true;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        size_t t = n;
        while (t > 0 && (s[t - 1] == ' ' || s[t - 1] == '\r'))
            t--;
        size_t lead = 0;
        while (lead < t && s[lead] == ' ')
            lead++;
        if (lead < t) {
            if (!first)
                fprintf(out, "\\\n%*s", indent, "");
            md_esc_n(out, s, t, true);
            first = false;
        }
        s += n;
        if (*s == '\n')
            s++;
    }
}

/* The longest run of C in S. */
static size_t longest_run(const char *s, char c)
{
    size_t best = 0, cur = 0;
    for (; *s; s++) {
        cur = *s == c ? cur + 1 : 0;
        if (cur > best)
            best = cur;
    }
    return best;
}

/* S as an inline code span (line breaks become blanks). */
static void md_code(FILE *out, const char *s)
{
    size_t ticks = longest_run(s, '`') + 1;
    size_t n = strlen(s);
    bool pad = n > 0 && (s[0] == '`' || s[0] == ' ' || s[n - 1] == '`' || s[n - 1] == ' ');
    for (size_t i = 0; i < ticks; i++)
        fputc('`', out);
    if (pad)
        fputc(' ', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        fputc(c < 0x20 || c == 0x7F ? ' ' : c, out);
    }
    if (pad)
        fputc(' ', out);
    for (size_t i = 0; i < ticks; i++)
        fputc('`', out);
}

/* S as a fenced code block (at the start of a line, not indented). */
static void md_fence(FILE *out, const char *s)
{
    size_t ticks = longest_run(s, '`') + 1;
    if (ticks < 3)
        ticks = 3;
    for (size_t i = 0; i < ticks; i++)
        fputc('`', out);
    fputs("text\n", out);
    bool at_start = true;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\r')
            continue;
        fputc((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F ? ' ' : c, out);
        at_start = c == '\n';
    }
    if (!at_start)
        fputc('\n', out);
    for (size_t i = 0; i < ticks; i++)
        fputc('`', out);
    fputc('\n', out);
}

static void md_row(FILE *out, const char *label, const char *value)
{
    fputs("| ", out);
    md_esc(out, label);
    fputs(" | ", out);
    md_esc(out, value);
    fputs(" |\n", out);
}

/* "label: value; label: value" of a finding's evidence. */
static void md_evidence_inline(FILE *out, const struct finding *fd, const struct locale *l)
{
    for (size_t i = 0; i < fd->nevidence; i++) {
        char key[160], vb[256];
        fputs(i ? "; " : "", out);
        md_esc(out, trf(l, key, sizeof(key), "evidence.%s", fd->evidence[i].key));
        fputs(": ", out);
        md_esc(out, output_evidence(&fd->evidence[i], l, vb, sizeof(vb)));
    }
}

static void md_finding(FILE *out, size_t no, const struct finding *fd, const struct locale *l)
{
    char key[160], k2[160], ck[64];
    const char *id = fd->def->id;
    fprintf(out, "### %zu. ", no);
    md_esc(out, trf(l, key, sizeof(key), "severity.%s", severity_name(fd->def->sev)));
    fputs(": ", out);
    md_esc(out, trf(l, k2, sizeof(k2), "finding.%s.title", id));
    fputs("\n\n- ", out);
    md_esc(out, tr(l, "report.finding.id"));
    fputs(": ", out);
    md_code(out, id);
    if (fd->ctx != CTX_NONE) {
        fputs("\n- ", out);
        md_esc(out, tr(l, "report.context"));
        fputs(": ", out);
        md_esc(out, ctx_text(l, fd->ctx, ck, sizeof(ck)));
    }
    if (fd->nevidence) {
        fputs("\n- ", out);
        md_esc(out, tr(l, "report.evidence"));
        fputs(":", out);
        for (size_t i = 0; i < fd->nevidence; i++) {
            char vb[256];
            fputs("\n  - ", out);
            md_esc(out, trf(l, key, sizeof(key), "evidence.%s", fd->evidence[i].key));
            fputs(": ", out);
            md_esc(out, output_evidence(&fd->evidence[i], l, vb, sizeof(vb)));
        }
    }
    fputs("\n\n**", out);
    md_esc(out, tr(l, "report.meaning"));
    fputs("**\n\n", out);
    md_lines(out, trf(l, key, sizeof(key), "finding.%s.meaning", id), 0);
    fputs("\n\n**", out);
    md_esc(out, tr(l, "report.todo"));
    fputs("**\n\n", out);
    md_lines(out, trf(l, key, sizeof(key), "finding.%s.todo", id), 0);
    fputs("\n\n**", out);
    md_esc(out, tr(l, "report.reference"));
    fputs(":** ", out);
    md_lines(out, trf(l, key, sizeof(key), "finding.%s.source", id), 0);
    fputs("\n\n", out);
}

static void md_step(FILE *out, size_t no, const struct report_step *s, const struct locale *l)
{
    char key[160], sk[64], ak[160], marker[32];
    int w = snprintf(marker, sizeof(marker), "%zu. ", no);
    fputs(marker, out);
    md_esc(out, trf(l, key, sizeof(key), "node.%s.title", s->node->id));
    const char *ans = answer_text(s, l, ak, sizeof(ak));
    if (ans) {
        fputs(" → ", out);
        md_esc(out, ans);
    } else if (s->status != STEP_SKIPPED) {
        fputs(" — **", out);
        md_esc(out, trf(l, sk, sizeof(sk), "status.%s", step_status_name(s->status)));
        fputs("**", out);
    }
    fputc('\n', out);
    const struct finding *fs[STEP_MAX_FINDINGS];
    size_t n = step_findings(s, fs, STEP_MAX_FINDINGS);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "%*s- ", w, "");
        md_esc(out, trf(l, sk, sizeof(sk), "severity.%s", severity_name(fs[i]->def->sev)));
        fputs(": ", out);
        md_esc(out, trf(l, key, sizeof(key), "finding.%s.title", fs[i]->def->id));
        if (fs[i]->nevidence) {
            fputs(" — ", out);
            md_evidence_inline(out, fs[i], l);
        }
        fputc('\n', out);
    }
    if (s->result && s->result->nmissing && s->status == STEP_UNKNOWN) {
        fprintf(out, "%*s- ", w, "");
        md_esc(out, tr(l, "report.missing"));
        fputs(": ", out);
        for (size_t i = 0; i < s->result->nmissing; i++) {
            fputs(i ? ", " : "", out);
            md_code(out, s->result->missing[i]);
        }
        fputc('\n', out);
    }
}

int report_write_markdown(const struct report *r, const struct locale *l, FILE *out)
{
    char buf[2048], key[160], t[40];
    struct counts c = count_findings(r);

    fputs("# ", out);
    md_esc(out, heading(r, l, buf, sizeof(buf)));
    fputs("\n\n", out);
    if (r->title) {
        fputc('*', out);
        md_esc(out, report_title(r, l));
        fputs("*\n\n", out);
    }
    fputs("| ", out);
    md_esc(out, tr(l, "report.field"));
    fputs(" | ", out);
    md_esc(out, tr(l, "report.value"));
    fputs(" |\n|---|---|\n", out);
    md_row(out, tr(l, "report.host"), r->host ? r->host : tr(l, "report.unknown"));
    if (r->has_collected_at)
        fmt_time(r->collected_at, t, sizeof(t));
    md_row(out, tr(l, "report.collected"), r->has_collected_at ? t : tr(l, "report.unknown"));
    fmt_time(r->generated_at, t, sizeof(t));
    md_row(out, tr(l, "report.generated"), t);
    md_row(out, tr(l, "report.user"), r->user ? r->user : tr(l, "report.unknown"));
    md_row(out, tr(l, "report.context"), ctx_text(l, r->ctx, key, sizeof(key)));
    md_row(out, tr(l, "report.template"), r->tmpl ? r->tmpl : tr(l, "report.any-template"));
    md_row(out, tr(l, "report.source"), source_text(r, l, buf, sizeof(buf)));

    /* summary */
    fputs("\n## ", out);
    md_esc(out, tr(l, "report.summary"));
    fputs("\n\n", out);
    md_esc(out, counts_text(&c, l, buf, sizeof(buf)));
    fputs("\n\n", out);
    const struct node *concl = conclusion(r);
    if (concl) {
        fputs("**", out);
        md_esc(out, tr(l, "report.conclusion"));
        fputs(":** ", out);
        md_esc(out, trf(l, key, sizeof(key), "node.%s.title", concl->id));
        fputs("\n\n", out);
        md_lines(out, trf(l, key, sizeof(key), "node.%s.body", concl->id), 0);
        fputs("\n\n", out);
    }
    if (r->ends_at_question) {
        md_lines(out, tr(l, "report.ends-at-question"), 0);
        fputs("\n\n", out);
    }

    /* findings */
    fputs("## ", out);
    md_esc(out, tr(l, "report.findings"));
    fputs("\n\n", out);
    if (r->nfindings == 0) {
        md_lines(out, tr(l, "report.no-findings"), 0);
        fputs("\n\n", out);
    }
    for (size_t i = 0; i < r->nfindings; i++)
        md_finding(out, i + 1, r->findings[i], l);

    /* suggested actions */
    fputs("## ", out);
    md_esc(out, tr(l, "report.suggested"));
    fputs("\n\n", out);
    md_lines(out, tr(l, r->nsuggested ? "report.suggested.intro" : "report.suggested.none"), 0);
    fputs("\n\n", out);
    for (size_t i = 0; i < r->nsuggested; i++) {
        const struct report_suggestion *s = &r->suggested[i];
        char ck[64];
        fputs("- **", out);
        md_esc(out, trf(l, key, sizeof(key), "action.%s.title", s->id));
        fputs("**", out);
        if (s->ctx != CTX_NONE) {
            fputs(" (", out);
            md_esc(out, ctx_text(l, s->ctx, ck, sizeof(ck)));
            fputs(")", out);
        }
        fputs("\n  - ", out);
        md_esc(out, tr(l, "report.action.command"));
        fputs(": ", out);
        if (s->cmdline[0])
            md_code(out, s->cmdline);
        else
            md_esc(out, tr(l, no_command_key(s)));
        fputs("\n  - ", out);
        md_esc(out, tr(l, "report.suggested.for"));
        fputs(": ", out);
        for (size_t k = 0; k < s->nfor; k++) {
            fputs(k ? "; " : "", out);
            md_esc(out, trf(l, key, sizeof(key), "finding.%s.title", s->for_findings[k]->def->id));
        }
        fputc('\n', out);
    }
    if (r->nsuggested)
        fputc('\n', out);

    /* actions run */
    fputs("## ", out);
    md_esc(out, tr(l, "report.actions"));
    fputs("\n\n", out);
    if (r->nactions == 0) {
        md_lines(out, tr(l, "report.actions.none"), 0);
        fputs("\n\n", out);
    }
    for (size_t i = 0; i < r->nactions; i++) {
        const struct report_action *a = &r->actions[i];
        char ck[64];
        fprintf(out, "### %zu. ", i + 1);
        md_esc(out, trf(l, key, sizeof(key), "action.%s.title", a->id));
        fputs("\n\n- ", out);
        md_esc(out, tr(l, "report.action.command"));
        fputs(": ", out);
        if (a->cmdline[0])
            md_code(out, a->cmdline);
        else
            md_esc(out, tr(l, "report.internal"));
        fputs("\n- ", out);
        md_esc(out, tr(l, "report.context"));
        fputs(": ", out);
        md_esc(out, ctx_text(l, a->ctx, ck, sizeof(ck)));
        if (a->time) {
            fmt_time(a->time, t, sizeof(t));
            fputs("\n- ", out);
            md_esc(out, tr(l, "report.action.time"));
            fputs(": ", out);
            md_esc(out, t);
        }
        fputs("\n- ", out);
        md_esc(out, tr(l, "report.action.outcome"));
        fputs(": ", out);
        md_esc(out, tr(l, outcome_key(a->outcome)));
        if (a->outcome == ACTION_RAN) {
            fputs("\n- ", out);
            md_esc(out, tr(l, "report.action.exit"));
            fprintf(out, ": %d", a->exit_code);
        }
        if (a->outcome == ACTION_RAN) {
            fputs("\n- ", out);
            md_esc(out, tr(l, "report.action.output"));
            fputs(":", out);
            if (a->output) {
                fputs("\n\n", out);
                md_fence(out, a->output);
            } else {
                fputc(' ', out);
                md_esc(out, tr(l, "report.action.no-output"));
                fputc('\n', out);
            }
        } else {
            fputc('\n', out);
        }
        fputc('\n', out);
    }

    /* path */
    fputs("## ", out);
    md_esc(out, tr(l, "report.path"));
    fputs("\n\n", out);
    for (size_t i = 0; i < r->nsteps; i++)
        md_step(out, i + 1, &r->steps[i], l);
    return ferror(out) ? -1 : 0;
}

/* ====================================================================
 * HTML
 * ==================================================================== */

enum hmode { H_INLINE, H_BR, H_PRE };

/* Writes S with &, <, >, " and ' escaped. Line breaks: H_INLINE a blank,
 * H_BR "<br>", H_PRE kept. Other control characters become blanks. */
static void h_esc(FILE *out, const char *s, enum hmode m)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        case '\r': break;
        case '\n':
            fputs(m == H_BR ? "<br>\n" : m == H_PRE ? "\n" : " ", out);
            break;
        case '\t': fputc(' ', out); break;
        default:
            if (c < 0x20 || c >= 0x7F) {
                /* a character a terminal might obey shown escaped, any
                 * other one as it is */
                size_t len = utf8_seq_len((const unsigned char *)s, strlen(s));
                char e[16];
                term_escape(e, sizeof(e), s, len ? len : 1, 0);
                fputs(e, out);
                s += (len ? len : 1) - 1;
            } else {
                fputc(c, out);
            }
        }
    }
}

static void h(FILE *out, const char *s)
{
    h_esc(out, s, H_INLINE);
}

static const char html_css[] =
    ":root{--err:#b3261e;--warn:#9a5b00;--info:#1f5fa8;--ok:#1e7b34;--muted:#5f6368;--line:#d0d4d9}\n"
    "body{font-family:\"Segoe UI\",system-ui,-apple-system,Roboto,\"Helvetica Neue\",Arial,sans-serif;"
    "line-height:1.5;color:#1f1f1f;background:#fff;max-width:62rem;margin:2rem auto;padding:0 1.2rem}\n"
    "h1{font-size:1.6rem;margin:0 0 .3rem}\n"
    "h2{font-size:1.25rem;margin:2.2rem 0 .8rem;padding-bottom:.25rem;border-bottom:2px solid var(--line)}\n"
    "h3{font-size:1.05rem;margin:0 0 .5rem}\n"
    "h4{font-size:.95rem;margin:.9rem 0 .2rem}\n"
    "p{margin:.3rem 0}\n"
    ".subtitle{font-style:italic;color:var(--muted)}\n"
    "table.overview{border-collapse:collapse;margin:1rem 0}\n"
    "table.overview th,table.overview td{text-align:left;vertical-align:top;padding:.25rem 1.2rem .25rem 0;"
    "border-bottom:1px solid var(--line)}\n"
    "table.overview th{font-weight:600;white-space:nowrap}\n"
    "code,pre{font-family:Consolas,\"Cascadia Mono\",\"DejaVu Sans Mono\",monospace;font-size:.9em}\n"
    "code{background:#f1f3f4;padding:0 .25em;border-radius:3px;overflow-wrap:anywhere}\n"
    "pre{background:#f1f3f4;padding:.6rem .8rem;border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere}\n"
    ".finding{border:1px solid var(--line);border-left:.45rem solid var(--muted);border-radius:4px;"
    "padding:.8rem 1rem;margin:1rem 0}\n"
    ".finding.sev-error{border-left-color:var(--err)}\n"
    ".finding.sev-warning{border-left-color:var(--warn)}\n"
    ".finding.sev-info{border-left-color:var(--info)}\n"
    ".badge{display:inline-block;font-size:.8em;font-weight:700;color:#fff;background:var(--muted);"
    "padding:.05rem .45rem;border-radius:3px;margin-right:.4rem;vertical-align:.1em}\n"
    ".badge.sev-error,.badge.st-fail{background:var(--err)}\n"
    ".badge.sev-warning,.badge.st-warn{background:var(--warn)}\n"
    ".badge.sev-info{background:var(--info)}\n"
    ".badge.st-ok{background:var(--ok)}\n"
    ".ids{color:var(--muted);font-size:.9em}\n"
    "dl.evidence{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.2rem 0}\n"
    "dl.evidence dt{font-weight:600}\n"
    "dl.evidence dd{margin:0;overflow-wrap:anywhere}\n"
    ".counts .badge{font-size:.9em}\n"
    ".conclusion{background:#f6f8fa;border:1px solid var(--line);border-radius:4px;padding:.7rem 1rem;margin:.8rem 0}\n"
    "ol.path{padding-left:2rem}\n"
    "ol.path li{margin:.25rem 0}\n"
    "ol.path ul{margin:.1rem 0;padding-left:1.2rem;font-size:.92em}\n"
    ".muted{color:var(--muted)}\n"
    "footer{margin-top:2.5rem;color:var(--muted);font-size:.85em}\n"
    "@media print{\n"
    "  body{max-width:none;margin:0;padding:0;font-size:10pt}\n"
    "  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "  h2{break-after:avoid}\n"
    "  .finding,.conclusion,ol.path li,pre{break-inside:avoid}\n"
    "  code,pre{background:none;border:1px solid var(--line)}\n"
    "}\n";

static void h_row(FILE *out, const char *label, const char *value)
{
    fputs("<tr><th>", out);
    h(out, label);
    fputs("</th><td>", out);
    h(out, value);
    fputs("</td></tr>\n", out);
}

static void h_sev_badge(FILE *out, enum severity sev, const struct locale *l)
{
    char key[64];
    fprintf(out, "<span class=\"badge sev-%s\">", severity_name(sev));
    h(out, trf(l, key, sizeof(key), "severity.%s", severity_name(sev)));
    fputs("</span>", out);
}

static void h_finding(FILE *out, const struct finding *fd, const struct locale *l)
{
    char key[160], ck[64];
    const char *id = fd->def->id;
    fprintf(out, "<article class=\"finding sev-%s\">\n<h3>", severity_name(fd->def->sev));
    h_sev_badge(out, fd->def->sev, l);
    h(out, trf(l, key, sizeof(key), "finding.%s.title", id));
    fputs("</h3>\n<p class=\"ids\">", out);
    h(out, tr(l, "report.finding.id"));
    fputs(": <code>", out);
    h(out, id);
    fputs("</code>", out);
    if (fd->ctx != CTX_NONE) {
        fputs(" · ", out);
        h(out, tr(l, "report.context"));
        fputs(": ", out);
        h(out, ctx_text(l, fd->ctx, ck, sizeof(ck)));
    }
    fputs("</p>\n", out);
    if (fd->nevidence) {
        fputs("<h4>", out);
        h(out, tr(l, "report.evidence"));
        fputs("</h4>\n<dl class=\"evidence\">\n", out);
        for (size_t i = 0; i < fd->nevidence; i++) {
            char vb[256];
            fputs("<dt>", out);
            h(out, trf(l, key, sizeof(key), "evidence.%s", fd->evidence[i].key));
            fputs("</dt><dd>", out);
            h(out, output_evidence(&fd->evidence[i], l, vb, sizeof(vb)));
            fputs("</dd>\n", out);
        }
        fputs("</dl>\n", out);
    }
    fputs("<h4>", out);
    h(out, tr(l, "report.meaning"));
    fputs("</h4>\n<p>", out);
    h_esc(out, trf(l, key, sizeof(key), "finding.%s.meaning", id), H_BR);
    fputs("</p>\n<h4>", out);
    h(out, tr(l, "report.todo"));
    fputs("</h4>\n<p>", out);
    h_esc(out, trf(l, key, sizeof(key), "finding.%s.todo", id), H_BR);
    fputs("</p>\n<p class=\"muted\"><strong>", out);
    h(out, tr(l, "report.reference"));
    fputs(":</strong> ", out);
    h_esc(out, trf(l, key, sizeof(key), "finding.%s.source", id), H_BR);
    fputs("</p>\n</article>\n", out);
}

static const char *step_class(enum step_status s)
{
    switch (s) {
    case STEP_OK: return "st-ok";
    case STEP_WARN: return "st-warn";
    case STEP_FAIL: return "st-fail";
    case STEP_UNKNOWN: return "st-unknown";
    case STEP_QUESTION: return "st-question";
    case STEP_SKIPPED: break;
    }
    return "st-skipped";
}

static void h_step(FILE *out, const struct report_step *s, const struct locale *l)
{
    char key[160], sk[64], ak[160];
    fprintf(out, "<li class=\"%s\">", step_class(s->status));
    const char *ans = answer_text(s, l, ak, sizeof(ak));
    if (!ans && s->status != STEP_SKIPPED) {
        fprintf(out, "<span class=\"badge %s\">", step_class(s->status));
        h(out, trf(l, sk, sizeof(sk), "status.%s", step_status_name(s->status)));
        fputs("</span>", out);
    }
    h(out, trf(l, key, sizeof(key), "node.%s.title", s->node->id));
    if (ans) {
        fputs(" → <em>", out);
        h(out, ans);
        fputs("</em>", out);
    }
    const struct finding *fs[STEP_MAX_FINDINGS];
    size_t n = step_findings(s, fs, STEP_MAX_FINDINGS);
    bool missing = s->result && s->result->nmissing && s->status == STEP_UNKNOWN;
    if (n || missing) {
        fputs("\n<ul>\n", out);
        for (size_t i = 0; i < n; i++) {
            fputs("<li>", out);
            h_sev_badge(out, fs[i]->def->sev, l);
            h(out, trf(l, key, sizeof(key), "finding.%s.title", fs[i]->def->id));
            for (size_t k = 0; k < fs[i]->nevidence; k++) {
                char vb[256];
                fputs(k ? "; " : " — ", out);
                h(out, trf(l, key, sizeof(key), "evidence.%s", fs[i]->evidence[k].key));
                fputs(": ", out);
                h(out, output_evidence(&fs[i]->evidence[k], l, vb, sizeof(vb)));
            }
            fputs("</li>\n", out);
        }
        if (missing) {
            fputs("<li>", out);
            h(out, tr(l, "report.missing"));
            fputs(":", out);
            for (size_t i = 0; i < s->result->nmissing; i++) {
                fputs(i ? ", <code>" : " <code>", out);
                h(out, s->result->missing[i]);
                fputs("</code>", out);
            }
            fputs("</li>\n", out);
        }
        fputs("</ul>\n", out);
    }
    fputs("</li>\n", out);
}

int report_write_html(const struct report *r, const struct locale *l, FILE *out)
{
    char buf[2048], key[160], t[40];
    struct counts c = count_findings(r);
    heading(r, l, buf, sizeof(buf));

    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", lang_code(l->lang));
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", out);
    h(out, buf);
    fputs("</title>\n<style>\n", out);
    fputs(html_css, out);
    fputs("</style>\n</head>\n<body>\n<header>\n<h1>", out);
    h(out, buf);
    fputs("</h1>\n", out);
    if (r->title) {
        fputs("<p class=\"subtitle\">", out);
        h(out, report_title(r, l));
        fputs("</p>\n", out);
    }
    fputs("<table class=\"overview\">\n", out);
    h_row(out, tr(l, "report.host"), r->host ? r->host : tr(l, "report.unknown"));
    if (r->has_collected_at)
        fmt_time(r->collected_at, t, sizeof(t));
    h_row(out, tr(l, "report.collected"), r->has_collected_at ? t : tr(l, "report.unknown"));
    fmt_time(r->generated_at, t, sizeof(t));
    h_row(out, tr(l, "report.generated"), t);
    h_row(out, tr(l, "report.user"), r->user ? r->user : tr(l, "report.unknown"));
    h_row(out, tr(l, "report.context"), ctx_text(l, r->ctx, key, sizeof(key)));
    h_row(out, tr(l, "report.template"), r->tmpl ? r->tmpl : tr(l, "report.any-template"));
    h_row(out, tr(l, "report.source"), source_text(r, l, buf, sizeof(buf)));
    fputs("</table>\n</header>\n", out);

    /* summary */
    fputs("<section id=\"summary\">\n<h2>", out);
    h(out, tr(l, "report.summary"));
    fputs("</h2>\n<p class=\"counts\">", out);
    static const enum severity order[] = {SEV_ERROR, SEV_WARNING, SEV_INFO};
    static const char *const count_keys[] = {"report.count.errors", "report.count.warnings", "report.count.infos"};
    for (size_t i = 0; i < 3; i++) {
        char num[24];
        snprintf(num, sizeof(num), "%zu", c.n[order[i]]);
        const char *names[] = {"n"};
        const char *values[] = {num};
        fprintf(out, "%s<span class=\"badge sev-%s\">", i ? " " : "", c.n[order[i]] ? severity_name(order[i]) : "none");
        h(out, fill(buf, sizeof(buf), tr(l, count_keys[i]), names, values, 1));
        fputs("</span>", out);
    }
    fputs("</p>\n", out);
    const struct node *concl = conclusion(r);
    if (concl) {
        fputs("<div class=\"conclusion\">\n<h3>", out);
        h(out, tr(l, "report.conclusion"));
        fputs(": ", out);
        h(out, trf(l, key, sizeof(key), "node.%s.title", concl->id));
        fputs("</h3>\n<p>", out);
        h_esc(out, trf(l, key, sizeof(key), "node.%s.body", concl->id), H_BR);
        fputs("</p>\n</div>\n", out);
    }
    if (r->ends_at_question) {
        fputs("<p>", out);
        h_esc(out, tr(l, "report.ends-at-question"), H_BR);
        fputs("</p>\n", out);
    }
    fputs("</section>\n", out);

    /* findings */
    fputs("<section id=\"findings\">\n<h2>", out);
    h(out, tr(l, "report.findings"));
    fputs("</h2>\n", out);
    if (r->nfindings == 0) {
        fputs("<p>", out);
        h_esc(out, tr(l, "report.no-findings"), H_BR);
        fputs("</p>\n", out);
    }
    for (size_t i = 0; i < r->nfindings; i++)
        h_finding(out, r->findings[i], l);
    fputs("</section>\n", out);

    /* suggested actions */
    fputs("<section id=\"suggested\">\n<h2>", out);
    h(out, tr(l, "report.suggested"));
    fputs("</h2>\n<p>", out);
    h_esc(out, tr(l, r->nsuggested ? "report.suggested.intro" : "report.suggested.none"), H_BR);
    fputs("</p>\n", out);
    if (r->nsuggested)
        fputs("<ul>\n", out);
    for (size_t i = 0; i < r->nsuggested; i++) {
        const struct report_suggestion *s = &r->suggested[i];
        char ck[64];
        fputs("<li><strong>", out);
        h(out, trf(l, key, sizeof(key), "action.%s.title", s->id));
        fputs("</strong>", out);
        if (s->ctx != CTX_NONE) {
            fputs(" (", out);
            h(out, ctx_text(l, s->ctx, ck, sizeof(ck)));
            fputs(")", out);
        }
        fputs("<br>\n", out);
        h(out, tr(l, "report.action.command"));
        fputs(": ", out);
        if (s->cmdline[0]) {
            fputs("<code>", out);
            h(out, s->cmdline);
            fputs("</code>", out);
        } else {
            fputs("<span class=\"muted\">", out);
            h(out, tr(l, no_command_key(s)));
            fputs("</span>", out);
        }
        fputs("<br>\n<span class=\"muted\">", out);
        h(out, tr(l, "report.suggested.for"));
        fputs(": ", out);
        for (size_t k = 0; k < s->nfor; k++) {
            fputs(k ? "; " : "", out);
            h(out, trf(l, key, sizeof(key), "finding.%s.title", s->for_findings[k]->def->id));
        }
        fputs("</span></li>\n", out);
    }
    if (r->nsuggested)
        fputs("</ul>\n", out);
    fputs("</section>\n", out);

    /* actions run */
    fputs("<section id=\"actions\">\n<h2>", out);
    h(out, tr(l, "report.actions"));
    fputs("</h2>\n", out);
    if (r->nactions == 0) {
        fputs("<p>", out);
        h_esc(out, tr(l, "report.actions.none"), H_BR);
        fputs("</p>\n", out);
    }
    for (size_t i = 0; i < r->nactions; i++) {
        const struct report_action *a = &r->actions[i];
        char ck[64];
        fputs("<article class=\"finding\">\n<h3>", out);
        h(out, trf(l, key, sizeof(key), "action.%s.title", a->id));
        fputs("</h3>\n<dl class=\"evidence\">\n<dt>", out);
        h(out, tr(l, "report.action.command"));
        fputs("</dt><dd>", out);
        if (a->cmdline[0]) {
            fputs("<code>", out);
            h(out, a->cmdline);
            fputs("</code>", out);
        } else {
            h(out, tr(l, "report.internal"));
        }
        fputs("</dd>\n<dt>", out);
        h(out, tr(l, "report.context"));
        fputs("</dt><dd>", out);
        h(out, ctx_text(l, a->ctx, ck, sizeof(ck)));
        fputs("</dd>\n", out);
        if (a->time) {
            fmt_time(a->time, t, sizeof(t));
            fputs("<dt>", out);
            h(out, tr(l, "report.action.time"));
            fputs("</dt><dd>", out);
            h(out, t);
            fputs("</dd>\n", out);
        }
        fputs("<dt>", out);
        h(out, tr(l, "report.action.outcome"));
        fputs("</dt><dd>", out);
        h(out, tr(l, outcome_key(a->outcome)));
        fputs("</dd>\n", out);
        if (a->outcome == ACTION_RAN) {
            fputs("<dt>", out);
            h(out, tr(l, "report.action.exit"));
            fprintf(out, "</dt><dd>%d</dd>\n", a->exit_code);
        }
        fputs("</dl>\n", out);
        if (a->outcome == ACTION_RAN) {
            fputs("<h4>", out);
            h(out, tr(l, "report.action.output"));
            fputs("</h4>\n", out);
            if (a->output) {
                fputs("<pre>", out);
                h_esc(out, a->output, H_PRE);
                fputs("</pre>\n", out);
            } else {
                fputs("<p class=\"muted\">", out);
                h(out, tr(l, "report.action.no-output"));
                fputs("</p>\n", out);
            }
        }
        fputs("</article>\n", out);
    }
    fputs("</section>\n", out);

    /* path */
    fputs("<section id=\"path\">\n<h2>", out);
    h(out, tr(l, "report.path"));
    fputs("</h2>\n<ol class=\"path\">\n", out);
    for (size_t i = 0; i < r->nsteps; i++)
        h_step(out, &r->steps[i], l);
    fputs("</ol>\n</section>\n<footer>", out);
    h(out, tr(l, "report.footer"));
    fputs("</footer>\n</body>\n</html>\n", out);
    return ferror(out) ? -1 : 0;
}

/* ====================================================================
 * JSON
 * ==================================================================== */

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
        fmt_time(t, buf, sizeof(buf));
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

static const char *ctx_or_null(enum ctx c)
{
    return c == CTX_NONE ? NULL : ctx_name(c);
}

int report_write_json(const struct report *r, const struct locale *l, FILE *out)
{
    bool ok = true;
    char buf[2048], key[160], k2[160];
    struct counts c = count_findings(r);
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return -1;
    j_str(root, "format", "enrolldoc-report/1", &ok);
    j_str(root, "lang", lang_code(l->lang), &ok);
    j_str(root, "heading", heading(r, l, buf, sizeof(buf)), &ok);
    j_str(root, "host", r->host, &ok);
    j_str(root, "title", r->title ? report_title(r, l) : NULL, &ok);
    j_time(root, "collected_at", r->has_collected_at, r->collected_at, &ok);
    j_time(root, "generated_at", true, r->generated_at, &ok);
    j_str(root, "user", r->user, &ok);
    cJSON *src = j_obj(root, "source", &ok);
    j_str(src, "kind", r->bundle ? "bundle" : "live", &ok);
    j_str(src, "file", r->bundle, &ok);
    j_str(src, "text", source_text(r, l, buf, sizeof(buf)), &ok);
    j_str(root, "context", ctx_or_null(r->ctx), &ok);
    j_str(root, "context_text", ctx_text(l, r->ctx, key, sizeof(key)), &ok);
    j_str(root, "template", r->tmpl, &ok);

    cJSON *sum = j_obj(root, "summary", &ok);
    j_num(sum, "errors", (double)c.n[SEV_ERROR], &ok);
    j_num(sum, "warnings", (double)c.n[SEV_WARNING], &ok);
    j_num(sum, "infos", (double)c.n[SEV_INFO], &ok);
    j_str(sum, "text", counts_text(&c, l, buf, sizeof(buf)), &ok);
    const struct node *concl = conclusion(r);
    if (concl) {
        cJSON *co = j_obj(sum, "conclusion", &ok);
        j_str(co, "node", concl->id, &ok);
        j_str(co, "title", trf(l, key, sizeof(key), "node.%s.title", concl->id), &ok);
        j_str(co, "body", trf(l, key, sizeof(key), "node.%s.body", concl->id), &ok);
    } else {
        j_str(sum, "conclusion", NULL, &ok);
    }
    j_bool(sum, "ends_at_question", r->ends_at_question, &ok);

    cJSON *fs = j_arr(root, "findings", &ok);
    for (size_t i = 0; i < r->nfindings; i++) {
        const struct finding *fd = r->findings[i];
        const char *id = fd->def->id;
        cJSON *o = j_push_obj(fs, &ok);
        j_str(o, "id", id, &ok);
        j_str(o, "severity", severity_name(fd->def->sev), &ok);
        j_str(o, "severity_text", trf(l, key, sizeof(key), "severity.%s", severity_name(fd->def->sev)), &ok);
        j_str(o, "context", ctx_or_null(fd->ctx), &ok);
        j_str(o, "title", trf(l, key, sizeof(key), "finding.%s.title", id), &ok);
        j_evidence(j_arr(o, "evidence", &ok), fd, l, false, &ok);
        j_str(o, "meaning", trf(l, key, sizeof(key), "finding.%s.meaning", id), &ok);
        j_str(o, "todo", trf(l, key, sizeof(key), "finding.%s.todo", id), &ok);
        j_str(o, "source", trf(l, key, sizeof(key), "finding.%s.source", id), &ok);
        cJSON *ac = j_arr(o, "actions", &ok);
        for (size_t a = 0; a < FINDING_MAX_ACTIONS && fd->def->actions[a]; a++)
            j_push_str(ac, fd->def->actions[a], &ok);
    }

    cJSON *sg = j_arr(root, "suggested_actions", &ok);
    for (size_t i = 0; i < r->nsuggested; i++) {
        const struct report_suggestion *s = &r->suggested[i];
        cJSON *o = j_push_obj(sg, &ok);
        j_str(o, "id", s->id, &ok);
        j_str(o, "title", trf(l, key, sizeof(key), "action.%s.title", s->id), &ok);
        j_str(o, "context", ctx_or_null(s->ctx), &ok);
        j_str(o, "command", s->cmdline[0] ? s->cmdline : NULL, &ok);
        j_bool(o, "needs_template", s->needs_template, &ok);
        cJSON *fo = j_arr(o, "for", &ok);
        for (size_t k = 0; k < s->nfor; k++)
            j_push_str(fo, s->for_findings[k]->def->id, &ok);
    }

    cJSON *as = j_arr(root, "actions", &ok);
    for (size_t i = 0; i < r->nactions; i++) {
        const struct report_action *a = &r->actions[i];
        cJSON *o = j_push_obj(as, &ok);
        j_str(o, "id", a->id, &ok);
        j_str(o, "title", trf(l, key, sizeof(key), "action.%s.title", a->id), &ok);
        j_str(o, "context", ctx_or_null(a->ctx), &ok);
        j_str(o, "command", a->cmdline[0] ? a->cmdline : NULL, &ok);
        j_time(o, "time", a->time != 0, a->time, &ok);
        j_str(o, "outcome", outcome_name(a->outcome), &ok);
        j_str(o, "outcome_text", tr(l, outcome_key(a->outcome)), &ok);
        if (a->outcome == ACTION_RAN)
            j_num(o, "exit_code", a->exit_code, &ok);
        else
            j_str(o, "exit_code", NULL, &ok);
        j_str(o, "output", a->output, &ok);
    }

    cJSON *path = j_arr(root, "path", &ok);
    for (size_t i = 0; i < r->nsteps; i++) {
        const struct report_step *s = &r->steps[i];
        cJSON *o = j_push_obj(path, &ok);
        j_str(o, "node", s->node->id, &ok);
        j_str(o, "kind", node_kind_name(s->node->kind), &ok);
        j_str(o, "branch", s->node->branch, &ok);
        j_str(o, "title", trf(l, key, sizeof(key), "node.%s.title", s->node->id), &ok);
        j_str(o, "check", s->node->check ? s->node->check->id : NULL, &ok);
        j_str(o, "status", step_status_name(s->status), &ok);
        j_str(o, "status_text", trf(l, k2, sizeof(k2), "status.%s", step_status_name(s->status)), &ok);
        if (s->node->kind == NODE_QUESTION) {
            j_str(o, "answer", s->answer, &ok);
            j_str(o, "answer_text", answer_text(s, l, key, sizeof(key)), &ok);
        }
        if (s->node->kind == NODE_CHECK) {
            j_str(o, "finding", s->finding ? s->finding->def->id : NULL, &ok);
            const struct finding *sf[STEP_MAX_FINDINGS];
            size_t n = step_findings(s, sf, STEP_MAX_FINDINGS);
            cJSON *ids = j_arr(o, "findings", &ok);
            cJSON *ev = j_arr(o, "evidence", &ok);
            for (size_t k = 0; k < n; k++) {
                j_push_str(ids, sf[k]->def->id, &ok);
                j_evidence(ev, sf[k], l, true, &ok);
            }
            cJSON *mi = j_arr(o, "missing", &ok);
            for (size_t k = 0; s->result && k < s->result->nmissing; k++)
                j_push_str(mi, s->result->missing[k], &ok);
        }
    }

    int rc = ok ? json_write_pretty(root, out) : -1;
    cJSON_Delete(root);
    return rc;
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
