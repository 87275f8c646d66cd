/* term.h: text on its way to a terminal. Data (a bundle, an events export,
 * the directory, the command line) never reaches a terminal raw: every
 * character a terminal would obey is shown in a visible form instead. */
#ifndef ENROLLDOC_TERM_H
#define ENROLLDOC_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Keep line feeds (U+000A) as they are: for text whose lines the program
 * lays out itself (catalog texts). Everything else is escaped even then. */
#define TERM_KEEP_NL 1u

/* THE escaping function. Copies N bytes of S into BUF (SIZE bytes; always
 * NUL-terminated when SIZE > 0; cut at a whole escape or character) with
 * every C0 control (U+0000-U+001F), DEL (U+007F), C1 control
 * (U+0080-U+009F) and bidi embedding, override or isolate (U+202A-U+202E,
 * U+2066-U+2069) written as "\u001b" (backslash, u, four lowercase hex
 * digits, as JSON writes them), and every byte that is not part of valid
 * UTF-8 as "\xff". Everything else is copied unchanged (a backslash too).
 * Returns the length the whole result has (like snprintf), so a caller may
 * size a buffer with BUF NULL and SIZE 0. */
size_t term_escape(char *buf, size_t size, const char *s, size_t n, unsigned flags);

/* Whether term_escape() writes code point CP escaped (flags 0). Its escaped
 * form ("\u001b") is TERM_ESCAPE_WIDTH columns wide. */
bool term_obeyed(uint32_t cp);
#define TERM_ESCAPE_WIDTH 6

/* term_escape() of the string S (NULL: "") into BUF; returns BUF. */
char *term_safe(char *buf, size_t size, const char *s);

/* Writes S (NULL: nothing) to OUT escaped as term_escape() with FLAGS.
 * Returns 0, or -1 on a write error or when out of memory. */
int term_fputs(const char *s, unsigned flags, FILE *out);

#endif
