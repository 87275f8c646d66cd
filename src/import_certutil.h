/* import_certutil.h: the certutil reader with the store's context chosen
 * by the caller (import_formats.h's import_read_certutil decides it from
 * the text, see import_certutil.c). */
#ifndef ENROLLDOC_IMPORT_CERTUTIL_H
#define ENROLLDOC_IMPORT_CERTUTIL_H

#include "import.h"

/* As import_read_certutil; the certificates of -store output go into
 * certificates.<CTX>, or where the text says when CTX is CTX_NONE. */
int import_read_certutil_ctx(const struct import_file *in, enum ctx ctx, struct facts **out, struct err *e);

#endif
