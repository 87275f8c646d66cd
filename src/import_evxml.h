/* import_evxml.h: event XML (the schema
 * http://schemas.microsoft.com/win/2004/08/events/event) read into events,
 * for event XML files (import_read_event_xml, events_import_*) and for the
 * records of an .evtx file, which both platforms render as this XML
 * (import_evtx.c, platform/evtx.h).
 *
 * Input: one <Event>, an <Events> list (Event Viewer's "Save as XML"), or
 * <Event> elements one after the other without a common root (wevtutil qe
 * /f:xml); UTF-8 text (UTF-16 files are decoded by the caller), with or
 * without an XML declaration; namespace prefixes ignored. A DTD is refused.
 * Parsed with expat.
 *
 * Per event: System/Provider/@Name (full name), System/EventID (the number;
 * @Qualifiers are not part of the id, as Get-WinEvent's Id), System/Level
 * (1 critical and 2 error -> error, 3 warning, 0 and 4 information, 5
 * verbose and others -> other), System/TimeCreated/@SystemTime (UTC),
 * System/Security/@UserID (the sid). The message: RenderingInfo/Message when
 * present; otherwise built from the event's data, the EventData/Data values
 * ("Name: value", joined by "; ") or the UserData leaves, a decimal value
 * that reads as an HRESULT or Win32 error (above 0xFFFF) followed by its hex
 * form, so that the codes the checks look for are in it. The account of an
 * AutoEnrollment event 2: from the rendered message as events_import.h
 * reads it, else its first data value.
 *
 * Only the providers evxml_provider_wanted() names are kept; the events of
 * every other provider are skipped (counted, never stored). */
#ifndef ENROLLDOC_IMPORT_EVXML_H
#define ENROLLDOC_IMPORT_EVXML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "events_import.h"
#include "facts.h"

/* The providers read (static names), and how many. */
const char *const *evxml_providers(size_t *n);
/* The static name of the wanted provider NAME (ASCII case ignored), or NULL. */
const char *evxml_provider_wanted(const char *name);

/* The events gathered from one file. Zero-initialise and set F (the facts
 * they go to; strings are allocated from its arena). */
struct evxml_sink {
    struct facts *f;
    const char *name;            /* the file, for errors of its records */
    struct event *v;             /* malloc'd until evxml_sink_finish() */
    size_t n, cap;
    size_t skipped;              /* events of other providers */
    struct events_accounts acc;
};

/* Parses the event XML TEXT[0..LEN) of the file NAME and appends the wanted
 * events to S. Returns 0, or -1 with E set: error.events.xml (file, line,
 * column, reason) for XML that is not well-formed, error.events.xml-shape
 * (file, line, column, element) for XML that is not events, error.memory. */
int evxml_read(struct evxml_sink *s, const char *name, const char *text, size_t len, struct err *e);
/* The same for the XML of the one record at byte OFFSET of the .evtx file
 * NAME: errors are error.events.evtx (file, offset). */
int evxml_read_record(struct evxml_sink *s, const char *name, const char *xml, size_t len,
                      uint64_t offset, struct err *e);
/* Moves the events of S into S->f (facts.events set, even when empty) and
 * stores the accounts (events_import.h). Returns 0, or -1 with E set
 * (error.memory naming NAME). S is released either way. */
int evxml_sink_finish(struct evxml_sink *s, const char *name, struct err *e);
/* Releases S without storing anything. */
void evxml_sink_discard(struct evxml_sink *s);

/* The facts level of an event level number (see above). */
enum ev_level evxml_level_of(int64_t level);

#endif
