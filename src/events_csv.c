#include "events_csv.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void put_unit(FILE *out, unsigned v)
{
    fputc((int)(v & 0xFF), out);
    fputc((int)(v >> 8), out);
}

/* Writes UTF-8 S as UTF-16 LE, doubling '"' when QUOTE. Invalid bytes
 * become U+FFFD. */
static void put_utf16(FILE *out, const char *s, bool quote)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        uint32_t cp;
        size_t len = 1;
        if (*u < 0x80) {
            cp = *u;
        } else if ((*u & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80) {
            cp = ((uint32_t)(*u & 0x1F) << 6) | (u[1] & 0x3Fu);
            len = 2;
        } else if ((*u & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
            cp = ((uint32_t)(*u & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3Fu);
            len = 3;
        } else if ((*u & 0xF8) == 0xF0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80 &&
                   (u[3] & 0xC0) == 0x80) {
            cp = ((uint32_t)(*u & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
                 ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3Fu);
            len = 4;
        } else {
            cp = 0xFFFD;
        }
        u += len;
        if (cp == '"' && quote)
            put_unit(out, '"');
        if (cp >= 0x10000) {
            cp -= 0x10000;
            put_unit(out, 0xD800 + (unsigned)(cp >> 10));
            put_unit(out, 0xDC00 + (unsigned)(cp & 0x3FF));
        } else {
            put_unit(out, (unsigned)cp);
        }
    }
}

/* A quoted CSV field, quotes doubled; a comma follows unless LAST. */
static void field(FILE *out, const char *s, bool last)
{
    put_utf16(out, "\"", false);
    put_utf16(out, s, true);
    put_utf16(out, last ? "\"\r\n" : "\",", false);
}

static const char *level_display(enum ev_level l, enum lang culture)
{
    static const char *const en[] = {"Error", "Warning", "Information", "Verbose"};
    static const char *const de[] = {"Fehler", "Warnung", "Informationen", "Ausführlich"};
    return culture == LANG_DE ? de[l] : en[l];
}

static int cmp_newest_first(const void *a, const void *b)
{
    const struct event *x = *(const struct event *const *)a, *y = *(const struct event *const *)b;
    int64_t tx = x->time.st == F_SET ? x->time.v : INT64_MIN;
    int64_t ty = y->time.st == F_SET ? y->time.v : INT64_MIN;
    if (tx != ty)
        return tx > ty ? -1 : 1;
    return x->order > y->order ? -1 : (x->order < y->order ? 1 : 0);
}

int events_write_csv(const struct event_list *events, enum lang culture, bool utc, FILE *out,
                     struct err *e)
{
    put_unit(out, 0xFEFF);
    field(out, "TimeCreated", false);
    field(out, "Id", false);
    field(out, "LevelDisplayName", false);
    field(out, "Message", true);
    size_t n = events->st == F_SET ? events->n : 0;
    const struct event **order = calloc(n ? n : 1, sizeof(*order));
    if (!order) {
        err_set(e, "error.memory");
        err_arg(e, "file", "%s", "csv");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &events->v[i];
    qsort(order, n, sizeof(*order), cmp_newest_first);
    for (size_t i = 0; i < n; i++) {
        const struct event *ev = order[i];
        char when[64] = "";
        if (ev->time.st == F_SET) {
            time_t t = (time_t)ev->time.v;
            struct tm *tm = utc ? gmtime(&t) : localtime(&t);
            if (tm && culture == LANG_DE)
                strftime(when, sizeof(when), "%d.%m.%Y %H:%M:%S", tm);
            else if (tm) {
                int h12 = tm->tm_hour % 12 == 0 ? 12 : tm->tm_hour % 12;
                snprintf(when, sizeof(when), "%d/%d/%d %d:%02d:%02d %s", tm->tm_mon + 1, tm->tm_mday,
                         tm->tm_year + 1900, h12, tm->tm_min, tm->tm_sec,
                         tm->tm_hour < 12 ? "AM" : "PM");
            }
        }
        char id[16] = "";
        if (ev->id.st == F_SET)
            snprintf(id, sizeof(id), "%lld", (long long)ev->id.v);
        field(out, when, false);
        field(out, id, false);
        field(out, ev->level_st == F_SET ? level_display(ev->level, culture) : "", false);
        field(out, ev->message.st == F_SET ? ev->message.v : "", true);
    }
    free(order);
    if (fflush(out) != 0 || ferror(out)) {
        err_set(e, "error.write");
        return -1;
    }
    return 0;
}
