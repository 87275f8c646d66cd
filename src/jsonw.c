/* jsonw.c: the streaming JSON writer (jsonw.h). */
#include "jsonw.h"

#include <string.h>

static void flush(struct jsonw *w)
{
    if (w->len && !w->failed && fwrite(w->buf, 1, w->len, w->out) != w->len)
        w->failed = true;
    w->len = 0;
}

static void put(struct jsonw *w, const char *s, size_t n)
{
    if (n > sizeof(w->buf) - w->len) {
        flush(w);
        if (n > sizeof(w->buf)) {
            if (!w->failed && fwrite(s, 1, n, w->out) != n)
                w->failed = true;
            return;
        }
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void putch(struct jsonw *w, char c)
{
    if (w->len == sizeof(w->buf))
        flush(w);
    w->buf[w->len++] = c;
}

static void newline_indent(struct jsonw *w, int level)
{
    static const char spaces[] = "                                ";
    putch(w, '\n');
    size_t n = (size_t)level * 2;
    while (n > 0) {
        size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
        put(w, spaces, k);
        n -= k;
    }
}

/* What comes before a value or a key: the separator and the line break of
 * the open container. */
static void before_item(struct jsonw *w, bool is_key)
{
    if (w->depth == 0) {
        /* the one top-level value */
        if (is_key || w->started)
            w->failed = true;
        w->started = true;
        return;
    }
    int d = w->depth - 1;
    if (w->obj[d] && !is_key) {
        /* a member's value: its key must have been written */
        if (!w->after_key)
            w->failed = true;
        w->after_key = false;
        return;
    }
    if (w->obj[d] != is_key || w->after_key)
        w->failed = true;
    if (w->flat[d]) {
        if (!w->empty[d])
            put(w, ", ", 2);
    } else {
        if (!w->empty[d])
            putch(w, ',');
        newline_indent(w, w->depth);
    }
    w->empty[d] = false;
}

void jsonw_init(struct jsonw *w, FILE *out)
{
    w->out = out;
    w->depth = 0;
    w->failed = false;
    w->after_key = false;
    w->started = false;
    w->len = 0;
}

static void open_container(struct jsonw *w, bool obj, bool flat)
{
    before_item(w, false);
    if (w->depth >= JSONW_MAX_DEPTH) {
        w->failed = true;
        return;
    }
    putch(w, obj ? '{' : '[');
    w->obj[w->depth] = obj;
    w->flat[w->depth] = flat;
    w->empty[w->depth] = true;
    w->depth++;
}

void jsonw_object(struct jsonw *w)
{
    open_container(w, true, false);
}

void jsonw_array(struct jsonw *w, bool flat)
{
    open_container(w, false, flat);
}

void jsonw_end(struct jsonw *w)
{
    if (w->depth == 0 || w->after_key) {
        w->failed = true;
        return;
    }
    int d = --w->depth;
    if (!w->empty[d] && !w->flat[d])
        newline_indent(w, d);
    putch(w, w->obj[d] ? '}' : ']');
}

/* The bytes a JSON string cannot hold as they are: the control characters,
 * the quote and the backslash. */
static const unsigned char must_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1,
};

static void put_escaped(struct jsonw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    putch(w, '"');
    size_t run = 0;   /* start of the stretch that needs no escaping */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!must_escape[c])
            continue;
        put(w, s + run, i - run);
        run = i + 1;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t k = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            k = 6;
            break;
        }
        put(w, esc, k);
    }
    put(w, s + run, n - run);
    putch(w, '"');
}

void jsonw_key(struct jsonw *w, const char *key)
{
    before_item(w, true);
    put_escaped(w, key, strlen(key));
    put(w, ": ", 2);
    w->after_key = true;
}

void jsonw_string_n(struct jsonw *w, const char *s, size_t n)
{
    before_item(w, false);
    put_escaped(w, s, n);
}

void jsonw_string(struct jsonw *w, const char *s)
{
    if (!s) {
        jsonw_null(w);
        return;
    }
    jsonw_string_n(w, s, strlen(s));
}

void jsonw_int(struct jsonw *w, int64_t v)
{
    char buf[24];
    size_t n = sizeof(buf);
    /* digits from the right; the magnitude as unsigned, so INT64_MIN works */
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        buf[--n] = (char)('0' + m % 10);
        m /= 10;
    } while (m > 0);
    if (v < 0)
        buf[--n] = '-';
    before_item(w, false);
    put(w, buf + n, sizeof(buf) - n);
}

void jsonw_bool(struct jsonw *w, bool v)
{
    before_item(w, false);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void jsonw_null(struct jsonw *w)
{
    before_item(w, false);
    put(w, "null", 4);
}

void jsonw_number_text(struct jsonw *w, const char *text)
{
    before_item(w, false);
    put(w, text, strlen(text));
}

int jsonw_finish(struct jsonw *w)
{
    if (w->depth != 0 || w->after_key || !w->started)
        w->failed = true;
    putch(w, '\n');
    flush(w);
    return w->failed ? -1 : 0;
}
