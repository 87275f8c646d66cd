/* ui.h: the interactive front ends' entry points. Deliberately free of
 * curses: main.c includes it; only the curses wizard's .c files of ui/ see
 * curses_compat.h (the line mode, ui/plain*.c, never does). */
#ifndef ENROLLDOC_UI_H
#define ENROLLDOC_UI_H

#include "cli.h"

/* Runs the wizard on W (see cli.h); returns the exit status. */
int ui_wizard(struct wizard_start *w);
/* Runs the plain line mode on W (ui/plain.c): the same session as plain
 * text, one line read per move; returns the exit status (as diagnose's). */
int ui_plain(struct wizard_start *w);

#endif
