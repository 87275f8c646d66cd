/* probe_util.h (Windows): helpers shared by the live probes: text
 * conversion, Wine detection, time and error-code conversion, and running a
 * call in a worker thread with a deadline.
 *
 * Only src/platform/win32/ includes this header. */
#ifndef ENROLLDOC_WIN32_PROBE_UTIL_H
#define ENROLLDOC_WIN32_PROBE_UTIL_H

#include "../attributes.h"

#include <windows.h>

#include <stdbool.h>
#include <stdint.h>

#include "../../facts.h"
#include "../platform.h"

/* ---- text ---- */

/* UTF-16 W (LEN code units, or -1 = NUL-terminated) as UTF-8, owned by A.
 * Invalid surrogates become U+FFFD. NULL when out of memory. */
char *probe_w2a(struct arena *a, const wchar_t *w, int len);
/* UTF-8 S as a NUL-terminated UTF-16 string; the caller frees it with
 * free(). NULL when out of memory or S is not valid UTF-8. */
wchar_t *probe_a2w(const char *s);
/* Sets *S to the UTF-8 copy of W (owned by A). Returns 0, -1 when out of memory. */
int probe_set_wstr(struct arena *a, struct opt_str *s, const wchar_t *w);

/* ---- the system ---- */

/* The Wine version ("8.0") when running under Wine, else NULL. The string
 * is Wine's own (static); never freed. */
const char *probe_wine_version(void);
/* Whether this process runs under Wine. */
bool probe_is_wine(void);

/* FILETIME (100 ns since 1601) as seconds since 1970. */
int64_t probe_filetime_to_unix(const FILETIME *ft);
/* An OLE automation DATE (local time, as ITaskScheduler returns it) as
 * seconds since 1970 (UTC). Returns 0, or -1 when it cannot be converted. */
int probe_oledate_to_unix(double date, int64_t *out);
/* A Win32 error or HRESULT as the normalised 32-bit code of facts.h: Win32
 * codes below 0x10000 in their HRESULT form (1722 -> 0x800706BA). */
uint32_t probe_code(uint32_t code);

/* The account this process runs as, "DOMAIN\\name" (LookupAccountSidW of
 * the token's user), or "NT AUTHORITY\\SYSTEM" for S-1-5-18 in every
 * language of Windows, into *OUT (owned by A). Returns 0, 1 when it cannot
 * be read (*OUT untouched), -1 when out of memory. */
int probe_process_account(struct arena *a, struct opt_str *out);

/* Formats NOTE's reason (one line, English) and sets its group. */
void probe_note_set(struct probe_note *note, enum probe_group g, const char *fmt, ...)
    ENROLLDOC_PRINTF(3, 4);
/* Appends "; " and the formatted text to NOTE's reason (or sets it when empty). */
void probe_note_add(struct probe_note *note, enum probe_group g, const char *fmt, ...)
    ENROLLDOC_PRINTF(3, 4);

/* ---- worker threads with a deadline ---- */

/* A job runs FN(ARG) in a new thread. The caller waits up to a deadline;
 * when the deadline passes, the thread is abandoned (never killed, never
 * joined): it keeps running and the job, with ARG, is freed by whichever
 * side finishes last (FREE_ARG(ARG) is then called). So ARG must not point
 * into anything the caller releases: give the worker its own copies. */
struct probe_job;

/* Starts FN(ARG) in a thread that has COM initialised (multithreaded
 * apartment) for it. FREE_ARG (may be NULL) releases ARG when the job is
 * released by both sides. Returns the job, or NULL when the thread cannot
 * be started (ARG is then NOT released: the caller still owns it). */
struct probe_job *probe_job_start(void (*fn)(void *arg), void *arg, void (*free_arg)(void *arg));
/* Waits until the job is done or TIMEOUT_MS passed. Returns true when done
 * (ARG then holds the worker's results and may be read until release). */
bool probe_job_wait(struct probe_job *j, DWORD timeout_ms);
/* Waits for several jobs together until all are done or TIMEOUT_MS passed
 * (whatever is not done by then has timed out; see probe_job_done). */
void probe_job_wait_all(struct probe_job *const *jobs, size_t n, DWORD timeout_ms);
/* Whether the job has finished. */
bool probe_job_done(const struct probe_job *j);
/* The caller's side lets go of the job (after wait, done or not). */
void probe_job_release(struct probe_job *j);

/* Milliseconds left until DEADLINE (a GetTickCount64 value), 0 when past. */
DWORD probe_ms_left(ULONGLONG deadline);

/* ---- the probes of each group (probe_<group>.c) ---- */

/* What every probe gets: its deadline and whether Wine runs it. */
struct probe_env {
    ULONGLONG deadline;          /* GetTickCount64() value by which to be done */
    DWORD timeout_ms;            /* the whole budget of the group */
    bool wine;
};

/* Each fills its group of F (a scratch facts object of the worker thread;
 * memory from F->arena) and nothing else. Returns 0 when collected (NOTE
 * may still say what stayed unknown within the group), 1 when not (NOTE
 * says why, the group stays absent), -1 when out of memory. They run in a
 * worker thread with COM initialised (multithreaded apartment). */
int probe_win_aepolicy(struct facts *f, const struct probe_env *env, struct probe_note *note);
int probe_win_policy_servers(struct facts *f, const struct probe_env *env, struct probe_note *note);
int probe_win_loglevel(struct facts *f, const struct probe_env *env, struct probe_note *note);
int probe_win_certs(struct facts *f, const struct probe_env *env, struct probe_note *note);
int probe_win_tasks(struct facts *f, const struct probe_env *env, struct probe_note *note);
int probe_win_identity(struct facts *f, const struct probe_env *env, struct probe_note *note);
int probe_win_session(struct facts *f, const struct probe_env *env, struct probe_note *note);
int probe_win_ksp(struct facts *f, const struct probe_env *env, struct probe_note *note);
int probe_win_ca_ping(struct facts *f, const struct probe_env *env, struct probe_note *note);
int probe_win_events(struct facts *f, const struct probe_env *env, struct probe_note *note);

/* Reads the DWORD value NAME under ROOT\SUBKEY into *OUT: F_SET with the
 * value, F_NULL when the key or value does not exist. Returns 0, or -1
 * when the value cannot be read as a DWORD (wrong type, access denied;
 * NOTE then says why, *OUT stays absent). Used by probe_aepolicy.c. */
int probe_reg_dword(HKEY root, const wchar_t *root_name, const wchar_t *subkey, const wchar_t *name,
                    struct opt_int *out, enum probe_group g, struct probe_note *note);

#endif
