/* ui.h: the interactive wizard's entry point. Deliberately free of curses:
 * main.c includes it; only the .c files of ui/ see curses_compat.h. */
#ifndef ENROLLDOC_UI_H
#define ENROLLDOC_UI_H

#include "cli.h"

/* Runs the wizard on W (see cli.h); returns the exit status. */
int ui_wizard(struct wizard_start *w);

#endif
