/* exitcode.h: the exit statuses of enrolldoc (spec/cli.md), shared by the
 * commands that end the process with one (src/cli.c, src/dircollect.c). */
#ifndef ENROLLDOC_EXITCODE_H
#define ENROLLDOC_EXITCODE_H

enum {
    EXIT_OK = 0,          /* done; no finding of severity error */
    EXIT_FINDINGS = 1,    /* done; at least one error finding */
    EXIT_INPUT = 2,       /* usage or input error */
    EXIT_NOPROBE = 3,     /* the live client could not be probed */
    EXIT_UNREAD = 4       /* fleet: done, no client with an error finding, but some
                             files could not be read (an error finding wins: 1) */
};

#endif
