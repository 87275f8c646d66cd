/* report_html.c: the report as one self-contained HTML page
 * (report_write_html), styled for the screen and for print. Every text from
 * outside is escaped (html.h). */
#include "report_fmt.h"

#include <stdio.h>
#include <string.h>

#include "html.h"
#include "output.h"
#include "util.h"

/* After html_css_base. */
static const char html_css[] =
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

static void h_finding(FILE *out, const struct finding *fd, const struct locale *l)
{
    char key[160], ck[64];
    const char *id = fd->def->id;
    fprintf(out, "<article class=\"finding sev-%s\">\n<h3>", severity_name(fd->def->sev));
    h_sev_badge(out, fd->def->sev, l);
    h_text(out, trf(l, key, sizeof(key), "finding.%s.title", id));
    fputs("</h3>\n<p class=\"ids\">", out);
    h_text(out, tr(l, "report.finding.id"));
    fputs(": <code>", out);
    h_text(out, id);
    fputs("</code>", out);
    if (fd->ctx != CTX_NONE) {
        fputs(" · ", out);
        h_text(out, tr(l, "report.context"));
        fputs(": ", out);
        h_text(out, report_ctx_text(l, fd->ctx, ck, sizeof(ck)));
    }
    fputs("</p>\n", out);
    if (fd->nevidence) {
        fputs("<h4>", out);
        h_text(out, tr(l, "report.evidence"));
        fputs("</h4>\n<dl class=\"evidence\">\n", out);
        for (size_t i = 0; i < fd->nevidence; i++) {
            char vb[256];
            fputs("<dt>", out);
            h_text(out, trf(l, key, sizeof(key), "evidence.%s", fd->evidence[i].key));
            fputs("</dt><dd>", out);
            h_text(out, output_evidence(&fd->evidence[i], l, vb, sizeof(vb)));
            fputs("</dd>\n", out);
        }
        fputs("</dl>\n", out);
    }
    fputs("<h4>", out);
    h_text(out, tr(l, "report.meaning"));
    fputs("</h4>\n<p>", out);
    h_esc(out, trf(l, key, sizeof(key), "finding.%s.meaning", id), H_BR);
    fputs("</p>\n<h4>", out);
    h_text(out, tr(l, "report.todo"));
    fputs("</h4>\n<p>", out);
    h_esc(out, trf(l, key, sizeof(key), "finding.%s.todo", id), H_BR);
    fputs("</p>\n<p class=\"muted\"><strong>", out);
    h_text(out, tr(l, "report.reference"));
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
    const char *ans = report_answer_text(s, l, ak, sizeof(ak));
    if (!ans && s->status != STEP_SKIPPED) {
        fprintf(out, "<span class=\"badge %s\">", step_class(s->status));
        h_text(out, trf(l, sk, sizeof(sk), "status.%s", step_status_name(s->status)));
        fputs("</span>", out);
    }
    h_text(out, trf(l, key, sizeof(key), "node.%s.title", s->node->id));
    if (ans) {
        fputs(" → <em>", out);
        h_text(out, ans);
        fputs("</em>", out);
    }
    const struct finding *fs[REPORT_STEP_MAX_FINDINGS];
    size_t n = report_step_findings(s, fs, REPORT_STEP_MAX_FINDINGS);
    bool missing = s->result && s->result->nmissing && s->status == STEP_UNKNOWN;
    if (n || missing) {
        fputs("\n<ul>\n", out);
        for (size_t i = 0; i < n; i++) {
            fputs("<li>", out);
            h_sev_badge(out, fs[i]->def->sev, l);
            h_text(out, trf(l, key, sizeof(key), "finding.%s.title", fs[i]->def->id));
            for (size_t k = 0; k < fs[i]->nevidence; k++) {
                char vb[256];
                fputs(k ? "; " : " — ", out);
                h_text(out, trf(l, key, sizeof(key), "evidence.%s", fs[i]->evidence[k].key));
                fputs(": ", out);
                h_text(out, output_evidence(&fs[i]->evidence[k], l, vb, sizeof(vb)));
            }
            fputs("</li>\n", out);
        }
        if (missing) {
            fputs("<li>", out);
            h_text(out, tr(l, "report.missing"));
            fputs(":", out);
            for (size_t i = 0; i < s->result->nmissing; i++) {
                fputs(i ? ", <code>" : " <code>", out);
                h_text(out, s->result->missing[i]);
                fputs("</code>", out);
            }
            fputs("</li>\n", out);
        }
        fputs("</ul>\n", out);
    }
    fputs("</li>\n", out);
}


/* The page's head, the heading, the subtitle and the overview table. */
static void h_head(FILE *out, const struct report *r, const struct locale *l)
{
    char buf[2048], key[160], t[40];
    report_heading(r, l, buf, sizeof(buf));

    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", lang_code(l->lang));
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", out);
    h_text(out, buf);
    fputs("</title>\n<style>\n", out);
    fputs(html_css_base, out);
    fputs(html_css, out);
    fputs("</style>\n</head>\n<body>\n<header>\n<h1>", out);
    h_text(out, buf);
    fputs("</h1>\n", out);
    if (r->title) {
        fputs("<p class=\"subtitle\">", out);
        h_text(out, report_title(r, l));
        fputs("</p>\n", out);
    }
    fputs("<table class=\"overview\">\n", out);
    h_row(out, tr(l, "report.host"), r->host ? r->host : tr(l, "report.unknown"));
    if (r->has_collected_at)
        time_format_iso(r->collected_at, t, sizeof(t));
    h_row(out, tr(l, "report.collected"), r->has_collected_at ? t : tr(l, "report.unknown"));
    time_format_iso(r->generated_at, t, sizeof(t));
    h_row(out, tr(l, "report.generated"), t);
    h_row(out, tr(l, "report.user"), r->user ? r->user : tr(l, "report.unknown"));
    h_row(out, tr(l, "report.context"), report_ctx_text(l, r->ctx, key, sizeof(key)));
    h_row(out, tr(l, "report.template"), r->tmpl ? r->tmpl : tr(l, "report.any-template"));
    h_row(out, tr(l, "report.source"), report_source_text(r, l, buf, sizeof(buf)));
    fputs("</table>\n</header>\n", out);
}

/* The counts, the conclusion, and whether the walk ended at a question. */
static void h_summary(FILE *out, const struct report *r, const struct locale *l)
{
    char buf[2048], key[160];
    struct report_counts c = report_counts_of(r);
    fputs("<section id=\"summary\">\n<h2>", out);
    h_text(out, tr(l, "report.summary"));
    fputs("</h2>\n<p class=\"counts\">", out);
    static const enum severity order[] = {SEV_ERROR, SEV_WARNING, SEV_INFO};
    static const char *const count_keys[] = {"report.count.errors", "report.count.warnings", "report.count.infos"};
    for (size_t i = 0; i < 3; i++) {
        char num[24];
        snprintf(num, sizeof(num), "%zu", c.n[order[i]]);
        const char *names[] = {"n"};
        const char *values[] = {num};
        fprintf(out, "%s<span class=\"badge sev-%s\">", i ? " " : "", c.n[order[i]] ? severity_name(order[i]) : "none");
        h_text(out, fill(buf, sizeof(buf), tr(l, count_keys[i]), names, values, 1));
        fputs("</span>", out);
    }
    fputs("</p>\n", out);
    const struct node *concl = report_conclusion(r);
    if (concl) {
        fputs("<div class=\"conclusion\">\n<h3>", out);
        h_text(out, tr(l, "report.conclusion"));
        fputs(": ", out);
        h_text(out, trf(l, key, sizeof(key), "node.%s.title", concl->id));
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
}

/* Every finding in full. */
static void h_findings(FILE *out, const struct report *r, const struct locale *l)
{
    fputs("<section id=\"findings\">\n<h2>", out);
    h_text(out, tr(l, "report.findings"));
    fputs("</h2>\n", out);
    if (r->nfindings == 0) {
        fputs("<p>", out);
        h_esc(out, tr(l, "report.no-findings"), H_BR);
        fputs("</p>\n", out);
    }
    for (size_t i = 0; i < r->nfindings; i++)
        h_finding(out, r->findings[i], l);
    fputs("</section>\n", out);
}

/* One suggested action: its command and the findings it is for. */
static void h_suggestion(FILE *out, const struct report_suggestion *s, const struct locale *l)
{
    char key[160], ck[64];
    fputs("<li><strong>", out);
    h_text(out, trf(l, key, sizeof(key), "action.%s.title", s->id));
    fputs("</strong>", out);
    if (s->ctx != CTX_NONE) {
        fputs(" (", out);
        h_text(out, report_ctx_text(l, s->ctx, ck, sizeof(ck)));
        fputs(")", out);
    }
    fputs("<br>\n", out);
    h_text(out, tr(l, "report.action.command"));
    fputs(": ", out);
    if (s->cmdline[0]) {
        fputs("<code>", out);
        h_text(out, s->cmdline);
        fputs("</code>", out);
    } else {
        fputs("<span class=\"muted\">", out);
        h_text(out, tr(l, report_no_command_key(s)));
        fputs("</span>", out);
    }
    fputs("<br>\n<span class=\"muted\">", out);
    h_text(out, tr(l, "report.suggested.for"));
    fputs(": ", out);
    for (size_t k = 0; k < s->nfor; k++) {
        fputs(k ? "; " : "", out);
        h_text(out, trf(l, key, sizeof(key), "finding.%s.title", s->for_findings[k]->def->id));
    }
    fputs("</span></li>\n", out);
}

/* The actions the findings suggest. */
static void h_suggested(FILE *out, const struct report *r, const struct locale *l)
{
    fputs("<section id=\"suggested\">\n<h2>", out);
    h_text(out, tr(l, "report.suggested"));
    fputs("</h2>\n<p>", out);
    h_esc(out, tr(l, r->nsuggested ? "report.suggested.intro" : "report.suggested.none"), H_BR);
    fputs("</p>\n", out);
    if (r->nsuggested)
        fputs("<ul>\n", out);
    for (size_t i = 0; i < r->nsuggested; i++)
        h_suggestion(out, &r->suggested[i], l);
    if (r->nsuggested)
        fputs("</ul>\n", out);
    fputs("</section>\n", out);
}

/* An action that was run or declined, with its outcome and output. */
static void h_action(FILE *out, const struct report_action *a, const struct locale *l)
{
    char key[160], ck[64], t[40];
    fputs("<article class=\"finding\">\n<h3>", out);
    h_text(out, trf(l, key, sizeof(key), "action.%s.title", a->id));
    fputs("</h3>\n<dl class=\"evidence\">\n<dt>", out);
    h_text(out, tr(l, "report.action.command"));
    fputs("</dt><dd>", out);
    if (a->cmdline[0]) {
        fputs("<code>", out);
        h_text(out, a->cmdline);
        fputs("</code>", out);
    } else {
        h_text(out, tr(l, "report.internal"));
    }
    fputs("</dd>\n<dt>", out);
    h_text(out, tr(l, "report.context"));
    fputs("</dt><dd>", out);
    h_text(out, report_ctx_text(l, a->ctx, ck, sizeof(ck)));
    fputs("</dd>\n", out);
    if (a->time) {
        time_format_iso(a->time, t, sizeof(t));
        fputs("<dt>", out);
        h_text(out, tr(l, "report.action.time"));
        fputs("</dt><dd>", out);
        h_text(out, t);
        fputs("</dd>\n", out);
    }
    fputs("<dt>", out);
    h_text(out, tr(l, "report.action.outcome"));
    fputs("</dt><dd>", out);
    h_text(out, tr(l, report_outcome_key(a->outcome)));
    fputs("</dd>\n", out);
    if (a->outcome == ACTION_RAN) {
        fputs("<dt>", out);
        h_text(out, tr(l, "report.action.exit"));
        fprintf(out, "</dt><dd>%d</dd>\n", a->exit_code);
    }
    fputs("</dl>\n", out);
    if (a->outcome == ACTION_RAN) {
        fputs("<h4>", out);
        h_text(out, tr(l, "report.action.output"));
        fputs("</h4>\n", out);
        if (a->output) {
            fputs("<pre>", out);
            h_esc(out, a->output, H_PRE);
            fputs("</pre>\n", out);
        } else {
            fputs("<p class=\"muted\">", out);
            h_text(out, tr(l, "report.action.no-output"));
            fputs("</p>\n", out);
        }
    }
    fputs("</article>\n", out);
}

/* The actions that were run or declined. */
static void h_actions(FILE *out, const struct report *r, const struct locale *l)
{
    fputs("<section id=\"actions\">\n<h2>", out);
    h_text(out, tr(l, "report.actions"));
    fputs("</h2>\n", out);
    if (r->nactions == 0) {
        fputs("<p>", out);
        h_esc(out, tr(l, "report.actions.none"), H_BR);
        fputs("</p>\n", out);
    }
    for (size_t i = 0; i < r->nactions; i++)
        h_action(out, &r->actions[i], l);
    fputs("</section>\n", out);
}

/* The path through the tree, step by step, and the footer. */
static void h_path(FILE *out, const struct report *r, const struct locale *l)
{
    fputs("<section id=\"path\">\n<h2>", out);
    h_text(out, tr(l, "report.path"));
    fputs("</h2>\n<ol class=\"path\">\n", out);
    for (size_t i = 0; i < r->nsteps; i++)
        h_step(out, &r->steps[i], l);
    fputs("</ol>\n</section>\n<footer>", out);
    h_text(out, tr(l, "report.footer"));
    fputs("</footer>\n</body>\n</html>\n", out);
}

int report_write_html(const struct report *r, const struct locale *l, FILE *out)
{
    h_head(out, r, l);
    h_summary(out, r, l);
    h_findings(out, r, l);
    h_suggested(out, r, l);
    h_actions(out, r, l);
    h_path(out, r, l);
    return ferror(out) ? -1 : 0;
}
