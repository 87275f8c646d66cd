/* bundle_write.h: writing facts as an `enrolldoc-bundle/1` document
 * (spec/bundle-v1.md), the other half of bundle.h. `enrolldoc collect`
 * writes what the live probes found with it.
 *
 * What the writer guarantees: for facts that bundle_parse() produced,
 * write -> parse gives equal facts, and write -> parse -> write gives the
 * same bytes. Every field keeps its state: absent fields are left out, null
 * fields are written as null, values in their spec form (times ISO 8601 in
 * UTC with "Z", error codes as "0x%08X" strings, SIDs as strings, template
 * and CA security descriptors as their stored SDDL text).
 *
 * Cases that do not survive a round trip unchanged (facts built in C; the
 * loader never produces them):
 * - An event level "critical" is loaded as EV_ERROR and written as "error";
 *   EV_OTHER is written as "verbose" (the loader's other EV_OTHER name).
 * - A list (str_list, certificates, templates, ...) in state F_NULL is
 *   written as null, which the loader reads as an empty list (F_SET, n = 0).
 * - A task in state F_NULL is written as null, which the loader reads as a
 *   task that was collected and does not exist (F_SET, exists = false).
 * - The members of a task, identity, session, ces or ces server whose own
 *   state is F_ABSENT are not written: set the object's state as well.
 * - meta.tool is written as {"name": ..., "version": ...}, split at the last
 *   blank (the loader joins the two with a blank again, so the string comes
 *   back unchanged); a tool string of 200 bytes or more is written as a
 *   plain string, which the loader also accepts.
 * - An enum value outside its range (context other than user/machine, an
 *   unknown task state or delegation) is written as null.
 * - A string that is not valid UTF-8 (text a probe took over in a legacy
 *   code page) is written with each invalid byte replaced by U+FFFD, since
 *   the loader refuses invalid UTF-8 and the bundle would not load at all.
 * Otherwise the writer does not validate values (SIDs, thumbprints, SDDL,
 * ranges, duplicate answer ids): what the probes put into the facts is
 * written as is, and the loader judges it. */
#ifndef ENROLLDOC_BUNDLE_WRITE_H
#define ENROLLDOC_BUNDLE_WRITE_H

#include <stdio.h>

#include "err.h"
#include "facts.h"
#include "probe.h"

/* Writes F (borrowed) and NOTES (borrowed; NULL or n == 0: none) as a bundle
 * to OUT (borrowed, not closed; flushed). meta is written as F holds it:
 * the writer adds nothing, so `collect` stamps meta.tool (see
 * bundle_stamp_tool) and meta.host / collected_at / os itself.
 * NOTES go into the top-level extension object "probe_notes"
 * ({"<group name>": "<reason>", ...}), which readers ignore.
 * Returns 0, or -1 with E set: "error.write" when OUT failed,
 * "error.memory" (argument file) when out of memory. */
int bundle_write(const struct facts *f, const struct probe_notes *notes, FILE *out, struct err *e);

/* The document bundle_write() writes, as a cJSON tree (caller frees with
 * cJSON_Delete), or NULL with E set (error.memory). */
struct cJSON *bundle_tree(const struct facts *f, const struct probe_notes *notes, struct err *e);

/* Writes F and NOTES (as bundle_write) to the file PATH, or to standard
 * output when PATH is "-". Returns 0, or -1 with E set: error.collect.write
 * (args file, reason) when the file cannot be opened, error.write when
 * writing or closing it failed, error.memory. */
int bundle_write_path(const struct facts *f, const struct probe_notes *notes, const char *path,
                      struct err *e);

/* Sets F's meta.tool to "enrolldoc <ENROLLDOC_VERSION>" unless it is already
 * set (a value or null). Returns 0, or -1 when out of memory. */
int bundle_stamp_tool(struct facts *f);

#endif
