/* runner_child.c: the program tests/windows/runner_test.exe starts through
 * platform_run. Modes (argv[1]):
 *   args ...        prints every argument twice as hex of its UTF-8 bytes:
 *                   "W <hex>" as CommandLineToArgvW reads the command line,
 *                   "C <hex>" as the C runtime's wide argv has it
 *   streams         "to-out" on stdout, "to-err" on stderr, exit code 3
 *   exit N          exits with N
 *   utf16           writes "Grüße" as UTF-16LE bytes
 *   oem             writes "Grüße" in code page 850/437 bytes
 *   big N           writes N bytes of 'x'
 *   hang DIR        starts "grandchild DIR" and then sleeps for a minute
 *   grandchild DIR  writes DIR\started, sleeps 2 s, writes DIR\late
 * Built with -municode (wmain). */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <shellapi.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static void put_hex(const char *tag, const wchar_t *w)
{
    char u[4096];
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, u, sizeof(u), NULL, NULL);
    printf("%s ", tag);
    for (int i = 0; i + 1 < n; i++)
        printf("%02x", (unsigned char)u[i]);
    printf("\n");
}

static void touch(const wchar_t *dir, const wchar_t *name)
{
    wchar_t path[1024];
    swprintf(path, sizeof(path) / sizeof(path[0]), L"%ls\\%ls", dir, name);
    HANDLE h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
}

int wmain(int argc, wchar_t **argv);
int wmain(int argc, wchar_t **argv)
{
    if (argc < 2)
        return 100;
    /* bytes as written: no CR added before LF */
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
    const wchar_t *mode = argv[1];
    if (wcscmp(mode, L"args") == 0) {
        int n = 0;
        wchar_t **cl = CommandLineToArgvW(GetCommandLineW(), &n);
        if (!cl)
            return 101;
        for (int i = 2; i < n; i++)
            put_hex("W", cl[i]);
        for (int i = 2; i < argc; i++)
            put_hex("C", argv[i]);
        LocalFree(cl);
        return 0;
    }
    if (wcscmp(mode, L"streams") == 0) {
        fputs("to-out\n", stdout);
        fflush(stdout);
        fputs("to-err\n", stderr);
        fflush(stderr);
        return 3;
    }
    if (wcscmp(mode, L"exit") == 0 && argc > 2)
        return _wtoi(argv[2]);
    if (wcscmp(mode, L"utf16") == 0) {
        static const wchar_t text[] = L"Gr\u00fc\u00dfe";
        DWORD w;
        WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), text, (DWORD)(sizeof(text) - sizeof(wchar_t)), &w, NULL);
        return 0;
    }
    if (wcscmp(mode, L"oem") == 0) {
        static const char text[] = "Gr\x81\xe1" "e";
        DWORD w;
        WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), text, (DWORD)(sizeof(text) - 1), &w, NULL);
        return 0;
    }
    if (wcscmp(mode, L"big") == 0 && argc > 2) {
        long n = wcstol(argv[2], NULL, 10);
        static char chunk[65536];
        memset(chunk, 'x', sizeof(chunk));
        HANDLE h = GetStdHandle(STD_OUTPUT_HANDLE);
        while (n > 0) {
            DWORD k = n > (long)sizeof(chunk) ? (DWORD)sizeof(chunk) : (DWORD)n, w;
            if (!WriteFile(h, chunk, k, &w, NULL))
                return 102;
            n -= (long)w;
        }
        return 0;
    }
    if (wcscmp(mode, L"hang") == 0 && argc > 2) {
        wchar_t self[MAX_PATH], line[2048];
        GetModuleFileNameW(NULL, self, MAX_PATH);
        swprintf(line, sizeof(line) / sizeof(line[0]), L"\"%ls\" grandchild \"%ls\"", self, argv[2]);
        STARTUPINFOW si;
        PROCESS_INFORMATION pi;
        memset(&si, 0, sizeof(si));
        si.cb = sizeof(si);
        if (!CreateProcessW(self, line, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi))
            return 103;
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
        Sleep(60000);
        return 0;
    }
    if (wcscmp(mode, L"grandchild") == 0 && argc > 2) {
        touch(argv[2], L"started");
        Sleep(2000);
        touch(argv[2], L"late");
        return 0;
    }
    return 100;
}
