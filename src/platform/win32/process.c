/* process.c (Windows): running a program without a shell (platform.h).
 * The program runs suspended in a job object that kills everything it
 * started when the job is closed or the deadline passes; only the three
 * standard handles are inherited (PROC_THREAD_ATTRIBUTE_HANDLE_LIST); standard
 * input is NUL; standard output and error are separate pipes read by two
 * threads; no window ever opens (CREATE_NO_WINDOW). */
#include "w32util.h"

#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../platform.h"
#include "quote.h"

#define CAPTURE_MAX ((size_t)1 << 20)

struct reader {
    HANDLE pipe;
    char *p;
    size_t len, cap;
    bool oom;
};

static unsigned __stdcall read_all(void *arg)
{
    struct reader *r = arg;
    char chunk[4096];
    DWORD got;
    while (ReadFile(r->pipe, chunk, sizeof(chunk), &got, NULL) && got > 0) {
        size_t n = got;
        if (r->len + n > CAPTURE_MAX)
            n = CAPTURE_MAX - r->len; /* the rest is read and dropped */
        if (n == 0 || r->oom)
            continue;
        if (r->len + n + 1 > r->cap) {
            size_t cap = r->cap ? r->cap : 4096;
            while (cap < r->len + n + 1)
                cap *= 2;
            char *np = realloc(r->p, cap);
            if (!np) {
                r->oom = true;
                continue;
            }
            r->p = np;
            r->cap = cap;
        }
        memcpy(r->p + r->len, chunk, n);
        r->len += n;
    }
    return 0;
}

static bool valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            k = 1;
            cp = c & 0x1Fu;
        } else if ((c & 0xF0) == 0xE0) {
            k = 2;
            cp = c & 0x0Fu;
        } else if ((c & 0xF8) == 0xF0) {
            k = 3;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (i + k >= n)
            return false;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + j] & 0x3Fu);
        }
        if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += k + 1;
    }
    return true;
}

/* Whether S looks like UTF-16LE text (a BOM, or mostly zero high bytes). */
static bool looks_utf16le(const unsigned char *s, size_t n)
{
    if (n < 2 || n % 2 != 0)
        return false;
    if (s[0] == 0xFF && s[1] == 0xFE)
        return true;
    size_t zeros = 0;
    for (size_t i = 1; i < n; i += 2)
        if (s[i] == 0)
            zeros++;
    return zeros * 4 >= (n / 2) * 3;
}

/* Turns what a program wrote into UTF-8: kept when it already is, else read
 * as UTF-16LE or in the OEM code page console programs write in. Returns a
 * malloc'd, NUL-terminated string and its length in *OUT_LEN, or NULL. */
static char *to_utf8(const char *s, size_t n, size_t *out_len)
{
    if (valid_utf8((const unsigned char *)s, n) && !(n >= 2 && looks_utf16le((const unsigned char *)s, n))) {
        char *c = malloc(n + 1);
        if (!c)
            return NULL;
        if (n)
            memcpy(c, s, n);
        c[n] = '\0';
        *out_len = n;
        return c;
    }
    wchar_t *w = NULL;
    int wn;
    if (looks_utf16le((const unsigned char *)s, n)) {
        size_t skip = ((const unsigned char *)s)[0] == 0xFF && ((const unsigned char *)s)[1] == 0xFE ? 2 : 0;
        wn = (int)((n - skip) / 2);
        w = malloc(((size_t)wn + 1) * sizeof(wchar_t));
        if (!w)
            return NULL;
        memcpy(w, s + skip, (size_t)wn * sizeof(wchar_t));
    } else {
        UINT cp = GetOEMCP();
        wn = MultiByteToWideChar(cp, 0, s, (int)n, NULL, 0);
        if (wn <= 0)
            return NULL;
        w = malloc(((size_t)wn + 1) * sizeof(wchar_t));
        if (!w)
            return NULL;
        MultiByteToWideChar(cp, 0, s, (int)n, w, wn);
    }
    w[wn] = L'\0';
    int k = wn ? WideCharToMultiByte(CP_UTF8, 0, w, wn, NULL, 0, NULL, NULL) : 0;
    char *u = malloc((size_t)(k > 0 ? k : 0) + 1);
    if (!u) {
        free(w);
        return NULL;
    }
    if (k > 0)
        WideCharToMultiByte(CP_UTF8, 0, w, wn, u, k, NULL, NULL);
    else
        k = 0;
    u[k] = '\0';
    free(w);
    *out_len = (size_t)k;
    return u;
}

void proc_result_free(struct proc_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof(*r));
}

/* The system's message for CODE, in one line, into BUF. */
static void win32_reason(DWORD code, char *buf, size_t size)
{
    wchar_t msg[512];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, msg,
                             (DWORD)(sizeof(msg) / sizeof(msg[0])), NULL);
    while (n > 0 && (msg[n - 1] == L'\r' || msg[n - 1] == L'\n' || msg[n - 1] == L' ' || msg[n - 1] == L'.'))
        n--;
    char text[1024];
    if (n == 0 || w32_narrow_buf(msg, (int)n, text, sizeof(text)) <= 0)
        snprintf(buf, size, "error %lu", (unsigned long)code);
    else
        snprintf(buf, size, "%s (%lu)", text, (unsigned long)code);
    for (char *p = buf; *p; p++)
        if (*p == '\r' || *p == '\n')
            *p = ' ';
}

static int fail(struct err *e, const char *program, const char *reason)
{
    err_set(e, "error.run");
    err_arg(e, "program", "%s", program);
    return err_arg(e, "reason", "%s", reason);
}

static int fail_win32(struct err *e, const char *program, DWORD code)
{
    char reason[512];
    win32_reason(code, reason, sizeof(reason));
    return fail(e, program, reason);
}

static bool has_dir(const wchar_t *w)
{
    return wcschr(w, L'\\') || wcschr(w, L'/') || wcschr(w, L':');
}

/* Searches NAME (".exe" added when it has no extension) in DIRS (a ';' list)
 * into OUT. */
static bool search_in(const wchar_t *dirs, const wchar_t *name, wchar_t *out, DWORD size)
{
    DWORD n = SearchPathW(dirs, name, L".exe", size, out, NULL);
    if (n == 0 || n >= size)
        return false;
    DWORD attr = GetFileAttributesW(out);
    return attr != INVALID_FILE_ATTRIBUTES && !(attr & FILE_ATTRIBUTE_DIRECTORY);
}

/* Finds the program ARGV0: a path is taken as it is (".exe" added when
 * missing); a bare name is looked up in the system folder, the Windows
 * folder, then PATH - never in the current folder. */
static bool find_program(const wchar_t *name, wchar_t *out, DWORD size)
{
    if (has_dir(name)) {
        DWORD attr = GetFileAttributesW(name);
        if (attr != INVALID_FILE_ATTRIBUTES && !(attr & FILE_ATTRIBUTE_DIRECTORY) && wcslen(name) < size) {
            wcscpy(out, name);
            return true;
        }
        size_t len = wcslen(name);
        if (len + 5 > size)
            return false;
        wcscpy(out, name);
        wcscat(out, L".exe");
        attr = GetFileAttributesW(out);
        return attr != INVALID_FILE_ATTRIBUTES && !(attr & FILE_ATTRIBUTE_DIRECTORY);
    }
    wchar_t dir[MAX_PATH + 1];
    UINT n = GetSystemDirectoryW(dir, MAX_PATH + 1);
    if (n > 0 && n <= MAX_PATH && search_in(dir, name, out, size))
        return true;
    n = GetWindowsDirectoryW(dir, MAX_PATH + 1);
    if (n > 0 && n <= MAX_PATH && search_in(dir, name, out, size))
        return true;
    DWORD plen = GetEnvironmentVariableW(L"PATH", NULL, 0);
    if (plen == 0)
        return false;
    wchar_t *path = malloc((size_t)plen * sizeof(wchar_t));
    if (!path)
        return false;
    bool found = false;
    DWORD got = GetEnvironmentVariableW(L"PATH", path, plen);
    if (got > 0 && got < plen) {
        /* PATH entries "." or empty would mean the current folder: drop them */
        wchar_t *clean = malloc((size_t)plen * sizeof(wchar_t));
        if (clean) {
            size_t k = 0;
            for (wchar_t *tok = path; tok;) {
                wchar_t *semi = wcschr(tok, L';');
                if (semi)
                    *semi = L'\0';
                if (tok[0] != L'\0' && wcscmp(tok, L".") != 0 && wcscmp(tok, L".\\") != 0) {
                    size_t tl = wcslen(tok);
                    if (k)
                        clean[k++] = L';';
                    memcpy(clean + k, tok, tl * sizeof(wchar_t));
                    k += tl;
                }
                tok = semi ? semi + 1 : NULL;
            }
            clean[k] = L'\0';
            found = k > 0 && search_in(clean, name, out, size);
            free(clean);
        }
    }
    free(path);
    return found;
}

int platform_run(const char *const *argv, int timeout_ms, struct proc_result *r, struct err *e)
{
    memset(r, 0, sizeof(*r));
    const char *program = argv && argv[0] ? argv[0] : "";
    if (!*program)
        return fail(e, program, "no program");
    wchar_t *wname = w32_widen(program);
    if (!wname)
        return fail(e, program, "not valid UTF-8 or out of memory");
    wchar_t app[32768];
    bool found = find_program(wname, app, (DWORD)(sizeof(app) / sizeof(app[0])));
    free(wname);
    if (!found)
        return fail(e, program, "program not found");
    char *line = win32_command_line(argv);
    if (!line)
        return fail(e, program, strchr(program, '"') ? "quote in the program name" : "out of memory");
    wchar_t *wline = w32_widen(line);
    free(line);
    if (!wline)
        return fail(e, program, "argument not valid UTF-8 or out of memory");

    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    HANDLE out_r = NULL, out_w = NULL, err_r = NULL, err_w = NULL, nul = INVALID_HANDLE_VALUE;
    HANDLE job = NULL;
    LPPROC_THREAD_ATTRIBUTE_LIST attrs = NULL;
    PROCESS_INFORMATION pi = {0};
    int rc = -1;
    DWORD code = 0;
    if (!CreatePipe(&out_r, &out_w, &sa, 0) || !CreatePipe(&err_r, &err_w, &sa, 0)) {
        code = GetLastError();
        goto fail_code;
    }
    /* the parent's ends stay private */
    SetHandleInformation(out_r, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(err_r, HANDLE_FLAG_INHERIT, 0);
    nul = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, OPEN_EXISTING, 0, NULL);
    if (nul == INVALID_HANDLE_VALUE) {
        code = GetLastError();
        goto fail_code;
    }
    SIZE_T asize = 0;
    InitializeProcThreadAttributeList(NULL, 1, 0, &asize);
    attrs = malloc(asize);
    if (!attrs) {
        fail(e, program, "out of memory");
        goto done;
    }
    HANDLE inherit[3] = {nul, out_w, err_w};
    if (!InitializeProcThreadAttributeList(attrs, 1, 0, &asize)) {
        free(attrs);
        attrs = NULL;
        code = GetLastError();
        goto fail_code;
    }
    if (!UpdateProcThreadAttribute(attrs, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherit, sizeof(inherit), NULL,
                                   NULL)) {
        code = GetLastError();
        goto fail_code;
    }
    job = CreateJobObjectW(NULL, NULL);
    if (!job) {
        code = GetLastError();
        goto fail_code;
    }
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION lim;
    memset(&lim, 0, sizeof(lim));
    lim.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &lim, sizeof(lim))) {
        code = GetLastError();
        goto fail_code;
    }

    STARTUPINFOEXW si;
    memset(&si, 0, sizeof(si));
    si.StartupInfo.cb = sizeof(si);
    si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    si.StartupInfo.hStdInput = nul;
    si.StartupInfo.hStdOutput = out_w;
    si.StartupInfo.hStdError = err_w;
    si.lpAttributeList = attrs;
    if (!CreateProcessW(app, wline, NULL, NULL, TRUE,
                        CREATE_NO_WINDOW | CREATE_SUSPENDED | EXTENDED_STARTUPINFO_PRESENT |
                            CREATE_UNICODE_ENVIRONMENT,
                        NULL, NULL, &si.StartupInfo, &pi)) {
        code = GetLastError();
        goto fail_code;
    }
    if (!AssignProcessToJobObject(job, pi.hProcess)) {
        /* without the job the deadline could not reach what it starts */
        code = GetLastError();
        TerminateProcess(pi.hProcess, 1);
        WaitForSingleObject(pi.hProcess, INFINITE);
        goto fail_code;
    }
    /* only the child holds the write ends now: EOF comes when it (and what
     * it passed them to) is gone */
    CloseHandle(out_w);
    out_w = NULL;
    CloseHandle(err_w);
    err_w = NULL;
    CloseHandle(nul);
    nul = INVALID_HANDLE_VALUE;

    struct reader rd[2] = {{out_r, NULL, 0, 0, false}, {err_r, NULL, 0, 0, false}};
    HANDLE th[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        uintptr_t t = _beginthreadex(NULL, 0, read_all, &rd[i], 0, NULL);
        th[i] = (HANDLE)t;
    }
    if (!th[0] || !th[1]) {
        TerminateJobObject(job, 1);
        for (int i = 0; i < 2; i++)
            if (th[i]) {
                WaitForSingleObject(th[i], INFINITE);
                CloseHandle(th[i]);
            }
        free(rd[0].p);
        free(rd[1].p);
        fail(e, program, "cannot start the reader threads");
        goto done;
    }
    r->started = true;
    ULONGLONG start = GetTickCount64();
    ULONGLONG deadline = start + (ULONGLONG)(timeout_ms > 0 ? timeout_ms : 0);
    ResumeThread(pi.hThread);
    DWORD w = WaitForSingleObject(pi.hProcess, (DWORD)(timeout_ms > 0 ? timeout_ms : 0));
    if (w != WAIT_OBJECT_0) {
        r->timed_out = true;
        TerminateJobObject(job, 1);
        WaitForSingleObject(pi.hProcess, INFINITE);
    } else {
        /* the program ended; what it started may still hold the pipes */
        ULONGLONG now = GetTickCount64();
        DWORD left = now < deadline ? (DWORD)(deadline - now) : 0;
        if (WaitForMultipleObjects(2, th, TRUE, left) == WAIT_TIMEOUT)
            r->timed_out = true;
    }
    /* whatever the job left behind goes too; that closes the pipes */
    TerminateJobObject(job, 1);
    WaitForMultipleObjects(2, th, TRUE, INFINITE);
    CloseHandle(th[0]);
    CloseHandle(th[1]);
    if (!r->timed_out) {
        DWORD ec = 0;
        GetExitCodeProcess(pi.hProcess, &ec);
        r->exit_code = (int)ec;
    }
    r->out = to_utf8(rd[0].p ? rd[0].p : "", rd[0].len, &r->out_len);
    r->err = to_utf8(rd[1].p ? rd[1].p : "", rd[1].len, &r->err_len);
    free(rd[0].p);
    free(rd[1].p);
    if (!r->out) {
        r->out = calloc(1, 1);
        r->out_len = 0;
    }
    if (!r->err) {
        r->err = calloc(1, 1);
        r->err_len = 0;
    }
    rc = 0;
    goto done;

fail_code:
    fail_win32(e, program, code);
done:
    if (pi.hThread)
        CloseHandle(pi.hThread);
    if (pi.hProcess)
        CloseHandle(pi.hProcess);
    if (job)
        CloseHandle(job);
    if (attrs) {
        DeleteProcThreadAttributeList(attrs);
        free(attrs);
    }
    if (nul != INVALID_HANDLE_VALUE)
        CloseHandle(nul);
    if (out_r)
        CloseHandle(out_r);
    if (out_w)
        CloseHandle(out_w);
    if (err_r)
        CloseHandle(err_r);
    if (err_w)
        CloseHandle(err_w);
    free(wline);
    return rc;
}
