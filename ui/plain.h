/* plain.h: what the plain line mode's files (ui/plain.c, the walk;
 * ui/plain_train.c, training) share. Free of curses: plain text on standard
 * output, one line read from standard input per move. Nothing here writes
 * an escape sequence: catalog texts go through print_wrapped, data through
 * term_safe and print_command (src/output.h, src/term.h). */
#ifndef ENROLLDOC_PLAIN_H
#define ENROLLDOC_PLAIN_H

#include "platform/attributes.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "err.h"
#include "lang.h"
#include "session.h"
#include "tree.h"

#define PLAIN_KEYS 8

struct plain {
    struct locale *l;         /* borrowed; L switches l->lang */
    const struct tree *t;     /* borrowed */
    FILE *in, *out;
    int width;                /* text is wrapped to it (80 when stdout is no terminal) */
    bool eof;                 /* the input has ended */
    char line[1024];          /* the line read last, trimmed */
    char keys[PLAIN_KEYS][160]; /* plain_trf's keys, the latest PLAIN_KEYS */
    unsigned nkeys;
};

/* The catalog text of KEY in the current language (borrowed). */
const char *plain_tr(const struct plain *p, const char *key);
/* The catalog text of the printf-built key FMT (borrowed; valid for the
 * next PLAIN_KEYS - 1 calls at least). */
const char *plain_trf(struct plain *p, const char *fmt, ...) ENROLLDOC_PRINTF(2, 3);
/* Prints TEXT word-wrapped to the width, the first line FIRST columns in,
 * the others INDENT. */
void plain_text(struct plain *p, const char *text, int first, int indent);
/* Prints the catalog text KEY with {arg} filled in by ARG (data: made
 * safe; NULL: none), wrapped. */
void plain_say(struct plain *p, const char *key, const char *arg);
/* Prints the error E on standard error as one line, made safe. */
void plain_error(const struct locale *l, const struct err *e);
/* Prints an empty line. */
void plain_blank(struct plain *p);
/* Prints the catalog text KEY (a prompt, not wrapped, no line end) with
 * {n} filled in by N (NULL: none), flushes, and reads one line into
 * P->line, trimmed of blanks and the line end. Returns false at the end of
 * the input (P->eof set). */
bool plain_ask(struct plain *p, const char *key, const char *n);
/* Whether P->line is a yes ("y", "yes", "j", "ja"; any case). */
bool plain_yes(const struct plain *p);
/* Whether P->line is the single key K. */
bool plain_is(const struct plain *p, char k);
/* P->line as a number 1..MAX, or 0 when it is none. */
size_t plain_number(const struct plain *p, size_t max);
/* Prints the body of node N (its {safety} filled in: LIVE, this client;
 * else recorded facts), INDENT columns in. */
void plain_body(struct plain *p, const struct node *n, bool live, int indent);
/* Prints finding FD: its severity and title, [id · context], the evidence,
 * what it means, what to do, its source. */
void plain_finding(struct plain *p, const struct finding *fd);
/* Prints the result of check step ST at node N: its status, and the check's
 * text when OK or unknown, else every finding. */
void plain_result(struct plain *p, const struct node *n, const struct session_step *st);
/* Prints the keys of the line mode (KEY: the catalog's help text). */
void plain_help(struct plain *p, const char *key);
/* Switches between German and English. */
void plain_switch_lang(struct plain *p);

/* Training in the line mode (ui/plain_train.c): the scenario W names, or
 * the list to pick one from. Returns the exit status. */
int plain_train(struct plain *p, struct wizard_start *w);

#endif
