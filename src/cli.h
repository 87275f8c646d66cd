/* cli.h: the command line (spec/cli.md). */
#ifndef ENROLLDOC_CLI_H
#define ENROLLDOC_CLI_H

#include <stdbool.h>

#include "facts.h"
#include "lang.h"
#include "tree.h"

/* What the command line hands to the interactive wizard (ui/), after every
 * input was loaded and validated, so that errors are reported before curses
 * starts. */
struct wizard_start {
    struct locale *l;            /* borrowed; the wizard may switch l->lang */
    const struct tree *t;        /* borrowed */
    struct facts *f;             /* NULL = begin at the start screen; borrowed */
    const char *source;          /* the bundle's path, or NULL */
    bool demo;                   /* F is the built-in training scenario */
    const char *tmpl;            /* --template, or NULL */
    bool train;                  /* `train`: F is a trainer's scenario (SOURCE its path);
                                    F NULL: the scenario picker, or TRAIN_ID at once */
    const char *train_id;        /* a built-in training scenario to start, or NULL */
};

/* The wizard's entry; returns the exit status. */
typedef int (*wizard_fn)(struct wizard_start *w);

/* Runs enrolldoc with ARGV; WIZARD (NULL when this build has no curses
 * front end) runs the interactive forms. Returns the exit status
 * (exitcode.h). */
int cli_main(int argc, char **argv, wizard_fn wizard);

#endif
