/* live.c: the wizard on this client: each check's facts are probed when the
 * walk reaches it (DESIGN.md: probes fill facts, lazily), with a line that
 * says what is being looked at while it runs. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "platform/platform.h"

static void probe_for_check(void *ud, const struct check *c, bool again)
{
    struct app *a = ud;
    unsigned mask = c->needs;
    for (int g = 0; g < PROBE_COUNT; g++) {
        if (!(mask & (1u << g)))
            continue;
        if (again) {
            probe_forget(a->f, (enum probe_group)g);
            /* a group that could not be probed is tried again too */
            size_t k = 0;
            for (size_t i = 0; i < a->notes.n; i++)
                if (a->notes.v[i].group != (enum probe_group)g)
                    a->notes.v[k++] = a->notes.v[i];
            a->notes.n = k;
        }
        draw_working(a, fstr(a, "%s %s …", T(a, "ui.live.probing"),
                             Tf(a, "probe.%s", probe_group_name((enum probe_group)g))));
        size_t before = a->notes.n;
        if (probe_groups(a->f, 1u << g, PROBE_TIMEOUT_MS_DEFAULT, &a->notes) != 0)
            app_message(a, "error.memory", NULL);
        for (size_t i = before; i < a->notes.n && a->tr; i++) {
            const char *k[] = {"group", "reason"};
            const char *v[] = {probe_group_name(a->notes.v[i].group), a->notes.v[i].reason};
            transcript_event(a->tr, platform_now(), "probe-unknown", k, v, 2);
        }
    }
}

int app_begin_live(struct app *a)
{
    struct facts *f = probe_new_facts();
    if (!f)
        return -1;
    facts_free(a->owned_facts);
    a->owned_facts = f;
    a->f = f;
    a->live = true;
    a->demo = false;
    a->source = NULL;
    memset(&a->notes, 0, sizeof(a->notes));
    /* the session first: it decides what the machine context can see */
    draw_working(a, fstr(a, "%s %s …", T(a, "ui.live.probing"), T(a, "probe.session")));
    if (probe_groups(f, 1u << PROBE_SESSION, PROBE_TIMEOUT_MS_DEFAULT, &a->notes) != 0)
        return -1;
    memset(&a->w, 0, sizeof(a->w));
    a->w.probe = probe_for_check;
    a->w.probe_ud = a;
    return app_begin_walk(a);
}
