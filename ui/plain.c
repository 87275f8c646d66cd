/* plain.c: the plain line mode: the session of src/session.h as plain text,
 * for remote shells without a console (PowerShell remoting, ssh without a
 * terminal), TERM=dumb and pipes. Each step is printed whole: where the walk
 * is, what is checked and why, the result with its evidence, the
 * explanation, and the numbered choices with the actions' full command
 * lines; one line read decides the move. The engine does the work (probes,
 * actions, transcript); this file prints and passes the moves on. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "exitcode.h"
#include "output.h"
#include "plain.h"
#include "platform/platform.h"
#include "report_save.h"
#include "session.h"
#include "term.h"
#include "ui.h"

/* ---- what the line mode's files share ---- */

const char *plain_tr(const struct plain *p, const char *key)
{
    return tr(p->l, key);
}

const char *plain_trf(struct plain *p, const char *fmt, ...)
{
    /* the key is kept in P's ring: a text missing from the catalogs is
     * shown as its key, which must outlive this call */
    char *key = p->keys[p->nkeys++ % PLAIN_KEYS];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(key, sizeof(p->keys[0]), fmt, ap);
    va_end(ap);
    return tr(p->l, key);
}

void plain_text(struct plain *p, const char *text, int first, int indent)
{
    print_wrapped(p->out, text, first, indent, p->width);
}

void plain_say(struct plain *p, const char *key, const char *arg)
{
    char safe[1024], buf[4096];
    const char *names[] = {"arg"};
    const char *values[] = {term_safe(safe, sizeof(safe), arg)};
    plain_text(p, fill(buf, sizeof(buf), tr(p->l, key), names, values, arg ? 1 : 0), 0, 2);
}

void plain_error(const struct locale *l, const struct err *e)
{
    char buf[2048];
    fputs("enrolldoc: ", stderr);
    term_fputs(err_render(l, e, buf, sizeof(buf)), 0, stderr);
    fputc('\n', stderr);
}

void plain_blank(struct plain *p)
{
    fputc('\n', p->out);
}

bool plain_ask(struct plain *p, const char *key, const char *n)
{
    char buf[512];
    const char *names[] = {"n"};
    const char *values[] = {n};
    term_fputs(fill(buf, sizeof(buf), tr(p->l, key), names, values, n ? 1 : 0), 0, p->out);
    fflush(p->out);
    p->line[0] = '\0';
    if (p->eof || !fgets(p->line, sizeof(p->line), p->in)) {
        p->eof = true;
        p->line[0] = '\0';
        fputc('\n', p->out);
        return false;
    }
    size_t len = strlen(p->line);
    if (len == 0 || p->line[len - 1] != '\n') {
        /* longer than any answer: the rest of the line is dropped */
        int c;
        while ((c = fgetc(p->in)) != EOF && c != '\n')
            ;
    }
    while (len > 0 && isspace((unsigned char)p->line[len - 1]))
        p->line[--len] = '\0';
    size_t lead = strspn(p->line, " \t");
    memmove(p->line, p->line + lead, len - lead + 1);
    /* from a pipe nothing is echoed: show the answer, so that the output
     * reads as the dialogue it was */
    if (!platform_input_is_terminal()) {
        term_fputs(p->line, 0, p->out);
        fputc('\n', p->out);
    }
    return true;
}

bool plain_yes(const struct plain *p)
{
    static const char *const yes[] = {"y", "yes", "j", "ja"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        size_t n = strlen(yes[i]);
        if (strlen(p->line) != n)
            continue;
        size_t k = 0;
        while (k < n && tolower((unsigned char)p->line[k]) == yes[i][k])
            k++;
        if (k == n)
            return true;
    }
    return false;
}

bool plain_is(const struct plain *p, char k)
{
    return p->line[0] == k && p->line[1] == '\0';
}

size_t plain_number(const struct plain *p, size_t max)
{
    size_t v = 0;
    if (!p->line[0] || strlen(p->line) > 4)
        return 0;
    for (const char *c = p->line; *c; c++) {
        if (*c < '0' || *c > '9')
            return 0;
        v = v * 10 + (size_t)(*c - '0');
    }
    return v >= 1 && v <= max ? v : 0;
}

void plain_help(struct plain *p, const char *key)
{
    plain_blank(p);
    plain_text(p, tr(p->l, key), 0, 2);
    plain_blank(p);
}

void plain_switch_lang(struct plain *p)
{
    p->l->lang = p->l->lang == LANG_DE ? LANG_EN : LANG_DE;
}

/* ---- the walk ---- */

struct walk {
    struct plain p;
    struct session s;
    const char *source;              /* for the report: the bundle, "demo", or NULL (this client) */
    struct report_save_state saved;
    char work[700];                  /* the phase of long work printed last */
    int64_t work_started;
};

enum entry_kind { ENTRY_CONTINUE, ENTRY_CHOICE, ENTRY_ACTION, ENTRY_FINISH, ENTRY_TEMPLATE,
                  ENTRY_TEMPLATE_OTHER };

/* One numbered choice of a step. */
struct entry {
    enum entry_kind kind;
    const char *choice;              /* ENTRY_CHOICE: the question's choice id; ENTRY_TEMPLATE: the name */
    unsigned why;                    /* ENTRY_TEMPLATE: why it is a candidate */
    struct session_offer offer;      /* ENTRY_ACTION */
};

#define ENTRIES_MAX 24

/* The choices of the current step into OUT; *DEF the one Enter takes. */
static size_t entries(const struct walk *w, struct entry *out, size_t *def)
{
    const struct node *n = session_node(&w->s, session_current(&w->s));
    size_t k = 0;
    *def = 0;
    if (session_asks_template(&w->s)) {
        const struct candidate *c;
        size_t nc = session_template_candidates(&w->s, &c);
        for (size_t i = 0; i < nc && k + 1 < ENTRIES_MAX; i++)
            out[k++] = (struct entry){.kind = ENTRY_TEMPLATE, .choice = c[i].name, .why = c[i].why};
        out[k++] = (struct entry){.kind = ENTRY_TEMPLATE_OTHER};
        return k;
    }
    if (n->kind == NODE_QUESTION) {
        const char *d = session_default_choice(&w->s, n);
        for (size_t c = 0; c < n->nchoices && k < ENTRIES_MAX; c++) {
            if (d && strcmp(d, n->choices[c].id) == 0)
                *def = k;
            out[k++] = (struct entry){.kind = ENTRY_CHOICE, .choice = n->choices[c].id};
        }
        return k;
    }
    out[k++] = (struct entry){.kind = n->kind == NODE_CONCLUSION ? ENTRY_FINISH : ENTRY_CONTINUE};
    struct session_offer o[16];
    size_t no = session_offers(&w->s, o, 16);
    for (size_t i = 0; i < no && k < ENTRIES_MAX; i++)
        out[k++] = (struct entry){.kind = ENTRY_ACTION, .offer = o[i]};
    return k;
}

/* What the engine said about the last move. */
static void engine_said(struct walk *w)
{
    if (!w->s.msg.key[0])
        return;
    char buf[2048];
    plain_text(&w->p, err_render(w->p.l, &w->s.msg, buf, sizeof(buf)), 0, 2);
    err_clear(&w->s.msg);
}

void plain_body(struct plain *p, const struct node *n, bool live, int indent)
{
    char buf[8192];
    const char *names[] = {"safety"};
    const char *values[] = {plain_tr(p, live ? "ui.safety.live" : "ui.safety.recorded")};
    plain_text(p, fill(buf, sizeof(buf), plain_trf(p, "node.%s.body", n->id), names, values, 1), indent,
               indent);
}

void plain_finding(struct plain *p, const struct finding *fd)
{
    char line[2048], v[1024];
    snprintf(line, sizeof(line), "%s: %s", plain_trf(p, "severity.%s", severity_name(fd->def->sev)),
             plain_trf(p, "finding.%s.title", fd->def->id));
    plain_text(p, line, 2, 4);
    if (fd->ctx != CTX_NONE)
        snprintf(line, sizeof(line), "[%s · %s]", fd->def->id, plain_trf(p, "context.%s", ctx_name(fd->ctx)));
    else
        snprintf(line, sizeof(line), "[%s]", fd->def->id);
    plain_text(p, line, 4, 4);
    for (size_t i = 0; i < fd->nevidence; i++) {
        char vb[256];
        snprintf(line, sizeof(line), "%s: %s", plain_trf(p, "evidence.%s", fd->evidence[i].key),
                 term_safe(v, sizeof(v), output_evidence(&fd->evidence[i], p->l, vb, sizeof(vb))));
        plain_text(p, line, 4, 6);
    }
    plain_text(p, plain_tr(p, "text.meaning"), 4, 4);
    plain_text(p, plain_trf(p, "finding.%s.meaning", fd->def->id), 6, 6);
    plain_text(p, plain_tr(p, "text.todo"), 4, 4);
    plain_text(p, plain_trf(p, "finding.%s.todo", fd->def->id), 6, 6);
    plain_text(p, plain_tr(p, "text.source"), 4, 4);
    plain_text(p, plain_trf(p, "finding.%s.source", fd->def->id), 6, 6);
    plain_blank(p);
}

void plain_result(struct plain *p, const struct node *n, const struct session_step *st)
{
    const struct check_result *r = st->result;
    char line[1024];
    snprintf(line, sizeof(line), "%s %s", plain_tr(p, "ui.step.result"),
             plain_trf(p, "status.%s", step_status_name(st->status)));
    plain_text(p, line, 0, 2);
    if (st->status == STEP_UNKNOWN) {
        plain_text(p, plain_trf(p, "check.%s.unknown", n->check->id), 2, 2);
        if (r && r->nmissing) {
            size_t used = (size_t)snprintf(line, sizeof(line), "%s", plain_tr(p, "ui.step.missing"));
            for (size_t i = 0; i < r->nmissing && used < sizeof(line); i++)
                used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s", i ? ", " : " ",
                                         r->missing[i]);
            plain_text(p, line, 2, 4);
        }
        plain_blank(p);
    } else if (!r || r->nfindings == 0) {
        plain_text(p, plain_trf(p, "check.%s.ok", n->check->id), 2, 2);
        plain_blank(p);
    } else {
        for (size_t i = 0; i < r->nfindings; i++)
            plain_finding(p, &r->findings[i]);
    }
}

static void print_check(struct walk *w, const struct node *n, const struct session_step *st)
{
    struct plain *p = &w->p;
    plain_text(p, plain_tr(p, "ui.step.why"), 0, 0);
    plain_text(p, plain_trf(p, "check.%s.why", n->check->id), 2, 2);
    plain_blank(p);
    plain_result(p, n, st);
    plain_text(p, plain_tr(p, "ui.step.by-hand"), 0, 0);
    plain_body(p, n, w->s.live, 2);
}

/* A candidate template as a choice: its name and why it is one. */
static const char *template_label(struct plain *p, const struct entry *e, char *buf, size_t size)
{
    char safe[256];
    size_t used = (size_t)snprintf(buf, size, "%s", term_safe(safe, sizeof(safe), e->choice));
    for (unsigned bit = CAND_AUTOENROLL; bit && used < size; bit >>= 1) {
        if (!(e->why & bit))
            continue;
        bool first = used == strlen(safe);
        used += (size_t)snprintf(buf + used, size - used, "%s%s", first ? " (" : ", ",
                                 plain_trf(p, "ui.template.why.%s", candidates_why_name(bit)));
    }
    if (e->why && used < size)
        snprintf(buf + used, size - used, ")");
    return buf;
}

/* The numbered choices, the default marked, each action with its command. */
static void print_entries(struct walk *w, const struct node *n)
{
    struct plain *p = &w->p;
    struct entry e[ENTRIES_MAX];
    size_t def;
    size_t ne = entries(w, e, &def);
    char line[1024], tl[700];
    plain_text(p, plain_tr(p, "plain.choices"), 0, 0);
    for (size_t i = 0; i < ne; i++) {
        const char *label = "";
        switch (e[i].kind) {
        case ENTRY_TEMPLATE: label = template_label(p, &e[i], tl, sizeof(tl)); break;
        case ENTRY_TEMPLATE_OTHER: label = plain_tr(p, "ui.template.other"); break;
        case ENTRY_CONTINUE: label = plain_tr(p, "ui.menu.continue"); break;
        case ENTRY_FINISH: label = plain_tr(p, "plain.menu.finish"); break;
        case ENTRY_CHOICE: label = plain_trf(p, "question.%s.%s", n->question, e[i].choice); break;
        case ENTRY_ACTION: break;
        }
        if (e[i].kind == ENTRY_ACTION) {
            char title[512];
            snprintf(title, sizeof(title), "%s: %s", plain_tr(p, "ui.menu.action"),
                     plain_trf(p, "action.%s.title", e[i].offer.id));
            snprintf(line, sizeof(line), "%zu) %s", i + 1, title);
        } else {
            snprintf(line, sizeof(line), "%zu) %s%s%s", i + 1, label, i == def ? " " : "",
                     i == def ? plain_tr(p, "plain.default") : "");
        }
        plain_text(p, line, 2, 5);
        if (e[i].kind != ENTRY_ACTION)
            continue;
        if (e[i].offer.cmdline[0])
            print_command(p->out, e[i].offer.cmdline, 5);
        else if (e[i].offer.def->kind == ACTION_COMMAND)
            plain_text(p, plain_tr(p, e[i].offer.why_not ? e[i].offer.why_not : "ui.action.no-command"), 5, 5);
        else
            plain_text(p, plain_tr(p, "ui.action.internal"), 5, 5);
    }
}

static void print_step(struct walk *w)
{
    struct plain *p = &w->p;
    const struct session_step *st = session_current(&w->s);
    const struct node *n = session_node(&w->s, st);
    char line[1024];
    plain_blank(p);
    snprintf(line, sizeof(line), "%s · %s %zu", plain_trf(p, "branch.%s", n->branch),
             plain_tr(p, "ui.step.n"), w->s.nsteps);
    plain_text(p, line, 0, 2);
    plain_text(p, plain_trf(p, "node.%s.title", n->id), 0, 2);
    plain_blank(p);
    /* machine context without elevation: say what cannot be seen */
    const struct logon_session *ss = &w->s.f->session;
    if (w->s.live && w->s.ctx == CTX_MACHINE && n->kind == NODE_CHECK && ss->st == F_SET &&
        ss->elevated.st == F_SET && !ss->elevated.v && !(ss->system.st == F_SET && ss->system.v)) {
        plain_text(p, plain_tr(p, "ui.live.machine-not-elevated"), 0, 2);
        plain_blank(p);
    }
    switch (n->kind) {
    case NODE_INFO:
        plain_body(p, n, w->s.live, 0);
        break;
    case NODE_QUESTION:
        plain_text(p, plain_trf(p, "question.%s.text", n->question), 0, 0);
        plain_blank(p);
        plain_body(p, n, w->s.live, 0);
        break;
    case NODE_CHECK:
        if (session_asks_template(&w->s)) {
            const struct candidate *c;
            plain_text(p, plain_tr(p, "ui.template.question"), 0, 0);
            plain_blank(p);
            plain_text(p, plain_tr(p, "ui.template.body"), 0, 0);
            if (session_template_candidates(&w->s, &c) == 0)
                plain_text(p, plain_tr(p, "ui.template.none"), 0, 0);
            break;
        }
        print_check(w, n, st);
        break;
    case NODE_CONCLUSION:
        plain_body(p, n, w->s.live, 0);
        plain_blank(p);
        plain_text(p, plain_tr(p, "ui.step.conclusion-next"), 0, 0);
        break;
    }
    plain_blank(p);
    print_entries(w, n);
}

/* Action ID shown in full; on this client it runs only after an explicit
 * yes, on recorded facts it is recorded as not run. */
static void confirm_action(struct walk *w, const char *id)
{
    struct plain *p = &w->p;
    struct session_offer o;
    if (session_offer(&w->s, id, &o) != 0)
        return;
    char line[1024];
    plain_blank(p);
    snprintf(line, sizeof(line), "%s: %s", plain_tr(p, "ui.menu.action"), plain_trf(p, "action.%s.title", o.id));
    plain_text(p, line, 0, 2);
    plain_blank(p);
    if (o.def->kind == ACTION_COMMAND) {
        plain_text(p, plain_tr(p, "ui.action.command"), 0, 0);
        if (o.cmdline[0])
            print_command(p->out, o.cmdline, 4);
        else
            plain_text(p, plain_tr(p, o.why_not ? o.why_not : "ui.action.no-command"), 4, 4);
        if (w->s.ctx == CTX_NONE)
            plain_text(p, plain_tr(p, "ui.action.context-unknown"), 4, 4);
    } else {
        plain_text(p, plain_tr(p, "ui.action.internal"), 0, 0);
    }
    plain_text(p, plain_tr(p, "ui.action.effect"), 0, 0);
    plain_text(p, plain_trf(p, "action.%s.effect", o.id), 2, 2);
    plain_text(p, plain_tr(p, "ui.action.undo"), 0, 0);
    plain_text(p, plain_trf(p, "action.%s.undo", o.id), 2, 2);
    plain_blank(p);
    bool confirmed = false;
    if (!w->s.live) {
        plain_text(p, plain_tr(p, "ui.action.bundle"), 0, 0);
    } else if (!o.can_run) {
        plain_text(p, plain_tr(p, o.why_not ? o.why_not : "ui.action.no-command"), 0, 0);
    } else {
        if (o.why_not && o.cmdline[0])
            plain_text(p, plain_tr(p, o.why_not), 0, 0);
        confirmed = plain_ask(p, "plain.run-ask", NULL) && plain_yes(p);
    }
    if (session_run_action(&w->s, id, confirmed) != 0)
        plain_say(p, "error.memory", NULL);
    engine_said(w);
}

/* Quitting after actions ran on this client asks once (as the wizard
 * does); a raised log level may be restored first. Returns true to quit. */
static bool quit_confirmed(struct walk *w)
{
    struct plain *p = &w->p;
    while (!p->eof && (session_actions_ran(&w->s) || session_undo_pending(&w->s))) {
        plain_blank(p);
        plain_text(p, plain_tr(p, "ui.quit.title"), 0, 0);
        if (session_actions_ran(&w->s)) {
            plain_text(p, plain_tr(p, "ui.quit.actions-ran"), 0, 0);
            for (size_t i = 0; i < w->s.nactions; i++) {
                const struct session_action *ac = &w->s.actions[i];
                char line[700], safe[600];
                if (ac->outcome != ACTION_RAN)
                    continue;
                snprintf(line, sizeof(line), "%s  (exit %d)",
                         term_safe(safe, sizeof(safe), ac->cmdline[0] ? ac->cmdline : ac->id), ac->exit_code);
                print_command(p->out, line, 2);
            }
        }
        bool undo = session_undo_pending(&w->s);
        if (undo) {
            plain_text(p, plain_tr(p, "ui.quit.loglevel"), 0, 0);
            plain_text(p, plain_tr(p, "plain.quit.restore"), 0, 0);
        }
        if (!plain_ask(p, "plain.quit.ask", NULL) || plain_yes(p))
            return true;
        if (!undo || !plain_is(p, 'u'))
            return false;
        confirm_action(w, "loglevel.restore");
    }
    return true;
}

/* Takes entry E. Returns true when the walk ends (the summary was asked
 * for, or the input ended). */
static bool take(struct walk *w, const struct entry *e)
{
    switch (e->kind) {
    case ENTRY_FINISH:
        return true;
    case ENTRY_CONTINUE:
    case ENTRY_CHOICE:
        if (session_advance(&w->s, e->kind == ENTRY_CHOICE ? e->choice : NULL) < 0)
            plain_say(&w->p, "error.memory", NULL);
        engine_said(w);
        return false;
    case ENTRY_ACTION:
        confirm_action(w, e->offer.id);
        return w->p.eof;
    case ENTRY_TEMPLATE:
        if (session_set_template(&w->s, e->choice) < 0)
            plain_say(&w->p, "error.memory", NULL);
        return false;
    case ENTRY_TEMPLATE_OTHER:
        /* an empty name leaves the question as it was */
        if (plain_ask(&w->p, "plain.template.ask", NULL) && session_set_template(&w->s, w->p.line) < 0)
            plain_say(&w->p, "error.memory", NULL);
        return w->p.eof;
    }
    return false;
}

/* One line that is no choice: a key. Returns true when the walk ends;
 * *SHOW says whether the step is to be printed again. */
static bool key(struct walk *w, bool *show)
{
    struct plain *p = &w->p;
    struct err e;
    int rc;
    *show = false;
    switch (p->line[1] ? '\0' : p->line[0]) {
    case 'b':
        if (session_back(&w->s) != 0)
            plain_say(p, "ui.msg.at-start", NULL);
        else
            *show = true;
        return false;
    case 'r':
        rc = session_rerun(&w->s);
        plain_say(p, rc == 0 ? "ui.msg.rerun" : rc > 0 ? "ui.msg.no-rerun" : "error.memory", NULL);
        engine_said(w);
        *show = rc == 0;
        return false;
    case 's':
        rc = report_save_walk(&w->s, p->l, w->source, &w->saved, &e);
        if (rc < 0) {
            char buf[2048];
            plain_text(p, err_render(p->l, &e, buf, sizeof(buf)), 0, 2);
        } else {
            plain_say(p, rc == 0 ? "ui.msg.saved" : "ui.msg.already-saved", w->saved.path);
        }
        return false;
    case 'L':
        plain_switch_lang(p);
        session_set_lang(&w->s, p->l->lang);
        *show = true;
        return false;
    case 'q':
        if (quit_confirmed(w))
            return true;
        *show = true;
        return false;
    case '?':
        plain_help(p, "plain.help");
        return false;
    default:
        plain_say(p, "plain.unknown", p->line);
        return false;
    }
}

static bool progress(void *ud, const struct session_work *wk)
{
    struct walk *w = ud;
    char line[700], safe[600];
    snprintf(line, sizeof(line), "%s %s …", plain_tr(&w->p, wk->what),
             wk->text ? term_safe(safe, sizeof(safe), wk->text) : wk->arg ? plain_tr(&w->p, wk->arg) : "");
    /* one line per phase, never redrawn */
    if (wk->started_ms == w->work_started && strcmp(line, w->work) == 0)
        return true;
    w->work_started = wk->started_ms;
    snprintf(w->work, sizeof(w->work), "%s", line);
    plain_text(&w->p, line, 0, 2);
    fflush(w->p.out);
    return true;
}

/* The summary as diagnose prints it; returns diagnose's exit status. */
static int finish(struct walk *w)
{
    struct diagnosis *d = NULL;
    struct err e;
    if (session_diagnose(&w->s, &d, &e) != 0) {
        plain_error(w->p.l, &e);
        return EXIT_INPUT;
    }
    plain_blank(&w->p);
    int rc = output_diagnosis_text(d, w->p.l, w->p.width, w->p.out);
    int status = diagnosis_has_error(d) ? EXIT_FINDINGS : EXIT_OK;
    diagnosis_free(d);
    if (rc != 0 || fflush(w->p.out) != 0) {
        err_set(&e, "error.write");
        plain_error(w->p.l, &e);
        status = EXIT_INPUT;
    }
    return status;
}

static int walk_run(struct walk *w)
{
    bool show = true;
    for (;;) {
        if (show)
            print_step(w);
        show = false;
        struct entry e[ENTRIES_MAX];
        size_t def;
        size_t n = entries(w, e, &def);
        char num[16];
        snprintf(num, sizeof(num), "%zu", def + 1);
        plain_blank(&w->p);
        if (!plain_ask(&w->p, "plain.prompt", num))
            break; /* the end of the input quits, without asking */
        size_t k = w->p.line[0] ? plain_number(&w->p, n) : def + 1;
        if (k > 0) {
            if (take(w, &e[k - 1]))
                break;
            show = true;
        } else if (key(w, &show)) {
            break;
        }
    }
    return finish(w);
}

int ui_plain(struct wizard_start *ws)
{
    struct walk *w = calloc(1, sizeof(*w));
    if (!w) {
        fprintf(stderr, "enrolldoc: %s\n", tr(ws->l, "error.memory"));
        return EXIT_INPUT;
    }
    w->p = (struct plain){.l = ws->l, .t = ws->t, .in = stdin, .out = stdout,
                          .width = output_text_width(platform_terminal_columns())};
    int status;
    if (ws->train) {
        status = plain_train(&w->p, ws);
        free(w);
        return status;
    }
    struct err e;
    bool live = ws->f == NULL;
    if (live && !platform_can_probe()) {
        err_set(&e, "error.plain.no-source");
        plain_error(ws->l, &e);
        free(w);
        return EXIT_INPUT;
    }
    plain_text(&w->p, plain_tr(&w->p, "plain.intro"), 0, 0);
    fflush(w->p.out);
    char dir[4096];
    bool have_dir = platform_state_dir(dir, sizeof(dir)) == 0;
    struct session_start o = {.t = ws->t, .f = ws->f, .live = live, .tmpl = ws->tmpl, .now = platform_now(),
                              .state_dir = have_dir ? dir : NULL,
                              .source = live ? "live" : ws->demo ? "demo" : ws->source,
                              .progress = progress, .progress_ud = w};
    if (session_begin(&w->s, &o, &e) != 0) {
        plain_error(ws->l, &e);
        free(w);
        return EXIT_INPUT;
    }
    session_set_lang(&w->s, ws->l->lang);
    w->source = live ? NULL : ws->demo ? "demo" : ws->source;
    engine_said(w);
    status = walk_run(w);
    const char *tp = session_transcript(&w->s);
    if (tp) {
        fputs("enrolldoc: ", stderr);
        fputs(tr(ws->l, "ui.transcript-at"), stderr);
        fputc(' ', stderr);
        term_fputs(tp, 0, stderr);
        fputc('\n', stderr);
    }
    session_free(&w->s);
    free(w);
    return status;
}
