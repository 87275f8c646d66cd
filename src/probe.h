/* probe.h: which live facts each check needs, and collecting them all
 * (collect). The probes themselves live in src/platform/. */
#ifndef ENROLLDOC_PROBE_H
#define ENROLLDOC_PROBE_H

#include <stddef.h>

#include "check.h"
#include "facts.h"
#include "platform/platform.h"

#define PROBE_TIMEOUT_MS_DEFAULT 5000

/* The stable name of group G ("aepolicy", "loglevel", "certificates",
 * "tasks", "identity", "session", "ksp", "ca_ping", "events", "directory"),
 * or "?"; a static string. */
const char *probe_group_name(enum probe_group g);

/* A bit set of (1u << enum probe_group): the groups check C reads. */
unsigned probe_needs(const struct check *c);

/* The notes of one collection: why a group, or a part of it, stayed
 * unknown. At most one note per group. */
struct probe_notes {
    size_t n;
    struct probe_note v[PROBE_COUNT];
};

/* How many groups could not be probed at all (partial notes not counted). */
size_t probe_notes_failed(const struct probe_notes *notes);

/* Probes the groups in MASK that are still absent in F. Returns 0, or -1
 * when out of memory; groups that cannot be probed are noted in NOTES. */
int probe_groups(struct facts *f, unsigned mask, int timeout_ms, struct probe_notes *notes);

/* New, empty facts for this client: meta.host (this computer's name) and
 * meta.collected_at (now) set. NULL when out of memory; the caller frees
 * with facts_free(). */
struct facts *probe_new_facts(void);

/* Forgets the facts of group G in F (so that they are probed again). */
void probe_forget(struct facts *f, enum probe_group g);

#endif
