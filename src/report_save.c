/* report_save.c: the report of a session saved under a generated name. */
#include "report_save.h"

#include <stdbool.h>
#include <stdio.h>

#include "platform/platform.h"
#include "report.h"
#include "util.h"

/* A file-name-safe copy of S (letters, digits, '-', '_'). */
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
static uint64_t fingerprint(const struct session *s, enum lang lang)
{
    uint64_t h = 14695981039346656037u;
    const uint64_t prime = 1099511628211u;
    for (size_t i = 0; i < s->nsteps; i++) {
        const struct session_step *st = &s->steps[i];
        h = (h ^ st->node) * prime;
        h = (h ^ (uint64_t)st->status) * prime;
        h = (h ^ st->runs) * prime;
        for (const char *p = st->answer; p && *p; p++)
            h = (h ^ (unsigned char)*p) * prime;
        h = (h ^ 0xffu) * prime;
    }
    h = (h ^ s->nactions) * prime;
    return (h ^ (uint64_t)lang) * prime;
}

int report_save_walk(const struct session *s, const struct locale *l, const char *source,
                     struct report_save_state *last, struct err *e)
{
    /* the same report again: say where it is rather than write a copy */
    uint64_t state = fingerprint(s, l->lang);
    if (last->path[0] && last->fingerprint == state)
        return 1;
    struct diagnosis *d = NULL;
    if (session_diagnose(s, &d, e) != 0)
        return -1;
    char dir[4096], path[4400], stamp[40], user[256], host[64];
    if (platform_state_dir(dir, sizeof(dir)) != 0 || platform_mkdirs(dir) != 0)
        snprintf(dir, sizeof(dir), ".");
    int64_t now = platform_now();
    time_format_iso(now, stamp, sizeof(stamp));
    safe_name(host, sizeof(host), s->f->meta.host.st == F_SET ? s->f->meta.host.v : NULL);
    /* HOST_enrolldoc_20261120-081500.md */
    snprintf(path, sizeof(path), "%s%c%s_enrolldoc_%.4s%.2s%.2s-%.2s%.2s%.2s.md", dir,
             platform_dir_sep(), host, stamp, stamp + 5, stamp + 8, stamp + 11, stamp + 14, stamp + 17);
    platform_username(user, sizeof(user));
    struct report_origin o = {.bundle = source, .generated_at = now, .user = user, .host = NULL};
    struct report *r = NULL;
    int rc = -1;
    if (report_from_walk(s, d, &o, &r, e) == 0 && report_write_new(r, l, path, sizeof(path), e) == 0) {
        snprintf(last->path, sizeof(last->path), "%s", path);
        last->fingerprint = state;
        rc = 0;
    }
    report_free(r);
    diagnosis_free(d);
    return rc;
}
