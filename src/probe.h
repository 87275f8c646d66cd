/* probe.h: collecting live facts, the groups a check declares it needs
 * (struct check's .needs) or all of them (collect). The probes themselves
 * live in src/platform/. */
#ifndef ENROLLDOC_PROBE_H
#define ENROLLDOC_PROBE_H

#include <stddef.h>

#include "facts.h"
#include "platform/platform.h"

#define PROBE_TIMEOUT_MS_DEFAULT 5000

/* The notes of one collection: why a group, or a part of it, stayed
 * unknown. At most one note per group. */
struct probe_notes {
    size_t n;
    struct probe_note v[PROBE_COUNT];
};

/* The stable name of group G ("aepolicy", "loglevel", "certificates",
 * "tasks", "identity", "session", "ksp", "ca_ping", "events", "directory"),
 * or "?"; a static string (facts_group_name). */
const char *probe_group_name(enum probe_group g);

/* The group probed I-th (0 <= I < PROBE_COUNT): the directory before the
 * key and CA tests, which read the template's providers and the CAs that
 * publish it; the rest in the order of enum probe_group. */
enum probe_group probe_order(int i);

/* How many groups could not be probed at all (partial notes not counted). */
size_t probe_notes_failed(const struct probe_notes *notes);

/* One group's probe, as platform_probe(): 0 collected, 1 not, -1 out of memory. */
typedef int (*probe_fn)(void *ud, struct facts *f, enum probe_group g, int timeout_ms,
                        struct probe_note *note);

/* Probes the groups in MASK (a set of FACTS_BIT(group), such as a check's
 * .needs; groups no probe fills are left alone) that are still absent in F.
 * Returns 0, or -1 when out of memory; groups that cannot be probed are
 * noted in NOTES. */
int probe_groups(struct facts *f, unsigned mask, int timeout_ms, struct probe_notes *notes);
/* As probe_groups(), each group through FN (NULL: this computer's probes). */
int probe_groups_via(struct facts *f, unsigned mask, int timeout_ms, struct probe_notes *notes,
                     probe_fn fn, void *ud);
/* This computer's probe of group G (the platform's, or the directory's). */
int probe_one(void *ud, struct facts *f, enum probe_group g, int timeout_ms, struct probe_note *note);
/* Whether group G of F holds facts (probed or recorded). */
bool probe_present(const struct facts *f, enum probe_group g);

/* New, empty facts for this client: meta.host (this computer's name) and
 * meta.collected_at (now) set. NULL when out of memory; the caller frees
 * with facts_free(). */
struct facts *probe_new_facts(void);

/* Forgets the facts of group G in F (so that they are probed again):
 * facts_forget(). */
void probe_forget(struct facts *f, enum probe_group g);

#endif
