/* quote.c: MSVCRT / CommandLineToArgvW quoting (see quote.h). The rules:
 * inside or outside quotes, 2n backslashes followed by a quote give n
 * backslashes and the quote toggles quoting; 2n+1 backslashes followed by a
 * quote give n backslashes and a literal quote; backslashes not followed by
 * a quote are literal. */
#include "quote.h"

#include <stdlib.h>
#include <string.h>

static int put(char *out, size_t cap, size_t *len, char c, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (out) {
            if (*len + 1 >= cap) {
                if (cap > 0)
                    out[*len < cap ? *len : cap - 1] = '\0';
                return -1;
            }
            out[*len] = c;
        }
        (*len)++;
    }
    if (out)
        out[*len] = '\0';
    return 0;
}

static int needs_quotes(const char *arg)
{
    if (*arg == '\0')
        return 1;
    return strpbrk(arg, " \t\n\v\"") != NULL;
}

int win32_quote_arg(const char *arg, char *out, size_t cap, size_t *len)
{
    if (!needs_quotes(arg)) {
        for (const char *p = arg; *p; p++)
            if (put(out, cap, len, *p, 1) != 0)
                return -1;
        return 0;
    }
    if (put(out, cap, len, '"', 1) != 0)
        return -1;
    for (const char *p = arg;; p++) {
        size_t backslashes = 0;
        while (*p == '\\') {
            backslashes++;
            p++;
        }
        if (*p == '\0') {
            /* before the closing quote: double them all */
            if (put(out, cap, len, '\\', backslashes * 2) != 0)
                return -1;
            break;
        }
        if (*p == '"') {
            /* double them and escape the quote */
            if (put(out, cap, len, '\\', backslashes * 2 + 1) != 0 || put(out, cap, len, '"', 1) != 0)
                return -1;
        } else if (put(out, cap, len, '\\', backslashes) != 0 || put(out, cap, len, *p, 1) != 0) {
            return -1;
        }
    }
    return put(out, cap, len, '"', 1);
}

char *win32_command_line(const char *const *argv)
{
    if (!argv || !argv[0] || strchr(argv[0], '"'))
        return NULL;
    /* measure, then write */
    size_t need = strlen(argv[0]) + 2;
    for (size_t i = 1; argv[i]; i++) {
        need++;
        win32_quote_arg(argv[i], NULL, 0, &need);
    }
    char *line = malloc(need + 1);
    if (!line)
        return NULL;
    size_t len = 0;
    line[0] = '\0';
    int rc = put(line, need + 1, &len, '"', 1);
    for (const char *p = argv[0]; rc == 0 && *p; p++)
        rc = put(line, need + 1, &len, *p, 1);
    if (rc == 0)
        rc = put(line, need + 1, &len, '"', 1);
    for (size_t i = 1; rc == 0 && argv[i]; i++) {
        rc = put(line, need + 1, &len, ' ', 1);
        if (rc == 0)
            rc = win32_quote_arg(argv[i], line, need + 1, &len);
    }
    if (rc != 0) {
        free(line);
        return NULL;
    }
    return line;
}
