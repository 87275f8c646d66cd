/* memory.c: memory hints of the POSIX platform (platform.h). */
#define _DEFAULT_SOURCE 1   /* madvise and MADV_HUGEPAGE */

#include "../platform.h"

#include <stdint.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/mman.h>
#include <unistd.h>

void platform_hint_large(void *p, size_t n)
{
#if defined(MADV_HUGEPAGE)
    long pg = sysconf(_SC_PAGESIZE);
    if (!p || pg <= 0)
        return;
    /* the whole pages inside the buffer */
    uintptr_t page = (uintptr_t)pg;
    uintptr_t start = ((uintptr_t)p + page - 1) / page * page;
    uintptr_t end = ((uintptr_t)p + n) / page * page;
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

void platform_hint_churn(void)
{
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD)
    (void)mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
}
