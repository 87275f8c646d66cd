#include "transcript.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "platform/platform.h"
#include "util.h"

struct transcript {
    FILE *fp;
    char path[4096];
};

struct transcript *transcript_open(const char *dir, int64_t now, struct err *e)
{
    struct transcript *t = calloc(1, sizeof(*t));
    if (!t) {
        err_set(e, "error.memory");
        err_arg(e, "file", "%s", dir);
        return NULL;
    }
    if (platform_mkdirs(dir) != 0) {
        err_set(e, "error.transcript");
        err_arg(e, "file", "%s", dir);
        err_arg(e, "reason", "%s", strerror(errno));
        free(t);
        return NULL;
    }
    char iso[40];
    time_format_iso(now, iso, sizeof(iso));
    /* 2026-11-20T08:15:00Z -> 20261120-081500 */
    char stamp[20];
    snprintf(stamp, sizeof(stamp), "%.4s%.2s%.2s-%.2s%.2s%.2s", iso, iso + 5, iso + 8, iso + 11,
             iso + 14, iso + 17);
    snprintf(t->path, sizeof(t->path), "%s%cenrolldoc-%s-%ld.jsonl", dir, platform_dir_sep(), stamp,
             platform_pid());
    t->fp = file_create(t->path, "error.transcript", e);
    if (!t->fp) {
        free(t);
        return NULL;
    }
    return t;
}

const char *transcript_path(const struct transcript *t)
{
    return t->path;
}

int transcript_event(struct transcript *t, int64_t now, const char *event,
                     const char *const *keys, const char *const *values, int n)
{
    if (!t || !t->fp)
        return -1;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return -1;
    char iso[40];
    time_format_iso(now, iso, sizeof(iso));
    cJSON_AddStringToObject(o, "time", iso);
    cJSON_AddStringToObject(o, "event", event);
    for (int i = 0; i < n; i++)
        cJSON_AddItemToObject(o, keys[i],
                              values[i] ? cJSON_CreateString(values[i]) : cJSON_CreateNull());
    char *line = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!line)
        return -1;
    int rc = fprintf(t->fp, "%s\n", line) < 0 || fflush(t->fp) != 0 ? -1 : 0;
    cJSON_free(line);
    return rc;
}

void transcript_close(struct transcript *t)
{
    if (!t)
        return;
    if (t->fp) {
        /* the record of what ran must survive a power cut after the session */
        platform_sync(t->fp);
        fclose(t->fp);
    }
    free(t);
}
