/* report_file.c: a report written to a file, in the format its name asks
 * for (report_write_file and friends in report.h). */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "platform/platform.h"
#include "util.h"

int report_format_from_path(const char *path, enum report_format *fmt, struct err *e)
{
    static const struct {
        const char *ext;
        enum report_format fmt;
    } exts[] = {
        {".md", REPORT_MARKDOWN}, {".markdown", REPORT_MARKDOWN}, {".html", REPORT_HTML},
        {".htm", REPORT_HTML},    {".json", REPORT_JSON},
    };
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    const char *dot = strrchr(base, '.');
    for (size_t i = 0; dot && dot != base && i < sizeof(exts) / sizeof(exts[0]); i++) {
        if (ascii_casecmp(dot, exts[i].ext) == 0) {
            *fmt = exts[i].fmt;
            return 0;
        }
    }
    err_set(e, "error.report.format");
    return err_arg(e, "file", "%s", path);
}

/* Sets E to error.report.write for PATH with the reason of errno CODE (0:
 * the stream failed without saying why). */
static int write_error(struct err *e, const char *path, int code)
{
    err_set(e, "error.report.write");
    err_arg(e, "file", "%s", path);
    switch (code) {
    case 0: return err_arg(e, "reason", "@report.error.incomplete");
    case ENOENT: return err_arg(e, "reason", "@error.reason.not-found");
    case EACCES: return err_arg(e, "reason", "@error.reason.access");
    case EISDIR: return err_arg(e, "reason", "@error.reason.is-dir");
    default: return err_arg(e, "reason", "%s", strerror(code));
    }
}

/* Writes R in FMT into FP, a file this run created at PATH, and closes it;
 * removes it when the writing failed. */
static int report_write_stream(const struct report *r, const struct locale *l, enum report_format fmt,
                               FILE *fp, const char *path, struct err *e)
{
    errno = 0;
    int rc;
    switch (fmt) {
    case REPORT_MARKDOWN: rc = report_write_markdown(r, l, fp); break;
    case REPORT_HTML: rc = report_write_html(r, l, fp); break;
    case REPORT_JSON:
    default: rc = report_write_json(r, l, fp); break;
    }
    int saved = errno;
    if (file_close_created(fp, path, rc, true) != 0)
        return write_error(e, path, rc != 0 ? saved : errno);
    return 0;
}

int report_write_file(const struct report *r, const struct locale *l, const char *path, struct err *e)
{
    enum report_format fmt;
    if (report_format_from_path(path, &fmt, e) != 0)
        return -1;
    FILE *fp = file_create(path, "error.report.write", e);
    if (!fp)
        return -1;
    return report_write_stream(r, l, fmt, fp, path, e);
}

int report_write_new(const struct report *r, const struct locale *l, char *path, size_t size,
                     struct err *e)
{
    enum report_format fmt;
    if (report_format_from_path(path, &fmt, e) != 0)
        return -1;
    FILE *fp = file_create_unique(path, size, "error.report.write", e);
    if (!fp)
        return -1;
    return report_write_stream(r, l, fmt, fp, path, e);
}

char *report_default_name(const char *host, int64_t t, const char *ext, char *buf, size_t size)
{
    char safe[64];
    size_t n = 0;
    for (const char *p = host ? host : ""; *p && n + 1 < sizeof(safe); p++) {
        char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
            safe[n++] = c;
    }
    safe[n] = '\0';
    char iso[40], stamp[24];
    time_format_iso(t, iso, sizeof(iso));   /* YYYY-MM-DDTHH:MM:SSZ */
    snprintf(stamp, sizeof(stamp), "%.4s%.2s%.2s-%.2s%.2s%.2sZ", iso, iso + 5, iso + 8, iso + 11, iso + 14,
             iso + 17);
    snprintf(buf, size, "enrolldoc_%s_%s.%s", n ? safe : "client", stamp, ext);
    return buf;
}

int report_save_diagnosis(const struct diagnosis *d, const char *bundle, const struct locale *l,
                          const char *path, struct err *e)
{
    char user[256], host[256];
    platform_username(user, sizeof(user));
    host[0] = '\0';
    if (!bundle)
        platform_hostname(host, sizeof(host));
    struct report_origin o = {.bundle = bundle, .generated_at = platform_now(), .user = user, .host = host};
    struct report *r = NULL;
    if (report_from_diagnosis(d, &o, &r, e) != 0)
        return -1;
    int rc = report_write_file(r, l, path, e);
    report_free(r);
    return rc;
}

