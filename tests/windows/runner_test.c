/* runner_test.c: platform_run (src/platform/win32/process.c) under Wine or
 * Windows, against runner_child.exe from the same folder: arguments
 * round-trip exactly (quotes, trailing backslashes, blanks, umlauts, empty),
 * stdout and stderr are captured apart, exit codes pass through, output in
 * UTF-16 or the OEM code page arrives as UTF-8, the 1 MiB cap holds, a
 * missing program is an error, and at the deadline the program is killed
 * together with the grandchild it started. Also the rest of the Windows
 * platform layer (src/platform/win32/platform.c): time, names, the state
 * folder and mkdirs under a folder name with umlauts, UTF-8 fopen, language.
 * Prints "N passed, M failed"; exits 1 on any failure. */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "platform/platform.h"

static int passed, failed;

#define CHECK(cond, ...)                                                                                    \
    do {                                                                                                    \
        if (cond) {                                                                                         \
            passed++;                                                                                       \
        } else {                                                                                            \
            failed++;                                                                                       \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                                          \
            printf(__VA_ARGS__);                                                                            \
            printf("\n");                                                                                   \
        }                                                                                                   \
    } while (0)

static char child[MAX_PATH * 3];

static void hex(const char *s, char *out, size_t size)
{
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 3 < size; p++)
        k += (size_t)snprintf(out + k, size - k, "%02x", *p);
    out[k] = '\0';
}

/* The lines the child prints for ARGS, "W <hex>" then "C <hex>". */
static char *expected_args(const char *const *args, size_t n)
{
    size_t cap = 64;
    for (size_t i = 0; i < n; i++)
        cap += 2 * (strlen(args[i]) * 2 + 4);
    char *s = malloc(cap);
    if (!s)
        return NULL;
    size_t k = 0;
    s[0] = '\0';
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            char h[2048];
            hex(args[i], h, sizeof(h));
            k += (size_t)snprintf(s + k, cap - k, "%s %s\n", pass == 0 ? "W" : "C", h);
        }
    return s;
}

static void test_args(void)
{
    static const char *const args[] = {
        "plain",
        "with space",
        "quote\"inside",
        "trail\\",
        "\\\\server\\share\\",
        "",
        "a\\\\\"b",
        "Gr\xC3\xBC\xC3\x9F" "e \xC3\x9Cmlaut",
        "tab\there",
        "\"",
        "\\",
        "\\\\",
        "\"\"",
        "end with space ",
        "C:\\Program Files\\x\\",
        "--opt=\"val ue\"",
        "\xE2\x82\xAC \xF0\x9F\x98\x80", /* euro sign, an emoji (a surrogate pair) */
    };
    size_t n = sizeof(args) / sizeof(args[0]);
    const char *argv[32];
    argv[0] = child;
    argv[1] = "args";
    for (size_t i = 0; i < n; i++)
        argv[i + 2] = args[i];
    argv[n + 2] = NULL;
    struct proc_result r;
    struct err e;
    err_clear(&e);
    int rc = platform_run(argv, 20000, &r, &e);
    CHECK(rc == 0, "platform_run: %s %s", e.key, err_get(&e, "reason") ? err_get(&e, "reason") : "");
    if (rc != 0)
        return;
    char *want = expected_args(args, n);
    CHECK(r.started && !r.timed_out && r.exit_code == 0, "exit %d timed_out %d", r.exit_code, r.timed_out);
    CHECK(want && strcmp(r.out, want) == 0, "argument round trip:\n--- got\n%s--- want\n%s", r.out,
          want ? want : "");
    CHECK(r.err_len == 0, "stderr: %s", r.err);
    free(want);
    proc_result_free(&r);
}

static void test_streams_and_exit(void)
{
    const char *argv[] = {child, "streams", NULL};
    struct proc_result r;
    struct err e;
    int rc = platform_run(argv, 20000, &r, &e);
    CHECK(rc == 0, "platform_run failed: %s", e.key);
    if (rc != 0)
        return;
    CHECK(strcmp(r.out, "to-out\n") == 0 && r.out_len == 7, "stdout: [%s]", r.out);
    CHECK(strcmp(r.err, "to-err\n") == 0 && r.err_len == 7, "stderr: [%s]", r.err);
    CHECK(r.exit_code == 3 && !r.timed_out, "exit %d", r.exit_code);
    proc_result_free(&r);

    const char *argv2[] = {child, "exit", "42", NULL};
    rc = platform_run(argv2, 20000, &r, &e);
    CHECK(rc == 0 && r.exit_code == 42 && r.out_len == 0 && r.err_len == 0, "exit 42: rc %d exit %d", rc,
          r.exit_code);
    if (rc == 0)
        proc_result_free(&r);

    /* the program named without ".exe": the runner adds it */
    char noext[sizeof(child)];
    snprintf(noext, sizeof(noext), "%s", child);
    char *dot = strrchr(noext, '.');
    if (dot)
        *dot = '\0';
    const char *argv3[] = {noext, "exit", "7", NULL};
    rc = platform_run(argv3, 20000, &r, &e);
    CHECK(rc == 0 && r.exit_code == 7, "without .exe: rc %d exit %d (%s)", rc, r.exit_code, e.key);
    if (rc == 0)
        proc_result_free(&r);
}

static void test_lookup(void)
{
    /* a bare name is found in the system folder */
    const char *argv[] = {"cmd", "/d", "/c", "exit 5", NULL};
    struct proc_result r;
    struct err e;
    err_clear(&e);
    int rc = platform_run(argv, 20000, &r, &e);
    CHECK(rc == 0 && r.exit_code == 5, "cmd lookup: rc %d exit %d %s", rc, rc == 0 ? r.exit_code : -1, e.key);
    if (rc == 0)
        proc_result_free(&r);

    const char *argv2[] = {"enrolldoc-no-such-program", NULL};
    err_clear(&e);
    rc = platform_run(argv2, 5000, &r, &e);
    CHECK(rc == -1 && strcmp(e.key, "error.run") == 0, "missing program: rc %d key %s", rc, e.key);
    const char *prog = err_get(&e, "program");
    CHECK(prog && strcmp(prog, "enrolldoc-no-such-program") == 0, "program arg: %s", prog ? prog : "(none)");
    CHECK(err_get(&e, "reason") != NULL, "reason missing");
}

static void test_encodings(void)
{
    const char *argv[] = {child, "utf16", NULL};
    struct proc_result r;
    struct err e;
    int rc = platform_run(argv, 20000, &r, &e);
    CHECK(rc == 0 && strcmp(r.out, "Gr\xC3\xBC\xC3\x9F" "e") == 0, "utf16 -> utf8: [%s]", rc == 0 ? r.out : "");
    if (rc == 0)
        proc_result_free(&r);

    UINT oem = GetOEMCP();
    if (oem == 437 || oem == 850) {
        const char *argv2[] = {child, "oem", NULL};
        rc = platform_run(argv2, 20000, &r, &e);
        CHECK(rc == 0 && strcmp(r.out, "Gr\xC3\xBC\xC3\x9F" "e") == 0, "oem %u -> utf8: [%s]", oem,
              rc == 0 ? r.out : "");
        if (rc == 0)
            proc_result_free(&r);
    } else {
        printf("skip: OEM code page %u\n", oem);
    }
}

static void test_cap(void)
{
    const char *argv[] = {child, "big", "1572864", NULL}; /* 1.5 MiB */
    struct proc_result r;
    struct err e;
    int rc = platform_run(argv, 30000, &r, &e);
    CHECK(rc == 0 && !r.timed_out && r.exit_code == 0, "big: rc %d", rc);
    if (rc != 0)
        return;
    CHECK(r.out_len == (size_t)1 << 20, "captured %zu bytes", r.out_len);
    CHECK(strlen(r.out) == r.out_len, "terminated");
    proc_result_free(&r);
}

static bool exists(const char *dir, const char *name)
{
    char p[MAX_PATH * 3];
    snprintf(p, sizeof(p), "%s\\%s", dir, name);
    return GetFileAttributesA(p) != INVALID_FILE_ATTRIBUTES;
}

static void test_deadline(void)
{
    char tmp[MAX_PATH], dir[MAX_PATH * 2];
    GetTempPathA(sizeof(tmp), tmp);
    snprintf(dir, sizeof(dir), "%senrolldoc-runner-%lu", tmp, (unsigned long)GetCurrentProcessId());
    CreateDirectoryA(dir, NULL);
    const char *argv[] = {child, "hang", dir, NULL};
    struct proc_result r;
    struct err e;
    ULONGLONG t0 = GetTickCount64();
    int rc = platform_run(argv, 1500, &r, &e);
    ULONGLONG took = GetTickCount64() - t0;
    CHECK(rc == 0 && r.started && r.timed_out, "hang: rc %d timed_out %d", rc, rc == 0 ? r.timed_out : -1);
    CHECK(took >= 1400 && took < 10000, "returned after %llu ms", (unsigned long long)took);
    CHECK(exists(dir, "started"), "the grandchild never ran");
    if (rc == 0)
        proc_result_free(&r);
    /* the grandchild would write "late" 2 s after it started */
    Sleep(3000);
    CHECK(!exists(dir, "late"), "the grandchild survived the deadline");
    char p[MAX_PATH * 3];
    snprintf(p, sizeof(p), "%s\\started", dir);
    DeleteFileA(p);
    snprintf(p, sizeof(p), "%s\\late", dir);
    DeleteFileA(p);
    RemoveDirectoryA(dir);
}

/* ---- platform.c ---- */

static bool utf8_ok(const char *s)
{
    return MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0) > 0;
}

static bool wide_exists(const char *utf8, bool dir)
{
    wchar_t w[MAX_PATH * 2];
    if (MultiByteToWideChar(CP_UTF8, 0, utf8, -1, w, MAX_PATH * 2) <= 0)
        return false;
    DWORD a = GetFileAttributesW(w);
    return a != INVALID_FILE_ATTRIBUTES && (dir ? (a & FILE_ATTRIBUTE_DIRECTORY) != 0 : true);
}

static void test_platform_basics(void)
{
    CHECK(platform_can_probe(), "can_probe");
    SYSTEMTIME st;
    FILETIME ft;
    GetSystemTime(&st);
    SystemTimeToFileTime(&st, &ft);
    int64_t ref = (int64_t)((((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime) / 10000000u) - 11644473600LL;
    int64_t now = platform_now();
    CHECK(now - ref >= -2 && now - ref <= 2, "now %lld, system time %lld", (long long)now, (long long)ref);
    CHECK(now > 1700000000LL, "now %lld", (long long)now);
    CHECK(platform_pid() == (long)GetCurrentProcessId(), "pid");

    char host[256];
    platform_hostname(host, sizeof(host));
    const char *cn = getenv("COMPUTERNAME");
    CHECK(host[0] != '\0' && utf8_ok(host), "hostname [%s]", host);
    if (cn && *cn)
        CHECK(_strnicmp(host, cn, strlen(cn)) == 0, "hostname [%s] does not start with COMPUTERNAME [%s]", host, cn);
    char tiny[3];
    platform_hostname(tiny, sizeof(tiny));
    CHECK(strlen(tiny) < sizeof(tiny), "hostname into a tiny buffer stays terminated");

    char user[512];
    platform_username(user, sizeof(user));
    const char *un = getenv("USERNAME");
    const char *bs = strrchr(user, '\\');
    CHECK(bs != NULL && bs != user, "username [%s] is not DOMAIN\\name", user);
    if (bs && un && *un)
        CHECK(_stricmp(bs + 1, un) == 0, "username [%s], USERNAME [%s]", user, un);

    char lang[64];
    const char *tag = platform_ui_language(lang, sizeof(lang));
    CHECK(tag && strlen(tag) >= 2 && tag[2] == '-', "ui language [%s]", tag ? tag : "(null)");
    CHECK(!platform_terminal_ok(), "terminal_ok with output to a pipe");

    /* the state folder follows LOCALAPPDATA, here one with umlauts */
    char tmp[MAX_PATH], base[MAX_PATH * 3], state[MAX_PATH * 3], want[MAX_PATH * 3];
    GetTempPathA(sizeof(tmp), tmp);
    snprintf(base, sizeof(base), "%senrolldoc-pt-%lu\\Pr\xC3\xBC" "fung \xC3\x84", tmp,
             (unsigned long)GetCurrentProcessId());
    wchar_t wbase[MAX_PATH * 2];
    MultiByteToWideChar(CP_UTF8, 0, base, -1, wbase, MAX_PATH * 2);
    SetEnvironmentVariableW(L"LOCALAPPDATA", wbase);
    CHECK(platform_state_dir(state, sizeof(state)) == 0, "state_dir");
    snprintf(want, sizeof(want), "%s\\enrolldoc", base);
    CHECK(strcmp(state, want) == 0, "state dir [%s], want [%s]", state, want);
    char small[8];
    CHECK(platform_state_dir(small, sizeof(small)) == -1, "state_dir into a small buffer");
    char deep[MAX_PATH * 3];
    snprintf(deep, sizeof(deep), "%s\\a/b\\c", state);
    CHECK(platform_mkdirs(deep) == 0, "mkdirs %s", deep);
    CHECK(wide_exists(deep, true), "mkdirs made %s", deep);
    CHECK(platform_mkdirs(deep) == 0, "mkdirs of an existing folder");
    CHECK(platform_mkdirs("C:\\") == 0, "mkdirs of a drive root");

    char file[MAX_PATH * 3];
    snprintf(file, sizeof(file), "%s\\d\xC3\xA4tei.txt", state);
    FILE *fp = platform_fopen(file, "wb");
    CHECK(fp != NULL, "platform_fopen %s", file);
    if (fp) {
        fputs("Gr\xC3\xBC\xC3\x9F" "e\n", fp);
        fclose(fp);
    }
    CHECK(wide_exists(file, false), "the file has its UTF-8 name");
    fp = platform_fopen(file, "rb");
    char back[32] = {0};
    if (fp) {
        size_t n = fread(back, 1, sizeof(back) - 1, fp);
        back[n] = '\0';
        fclose(fp);
    }
    CHECK(strcmp(back, "Gr\xC3\xBC\xC3\x9F" "e\n") == 0, "read back [%s]", back);
    char under_file[MAX_PATH * 3];
    snprintf(under_file, sizeof(under_file), "%s\\x", file);
    CHECK(platform_mkdirs(under_file) == -1, "mkdirs below a file fails");
    CHECK(platform_mkdirs(file) == -1 && errno == EEXIST, "mkdirs onto a file: EEXIST (errno %d)", errno);

    /* clean up: the tree under the temp folder */
    wchar_t wtop[MAX_PATH * 2];
    char top[MAX_PATH * 3];
    snprintf(top, sizeof(top), "%senrolldoc-pt-%lu", tmp, (unsigned long)GetCurrentProcessId());
    MultiByteToWideChar(CP_UTF8, 0, top, -1, wtop, MAX_PATH * 2);
    wchar_t wfile[MAX_PATH * 2];
    MultiByteToWideChar(CP_UTF8, 0, file, -1, wfile, MAX_PATH * 2);
    DeleteFileW(wfile);
    for (int i = 0; i < 6; i++) {
        /* remove the folders from the deepest up */
        wchar_t wd[MAX_PATH * 2];
        MultiByteToWideChar(CP_UTF8, 0, deep, -1, wd, MAX_PATH * 2);
        RemoveDirectoryW(wd);
        char *cut = strrchr(deep, '\\');
        char *cut2 = strrchr(deep, '/');
        if (cut2 > cut)
            cut = cut2;
        if (!cut || cut - deep <= (ptrdiff_t)strlen(top))
            break;
        *cut = '\0';
    }
    wchar_t wb[MAX_PATH * 2];
    MultiByteToWideChar(CP_UTF8, 0, deep, -1, wb, MAX_PATH * 2);
    RemoveDirectoryW(wb);
    RemoveDirectoryW(wbase);
    RemoveDirectoryW(wtop);
}

int main(void)
{
    wchar_t self[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, self, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return 2;
    wchar_t *slash = wcsrchr(self, L'\\');
    if (!slash)
        return 2;
    wcscpy(slash + 1, L"runner_child.exe");
    WideCharToMultiByte(CP_UTF8, 0, self, -1, child, sizeof(child), NULL, NULL);

    test_platform_basics();
    test_args();
    test_streams_and_exit();
    test_lookup();
    test_encodings();
    test_cap();
    test_deadline();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
