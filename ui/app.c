/* app.c: the wizard's main loop: terminal setup, the frame cycle, the keys
 * every screen shares (help, language, quit, resize, mouse, menu movement),
 * and the walk's lifecycle. */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bundle.h"
#include "curses_compat.h"
#include "output.h"
#include "platform/platform.h"
#include "train.h"
#include "ui.h"
#include "term.h"
#include "util.h"

#define MIN_COLS 80
#define MIN_ROWS 24
#define KEY_ESC 27

void draw_init_colors(struct app *a);

const char *T(const struct app *a, const char *key)
{
    return tr(a->l, key);
}

const char *Tf(const struct app *a, const char *fmt, ...)
{
    char key[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(key, sizeof(key), fmt, ap);
    va_end(ap);
    return tr(a->l, key);
}

const char *fstr(struct app *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *buf = n >= 0 ? arena_alloc(&a->frame, (size_t)n + 1) : NULL;
    if (buf)
        vsnprintf(buf, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return buf ? buf : "";
}

const char *app_evidence_line(struct app *a, const struct evidence *ev)
{
    char vb[256];
    return fstr(a, "%s: %s", Tf(a, "evidence.%s", ev->key), output_evidence(ev, a->l, vb, sizeof(vb)));
}

const char *node_body(struct app *a, const struct node *n)
{
    char buf[8192];
    const char *names[] = {"safety"};
    const char *values[] = {T(a, a->live ? "ui.safety.live" : "ui.safety.recorded")};
    return fstr(a, "%s", fill(buf, sizeof(buf), Tf(a, "node.%s.body", n->id), names, values, 1));
}

void app_message(struct app *a, const char *key, const char *arg)
{
    if (!key) {
        err_clear(&a->msg);
        return;
    }
    err_set(&a->msg, key);
    if (arg)
        err_arg(&a->msg, "arg", "%s", arg);
}

void app_goto(struct app *a, enum screen_id s)
{
    if (s == SCR_SUMMARY) {
        /* computed afresh on entry: the walk may have changed since */
        diagnosis_free(a->summary);
        a->summary = NULL;
    }
    /* the start screen is found as it was left */
    if (a->scr == SCR_START && s != SCR_START)
        a->start_sel = a->sel;
    a->sel = s == SCR_START ? a->start_sel : 0;
    a->scr = s;
    a->scroll = 0;
}

/* The engine's long work: what it does and for how long, drawn at once;
 * q, F10 or Esc asks it to stop waiting. */
static bool progress(void *ud, const struct session_work *w)
{
    struct app *a = ud;
    long long secs = (long long)((platform_monotonic_ms() - w->started_ms) / 1000);
    const char *thing = w->text ? w->text : w->arg ? T(a, w->arg) : "";
    if (w->limit_ms > 0)
        draw_working(a, fstr(a, "%s %s … %llds / %llds", T(a, w->what), thing, secs,
                             (long long)(w->limit_ms / 1000)));
    else
        draw_working(a, fstr(a, "%s %s … %llds", T(a, w->what), thing, secs));
    return !ui_stop_requested();
}

/* Keeps what the engine said about the last move for the status line. */
void app_engine_said(struct app *a)
{
    if (a->walking && a->s.msg.key[0]) {
        a->msg = a->s.msg;
        err_clear(&a->s.msg);
    }
}

static int begin(struct app *a, bool live)
{
    char dir[4096];
    bool have_dir = platform_state_dir(dir, sizeof(dir)) == 0;
    struct session_start o = {.t = a->t, .f = live ? NULL : a->f, .live = live, .tmpl = a->tmpl_override,
                              .now = platform_now(), .state_dir = have_dir ? dir : NULL,
                              .source = live ? "live" : a->demo ? "demo" : a->source,
                              .progress = progress, .progress_ud = a};
    a->live = live;
    struct err e;
    if (session_begin(&a->s, &o, &e) != 0) {
        a->msg = e;
        return -1;
    }
    if (live)
        a->f = a->s.f;
    session_set_lang(&a->s, a->l->lang);
    const char *tp = session_transcript(&a->s);
    if (tp)
        snprintf(a->transcript, sizeof(a->transcript), "%s", tp);
    a->walking = true;
    app_engine_said(a);
    a->saved.path[0] = '\0';
    app_goto(a, SCR_STEP);
    /* the default choice of the first question is pre-selected */
    return 0;
}

int app_begin_walk(struct app *a)
{
    return begin(a, false);
}

int app_begin_live(struct app *a)
{
    if (a->owned_facts) {
        facts_free(a->owned_facts);
        a->owned_facts = NULL;
    }
    a->demo = false;
    a->source = NULL;
    return begin(a, true);
}

void app_end_walk(struct app *a)
{
    diagnosis_free(a->summary);
    a->summary = NULL;
    if (a->walking) {
        if (a->live)
            a->f = NULL; /* the session's own */
        session_free(&a->s);
    }
    a->walking = false;
    a->live = false;
    if (a->owned_facts) {
        facts_free(a->owned_facts);
        a->owned_facts = NULL;
        a->f = NULL;
    }
    app_goto(a, SCR_START);
}

void app_request_quit(struct app *a)
{
    if (a->walking && (session_actions_ran(&a->s) || session_undo_pending(&a->s)) && a->scr != SCR_QUIT) {
        a->back_scr = a->scr;
        app_goto(a, SCR_QUIT);
        return;
    }
    a->quit = true;
}

/* ---- the frame ---- */

static void build(struct app *a)
{
    arena_free(&a->frame);
    a->lines = NULL;
    a->nlines = a->caplines = 0;
    a->nmenu = 0;
    a->keys = NULL;
    a->nkeys = 0;
    a->crumb = NULL;
    switch (a->scr) {
    case SCR_START: start_build(a); break;
    case SCR_STEP: step_build(a); break;
    case SCR_ACTION: action_build(a); break;
    case SCR_SUMMARY: summary_build(a); break;
    case SCR_INPUT: input_build(a); break;
    case SCR_EXPLAIN: explain_build(a); break;
    case SCR_QUIT: quit_build(a); break;
    case SCR_TRAIN_PICK: train_pick_build(a); break;
    case SCR_TRAIN: train_build(a); break;
    case SCR_EVENTS: events_build(a); break;
    }
}

static void render(struct app *a)
{
    getmaxyx(stdscr, a->rows, a->cols);
    a->too_small = a->rows < MIN_ROWS || a->cols < MIN_COLS;
    if (a->too_small) {
        arena_free(&a->frame);
        a->nmenu = 0;
        draw_too_small(a);
        return;
    }
    build(a);
    draw_frame(a);
}

static void activate(struct app *a, const struct item *it)
{
    if (it->disabled) {
        app_message(a, "ui.msg.disabled", NULL);
        return;
    }
    switch (a->scr) {
    case SCR_START: start_activate(a, it); break;
    case SCR_STEP: step_activate(a, it); break;
    case SCR_ACTION: action_activate(a, it); break;
    case SCR_SUMMARY: summary_activate(a, it); break;
    case SCR_QUIT: quit_activate(a, it); break;
    case SCR_TRAIN_PICK: train_pick_activate(a, it); break;
    case SCR_TRAIN: train_activate(a, it); break;
    case SCR_EXPLAIN:
    case SCR_EVENTS:
    case SCR_INPUT: app_goto(a, a->back_scr); break;
    }
}

static void go_back(struct app *a)
{
    switch (a->scr) {
    case SCR_STEP:
        if (session_back(&a->s) != 0)
            app_message(a, "ui.msg.at-start", NULL);
        a->sel = 0;
        a->scroll = 0;
        break;
    case SCR_ACTION:
    case SCR_SUMMARY:
    case SCR_QUIT:
        app_goto(a, a->scr == SCR_QUIT ? a->back_scr : SCR_STEP);
        break;
    case SCR_EXPLAIN:
    case SCR_EVENTS:
    case SCR_INPUT:
        app_goto(a, a->back_scr);
        break;
    case SCR_TRAIN_PICK:
    case SCR_TRAIN:
        train_go_back(a);
        break;
    case SCR_START:
        break;
    }
}

static void handle_mouse(struct app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
        return;
    int i = ev.y - a->menu_top;
    if (a->nmenu > 0 && i >= 0 && i < a->nmenu) {
        a->sel = i;
        if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_RELEASED))
            activate(a, &a->menu[i]);
    }
}

bool ui_stop_requested(void)
{
    nodelay(stdscr, TRUE);
    int ch = getch();
    nodelay(stdscr, FALSE);
    return ch == 'q' || ch == KEY_F(10) || ch == KEY_ESC;
}

/* One key. */
static void key(struct app *a, int k, bool is_char, uint32_t ch)
{
    if (a->help) {
        a->help = false; /* any key closes the help */
        return;
    }
    /* While the window is too small nothing is visible to act on: only
     * quitting (and the resize itself) is taken. */
    if (a->too_small && !(is_char && ch == 'q') && k != KEY_F(10)) {
        return;
    }
    if (a->scr == SCR_INPUT && input_key(a, k, is_char, ch))
        return;
    if (is_char)
        k = (int)ch;
    app_message(a, NULL, NULL);
    switch (k) {
    case '?':
    case KEY_F(1):
        a->help = true;
        return;
    case 'L':
    case KEY_F(2):
        a->l->lang = a->l->lang == LANG_DE ? LANG_EN : LANG_DE;
        if (a->walking)
            session_set_lang(&a->s, a->l->lang);
        return;
    case 'q':
    case KEY_F(10):
        app_request_quit(a);
        return;
    case KEY_RESIZE:
        return;
    case KEY_MOUSE:
        handle_mouse(a);
        return;
    case KEY_UP:
    case 'k':
        if (a->sel > 0)
            a->sel--;
        else if (a->scroll > 0)
            a->scroll--;
        return;
    case KEY_DOWN:
    case 'j':
        if (a->sel + 1 < a->nmenu)
            a->sel++;
        return;
    case KEY_PPAGE:
        if (a->scr == SCR_TRAIN_PICK)
            train_pick_page(a, -1);
        else
            a->scroll -= a->pane_rows > 2 ? a->pane_rows - 2 : 1;
        return;
    case KEY_NPAGE:
    case ' ':
        if (a->scr == SCR_TRAIN_PICK)
            train_pick_page(a, 1);
        else
            a->scroll += a->pane_rows > 2 ? a->pane_rows - 2 : 1;
        return;
    case KEY_HOME:
        a->scroll = 0;
        return;
    case KEY_END:
        a->scroll = a->text_lines;
        return;
    case '\n':
    case '\r':
    case KEY_ENTER:
        if (a->nmenu > 0)
            activate(a, &a->menu[a->sel]);
        return;
    case KEY_BACKSPACE:
    case 127:
    case 8:
    case 'b':
    case KEY_ESC:
        go_back(a);
        return;
    case 'r':
        if (a->scr == SCR_STEP && a->walking) {
            int rc = session_rerun(&a->s);
            app_message(a, rc == 0 ? "ui.msg.rerun" : rc > 0 ? "ui.msg.no-rerun" : "error.memory", NULL);
            app_engine_said(a);
        }
        return;
    case 's':
        if (a->scr == SCR_TRAIN)
            train_save_debrief(a);
        else if (a->walking)
            app_save_report(a);
        return;
    default:
        if (k >= '1' && k <= '9' && k - '1' < a->nmenu) {
            a->sel = k - '1';
            activate(a, &a->menu[a->sel]);
        }
        return;
    }
}

/* Makes sure the C library and curses speak UTF-8. */
static void setup_locale(void)
{
    const char *cur = setlocale(LC_ALL, "");
    const char *ctype = setlocale(LC_CTYPE, NULL);
    bool utf8 = ctype && (strstr(ctype, "UTF-8") || strstr(ctype, "utf8") || strstr(ctype, "UTF8") ||
                          strstr(ctype, "utf-8"));
    if (!cur || !utf8) {
        if (!setlocale(LC_CTYPE, "C.UTF-8"))
            setlocale(LC_CTYPE, "en_US.UTF-8");
    }
    /* numbers and messages of the C library stay plain */
    setlocale(LC_NUMERIC, "C");
}

int ui_wizard(struct wizard_start *w)
{
    struct app a;
    memset(&a, 0, sizeof(a));
    a.l = w->l;
    a.t = w->t;
    a.f = w->f;
    a.source = w->source;
    a.demo = w->demo;
    a.tmpl_override = w->tmpl;
    setup_locale();
    /* the platform names the terminal type where TERM must not count
       (Windows: the console driver) */
    SCREEN *scr = newterm(platform_curses_terminal(), stdout, stdin);
    if (!scr) /* a terminal curses cannot drive: the line mode instead */
        return ui_plain(w);
    set_term(scr);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED, NULL);
    mouseinterval(0);
    draw_init_colors(&a);
    if (w->train) {
        if (app_begin_training(&a, w->train_id, a.f, w->source) != 0)
            a.quit = true;
    } else if (a.f) {
        if (app_begin_walk(&a) != 0)
            a.quit = true;
    } else {
        app_goto(&a, SCR_START);
    }
    /* Benchmark hook (tests/bench/wizard.sh): leave right after the first
     * complete frame. */
    const char *bench = getenv("ENROLLDOC_BENCH_FIRST_FRAME");
    bool first_frame_only = bench && strcmp(bench, "1") == 0;
    while (!a.quit) {
        render(&a);
        if (first_frame_only)
            break;
        wint_t ch;
        int rc = get_wch(&ch);
        if (rc == ERR)
            continue;
        key(&a, rc == KEY_CODE_YES ? (int)ch : 0, rc != KEY_CODE_YES, (uint32_t)ch);
    }
    endwin();
    delscreen(scr);
    diagnosis_free(a.summary);
    if (a.walking)
        session_free(&a.s);
    app_end_training(&a);
    app_events_free(&a);
    facts_free(a.owned_facts);
    arena_free(&a.frame);
    if (a.transcript[0]) {
        fputs("enrolldoc: ", stderr);
        fputs(tr(a.l, "ui.transcript-at"), stderr);
        fputc(' ', stderr);
        term_fputs(a.transcript, 0, stderr);
        fputc('\n', stderr);
    }
    return a.status;
}
