/* import_formats.h: the readers of the formats `enrolldoc import` knows
 * (import.h), one file each (import_<format>.c). A reader turns one file
 * into new facts of its own; import.c tells the formats apart, merges what
 * the files give and records where each fact came from.
 *
 * Every reader: validates what it reads and refuses a broken file with one
 * line naming the file and the place in it (line, or byte offset for a
 * binary format), E set and -1 returned; never crashes or hangs on any
 * input (each has a fuzz harness in tests/fuzz/); keys on what is not
 * localized (attribute names, OIDs, SIDs, hex values, event ids), so that
 * the English and the German outputs of a tool read alike; sets only the
 * facts the file really gives. */
#ifndef ENROLLDOC_IMPORT_FORMATS_H
#define ENROLLDOC_IMPORT_FORMATS_H

#include "import.h"

/* whoami /groups /fo csv, /user /fo csv, /all /fo csv (import_whoami.c) */
int import_read_whoami(const struct import_file *in, struct facts **out, struct err *e);
/* reg export, REGEDIT 5 (UTF-16) or 4 (import_reg.c) */
int import_read_reg(const struct import_file *in, struct facts **out, struct err *e);
/* an .evtx file (import_evtx.c) */
int import_read_evtx(const struct import_file *in, struct facts **out, struct err *e);
/* event XML: wevtutil qe /f:xml, Event Viewer's "Save as XML" (import_evxml.c) */
int import_read_event_xml(const struct import_file *in, struct facts **out, struct err *e);
/* certutil -v -template, -catemplates, -v -store my (import_certutil.c) */
int import_read_certutil(const struct import_file *in, struct facts **out, struct err *e);
/* a certificate file, DER or PEM (import_cert.c) */
int import_read_cert(const struct import_file *in, struct facts **out, struct err *e);
/* LDIF from ldifde or ldapsearch (import_ldif.c) */
int import_read_ldif(const struct import_file *in, struct facts **out, struct err *e);

#endif
