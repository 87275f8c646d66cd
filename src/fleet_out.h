/* fleet_out.h: what `enrolldoc fleet` writes from a finished fleet
 * (fleet.h): the text summary in the chosen language, the
 * "enrolldoc-fleet/1" JSON document, CSV (a row per client and finding) and
 * NDJSON (a flat record per client and finding with a stable id). The field
 * names of CSV and NDJSON are documented in the README. */
#ifndef ENROLLDOC_FLEET_OUT_H
#define ENROLLDOC_FLEET_OUT_H

#include <stdio.h>

#include "fleet.h"
#include "lang.h"

/* How many hosts the text names per finding; CSV, NDJSON and JSON name all. */
#define FLEET_TEXT_HOSTS 5

/* The summary as text in L's language, wrapped to WIDTH columns: how many
 * clients, how many with an error, each finding by branch with its number
 * of clients and a few hosts, then the files that could not be read.
 * Returns 0, or -1 when the stream failed. */
int fleet_write_text(const struct fleet *fl, const struct locale *l, int width, FILE *out);
/* The "enrolldoc-fleet/1" document; the reasons of unread files in L's
 * language (and their stable key). Returns 0 or -1. */
int fleet_write_json(const struct fleet *fl, const struct locale *l, FILE *out);
/* CSV (RFC 4180, CRLF): host,context,template,finding,severity,
 * collected_at,source; a client without findings has one row with an
 * empty finding. A field that a spreadsheet would take for a formula
 * (= + - @ at its start) gets a ' before it. *ROWS: the rows written. */
int fleet_write_csv(const struct fleet *fl, FILE *out, size_t *rows);
/* NDJSON: one flat JSON object per line and client and finding. *ROWS: the
 * records written. */
int fleet_write_ndjson(const struct fleet *fl, FILE *out, size_t *rows);

/* The stable id of the record of finding FINDING ("" for none) of client
 * C: the SHA-1 (40 hex digits) of "host|context|collected_at|finding",
 * the host in lower case (a client without host: its file instead), the
 * time as ISO 8601 ("" when none). */
void fleet_record_id(const struct fleet_client *c, const char *finding, char hex[41]);

#endif
