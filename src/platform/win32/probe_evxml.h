/* probe_evxml.h: reading the fields enrolldoc needs from one event as
 * EvtRender(EvtRenderEventXml) writes it (the schema
 * http://schemas.microsoft.com/win/2004/08/events/event). Pure C without
 * Windows headers, so tests/unit/test_evxml.c runs it on Linux.
 *
 * A small, forgiving XML reader: elements, attributes in ' or ", the five
 * named entities, numeric character references (&#228; &#xE4;), CDATA,
 * comments, processing instructions; namespace prefixes are ignored. It
 * never reads past LEN and never recurses. */
#ifndef ENROLLDOC_WIN32_PROBE_EVXML_H
#define ENROLLDOC_WIN32_PROBE_EVXML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "facts.h"

struct evxml {
    const char *provider;        /* System/Provider/@Name, or NULL */
    bool has_id;
    int64_t id;                  /* System/EventID */
    bool has_level;
    int level;                   /* System/Level: 0 log always, 1 critical, 2 error, 3 warning, 4 information, 5 verbose */
    bool has_time;
    int64_t time;                /* System/TimeCreated/@SystemTime, seconds since 1970 */
    const char *sid;             /* System/Security/@UserID, or NULL */
    const char *message;         /* RenderingInfo/Message, or NULL */
};

/* Parses XML[0..LEN) into *OUT; strings are UTF-8 copies owned by A.
 * Returns 0, or -1 when it is not well-formed enough to trust (unbalanced
 * tags, an unterminated tag or attribute, a bad character reference, no
 * Event/System) or out of memory (*OUT then zeroed). */
int evxml_parse(struct arena *a, const char *xml, size_t len, struct evxml *out);

/* The facts level of an event level number (1 and 2: error, 3: warning,
 * 0 and 4: information, anything else: other). */
enum ev_level evxml_level(int level);

#endif
