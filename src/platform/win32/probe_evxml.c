/* probe_evxml.c: see probe_evxml.h. No Windows headers: unit-tested on Linux. */
#include "probe_evxml.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define EVXML_MAX_DEPTH 64
#define EVXML_NAME_MAX 64

/* A growing byte buffer (malloc'd). */
struct buf {
    char *p;
    size_t n, cap;
    bool oom;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->n + n + 1) {
            if (cap > ((size_t)1 << 30)) {
                b->oom = true;
                return;
            }
            cap *= 2;
        }
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void buf_utf8(struct buf *b, uint32_t c)
{
    char u[4];
    size_t k;
    if (c < 0x80) {
        u[0] = (char)c;
        k = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        k = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        k = 3;
    } else {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        k = 4;
    }
    buf_add(b, u, k);
}

/* Appends S[0..N) with its entity and character references decoded.
 * Returns 0, or -1 for an unknown or malformed reference. */
static int decode(struct buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t run = amp ? (size_t)(amp - (s + i)) : n - i;
        buf_add(b, s + i, run);
        i += run;
        if (i >= n)
            break;
        const char *semi = memchr(s + i, ';', n - i);
        if (!semi || semi - (s + i) > 12)
            return -1;
        const char *r = s + i + 1;
        size_t rl = (size_t)(semi - r);
        if (rl == 3 && memcmp(r, "amp", 3) == 0) {
            buf_add(b, "&", 1);
        } else if (rl == 2 && memcmp(r, "lt", 2) == 0) {
            buf_add(b, "<", 1);
        } else if (rl == 2 && memcmp(r, "gt", 2) == 0) {
            buf_add(b, ">", 1);
        } else if (rl == 4 && memcmp(r, "quot", 4) == 0) {
            buf_add(b, "\"", 1);
        } else if (rl == 4 && memcmp(r, "apos", 4) == 0) {
            buf_add(b, "'", 1);
        } else if (rl >= 2 && r[0] == '#') {
            bool hex = r[1] == 'x' || r[1] == 'X';
            size_t j = hex ? 2 : 1;
            if (j >= rl)
                return -1;
            uint32_t c = 0;
            for (; j < rl; j++) {
                int d = hex ? hex_digit((unsigned char)r[j]) : (r[j] >= '0' && r[j] <= '9' ? r[j] - '0' : -1);
                if (d < 0 || c > 0x10FFFF)
                    return -1;
                c = c * (hex ? 16u : 10u) + (uint32_t)d;
            }
            if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
                return -1;
            buf_utf8(b, c);
        } else {
            return -1;
        }
        i = (size_t)(semi - s) + 1;
    }
    return 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool name_char(char c)
{
    return c && !is_space(c) && c != '>' && c != '/' && c != '=' && c != '<' && c != '\'' && c != '"';
}

/* Local name (after any prefix) of NAME[0..N) into OUT (truncated). */
static void local_name(const char *name, size_t n, char out[EVXML_NAME_MAX])
{
    const char *colon = memchr(name, ':', n);
    if (colon) {
        n -= (size_t)(colon + 1 - name);
        name = colon + 1;
    }
    if (n >= EVXML_NAME_MAX)
        n = EVXML_NAME_MAX - 1;
    memcpy(out, name, n);
    out[n] = '\0';
}

/* Finds the string LIT in S[I..N); the index of its start, or N. */
static size_t find(const char *s, size_t i, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    for (; i + l <= n; i++)
        if (memcmp(s + i, lit, l) == 0)
            return i;
    return n;
}

enum target { T_NONE, T_ID, T_LEVEL, T_MESSAGE };

struct parser {
    struct arena *a;
    struct evxml *out;
    char stack[EVXML_MAX_DEPTH][EVXML_NAME_MAX];
    int depth;
    bool saw_system;
    enum target capture;         /* the element whose text is being collected */
    int capture_depth;
    struct buf text;
};

static bool at(const struct parser *p, const char *l0, const char *l1, const char *l2)
{
    return p->depth == 3 && strcmp(p->stack[0], l0) == 0 && strcmp(p->stack[1], l1) == 0 &&
           strcmp(p->stack[2], l2) == 0;
}

static char *dup_buf(struct parser *p, const struct buf *b)
{
    return arena_strdup(p->a, b->p ? b->p : "");
}

/* An attribute NAME=VALUE (raw) of the element now on top of the stack. */
static int attribute(struct parser *p, const char *name, const char *v, size_t vn)
{
    const char *want = NULL;
    int which = 0;
    if (at(p, "Event", "System", "Provider")) {
        want = "Name";
        which = 1;
    } else if (at(p, "Event", "System", "TimeCreated")) {
        want = "SystemTime";
        which = 2;
    } else if (at(p, "Event", "System", "Security")) {
        want = "UserID";
        which = 3;
    }
    if (!want || strcmp(name, want) != 0)
        return 0;
    struct buf b = {0};
    if (decode(&b, v, vn) != 0 || b.oom) {
        free(b.p);
        return -1;
    }
    int rc = 0;
    if (which == 2) {
        int64_t t;
        if (b.p && time_parse_iso(b.p, &t) == 0) {
            p->out->has_time = true;
            p->out->time = t;
        }
    } else {
        char *s = dup_buf(p, &b);
        if (!s)
            rc = -1;
        else if (which == 1)
            p->out->provider = s;
        else if (s[0])
            p->out->sid = s;
    }
    free(b.p);
    return rc;
}

static int parse_int(const char *s, int64_t *out)
{
    while (is_space(*s))
        s++;
    if (!*s)
        return -1;
    int64_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (v > INT64_C(0xFFFFFFFF))
            return -1;
        v = v * 10 + (*s - '0');
    }
    while (is_space(*s))
        s++;
    if (*s)
        return -1;
    *out = v;
    return 0;
}

static int end_capture(struct parser *p)
{
    int rc = 0;
    if (p->text.oom) {
        rc = -1;
    } else if (p->capture == T_ID || p->capture == T_LEVEL) {
        int64_t v;
        if (p->text.p && parse_int(p->text.p, &v) == 0) {
            if (p->capture == T_ID) {
                p->out->has_id = true;
                p->out->id = v;
            } else if (v <= 255) {
                p->out->has_level = true;
                p->out->level = (int)v;
            }
        }
    } else if (p->capture == T_MESSAGE) {
        size_t n = p->text.n;
        while (n > 0 && is_space(p->text.p[n - 1]))
            n--;
        char *s = arena_strndup(p->a, p->text.p ? p->text.p : "", n);
        if (!s)
            rc = -1;
        else
            p->out->message = s;
    }
    free(p->text.p);
    memset(&p->text, 0, sizeof(p->text));
    p->capture = T_NONE;
    return rc;
}

static int open_tag(struct parser *p, const char *s, size_t n, size_t *i)
{
    size_t st = *i;
    while (*i < n && name_char(s[*i]))
        (*i)++;
    if (*i == st)
        return -1;
    if (p->depth >= EVXML_MAX_DEPTH)
        return -1;
    local_name(s + st, *i - st, p->stack[p->depth]);
    p->depth++;
    if (p->depth == 2 && strcmp(p->stack[0], "Event") == 0 && strcmp(p->stack[1], "System") == 0)
        p->saw_system = true;
    for (;;) {
        while (*i < n && is_space(s[*i]))
            (*i)++;
        if (*i >= n)
            return -1;
        if (s[*i] == '>') {
            (*i)++;
            break;
        }
        if (s[*i] == '/') {
            if (*i + 1 >= n || s[*i + 1] != '>')
                return -1;
            *i += 2;
            p->depth--; /* self-closing */
            return 0;
        }
        size_t an = *i;
        while (*i < n && name_char(s[*i]))
            (*i)++;
        if (*i == an)
            return -1;
        char aname[EVXML_NAME_MAX];
        local_name(s + an, *i - an, aname);
        while (*i < n && is_space(s[*i]))
            (*i)++;
        if (*i >= n || s[*i] != '=')
            return -1;
        (*i)++;
        while (*i < n && is_space(s[*i]))
            (*i)++;
        if (*i >= n || (s[*i] != '\'' && s[*i] != '"'))
            return -1;
        char q = s[(*i)++];
        size_t vs = *i;
        while (*i < n && s[*i] != q) {
            if (s[*i] == '<')
                return -1;
            (*i)++;
        }
        if (*i >= n)
            return -1;
        if (attribute(p, aname, s + vs, *i - vs) != 0)
            return -1;
        (*i)++;
    }
    if (p->capture == T_NONE) {
        enum target t = at(p, "Event", "System", "EventID")         ? T_ID
                        : at(p, "Event", "System", "Level")         ? T_LEVEL
                        : at(p, "Event", "RenderingInfo", "Message") ? T_MESSAGE
                                                                     : T_NONE;
        if (t != T_NONE) {
            p->capture = t;
            p->capture_depth = p->depth;
        }
    }
    return 0;
}

static int close_tag(struct parser *p, const char *s, size_t n, size_t *i)
{
    size_t st = *i;
    while (*i < n && name_char(s[*i]))
        (*i)++;
    char name[EVXML_NAME_MAX];
    local_name(s + st, *i - st, name);
    while (*i < n && is_space(s[*i]))
        (*i)++;
    if (*i >= n || s[*i] != '>' || p->depth == 0 || strcmp(p->stack[p->depth - 1], name) != 0)
        return -1;
    (*i)++;
    if (p->capture != T_NONE && p->capture_depth == p->depth && end_capture(p) != 0)
        return -1;
    p->depth--;
    return 0;
}

int evxml_parse(struct arena *a, const char *xml, size_t len, struct evxml *out)
{
    memset(out, 0, sizeof(*out));
    if (!xml)
        return -1;
    struct parser *p = calloc(1, sizeof(*p));
    if (!p)
        return -1;
    p->a = a;
    p->out = out;
    int rc = 0;
    bool root_seen = false;
    size_t i = 0;
    while (rc == 0 && i < len) {
        if (xml[i] != '<') {
            size_t e = i;
            while (e < len && xml[e] != '<')
                e++;
            if (p->capture != T_NONE && p->depth == p->capture_depth)
                rc = decode(&p->text, xml + i, e - i);
            else if (p->depth == 0) {
                for (size_t k = i; k < e; k++)
                    if (!is_space(xml[k]) && xml[k] != '\0')
                        rc = -1; /* text outside the root */
            }
            i = e;
            continue;
        }
        if (i + 1 >= len) {
            rc = -1;
            break;
        }
        char c = xml[i + 1];
        if (c == '?') {
            size_t e = find(xml, i + 2, len, "?>");
            if (e >= len)
                rc = -1;
            i = e + 2;
        } else if (len - i >= 4 && memcmp(xml + i, "<!--", 4) == 0) {
            size_t e = find(xml, i + 4, len, "-->");
            if (e >= len)
                rc = -1;
            i = e + 3;
        } else if (len - i >= 9 && memcmp(xml + i, "<![CDATA[", 9) == 0) {
            size_t e = find(xml, i + 9, len, "]]>");
            if (e >= len || p->depth == 0) {
                rc = -1;
            } else if (p->capture != T_NONE && p->depth == p->capture_depth) {
                buf_add(&p->text, xml + i + 9, e - (i + 9));
            }
            i = e + 3;
        } else if (c == '!') {
            const char *gt = memchr(xml + i, '>', len - i);
            if (!gt)
                rc = -1;
            i = gt ? (size_t)(gt - xml) + 1 : len;
        } else if (c == '/') {
            i += 2;
            rc = close_tag(p, xml, len, &i);
        } else {
            if (p->depth == 0) {
                if (root_seen) {
                    rc = -1; /* a second root */
                    break;
                }
                root_seen = true;
            }
            i += 1;
            rc = open_tag(p, xml, len, &i);
        }
    }
    if (rc == 0 && (p->depth != 0 || !p->saw_system || p->text.oom))
        rc = -1;
    free(p->text.p);
    free(p);
    if (rc != 0)
        memset(out, 0, sizeof(*out));
    return rc;
}

enum ev_level evxml_level(int level)
{
    switch (level) {
    case 1:
    case 2: return EV_ERROR;
    case 3: return EV_WARNING;
    case 0:
    case 4: return EV_INFORMATION;
    default: return EV_OTHER;
    }
}
