/* report_md.c: the report as Markdown (report_write_markdown). Every text
 * from outside is escaped so that it cannot become markup. */
#include "report_fmt.h"

#include <stdio.h>
#include <string.h>

#include "output.h"
#include "term.h"
#include "util.h"

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
        md_esc(out, report_ctx_text(l, fd->ctx, ck, sizeof(ck)));
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
    const char *ans = report_answer_text(s, l, ak, sizeof(ak));
    if (ans) {
        fputs(" → ", out);
        md_esc(out, ans);
    } else if (s->status != STEP_SKIPPED) {
        fputs(" — **", out);
        md_esc(out, trf(l, sk, sizeof(sk), "status.%s", step_status_name(s->status)));
        fputs("**", out);
    }
    fputc('\n', out);
    const struct finding *fs[REPORT_STEP_MAX_FINDINGS];
    size_t n = report_step_findings(s, fs, REPORT_STEP_MAX_FINDINGS);
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


/* The heading, the subtitle and the table of what the report is about. */
static void md_head(FILE *out, const struct report *r, const struct locale *l)
{
    char buf[2048], key[160], t[40];
    fputs("# ", out);
    md_esc(out, report_heading(r, l, buf, sizeof(buf)));
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
        time_format_iso(r->collected_at, t, sizeof(t));
    md_row(out, tr(l, "report.collected"), r->has_collected_at ? t : tr(l, "report.unknown"));
    time_format_iso(r->generated_at, t, sizeof(t));
    md_row(out, tr(l, "report.generated"), t);
    md_row(out, tr(l, "report.user"), r->user ? r->user : tr(l, "report.unknown"));
    md_row(out, tr(l, "report.context"), report_ctx_text(l, r->ctx, key, sizeof(key)));
    md_row(out, tr(l, "report.template"), r->tmpl ? r->tmpl : tr(l, "report.any-template"));
    md_row(out, tr(l, "report.source"), report_source_text(r, l, buf, sizeof(buf)));
}

/* The counts, the conclusion, and whether the walk ended at a question. */
static void md_summary(FILE *out, const struct report *r, const struct locale *l)
{
    char buf[2048], key[160];
    struct report_counts c = report_counts_of(r);
    fputs("\n## ", out);
    md_esc(out, tr(l, "report.summary"));
    fputs("\n\n", out);
    md_esc(out, report_counts_text(&c, l, buf, sizeof(buf)));
    fputs("\n\n", out);
    const struct node *concl = report_conclusion(r);
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
}

/* Every finding in full. */
static void md_findings(FILE *out, const struct report *r, const struct locale *l)
{
    fputs("## ", out);
    md_esc(out, tr(l, "report.findings"));
    fputs("\n\n", out);
    if (r->nfindings == 0) {
        md_lines(out, tr(l, "report.no-findings"), 0);
        fputs("\n\n", out);
    }
    for (size_t i = 0; i < r->nfindings; i++)
        md_finding(out, i + 1, r->findings[i], l);
}

/* One suggested action: its command and the findings it is for. */
static void md_suggestion(FILE *out, const struct report_suggestion *s, const struct locale *l)
{
    char key[160], ck[64];
    fputs("- **", out);
    md_esc(out, trf(l, key, sizeof(key), "action.%s.title", s->id));
    fputs("**", out);
    if (s->ctx != CTX_NONE) {
        fputs(" (", out);
        md_esc(out, report_ctx_text(l, s->ctx, ck, sizeof(ck)));
        fputs(")", out);
    }
    fputs("\n  - ", out);
    md_esc(out, tr(l, "report.action.command"));
    fputs(": ", out);
    if (s->cmdline[0])
        md_code(out, s->cmdline);
    else
        md_esc(out, tr(l, report_no_command_key(s)));
    fputs("\n  - ", out);
    md_esc(out, tr(l, "report.suggested.for"));
    fputs(": ", out);
    for (size_t k = 0; k < s->nfor; k++) {
        fputs(k ? "; " : "", out);
        md_esc(out, trf(l, key, sizeof(key), "finding.%s.title", s->for_findings[k]->def->id));
    }
    fputc('\n', out);
}

/* The actions the findings suggest. */
static void md_suggested(FILE *out, const struct report *r, const struct locale *l)
{
    fputs("## ", out);
    md_esc(out, tr(l, "report.suggested"));
    fputs("\n\n", out);
    md_lines(out, tr(l, r->nsuggested ? "report.suggested.intro" : "report.suggested.none"), 0);
    fputs("\n\n", out);
    for (size_t i = 0; i < r->nsuggested; i++)
        md_suggestion(out, &r->suggested[i], l);
    if (r->nsuggested)
        fputc('\n', out);
}

/* Action NO that was run or declined, with its outcome and output. */
static void md_action(FILE *out, size_t no, const struct report_action *a, const struct locale *l)
{
    char key[160], ck[64], t[40];
    fprintf(out, "### %zu. ", no);
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
    md_esc(out, report_ctx_text(l, a->ctx, ck, sizeof(ck)));
    if (a->time) {
        time_format_iso(a->time, t, sizeof(t));
        fputs("\n- ", out);
        md_esc(out, tr(l, "report.action.time"));
        fputs(": ", out);
        md_esc(out, t);
    }
    fputs("\n- ", out);
    md_esc(out, tr(l, "report.action.outcome"));
    fputs(": ", out);
    md_esc(out, tr(l, report_outcome_key(a->outcome)));
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

/* The actions of the session. */
static void md_actions(FILE *out, const struct report *r, const struct locale *l)
{
    fputs("## ", out);
    md_esc(out, tr(l, "report.actions"));
    fputs("\n\n", out);
    if (r->nactions == 0) {
        md_lines(out, tr(l, "report.actions.none"), 0);
        fputs("\n\n", out);
    }
    for (size_t i = 0; i < r->nactions; i++)
        md_action(out, i + 1, &r->actions[i], l);
}

/* The path through the tree, step by step. */
static void md_path(FILE *out, const struct report *r, const struct locale *l)
{
    fputs("## ", out);
    md_esc(out, tr(l, "report.path"));
    fputs("\n\n", out);
    for (size_t i = 0; i < r->nsteps; i++)
        md_step(out, i + 1, &r->steps[i], l);
}

int report_write_markdown(const struct report *r, const struct locale *l, FILE *out)
{
    md_head(out, r, l);
    md_summary(out, r, l);
    md_findings(out, r, l);
    md_suggested(out, r, l);
    md_actions(out, r, l);
    md_path(out, r, l);
    return ferror(out) ? -1 : 0;
}
