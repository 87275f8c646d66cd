/* import.h: what admins already have, read as facts (`enrolldoc import`,
 * and `--from FILE` / `--bundle FILE` of diagnose, the wizard and train).
 *
 * Each file's format is told from its content, never its name
 * (import_detect): a bundle, an events export (CSV, EVTX, event XML), the
 * output of certutil or whoami, a .reg export, a certificate, LDIF. Each
 * format's reader (import_<format>.c) turns one file into facts of its own;
 * the files' facts are then merged as bundle documents (bundle_tree), so
 * that what two files both say is compared in its written form:
 *
 *   - objects merge member by member;
 *   - lists of things with a name merge by it: templates and CAs by name,
 *     certificates by thumbprint, CA pings by config, key tests by provider
 *     and context, policy servers by URL and context, enroll results by
 *     template, context and time; the events of two files are joined and
 *     an event both have is kept once;
 *   - any other value two files both give must be equal: where they differ,
 *     the first file's value is kept and the disagreement is reported
 *     (import_conflict: the fact's path, each file and its value), never
 *     silently overwritten. meta.collected_at is the latest of the files'.
 *
 * The merged document carries meta.sources (an extension readers ignore):
 * for each file its name, its format and the facts it gave ("aepolicy.user",
 * "templates", ...), and meta.conflicts, the disagreements. It is then read
 * with bundle_parse, so an importer can never produce what a bundle could
 * not hold. */
#ifndef ENROLLDOC_IMPORT_H
#define ENROLLDOC_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "facts.h"
#include "lang.h"

enum import_format {
    IMPORT_UNKNOWN,
    IMPORT_BUNDLE,       /* enrolldoc-bundle/1 JSON */
    IMPORT_EVENTS_CSV,   /* Get-WinEvent | Export-Csv (events_import.h) */
    IMPORT_EVTX,         /* an .evtx log file */
    IMPORT_EVENT_XML,    /* wevtutil qe /f:xml, Event Viewer "Save as XML" */
    IMPORT_CERTUTIL,     /* certutil -v -template / -catemplates / -v -store */
    IMPORT_WHOAMI,       /* whoami /groups /fo csv (or /user, /all) */
    IMPORT_REG,          /* reg export (REGEDIT 5 or 4) */
    IMPORT_CERT,         /* a certificate, DER or PEM */
    IMPORT_LDIF,         /* ldifde or ldapsearch output */
    IMPORT_FORMAT_COUNT
};

/* The stable name of F ("bundle", "events-csv", "evtx", "event-xml",
 * "certutil", "whoami", "reg", "cert", "ldif"). */
const char *import_format_name(enum import_format f);

/* The format of a file from its bytes RAW (N) and, for text, its text
 * decoded into UTF-8 (TEXT, NUL-terminated; NULL for a file that is not
 * text). IMPORT_UNKNOWN when it is none of them. */
enum import_format import_detect(const unsigned char *raw, size_t n, const char *text);

/* One file, as a format reader gets it. */
struct import_file {
    const char *name;            /* the path as given, for errors and meta.sources */
    const unsigned char *raw;    /* the bytes */
    size_t n;
    const char *text;            /* decoded UTF-8, NUL-terminated; NULL when not text */
    size_t text_len;
    enum lang ui;                /* decides ambiguous dates in an events CSV */
};

/* A format reader: new facts in *OUT (caller frees) from IN, or -1 with E
 * set to a one-line error naming the file and the place in it. */
typedef int (*import_reader)(const struct import_file *in, struct facts **out, struct err *e);

/* Reads one file's bytes RAW (N) named NAME: its format into *FMT and its
 * facts into *OUT (caller frees). Returns 0, or -1 with E set (the format
 * is unknown, or its reader refused the file). */
int import_buffer(const char *name, const unsigned char *raw, size_t n, enum lang ui, struct facts **out,
                  enum import_format *fmt, struct err *e);

/* Two files that disagree on a fact. */
struct import_conflict {
    char *path;                  /* "facts.aepolicy.user" */
    char *kept_file, *kept_value;    /* the value kept (compact JSON) and its file */
    char *other_file, *other_value;
};

struct import_result {
    struct facts *f;             /* the merged facts */
    size_t nconflicts;
    struct import_conflict *conflicts;
    size_t nfiles;
    enum import_format *formats; /* each file's format, in the order given (--merge's first) */
    struct cJSON *doc;           /* the merged bundle document */
};

/* Reads the files PATHS (N >= 1; "-" = standard input, at most once) and
 * merges their facts; with MERGE (an existing bundle, or NULL) first. On
 * success fills *R (release with import_result_free) and returns 0;
 * otherwise -1 with E set (the first file that could not be read, with
 * why and where; error.import.unknown when a file is no format enrolldoc
 * reads). A single bundle comes back exactly as bundle_load() gives it. */
int import_files(const char *const *paths, size_t n, const char *merge, enum lang ui,
                 struct import_result *r, struct err *e);
void import_result_free(struct import_result *r);

/* Writes the merged bundle document of R to OUT as every bundle is laid
 * out (jsonw.h), meta.sources and meta.conflicts included. Returns 0, or -1
 * when writing failed. */
int import_result_write(const struct import_result *r, FILE *out);

#endif
