/* probe_util.c (Windows): see probe_util.h. */
#include "probe_util.h"

#include <objbase.h>
#include <oleauto.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ---- text ---- */

char *probe_w2a(struct arena *a, const wchar_t *w, int len)
{
    if (!w)
        return NULL;
    if (len < 0)
        len = (int)wcslen(w);
    if (len == 0)
        return arena_strdup(a, "");
    int n = WideCharToMultiByte(CP_UTF8, 0, w, len, NULL, 0, NULL, NULL);
    if (n <= 0)
        return arena_strdup(a, "");
    char *s = arena_alloc(a, (size_t)n + 1);
    if (!s)
        return NULL;
    WideCharToMultiByte(CP_UTF8, 0, w, len, s, n, NULL, NULL);
    s[n] = '\0';
    return s;
}

wchar_t *probe_a2w(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    if (n <= 0)
        return NULL;
    wchar_t *w = malloc((size_t)n * sizeof(*w));
    if (!w)
        return NULL;
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
    return w;
}

int probe_set_wstr(struct arena *a, struct opt_str *s, const wchar_t *w)
{
    char *v = probe_w2a(a, w, -1);
    if (!v)
        return -1;
    s->st = F_SET;
    s->v = v;
    return 0;
}

/* ---- the system ---- */

const char *probe_wine_version(void)
{
    HMODULE nt = GetModuleHandleA("ntdll.dll");
    if (!nt)
        return NULL;
    typedef const char *(__cdecl * wine_get_version_fn)(void);
    FARPROC p = GetProcAddress(nt, "wine_get_version");
    if (!p)
        return NULL;
    wine_get_version_fn fn;
    memcpy(&fn, &p, sizeof(fn));
    const char *v = fn();
    return v ? v : "?";
}

bool probe_is_wine(void)
{
    return probe_wine_version() != NULL;
}

int64_t probe_filetime_to_unix(const FILETIME *ft)
{
    uint64_t t = ((uint64_t)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
    /* 100 ns ticks between 1601-01-01 and 1970-01-01 */
    const uint64_t epoch = UINT64_C(116444736000000000);
    if (t >= epoch)
        return (int64_t)((t - epoch) / 10000000u);
    return -(int64_t)((epoch - t + 9999999u) / 10000000u);
}

int probe_oledate_to_unix(double date, int64_t *out)
{
    SYSTEMTIME local, utc;
    if (!VariantTimeToSystemTime(date, &local))
        return -1;
    if (!TzSpecificLocalTimeToSystemTime(NULL, &local, &utc))
        utc = local;
    FILETIME ft;
    if (!SystemTimeToFileTime(&utc, &ft))
        return -1;
    *out = probe_filetime_to_unix(&ft);
    return 0;
}

uint32_t probe_code(uint32_t code)
{
    if (code != 0 && code < 0x10000u)
        return 0x80070000u | code;
    return code;
}

int probe_process_account(struct arena *a, struct opt_str *out)
{
    HANDLE tok;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok))
        return 1;
    BYTE buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    DWORD n = sizeof(buf);
    BOOL got = GetTokenInformation(tok, TokenUser, buf, n, &n);
    CloseHandle(tok);
    if (!got)
        return 1;
    PSID sid = ((TOKEN_USER *)(void *)buf)->User.Sid;
    if (IsWellKnownSid(sid, WinLocalSystemSid)) /* the name is localized */
        return probe_set_wstr(a, out, L"NT AUTHORITY\\SYSTEM");
    wchar_t name[256], dom[256], full[520];
    DWORD nn = 256, dn = 256;
    SID_NAME_USE use;
    if (!LookupAccountSidW(NULL, sid, name, &nn, dom, &dn, &use))
        return 1;
    swprintf(full, sizeof(full) / sizeof(full[0]), dom[0] ? L"%ls\\%ls" : L"%ls%ls", dom, name);
    return probe_set_wstr(a, out, full);
}

static void note_vformat(struct probe_note *note, bool append, const char *fmt, va_list ap)
{
    size_t used = append ? strlen(note->reason) : 0;
    if (append && used > 0 && used + 2 < sizeof(note->reason)) {
        memcpy(note->reason + used, "; ", 3);
        used += 2;
    }
    if (used >= sizeof(note->reason) - 1)
        return;
    vsnprintf(note->reason + used, sizeof(note->reason) - used, fmt, ap);
    /* one line */
    for (char *p = note->reason; *p; p++)
        if (*p == '\r' || *p == '\n')
            *p = ' ';
}

void probe_note_set(struct probe_note *note, enum probe_group g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    note->group = g;
    note->reason[0] = '\0';
    note_vformat(note, false, fmt, ap);
    va_end(ap);
}

void probe_note_add(struct probe_note *note, enum probe_group g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    note->group = g;
    note_vformat(note, true, fmt, ap);
    va_end(ap);
}

/* ---- worker threads with a deadline ---- */

struct probe_job {
    volatile LONG refs;          /* 2 while both sides hold it */
    volatile LONG done;
    HANDLE thread;
    void (*fn)(void *arg);
    void *arg;
    void (*free_arg)(void *arg);
};

static void job_unref(struct probe_job *j)
{
    if (InterlockedDecrement(&j->refs) != 0)
        return;
    if (j->thread)
        CloseHandle(j->thread);
    if (j->free_arg)
        j->free_arg(j->arg);
    free(j);
}

static DWORD WINAPI job_main(LPVOID p)
{
    struct probe_job *j = p;
    HRESULT hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    j->fn(j->arg);
    if (SUCCEEDED(hr))
        CoUninitialize();
    InterlockedExchange(&j->done, 1);
    job_unref(j);
    return 0;
}

struct probe_job *probe_job_start(void (*fn)(void *arg), void *arg, void (*free_arg)(void *arg))
{
    struct probe_job *j = calloc(1, sizeof(*j));
    if (!j)
        return NULL;
    j->refs = 2;
    j->fn = fn;
    j->arg = arg;
    j->free_arg = free_arg;
    /* CREATE_SUSPENDED so that j->thread is set before the worker can
     * release the job */
    j->thread = CreateThread(NULL, 0, job_main, j, CREATE_SUSPENDED, NULL);
    if (!j->thread) {
        free(j);
        return NULL;
    }
    ResumeThread(j->thread);
    return j;
}

bool probe_job_wait(struct probe_job *j, DWORD timeout_ms)
{
    return WaitForSingleObject(j->thread, timeout_ms) == WAIT_OBJECT_0 || probe_job_done(j);
}

void probe_job_wait_all(struct probe_job *const *jobs, size_t n, DWORD timeout_ms)
{
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    for (size_t i = 0; i < n; i++)
        if (jobs[i])
            WaitForSingleObject(jobs[i]->thread, probe_ms_left(deadline));
}

bool probe_job_done(const struct probe_job *j)
{
    return j->done != 0;
}

void probe_job_release(struct probe_job *j)
{
    if (j)
        job_unref(j);
}

DWORD probe_ms_left(ULONGLONG deadline)
{
    ULONGLONG now = GetTickCount64();
    if (now >= deadline)
        return 0;
    ULONGLONG left = deadline - now;
    return left > 0x7FFFFFFFu ? 0x7FFFFFFFu : (DWORD)left;
}
