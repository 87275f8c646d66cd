/* screen_action.c: one action in full — the exact command line, what it
 * changes, how to undo it — and the confirmation, No by default. The engine
 * runs it (session_run_action) and says what came of it; on recorded facts
 * nothing runs: the action is shown and recorded as not run. */
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "app.h"

static const char *const keys[] = {"Enter", "ui.key.choose", "b", "ui.key.cancel", "?",
                                   "ui.key.help", "L", "ui.key.lang", "q", "ui.key.quit"};

void action_build(struct app *a)
{
    struct session_offer o;
    if (session_offer(&a->s, a->action_id, &o) != 0) {
        app_goto(a, SCR_STEP);
        return;
    }
    pane_text(a, Tf(a, "action.%s.title", o.id), 0, 0, TS_TITLE);
    pane_blank(a);
    if (o.def->kind == ACTION_COMMAND) {
        pane_text(a, T(a, "ui.action.command"), 0, 0, TS_BOLD);
        if (o.cmdline[0])
            pane_text(a, fstr(a, "%s", o.cmdline), 4, 6, TS_CODE);
        else
            pane_text(a, T(a, o.why_not ? o.why_not : "ui.action.no-command"), 4, 4, TS_WARN);
        if (a->s.ctx == CTX_NONE)
            pane_text(a, T(a, "ui.action.context-unknown"), 4, 4, TS_DIM);
    } else {
        pane_text(a, T(a, "ui.action.internal"), 0, 0, TS_BOLD);
    }
    pane_blank(a);
    pane_text(a, T(a, "ui.action.effect"), 0, 0, TS_BOLD);
    pane_text(a, Tf(a, "action.%s.effect", o.id), 2, 2, TS_NORMAL);
    pane_blank(a);
    pane_text(a, T(a, "ui.action.undo"), 0, 0, TS_BOLD);
    pane_text(a, Tf(a, "action.%s.undo", o.id), 2, 2, TS_NORMAL);
    pane_blank(a);
    if (!a->s.live) {
        pane_text(a, T(a, "ui.action.bundle"), 0, 0, TS_DIM);
        menu_add(a, ITEM_OK, NULL, T(a, "ui.menu.ok-not-run"), false);
    } else {
        if (o.why_not && o.cmdline[0])
            pane_text(a, T(a, o.why_not), 0, 0, TS_WARN);
        menu_add(a, ITEM_RUN_NO, NULL, T(a, "ui.menu.run-no"), false);
        menu_add(a, ITEM_RUN_YES, NULL, T(a, "ui.menu.run-yes"), !o.can_run);
    }
    keybar_set(a, keys, 10);
}

void action_activate(struct app *a, const struct item *it)
{
    bool confirmed = it->kind == ITEM_RUN_YES;
    if (it->kind == ITEM_OK || it->kind == ITEM_RUN_NO || it->kind == ITEM_RUN_YES) {
        if (session_run_action(&a->s, a->action_id, confirmed) != 0)
            app_message(a, "error.memory", NULL);
        else
            app_engine_said(a);
    }
    app_goto(a, a->back_scr);
}
