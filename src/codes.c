/* codes.c: parsing, looking up and finding Windows error codes. The table
 * itself is data in codes_table.c. */
#include "codes.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Longest symbol worth looking up; every symbol in the table is shorter. */
#define SYMBOL_MAX 64

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_word(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_';
}

static unsigned char to_upper(unsigned char c)
{
    return (c >= 'a' && c <= 'z') ? (unsigned char)(c - 'a' + 'A') : c;
}

uint32_t code_normalize(uint32_t v)
{
    return (v != 0 && v < 0x10000u) ? (0x80070000u | v) : v;
}

/* Hex digits S[0..N) (N >= 1, all hex) as a 32-bit value; -1 on overflow. */
static int parse_hex(const unsigned char *s, size_t n, uint32_t *out)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (v > 0x0FFFFFFFu)
            return -1;
        v = (v << 4) | (uint32_t)hex_digit(s[i]);
    }
    *out = v;
    return 0;
}

/* Decimal digits S[0..N) (N >= 1, all digits) no greater than MAX; -1 when
 * greater. */
static int parse_dec(const unsigned char *s, size_t n, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        v = v * 10u + (uint64_t)(s[i] - '0');
        if (v > max)
            return -1;
    }
    *out = v;
    return 0;
}

/* The 32-bit value of the negative decimal -V (V <= 2^31). */
static uint32_t negate(uint64_t v)
{
    return (uint32_t)((0x100000000u - v) & 0xFFFFFFFFu);
}

/* Compares S[0..N) (any case) with the upper-case symbol SYM, as strcmp
 * would compare the upper-cased S with SYM. */
static int symbol_cmp(const unsigned char *s, size_t n, const char *sym)
{
    const unsigned char *t = (const unsigned char *)sym;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = to_upper(s[i]);
        if (t[i] == 0 || a != t[i])
            return t[i] == 0 ? 1 : (a < t[i] ? -1 : 1);
    }
    return t[n] == 0 ? 0 : -1;
}

static const struct code_info *lookup_symbol_n(const unsigned char *s, size_t n)
{
    if (n == 0 || n > SYMBOL_MAX)
        return NULL;
    size_t lo = 0, hi = code_entries_len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct code_info *e = &code_entries[code_symbol_index[mid]];
        int c = symbol_cmp(s, n, e->symbol);
        if (c == 0)
            return e;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    lo = 0;
    hi = code_aliases_len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = symbol_cmp(s, n, code_aliases[mid].symbol);
        if (c == 0)
            return code_lookup(code_aliases[mid].value);
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

int code_parse(const char *str, bool allow_symbol, uint32_t *out)
{
    if (str == NULL || out == NULL)
        return -1;
    const unsigned char *s = (const unsigned char *)str;
    size_t n = 0;
    while (is_blank(*s))
        s++;
    while (s[n] != 0)
        n++;
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    if (n == 0)
        return -1;

    if (s[0] == '-') {
        uint64_t v;
        if (n < 2)
            return -1;
        for (size_t i = 1; i < n; i++)
            if (!is_digit(s[i]))
                return -1;
        if (parse_dec(s + 1, n - 1, 0x80000000u, &v) != 0)
            return -1;
        *out = negate(v);
        return 0;
    }

    if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        uint32_t v;
        if (n < 3)
            return -1;
        for (size_t i = 2; i < n; i++)
            if (hex_digit(s[i]) < 0)
                return -1;
        if (parse_hex(s + 2, n - 2, &v) != 0)
            return -1;
        *out = code_normalize(v);
        return 0;
    }

    bool all_hex = true, all_dec = true;
    for (size_t i = 0; i < n; i++) {
        if (hex_digit(s[i]) < 0)
            all_hex = false;
        if (!is_digit(s[i]))
            all_dec = false;
    }
    if (all_hex && (!all_dec || (n == 8 && s[0] == '8'))) {
        uint32_t v;
        if (parse_hex(s, n, &v) != 0)
            return -1;
        *out = code_normalize(v);
        return 0;
    }
    if (all_dec) {
        uint64_t v;
        if (parse_dec(s, n, 0xFFFFFFFFu, &v) != 0)
            return -1;
        *out = code_normalize((uint32_t)v);
        return 0;
    }
    if (allow_symbol) {
        for (size_t i = 0; i < n; i++)
            if (!is_word(s[i]))
                return -1;
        const struct code_info *e = lookup_symbol_n(s, n);
        if (e == NULL)
            return -1;
        *out = e->value;
        return 0;
    }
    return -1;
}

int code_from_double(double d, uint32_t *out)
{
    /* The negated comparison also refuses NaN. */
    if (out == NULL || !(d >= -2147483648.0 && d < 4294967296.0))
        return -1;
    int64_t i = (int64_t)d;
    if ((double)i != d)
        return -1;
    *out = code_normalize((uint32_t)((uint64_t)i & 0xFFFFFFFFu));
    return 0;
}

const struct code_info *code_lookup(uint32_t v)
{
    v = code_normalize(v);
    size_t lo = 0, hi = code_entries_len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t m = code_entries[mid].value;
        if (m == v)
            return &code_entries[mid];
        if (v < m)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const struct code_info *code_lookup_symbol(const char *sym)
{
    if (sym == NULL)
        return NULL;
    size_t n = 0;
    while (n <= SYMBOL_MAX && sym[n] != 0)
        n++;
    return lookup_symbol_n((const unsigned char *)sym, n);
}

void code_format(uint32_t v, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return;
    static const char hex[] = "0123456789ABCDEF";
    char t[11] = {'0', 'x'};
    for (int i = 0; i < 8; i++)
        t[2 + i] = hex[(v >> (28 - 4 * i)) & 0xF];
    t[10] = '\0';
    /* cut short to SIZE as snprintf would */
    size_t n = size - 1 < 10 ? size - 1 : 10;
    memcpy(buf, t, n);
    buf[n] = '\0';
}

const char *code_text(struct arena *a, uint32_t code)
{
    char hex[16];
    code_format(code, hex, sizeof(hex));
    const struct code_info *ci = code_lookup(code);
    return ci ? arena_fmt(a, "%s %s", hex, ci->symbol) : arena_strdup(a, hex);
}

const struct code_info *code_table(size_t *n)
{
    if (n != NULL)
        *n = code_entries_len;
    return code_entries;
}

/* ---- code_scan_text ---------------------------------------------------- */

/* The codes reported so far: an open-addressing hash set; 0 marks a free
 * slot (0 is never reported). Starts in LOCAL, grows on the heap. */
struct seen {
    uint32_t *slots;
    size_t cap; /* a power of two */
    size_t used;
    uint32_t local[64];
};

static size_t seen_hash(uint32_t v, size_t cap)
{
    uint32_t h = v ^ (v >> 16);
    h *= 0x45D9F3Bu;
    h ^= h >> 16;
    return (size_t)h & (cap - 1);
}

static void seen_put(uint32_t *slots, size_t cap, uint32_t v)
{
    size_t i = seen_hash(v, cap);
    while (slots[i] != 0 && slots[i] != v)
        i = (i + 1) & (cap - 1);
    slots[i] = v;
}

/* True when V was not in the set (and is now). When the set cannot grow and
 * is full, answers true without remembering: a code may then be reported
 * twice, never lost. */
static bool seen_add(struct seen *s, uint32_t v)
{
    size_t i = seen_hash(v, s->cap);
    while (s->slots[i] != 0) {
        if (s->slots[i] == v)
            return false;
        i = (i + 1) & (s->cap - 1);
    }
    if ((s->used + 1) * 2 > s->cap) {
        size_t ncap = s->cap * 2;
        uint32_t *n = calloc(ncap, sizeof *n);
        if (n != NULL) {
            for (size_t k = 0; k < s->cap; k++)
                if (s->slots[k] != 0)
                    seen_put(n, ncap, s->slots[k]);
            if (s->slots != s->local)
                free(s->slots);
            s->slots = n;
            s->cap = ncap;
        } else if (s->used + 1 >= s->cap) {
            return true;
        }
    }
    seen_put(s->slots, s->cap, v);
    s->used++;
    return true;
}

static void seen_emit(struct seen *s, uint32_t v, void (*fn)(uint32_t, void *), void *ud)
{
    if (v != 0 && seen_add(s, v))
        fn(v, ud);
}

/* After the word "WIN32" (ending at P): "/HTTP"? ":" blanks DIGITS, the
 * digits a Win32 code standing as a word. Sets *END past the digits. */
static bool win32_number(const unsigned char *p, uint32_t *out, const unsigned char **end)
{
    if (p[0] == '/') {
        if (to_upper(p[1]) != 'H' || to_upper(p[2]) != 'T' || to_upper(p[3]) != 'T' ||
            to_upper(p[4]) != 'P' || is_word(p[5]))
            return false;
        p += 5;
    }
    if (*p != ':')
        return false;
    p++;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = 0;
    while (is_digit(p[n]))
        n++;
    uint64_t v;
    if (n == 0 || n > 5 || is_word(p[n]) || parse_dec(p, n, 0xFFFFu, &v) != 0)
        return false;
    *out = code_normalize((uint32_t)v);
    *end = p + n;
    return true;
}

static bool is_symbol_shape(const unsigned char *s, size_t n)
{
    bool underscore = false;
    if (n < 3 || n > SYMBOL_MAX || !(s[0] >= 'A' && s[0] <= 'Z'))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_')
            underscore = true;
        else if (!((s[i] >= 'A' && s[i] <= 'Z') || is_digit(s[i])))
            return false;
    }
    return underscore;
}

void code_scan_text(const char *text, void (*fn)(uint32_t code, void *ud), void *ud)
{
    if (text == NULL || fn == NULL)
        return;
    struct seen seen = {0};
    seen.slots = seen.local;
    seen.cap = sizeof seen.local / sizeof seen.local[0];

    const unsigned char *p = (const unsigned char *)text;
    while (*p != 0) {
        if (is_word(*p)) {
            /* A word starts here: the character before it is no word char. */
            const unsigned char *w = p;
            while (is_word(*p))
                p++;
            size_t n = (size_t)(p - w);
            uint32_t v;
            if (n >= 3 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
                /* A small number ("Flags: 0x2") is a code only when written
                 * with all 8 digits ("0x00000005"). */
                size_t k = 2;
                while (k < n && hex_digit(w[k]) >= 0)
                    k++;
                if (k == n && parse_hex(w + 2, n - 2, &v) == 0 && (v >= 0x10000u || n == 10))
                    seen_emit(&seen, code_normalize(v), fn, ud);
            } else if (n == 5 && to_upper(w[0]) == 'W' && to_upper(w[1]) == 'I' &&
                       to_upper(w[2]) == 'N' && w[3] == '3' && w[4] == '2') {
                const unsigned char *end;
                if (win32_number(p, &v, &end)) {
                    seen_emit(&seen, v, fn, ud);
                    p = end;
                }
            } else if (is_symbol_shape(w, n)) {
                const struct code_info *e = lookup_symbol_n(w, n);
                if (e != NULL)
                    seen_emit(&seen, e->value, fn, ud);
            }
            continue;
        }
        if (*p == '-' && (p == (const unsigned char *)text ||
                          (!is_word(p[-1]) && p[-1] != '-' && p[-1] != '.' && p[-1] != '/' &&
                           p[-1] != ':' && p[-1] != '+'))) {
            /* A negative decimal standing alone: 8 to 10 digits (every
             * HRESULT written so has at least 8), no word or decimal
             * fraction after it. */
            const unsigned char *d = p + 1;
            size_t n = 0;
            while (is_digit(d[n]))
                n++;
            bool fraction = (d[n] == '.' || d[n] == ',') && is_digit(d[n + 1]);
            uint64_t v;
            if (n >= 8 && n <= 10 && !is_word(d[n]) && !fraction &&
                parse_dec(d, n, 0x80000000u, &v) == 0)
                seen_emit(&seen, negate(v), fn, ud);
            p = d; /* the digits are read again as a word, which finds nothing */
            continue;
        }
        p++;
    }
    if (seen.slots != seen.local)
        free(seen.slots);
}
