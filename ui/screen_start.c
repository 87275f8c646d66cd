/* screen_start.c: what to diagnose — this computer (Windows), a bundle, the
 * demo, or an error code to explain. */
#include <string.h>

#include "app.h"
#include "bundle.h"
#include "platform/platform.h"

static const char *const keys[] = {"Enter", "ui.key.choose", "?", "ui.key.help", "L",
                                   "ui.key.lang", "q", "ui.key.quit"};

void start_build(struct app *a)
{
    pane_text(a, T(a, "ui.start.title"), 0, 0, TS_TITLE);
    pane_blank(a);
    pane_text(a, T(a, "ui.start.intro"), 0, 0, TS_NORMAL);
    pane_blank(a);
    bool live = platform_can_probe();
    if (!live) {
        pane_text(a, T(a, "ui.start.live-unavailable"), 0, 0, TS_DIM);
        pane_blank(a);
    }
    menu_add(a, ITEM_LIVE, NULL, T(a, "ui.start.live"), !live);
    menu_add(a, ITEM_OPEN_BUNDLE, NULL, T(a, "ui.start.bundle"), false);
    menu_add(a, ITEM_DEMO, NULL, T(a, "ui.start.demo"), false);
    menu_add(a, ITEM_TRAIN, NULL, T(a, "train.ui.start-entry"), false);
    menu_add(a, ITEM_EXPLAIN, NULL, T(a, "ui.start.explain"), false);
    menu_add(a, ITEM_EVENTS, NULL, T(a, "ui.start.events"), false);
    menu_add(a, ITEM_QUIT, NULL, T(a, "ui.menu.quit"), false);
    /* the first usable entry is selected when the screen opens */
    if (!live && a->sel == 0)
        a->sel = 1;
    keybar_set(a, keys, 8);
}

void start_activate(struct app *a, const struct item *it)
{
    struct err e;
    switch (it->kind) {
    case ITEM_OPEN_BUNDLE:
        a->input_kind = INPUT_BUNDLE;
        a->input_len = 0;
        a->input[0] = '\0';
        a->back_scr = SCR_START;
        app_goto(a, SCR_INPUT);
        break;
    case ITEM_EVENTS:
        a->input_kind = INPUT_EVENTS;
        a->input_len = 0;
        a->input[0] = '\0';
        a->back_scr = SCR_START;
        app_goto(a, SCR_INPUT);
        break;
    case ITEM_EXPLAIN:
        a->input_kind = INPUT_CODE;
        a->input_len = 0;
        a->input[0] = '\0';
        a->back_scr = SCR_START;
        app_goto(a, SCR_INPUT);
        break;
    case ITEM_DEMO:
        if (bundle_demo(&a->owned_facts, &e) != 0) {
            a->msg = e;
            break;
        }
        a->f = a->owned_facts;
        a->demo = true;
        a->source = NULL;
        if (app_begin_walk(a) != 0)
            app_message(a, "error.memory", NULL);
        break;
    case ITEM_TRAIN:
        a->train_from_start = true;
        app_begin_training(a, NULL, NULL, NULL);
        break;
    case ITEM_LIVE:
        if (app_begin_live(a) != 0)
            app_message(a, "error.memory", NULL);
        break;
    case ITEM_QUIT:
        app_request_quit(a);
        break;
    default:
        break;
    }
}
