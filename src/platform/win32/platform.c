/* platform.c (Windows): the process's surroundings: language, names, the
 * state folder, the console. Strings cross this boundary as UTF-8; the wide
 * (UTF-16) Windows APIs are used throughout. Running programs is in
 * process.c, the live probes in probe_*.c. */
#include "w32util.h"

#define SECURITY_WIN32
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <security.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../platform.h"

const char *platform_ui_language(char *buf, size_t size)
{
    wchar_t name[LOCALE_NAME_MAX_LENGTH];
    LANGID id = GetUserDefaultUILanguage();
    if (id == 0 || LCIDToLocaleName(MAKELCID(id, SORT_DEFAULT), name, LOCALE_NAME_MAX_LENGTH, 0) <= 0) {
        if (GetUserDefaultLocaleName(name, LOCALE_NAME_MAX_LENGTH) <= 0)
            return NULL;
    }
    if (w32_narrow_buf(name, -1, buf, size) <= 0)
        return NULL;
    return buf;
}

bool platform_can_probe(void)
{
    return true;
}

int64_t platform_now(void)
{
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    uint64_t t = ((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    /* 100 ns units since 1601-01-01 -> seconds since 1970-01-01 */
    return (int64_t)(t / 10000000u) - INT64_C(11644473600);
}

void platform_hostname(char *buf, size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    static const COMPUTER_NAME_FORMAT formats[] = {ComputerNameDnsFullyQualified, ComputerNameNetBIOS};
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        wchar_t name[256];
        DWORD n = (DWORD)(sizeof(name) / sizeof(name[0]));
        if (GetComputerNameExW(formats[i], name, &n) && n > 0 && w32_narrow_buf(name, (int)n, buf, size) > 0)
            return;
    }
    buf[0] = '\0';
}

void platform_netbios_name(char *buf, size_t size)
{
    if (size == 0)
        return;
    wchar_t name[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD n = (DWORD)(sizeof(name) / sizeof(name[0]));
    if (!GetComputerNameW(name, &n) || n == 0 || w32_narrow_buf(name, (int)n, buf, size) <= 0)
        buf[0] = '\0';
}

int platform_state_dir(char *buf, size_t size)
{
    wchar_t dir[MAX_PATH + 1];
    DWORD n = GetEnvironmentVariableW(L"LOCALAPPDATA", dir, (DWORD)(sizeof(dir) / sizeof(dir[0])));
    if (n == 0 || n >= sizeof(dir) / sizeof(dir[0]))
        return -1;
    int k = w32_narrow_buf(dir, (int)n, buf, size);
    if (k <= 0)
        return -1;
    static const char sub[] = "\\enrolldoc";
    if ((size_t)k + sizeof(sub) > size)
        return -1;
    /* no doubled separator when the variable ends in one */
    if (buf[k - 1] == '\\' || buf[k - 1] == '/')
        k--;
    memcpy(buf + k, sub, sizeof(sub));
    return 0;
}

static int errno_from_win32(DWORD e)
{
    switch (e) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_NETPATH:
    case ERROR_BAD_NET_NAME:
        return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_WRITE_PROTECT:
        return EACCES;
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS:
        return EEXIST;
    case ERROR_FILENAME_EXCED_RANGE:
        return ENAMETOOLONG;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return ENOMEM;
    case ERROR_DISK_FULL:
        return ENOSPC;
    default:
        return EINVAL;
    }
}

/* Creates the folder W (already existing is fine when it is a folder). */
static int make_one(const wchar_t *w)
{
    if (CreateDirectoryW(w, NULL))
        return 0;
    DWORD e = GetLastError();
    if (e == ERROR_ALREADY_EXISTS || e == ERROR_ACCESS_DENIED) {
        /* a drive root or an existing folder can refuse creation this way */
        DWORD attr = GetFileAttributesW(w);
        if (attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_DIRECTORY))
            return 0;
        if (attr != INVALID_FILE_ATTRIBUTES)
            e = ERROR_ALREADY_EXISTS; /* a file is in the way */
    }
    errno = errno_from_win32(e);
    return -1;
}

static bool is_sep(wchar_t c)
{
    return c == L'\\' || c == L'/';
}

int platform_mkdirs(const char *path)
{
    if (!path || !*path) {
        errno = ENOENT;
        return -1;
    }
    wchar_t *w = w32_widen(path);
    if (!w) {
        errno = EINVAL;
        return -1;
    }
    size_t len = wcslen(w);
    /* Skip what cannot be created: "C:\", "\\server\share\", "\\?\C:\". */
    size_t start = 0;
    if (len >= 4 && is_sep(w[0]) && is_sep(w[1]) && (w[2] == L'?' || w[2] == L'.') && is_sep(w[3]))
        start = 4;
    if (len >= start + 2 && w[start + 1] == L':') {
        start += 2;
        while (start < len && is_sep(w[start]))
            start++;
    } else if (start == 0 && len >= 2 && is_sep(w[0]) && is_sep(w[1])) {
        /* UNC: skip the server and the share */
        size_t i = 2;
        for (int part = 0; part < 2 && i < len; part++) {
            while (i < len && !is_sep(w[i]))
                i++;
            while (i < len && is_sep(w[i]))
                i++;
        }
        start = i;
    } else {
        while (start < len && is_sep(w[start]))
            start++;
    }
    int rc = 0;
    for (size_t i = start; i <= len && rc == 0; i++) {
        if (i < len && !is_sep(w[i]))
            continue;
        if (i > start && !is_sep(w[i - 1])) {
            wchar_t saved = w[i];
            w[i] = L'\0';
            rc = make_one(w);
            w[i] = saved;
        }
    }
    free(w);
    return rc;
}

FILE *platform_fopen(const char *path, const char *mode)
{
    wchar_t *wp = w32_widen(path);
    wchar_t *wm = w32_widen(mode);
    FILE *fp = NULL;
    if (wp && wm)
        fp = _wfopen(wp, wm);
    else
        errno = wp ? ENOMEM : EINVAL;
    free(wp);
    free(wm);
    return fp;
}

/* errno for a Win32 error of opening or creating a file. */
static int file_errno(DWORD code)
{
    switch (code) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_BAD_NETPATH:
        return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        return EACCES;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
        return EEXIST;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return ENOMEM;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return ENOSPC;
    default:
        return EIO;
    }
}

/* The kind of what the handle H is open on. */
static enum file_kind handle_kind(HANDLE h)
{
    switch (GetFileType(h)) {
    case FILE_TYPE_DISK: return FILE_REGULAR;
    case FILE_TYPE_PIPE: return FILE_FIFO;
    case FILE_TYPE_CHAR: return FILE_DEVICE;
    default: return FILE_OTHER;
    }
}

/* A C stream over the handle H (which it then owns), or NULL with H closed. */
static FILE *handle_stream(HANDLE h, int oflag, const char *mode)
{
    int fd = _open_osfhandle((intptr_t)h, oflag | _O_BINARY);
    if (fd < 0) {
        CloseHandle(h);
        errno = EMFILE;
        return NULL;
    }
    FILE *fp = _fdopen(fd, mode);
    if (!fp) {
        int saved = errno;
        _close(fd);
        errno = saved;
    }
    return fp;
}

FILE *platform_open_input(const char *path, uint64_t *size, enum file_kind *kind)
{
    *kind = FILE_REGULAR;
    *size = 0;
    wchar_t *wp = w32_widen(path);
    if (!wp) {
        errno = ENOMEM;
        return NULL;
    }
    DWORD attrs = GetFileAttributesW(wp);
    if (attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY)) {
        free(wp);
        *kind = FILE_FOLDER;
        errno = EINVAL;
        return NULL;
    }
    HANDLE h = CreateFileW(wp, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD code = GetLastError();
    free(wp);
    if (h == INVALID_HANDLE_VALUE) {
        errno = file_errno(code);
        return NULL;
    }
    *kind = handle_kind(h);
    LARGE_INTEGER li;
    if (*kind != FILE_REGULAR || !GetFileSizeEx(h, &li) || li.QuadPart < 0) {
        if (*kind == FILE_REGULAR)
            *kind = FILE_OTHER;
        CloseHandle(h);
        errno = EINVAL;
        return NULL;
    }
    *size = (uint64_t)li.QuadPart;
    return handle_stream(h, _O_RDONLY, "rb");
}

enum file_kind platform_stdin_kind(uint64_t *size)
{
    *size = 0;
    HANDLE h = GetStdHandle(STD_INPUT_HANDLE);
    if (h == NULL || h == INVALID_HANDLE_VALUE)
        return FILE_OTHER;
    enum file_kind k = handle_kind(h);
    LARGE_INTEGER li;
    if (k == FILE_REGULAR && GetFileSizeEx(h, &li) && li.QuadPart > 0)
        *size = (uint64_t)li.QuadPart;
    DWORD mode;
    /* a console carries typed text as a stream, as a pipe does */
    return k == FILE_DEVICE && GetConsoleMode(h, &mode) ? FILE_FIFO : k;
}

bool platform_name_taken(const char *path)
{
    wchar_t *wp = w32_widen(path);
    if (!wp)
        return true; /* cannot tell: do not claim it is free */
    /* the attributes of a link itself: it is not followed */
    DWORD attrs = GetFileAttributesW(wp);
    DWORD code = GetLastError();
    free(wp);
    return attrs != INVALID_FILE_ATTRIBUTES ||
           (code != ERROR_FILE_NOT_FOUND && code != ERROR_PATH_NOT_FOUND);
}

/* Room for a descriptor that lets the user running enrolldoc, and nobody
 * else, at a file: the Windows form of mode 0600. */
struct owner_only {
    SECURITY_DESCRIPTOR sd;
    DWORD user[128];          /* TOKEN_USER and its SID, DWORD-aligned */
    DWORD acl[64];
};

/* Fills O; returns its descriptor, or NULL when the token cannot be read
 * (then the folder's inherited rights apply). */
static PSECURITY_DESCRIPTOR owner_only_sd(struct owner_only *o)
{
    HANDLE tok;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok))
        return NULL;
    DWORD n = 0;
    BOOL ok = GetTokenInformation(tok, TokenUser, o->user, (DWORD)sizeof(o->user), &n);
    CloseHandle(tok);
    if (!ok)
        return NULL;
    PSID sid = ((TOKEN_USER *)(void *)o->user)->User.Sid;
    ACL *acl = (ACL *)(void *)o->acl;
    if (!InitializeAcl(acl, (DWORD)sizeof(o->acl), ACL_REVISION) ||
        !AddAccessAllowedAce(acl, ACL_REVISION, FILE_ALL_ACCESS, sid) ||
        !InitializeSecurityDescriptor(&o->sd, SECURITY_DESCRIPTOR_REVISION) ||
        !SetSecurityDescriptorDacl(&o->sd, TRUE, acl, FALSE) ||
        !SetSecurityDescriptorControl(&o->sd, SE_DACL_PROTECTED, SE_DACL_PROTECTED))
        return NULL;
    return &o->sd;
}

FILE *platform_create_new(const char *path)
{
    wchar_t *wp = w32_widen(path);
    if (!wp) {
        errno = ENOMEM;
        return NULL;
    }
    /* for the user running enrolldoc only, as mode 0600 is on POSIX */
    struct owner_only o;
    SECURITY_ATTRIBUTES sa = {sizeof(sa), owner_only_sd(&o), FALSE};
    /* CREATE_NEW fails on any existing name, a link included; with
     * FILE_FLAG_OPEN_REPARSE_POINT nothing is ever followed */
    HANDLE h = CreateFileW(wp, GENERIC_WRITE, FILE_SHARE_READ, &sa, CREATE_NEW,
                           FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    DWORD code = GetLastError();
    if (h == INVALID_HANDLE_VALUE) {
        free(wp);
        errno = file_errno(code);
        return NULL;
    }
    FILE *fp = handle_stream(h, _O_WRONLY, "wb");
    if (!fp) {
        int saved = errno;
        DeleteFileW(wp);
        errno = saved;
    }
    free(wp);
    return fp;
}

int platform_sync(FILE *fp)
{
    if (fflush(fp) != 0)
        return -1;
    HANDLE h = (HANDLE)_get_osfhandle(_fileno(fp));
    if (h == INVALID_HANDLE_VALUE || !FlushFileBuffers(h)) {
        errno = EIO;
        return -1;
    }
    return 0;
}

long platform_pid(void)
{
    return (long)GetCurrentProcessId();
}

void platform_hint_churn(void)
{
    /* the process heap keeps freed memory for reuse by itself */
}

void platform_hint_large(void *p, size_t n)
{
    /* large pages on Windows need a privilege (SeLockMemoryPrivilege) that
     * an administrator's session does not hold by default: nothing to do */
    (void)p;
    (void)n;
}

void platform_username(char *buf, size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    wchar_t name[512];
    ULONG n = (ULONG)(sizeof(name) / sizeof(name[0]));
    if (GetUserNameExW(NameSamCompatible, name, &n) && n > 0 && w32_narrow_buf(name, (int)n, buf, size) > 0)
        return;
    DWORD m = (DWORD)(sizeof(name) / sizeof(name[0]));
    if (GetUserNameW(name, &m) && m > 1)
        w32_narrow_buf(name, -1, buf, size);
}

static bool is_console(DWORD std)
{
    HANDLE h = GetStdHandle(std);
    DWORD mode;
    return h != NULL && h != INVALID_HANDLE_VALUE && GetConsoleMode(h, &mode);
}

bool platform_terminal_ok(void)
{
    return is_console(STD_INPUT_HANDLE) && is_console(STD_OUTPUT_HANDLE);
}

bool platform_input_is_terminal(void)
{
    return is_console(STD_INPUT_HANDLE);
}

int platform_terminal_columns(void)
{
    HANDLE h = GetStdHandle(STD_OUTPUT_HANDLE);
    CONSOLE_SCREEN_BUFFER_INFO info;
    if (h == NULL || h == INVALID_HANDLE_VALUE || !GetConsoleScreenBufferInfo(h, &info))
        return 0; /* redirected: no console */
    return info.srWindow.Right - info.srWindow.Left + 1;
}

const char *platform_curses_terminal(void)
{
    /* ncurses' win32 console driver; TERM names a terminal this build has
       no description for (xterm-256color under Windows OpenSSH, Git Bash) */
    return "#win32con";
}

/* ---- process start: console output and arguments as UTF-8 ---- */

/* Where the C runtime's standard streams go: LF line ends everywhere (the
 * same bytes as on POSIX, so pipes and files are identical); on a console
 * the UTF-8 bytes are handed over in whole buffers, because a console given
 * a UTF-8 sequence byte by byte (the C runtime's unbuffered console writes)
 * or through the runtime's text mode (which converts from the ANSI code
 * page) shows mojibake. */
static void setup_stream(FILE *fp, DWORD std)
{
    int fd = _fileno(fp);
    if (fd < 0)
        return;
    _setmode(fd, _O_BINARY);
    if (std != STD_INPUT_HANDLE && is_console(std))
        setvbuf(fp, NULL, _IOFBF, 1 << 16);
}

void platform_startup(int *argc, char ***argv)
{
    if (is_console(STD_OUTPUT_HANDLE) || is_console(STD_ERROR_HANDLE))
        SetConsoleOutputCP(CP_UTF8);
    if (is_console(STD_INPUT_HANDLE))
        SetConsoleCP(CP_UTF8);
    setup_stream(stdin, STD_INPUT_HANDLE);
    setup_stream(stdout, STD_OUTPUT_HANDLE);
    setup_stream(stderr, STD_ERROR_HANDLE);

    /* The runtime's argv is in the ANSI code page: take the arguments from
     * the UTF-16 command line instead (the same parsing rules). The copy
     * lives as long as the process. */
    int n = 0;
    wchar_t **wargv = CommandLineToArgvW(GetCommandLineW(), &n);
    if (!wargv || n <= 0)
        return;
    char **u = calloc((size_t)n + 1, sizeof(char *));
    bool ok = u != NULL;
    for (int i = 0; ok && i < n; i++) {
        u[i] = w32_narrow(wargv[i]);
        ok = u[i] != NULL;
    }
    LocalFree(wargv);
    if (!ok) {
        /* keep the runtime's arguments */
        if (u)
            for (int i = 0; i < n; i++)
                free(u[i]);
        free(u);
        return;
    }
    *argc = n;
    *argv = u;
}

char platform_dir_sep(void)
{
    return '\\';
}

int64_t platform_monotonic_ms(void)
{
    return (int64_t)GetTickCount64();
}

void platform_sleep_ms(int ms)
{
    Sleep(ms > 0 ? (DWORD)ms : 0);
}
