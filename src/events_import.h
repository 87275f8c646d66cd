/* events_import.h: reading an events export for `enrolldoc events FILE`.
 *
 * Input forms
 *   - CSV as the document's
 *       Get-WinEvent … | Select-Object TimeCreated,Id,LevelDisplayName,Message
 *       | Export-Csv -Encoding Unicode -NoTypeInformation
 *     writes it: a header row, fields in double quotes (quotes doubled
 *     inside, line breaks CRLF or LF inside quoted messages), unquoted
 *     fields accepted too. Encodings: UTF-16 LE/BE with a byte-order mark,
 *     UTF-16 without one (detected from the zero bytes), UTF-8 with or
 *     without a mark; text that is not valid UTF-8 is read as Latin-1 (what
 *     Windows PowerShell 5.1 writes with -Encoding Default, near enough for
 *     names). A first line "#TYPE …" (Export-Csv without
 *     -NoTypeInformation) is skipped. Columns are matched by header name,
 *     ignoring case and order: Id (required), TimeCreated, LevelDisplayName,
 *     Message, ProviderName (optional); other columns are ignored.
 *   - a bundle (the first character after a byte-order mark and blanks is
 *     '{'): loaded with bundle_parse(); its facts.events are used.
 *   - event XML (the first character is '<'): wevtutil qe /f:xml, Event
 *     Viewer's "Save as XML", in any of the encodings above; read by
 *     import_evxml.h (errors name line and column).
 *   - an .evtx file (the bytes begin "ElfFile\0"): read by import_evtx.h
 *     (errors name the byte offset); a regular file is read where it lies,
 *     never loaded whole.
 *   Event XML and .evtx keep only the events of the certificate services'
 *   providers (import_evxml.h); their times are UTC (info->zoned).
 *
 * TimeCreated
 *   ISO 8601 (2026-11-20T08:58:02, a space for the T, fractions, optional
 *   zone), or D.M.YYYY / D/M/YYYY / M/D/YYYY with H:MM[:SS] and an optional
 *   AM/PM (German, UK, US cultures). The order of day and month is decided
 *   from the file as a whole, first rule that applies:
 *     1. some row's first number is above 12        -> day first
 *     2. some row's second number is above 12       -> month first
 *     3. some row carries AM/PM (the US culture)    -> month first
 *     4. some row uses dots (the German culture)    -> day first
 *     5. otherwise the UI language decides (German: day first, English:
 *        month first) and info->date_assumed is set, for the text to say so.
 *   A row that does not fit the decision (a month above 12) is an error.
 *   Times without a zone are the exporting machine's local clock; they are
 *   stored unchanged, as if they were UTC (the clock value is kept, nothing
 *   is shifted), and info->zoned is false. Only when every timed row carries
 *   a zone ("Z", "+01:00") are the times real UTC and info->zoned true.
 *
 * LevelDisplayName, in English or German, ignoring case: Error/Fehler and
 * Critical/Kritisch -> EV_ERROR, Warning/Warnung -> EV_WARNING,
 * Information/Informationen -> EV_INFORMATION, Verbose/Ausführlich and
 * anything else -> EV_OTHER; empty -> level absent.
 *
 * Provider: the ProviderName column when present and not empty; otherwise it
 * is inferred from the message. This is the ONE place where wording is read,
 * and only the fixed opening words of the three sources' message shapes
 * (events_infer_provider()); what cannot be told stays absent (the event is
 * then ignored by the run analysis, as any foreign source is).
 *
 * Accounts: without SIDs in a CSV, the %1 of each AutoEnrollment event 2
 * ("Automatic certificate enrollment for %1 started.") is taken as the
 * account of the run (events_start_account()). When exactly one machine
 * account ("local system", "lokales System", or a name ending in '$') and/or
 * exactly one other account appear, they are stored as facts.identity.<ctx>.name
 * so that the run analysis (evlog.h) can tell the contexts apart.
 *
 * Errors (E set, -1 returned; every one names the file): empty file, not a
 * text file, no header / no Id column, a quote never closed (the physical
 * line where the broken row starts), a row with fewer or more fields than
 * the header (its line), an Id or TimeCreated that cannot be read (its line).
 *
 * Complexity: linear in the size of the file; memory about the size of its
 * text in UTF-8 plus 100 bytes a row. */
#ifndef ENROLLDOC_EVENTS_IMPORT_H
#define ENROLLDOC_EVENTS_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "facts.h"
#include "lang.h"

enum events_source { EVSRC_CSV, EVSRC_BUNDLE, EVSRC_EVTX, EVSRC_XML };
enum events_encoding { EVENC_UTF8, EVENC_UTF16LE, EVENC_UTF16BE, EVENC_LATIN1 };
/* How dates were read: none seen, ISO only, day first, month first. */
enum events_dates { EVD_NONE, EVD_ISO, EVD_DAY_FIRST, EVD_MONTH_FIRST };

struct events_info {
    enum events_source source;
    enum events_encoding encoding;
    bool bom;                     /* the file began with a byte-order mark */
    bool type_line;               /* a "#TYPE" first line was skipped */
    bool provider_column;         /* the CSV has a ProviderName column */
    enum events_dates dates;
    bool date_assumed;            /* rule 5: the UI language decided the order */
    char date_example[48];        /* with date_assumed: the first date of the file as written */
    int64_t date_example_value;   /* ... and as it was read (wall clock, no zone) */
    bool zoned;                   /* times are UTC (every time had a zone, or a bundle) */
    size_t inferred;              /* providers inferred from the message */
    size_t unknown_provider;      /* events whose provider could not be told */
};

/* Reads the export TEXT (LEN bytes) of the file NAME (for errors). UI is the
 * language that decides ambiguous dates. On success stores new facts in *OUT
 * (caller frees with facts_free(); events in facts->events, input order,
 * event.order = row index) and fills *INFO; returns 0. On failure sets E and
 * returns -1 (*OUT untouched). TEXT is not modified. */
int events_import_text(const char *name, const char *text, size_t len, enum lang ui,
                       struct facts **out, struct events_info *info, struct err *e);
/* Reads the file PATH ("-" = standard input) and imports it as above. A
 * regular file is read and decoded in pieces of 256 KiB; its bytes are
 * never held whole. A file that grows while it is read is refused
 * (error.file.changed). */
int events_import_file(const char *path, enum lang ui, struct facts **out,
                       struct events_info *info, struct err *e);
/* Imports TEXT as events_import_file() imports a file, in pieces of PIECE
 * bytes (at least 1): for tests and fuzzing, which compare it with
 * events_import_text() on the same bytes. */
int events_import_pieces(const char *name, const char *text, size_t len, size_t piece,
                         enum lang ui, struct facts **out, struct events_info *info,
                         struct err *e);

/* The provider (full name, static) that MESSAGE's opening words denote, or
 * NULL: "Automatic certificate enrollment for" / "Automatische
 * Zertifikatregistrierung für" -> AutoEnrollment, "Certificate enrollment
 * for" / "Zertifikatregistrierung für" -> CertEnroll, "Certificate Services
 * Client" / "Zertifikatdiensteclient" -> CertificateServicesClient (ASCII
 * case ignored, leading blanks skipped). */
const char *events_infer_provider(const char *message);

/* The account (%1) in the message of an AutoEnrollment event 2:
 * "Automatic certificate enrollment for %1 started." or
 * "Automatische Zertifikatregistrierung für %1 wurde gestartet.". Returns
 * its length and sets *START to it within MESSAGE, or 0 when the message
 * has neither shape. */
size_t events_start_account(const char *message, const char **start);

/* Whether EV is an AutoEnrollment event 2, the start of a run. */
bool events_is_start(const struct event *ev);

/* The accounts of the runs, gathered from the event 2s of a file (each
 * importer finds the %1 its own way: in the message, or as the event's
 * first data value) and stored as facts.identity.<ctx>.name when exactly one
 * machine account and/or exactly one other account appear (see Accounts
 * above). Zero-initialise; the names are borrowed until stored. */
struct events_accounts {
    const char *name[CTX_COUNT];
    size_t len[CTX_COUNT];
    bool many[CTX_COUNT];
};
/* Notes the account S[0..N) of one event 2 (nothing when N is 0). */
void events_account_seen(struct events_accounts *acc, const char *s, size_t n);
/* Stores what ACC tells into F (strings copied into F's arena). Returns 0,
 * or -1 when out of memory. */
int events_accounts_store(const struct events_accounts *acc, struct facts *f);

#endif
