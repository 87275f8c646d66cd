/* w32util.c: UTF-8 <-> UTF-16 conversions for the Windows platform layer. */
#include "w32util.h"

#include <stdlib.h>
#include <wchar.h>

wchar_t *w32_widen(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    if (n <= 0)
        return NULL;
    wchar_t *w = malloc((size_t)n * sizeof(wchar_t));
    if (!w)
        return NULL;
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n) != n) {
        free(w);
        return NULL;
    }
    return w;
}

char *w32_narrow(const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return NULL;
    char *s = malloc((size_t)n);
    if (!s)
        return NULL;
    if (WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, -1, s, n, NULL, NULL) != n) {
        free(s);
        return NULL;
    }
    return s;
}

int w32_narrow_buf(const wchar_t *w, int n, char *buf, size_t size)
{
    if (size == 0)
        return -1;
    buf[0] = '\0';
    if (n < 0)
        n = (int)wcslen(w);
    if (n == 0)
        return 0;
    int cap = size - 1 > (size_t)0x7fffffff ? 0x7fffffff : (int)(size - 1);
    int k = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, n, buf, cap, NULL, NULL);
    if (k <= 0) {
        buf[0] = '\0';
        return -1;
    }
    buf[k] = '\0';
    return k;
}
