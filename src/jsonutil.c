#include "jsonutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Length of the valid UTF-8 sequence at S (remaining N bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned min;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2; cp = c & 0x1Fu; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; cp = c & 0x0Fu; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; cp = c & 0x07u; min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

int json_parse_text(const char *name, const char *text, size_t len, cJSON **out, struct err *e)
{
    *out = NULL;
    const unsigned char *u = (const unsigned char *)text;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        err_set(e, "error.json.utf16");
        return err_arg(e, "file", "%s", name);
    }
    if (len >= 2 && ((u[0] != 0 && u[1] == 0) || (u[0] == 0 && u[1] != 0))) {
        err_set(e, "error.json.utf16");
        return err_arg(e, "file", "%s", name);
    }
    size_t start = 0;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        start = 3;
    /* One pass: encoding, nesting depth, and whether there is anything. */
    size_t depth = 0;
    bool in_str = false, esc = false, any = false;
    for (size_t i = start; i < len;) {
        unsigned char c = u[i];
        if (c == 0)
            return json_error(e, name, text, i, "json.reason.nul");
        size_t sl = 1;
        if (c >= 0x80) {
            sl = utf8_seq(u + i, len - i);
            if (sl == 0)
                return json_error(e, name, text, i, "json.reason.utf8");
            i += sl;
            continue; /* a multi-byte character is never JSON syntax */
        }
        if (in_str) {
            /* fast path through the plain characters of a string */
            if (!esc) {
                while (i + 1 < len && u[i] >= 0x20 && u[i] < 0x80 && u[i] != '"' && u[i] != '\\')
                    i++;
                c = u[i];
                if (c == 0 || c >= 0x80)
                    continue;
            }
            if (esc)
                esc = false;
            else if (c == '\\')
                esc = true;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
            any = true;
        } else if (c == '[' || c == '{') {
            any = true;
            if (++depth > JSON_MAX_DEPTH)
                return json_error(e, name, text, i, "json.reason.depth");
        } else if (c == ']' || c == '}') {
            if (depth > 0)
                depth--;
        } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            any = true;
        }
        i += sl;
    }
    if (!any) {
        err_set(e, "error.json.empty");
        return err_arg(e, "file", "%s", name);
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text + start, len - start, &end, 0);
    if (!root) {
        size_t off = end ? (size_t)(end - text) : start;
        if (off > len)
            off = len;
        /* cJSON points at the value it could not read; step to the first
         * byte that is not blank so that the column names the culprit. */
        while (off < len && (text[off] == ' ' || text[off] == '\t' || text[off] == '\r' ||
                             text[off] == '\n'))
            off++;
        return json_error(e, name, text, off,
                          off >= len ? "json.reason.eof" : "json.reason.unexpected");
    }
    size_t off = (size_t)(end - text);
    while (off < len && (text[off] == ' ' || text[off] == '\t' || text[off] == '\r' ||
                         text[off] == '\n'))
        off++;
    if (off < len) {
        cJSON_Delete(root);
        return json_error(e, name, text, off, "json.reason.trailing");
    }
    *out = root;
    return 0;
}

const char *json_type_name(const cJSON *v)
{
    if (!v)
        return "nothing";
    if (cJSON_IsObject(v))
        return "object";
    if (cJSON_IsArray(v))
        return "array";
    if (cJSON_IsString(v))
        return "string";
    if (cJSON_IsNumber(v))
        return "number";
    if (cJSON_IsBool(v))
        return "boolean";
    if (cJSON_IsNull(v))
        return "null";
    return "invalid";
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
    return p->len ? p->buf : "(top level)";
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

static int write_value(const cJSON *v, FILE *out, int depth);

static int write_scalar(const cJSON *v, FILE *out)
{
    /* cJSON prints numbers and escapes strings exactly; reuse it on a
     * detached copy of the scalar. */
    char *s = cJSON_PrintUnformatted(v);
    if (!s)
        return -1;
    int rc = fputs(s, out) < 0 ? -1 : 0;
    cJSON_free(s);
    return rc;
}

static int write_key(const char *key, FILE *out)
{
    cJSON *k = cJSON_CreateString(key);
    if (!k)
        return -1;
    int rc = write_scalar(k, out);
    cJSON_Delete(k);
    return rc;
}

static int write_value(const cJSON *v, FILE *out, int depth)
{
    bool obj = cJSON_IsObject(v);
    if (!obj && !cJSON_IsArray(v))
        return write_scalar(v, out);
    if (!v->child)
        return fputs(obj ? "{}" : "[]", out) < 0 ? -1 : 0;
    /* Arrays of scalars stay on one line. */
    bool flat = !obj;
    for (const cJSON *c = v->child; c && flat; c = c->next)
        flat = !cJSON_IsObject(c) && !cJSON_IsArray(c);
    fputc(obj ? '{' : '[', out);
    for (const cJSON *c = v->child; c; c = c->next) {
        if (flat)
            fputs(c == v->child ? "" : ", ", out);
        else
            fprintf(out, "%s\n%*s", c == v->child ? "" : ",", (depth + 1) * 2, "");
        if (obj) {
            if (write_key(c->string ? c->string : "", out) != 0)
                return -1;
            fputs(": ", out);
        }
        if (write_value(c, out, depth + 1) != 0)
            return -1;
    }
    if (!flat)
        fprintf(out, "\n%*s", depth * 2, "");
    fputc(obj ? '}' : ']', out);
    return ferror(out) ? -1 : 0;
}

int json_write_pretty(const cJSON *v, FILE *out)
{
    if (write_value(v, out, 0) != 0)
        return -1;
    return fputc('\n', out) == EOF ? -1 : 0;
}
