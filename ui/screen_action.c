/* screen_action.c: one action in full — the exact command line, what it
 * changes, how to undo it — and the confirmation, No by default. On a
 * bundle nothing runs: the action is shown and recorded as not run. */
#include <string.h>

#include "actions.h"
#include "app.h"

static const char *const keys[] = {"Enter", "ui.key.choose", "b", "ui.key.cancel", "?",
                                   "ui.key.help", "L", "ui.key.lang", "q", "ui.key.quit"};

/* The command line of the action in the walk's context, or NULL. */
static const char *cmdline(struct app *a, const struct action_def *ad)
{
    struct action_cmd cmd;
    if (ad->kind != ACTION_COMMAND)
        return NULL;
    if (action_command(ad, a->w.ctx, a->w.tmpl, NULL, &cmd) != 0)
        return NULL;
    char buf[600];
    action_cmdline(&cmd, buf, sizeof(buf));
    return fstr(a, "%s", buf);
}

void action_build(struct app *a)
{
    const struct action_def *ad = action_find(a->action_id);
    if (!ad) {
        app_goto(a, SCR_STEP);
        return;
    }
    pane_text(a, Tf(a, "action.%s.title", ad->id), 0, 0, TS_TITLE);
    pane_blank(a);
    const char *cl = cmdline(a, ad);
    if (ad->kind == ACTION_COMMAND) {
        pane_text(a, T(a, "ui.action.command"), 0, 0, TS_BOLD);
        if (cl)
            pane_text(a, cl, 4, 6, TS_CODE);
        else
            pane_text(a, T(a, ad->needs_template ? "ui.action.needs-template" : "ui.action.no-command"),
                      4, 4, TS_WARN);
        if (a->w.ctx == CTX_NONE)
            pane_text(a, T(a, "ui.action.context-unknown"), 4, 4, TS_DIM);
    } else {
        pane_text(a, T(a, "ui.action.internal"), 0, 0, TS_BOLD);
    }
    pane_blank(a);
    pane_text(a, T(a, "ui.action.effect"), 0, 0, TS_BOLD);
    pane_text(a, Tf(a, "action.%s.effect", ad->id), 2, 2, TS_NORMAL);
    pane_blank(a);
    pane_text(a, T(a, "ui.action.undo"), 0, 0, TS_BOLD);
    pane_text(a, Tf(a, "action.%s.undo", ad->id), 2, 2, TS_NORMAL);
    pane_blank(a);
    if (!a->w.live) {
        pane_text(a, T(a, "ui.action.bundle"), 0, 0, TS_DIM);
        menu_add(a, ITEM_OK, NULL, T(a, "ui.menu.ok-not-run"), false);
    } else {
        menu_add(a, ITEM_RUN_NO, NULL, T(a, "ui.menu.run-no"), false);
        menu_add(a, ITEM_RUN_YES, NULL, T(a, "ui.menu.run-yes"), cl == NULL && ad->kind == ACTION_COMMAND);
    }
    keybar_set(a, keys, 10);
}

void action_activate(struct app *a, const struct item *it)
{
    const struct action_def *ad = action_find(a->action_id);
    const char *cl = ad ? cmdline(a, ad) : NULL;
    switch (it->kind) {
    case ITEM_OK:
        walk_record_action(&a->w, a->action_id, cl, ACTION_NOT_RUN_BUNDLE, 0);
        app_message(a, "ui.msg.not-run", NULL);
        break;
    case ITEM_RUN_NO:
        walk_record_action(&a->w, a->action_id, cl, ACTION_DECLINED, 0);
        app_message(a, "ui.msg.declined", NULL);
        break;
    case ITEM_RUN_YES:
        /* Live actions run through the platform's process runner (Windows
         * only); without it, nothing runs. */
        walk_record_action(&a->w, a->action_id, cl, ACTION_DECLINED, 0);
        app_message(a, "ui.msg.cannot-run", NULL);
        break;
    default:
        break;
    }
    app_goto(a, SCR_STEP);
}
