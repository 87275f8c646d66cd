/* runner_test.c: platform_run (src/platform/win32/process.c) under Wine or
 * Windows, against runner_child.exe from the same folder: arguments
 * round-trip exactly (quotes, trailing backslashes, blanks, umlauts, empty),
 * stdout and stderr are captured apart, exit codes pass through, output in
 * UTF-16 or the OEM code page arrives as UTF-8, the 1 MiB cap holds, a
 * missing program is an error, and at the deadline the program is killed
 * together with the grandchild it started.
 * Prints "N passed, M failed"; exits 1 on any failure. */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
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
    CHECK(strcmp(r.out, "to-out\n") == 0 || strcmp(r.out, "to-out\r\n") == 0, "stdout: [%s]", r.out);
    CHECK(strcmp(r.err, "to-err\n") == 0 || strcmp(r.err, "to-err\r\n") == 0, "stderr: [%s]", r.err);
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

    test_args();
    test_streams_and_exit();
    test_lookup();
    test_encodings();
    test_cap();
    test_deadline();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
