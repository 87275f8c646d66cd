/* screen_summary.c: every finding of the walk's context, most severe first,
 * each with what to do; saving the report. */
#include "app.h"
#include "output.h"
#include "platform/platform.h"

static const char *const keys[] = {"Enter", "ui.key.choose", "b", "ui.key.back", "s",
                                   "ui.key.save", "?", "ui.key.help", "L", "ui.key.lang",
                                   "q", "ui.key.quit"};

void summary_build(struct app *a)
{
    if (!a->summary) {
        struct err e;
        if (session_diagnose(&a->s, &a->summary, &e) != 0) {
            a->msg = e;
            app_goto(a, SCR_STEP);
            return;
        }
    }
    const struct diagnosis *d = a->summary;
    pane_text(a, T(a, "ui.summary.title"), 0, 0, TS_TITLE);
    pane_blank(a);
    if (d->nfindings == 0)
        pane_text(a, T(a, "text.no-findings"), 0, 0, TS_OK);
    for (size_t i = 0; i < d->nfindings; i++) {
        const struct finding *fd = d->findings[i];
        enum text_style st = fd->def->sev == SEV_ERROR     ? TS_FAIL
                             : fd->def->sev == SEV_WARNING ? TS_WARN
                                                           : TS_UNKNOWN;
        pane_text(a, fstr(a, "%zu. %s: %s", i + 1,
                          Tf(a, "severity.%s", severity_name(fd->def->sev)),
                          Tf(a, "finding.%s.title", fd->def->id)),
                  0, 3, st);
        for (size_t k = 0; k < fd->nevidence; k++)
            pane_text(a, app_evidence_line(a, &fd->evidence[k]), 3, 5, TS_DIM);
        pane_text(a, T(a, "text.todo"), 3, 3, TS_BOLD);
        pane_text(a, Tf(a, "finding.%s.todo", fd->def->id), 3, 6, TS_NORMAL);
        pane_blank(a);
    }
    menu_add(a, ITEM_SAVE, NULL, T(a, "ui.menu.save"), false);
    menu_add(a, ITEM_BACK_TO_WALK, NULL, T(a, "ui.menu.back-to-walk"), false);
    menu_add(a, ITEM_QUIT, NULL, T(a, "ui.menu.quit"), false);
    keybar_set(a, keys, 12);
}

void summary_activate(struct app *a, const struct item *it)
{
    switch (it->kind) {
    case ITEM_SAVE:
        app_save_report(a);
        break;
    case ITEM_BACK_TO_WALK:
        diagnosis_free(a->summary);
        a->summary = NULL;
        app_goto(a, SCR_STEP);
        break;
    case ITEM_QUIT:
        app_request_quit(a);
        break;
    default:
        break;
    }
}
