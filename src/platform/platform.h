/* platform.h: the one interface behind which the operating system lives
 * (htop's Platform.h). src/platform/posix/ and src/platform/win32/ each
 * implement it; nothing else in enrolldoc knows which system it runs on. */
#ifndef ENROLLDOC_PLATFORM_H
#define ENROLLDOC_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The user's UI language as a tag ("de-DE"), written into BUF; NULL when the
 * platform has no such notion (POSIX: the caller reads LC_ALL/LANG). */
const char *platform_ui_language(char *buf, size_t size);
/* Whether live probing of a Windows client is possible here. */
bool platform_can_probe(void);
/* Seconds since the epoch, now. */
int64_t platform_now(void);
/* The computer's name into BUF ("" when unknown). */
void platform_hostname(char *buf, size_t size);

/* The folder for enrolldoc's state (transcripts, saved reports):
 * $XDG_STATE_HOME/enrolldoc or ~/.local/state/enrolldoc (POSIX),
 * %LOCALAPPDATA%\enrolldoc (Windows). Returns 0, or -1 when none is known. */
int platform_state_dir(char *buf, size_t size);
/* Creates PATH and its missing parents. Returns 0 or -1 (errno set). */
int platform_mkdirs(const char *path);
/* This process's id. */
long platform_pid(void);

/* The name of the user running enrolldoc ("DOMAIN\\name" on Windows) into
 * BUF ("" when unknown). */
void platform_username(char *buf, size_t size);
/* Whether standard input and output are an interactive terminal that curses
 * can drive (POSIX: both are ttys and TERM is set and not "dumb"). */
bool platform_terminal_ok(void);

#endif
