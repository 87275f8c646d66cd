/* report_ui.c: saving the report of the walk from the wizard (key s),
 * through src/report_save.h as the line mode does. */
#include "app.h"
#include "report_save.h"

void app_save_report(struct app *a)
{
    if (!a->walking)
        return;
    struct err e;
    int rc = report_save_walk(&a->s, a->l, a->demo ? "demo" : a->source, &a->saved, &e);
    if (rc < 0)
        a->msg = e;
    else
        app_message(a, rc == 0 ? "ui.msg.saved" : "ui.msg.already-saved", a->saved.path);
}
