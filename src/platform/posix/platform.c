#define _POSIX_C_SOURCE 200809L
/* platform.c (POSIX): no live client here; the wizard and diagnose work on
 * bundles and training scenarios. */
#include "../platform.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void platform_startup(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

const char *platform_ui_language(char *buf, size_t size)
{
    (void)buf;
    (void)size;
    return NULL;
}

bool platform_can_probe(void)
{
    return false;
}

int64_t platform_now(void)
{
    return (int64_t)time(NULL);
}

void platform_hostname(char *buf, size_t size)
{
    if (size == 0)
        return;
    if (gethostname(buf, size) != 0)
        buf[0] = '\0';
    buf[size - 1] = '\0';
}

int platform_state_dir(char *buf, size_t size)
{
    const char *xdg = getenv("XDG_STATE_HOME");
    int n;
    if (xdg && xdg[0] == '/') {
        n = snprintf(buf, size, "%s/enrolldoc", xdg);
    } else {
        const char *home = getenv("HOME");
        if (!home || !*home)
            return -1;
        n = snprintf(buf, size, "%s/.local/state/enrolldoc", home);
    }
    return n > 0 && (size_t)n < size ? 0 : -1;
}

int platform_mkdirs(const char *path)
{
    char tmp[4096];
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof(tmp)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(tmp, path, len + 1);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

FILE *platform_fopen(const char *path, const char *mode)
{
    return fopen(path, mode);
}

long platform_pid(void)
{
    return (long)getpid();
}

void platform_username(char *buf, size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    const struct passwd *pw = getpwuid(geteuid());
    const char *name = pw ? pw->pw_name : getenv("USER");
    if (name)
        snprintf(buf, size, "%s", name);
}

bool platform_terminal_ok(void)
{
    const char *term = getenv("TERM");
    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && *term &&
           strcmp(term, "dumb") != 0;
}

int platform_probe(struct facts *f, enum probe_group g, int timeout_ms, struct probe_note *note)
{
    (void)f;
    (void)timeout_ms;
    note->group = g;
    snprintf(note->reason, sizeof(note->reason), "not a Windows client");
    return 1;
}

char platform_dir_sep(void)
{
    return '/';
}

int64_t platform_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
