/* app.h: the curses wizard's state and the contract between its screens.
 * The engine (src/session.c) holds the walk, the facts it probes, the
 * actions and the transcript; the app holds only what the screen shows and
 * passes the operator's moves on (ncdu style: every screen is a module that
 * builds its frame and takes its keys). */
#ifndef ENROLLDOC_APP_H
#define ENROLLDOC_APP_H

#include "platform/attributes.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "cli.h"
#include "diagnose.h"
#include "events_report.h"
#include "err.h"
#include "lang.h"
#include "transcript.h"
#include "probe.h"
#include "report_save.h"
#include "session.h"

enum text_style { TS_NORMAL, TS_BOLD, TS_DIM, TS_TITLE, TS_OK, TS_WARN, TS_FAIL, TS_UNKNOWN,
                  TS_CODE };

struct pline {
    const char *s;            /* UTF-8, not terminated */
    size_t n;
    int indent;
    enum text_style style;
};

enum screen_id {
    SCR_START,      /* what to diagnose */
    SCR_STEP,       /* a node of the tree: info, check, question, conclusion */
    SCR_ACTION,     /* one action, shown in full, confirmed */
    SCR_SUMMARY,    /* every finding, most severe first */
    SCR_INPUT,      /* a line of text: a bundle path or an error code */
    SCR_EXPLAIN,    /* an error code explained */
    SCR_QUIT,       /* quitting after actions ran */
    SCR_TRAIN_PICK, /* training: the scenario picker (screen_train.c) */
    SCR_TRAIN,      /* training: a decision, its result, the debrief */
    SCR_EVENTS      /* an events export analysed */
};

enum input_kind { INPUT_BUNDLE, INPUT_CODE, INPUT_EVENTS, INPUT_TEMPLATE };

/* One entry of a screen's menu. */
enum item_kind {
    ITEM_CONTINUE, ITEM_CHOICE, ITEM_ACTION, ITEM_SUMMARY, ITEM_SAVE, ITEM_BACK_TO_WALK,
    ITEM_QUIT, ITEM_LIVE, ITEM_OPEN_BUNDLE, ITEM_DEMO, ITEM_EXPLAIN, ITEM_RUN_YES, ITEM_RUN_NO,
    ITEM_OK, ITEM_RESTART,
    ITEM_TRAIN, ITEM_TRAIN_PICK, ITEM_TRAIN_MORE, ITEM_TRAIN_CHOICE, ITEM_TRAIN_REVEAL,
    ITEM_TRAIN_ANOTHER, ITEM_EVENTS, ITEM_TEMPLATE, ITEM_TEMPLATE_OTHER
};

struct item {
    enum item_kind kind;
    const char *arg;          /* choice or action id */
    const char *label;        /* rendered text (frame arena or catalog) */
    bool disabled;
};

#define MENU_MAX 16

struct app {
    struct locale *l;
    const struct tree *t;
    struct facts *f;          /* facts in use (may be owned: owned_facts) */
    struct facts *owned_facts;
    const char *source;       /* bundle path, or NULL */
    bool demo;
    const char *tmpl_override;
    char transcript[4200];    /* the latest session's transcript ("" when none) */

    bool walking;
    bool live;                /* the facts are probed on this client as the walk needs them */
    struct session s;

    enum screen_id scr;
    enum screen_id back_scr;  /* where ACTION/EXPLAIN/INPUT return to */
    bool help;                /* the help overlay is shown */
    int sel;                  /* selected menu item */
    int start_sel;            /* the start screen's selection, kept while away from it */
    size_t sel_step;          /* the walk step the selection was set up for */
    int scroll;               /* first line of the text pane shown */
    int text_lines;           /* lines of the text pane in the last frame */
    int pane_rows;            /* rows of the text pane in the last frame */

    struct err msg;           /* the status line: a catalog key and arguments */

    /* The report saved last (app_save_report); path "" when none. */
    struct report_save_state saved;

    const char *action_id;    /* SCR_ACTION */
    enum input_kind input_kind;
    char input[512];
    size_t input_len;
    uint32_t code;            /* SCR_EXPLAIN */
    /* SCR_EVENTS: the export analysed (owned; app_events_free) and its text,
     * wrapped to the pane's width in the language it was made in */
    struct facts *events_facts;
    struct events_report *events;
    char *events_file;
    char *events_text;
    int events_width;
    enum lang events_lang;
    struct diagnosis *summary;
    struct train *train;      /* the training under way (screen_train.c), or NULL */
    int train_page;           /* the picker's page */
    bool train_from_start;    /* the picker was opened from the start screen */
    const char *crumb;        /* set by a screen's build: the breadcrumb line instead of the walk's */

    int rows, cols;
    bool color;
    bool too_small;           /* the last frame was the "make the window larger" screen */
    bool quit;
    int status;

    struct arena frame;       /* texts built for one frame */
    struct pline *lines;      /* the text pane of this frame */
    int nlines, caplines;
    const char *const *keys;  /* the key bar: key name, catalog key, ... */
    int nkeys;
    struct item menu[MENU_MAX];
    int nmenu;
    int menu_top;             /* screen row of the first menu item (mouse) */
};

/* Texts. */
const char *T(const struct app *a, const char *key);
const char *Tf(const struct app *a, const char *fmt, ...) ENROLLDOC_PRINTF(2, 3);
/* printf into the frame arena. */
const char *fstr(struct app *a, const char *fmt, ...) ENROLLDOC_PRINTF(2, 3);
/* "label: value" of evidence EV in the operator's language (frame arena). */
const char *app_evidence_line(struct app *a, const struct evidence *ev);
/* The body of node N (frame arena). Its {safety} says what may change: on
 * this client nothing without confirmation; on recorded facts (a bundle,
 * the demo, training) nothing runs at all. */
const char *node_body(struct app *a, const struct node *n);
/* Sets the status line. */
void app_message(struct app *a, const char *key, const char *arg);

/* Starts a walk on the app's facts; 0 or -1 (out of memory). */
int app_begin_walk(struct app *a);
/* Starts a walk on this client: the session probes as the walk goes. */
int app_begin_live(struct app *a);
/* Moves what the engine said about the last move to the status line. */
void app_engine_said(struct app *a);
/* Whether the operator pressed a key that stops a wait (q, F10, Esc);
 * reads the keyboard without waiting (app.c). */
bool ui_stop_requested(void);
/* Draws a one-line "working" notice over the status line, at once. */
void draw_working(struct app *a, const char *text);
/* Ends the walk and returns to the start screen. */
void app_end_walk(struct app *a);
/* Saves the Markdown report of the walk and says where it went. */
void app_save_report(struct app *a);
/* Quits, asking once when actions ran. */
void app_request_quit(struct app *a);
/* Switches to screen S with a fresh selection and scroll. */
void app_goto(struct app *a, enum screen_id s);

/* Screens: build the menu and the text, handle a key. */
void start_build(struct app *a);
void start_activate(struct app *a, const struct item *it);
void step_build(struct app *a);
void step_activate(struct app *a, const struct item *it);
void action_build(struct app *a);
void action_activate(struct app *a, const struct item *it);
void summary_build(struct app *a);
void summary_activate(struct app *a, const struct item *it);
void input_build(struct app *a);
bool input_key(struct app *a, int key, bool is_char, uint32_t ch);
void explain_build(struct app *a);
void events_build(struct app *a);
/* Frees the events export analysed and its text. */
void app_events_free(struct app *a);
void quit_build(struct app *a);
void quit_activate(struct app *a, const struct item *it);
/* Training (screen_train.c). */
void train_pick_build(struct app *a);
void train_pick_activate(struct app *a, const struct item *it);
void train_build(struct app *a);
void train_activate(struct app *a, const struct item *it);
/* Turns the picker's page by DELTA (PgDn, PgUp). */
void train_pick_page(struct app *a, int delta);
/* Key b in training: the previous decision, or the picker; on the picker
 * the start screen when it was opened from there. */
void train_go_back(struct app *a);
/* Opens the picker (ID NULL) or starts built-in scenario ID, or the trainer's
 * facts F (borrowed) from the file SOURCE. Returns 0 or -1 (message set). */
int app_begin_training(struct app *a, const char *id, struct facts *f, const char *source);
/* Ends the training under way (if any). */
void app_end_training(struct app *a);
/* Saves the debrief (key s on the debrief). */
void train_save_debrief(struct app *a);

/* The text pane, built by the screens and drawn by draw.c. */

/* Appends TEXT, word-wrapped to the pane width, with INDENT columns (the
 * first line at FIRST columns), in STYLE. Newlines in TEXT start new lines. */
void pane_text(struct app *a, const char *text, int first, int indent, enum text_style style);
/* Appends TEXT as it is laid out: one pane line per line, its leading
 * blanks as the line's indent, nothing wrapped. */
void pane_pre(struct app *a, const char *text, enum text_style style);
/* Appends an empty line. */
void pane_blank(struct app *a);
/* Adds a menu item. */
void menu_add(struct app *a, enum item_kind kind, const char *arg, const char *label,
              bool disabled);

/* The key bar: pairs of key names and catalog keys, for the screen. */
void keybar_set(struct app *a, const char *const *pairs, int n);

/* draw.c */
int text_width(const char *s, size_t n);
/* Draws the whole frame from the state built by the screen. */
void draw_frame(struct app *a);
/* Draws the "make the window larger" screen. */
void draw_too_small(struct app *a);
/* The pane's width in columns (for wrapping). */
int pane_width(const struct app *a);
/* Rows available for the text pane. */
int pane_rows(const struct app *a);

#endif
