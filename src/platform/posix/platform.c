#define _POSIX_C_SOURCE 200809L
/* platform.c (POSIX): no live client here; the wizard and diagnose work on
 * bundles and training scenarios. */
#include "../platform.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <sys/ioctl.h>
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

void platform_netbios_name(char *buf, size_t size)
{
    char host[256];
    platform_hostname(host, sizeof(host));
    size_t k = 0;
    for (const char *p = host; *p && *p != '.' && k < 15 && k + 1 < size; p++)
        buf[k++] = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
    if (size)
        buf[k] = '\0';
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

static enum file_kind kind_of(mode_t m)
{
    if (S_ISREG(m))
        return FILE_REGULAR;
    if (S_ISDIR(m))
        return FILE_FOLDER;
    if (S_ISFIFO(m))
        return FILE_FIFO;
    if (S_ISCHR(m) || S_ISBLK(m))
        return FILE_DEVICE;
    if (S_ISSOCK(m))
        return FILE_SOCKET;
    return FILE_OTHER;
}

int platform_path_kind(const char *path, enum file_kind *kind, bool *link)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return -1;
    *link = S_ISLNK(st.st_mode);
    if (!*link) {
        *kind = kind_of(st.st_mode);
        return 0;
    }
    /* what the link points to; one that points nowhere is "other" */
    *kind = stat(path, &st) == 0 ? kind_of(st.st_mode) : FILE_OTHER;
    return 0;
}

FILE *platform_open_input(const char *path, uint64_t *size, enum file_kind *kind)
{
    *kind = FILE_REGULAR;
    *size = 0;
    /* O_NONBLOCK: opening a FIFO without a writer must not wait for one;
     * O_NOCTTY: a terminal device never becomes ours */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENXIO || errno == EOPNOTSUPP) {
            /* a socket (or a FIFO opened without a writer on some systems) */
            struct stat st;
            if (stat(path, &st) == 0) {
                *kind = kind_of(st.st_mode);
                if (*kind == FILE_REGULAR)
                    *kind = FILE_OTHER;
                errno = EINVAL;
            }
        }
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return NULL;
    }
    *kind = kind_of(st.st_mode);
    if (*kind != FILE_REGULAR) {
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return NULL;
    }
    FILE *fp = fdopen(fd, "rb");
    if (!fp) {
        int saved = errno;
        close(fd);
        errno = saved;
        return NULL;
    }
    *size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
    return fp;
}

enum file_kind platform_stdin_kind(uint64_t *size)
{
    struct stat st;
    *size = 0;
    if (fstat(STDIN_FILENO, &st) != 0)
        return FILE_OTHER;
    enum file_kind k = kind_of(st.st_mode);
    if (k == FILE_REGULAR && st.st_size > 0)
        *size = (uint64_t)st.st_size;
    /* a pipe, a terminal and a socket (ssh, systemd) carry text as a stream */
    return k == FILE_SOCKET || (k == FILE_DEVICE && S_ISCHR(st.st_mode) && isatty(STDIN_FILENO))
               ? FILE_FIFO
               : k;
}

bool platform_name_taken(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 || errno != ENOENT;
}

FILE *platform_create_new(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600);
    if (fd < 0)
        return NULL;
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        int saved = errno;
        close(fd);
        unlink(path);
        errno = saved;
    }
    return fp;
}

int platform_sync(FILE *fp)
{
    if (fflush(fp) != 0)
        return -1;
    return fsync(fileno(fp));
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

bool platform_input_is_terminal(void)
{
    return isatty(STDIN_FILENO) != 0;
}

int platform_terminal_columns(void)
{
    struct winsize ws;
    if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0)
        return 0;
    return ws.ws_col;
}

const char *platform_curses_terminal(void)
{
    return NULL; /* curses reads TERM */
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

void platform_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        continue;
}
