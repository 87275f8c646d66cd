/* evtx.c (Windows): the records of an .evtx file through the event log API
 * (wevtapi); see platform/evtx.h. EvtQuery(EvtQueryFilePath) with an XPath
 * filter on the wanted providers, so that the service skips the others;
 * EvtNext in batches; EvtRender(EvtRenderEventXml) gives each record's XML,
 * converted to UTF-8. No byte offsets are told by the API: a record that
 * cannot be read is reported at offset 0.
 *
 * Under Wine 8 EvtQuery is a stub (NULL, last error 0): the file is refused
 * with error.events.evtx-api, never read as empty. */
#include "w32util.h"

#include <winevt.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../evtx.h"

static int failed(struct err *e, const char *key, const char *name, DWORD code)
{
    err_set(e, key);
    err_arg(e, "file", "%s", name);
    if (strcmp(key, "error.events.evtx") == 0)
        return err_arg(e, "offset", "0");
    return err_arg(e, "code", "%lu", (unsigned long)code);
}

/* The XPath query of the wanted providers (malloc'd), or NULL. */
static wchar_t *provider_query(const struct evtx_visit *v)
{
    size_t size = 64;
    for (size_t i = 0; i < v->nproviders; i++)
        size += strlen(v->providers[i]) + 16;
    char *q = malloc(size);
    if (!q)
        return NULL;
    size_t n = (size_t)snprintf(q, size, "*[System[Provider[");
    for (size_t i = 0; i < v->nproviders; i++)
        n += (size_t)snprintf(q + n, size - n, "%s@Name='%s'", i ? " or " : "", v->providers[i]);
    snprintf(q + n, size - n, "]]]");
    wchar_t *w = w32_widen(q);
    free(q);
    return w;
}

/* One record's XML to V->record. *BUF holds *CAP bytes plus room for a
 * terminating NUL. */
static int render(EVT_HANDLE ev, const char *name, const struct evtx_visit *v, wchar_t **buf,
                  DWORD *cap, struct err *e)
{
    DWORD used = 0, props = 0;
    if (!EvtRender(NULL, ev, EvtRenderEventXml, *cap, *buf, &used, &props)) {
        if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || used > 0x7FFFFFF0u)
            return failed(e, "error.events.evtx", name, 0);
        wchar_t *nb = realloc(*buf, (size_t)used + sizeof(wchar_t));
        if (!nb) {
            err_set(e, "error.memory");
            return err_arg(e, "file", "%s", name);
        }
        *buf = nb;
        *cap = used;
        if (!EvtRender(NULL, ev, EvtRenderEventXml, *cap, *buf, &used, &props))
            return failed(e, "error.events.evtx", name, 0);
    }
    (*buf)[used / sizeof(wchar_t)] = 0;   /* used counts bytes, the NUL included */
    char *xml = w32_narrow(*buf);
    if (!xml)
        return failed(e, "error.events.evtx", name, 0);
    int rc = v->record(v->ud, xml, strlen(xml), 0, e);
    free(xml);
    return rc;
}

int platform_evtx_read(const char *path, const char *name, const struct evtx_visit *v, struct err *e)
{
    /* the event log service opens the file: a full path, never one relative
     * to this process's folder */
    wchar_t *rel = w32_widen(path), *query = provider_query(v), *wpath = NULL;
    DWORD need = rel ? GetFullPathNameW(rel, 0, NULL, NULL) : 0;
    if (need > 0 && (wpath = malloc((size_t)need * sizeof(wchar_t))) != NULL &&
        GetFullPathNameW(rel, need, wpath, NULL) == 0) {
        free(wpath);
        wpath = NULL;
    }
    free(rel);
    if (!wpath || !query) {
        free(wpath);
        free(query);
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", name);
    }
    SetLastError(0);
    EVT_HANDLE q = EvtQuery(NULL, wpath, query, EvtQueryFilePath | EvtQueryForwardDirection);
    DWORD qerr = GetLastError();
    free(wpath);
    free(query);
    if (!q) {
        /* a file the service cannot open as a log: damaged at its start; no
         * answer at all (Wine's stub): the system cannot read .evtx */
        if (qerr == ERROR_FILE_NOT_FOUND || qerr == ERROR_PATH_NOT_FOUND || qerr == ERROR_ACCESS_DENIED) {
            err_set(e, "error.file.read");
            err_arg(e, "file", "%s", name);
            return err_arg(e, "reason", "error %lu", (unsigned long)qerr);
        }
        if (qerr == 0 || qerr == ERROR_CALL_NOT_IMPLEMENTED || qerr == ERROR_NOT_SUPPORTED)
            return failed(e, "error.events.evtx-api", name, qerr);
        return failed(e, "error.events.evtx", name, qerr);
    }
    wchar_t *buf = NULL;
    DWORD cap = 0;
    int rc = 0;
    while (rc == 0) {
        EVT_HANDLE batch[64];
        DWORD got = 0;
        if (!EvtNext(q, 64, batch, INFINITE, 0, &got)) {
            DWORD err = GetLastError();
            if (err != ERROR_NO_MORE_ITEMS)
                rc = failed(e, "error.events.evtx", name, err);
            break;
        }
        for (DWORD i = 0; i < got; i++) {
            if (rc == 0)
                rc = render(batch[i], name, v, &buf, &cap, e);
            EvtClose(batch[i]);
        }
    }
    free(buf);
    EvtClose(q);
    return rc;
}

int platform_evtx_read_bytes(const unsigned char *raw, size_t n, const char *name,
                             const struct evtx_visit *v, struct err *e)
{
    wchar_t dir[MAX_PATH], wpath[MAX_PATH];
    DWORD dn = GetTempPathW(MAX_PATH, dir);
    if (dn == 0 || dn >= MAX_PATH || !GetTempFileNameW(dir, L"evx", 0, wpath)) {
        err_set(e, "error.file.read");
        err_arg(e, "file", "%s", name);
        return err_arg(e, "reason", "%s", "no temporary file");
    }
    HANDLE h = CreateFileW(wpath, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_TEMPORARY, NULL);
    bool ok = h != INVALID_HANDLE_VALUE;
    for (size_t done = 0; ok && done < n;) {
        DWORD k = n - done > 0x40000000u ? 0x40000000u : (DWORD)(n - done), w = 0;
        ok = WriteFile(h, raw + done, k, &w, NULL) && w > 0;
        done += w;
    }
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    int rc;
    char *path = ok ? w32_narrow(wpath) : NULL;
    if (!path) {
        err_set(e, "error.file.read");
        err_arg(e, "file", "%s", name);
        rc = err_arg(e, "reason", "%s", "no room for a temporary file");
    } else {
        rc = platform_evtx_read(path, name, v, e);
    }
    free(path);
    DeleteFileW(wpath);
    return rc;
}
