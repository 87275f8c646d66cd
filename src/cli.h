/* cli.h: the command line (spec/cli.md). */
#ifndef ENROLLDOC_CLI_H
#define ENROLLDOC_CLI_H

#include <stdbool.h>

#include "facts.h"
#include "lang.h"
#include "tree.h"

/* What the command line hands to the interactive front end (ui/: the curses
 * wizard or the plain line mode), after every input was loaded and
 * validated, so that errors are reported before curses starts. */
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

/* A front end's entry; returns the exit status. */
typedef int (*wizard_fn)(struct wizard_start *w);

/* The front ends that run the interactive forms. */
struct front_ends {
    wizard_fn wizard;            /* the curses wizard; NULL when this build has none */
    wizard_fn plain;             /* the plain line mode (--plain; chosen by itself when
                                    standard input or output is no terminal that curses
                                    can drive); NULL when this build has none */
};

/* Runs enrolldoc with ARGV; FE runs the interactive forms. Returns the exit
 * status (exitcode.h). */
int cli_main(int argc, char **argv, const struct front_ends *fe);

#endif
