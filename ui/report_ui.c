/* report_ui.c: saving the report of the walk from the wizard (key s). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "platform/platform.h"
#include "report.h"
#include "util.h"

/* A file-name-safe copy of S (letters, digits, '-', '_', '.'). */
static void safe_name(char *out, size_t size, const char *s)
{
    size_t k = 0;
    for (; s && *s && k + 1 < size; s++) {
        char c = *s;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        out[k++] = ok ? c : '_';
    }
    out[k] = '\0';
    if (k == 0)
        snprintf(out, size, "client");
}

/* A fingerprint of what the report says: the steps walked (their nodes,
 * results, answers and re-runs), the actions recorded, the language. */
static uint64_t report_state(const struct app *a)
{
    uint64_t h = 14695981039346656037u;
    const uint64_t prime = 1099511628211u;
    for (size_t i = 0; i < a->s.nsteps; i++) {
        const struct session_step *st = &a->s.steps[i];
        h = (h ^ st->node) * prime;
        h = (h ^ (uint64_t)st->status) * prime;
        h = (h ^ st->runs) * prime;
        for (const char *p = st->answer; p && *p; p++)
            h = (h ^ (unsigned char)*p) * prime;
        h = (h ^ 0xffu) * prime;
    }
    h = (h ^ a->s.nactions) * prime;
    return (h ^ (uint64_t)a->l->lang) * prime;
}

void app_save_report(struct app *a)
{
    if (!a->walking)
        return;
    /* the same report again: say where it is rather than write a copy */
    uint64_t state = report_state(a);
    if (a->saved_path[0] && a->saved_state == state) {
        app_message(a, "ui.msg.already-saved", a->saved_path);
        return;
    }
    struct diagnosis *d = NULL;
    struct err e;
    if (session_diagnose(&a->s, &d, &e) != 0) {
        a->msg = e;
        return;
    }
    char dir[4096], path[4400], stamp[40], user[256], host[64];
    if (platform_state_dir(dir, sizeof(dir)) != 0 || platform_mkdirs(dir) != 0)
        snprintf(dir, sizeof(dir), ".");
    int64_t now = platform_now();
    time_format_iso(now, stamp, sizeof(stamp));
    safe_name(host, sizeof(host), a->f->meta.host.st == F_SET ? a->f->meta.host.v : NULL);
    /* HOST_enrolldoc_20261120-081500.md */
    snprintf(path, sizeof(path), "%s%c%s_enrolldoc_%.4s%.2s%.2s-%.2s%.2s%.2s.md", dir,
             platform_dir_sep(), host, stamp, stamp + 5, stamp + 8, stamp + 11, stamp + 14, stamp + 17);
    platform_username(user, sizeof(user));
    struct report_origin o = {.bundle = a->demo ? "demo" : a->source, .generated_at = now,
                              .user = user, .host = NULL};
    struct report *r = NULL;
    if (report_from_walk(&a->s, d, &o, &r, &e) != 0 || report_write_new(r, a->l, path, sizeof(path), &e) != 0)
        a->msg = e;
    else {
        app_message(a, "ui.msg.saved", path);
        snprintf(a->saved_path, sizeof(a->saved_path), "%s", path);
        a->saved_state = state;
    }
    report_free(r);
    diagnosis_free(d);
}
