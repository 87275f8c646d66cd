/* actions.h: the operator actions of spec/findings.md (table Actions) and
 * the exact command lines they run. Nothing here executes anything: the
 * runner lives in src/platform/ and is only reached after confirmation. */
#ifndef ENROLLDOC_ACTIONS_H
#define ENROLLDOC_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"

enum action_kind {
    ACTION_COMMAND,   /* runs an external program (certutil, certreq, gpupdate) */
    ACTION_INTERNAL   /* done by enrolldoc itself (event export, CA ping) */
};

struct action_def {
    const char *id;
    enum action_kind kind;
    bool needs_template;
    bool changes_client;       /* whether it changes state on the client */
};

#define ACTION_MAX_ARGS 8
#define ACTION_ARG_LEN 256

struct action_cmd {
    size_t argc;
    char argv[ACTION_MAX_ARGS][ACTION_ARG_LEN];
};

/* The definition of action ID, or NULL. */
const struct action_def *action_find(const char *id);
/* Every action; *N receives the count. */
const struct action_def *action_all(size_t *n);

/* Whether NAME is acceptable as a template name on a command line: 1 to 64
 * printable characters, no control characters, not beginning with '-' or
 * '/', and nothing that cmd.exe or PowerShell would still interpret inside
 * double quotes: no '"', '\'', '`', '%', '!' or '$' (%VAR%, delayed !VAR!,
 * $var and $(...), the backtick escape). */
bool action_template_name_ok(const char *name);

/* Builds the command of a COMMAND action for context CTX. TMPL is the
 * template (enroll.manual); PREV_LOGLEVEL the remembered value for
 * loglevel.restore (NULL = it was not set). Returns 0, or -1 when the action
 * is internal, the template is missing or not acceptable. */
int action_command(const struct action_def *a, enum ctx ctx, const char *tmpl,
                   const char *prev_loglevel, struct action_cmd *out);
/* The command as one line for display, to be pasted into cmd.exe or
 * PowerShell alike: an argument of nothing but [A-Za-z0-9._:\\/-] as it
 * is, any other in double quotes (inside them & | < > ^ ( ) ; , and blanks
 * are literal in both shells; backslashes before the closing quote are
 * doubled for the program's own argument parsing). An argument that cannot
 * be quoted so (see action_template_name_ok) leaves BUF empty. */
void action_cmdline(const struct action_cmd *c, char *buf, size_t size);

/* What certreq -q -enroll said, as far as it can be told without reading
 * its localized words: the HRESULT in its output or its exit code, the
 * request id, and whether the request waits (pending: certreq says so in
 * English or German words; a CERTSRV_E_* code is a denial by the CA). */
enum certreq_status { CERTREQ_ISSUED, CERTREQ_PENDING, CERTREQ_DENIED, CERTREQ_FAILED };
struct certreq_outcome {
    enum certreq_status status;
    uint32_t code;               /* 0 when none */
    int64_t request_id;          /* 0 when none was said */
};
void action_certreq_outcome(int exit_code, const char *output, struct certreq_outcome *out);

#endif
