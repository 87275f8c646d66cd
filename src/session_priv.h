/* session_priv.h: what the engine's own modules (session.c,
 * session_action.c) share; nothing outside src/session*.c includes it. */
#ifndef ENROLLDOC_SESSION_PRIV_H
#define ENROLLDOC_SESSION_PRIV_H

#include "session.h"

/* Appends EVENT with N keys and values to the transcript, when one is kept. */
void session_log(struct session *s, const char *event, const char *const *k, const char *const *v, int n);
/* Tells the front end about the work W; false when the operator wants to
 * stop waiting. */
bool session_report(struct session *s, const struct session_work *w);
/* Probes the groups of MASK on the live client (AGAIN: forgets them first,
 * and what stopped them before), saying what it looks at. */
void session_probe(struct session *s, unsigned mask, bool again);
/* Reads an unrestored LogLevel change from the state folder into S->undo. */
void session_undo_load(struct session *s);

#endif
