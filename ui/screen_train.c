/* screen_train.c: training mode (src/train.h): the scenario picker, the
 * decision shown before each step's real result, the result with the
 * explanation of wrong choices, and the debrief. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "output.h"
#include "platform/platform.h"
#include "train.h"

#define PAGE_SIZE 8

static const char *const keys_pick[] = {"Enter", "ui.key.choose", "PgDn/PgUp", "train.ui.key.page",
                                        "b", "ui.key.back", "?", "ui.key.help", "L",
                                        "ui.key.lang", "q", "ui.key.quit"};
static const char *const keys_train[] = {"Enter", "ui.key.choose", "b", "ui.key.back", "?",
                                         "ui.key.help", "L", "ui.key.lang", "q", "ui.key.quit"};
static const char *const keys_debrief[] = {"Enter", "ui.key.choose", "b", "ui.key.back", "s",
                                           "train.ui.key.save", "?", "ui.key.help", "L",
                                           "ui.key.lang", "q", "ui.key.quit"};

/* Fills {name} in the catalog text KEY with VALUE, in the frame arena. */
static const char *T1(struct app *a, const char *key, const char *name, const char *value)
{
    char buf[2048];
    const char *names[] = {name};
    const char *values[] = {value};
    return fstr(a, "%s", fill(buf, sizeof(buf), T(a, key), names, values, 1));
}

/* ---- lifecycle ---- */

void app_end_training(struct app *a)
{
    if (!a->train)
        return;
    train_free(a->train);
    a->train = NULL;
    a->f = NULL;
    a->demo = false;
    a->source = NULL;
}

int app_begin_training(struct app *a, const char *id, struct facts *f, const char *source)
{
    app_end_training(a);
    struct err e;
    int rc = 0;
    if (f)
        rc = train_begin_facts(&a->train, a->t, f, false, source, platform_now(), &e);
    else if (id)
        rc = train_begin_builtin(&a->train, a->t, id, platform_now(), &e);
    else {
        a->train_page = 0;
        app_goto(a, SCR_TRAIN_PICK);
        return 0;
    }
    if (rc != 0) {
        a->msg = e;
        app_goto(a, SCR_TRAIN_PICK);
        return -1;
    }
    a->f = train_facts(a->train);
    a->demo = true;
    a->source = source;
    app_goto(a, SCR_TRAIN);
    return 0;
}

void train_save_debrief(struct app *a)
{
    if (!a->train || train_phase(a->train) != TRAIN_END)
        return;
    char dir[4096], path[4400], user[256];
    struct err e;
    if (platform_state_dir(dir, sizeof(dir)) != 0 || platform_mkdirs(dir) != 0)
        snprintf(dir, sizeof(dir), ".");
    platform_username(user, sizeof(user));
    if (train_save(a->train, a->l, dir, platform_now(), user, path, sizeof(path), &e) != 0)
        a->msg = e;
    else
        app_message(a, "train.ui.msg.saved", path);
}

/* ---- the picker ---- */

void train_pick_build(struct app *a)
{
    size_t n;
    const struct train_builtin *b = train_builtins(&n);
    int pages = (int)((n + PAGE_SIZE - 1) / PAGE_SIZE);
    if (pages < 1)
        pages = 1;
    if (a->train_page >= pages || a->train_page < 0)
        a->train_page = 0;
    a->crumb = T(a, "train.ui.title");
    pane_text(a, T(a, "train.ui.pick.title"), 0, 0, TS_TITLE);
    if (pages > 1) {
        char p1[16], p2[16];
        snprintf(p1, sizeof(p1), "%d", a->train_page + 1);
        snprintf(p2, sizeof(p2), "%d", pages);
        char buf[256];
        const char *names[] = {"page", "pages"};
        const char *values[] = {p1, p2};
        pane_text(a, fstr(a, "%s", fill(buf, sizeof(buf), T(a, "train.ui.pick.page"), names,
                                        values, 2)),
                  0, 0, TS_DIM);
    }
    pane_blank(a);
    pane_text(a, T(a, "train.ui.pick.intro"), 0, 0, TS_NORMAL);
    pane_blank(a);
    size_t first = (size_t)a->train_page * PAGE_SIZE;
    char text[2048];
    for (size_t i = first; i < n && i < first + PAGE_SIZE; i++)
        menu_add(a, ITEM_TRAIN_PICK, b[i].id,
                 fstr(a, "%s", train_builtin_text(&b[i], a->l->lang, false, text, sizeof(text))), false);
    if (pages > 1)
        menu_add(a, ITEM_TRAIN_MORE, NULL, T(a, "train.ui.pick.more"), false);
    menu_add(a, ITEM_BACK_TO_WALK, NULL, T(a, "train.ui.menu.back"), false);
    /* the story of the scenario under the cursor */
    int sel = a->sel < a->nmenu ? a->sel : 0;
    if (a->nmenu > 0 && a->menu[sel].kind == ITEM_TRAIN_PICK) {
        const struct train_builtin *pick = train_builtin_find(a->menu[sel].arg);
        if (pick) {
            pane_text(a, fstr(a, "%s", train_builtin_text(pick, a->l->lang, false, text, sizeof(text))), 0, 0,
                      TS_BOLD);
            pane_text(a, fstr(a, "%s", train_builtin_text(pick, a->l->lang, true, text, sizeof(text))), 2, 2,
                      TS_NORMAL);
        }
        pane_blank(a);
    }
    keybar_set(a, keys_pick, 12);
}

void train_pick_page(struct app *a, int delta)
{
    size_t n;
    train_builtins(&n);
    int pages = (int)((n + PAGE_SIZE - 1) / PAGE_SIZE);
    int page = a->train_page + delta;
    if (page < 0 || page >= pages)
        return;
    a->train_page = page;
    a->sel = 0;
    a->scroll = 0;
}

/* Back to the picker, on the page the scenario was chosen from. */
static void back_to_picker(struct app *a)
{
    int page = a->train_page;
    app_end_training(a);
    app_goto(a, SCR_TRAIN_PICK);
    a->train_page = page;
}

void train_go_back(struct app *a)
{
    if (a->scr == SCR_TRAIN_PICK) {
        if (a->train_from_start)
            app_goto(a, SCR_START);
        else
            app_message(a, "train.ui.msg.picker-first", NULL);
    } else if (!a->train || train_back(a->train) != 0) {
        back_to_picker(a);
    }
}

void train_pick_activate(struct app *a, const struct item *it)
{
    switch (it->kind) {
    case ITEM_TRAIN_PICK:
        app_begin_training(a, it->arg, NULL, NULL);
        break;
    case ITEM_TRAIN_MORE:
        a->train_page++;
        a->sel = 0;
        a->scroll = 0;
        break;
    case ITEM_BACK_TO_WALK:
        app_goto(a, SCR_START);
        break;
    default:
        break;
    }
}

/* ---- a step ---- */

static enum text_style sev_style(enum severity s)
{
    return s == SEV_ERROR ? TS_FAIL : s == SEV_WARNING ? TS_WARN : TS_UNKNOWN;
}

static void show_finding(struct app *a, const struct finding *fd, bool explain)
{
    pane_text(a, fstr(a, "%s: %s", Tf(a, "severity.%s", severity_name(fd->def->sev)),
                      Tf(a, "finding.%s.title", fd->def->id)),
              2, 4, sev_style(fd->def->sev));
    for (size_t i = 0; i < fd->nevidence; i++)
        pane_text(a, app_evidence_line(a, &fd->evidence[i]), 4, 6, TS_NORMAL);
    if (explain) {
        pane_text(a, T(a, "text.meaning"), 4, 4, TS_BOLD);
        pane_text(a, Tf(a, "finding.%s.meaning", fd->def->id), 4, 4, TS_NORMAL);
        pane_text(a, T(a, "text.todo"), 4, 4, TS_BOLD);
        pane_text(a, Tf(a, "finding.%s.todo", fd->def->id), 4, 7, TS_NORMAL);
    }
    pane_blank(a);
}

/* The explanation of wrong choice CI of decision D. */
static void show_wrong(struct app *a, const struct train_decision *d, size_t ci, const char *head)
{
    pane_text(a, T1(a, head, "choice", train_choice_label(d, ci, a->l)), 0, 2, TS_FAIL);
    const char *m = train_choice_meaning(d, ci, a->l);
    if (m) {
        pane_text(a, T(a, d->kind == TRAIN_NEXT ? "train.ui.wrong.looks-at" : "train.ui.wrong.meaning"),
                  2, 2, TS_BOLD);
        pane_text(a, m, 2, 2, TS_NORMAL);
    }
    char buf[1024];
    const char *rel = train_choice_relation(a->train, d, ci, a->l, buf, sizeof(buf));
    if (rel)
        pane_text(a, fstr(a, "%s", rel), 2, 2, TS_NORMAL);
    pane_blank(a);
}

static void build_decide(struct app *a, const struct node *n, const struct train_decision *d)
{
    const char *story = train_story(a->train, a->l);
    /* a wrong choice is explained first, where it is seen at once */
    if (d->wrong > 0) {
        size_t last = d->order[(d->wrong - 1) % TRAIN_MAX_CHOICES];
        show_wrong(a, d, last, "train.ui.wrong");
        pane_text(a, T(a, "train.ui.wrong.retry"), 0, 0, TS_DIM);
        pane_blank(a);
    }
    switch (d->kind) {
    case TRAIN_OUTCOME:
        pane_text(a, T(a, "ui.step.why"), 0, 0, TS_BOLD);
        pane_text(a, Tf(a, "check.%s.why", n->check->id), 2, 2, TS_NORMAL);
        break;
    case TRAIN_NEXT:
        pane_text(a, node_body(a, n), 0, 0, TS_NORMAL);
        break;
    case TRAIN_QUESTION:
        if (story[0]) {
            pane_text(a, T(a, "train.ui.story"), 0, 0, TS_BOLD);
            pane_text(a, story, 2, 2, TS_NORMAL);
            pane_blank(a);
        }
        pane_text(a, node_body(a, n), 0, 0, TS_NORMAL);
        break;
    }
    pane_blank(a);
    pane_text(a, train_prompt(d, a->l), 0, 0, TS_BOLD);
    if (d->kind == TRAIN_QUESTION)
        pane_text(a, T(a, "train.ui.ask.question-hint"), 0, 0, TS_DIM);
    for (size_t i = 0; i < d->nchoices; i++) {
        const char *label = train_choice_label(d, i, a->l);
        menu_add(a, ITEM_TRAIN_CHOICE, d->choices[i].id,
                 d->choices[i].tried ? fstr(a, "✗ %s", label) : label, d->choices[i].tried);
    }
    if (d->wrong > 0)
        menu_add(a, ITEM_TRAIN_REVEAL, NULL, T(a, "train.ui.menu.reveal"), false);
}

static void build_result(struct app *a, const struct node *n, const struct train_decision *d,
                         const struct session_step *st)
{
    const char *answer = train_choice_label(d, d->answer, a->l);
    if (d->wrong == 0 && !d->revealed)
        pane_text(a, T1(a, "train.ui.right", "choice", answer), 0, 2, TS_OK);
    else
        pane_text(a, T1(a, "train.ui.answer", "choice", answer), 0, 2, TS_WARN);
    pane_blank(a);
    /* the wrong choices first, each with what it would have meant */
    for (unsigned w = 0; w < d->wrong && w < TRAIN_MAX_CHOICES; w++)
        show_wrong(a, d, d->order[w], "train.ui.tried");
    pane_text(a, T(a, "train.ui.why-right"), 0, 0, TS_BOLD);
    pane_text(a, Tf(a, "check.%s.why", n->check->id), 2, 2, TS_NORMAL);
    pane_blank(a);
    const struct check_result *r = st->result;
    pane_text(a, fstr(a, "%s %s", T(a, "ui.step.result"),
                      Tf(a, "status.%s", step_status_name(st->status))),
              0, 0, st->status == STEP_OK ? TS_OK : st->status == STEP_WARN ? TS_WARN
                                                  : st->status == STEP_FAIL ? TS_FAIL
                                                                            : TS_UNKNOWN);
    if (st->status == STEP_UNKNOWN)
        pane_text(a, Tf(a, "check.%s.unknown", n->check->id), 2, 2, TS_NORMAL);
    else if (!r || r->nfindings == 0)
        pane_text(a, Tf(a, "check.%s.ok", n->check->id), 2, 2, TS_NORMAL);
    pane_blank(a);
    for (size_t i = 0; r && i < r->nfindings; i++)
        show_finding(a, &r->findings[i], true);
    pane_text(a, T(a, "ui.step.by-hand"), 0, 0, TS_BOLD);
    pane_text(a, node_body(a, n), 2, 2, TS_NORMAL);
    menu_add(a, ITEM_CONTINUE, NULL, T(a, "train.ui.menu.continue"), false);
}

static void build_debrief(struct app *a, const struct node *n)
{
    struct train_score s;
    train_score(a->train, &s);
    char n1[24], n2[24], n3[24], pc[16], buf[1024];
    pane_text(a, fstr(a, "%s: %s", T(a, "train.ui.debrief.title"), train_title(a->train, a->l)),
              0, 0, TS_TITLE);
    pane_blank(a);
    snprintf(n1, sizeof(n1), "%zu", s.first_try);
    snprintf(n2, sizeof(n2), "%zu", s.decisions);
    snprintf(pc, sizeof(pc), "%u", s.percent);
    {
        const char *names[] = {"right", "total", "percent"};
        const char *values[] = {n1, n2, pc};
        pane_text(a, fstr(a, "%s", fill(buf, sizeof(buf), T(a, "train.ui.debrief.score"), names,
                                        values, 3)),
                  0, 2, s.percent >= 75 ? TS_OK : TS_WARN);
    }
    snprintf(n1, sizeof(n1), "%zu", s.taken);
    snprintf(n2, sizeof(n2), "%zu", s.shortest);
    snprintf(n3, sizeof(n3), "%zu", s.wrong);
    {
        const char *names[] = {"taken", "shortest", "wrong"};
        const char *values[] = {n1, n2, n3};
        pane_text(a, fstr(a, "%s", fill(buf, sizeof(buf), T(a, "train.ui.debrief.path"), names,
                                        values, 3)),
                  0, 2, TS_NORMAL);
    }
    pane_blank(a);
    pane_text(a, T(a, "train.ui.debrief.cause"), 0, 0, TS_BOLD);
    pane_text(a, Tf(a, "node.%s.title", n->id), 2, 2, TS_BOLD);
    pane_text(a, node_body(a, n), 2, 2, TS_NORMAL);
    pane_blank(a);
    pane_text(a, T(a, "train.ui.debrief.decisions"), 0, 0, TS_BOLD);
    size_t k = 0;
    for (size_t i = 0; i < train_ndecisions(a->train); i++) {
        const struct train_decision *d = train_decision_at(a->train, i);
        if (!d->scored || !(d->resolved || d->wrong))
            continue;
        bool first = d->resolved && !d->wrong && !d->revealed;
        const char *where = d->kind == TRAIN_OUTCOME ? Tf(a, "node.%s.title", d->node->id)
                                                     : train_prompt(d, a->l);
        pane_text(a, fstr(a, "%zu. %s %s → %s", ++k, first ? "✓" : "✗", where,
                          train_choice_label(d, d->answer, a->l)),
                  2, 5, first ? TS_OK : TS_WARN);
        for (unsigned w = 0; w < d->wrong && w < TRAIN_MAX_CHOICES; w++)
            pane_text(a, fstr(a, "%s %s", T(a, "train.ui.debrief.chosen"),
                              train_choice_label(d, d->order[w], a->l)),
                      5, 7, TS_DIM);
        if (d->revealed)
            pane_text(a, T(a, "train.ui.debrief.revealed"), 5, 7, TS_DIM);
    }
    if (k == 0)
        pane_text(a, T(a, "train.ui.debrief.none"), 2, 2, TS_DIM);
    pane_blank(a);
    pane_text(a, T(a, "train.ui.debrief.shortest"), 0, 0, TS_BOLD);
    const struct diagnosis *dg = train_diagnosis(a->train);
    k = 0;
    for (size_t i = 0; dg && i < dg->nsteps; i++) {
        const struct diag_step *ds = &dg->steps[i];
        if (ds->node->kind != NODE_CHECK)
            continue;
        pane_text(a, fstr(a, "%zu. %s (%s%s%s)", ++k, Tf(a, "node.%s.title", ds->node->id),
                          Tf(a, "status.%s", step_status_name(ds->status)),
                          ds->finding ? ": " : "",
                          ds->finding ? Tf(a, "finding.%s.title", ds->finding->def->id) : ""),
                  2, 5, TS_NORMAL);
    }
    pane_blank(a);
    pane_text(a, T(a, "train.ui.debrief.findings"), 0, 0, TS_BOLD);
    if (!dg || dg->nfindings == 0)
        pane_text(a, T(a, "text.no-findings"), 2, 2, TS_OK);
    for (size_t i = 0; dg && i < dg->nfindings; i++)
        show_finding(a, dg->findings[i], true);
    menu_add(a, ITEM_SAVE, NULL, T(a, "train.ui.menu.save"), false);
    menu_add(a, ITEM_TRAIN_ANOTHER, NULL, T(a, "train.ui.menu.another"), false);
    menu_add(a, ITEM_QUIT, NULL, T(a, "train.ui.menu.quit"), false);
}

void train_build(struct app *a)
{
    if (!a->train) {
        app_goto(a, SCR_TRAIN_PICK);
        train_pick_build(a);
        return;
    }
    const struct session *w = train_walk(a->train);
    const struct node *n = train_node(a->train);
    const struct train_decision *d = train_current(a->train);
    enum train_phase ph = train_phase(a->train);
    a->crumb = T1(a, "train.ui.crumb", "title", train_title(a->train, a->l));
    /* a new step or phase starts at the top with the first entry selected */
    size_t key = (w->nsteps << 8) | (train_ndecisions(a->train) << 3) | (size_t)ph;
    key += d ? (size_t)d->wrong << 20 : 0;
    if (a->sel_step != key) {
        a->sel_step = key;
        a->sel = 0;
        a->scroll = 0;
    }
    if (ph != TRAIN_END) {
        char num[16];
        snprintf(num, sizeof(num), "%zu", w->nsteps);
        pane_text(a, fstr(a, "%s · %s", Tf(a, "branch.%s", n->branch),
                          T1(a, "train.ui.step", "n", num)),
                  0, 0, TS_DIM);
        pane_text(a, Tf(a, "node.%s.title", n->id), 0, 0, TS_TITLE);
        pane_blank(a);
    }
    switch (ph) {
    case TRAIN_SHOW: {
        const char *story = train_story(a->train, a->l);
        pane_text(a, train_title(a->train, a->l), 0, 0, TS_BOLD);
        if (story[0]) {
            pane_text(a, T(a, "train.ui.story"), 0, 0, TS_BOLD);
            pane_text(a, story, 2, 2, TS_NORMAL);
        }
        pane_blank(a);
        pane_text(a, node_body(a, n), 0, 0, TS_NORMAL);
        menu_add(a, ITEM_CONTINUE, NULL, T(a, "train.ui.menu.continue"), false);
        break;
    }
    case TRAIN_DECIDE:
        build_decide(a, n, d);
        /* the selection never rests on a choice already tried */
        while (a->sel < a->nmenu - 1 && a->menu[a->sel].disabled)
            a->sel++;
        break;
    case TRAIN_RESULT:
        build_result(a, n, d, train_step(a->train));
        break;
    case TRAIN_END:
        build_debrief(a, n);
        break;
    }
    if (ph == TRAIN_END)
        keybar_set(a, keys_debrief, 12);
    else
        keybar_set(a, keys_train, 10);
}

void train_activate(struct app *a, const struct item *it)
{
    if (!a->train)
        return;
    const struct train_decision *d = train_current(a->train);
    switch (it->kind) {
    case ITEM_CONTINUE:
        if (train_continue(a->train) < 0)
            app_message(a, "error.memory", NULL);
        break;
    case ITEM_TRAIN_CHOICE:
        for (size_t i = 0; d && i < d->nchoices; i++)
            if (strcmp(d->choices[i].id, it->arg) == 0) {
                int rc = train_choose(a->train, i);
                if (rc == 1)
                    app_message(a, "train.ui.msg.right", NULL);
                else if (rc < 0)
                    app_message(a, "ui.msg.disabled", NULL);
                break;
            }
        break;
    case ITEM_TRAIN_REVEAL:
        if (train_reveal(a->train) < 0)
            app_message(a, "error.memory", NULL);
        break;
    case ITEM_SAVE:
        train_save_debrief(a);
        break;
    case ITEM_TRAIN_ANOTHER:
        back_to_picker(a);
        break;
    case ITEM_QUIT:
        app_request_quit(a);
        break;
    default:
        break;
    }
}
