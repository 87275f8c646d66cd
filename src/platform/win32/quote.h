/* quote.h: building a Windows command line from an argument vector, so that
 * CommandLineToArgvW and the C runtime's argv parsing give back exactly the
 * same arguments. Pure string code (no Windows API), so it is testable on any
 * system. */
#ifndef ENROLLDOC_QUOTE_H
#define ENROLLDOC_QUOTE_H

#include <stddef.h>

/* Appends ARG quoted by the MSVCRT rules to OUT (capacity CAP, length *LEN,
 * kept NUL-terminated): unchanged when it has no blank and no quote and is
 * not empty; otherwise in double quotes, with each quote escaped and the
 * backslashes before a quote or the closing quote doubled. Returns 0, or -1
 * when it does not fit (OUT then holds a truncated, still terminated text).
 * With OUT NULL only *LEN is advanced (to measure). */
int win32_quote_arg(const char *arg, char *out, size_t cap, size_t *len);

/* The whole command line for ARGV (NULL-terminated). ARGV[0], the program,
 * is parsed by different rules (no escapes): it is put in plain quotes and
 * must not contain a quote. Returns a malloc'd string (caller frees), or NULL
 * when ARGV[0] contains a quote or memory ran out. */
char *win32_command_line(const char *const *argv);

#endif
