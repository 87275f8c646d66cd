/* fuzz_cert.c: the certificate file reader (src/import_cert.c) on any
 * bytes, DER and PEM alike (fuzzimport.h says what must hold). */
#include "fuzzimport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_import(import_read_cert, data, size);
    return 0;
}
