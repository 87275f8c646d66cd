/* probe_events.c (Windows): today's events (since local midnight) of the
 * three certificate services client providers in the Application log, as
 * the document's Get-WinEvent query reads them, oldest first:
 * EvtQuery with an XPath filter, each event rendered as XML (EvtRender) and
 * read by the event XML reader (import_evxml.h), its message rendered by
 * EvtFormatMessage in the user's UI language (else the one the XML gives:
 * RenderingInfo, or built from the event's data). At most EVENTS_MAX events (the newest kept).
 *
 * Under Wine EvtQuery is a stub (NULL, last error 0): the group stays
 * unknown with a note, never "no events". */
#include "probe_util.h"

#include <winevt.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_evxml.h"

#define EVENTS_MAX 5000

static const wchar_t *const PROVIDERS[] = {
    L"Microsoft-Windows-CertificateServicesClient-AutoEnrollment",
    L"Microsoft-Windows-CertificateServicesClient-CertEnroll",
    L"Microsoft-Windows-CertificateServicesClient",
};
#define NPROV (sizeof(PROVIDERS) / sizeof(PROVIDERS[0]))
static const char *const PROVIDER_NAMES[NPROV] = {
    "Microsoft-Windows-CertificateServicesClient-AutoEnrollment",
    "Microsoft-Windows-CertificateServicesClient-CertEnroll",
    "Microsoft-Windows-CertificateServicesClient",
};

/* Local midnight today as "YYYY-MM-DDTHH:MM:SS.000Z" (UTC). */
static void midnight_utc(wchar_t *out, size_t n)
{
    SYSTEMTIME lt, ut;
    GetLocalTime(&lt);
    lt.wHour = lt.wMinute = lt.wSecond = lt.wMilliseconds = 0;
    if (!TzSpecificLocalTimeToSystemTime(NULL, &lt, &ut))
        ut = lt;
    swprintf(out, n, L"%04u-%02u-%02uT%02u:%02u:%02u.000Z", ut.wYear, ut.wMonth, ut.wDay, ut.wHour,
             ut.wMinute, ut.wSecond);
}

/* EvtRender / EvtFormatMessage into a malloc'd wide string; NULL on failure. */
static wchar_t *render_xml(EVT_HANDLE ev)
{
    DWORD used = 0, props = 0;
    EvtRender(NULL, ev, EvtRenderEventXml, 0, NULL, &used, &props);
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || used == 0)
        return NULL;
    wchar_t *w = malloc(used + sizeof(wchar_t));
    if (!w)
        return NULL;
    if (!EvtRender(NULL, ev, EvtRenderEventXml, used, w, &used, &props)) {
        free(w);
        return NULL;
    }
    w[used / sizeof(wchar_t)] = L'\0';
    return w;
}

static wchar_t *format_message(EVT_HANDLE meta, EVT_HANDLE ev)
{
    if (!meta)
        return NULL;
    DWORD used = 0;
    if (EvtFormatMessage(meta, ev, 0, 0, NULL, EvtFormatMessageEvent, 0, NULL, &used) ||
        GetLastError() != ERROR_INSUFFICIENT_BUFFER || used == 0)
        return NULL;
    wchar_t *w = malloc(((size_t)used + 1) * sizeof(wchar_t));
    if (!w)
        return NULL;
    if (!EvtFormatMessage(meta, ev, 0, 0, NULL, EvtFormatMessageEvent, used, w, &used)) {
        free(w);
        return NULL;
    }
    w[used] = L'\0';
    return w;
}

/* Trailing white space of a UTF-8 message removed in place. */
static void rtrim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\n' || s[n - 1] == '\t'))
        s[--n] = '\0';
}

/* One event into E through the event XML reader (import_evxml.h), its
 * facts kept in F's arena; 0 taken, 1 skipped (unreadable, or a provider
 * not read), -1 out of memory. */
static int read_event(struct facts *f, EVT_HANDLE ev, EVT_HANDLE *meta, struct event *e)
{
    wchar_t *w = render_xml(ev);
    if (!w)
        return 1;
    struct arena tmp = {0};
    char *xml = probe_w2a(&tmp, w, -1);
    free(w);
    if (!xml) {
        arena_free(&tmp);
        return -1;
    }
    struct evxml_sink sink = {.f = f, .name = "Application"};
    struct err err;
    int rc = evxml_read_record(&sink, "Application", xml, strlen(xml), 0, &err);
    arena_free(&tmp);
    if (rc != 0 || sink.n != 1) {
        bool oom = rc != 0 && strcmp(err.key, "error.memory") == 0;
        evxml_sink_discard(&sink);
        return oom ? -1 : 1;
    }
    *e = sink.v[0];
    evxml_sink_discard(&sink);
    /* the message in the user's language, from the publisher's resources */
    EVT_HANDLE m = NULL;
    for (size_t i = 0; i < NPROV; i++) {
        if (strcmp(PROVIDER_NAMES[i], e->provider.v) == 0) {
            if (!meta[i])
                meta[i] = EvtOpenPublisherMetadata(NULL, PROVIDERS[i], NULL, 0, 0);
            m = meta[i];
        }
    }
    wchar_t *msg = format_message(m, ev);
    if (msg) {
        char *s = probe_w2a(&f->arena, msg, -1);
        free(msg);
        if (!s)
            return -1;
        rtrim(s);
        e->message.st = F_SET;
        e->message.v = s;
    }
    return 0;
}

int probe_win_events(struct facts *f, const struct probe_env *env, struct probe_note *note)
{
    wchar_t since[40];
    midnight_utc(since, sizeof(since) / sizeof(since[0]));
    wchar_t query[1024];
    swprintf(query, sizeof(query) / sizeof(query[0]),
             L"*[System[Provider[@Name='%ls' or @Name='%ls' or @Name='%ls'] and "
             L"TimeCreated[@SystemTime>='%ls']]]",
             PROVIDERS[0], PROVIDERS[1], PROVIDERS[2], since);
    SetLastError(0);
    EVT_HANDLE q = EvtQuery(NULL, L"Application", query, EvtQueryChannelPath | EvtQueryForwardDirection);
    if (!q) {
        DWORD e = GetLastError();
        if (env->wine || e == 0)
            probe_note_set(note, PROBE_EVENTS, "event log not available%s (EvtQuery failed, error %lu)",
                           env->wine ? " (Wine)" : "", (unsigned long)e);
        else
            probe_note_set(note, PROBE_EVENTS, "cannot query the Application log (error 0x%08lX)",
                           (unsigned long)probe_code(e));
        return 1;
    }
    EVT_HANDLE meta[NPROV] = {0};
    struct event *v = NULL;
    size_t n = 0, cap = 0, total = 0;
    int rc = 0;
    bool timed_out = false;
    for (;;) {
        EVT_HANDLE batch[64];
        DWORD got = 0;
        DWORD left = probe_ms_left(env->deadline);
        if (left == 0) {
            timed_out = true;
            break;
        }
        if (!EvtNext(q, 64, batch, left, 0, &got)) {
            DWORD e = GetLastError();
            if (e == ERROR_TIMEOUT)
                timed_out = true;
            else if (e != ERROR_NO_MORE_ITEMS) {
                probe_note_set(note, PROBE_EVENTS, "reading the Application log failed (error 0x%08lX)",
                               (unsigned long)probe_code(e));
                rc = 1;
            }
            break;
        }
        for (DWORD i = 0; i < got; i++) {
            if (rc == 0) {
                if (n == cap && n < EVENTS_MAX) {
                    size_t ncap = cap ? cap * 2 : 64;
                    struct event *nv = arena_calloc(&f->arena, ncap, sizeof(*nv));
                    if (!nv)
                        rc = -1;
                    else {
                        if (n)
                            memcpy(nv, v, n * sizeof(*nv));
                        v = nv;
                        cap = ncap;
                    }
                }
                if (rc == 0) {
                    struct event e;
                    int r = read_event(f, batch[i], meta, &e);
                    if (r < 0)
                        rc = -1;
                    else if (r == 0) {
                        if (n == EVENTS_MAX) { /* keep the newest */
                            memmove(v, v + 1, (n - 1) * sizeof(*v));
                            n--;
                        }
                        e.order = total++;
                        v[n++] = e;
                    }
                }
            }
            EvtClose(batch[i]);
        }
        if (rc != 0)
            break;
    }
    for (size_t i = 0; i < NPROV; i++)
        if (meta[i])
            EvtClose(meta[i]);
    EvtClose(q);
    if (rc != 0)
        return rc;
    if (timed_out) {
        probe_note_set(note, PROBE_EVENTS, "reading the Application log timed out after %lu ms",
                       (unsigned long)env->timeout_ms);
        return 1; /* a partial list would hide the events that matter most */
    }
    if (env->wine && n == 0) {
        /* Wine's log never holds anything: an empty answer means nothing */
        probe_note_set(note, PROBE_EVENTS, "event log not available (Wine)");
        return 1;
    }
    f->events.st = F_SET;
    f->events.n = n;
    f->events.v = v;
    return 0;
}
