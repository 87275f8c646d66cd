/* screen_quit.c: quitting after actions ran on this client asks once. */
#include "app.h"

static const char *const keys[] = {"Enter", "ui.key.choose", "b", "ui.key.back", "?",
                                   "ui.key.help", "L", "ui.key.lang"};

void quit_build(struct app *a)
{
    pane_text(a, T(a, "ui.quit.title"), 0, 0, TS_TITLE);
    pane_blank(a);
    pane_text(a, T(a, "ui.quit.actions-ran"), 0, 0, TS_NORMAL);
    pane_blank(a);
    for (size_t i = 0; i < a->s.nactions; i++) {
        const struct session_action *ac = &a->s.actions[i];
        if (ac->outcome == ACTION_RAN)
            pane_text(a, fstr(a, "%s  (%s)", ac->cmdline[0] ? ac->cmdline : ac->id,
                              fstr(a, "exit %d", ac->exit_code)),
                      2, 4, TS_CODE);
    }
    if (session_undo_pending(&a->s)) {
        pane_blank(a);
        pane_text(a, T(a, "ui.quit.loglevel"), 0, 0, TS_WARN);
        menu_add(a, ITEM_ACTION, "loglevel.restore",
                 fstr(a, "%s: %s", T(a, "ui.menu.action"), T(a, "action.loglevel.restore.title")),
                 false);
    }
    menu_add(a, ITEM_QUIT, NULL, T(a, "ui.menu.quit-now"), false);
    menu_add(a, ITEM_BACK_TO_WALK, NULL, T(a, "ui.menu.back-to-walk"), false);
    keybar_set(a, keys, 8);
}

void quit_activate(struct app *a, const struct item *it)
{
    if (it->kind == ITEM_QUIT) {
        a->quit = true;
    } else if (it->kind == ITEM_ACTION) {
        a->action_id = it->arg;
        a->back_scr = SCR_QUIT;
        app_goto(a, SCR_ACTION);
    } else {
        app_goto(a, a->back_scr);
    }
}
