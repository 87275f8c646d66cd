/* fuzz_ldif.c: the LDIF reader (src/import_ldif.c) and through it the
 * directory code's reading of entries, on any bytes (fuzzimport.h says
 * what must hold). */
#include "fuzzimport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_import(import_read_ldif, data, size);
    return 0;
}
