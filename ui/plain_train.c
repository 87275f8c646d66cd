/* plain_train.c: training (src/train.h) in the line mode: the scenario
 * list, the decision the trainee takes before each step's real result, the
 * result with the wrong choices explained, and the debrief. As in the
 * curses wizard, src/train.c decides; this file prints and passes the
 * choices on. */
#include <stdio.h>
#include <string.h>

#include "exitcode.h"
#include "output.h"
#include "plain.h"
#include "platform/platform.h"
#include "term.h"
#include "train.h"

/* What Enter takes at the end: quitting. */
enum end_entry { END_SAVE = 1, END_ANOTHER, END_QUIT };

/* Fills {NAME} in the catalog text KEY with VALUE and prints it wrapped. */
static void say1(struct plain *p, const char *key, const char *name, const char *value, int first,
                 int indent)
{
    char buf[2048];
    const char *names[] = {name};
    const char *values[] = {value};
    plain_text(p, fill(buf, sizeof(buf), plain_tr(p, key), names, values, 1), first, indent);
}

/* One numbered entry, marked as the default when DEF. */
static void entry(struct plain *p, size_t i, const char *label, bool def)
{
    char line[2048];
    snprintf(line, sizeof(line), "%zu) %s%s%s", i, label, def ? " " : "", def ? plain_tr(p, "plain.default") : "");
    plain_text(p, line, 2, 5);
}

/* Asks for a choice of N entries, DEF (1-based) the default. Returns the
 * entry chosen (1..N), 0 when the line is a key, -1 at the end of input. */
static int ask(struct plain *p, size_t n, size_t def)
{
    char num[16];
    snprintf(num, sizeof(num), "%zu", def);
    plain_blank(p);
    if (!plain_ask(p, "plain.prompt", num))
        return -1;
    if (!p->line[0])
        return (int)def;
    return (int)plain_number(p, n);
}

/* The scenario list: returns the training begun, or NULL (quit). */
static struct train *pick(struct plain *p)
{
    size_t n;
    const struct train_builtin *b = train_builtins(&n);
    char text[2048];
    for (;;) {
        plain_blank(p);
        plain_text(p, plain_tr(p, "train.ui.pick.title"), 0, 0);
        plain_blank(p);
        plain_text(p, plain_tr(p, "train.ui.pick.intro"), 0, 0);
        plain_blank(p);
        plain_text(p, plain_tr(p, "plain.choices"), 0, 0);
        for (size_t i = 0; i < n; i++)
            entry(p, i + 1, train_builtin_text(&b[i], p->l->lang, false, text, sizeof(text)), i == 0);
        int k = ask(p, n, 1);
        if (k < 0 || plain_is(p, 'q'))
            return NULL;
        if (k > 0) {
            struct train *t = NULL;
            struct err e;
            if (train_begin_builtin(&t, p->t, b[k - 1].id, platform_now(), &e) == 0)
                return t;
            plain_error(p->l, &e);
            return NULL;
        }
        if (plain_is(p, 'L'))
            plain_switch_lang(p);
        else if (plain_is(p, '?'))
            plain_help(p, "plain.help.train");
        else
            plain_say(p, "plain.unknown", p->line);
    }
}

/* Why choice CI of decision D was wrong; HEAD the catalog key that names it. */
static void wrong(struct plain *p, struct train *t, const struct train_decision *d, size_t ci, const char *head)
{
    say1(p, head, "choice", train_choice_label(d, ci, p->l), 0, 2);
    const char *m = train_choice_meaning(d, ci, p->l);
    if (m) {
        plain_text(p, plain_tr(p, d->kind == TRAIN_NEXT ? "train.ui.wrong.looks-at" : "train.ui.wrong.meaning"),
                   2, 2);
        plain_text(p, m, 4, 4);
    }
    char buf[1024];
    const char *rel = train_choice_relation(t, d, ci, p->l, buf, sizeof(buf));
    if (rel)
        plain_text(p, rel, 2, 2);
    plain_blank(p);
}

/* The open decision: what to decide from, and the choices. Returns the
 * number of entries; *DEF the default. */
static size_t decide(struct plain *p, struct train *t, const struct node *n, const struct train_decision *d,
                     size_t *def)
{
    if (d->wrong > 0) {
        wrong(p, t, d, d->order[(d->wrong - 1) % TRAIN_MAX_CHOICES], "train.ui.wrong");
        plain_text(p, plain_tr(p, "train.ui.wrong.retry"), 0, 0);
        plain_blank(p);
    }
    const char *story = train_story(t, p->l);
    if (d->kind == TRAIN_OUTCOME) {
        plain_text(p, plain_tr(p, "ui.step.why"), 0, 0);
        plain_text(p, plain_trf(p, "check.%s.why", n->check->id), 2, 2);
    } else {
        if (d->kind == TRAIN_QUESTION && story[0]) {
            plain_text(p, plain_tr(p, "train.ui.story"), 0, 0);
            plain_text(p, story, 2, 2);
            plain_blank(p);
        }
        plain_body(p, n, false, 0);
    }
    plain_blank(p);
    plain_text(p, train_prompt(d, p->l), 0, 0);
    if (d->kind == TRAIN_QUESTION)
        plain_text(p, plain_tr(p, "train.ui.ask.question-hint"), 0, 0);
    plain_blank(p);
    plain_text(p, plain_tr(p, "plain.choices"), 0, 0);
    *def = 0;
    for (size_t i = 0; i < d->nchoices; i++) {
        char label[1024];
        snprintf(label, sizeof(label), "%s%s", d->choices[i].tried ? "(✗) " : "",
                 train_choice_label(d, i, p->l));
        if (!*def && !d->choices[i].tried)
            *def = i + 1;
        entry(p, i + 1, label, *def == i + 1);
    }
    if (d->wrong > 0)
        entry(p, d->nchoices + 1, plain_tr(p, "train.ui.menu.reveal"), false);
    return d->nchoices + (d->wrong > 0);
}

/* A check's decision resolved: the answer, the wrong tries, the real result. */
static void result(struct plain *p, struct train *t, const struct node *n, const struct train_decision *d)
{
    const char *answer = train_choice_label(d, d->answer, p->l);
    say1(p, d->wrong == 0 && !d->revealed ? "train.ui.right" : "train.ui.answer", "choice", answer, 0, 2);
    plain_blank(p);
    for (unsigned k = 0; k < d->wrong && k < TRAIN_MAX_CHOICES; k++)
        wrong(p, t, d, d->order[k], "train.ui.tried");
    plain_text(p, plain_tr(p, "train.ui.why-right"), 0, 0);
    plain_text(p, plain_trf(p, "check.%s.why", n->check->id), 2, 2);
    plain_blank(p);
    plain_result(p, n, train_step(t));
    plain_text(p, plain_tr(p, "ui.step.by-hand"), 0, 0);
    plain_body(p, n, false, 2);
}

/* Prints catalog text KEY with the numbers NAMES[i] = VALUES[i]. */
static void say_numbers(struct plain *p, const char *key, const char *const *names, const size_t *values,
                        size_t n)
{
    char num[3][24], buf[1024];
    const char *v[3];
    for (size_t i = 0; i < n && i < 3; i++) {
        snprintf(num[i], sizeof(num[i]), "%zu", values[i]);
        v[i] = num[i];
    }
    plain_text(p, fill(buf, sizeof(buf), plain_tr(p, key), names, v, n), 0, 2);
}

static void debrief(struct plain *p, struct train *t, const struct node *n)
{
    struct train_score s;
    train_score(t, &s);
    char line[2048];
    snprintf(line, sizeof(line), "%s: %s", plain_tr(p, "train.ui.debrief.title"), train_title(t, p->l));
    plain_text(p, line, 0, 2);
    plain_blank(p);
    const char *score[] = {"right", "total", "percent"};
    say_numbers(p, "train.ui.debrief.score", score, (size_t[]){s.first_try, s.decisions, s.percent}, 3);
    const char *path[] = {"taken", "shortest", "wrong"};
    say_numbers(p, "train.ui.debrief.path", path, (size_t[]){s.taken, s.shortest, s.wrong}, 3);
    plain_blank(p);
    plain_text(p, plain_tr(p, "train.ui.debrief.cause"), 0, 0);
    plain_text(p, plain_trf(p, "node.%s.title", n->id), 2, 2);
    plain_body(p, n, false, 2);
    plain_blank(p);
    plain_text(p, plain_tr(p, "train.ui.debrief.decisions"), 0, 0);
    size_t k = 0;
    for (size_t i = 0; i < train_ndecisions(t); i++) {
        const struct train_decision *d = train_decision_at(t, i);
        if (!d->scored || !(d->resolved || d->wrong))
            continue;
        bool first = d->resolved && !d->wrong && !d->revealed;
        snprintf(line, sizeof(line), "%zu. %s %s → %s", ++k, first ? "✓" : "✗",
                 d->kind == TRAIN_OUTCOME ? plain_trf(p, "node.%s.title", d->node->id) : train_prompt(d, p->l),
                 train_choice_label(d, d->answer, p->l));
        plain_text(p, line, 2, 5);
        for (unsigned w = 0; w < d->wrong && w < TRAIN_MAX_CHOICES; w++) {
            snprintf(line, sizeof(line), "%s %s", plain_tr(p, "train.ui.debrief.chosen"),
                     train_choice_label(d, d->order[w], p->l));
            plain_text(p, line, 5, 7);
        }
        if (d->revealed)
            plain_text(p, plain_tr(p, "train.ui.debrief.revealed"), 5, 7);
    }
    if (k == 0)
        plain_text(p, plain_tr(p, "train.ui.debrief.none"), 2, 2);
    plain_blank(p);
    plain_text(p, plain_tr(p, "train.ui.debrief.shortest"), 0, 0);
    const struct diagnosis *dg = train_diagnosis(t);
    k = 0;
    for (size_t i = 0; dg && i < dg->nsteps; i++) {
        const struct diag_step *ds = &dg->steps[i];
        if (ds->node->kind != NODE_CHECK)
            continue;
        snprintf(line, sizeof(line), "%zu. %s (%s%s%s)", ++k, plain_trf(p, "node.%s.title", ds->node->id),
                 plain_trf(p, "status.%s", step_status_name(ds->status)), ds->finding ? ": " : "",
                 ds->finding ? plain_trf(p, "finding.%s.title", ds->finding->def->id) : "");
        plain_text(p, line, 2, 5);
    }
    plain_blank(p);
    plain_text(p, plain_tr(p, "plain.choices"), 0, 0);
    entry(p, END_SAVE, plain_tr(p, "train.ui.menu.save"), false);
    entry(p, END_ANOTHER, plain_tr(p, "train.ui.menu.another"), false);
    entry(p, END_QUIT, plain_tr(p, "train.ui.menu.quit"), true);
}

static void save(struct plain *p, struct train *t)
{
    char dir[4096], path[4400], user[256];
    struct err e;
    if (platform_state_dir(dir, sizeof(dir)) != 0 || platform_mkdirs(dir) != 0)
        snprintf(dir, sizeof(dir), ".");
    platform_username(user, sizeof(user));
    if (train_save(t, p->l, dir, platform_now(), user, path, sizeof(path), &e) != 0) {
        char buf[2048];
        plain_text(p, err_render(p->l, &e, buf, sizeof(buf)), 0, 2);
    } else {
        plain_say(p, "train.ui.msg.saved", path);
    }
}

/* Prints where the training is and what to decide or read; returns the
 * number of entries and their default in *DEF. */
static size_t show(struct plain *p, struct train *t, size_t *def)
{
    const struct node *n = train_node(t);
    enum train_phase ph = train_phase(t);
    plain_blank(p);
    if (ph != TRAIN_END) {
        char num[16], line[1024];
        snprintf(num, sizeof(num), "%zu", train_walk(t)->nsteps);
        snprintf(line, sizeof(line), "%s · %s · ", plain_tr(p, "train.ui.title"), plain_trf(p, "branch.%s", n->branch));
        size_t used = strlen(line);
        const char *names[] = {"n"};
        const char *values[] = {num};
        fill(line + used, sizeof(line) - used, plain_tr(p, "train.ui.step"), names, values, 1);
        plain_text(p, line, 0, 2);
        plain_text(p, plain_trf(p, "node.%s.title", n->id), 0, 2);
        plain_blank(p);
    }
    *def = 1;
    switch (ph) {
    case TRAIN_SHOW: {
        const char *story = train_story(t, p->l);
        plain_text(p, train_title(t, p->l), 0, 2);
        if (story[0]) {
            plain_text(p, plain_tr(p, "train.ui.story"), 0, 0);
            plain_text(p, story, 2, 2);
        }
        plain_blank(p);
        plain_body(p, n, false, 0);
        break;
    }
    case TRAIN_DECIDE:
        return decide(p, t, n, train_current(t), def);
    case TRAIN_RESULT:
        result(p, t, n, train_current(t));
        break;
    case TRAIN_END:
        debrief(p, t, n);
        *def = END_QUIT;
        return END_QUIT;
    }
    plain_blank(p);
    plain_text(p, plain_tr(p, "plain.choices"), 0, 0);
    entry(p, 1, plain_tr(p, "train.ui.menu.continue"), true);
    return 1;
}

/* Entry K of the current phase. Returns 1 to quit, 2 for another
 * scenario, 0 to go on. */
static int take(struct plain *p, struct train *t, int k)
{
    const struct train_decision *d = train_current(t);
    switch (train_phase(t)) {
    case TRAIN_SHOW:
    case TRAIN_RESULT:
        if (train_continue(t) < 0)
            plain_say(p, "error.memory", NULL);
        return 0;
    case TRAIN_DECIDE:
        if ((size_t)k > d->nchoices) {
            train_reveal(t);
        } else {
            /* a wrong choice is explained with the decision shown again */
            int rc = train_choose(t, (size_t)k - 1);
            if (rc != 0)
                plain_say(p, rc == 1 ? "train.ui.msg.right" : "ui.msg.disabled", NULL);
        }
        return 0;
    case TRAIN_END:
        if (k == END_SAVE)
            save(p, t);
        return k == END_QUIT ? 1 : k == END_ANOTHER ? 2 : 0;
    }
    return 0;
}

/* Walks training T until the trainee quits or asks for another scenario
 * (returns true then). */
static bool run(struct plain *p, struct train *t)
{
    bool again = true;
    size_t def = 1, n = 1;
    for (;;) {
        /* the entries stay what they were until something changed */
        if (again)
            n = show(p, t, &def);
        again = false;
        int k = ask(p, n, def);
        if (k < 0)
            return false;
        if (k > 0) {
            int rc = take(p, t, k);
            if (rc)
                return rc == 2;
            again = true;
        } else if (plain_is(p, 'b')) {
            if (train_back(t) != 0)
                plain_say(p, "ui.msg.at-start", NULL);
            else
                again = true;
        } else if (plain_is(p, 'L')) {
            plain_switch_lang(p);
            again = true;
        } else if (plain_is(p, 's') && train_phase(t) == TRAIN_END) {
            save(p, t);
        } else if (plain_is(p, 'q')) {
            return false;
        } else if (plain_is(p, '?')) {
            plain_help(p, "plain.help.train");
        } else {
            plain_say(p, "plain.unknown", p->line);
        }
    }
}

int plain_train(struct plain *p, struct wizard_start *w)
{
    plain_text(p, plain_tr(p, "plain.intro"), 0, 0);
    struct train *t = NULL;
    struct err e;
    int rc = 0;
    if (w->f)
        rc = train_begin_facts(&t, p->t, w->f, false, w->source, platform_now(), &e);
    else if (w->train_id)
        rc = train_begin_builtin(&t, p->t, w->train_id, platform_now(), &e);
    else
        t = pick(p);
    if (rc != 0) {
        plain_error(p->l, &e);
        return EXIT_INPUT;
    }
    /* another scenario: from the list, as long as the trainee wants */
    while (t && run(p, t) && !p->eof) {
        train_free(t);
        t = pick(p);
    }
    train_free(t);
    fflush(p->out);
    return EXIT_OK;
}
