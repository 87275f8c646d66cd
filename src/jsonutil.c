#include "jsonutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "textdec.h"
#include "util.h"

static int json_error(struct err *e, const char *name, const char *text, size_t off,
                      const char *reason_key)
{
    size_t line, col;
    text_line_col(text, off, &line, &col);
    err_set(e, "error.json.syntax");
    err_arg(e, "file", "%s", name);
    err_arg(e, "line", "%zu", line);
    err_arg(e, "column", "%zu", col);
    return err_arg(e, "reason", "@%s", reason_key);
}

/* A complete JSON (RFC 8259) syntax check in one pass, without recursion:
 * it finds the exact place of the first problem, which cJSON does not
 * report precisely. On success cJSON parses the same text. Returns the
 * offset of the problem (from TEXT) and its reason key through *WHY, or
 * (size_t)-1 when the text is well-formed. */
struct scan {
    const unsigned char *u;
    size_t len, i;
    const char *why;
};

#define SCAN_OK ((size_t)-1)

static bool at_end(const struct scan *s)
{
    return s->i >= s->len;
}

static void skip_ws(struct scan *s)
{
    while (s->i < s->len &&
           (s->u[s->i] == ' ' || s->u[s->i] == '\t' || s->u[s->i] == '\r' || s->u[s->i] == '\n'))
        s->i++;
}

/* Fails at the current position: end of text, or the byte there. */
static bool fail_here(struct scan *s, const char *why)
{
    if (at_end(s))
        s->why = "json.reason.eof";
    else if (s->u[s->i] == 0)
        s->why = "json.reason.nul";
    else if (s->u[s->i] >= 0x80 && utf8_seq_len(s->u + s->i, s->len - s->i) == 0)
        s->why = "json.reason.utf8";
    else
        s->why = why;
    return false;
}

/* \uXXXX at s->i (just after the 'u'); stores the code unit. */
static bool scan_u4(struct scan *s, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        if (at_end(s))
            return fail_here(s, "json.reason.escape");
        int h = hex_digit(s->u[s->i]);
        if (h < 0)
            return fail_here(s, "json.reason.escape");
        v = v * 16 + (unsigned)h;
        s->i++;
    }
    *out = v;
    return true;
}

static bool scan_string(struct scan *s)
{
    s->i++; /* the opening quote */
    for (;;) {
        if (at_end(s))
            return fail_here(s, "json.reason.eof");
        unsigned char c = s->u[s->i];
        if (c == '"') {
            s->i++;
            return true;
        }
        if (c == 0)
            return fail_here(s, "json.reason.nul");
        if (c < 0x20)
            return fail_here(s, "json.reason.control");
        if (c >= 0x80) {
            size_t sl = utf8_seq_len(s->u + s->i, s->len - s->i);
            if (sl == 0)
                return fail_here(s, "json.reason.utf8");
            s->i += sl;
            continue;
        }
        if (c != '\\') {
            s->i++;
            continue;
        }
        size_t esc = s->i;
        s->i++;
        if (at_end(s))
            return fail_here(s, "json.reason.eof");
        c = s->u[s->i];
        if (strchr("\"\\/bfnrt", c) && c != 0) {
            s->i++;
            continue;
        }
        if (c != 'u') {
            s->i = esc;
            return fail_here(s, "json.reason.escape");
        }
        s->i++;
        unsigned cu;
        if (!scan_u4(s, &cu))
            return false;
        if (cu == 0) {
            s->i = esc;
            return fail_here(s, "json.reason.nul");
        }
        if (cu >= 0xDC00 && cu <= 0xDFFF) {
            s->i = esc;
            return fail_here(s, "json.reason.surrogate");
        }
        if (cu >= 0xD800 && cu <= 0xDBFF) {
            if (s->len - s->i < 2 || s->u[s->i] != '\\' || s->u[s->i + 1] != 'u') {
                s->i = esc;
                return fail_here(s, "json.reason.surrogate");
            }
            s->i += 2;
            unsigned lo;
            if (!scan_u4(s, &lo))
                return false;
            if (lo < 0xDC00 || lo > 0xDFFF) {
                s->i = esc;
                return fail_here(s, "json.reason.surrogate");
            }
        }
    }
}

static bool is_digit(const struct scan *s)
{
    return !at_end(s) && s->u[s->i] >= '0' && s->u[s->i] <= '9';
}

static bool scan_number(struct scan *s)
{
    if (s->u[s->i] == '-')
        s->i++;
    if (!is_digit(s))
        return fail_here(s, "json.reason.number");
    if (s->u[s->i] == '0')
        s->i++;
    else
        while (is_digit(s))
            s->i++;
    if (!at_end(s) && s->u[s->i] == '.') {
        s->i++;
        if (!is_digit(s))
            return fail_here(s, "json.reason.number");
        while (is_digit(s))
            s->i++;
    }
    if (!at_end(s) && (s->u[s->i] == 'e' || s->u[s->i] == 'E')) {
        s->i++;
        if (!at_end(s) && (s->u[s->i] == '+' || s->u[s->i] == '-'))
            s->i++;
        if (!is_digit(s))
            return fail_here(s, "json.reason.number");
        while (is_digit(s))
            s->i++;
    }
    return true;
}

static bool scan_literal(struct scan *s, const char *word)
{
    for (const char *w = word; *w; w++, s->i++)
        if (at_end(s) || s->u[s->i] != (unsigned char)*w)
            return fail_here(s, "json.reason.unexpected");
    return true;
}

/* A scalar value or the opening of a container at s->i (blanks skipped).
 * Pushes containers on STACK. */
static bool scan_value(struct scan *s, char *stack, size_t *depth, bool *opened)
{
    skip_ws(s);
    *opened = false;
    if (at_end(s))
        return fail_here(s, "json.reason.eof");
    unsigned char c = s->u[s->i];
    switch (c) {
    case '{':
    case '[':
        if (*depth >= JSON_MAX_DEPTH)
            return fail_here(s, "json.reason.depth");
        stack[(*depth)++] = (char)c;
        s->i++;
        *opened = true;
        return true;
    case '"':
        return scan_string(s);
    case 't':
        return scan_literal(s, "true");
    case 'f':
        return scan_literal(s, "false");
    case 'n':
        return scan_literal(s, "null");
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            return scan_number(s);
        return fail_here(s, "json.reason.unexpected");
    }
}

/* An object member's key and its colon, at s->i. */
static bool scan_key(struct scan *s)
{
    if (at_end(s) || s->u[s->i] != '"')
        return fail_here(s, "json.reason.key");
    if (!scan_string(s))
        return false;
    skip_ws(s);
    if (at_end(s) || s->u[s->i] != ':')
        return fail_here(s, "json.reason.colon");
    s->i++;
    return true;
}

static size_t scan_json(const unsigned char *u, size_t len, const char **why)
{
    struct scan s = {.u = u, .len = len, .i = 0, .why = NULL};
    char stack[JSON_MAX_DEPTH];
    size_t depth = 0;
    bool opened;
    if (!scan_value(&s, stack, &depth, &opened))
        goto bad;
    /* After each value or container opening: what may follow. */
    for (;;) {
        if (opened) {
            /* just opened: an empty container, or the first member */
            skip_ws(&s);
            char top = stack[depth - 1];
            if (!at_end(&s) && s.u[s.i] == (top == '{' ? '}' : ']')) {
                s.i++;
                depth--;
                opened = false;
                if (depth == 0)
                    break;
                continue;
            }
            if (top == '{' && !scan_key(&s))
                goto bad;
            if (!scan_value(&s, stack, &depth, &opened))
                goto bad;
            continue;
        }
        if (depth == 0)
            break;
        skip_ws(&s);
        char top = stack[depth - 1];
        if (at_end(&s)) {
            fail_here(&s, "json.reason.eof");
            goto bad;
        }
        unsigned char c = s.u[s.i];
        if (c == (top == '{' ? '}' : ']')) {
            s.i++;
            depth--;
            if (depth == 0)
                break;
            continue;
        }
        if (c != ',') {
            fail_here(&s, "json.reason.comma");
            goto bad;
        }
        s.i++;
        skip_ws(&s);
        if (!at_end(&s) && (s.u[s.i] == '}' || s.u[s.i] == ']')) {
            fail_here(&s, "json.reason.trailing-comma");
            goto bad;
        }
        if (top == '{' && !scan_key(&s))
            goto bad;
        if (!scan_value(&s, stack, &depth, &opened))
            goto bad;
    }
    skip_ws(&s);
    if (!at_end(&s)) {
        s.why = s.u[s.i] == 0 ? "json.reason.nul" : "json.reason.trailing";
        goto bad;
    }
    return SCAN_OK;
bad:
    *why = s.why ? s.why : "json.reason.unexpected";
    return s.i;
}

int json_parse_text(const char *name, const char *text, size_t len, cJSON **out, struct err *e)
{
    *out = NULL;
    const unsigned char *u = (const unsigned char *)text;
    if (text_starts_utf16(u, len)) {
        /* UTF-16, what Windows PowerShell 5.1 writes with > and Out-File:
         * decoded, then read as any other text (the decoded text has no NUL
         * and starts with no byte-order mark: this does not come back here) */
        char *dec = NULL;
        size_t dlen = 0;
        enum text_enc enc;
        if (text_decode(name, text, len, &dec, &dlen, &enc, NULL, e) != 0)
            return -1;
        int rc;
        if (enc != TEXT_UTF16LE && enc != TEXT_UTF16BE) {
            err_set(e, "error.json.utf16");
            rc = err_arg(e, "file", "%s", name);
        } else {
            rc = json_parse_text(name, dec, dlen, out, e);
        }
        free(dec);
        return rc;
    }
    /* A UTF-8 byte-order mark is skipped, and not counted in columns
     * (editors do not show it). */
    size_t start = 0;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        start = 3;
    const char *body = text + start;
    size_t blen = len - start;
    size_t k = 0;
    while (k < blen && (body[k] == ' ' || body[k] == '\t' || body[k] == '\r' || body[k] == '\n'))
        k++;
    if (k == blen) {
        err_set(e, "error.json.empty");
        return err_arg(e, "file", "%s", name);
    }
    const char *why = NULL;
    size_t off = scan_json((const unsigned char *)body, blen, &why);
    if (off != SCAN_OK)
        return json_error(e, name, body, off, why);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(body, blen, &end, 0);
    if (!root) {
        /* Should not happen after the scan; say where cJSON stopped. */
        size_t at = end ? (size_t)(end - body) : 0;
        return json_error(e, name, body, at > blen ? blen : at, "json.reason.unexpected");
    }
    *out = root;
    return 0;
}

const char *json_type_name(const cJSON *v)
{
    if (!v)
        return "@jtype.nothing";
    if (cJSON_IsObject(v))
        return "@jtype.object";
    if (cJSON_IsArray(v))
        return "@jtype.array";
    if (cJSON_IsString(v))
        return "@jtype.string";
    if (cJSON_IsNumber(v))
        return "@jtype.number";
    if (cJSON_IsBool(v))
        return "@jtype.boolean";
    if (cJSON_IsNull(v))
        return "@jtype.null";
    return "@jtype.invalid";
}

/* Appends the LEN bytes of S, as far as they fit. */
static void jpath_append(struct jpath *p, const char *s, size_t len)
{
    size_t room = sizeof(p->buf) - 1 - p->len;
    if (len > room)
        len = room;
    memcpy(p->buf + p->len, s, len);
    p->len += len;
    p->buf[p->len] = '\0';
}

size_t jpath_key(struct jpath *p, const char *key)
{
    size_t old = p->len;
    if (p->len)
        jpath_append(p, ".", 1);
    jpath_append(p, key, strlen(key));
    return old;
}

size_t jpath_index(struct jpath *p, size_t i)
{
    size_t old = p->len;
    char digits[24];
    size_t n = sizeof(digits);
    digits[--n] = ']';
    do {
        digits[--n] = (char)('0' + i % 10);
        i /= 10;
    } while (i > 0);
    digits[--n] = '[';
    jpath_append(p, digits + n, sizeof(digits) - n);
    return old;
}

void jpath_pop(struct jpath *p, size_t len)
{
    p->len = len;
    p->buf[len] = '\0';
}

const char *jpath_str(const struct jpath *p)
{
    return p->len ? p->buf : "@path.top";
}

static int cmp_str_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *json_duplicate_key(const cJSON *obj)
{
    size_t n = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, obj) n++;
    if (n < 2)
        return NULL;
    if (n <= 16) {
        for (const cJSON *a = obj->child; a; a = a->next)
            for (const cJSON *b = a->next; b; b = b->next)
                if (a->string && b->string && strcmp(a->string, b->string) == 0)
                    return a->string;
        return NULL;
    }
    const char **keys = malloc(n * sizeof(*keys));
    if (!keys)
        return NULL;
    size_t k = 0;
    cJSON_ArrayForEach(c, obj) keys[k++] = c->string ? c->string : "";
    qsort(keys, n, sizeof(*keys), cmp_str_ptr);
    const char *dup = NULL;
    for (size_t i = 1; i < n && !dup; i++)
        if (strcmp(keys[i - 1], keys[i]) == 0)
            dup = keys[i];
    free(keys); /* the strings themselves belong to the tree */
    return dup;
}

static void write_value(const cJSON *v, struct jsonw *w)
{
    if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
        bool obj = cJSON_IsObject(v);
        /* arrays of scalars stay on one line */
        bool flat = !obj;
        for (const cJSON *c = v->child; c && flat; c = c->next)
            flat = !cJSON_IsObject(c) && !cJSON_IsArray(c);
        if (obj)
            jsonw_object(w);
        else
            jsonw_array(w, flat);
        for (const cJSON *c = v->child; c; c = c->next) {
            if (obj)
                jsonw_key(w, c->string ? c->string : "");
            write_value(c, w);
        }
        jsonw_end(w);
    } else if (cJSON_IsString(v)) {
        jsonw_string(w, v->valuestring ? v->valuestring : "");
    } else if (cJSON_IsBool(v)) {
        jsonw_bool(w, cJSON_IsTrue(v));
    } else if (cJSON_IsNumber(v) && v->valuedouble == (double)v->valueint) {
        /* what cJSON prints for an integer that fits an int */
        jsonw_int(w, v->valueint);
    } else if (cJSON_IsNumber(v) || cJSON_IsRaw(v)) {
        /* other numbers exactly as cJSON prints them */
        char *s = cJSON_PrintUnformatted(v);
        if (s)
            jsonw_number_text(w, s);
        else
            w->failed = true;
        cJSON_free(s);
    } else {
        jsonw_null(w);
    }
}

int json_write_pretty(const cJSON *v, FILE *out)
{
    struct jsonw w;
    jsonw_init(&w, out);
    write_value(v, &w);
    return jsonw_finish(&w);
}
