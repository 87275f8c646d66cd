/* screen_step.c: one node of the tree — what is checked and why, the
 * result with its evidence, the explanation, the actions that help; or the
 * information, question or conclusion of the node. */
#include <string.h>

#include "actions.h"
#include "app.h"
#include "output.h"

static const char *const keys_check[] = {"Enter", "ui.key.choose", "b", "ui.key.back", "r",
                                         "ui.key.rerun", "s", "ui.key.save", "?", "ui.key.help",
                                         "L", "ui.key.lang", "q", "ui.key.quit"};
static const char *const keys_other[] = {"Enter", "ui.key.choose", "b", "ui.key.back", "s",
                                         "ui.key.save", "?", "ui.key.help", "L", "ui.key.lang",
                                         "q", "ui.key.quit"};
static const char *const keys_first[] = {"Enter", "ui.key.choose", "?", "ui.key.help", "L",
                                         "ui.key.lang", "q", "ui.key.quit"};

static enum text_style status_style(enum step_status s)
{
    switch (s) {
    case STEP_OK: return TS_OK;
    case STEP_WARN: return TS_WARN;
    case STEP_FAIL: return TS_FAIL;
    case STEP_UNKNOWN: return TS_UNKNOWN;
    case STEP_QUESTION:
    case STEP_SKIPPED: break;
    }
    return TS_NORMAL;
}

static enum text_style sev_style(enum severity s)
{
    return s == SEV_ERROR ? TS_FAIL : s == SEV_WARNING ? TS_WARN : TS_UNKNOWN;
}

/* Adds the actions the engine offers on this step, each once. */
static void add_actions(struct app *a)
{
    struct session_offer o[16];
    size_t n = session_offers(&a->s, o, 16);
    for (size_t i = 0; i < n; i++)
        menu_add(a, ITEM_ACTION, o[i].id,
                 fstr(a, "%s: %s", T(a, "ui.menu.action"), Tf(a, "action.%s.title", o[i].id)), false);
}

static void show_finding(struct app *a, const struct finding *fd)
{
    pane_text(a, fstr(a, "%s: %s", Tf(a, "severity.%s", severity_name(fd->def->sev)),
                      Tf(a, "finding.%s.title", fd->def->id)),
              0, 2, sev_style(fd->def->sev));
    for (size_t i = 0; i < fd->nevidence; i++)
        pane_text(a, app_evidence_line(a, &fd->evidence[i]), 2, 4, TS_NORMAL);
    pane_blank(a);
    pane_text(a, T(a, "text.meaning"), 2, 2, TS_BOLD);
    pane_text(a, Tf(a, "finding.%s.meaning", fd->def->id), 2, 2, TS_NORMAL);
    pane_blank(a);
    pane_text(a, T(a, "text.todo"), 2, 2, TS_BOLD);
    pane_text(a, Tf(a, "finding.%s.todo", fd->def->id), 2, 5, TS_NORMAL);
    pane_blank(a);
    pane_text(a, fstr(a, "%s %s", T(a, "text.source"), Tf(a, "finding.%s.source", fd->def->id)), 2,
              2, TS_DIM);
    pane_blank(a);
}

static void build_check(struct app *a, const struct node *n, const struct session_step *st)
{
    const struct check_result *r = st->result;
    pane_text(a, T(a, "ui.step.why"), 0, 0, TS_BOLD);
    pane_text(a, Tf(a, "check.%s.why", n->check->id), 2, 2, TS_NORMAL);
    pane_blank(a);
    const char *badge = fstr(a, "%s %s", T(a, "ui.step.result"),
                             Tf(a, "status.%s", step_status_name(st->status)));
    pane_text(a, badge, 0, 0, status_style(st->status));
    if (st->status == STEP_UNKNOWN) {
        pane_text(a, Tf(a, "check.%s.unknown", n->check->id), 2, 2, TS_NORMAL);
        if (r && r->nmissing) {
            const char *list = "";
            for (size_t i = 0; i < r->nmissing; i++)
                list = fstr(a, "%s%s%s", list, i ? ", " : "", r->missing[i]);
            pane_text(a, fstr(a, "%s %s", T(a, "ui.step.missing"), list), 2, 4, TS_DIM);
        }
        pane_blank(a);
    } else if (!r || r->nfindings == 0) {
        pane_text(a, Tf(a, "check.%s.ok", n->check->id), 2, 2, TS_NORMAL);
        pane_blank(a);
    } else {
        pane_blank(a);
        for (size_t i = 0; i < r->nfindings; i++)
            show_finding(a, &r->findings[i]);
    }
    pane_text(a, T(a, "ui.step.by-hand"), 0, 0, TS_BOLD);
    pane_text(a, node_body(a, n), 2, 2, TS_NORMAL);
    menu_add(a, ITEM_CONTINUE, NULL, T(a, "ui.menu.continue"), false);
    add_actions(a);
}

/* A check that needs a template when none is known: "Which template?",
 * the candidates (most likely first, with why) and "another name…". */
static void build_template_question(struct app *a)
{
    const struct candidate *c;
    size_t n = session_template_candidates(&a->s, &c);
    pane_text(a, T(a, "ui.template.question"), 0, 0, TS_BOLD);
    pane_blank(a);
    pane_text(a, T(a, "ui.template.body"), 0, 0, TS_NORMAL);
    if (n == 0)
        pane_text(a, T(a, "ui.template.none"), 0, 0, TS_NORMAL);
    for (size_t i = 0; i < n && a->nmenu + 1 < MENU_MAX; i++) {
        const char *why = "";
        for (unsigned bit = CAND_AUTOENROLL; bit; bit >>= 1)
            if (c[i].why & bit)
                why = fstr(a, "%s%s%s", why, why[0] ? ", " : "",
                           Tf(a, "ui.template.why.%s", candidates_why_name(bit)));
        menu_add(a, ITEM_TEMPLATE, c[i].name, why[0] ? fstr(a, "%s (%s)", c[i].name, why) : c[i].name, false);
    }
    menu_add(a, ITEM_TEMPLATE_OTHER, NULL, T(a, "ui.template.other"), false);
}

static void build_question(struct app *a, const struct node *n)
{
    pane_text(a, Tf(a, "question.%s.text", n->question), 0, 0, TS_BOLD);
    pane_blank(a);
    pane_text(a, node_body(a, n), 0, 0, TS_NORMAL);
    for (size_t c = 0; c < n->nchoices; c++)
        menu_add(a, ITEM_CHOICE, n->choices[c].id,
                 Tf(a, "question.%s.%s", n->question, n->choices[c].id), false);
}

static void build_conclusion(struct app *a, const struct node *n)
{
    pane_text(a, node_body(a, n), 0, 0, TS_NORMAL);
    pane_blank(a);
    pane_text(a, T(a, "ui.step.conclusion-next"), 0, 0, TS_DIM);
    menu_add(a, ITEM_SUMMARY, NULL, T(a, "ui.menu.summary"), false);
    add_actions(a);
    menu_add(a, ITEM_SAVE, NULL, T(a, "ui.menu.save"), false);
    menu_add(a, ITEM_QUIT, NULL, T(a, "ui.menu.quit"), false);
}


void step_build(struct app *a)
{
    const struct session_step *st = session_current(&a->s);
    const struct node *n = session_node(&a->s, st);
    const char *branch = Tf(a, "branch.%s", n->branch);
    const char *where = fstr(a, "%s · %s", branch,
                             fstr(a, "%s %zu", T(a, "ui.step.n"), a->s.nsteps));
    pane_text(a, where, 0, 0, TS_DIM);
    pane_text(a, Tf(a, "node.%s.title", n->id), 0, 0, TS_TITLE);
    pane_blank(a);
    /* Machine context without elevation: say what cannot be seen, and how
     * to get it; enrolldoc never elevates by itself. */
    const struct logon_session *ss = &a->f->session;
    if (a->live && a->s.ctx == CTX_MACHINE && n->kind == NODE_CHECK && ss->st == F_SET &&
        ss->elevated.st == F_SET && !ss->elevated.v &&
        !(ss->system.st == F_SET && ss->system.v)) {
        pane_text(a, T(a, "ui.live.machine-not-elevated"), 0, 2, TS_WARN);
        pane_blank(a);
    }
    switch (n->kind) {
    case NODE_INFO:
        pane_text(a, node_body(a, n), 0, 0, TS_NORMAL);
        menu_add(a, ITEM_CONTINUE, NULL, T(a, "ui.menu.continue"), false);
        add_actions(a);
        break;
    case NODE_QUESTION:
        build_question(a, n);
        break;
    case NODE_CHECK:
        if (session_asks_template(&a->s))
            build_template_question(a);
        else
            build_check(a, n, st);
        break;
    case NODE_CONCLUSION:
        build_conclusion(a, n);
        break;
    }
    /* A new step starts with its default choice selected. */
    if (a->sel_step != a->s.nsteps) {
        a->sel_step = a->s.nsteps;
        a->sel = 0;
        a->scroll = 0;
        const char *def = session_default_choice(&a->s, n);
        for (int i = 0; def && i < a->nmenu; i++)
            if (a->menu[i].kind == ITEM_CHOICE && strcmp(a->menu[i].arg, def) == 0)
                a->sel = i;
    }
    if (a->s.nsteps <= 1)
        keybar_set(a, keys_first, 8);
    else if (n->kind == NODE_CHECK)
        keybar_set(a, keys_check, 14);
    else
        keybar_set(a, keys_other, 12);
}

void step_activate(struct app *a, const struct item *it)
{
    switch (it->kind) {
    case ITEM_CONTINUE:
        if (session_advance(&a->s, NULL) < 0)
            app_message(a, "error.memory", NULL);
        break;
    case ITEM_CHOICE:
        if (session_advance(&a->s, it->arg) < 0)
            app_message(a, "error.memory", NULL);
        break;
    case ITEM_TEMPLATE:
        if (session_set_template(&a->s, it->arg) < 0)
            app_message(a, "error.memory", NULL);
        a->sel_step = 0; /* the step is new: its first item selected */
        break;
    case ITEM_TEMPLATE_OTHER:
        a->input_kind = INPUT_TEMPLATE;
        a->input[0] = '\0';
        a->input_len = 0;
        a->back_scr = SCR_STEP;
        app_goto(a, SCR_INPUT);
        break;
    case ITEM_ACTION:
        a->action_id = it->arg;
        a->back_scr = SCR_STEP;
        app_goto(a, SCR_ACTION);
        a->sel = 0;
        break;
    case ITEM_SUMMARY:
        app_goto(a, SCR_SUMMARY);
        break;
    case ITEM_SAVE:
        app_save_report(a);
        break;
    case ITEM_QUIT:
        app_request_quit(a);
        break;
    default:
        break;
    }
}
