/* w32util.h: helpers shared by the Windows side of the platform layer
 * (src/platform/win32/ only): UTF-8 <-> UTF-16 conversions. */
#ifndef ENROLLDOC_W32UTIL_H
#define ENROLLDOC_W32UTIL_H

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601 /* Windows 7: PROC_THREAD_ATTRIBUTE_HANDLE_LIST, LCIDToLocaleName */
#endif
#include <stddef.h>
#include <windows.h>

/* UTF-8 S as a NUL-terminated UTF-16 string. Caller frees. NULL when out of
 * memory or S is not valid UTF-8. */
wchar_t *w32_widen(const char *s);
/* UTF-16 W (NUL-terminated) as UTF-8. Caller frees. NULL when out of memory
 * or W is not valid UTF-16. */
char *w32_narrow(const wchar_t *w);
/* The first N units of UTF-16 W as UTF-8 into BUF (always NUL-terminated when
 * SIZE > 0). Returns the length written, or -1 (BUF then "") when it does not
 * fit or W is not valid. */
int w32_narrow_buf(const wchar_t *w, int n, char *buf, size_t size);

#endif
