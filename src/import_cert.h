/* import_cert.h: the certificate file reader with the context chosen by
 * the caller (import_formats.h's import_read_cert takes the user's). */
#ifndef ENROLLDOC_IMPORT_CERT_H
#define ENROLLDOC_IMPORT_CERT_H

#include "import.h"

/* As import_read_cert, the certificates going into certificates.<CTX>. */
int import_read_cert_ctx(const struct import_file *in, enum ctx ctx, struct facts **out, struct err *e);

#endif
