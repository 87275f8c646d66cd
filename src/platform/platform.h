/* platform.h: the one interface behind which the operating system lives
 * (htop's Platform.h). src/platform/posix/ and src/platform/win32/ each
 * implement it; nothing else in enrolldoc knows which system it runs on. */
#ifndef ENROLLDOC_PLATFORM_H
#define ENROLLDOC_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../err.h"
#include "../facts.h"

/* Prepares the process before anything is read or printed: on Windows,
 * standard streams in binary mode (LF line ends, UTF-8 bytes unchanged; on a
 * console with the UTF-8 output code page and a full buffer) and *ARGC /
 * *ARGV replaced by the UTF-8 arguments of the UTF-16 command line (the new
 * vector lives as long as the process). POSIX: nothing. Call first in main. */
void platform_startup(int *argc, char ***argv);

/* The user's UI language as a tag ("de-DE"), written into BUF; NULL when the
 * platform has no such notion (POSIX: the caller reads LC_ALL/LANG). */
const char *platform_ui_language(char *buf, size_t size);
/* Whether live probing of a Windows client is possible here. */
bool platform_can_probe(void);
/* Seconds since the epoch, now. */
int64_t platform_now(void);
/* Milliseconds on a monotonic clock (for measuring durations). */
int64_t platform_monotonic_ms(void);
/* Waits MS milliseconds. */
void platform_sleep_ms(int ms);
/* The computer's name into BUF ("" when unknown). */
void platform_hostname(char *buf, size_t size);
/* The computer's NetBIOS name ("PC0042": what its account's
 * sAMAccountName "PC0042$" is made of) into BUF ("" when unknown).
 * POSIX: the host name's first label in capitals, at most 15 characters. */
void platform_netbios_name(char *buf, size_t size);

/* The folder for enrolldoc's state (transcripts, saved reports):
 * $XDG_STATE_HOME/enrolldoc or ~/.local/state/enrolldoc (POSIX),
 * %LOCALAPPDATA%\enrolldoc (Windows). Returns 0, or -1 when none is known. */
int platform_state_dir(char *buf, size_t size);
/* The separator of folders in paths ('/' or '\\'). */
char platform_dir_sep(void);
/* Creates PATH and its missing parents. Returns 0 or -1 (errno set). */
int platform_mkdirs(const char *path);
/* fopen() for a UTF-8 PATH (Windows: _wfopen, since the C runtime's fopen
 * reads the ANSI code page). MODE as for fopen. Only for what enrolldoc
 * made itself; inputs go through platform_open_input, new files through
 * platform_create_new. */
FILE *platform_fopen(const char *path, const char *mode);

/* What a name on the file system is, for refusing all but regular files. */
enum file_kind { FILE_REGULAR, FILE_FOLDER, FILE_FIFO, FILE_DEVICE, FILE_SOCKET, FILE_OTHER };

/* Opens PATH (UTF-8) for reading, but only when it is a regular file, and
 * without ever blocking on what is not one (a FIFO, a device, a socket).
 * Returns the stream (binary mode; the caller fcloses it) with *SIZE the
 * file's size; or NULL with *KIND saying what PATH is instead (errno
 * EINVAL), or with *KIND = FILE_REGULAR and errno set when it cannot be
 * opened at all (ENOENT, EACCES, ...). A symbolic link is followed: what
 * counts is what it points to. */
FILE *platform_open_input(const char *path, uint64_t *size, enum file_kind *kind);
/* The kind of standard input (a pipe is what "-" usually is; a folder or a
 * device given as "<" is refused like a named one); for a regular file its
 * size in *SIZE (else 0). */
enum file_kind platform_stdin_kind(uint64_t *size);
/* Whether the name PATH is taken: by a file, a folder, anything, or a
 * symbolic link even when it points nowhere (nothing is opened). */
bool platform_name_taken(const char *path);

/* ---- folders (walking folders of inputs: fleet) ---- */

/* One entry of a folder. */
struct folder_entry {
    char *name;               /* its name in the folder (UTF-8), not a path; owned */
    enum file_kind kind;      /* what it is; for a link, what the link points to
                                 (FILE_OTHER when it points nowhere) */
    bool link;                /* a symbolic link (Windows: any reparse point,
                                 junctions included) */
};
/* What PATH (UTF-8) is, following a link, into *KIND; whether the name
 * itself is a link into *LINK. Returns 0, or -1 (errno set) when there is
 * nothing of that name. */
int platform_path_kind(const char *path, enum file_kind *kind, bool *link);
/* The entries of folder PATH but "." and "..", in the order the system
 * lists them (sort them when the order matters). Returns 0 with a new list
 * in *OUT of *N entries (free with platform_folder_free), or -1 with errno set
 * (ENOTDIR: PATH is no folder). */
int platform_read_folder(const char *path, struct folder_entry **out, size_t *n);
void platform_folder_free(struct folder_entry *v, size_t n);

/* ---- threads (fleet reads and evaluates files on several at once) ---- */

/* How many processors this process may run on (its affinity; at least 1). */
int platform_cpu_count(void);

/* A lock with one condition to wait on (POSIX: a mutex and a condition
 * variable; Windows: an SRW lock and a condition variable). */
struct platform_lock;
/* A new lock; NULL when out of memory or the system has none to give. */
struct platform_lock *platform_lock_new(void);
void platform_lock_free(struct platform_lock *k);
void platform_lock_take(struct platform_lock *k);
void platform_lock_give(struct platform_lock *k);
/* With K taken: gives it up until another thread calls platform_lock_wake,
 * then takes it again. May return without a wake: check the condition again. */
void platform_lock_wait(struct platform_lock *k);
/* Wakes every thread waiting on K. */
void platform_lock_wake(struct platform_lock *k);

/* Runs FN(ARG) on N threads at once, the calling thread among them, and
 * returns when every one has returned. When the system gives fewer threads,
 * FN runs on as many as it gives (at least the calling one): FN must not
 * count on company. Returns how many ran FN. */
int platform_run_parallel(int n, void (*fn)(void *arg), void *arg);

/* Creates PATH (UTF-8) as a new file for writing: never over an existing
 * name, and never through a symbolic link (POSIX: O_CREAT|O_EXCL|O_NOFOLLOW,
 * mode 0600; Windows: CREATE_NEW, which fails on any existing name, link or
 * not, with access for the owner only). Returns the stream (binary mode;
 * the caller fcloses it), or NULL with errno set: EEXIST when the name is
 * taken. */
FILE *platform_create_new(const char *path);
/* Writes F's buffers and asks the system to put them on the disk (fsync,
 * FlushFileBuffers). Returns 0 or -1 (errno set). */
int platform_sync(FILE *fp);
/* Says that the N bytes at P are one large buffer that will be written
 * front to back: where the system offers it (Linux: transparent huge
 * pages), they are backed by large pages, which saves thousands of page
 * faults on inputs of tens of megabytes. Only a hint: nothing else changes,
 * and it may do nothing. */
void platform_hint_large(void *p, size_t n);

/* Says that the process will now allocate and free much memory over and
 * over (a fleet's files, one after another): where the C library offers it
 * (glibc), freed memory at the top of the heap is kept, up to 64 MiB,
 * instead of being handed back to the system after each file and asked for
 * again for the next, which costs more than reading the file. Only a hint:
 * the peak stays what the largest file needs. */
void platform_hint_churn(void);

/* This process's id. */
long platform_pid(void);

/* The name of the user running enrolldoc ("DOMAIN\\name" on Windows) into
 * BUF ("" when unknown). */
void platform_username(char *buf, size_t size);
/* Whether standard input and output are an interactive terminal that curses
 * can drive (POSIX: both are ttys and TERM is set and not "dumb"; Windows:
 * both are consoles, TERM is not read). */
bool platform_terminal_ok(void);
/* Whether standard input is an interactive terminal (a console), whatever
 * TERM says: the line mode echoes what it reads when it is not. */
bool platform_input_is_terminal(void);
/* The width in columns of the terminal (the console window) that standard
 * output is, or 0 when standard output is no terminal (a pipe, a file) or
 * its width cannot be read. COLUMNS is not consulted: a shell sets it but
 * rarely exports it, it goes stale when the window is resized, and output
 * into a pipe must not depend on the environment. */
int platform_terminal_columns(void);

/* The terminal type to hand curses (newterm's first argument): NULL on
 * POSIX, where curses reads TERM; on Windows "#win32con", ncurses' console
 * driver, whatever TERM says (Windows OpenSSH, Git Bash and some terminals
 * set TERM=xterm*, for which the Windows build has no terminal description;
 * PDCurses ignores the name). A static string, never freed. */
const char *platform_curses_terminal(void);

/* ---- running programs (actions) ---- */

/* What a program did. OUT and ERR are NUL-terminated, malloc'd, owned by the
 * result (proc_result_free). */
struct proc_result {
    int exit_code;            /* valid when !timed_out && started */
    bool started;
    bool timed_out;           /* killed, with every process it started, at the deadline */
    char *out;                /* standard output, as UTF-8 (Windows: converted when not) */
    size_t out_len;
    char *err;                /* standard error */
    size_t err_len;
};

/* Runs ARGV (ARGV[0] looked up in the system's program path) without any
 * shell: arguments are passed exactly (Windows: quoted by the rules
 * CommandLineToArgvW reads). Standard input is empty; output and errors are
 * captured (each up to 1 MiB, the rest dropped). After TIMEOUT_MS the program
 * and everything it started are killed. Never opens a window.
 * Returns 0 when the program could be started and was waited for (see
 * R->exit_code / R->timed_out), or -1 with E set (key error.run, args
 * program, reason) when it could not be started. */
int platform_run(const char *const *argv, int timeout_ms, struct proc_result *r, struct err *e);
void proc_result_free(struct proc_result *r);

/* ---- live probes (Windows) ---- */

/* The groups of facts a live probe fills: the first fact groups of
 * facts.h, with the same numbers, so that a check's .needs is a set of probe
 * groups too (the groups above PROBE_COUNT are never probed). */
enum probe_group {
    PROBE_AEPOLICY = FACTS_AEPOLICY,   /* aepolicy.user, aepolicy.machine */
    PROBE_LOGLEVEL = FACTS_LOGLEVEL,   /* loglevel */
    PROBE_CERTS = FACTS_CERTS,         /* certificates.user, certificates.machine */
    PROBE_TASKS = FACTS_TASKS,         /* tasks.user, tasks.machine */
    PROBE_IDENTITY = FACTS_IDENTITY,   /* identity.user (token groups, name, SID),
                                          identity.machine when SYSTEM */
    PROBE_SESSION = FACTS_SESSION,     /* session */
    PROBE_KSP = FACTS_KSP,             /* ksp */
    PROBE_CA_PING = FACTS_CA_PING,     /* ca_ping (for each enterprise CA found) */
    PROBE_EVENTS = FACTS_EVENTS,       /* events */
    PROBE_DIRECTORY = FACTS_DIRECTORY, /* templates, cas, identity's directory view:
                                          read by src/dirlive.c */
    PROBE_POLICY_SERVERS = FACTS_POLICY_SERVERS, /* policy_servers */
    PROBE_COUNT
};

/* Why a probe could not answer. */
struct probe_note {
    enum probe_group group;
    bool partial;             /* the group was collected, but part of it stayed unknown */
    char reason[256];         /* one line, English, for the bundle and the transcript */
};

/* The least time some groups are given, whatever deadline the caller
 * asked for (--timeout, 5 s by default), because reality needs it:
 * - the key test (PROBE_KSP): a TPM can take many seconds for a 2048-bit
 *   key;
 * - the CA ping (PROBE_CA_PING, all CAs at once): the endpoint mapper, a
 *   dynamic port and DCOM activation over a WAN link take several round
 *   trips each;
 * - the directory (PROBE_DIRECTORY): the DC locator, the bind and every
 *   search together (each single operation at most DIRLDAP_TIMEOUT_MS_DEFAULT). */
#define PROBE_KSP_TIMEOUT_MS 30000
#define PROBE_CA_PING_TIMEOUT_MS 15000
#define PROBE_DIRECTORY_TIMEOUT_MS 20000

/* The deadline group G gets when the caller asks for TIMEOUT_MS (<= 0: the
 * default, 5 s): at least the floor above. */
static inline int probe_group_deadline_ms(enum probe_group g, int timeout_ms)
{
    int floor = g == PROBE_KSP ? PROBE_KSP_TIMEOUT_MS
              : g == PROBE_CA_PING ? PROBE_CA_PING_TIMEOUT_MS
              : g == PROBE_DIRECTORY ? PROBE_DIRECTORY_TIMEOUT_MS : 0;
    if (timeout_ms <= 0)
        timeout_ms = 5000;
    return timeout_ms < floor ? floor : timeout_ms;
}

/* Fills group G of F on the live client, within TIMEOUT_MS. Returns 0 when
 * the facts were collected (NOTE->reason, when not empty, says which part
 * stayed unknown), 1 when they could not be (NOTE says why: the API is
 * missing, access denied, stubbed by Wine, timed out) and the facts stay
 * absent, -1 when out of memory. Never crashes or hangs on a broken
 * API: risky calls run in a worker with a deadline. */
int platform_probe(struct facts *f, enum probe_group g, int timeout_ms, struct probe_note *note);

#endif
