/* fuzz_certutil.c: the certutil reader (src/import_certutil.c) on any
 * bytes (fuzzimport.h says what must hold). */
#include "fuzzimport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_import(import_read_certutil, data, size);
    return 0;
}
