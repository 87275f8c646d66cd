/* cli.h: the command line (spec/cli.md). */
#ifndef ENROLLDOC_CLI_H
#define ENROLLDOC_CLI_H

/* Exit statuses. */
enum {
    EXIT_OK = 0,          /* done; no finding of severity error */
    EXIT_FINDINGS = 1,    /* done; at least one error finding */
    EXIT_INPUT = 2,       /* usage or input error */
    EXIT_NOPROBE = 3      /* the live client could not be probed */
};

/* Runs enrolldoc with ARGV; returns the exit status. */
int cli_main(int argc, char **argv);

#endif
