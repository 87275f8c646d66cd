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
/* How many days (the last with documents) the text shows of the trend;
 * JSON and the page show them all. */
#define FLEET_TEXT_DAYS 7

/* The summary as text in L's language, wrapped to WIDTH columns: how many
 * clients, how many with an error, each finding by branch with its number
 * of clients and a few hosts, the failing clients of the last days with
 * documents, then the files that could not be read.
 * Returns 0, or -1 when the stream failed. */
int fleet_write_text(const struct fleet *fl, const struct locale *l, int width, FILE *out);
/* "Fleet: N clients, M of them with an error finding (...)" in L's
 * language, into BUF. Returns BUF. */
const char *fleet_summary_text(const struct fleet *fl, const struct locale *l, char *buf, size_t size);
/* The "enrolldoc-fleet/1" document; the reasons of unread files in L's
 * language (and their stable key); the trend by day. Returns 0 or -1. */
int fleet_write_json(const struct fleet *fl, const struct locale *l, FILE *out);
/* CSV (RFC 4180, CRLF): host,context,template,finding,severity,
 * collected_at,source; a client without findings has one row with an
 * empty finding. A field that a spreadsheet would take for a formula
 * (= + - @ at its start) gets a ' before it. *ROWS: the rows written. */
int fleet_write_csv(const struct fleet *fl, FILE *out, size_t *rows);
/* NDJSON: one flat JSON object per line and client and finding. *ROWS: the
 * records written. */
int fleet_write_ndjson(const struct fleet *fl, FILE *out, size_t *rows);

/* One self-contained HTML page in L's language (no scripts, nothing
 * fetched): the counts, a bar chart of the findings by clients and the
 * trend of failing clients per day (inline SVG), the findings by branch
 * with up to FLEET_HTML_HOSTS hosts each, what to do for each finding, and
 * the files that could not be read. Styled for print too. *ROWS: the
 * clients it covers. Returns 0, or -1 when the stream failed. */
int fleet_write_html(const struct fleet *fl, const struct locale *l, FILE *out, size_t *rows);
/* How many hosts the page names per finding. */
#define FLEET_HTML_HOSTS 20
/* How many findings the bar chart draws (the most frequent). */
#define FLEET_HTML_BARS 30

/* DAY (a midnight, UTC) as YYYY-MM-DD. */
void fleet_day_text(int64_t day, char buf[11]);
/* "DAY: F of C failing" for day D of the trend in L's language, into BUF.
 * Returns BUF. */
const char *fleet_day_line(const struct fleet_day *d, const struct locale *l, char *buf, size_t size);

/* The stable id of the record of finding FINDING ("" for none) of client
 * C: the SHA-1 (40 hex digits) of "host|context|collected_at|finding",
 * the host in lower case (a client without host: its file instead), the
 * time as ISO 8601 ("" when none). */
void fleet_record_id(const struct fleet_client *c, const char *finding, char hex[41]);

#endif
