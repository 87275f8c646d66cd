/* screen_action.c: one action in full — the exact command line, what it
 * changes, how to undo it — and the confirmation, No by default. On a
 * bundle nothing runs: the action is shown and recorded as not run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "app.h"
#include "events_csv.h"
#include "platform/platform.h"
#include "util.h"

static const char *const keys[] = {"Enter", "ui.key.choose", "b", "ui.key.cancel", "?",
                                   "ui.key.help", "L", "ui.key.lang", "q", "ui.key.quit"};

/* The value loglevel.restore puts back, or NULL (delete the value). */
static const char *restore_value(const struct app *a)
{
    return a->loglevel_was_set ? a->loglevel_before : NULL;
}

/* The command line of the action in the walk's context, or NULL. */
static const char *cmdline(struct app *a, const struct action_def *ad)
{
    struct action_cmd cmd;
    if (ad->kind != ACTION_COMMAND)
        return NULL;
    if (action_command(ad, a->w.ctx, a->w.tmpl, restore_value(a), &cmd) != 0)
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
            pane_text(a, T(a, !ad->needs_template                                      ? "ui.action.no-command"
                              : a->w.tmpl && !action_template_name_ok(a->w.tmpl) ? "action.template-refused"
                                                                                 : "ui.action.needs-template"),
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

/* Runs a command action on this client and records it. */
static void run_command(struct app *a, const struct action_def *ad, const char *cl)
{
    struct action_cmd cmd;
    if (action_command(ad, a->w.ctx, a->w.tmpl, restore_value(a), &cmd) != 0) {
        walk_record_action(&a->w, ad->id, cl, ACTION_DECLINED, 0, NULL);
        app_message(a, "ui.msg.cannot-run", NULL);
        return;
    }
    if (strcmp(ad->id, "loglevel.raise") == 0 && !a->loglevel_raised) {
        /* remember what was there, for loglevel.restore */
        a->loglevel_was_set = a->f->loglevel.st == F_SET;
        snprintf(a->loglevel_before, sizeof(a->loglevel_before), "%lld",
                 (long long)a->f->loglevel.v);
    }
    const char *argv[ACTION_MAX_ARGS + 1];
    for (size_t i = 0; i < cmd.argc; i++)
        argv[i] = cmd.argv[i];
    argv[cmd.argc] = NULL;
    draw_working(a, fstr(a, "%s %s …", T(a, "ui.action.running"), cl ? cl : ad->id));
    struct proc_result r;
    struct err e;
    if (platform_run(argv, 300000, &r, &e) != 0) {
        walk_record_action(&a->w, ad->id, cl, ACTION_DECLINED, 0, NULL);
        a->msg = e;
        return;
    }
    const char *output = fstr(a, "%s%s%s", r.out, r.err_len ? "\n" : "", r.err);
    walk_record_action(&a->w, ad->id, cl, ACTION_RAN, r.timed_out ? -1 : r.exit_code, output);
    if (r.timed_out) {
        app_message(a, "ui.msg.timed-out", cl);
    } else {
        app_message(a, r.exit_code == 0 ? "ui.msg.ran-ok" : "ui.msg.ran-failed",
                    fstr(a, "%d", r.exit_code));
        if (strcmp(ad->id, "loglevel.raise") == 0 && r.exit_code == 0)
            a->loglevel_raised = true;
        if (strcmp(ad->id, "loglevel.restore") == 0 && r.exit_code == 0)
            a->loglevel_raised = false;
    }
    proc_result_free(&r);
}

/* The actions enrolldoc does itself. */
static void run_internal(struct app *a, const struct action_def *ad)
{
    if (strcmp(ad->id, "ca.ping") == 0) {
        draw_working(a, fstr(a, "%s %s …", T(a, "ui.live.probing"), T(a, "probe.ca_ping")));
        probe_forget(a->f, PROBE_CA_PING);
        probe_groups(a->f, 1u << PROBE_CA_PING, PROBE_TIMEOUT_MS_DEFAULT, &a->notes);
        walk_record_action(&a->w, ad->id, "", ACTION_RAN, 0, NULL);
        walk_rerun(&a->w);
        app_message(a, "ui.msg.pinged", NULL);
        return;
    }
    if (strcmp(ad->id, "events.export") == 0) {
        probe_groups(a->f, 1u << PROBE_EVENTS, PROBE_TIMEOUT_MS_DEFAULT, &a->notes);
        if (a->f->events.st != F_SET) {
            walk_record_action(&a->w, ad->id, "", ACTION_DECLINED, 0, NULL);
            app_message(a, "ui.msg.no-events", NULL);
            return;
        }
        const char *host = a->f->meta.host.st == F_SET ? a->f->meta.host.v : "client";
        char path[512];
        snprintf(path, sizeof(path), "%s_ClientEvents.csv", host);
        struct err e;
        FILE *out = file_create_unique(path, sizeof(path), "error.collect.write", &e);
        if (!out || file_close_created(out, path, events_write_csv(&a->f->events, a->l->lang, false, out, &e),
                                       true) != 0) {
            walk_record_action(&a->w, ad->id, path, ACTION_DECLINED, 0, NULL);
            app_message(a, "ui.msg.export-failed", path);
            return;
        }
        walk_record_action(&a->w, ad->id, path, ACTION_RAN, 0, NULL);
        app_message(a, "ui.msg.exported", path);
    }
}

void action_activate(struct app *a, const struct item *it)
{
    const struct action_def *ad = action_find(a->action_id);
    const char *cl = ad ? cmdline(a, ad) : NULL;
    switch (it->kind) {
    case ITEM_OK:
        walk_record_action(&a->w, a->action_id, cl, ACTION_NOT_RUN_BUNDLE, 0, NULL);
        app_message(a, "ui.msg.not-run", NULL);
        break;
    case ITEM_RUN_NO:
        walk_record_action(&a->w, a->action_id, cl, ACTION_DECLINED, 0, NULL);
        app_message(a, "ui.msg.declined", NULL);
        break;
    case ITEM_RUN_YES:
        if (ad && ad->kind == ACTION_COMMAND)
            run_command(a, ad, cl);
        else if (ad)
            run_internal(a, ad);
        break;
    default:
        break;
    }
    app_goto(a, a->back_scr);
}
