#include "output.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "actions.h"
#include "bundle.h"
#include "codes.h"
#include "jsonutil.h"
#include "term.h"
#include "util.h"

/* ---------- JSON ---------- */

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* EV's value in JSON, of the fact's own type. */
static cJSON *evidence_json(const struct evidence *ev)
{
    switch (ev->type) {
    case EVT_NUMBER:
        return cJSON_CreateNumber(strtod(ev->value, NULL));
    case EVT_BOOL:
        return cJSON_CreateBool(strcmp(ev->value, "true") == 0);
    case EVT_NULL:
        return cJSON_CreateNull();
    case EVT_STRING:
    case EVT_RIGHTS:   /* the stable names: fleet tools aggregate on them */
        break;
    }
    return cJSON_CreateString(ev->value);
}

/* Rights list NAMES ("Enroll, AutoEnroll") in L's language, as the
 * Security tab names them, into BUF of SIZE bytes; a name the catalog does
 * not know stays as it is. */
static const char *rights_text(const char *names, const struct locale *l, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const char *p = names; *p;) {
        size_t n = strcspn(p, ",");
        char key[64], name[48];
        snprintf(name, sizeof(name), "%.*s", (int)n, p);
        snprintf(key, sizeof(key), "right.%s", name);
        for (char *c = key; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        const char *shown = catalog_get(l->cat[LANG_EN], key) ? tr(l, key) : NULL;
        int w = snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
                         shown ? shown : name);
        if (w < 0 || (size_t)w >= size - used) {
            buf[used] = '\0';   /* cut at a whole name */
            break;
        }
        used += (size_t)w;
        p += n;
        p += strspn(p, ", ");
    }
    return buf;
}

const char *output_evidence(const struct evidence *ev, const struct locale *l, char *buf, size_t size)
{
    if (ev->type == EVT_RIGHTS && size > 0)
        return rights_text(ev->value, l, buf, size);
    if (ev->type == EVT_BOOL)
        return tr(l, strcmp(ev->value, "true") == 0 ? "evidence.true" : "evidence.false");
    if (ev->type != EVT_NULL)
        return ev->value;
    char key[160];
    snprintf(key, sizeof(key), "evidence.%s.null", ev->key);
    if (catalog_get(l->cat[l->lang], key) || catalog_get(l->cat[LANG_EN], key))
        return tr(l, key);
    return tr(l, "evidence.null");
}

static cJSON *finding_json(const struct finding *f)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "id", f->def->id);
    cJSON_AddStringToObject(o, "severity", severity_name(f->def->sev));
    cJSON_AddItemToObject(o, "context", f->ctx == CTX_NONE ? cJSON_CreateNull()
                                                           : cJSON_CreateString(ctx_name(f->ctx)));
    cJSON *ev = cJSON_AddObjectToObject(o, "evidence");
    for (size_t i = 0; ev && i < f->nevidence; i++)
        cJSON_AddItemToObject(ev, f->evidence[i].key, evidence_json(&f->evidence[i]));
    cJSON *ac = cJSON_AddArrayToObject(o, "actions");
    for (size_t i = 0; ac && i < FINDING_MAX_ACTIONS && f->def->actions[i]; i++)
        cJSON_AddItemToArray(ac, cJSON_CreateString(f->def->actions[i]));
    return o;
}

static int emit(cJSON *root, FILE *out)
{
    int rc = root ? json_write_pretty(root, out) : -1;
    cJSON_Delete(root);
    return rc;
}

/* How many of D's contradictions it holds (the count may be larger). */
static size_t contradictions_shown(const struct diagnosis *d)
{
    size_t max = sizeof(d->contradictions) / sizeof(d->contradictions[0]);
    return d->ncontradictions < max ? d->ncontradictions : max;
}

int output_diagnosis_json(const struct diagnosis *d, FILE *out)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return -1;
    cJSON_AddStringToObject(root, "format", "enrolldoc-diagnosis/1");
    cJSON_AddItemToObject(root, "context",
                          d->ctx == CTX_NONE ? cJSON_CreateNull() : cJSON_CreateString(ctx_name(d->ctx)));
    cJSON_AddItemToObject(root, "template", str_or_null(d->tmpl));
    /* who and when, so that a fleet of these documents can be summed up */
    cJSON_AddItemToObject(root, "host", str_or_null(d->f->meta.host.st == F_SET ? d->f->meta.host.v : NULL));
    if (d->f->meta.collected_at.st == F_SET) {
        char t[40];
        time_format_iso(d->f->meta.collected_at.v, t, sizeof(t));
        cJSON_AddStringToObject(root, "collected_at", t);
    } else {
        cJSON_AddNullToObject(root, "collected_at");
    }
    cJSON *fs = cJSON_AddArrayToObject(root, "findings");
    for (size_t i = 0; fs && i < d->nfindings; i++)
        cJSON_AddItemToArray(fs, finding_json(d->findings[i]));
    cJSON *path = cJSON_AddArrayToObject(root, "path");
    for (size_t i = 0; path && i < d->nsteps; i++) {
        const struct diag_step *s = &d->steps[i];
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        cJSON_AddStringToObject(o, "node", s->node->id);
        cJSON_AddItemToObject(o, "check", str_or_null(s->node->check ? s->node->check->id : NULL));
        cJSON_AddStringToObject(o, "status", step_status_name(s->status));
        cJSON_AddItemToObject(o, "finding", str_or_null(s->finding ? s->finding->def->id : NULL));
        if (s->node->kind == NODE_QUESTION)
            cJSON_AddItemToObject(o, "answer", str_or_null(s->answer));
        cJSON_AddItemToArray(path, o);
    }
    if (d->ncandidates > 0) {
        /* only when no template was named and candidates were evaluated */
        cJSON *cs = cJSON_AddArrayToObject(root, "candidates");
        for (size_t i = 0; cs && i < d->ncandidates; i++) {
            cJSON *o = cJSON_CreateObject();
            if (!o)
                break;
            cJSON_AddStringToObject(o, "template", d->candidates[i].tmpl);
            cJSON_AddItemToObject(o, "finding", str_or_null(d->candidates[i].finding));
            cJSON_AddStringToObject(o, "status", d->candidates[i].status);
            cJSON_AddItemToArray(cs, o);
        }
    }
    if (d->ncontradictions > 0) {
        /* only when there are some: a healthy record's document is unchanged */
        cJSON *notes = cJSON_AddArrayToObject(root, "notes");
        for (size_t i = 0; notes && i < contradictions_shown(d); i++) {
            const struct contradiction *c = &d->contradictions[i];
            cJSON *o = cJSON_CreateObject();
            if (!o)
                break;
            cJSON_AddStringToObject(o, "id", "facts.contradiction");
            cJSON_AddStringToObject(o, "kind", c->kind);
            cJSON *paths = cJSON_AddArrayToObject(o, "paths");
            cJSON_AddItemToArray(paths, cJSON_CreateString(c->a));
            cJSON_AddItemToArray(paths, cJSON_CreateString(c->b));
            cJSON_AddItemToArray(notes, o);
        }
    }
    return emit(root, out);
}

/* ---------- text ---------- */

/* Says which recorded facts contradict each other, before any verdict is
 * read: a damaged or hand-edited record must not pass silently. */
static void print_contradictions(const struct diagnosis *d, const struct locale *l, int width, FILE *out)
{
    if (d->ncontradictions == 0)
        return;
    print_wrapped(out, tr(l, "text.contradictions"), 0, 2, width);
    for (size_t i = 0; i < contradictions_shown(d); i++) {
        const struct contradiction *c = &d->contradictions[i];
        char key[96], buf[512];
        const char *names[] = {"a", "b"};
        const char *values[] = {c->a, c->b};
        fill(buf, sizeof(buf), trf(l, key, sizeof(key), "contradiction.%s", c->kind), names, values, 2);
        fputs("  ! ", out);
        print_wrapped(out, buf, 0, 4, width - 4);
    }
    fputc('\n', out);
}

/* Columns of escaped UTF-8 text S (N bytes): 1 per code point (combining
 * marks and East Asian wide characters are rare in our texts). */
static int columns(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

void print_wrapped(FILE *out, const char *text, int first_indent, int indent, int width)
{
    int col = 0;
    bool line_start = true;
    const char *p = text;
    int cur_indent = first_indent;
    while (*p) {
        if (*p == '\n') {
            fputc('\n', out);
            p++;
            col = 0;
            line_start = true;
            cur_indent = indent;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        if (*p == OUTPUT_COMMAND_MARK && line_start) {
            /* a command line: whole, on a line of its own */
            size_t n = strcspn(p + 1, "\n");
            char *cmd = malloc(n + 1);
            if (cmd) {
                memcpy(cmd, p + 1, n);
                cmd[n] = '\0';
                print_command(out, cmd, cur_indent);
                free(cmd);
            }
            p += 1 + n;
            if (*p == '\n')
                p++;
            col = 0;
            cur_indent = indent;
            continue;
        }
        /* the next word: up to a blank or newline, with whatever a terminal
         * would obey made visible */
        size_t wlen = strcspn(p, " \n");
        char small[256], *word = small;
        size_t need = term_escape(small, sizeof(small), p, wlen, 0);
        if (need >= sizeof(small)) {
            char *big = malloc(need + 1);
            if (big) {
                term_escape(big, need + 1, p, wlen, 0);
                word = big;
            } else {
                need = strlen(small);
            }
        }
        int wcols = columns(word, need);
        if (line_start) {
            fprintf(out, "%*s", cur_indent, "");
            col = cur_indent;
        } else if (col + 1 + wcols > width) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
            cur_indent = indent;
        } else {
            fputc(' ', out);
            col++;
        }
        fwrite(word, 1, need, out);
        if (word != small)
            free(word);
        col += wcols;
        line_start = false;
        p += wlen;
    }
    if (!line_start)
        fputc('\n', out);
}

void print_command(FILE *out, const char *cmd, int indent)
{
    fprintf(out, "%*s", indent, "");
    term_fputs(cmd, 0, out);
    fputc('\n', out);
}

int output_text_width(int columns)
{
    if (columns <= 0)
        return OUTPUT_WIDTH_DEFAULT;
    if (columns < OUTPUT_WIDTH_MIN)
        return OUTPUT_WIDTH_MIN;
    return columns > OUTPUT_WIDTH_MAX ? OUTPUT_WIDTH_MAX : columns;
}

static const char *evidence_label(const struct locale *l, const char *key, char *buf, size_t n)
{
    return trf(l, buf, n, "evidence.%s", key);
}

/* The reason there is no command line for action AD in a text (a catalog
 * key), given the template name TMPL (NULL: none known). */
static const char *no_command_key(const struct action_def *ad, const char *tmpl)
{
    if (!ad->needs_template)
        return NULL;
    return tmpl && !action_template_name_ok(tmpl) ? "action.template-refused" : "text.needs-template";
}

static void print_finding(const struct finding *f, const char *tmpl, const struct locale *l, int width,
                          FILE *out)
{
    char key[160], line[1024];
    const char *sev = trf(l, key, sizeof(key), "severity.%s", severity_name(f->def->sev));
    char title_key[160];
    const char *title = trf(l, title_key, sizeof(title_key), "finding.%s.title", f->def->id);
    snprintf(line, sizeof(line), "%s: %s", sev, title);
    print_wrapped(out, line, 2, 4, width);
    if (f->ctx != CTX_NONE) {
        char ck[64];
        fprintf(out, "    [%s · %s]\n", f->def->id, trf(l, ck, sizeof(ck), "context.%s", ctx_name(f->ctx)));
    } else {
        fprintf(out, "    [%s]\n", f->def->id);
    }
    if (f->nevidence) {
        print_wrapped(out, tr(l, "text.evidence"), 4, 6, width);
        for (size_t i = 0; i < f->nevidence; i++) {
            char v[768], vb[256];
            snprintf(line, sizeof(line), "%s: %s", evidence_label(l, f->evidence[i].key, key, sizeof(key)),
                     term_safe(v, sizeof(v), output_evidence(&f->evidence[i], l, vb, sizeof(vb))));
            print_wrapped(out, line, 6, 8, width);
        }
    }
    print_wrapped(out, tr(l, "text.meaning"), 4, 6, width);
    print_wrapped(out, trf(l, key, sizeof(key), "finding.%s.meaning", f->def->id), 6, 6, width);
    print_wrapped(out, tr(l, "text.todo"), 4, 6, width);
    print_wrapped(out, trf(l, key, sizeof(key), "finding.%s.todo", f->def->id), 6, 6, width);
    if (f->def->actions[0]) {
        print_wrapped(out, tr(l, "text.actions"), 4, 6, width);
        for (size_t i = 0; i < FINDING_MAX_ACTIONS && f->def->actions[i]; i++) {
            const struct action_def *ad = action_find(f->def->actions[i]);
            struct action_cmd cmd;
            char cl[512] = "";
            bool cmd_ok = false;
            if (ad && action_command(ad, f->ctx, tmpl, NULL, &cmd) == 0) {
                action_cmdline(&cmd, cl, sizeof(cl));
                cmd_ok = cl[0] != '\0';
            } else if (ad && no_command_key(ad, tmpl)) {
                snprintf(cl, sizeof(cl), "%s", tr(l, no_command_key(ad, tmpl)));
            }
            char ak[160];
            const char *atitle = trf(l, ak, sizeof(ak), "action.%s.title", f->def->actions[i]);
            if (cmd_ok) {
                /* the command on a line of its own, whole, to be pasted */
                snprintf(line, sizeof(line), "%s:", atitle);
                print_wrapped(out, line, 6, 8, width);
                print_command(out, cl, 8);
            } else {
                snprintf(line, sizeof(line), "%s%s%s", atitle, cl[0] ? ": " : "", cl);
                print_wrapped(out, line, 6, 8, width);
            }
        }
    }
    print_wrapped(out, tr(l, "text.source"), 4, 6, width);
    print_wrapped(out, trf(l, key, sizeof(key), "finding.%s.source", f->def->id), 6, 6, width);
    fputc('\n', out);
}

void output_candidates_text(const struct diagnosis *d, const struct locale *l, int width, FILE *out)
{
    if (d->ncandidates == 0)
        return;
    fputc('\n', out);
    print_wrapped(out, tr(l, "diagnose.candidates.title"), 0, 2, width);
    for (size_t i = 0; i < d->ncandidates; i++) {
        const struct diag_candidate *c = &d->candidates[i];
        char sk[64], fk[160], ts[256], buf[1024];
        const char *st = trf(l, sk, sizeof(sk), "status.%s", c->status);
        if (c->finding)
            snprintf(buf, sizeof(buf), "[%s] %s: %s %s (%s)", st, term_safe(ts, sizeof(ts), c->tmpl),
                     tr(l, "diagnose.candidates.deciding"), trf(l, fk, sizeof(fk), "finding.%s.title", c->finding),
                     c->finding);
        else
            snprintf(buf, sizeof(buf), "[%s] %s: %s", st, term_safe(ts, sizeof(ts), c->tmpl),
                     tr(l, "diagnose.candidates.none"));
        print_wrapped(out, buf, 2, 6, width);
    }
}

int output_diagnosis_text(const struct diagnosis *d, const struct locale *l, int width, FILE *out)
{
    char key[160], buf[1024];
    const char *host = d->f->meta.host.st == F_SET ? d->f->meta.host.v : "?";
    char ck[64];
    const char *ctx = trf(l, ck, sizeof(ck), "context.%s", ctx_name(d->ctx));
    const char *names[] = {"host", "context", "template"};
    char hs[256], ts[512];
    const char *values[] = {term_safe(hs, sizeof(hs), host), ctx,
                            d->tmpl ? term_safe(ts, sizeof(ts), d->tmpl) : tr(l, "text.any-template")};
    fill(buf, sizeof(buf), tr(l, "text.header"), names, values, 3);
    print_wrapped(out, buf, 0, 2, width);
    const char *scenario = bundle_meta_text(&d->f->meta.title, &d->f->meta.title_de, l->lang);
    if (scenario) {
        char title[1024]; /* escaped first: a line break or tab of the data stays visible */
        print_wrapped(out, term_safe(title, sizeof(title), scenario), 0, 2, width);
    }
    if (d->f->meta.collected_at.st == F_SET) {
        char t[40];
        time_format_iso(d->f->meta.collected_at.v, t, sizeof(t));
        const char *n1[] = {"time"};
        const char *v1[] = {t};
        fill(buf, sizeof(buf), tr(l, "text.collected"), n1, v1, 1);
        print_wrapped(out, buf, 0, 2, width);
    }
    fputc('\n', out);
    print_contradictions(d, l, width, out);

    size_t counts[3] = {0, 0, 0};
    for (size_t i = 0; i < d->nfindings; i++)
        counts[d->findings[i]->def->sev]++;
    char ne[96], nw[96], ni[96];
    const char *n2[] = {"errors", "warnings", "infos"};
    const char *v2[] = {tr_count(l, ne, sizeof(ne), "text.count.error", counts[SEV_ERROR]),
                        tr_count(l, nw, sizeof(nw), "text.count.warning", counts[SEV_WARNING]),
                        tr_count(l, ni, sizeof(ni), "text.count.info", counts[SEV_INFO])};
    fill(buf, sizeof(buf), tr(l, d->nfindings ? "text.findings" : "text.no-findings"), n2, v2, 3);
    print_wrapped(out, buf, 0, 2, width);
    fputc('\n', out);
    for (size_t i = 0; i < d->nfindings; i++)
        print_finding(d->findings[i], d->tmpl, l, width, out);

    print_wrapped(out, tr(l, "text.path"), 0, 2, width);
    for (size_t i = 0; i < d->nsteps; i++) {
        const struct diag_step *s = &d->steps[i];
        char sk[64], tk[160];
        const char *st = trf(l, sk, sizeof(sk), "status.%s", step_status_name(s->status));
        const char *title = trf(l, tk, sizeof(tk), "node.%s.title", s->node->id);
        if (s->node->kind == NODE_QUESTION && s->answer) {
            char ak[160];
            snprintf(buf, sizeof(buf), "%s → %s", title,
                     trf(l, ak, sizeof(ak), "question.%s.%s", s->node->question, s->answer));
        } else if (s->finding) {
            char fk[160];
            snprintf(buf, sizeof(buf), "%s → %s", title,
                     trf(l, fk, sizeof(fk), "finding.%s.title", s->finding->def->id));
        } else {
            snprintf(buf, sizeof(buf), "%s", title);
        }
        char lead[96];
        if (s->status == STEP_SKIPPED)
            snprintf(lead, sizeof(lead), "  %-3s ", s->node->branch);
        else
            snprintf(lead, sizeof(lead), "  %-3s [%s] ", s->node->branch, st);
        fputs(lead, out);
        print_wrapped(out, buf, 0, 8, width - (int)strlen(lead));
    }
    if (d->ends_at_question) {
        fputc('\n', out);
        print_wrapped(out, tr(l, "text.ends-at-question"), 0, 0, width);
    }
    if (d->nsteps > 0) {
        const struct diag_step *last = &d->steps[d->nsteps - 1];
        if (last->node->kind == NODE_CONCLUSION) {
            fputc('\n', out);
            print_wrapped(out, trf(l, key, sizeof(key), "node.%s.body", last->node->id), 0, 0, width);
        }
    }
    return ferror(out) ? -1 : 0;
}

/* ---------- explain ---------- */

int output_explain_json(uint32_t code, const struct locale *l, FILE *out)
{
    const struct code_info *ci = code_lookup(code);
    char hex[16], key[160];
    code_format(code, hex, sizeof(hex));
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return -1;
    cJSON_AddStringToObject(root, "code", hex);
    cJSON_AddNumberToObject(root, "decimal", (double)(int32_t)code);
    cJSON_AddItemToObject(root, "symbol", str_or_null(ci ? ci->symbol : NULL));
    const char *msg = NULL;
    if (ci) {
        snprintf(key, sizeof(key), "code.%s", ci->symbol);
        if (catalog_get(l->cat[l->lang], key) || catalog_get(l->cat[LANG_EN], key))
            msg = tr(l, key);
    }
    cJSON_AddItemToObject(root, "message", str_or_null(msg));
    cJSON *fs = cJSON_AddArrayToObject(root, "findings");
    for (size_t i = 0; fs && ci && ci->findings && ci->findings[i]; i++)
        cJSON_AddItemToArray(fs, cJSON_CreateString(ci->findings[i]));
    return emit(root, out);
}

int output_explain_text(uint32_t code, const struct locale *l, int width, FILE *out)
{
    const struct code_info *ci = code_lookup(code);
    char hex[16], key[160], buf[512];
    code_format(code, hex, sizeof(hex));
    fprintf(out, "%s (%ld)%s%s\n", hex, (long)(int32_t)code, ci ? "  " : "", ci ? ci->symbol : "");
    if (ci) {
        snprintf(key, sizeof(key), "code.%s", ci->symbol);
        if (catalog_get(l->cat[l->lang], key))
            print_wrapped(out, tr(l, key), 2, 2, width);
    } else {
        print_wrapped(out, tr(l, "text.code-unknown"), 2, 2, width);
    }
    /* A Win32 code wrapped in an HRESULT: say which. */
    if ((code & 0xFFFF0000u) == 0x80070000u) {
        char dec[16];
        snprintf(dec, sizeof(dec), "%u", code & 0xFFFFu);
        const char *n[] = {"win32"};
        const char *v[] = {dec};
        fill(buf, sizeof(buf), tr(l, "text.code-win32"), n, v, 1);
        print_wrapped(out, buf, 2, 2, width);
    }
    if (ci && ci->findings && ci->findings[0]) {
        print_wrapped(out, tr(l, "text.code-findings"), 0, 2, width);
        for (size_t i = 0; ci->findings[i]; i++) {
            char fk[160];
            snprintf(buf, sizeof(buf), "%s  (%s)", trf(l, fk, sizeof(fk), "finding.%s.title", ci->findings[i]),
                     ci->findings[i]);
            print_wrapped(out, buf, 2, 4, width);
        }
    }
    return ferror(out) ? -1 : 0;
}
