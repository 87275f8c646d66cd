/* process.c (POSIX): running a program without a shell, with captured
 * output and a deadline that kills its whole process group. Used by the
 * tests of the runner contract; enrolldoc's actions run on Windows. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../platform.h"

#define CAPTURE_MAX ((size_t)1 << 20)

struct buf {
    char *p;
    size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->len + n > CAPTURE_MAX)
        n = CAPTURE_MAX - b->len;
    if (n == 0)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np)
            return;
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void proc_result_free(struct proc_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof(*r));
}

int platform_run(const char *const *argv, int timeout_ms, struct proc_result *r, struct err *e)
{
    memset(r, 0, sizeof(*r));
    int out[2], errp[2], exec_err[2];
    if (pipe(out) != 0 || pipe(errp) != 0 || pipe(exec_err) != 0) {
        err_set(e, "error.run");
        err_arg(e, "program", "%s", argv[0]);
        return err_arg(e, "reason", "%s", strerror(errno));
    }
    fcntl(exec_err[1], F_SETFD, FD_CLOEXEC);
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(out[0]); close(out[1]); close(errp[0]); close(errp[1]);
        close(exec_err[0]); close(exec_err[1]);
        err_set(e, "error.run");
        err_arg(e, "program", "%s", argv[0]);
        return err_arg(e, "reason", "%s", strerror(saved));
    }
    if (pid == 0) {
        setpgid(0, 0); /* its own group, so that the deadline kills all of it */
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        dup2(out[1], 1);
        dup2(errp[1], 2);
        close(out[0]); close(errp[0]); close(exec_err[0]);
        execvp(argv[0], (char *const *)argv);
        int code = errno;
        ssize_t w = write(exec_err[1], &code, sizeof(code));
        (void)w;
        _exit(127);
    }
    setpgid(pid, pid);
    close(out[1]);
    close(errp[1]);
    close(exec_err[1]);
    int code = 0;
    ssize_t got = read(exec_err[0], &code, sizeof(code));
    close(exec_err[0]);
    if (got == (ssize_t)sizeof(code)) {
        waitpid(pid, NULL, 0);
        close(out[0]);
        close(errp[0]);
        err_set(e, "error.run");
        err_arg(e, "program", "%s", argv[0]);
        return err_arg(e, "reason", "%s", strerror(code));
    }
    r->started = true;
    struct buf bo = {0}, be = {0};
    struct pollfd fds[2] = {{out[0], POLLIN, 0}, {errp[0], POLLIN, 0}};
    int open_fds = 2;
    int64_t deadline = now_ms() + timeout_ms;
    while (open_fds > 0) {
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            r->timed_out = true;
            break;
        }
        int n = poll(fds, 2, (int)(left > 1000 ? 1000 : left));
        if (n < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char chunk[4096];
            ssize_t k = read(fds[i].fd, chunk, sizeof(chunk));
            if (k > 0) {
                buf_add(i == 0 ? &bo : &be, chunk, (size_t)k);
            } else {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            }
        }
    }
    int status = 0;
    if (r->timed_out) {
        kill(-pid, SIGKILL);
        waitpid(pid, &status, 0);
    } else {
        /* output closed: wait for the exit, still within the deadline */
        for (;;) {
            pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid)
                break;
            if (now_ms() >= deadline) {
                r->timed_out = true;
                kill(-pid, SIGKILL);
                waitpid(pid, &status, 0);
                break;
            }
            struct timespec ts = {0, 10 * 1000000};
            nanosleep(&ts, NULL);
        }
    }
    /* whatever the group left behind goes too */
    kill(-pid, SIGKILL);
    for (int i = 0; i < 2; i++)
        if (fds[i].fd >= 0)
            close(fds[i].fd);
    if (!r->timed_out)
        r->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r->out = bo.p ? bo.p : calloc(1, 1);
    r->out_len = bo.len;
    r->err = be.p ? be.p : calloc(1, 1);
    r->err_len = be.len;
    return 0;
}
