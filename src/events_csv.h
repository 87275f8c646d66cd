/* events_csv.h: exporting events as the document's
 *   Get-WinEvent … | Select-Object -Property TimeCreated,Id,LevelDisplayName,Message
 *   | Export-Csv -Path .\HOST_ClientEvents.csv -Encoding Unicode -NoTypeInformation
 * writes them: UTF-16 LE with a byte-order mark, a header row, every field in
 * double quotes (quotes doubled), CRLF line ends, newest first, TimeCreated in
 * the culture of the chosen language and local time. */
#ifndef ENROLLDOC_EVENTS_CSV_H
#define ENROLLDOC_EVENTS_CSV_H

#include <stdio.h>

#include "err.h"
#include "facts.h"
#include "lang.h"

/* Writes EVENTS to OUT (borrowed, not closed). TimeCreated is written as
 * dd.MM.yyyy HH:mm:ss (German) or M/d/yyyy h:mm:ss AM|PM (English), in UTC
 * when UTC is true (for reproducible tests), else in local time. Returns 0,
 * or -1 with E (error.write) set. */
int events_write_csv(const struct event_list *events, enum lang culture, bool utc, FILE *out,
                     struct err *e);

#endif
