/* import_evxml.c: event XML read into events with expat; see import_evxml.h. */
#include "import_evxml.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evlog.h"
#include "import_formats.h"
#include "util.h"

/* ---- providers ---------------------------------------------------------- */

static const char *const PROVIDERS[] = {
    EVLOG_PROVIDER_AUTOENROLLMENT,
    EVLOG_PROVIDER_CERTENROLL,
    EVLOG_PROVIDER_CSC,
    "Microsoft-Windows-CertificationAuthority",
    "Microsoft-Windows-EnrollmentWebService",
    "Microsoft-Windows-EnrollmentPolicyWebService",
};
#define NPROVIDERS (sizeof(PROVIDERS) / sizeof(PROVIDERS[0]))

const char *const *evxml_providers(size_t *n)
{
    *n = NPROVIDERS;
    return PROVIDERS;
}

const char *evxml_provider_wanted(const char *name)
{
    /* every wanted name begins so: most foreign ones are told at once */
    if (!name || ascii_ncasecmp(name, "Microsoft-Windows-", 18) != 0)
        return NULL;
    for (size_t i = 0; i < NPROVIDERS; i++)
        if (ascii_casecmp(name, PROVIDERS[i]) == 0)
            return PROVIDERS[i];
    return NULL;
}

enum ev_level evxml_level_of(int64_t level)
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

/* ---- a growing text ------------------------------------------------------ */

/* No single text of an event is kept beyond this (the rest is dropped). */
#define TEXT_MAX ((size_t)1 << 20)

struct text {
    char *p;
    size_t n, cap;
    bool oom;
};

static void text_add(struct text *t, const char *s, size_t n)
{
    if (t->oom || t->n >= TEXT_MAX)
        return;
    if (n > TEXT_MAX - t->n)
        n = TEXT_MAX - t->n;
    if (t->n + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->n + n + 1)
            cap *= 2;
        char *p = realloc(t->p, cap);
        if (!p) {
            t->oom = true;
            return;
        }
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->n, s, n);
    t->n += n;
    t->p[t->n] = '\0';
}

static void text_str(struct text *t, const char *s)
{
    text_add(t, s, strlen(s));
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* T without leading and trailing white space: start in *S, length returned. */
static size_t text_trim(const struct text *t, const char **s)
{
    const char *p = t->p ? t->p : "";
    size_t n = t->n;
    while (n > 0 && is_blank(*p)) {
        p++;
        n--;
    }
    while (n > 0 && is_blank(p[n - 1]))
        n--;
    *s = p;
    return n;
}

/* ---- the parser ----------------------------------------------------------- */

enum kind {
    K_OTHER, K_WRAP, K_EVENTS, K_EVENT, K_SYSTEM, K_PROVIDER, K_EVENTID, K_LEVEL, K_TIME,
    K_SECURITY, K_RENDERING, K_MESSAGE, K_EVENTDATA, K_DATA, K_USERDATA, K_UD
};

#define MAX_DEPTH 256

/* The element the whole input is wrapped in, so that <Event> elements one
 * after the other have a root. */
static const char WRAP_OPEN[] = "<enrolldoc-events>";
static const char WRAP_CLOSE[] = "</enrolldoc-events>";
#define WRAP_LEN ((unsigned long)(sizeof(WRAP_OPEN) - 1))

struct evparse {
    XML_Parser xp;
    struct evxml_sink *s;
    const char *name;
    struct err *e;
    bool failed;                 /* E is set, parsing stopped */
    size_t decl;                 /* the prolog in front of the wrapper (bytes) */
    unsigned long dline, dcol;   /* where it ends (1-based line, 0-based column) */
    unsigned char kind[MAX_DEPTH];
    bool has_child[MAX_DEPTH];
    size_t depth;
    /* the event being read */
    bool skip;                   /* a foreign provider: nothing more is kept */
    const char *provider;
    bool has_id, has_level, has_time;
    int64_t id, level, time;
    char *sid;
    struct text cap;             /* text of the element being captured */
    size_t cap_depth;             /* its depth, 0 = none */
    struct text message;         /* RenderingInfo/Message */
    bool has_message;
    struct text data;            /* the message built from the data */
    char *data_name;             /* EventData/Data/@Name of the open Data */
    char *first;                 /* the first data value */
};

/* A malloc'd copy of S[0..N), NUL-terminated; NULL when out of memory. */
static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static void stop(struct evparse *p)
{
    p->failed = true;
    XML_StopParser(p->xp, XML_FALSE);
}

static void oom(struct evparse *p)
{
    if (p->failed)
        return;
    err_set(p->e, "error.memory");
    err_arg(p->e, "file", "%s", p->name);
    stop(p);
}

static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), want) == 0)
            return atts[i + 1];
    return NULL;
}

/* A decimal number, or -1. */
static int parse_num(const char *s, size_t n, int64_t *v)
{
    int64_t x = 0;
    if (n == 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || x > INT64_C(0xFFFFFFFFF))
            return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

static void event_reset(struct evparse *p)
{
    p->skip = false;
    p->provider = NULL;
    p->has_id = p->has_level = p->has_time = false;
    p->sid = NULL;
    p->message.n = 0;
    p->has_message = false;
    p->data.n = 0;
    free(p->first);
    p->first = NULL;
}

/* Sets the file, line and column arguments of P->e: where the parser is,
 * in the file as written (the wrapper taken out). */
static void place(struct evparse *p)
{
    uint64_t at = (uint64_t)XML_GetCurrentByteIndex(p->xp);
    unsigned long line = (unsigned long)XML_GetCurrentLineNumber(p->xp);
    unsigned long col = (unsigned long)XML_GetCurrentColumnNumber(p->xp);
    if (at >= p->decl + WRAP_LEN && line == p->dline && col >= p->dcol + WRAP_LEN)
        col -= WRAP_LEN;
    err_arg(p->e, "file", "%s", p->name);
    err_arg(p->e, "line", "%lu", line);
    err_arg(p->e, "column", "%lu", col + 1);
}

static void shape_error(struct evparse *p, const char *element)
{
    err_set(p->e, "error.events.xml-shape");
    place(p);
    err_arg(p->e, "element", "%s", element);
    stop(p);
}

static enum kind kind_of(enum kind parent, const char *n)
{
    switch (parent) {
    case K_EVENT:
        return strcmp(n, "System") == 0          ? K_SYSTEM
               : strcmp(n, "RenderingInfo") == 0 ? K_RENDERING
               : strcmp(n, "EventData") == 0     ? K_EVENTDATA
               : strcmp(n, "UserData") == 0      ? K_USERDATA
                                                 : K_OTHER;
    case K_SYSTEM:
        return strcmp(n, "Provider") == 0      ? K_PROVIDER
               : strcmp(n, "EventID") == 0     ? K_EVENTID
               : strcmp(n, "Level") == 0       ? K_LEVEL
               : strcmp(n, "TimeCreated") == 0 ? K_TIME
               : strcmp(n, "Security") == 0    ? K_SECURITY
                                               : K_OTHER;
    case K_RENDERING: return strcmp(n, "Message") == 0 ? K_MESSAGE : K_OTHER;
    case K_EVENTDATA: return strcmp(n, "Data") == 0 ? K_DATA : K_OTHER;
    case K_USERDATA:
    case K_UD: return K_UD;
    default: return K_OTHER;
    }
}

static void XMLCALL on_start(void *ud, const XML_Char *raw, const XML_Char **atts)
{
    struct evparse *p = ud;
    if (p->failed)
        return;
    const char *n = local(raw);
    enum kind parent = p->depth > 0 ? (enum kind)p->kind[p->depth - 1] : K_OTHER;
    enum kind k;
    if (p->depth == 0) {
        k = K_WRAP;
    } else if (parent == K_WRAP || parent == K_EVENTS) {
        if (strcmp(n, "Event") == 0)
            k = K_EVENT;
        else if (parent == K_WRAP && strcmp(n, "Events") == 0)
            k = K_EVENTS;
        else
            return shape_error(p, n);
    } else {
        k = kind_of(parent, n);
    }
    if (p->depth >= MAX_DEPTH)
        return shape_error(p, n);
    if (p->depth > 0)
        p->has_child[p->depth - 1] = true;
    p->kind[p->depth] = (unsigned char)k;
    p->has_child[p->depth] = false;
    p->depth++;
    if (k == K_EVENT)
        event_reset(p);
    if (p->skip)
        return;
    const char *v;
    switch (k) {
    case K_PROVIDER:
        v = attr(atts, "Name");
        p->provider = evxml_provider_wanted(v);
        p->skip = p->provider == NULL;   /* the rest of a foreign event is not looked at */
        break;
    case K_TIME:
        v = attr(atts, "SystemTime");
        if (v && time_parse_iso(v, &p->time) == 0)
            p->has_time = true;
        break;
    case K_SECURITY:
        v = attr(atts, "UserID");
        if (v && *v && !sid_string_valid(v)) {
            err_set(p->e, "error.events.xml-sid");
            place(p);
            err_arg(p->e, "value", "%s", v);
            stop(p);
        } else if (v && *v && !(p->sid = arena_strdup(&p->s->f->arena, v))) {
            oom(p);
        }
        break;
    case K_DATA:
        v = attr(atts, "Name");
        free(p->data_name);
        p->data_name = v && *v ? dup_n(v, strlen(v)) : NULL;
        break;
    default: break;
    }
    if (k == K_EVENTID || k == K_LEVEL || k == K_MESSAGE || k == K_DATA || k == K_UD) {
        p->cap.n = 0;
        p->cap_depth = p->depth;
    }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct evparse *p = ud;
    if (p->failed || len <= 0)
        return;
    enum kind k = p->depth > 0 ? (enum kind)p->kind[p->depth - 1] : K_OTHER;
    if (k == K_WRAP || k == K_EVENTS) {
        /* between the events only blanks */
        for (int i = 0; i < len; i++)
            if (!is_blank(s[i])) {
                err_set(p->e, "error.events.xml");
                place(p);
                err_arg(p->e, "reason", "@events.xml.text");
                return stop(p);
            }
        return;
    }
    if (!p->skip && p->cap_depth == p->depth)
        text_add(&p->cap, s, (size_t)len);
}

/* Appends one data value NAME: V[0..N) to the built message. */
static void data_value(struct evparse *p, const char *dname, const char *v, size_t n)
{
    if (!p->first && !(p->first = dup_n(v, n)))
        return oom(p);
    if (p->data.n > 0)
        text_str(&p->data, "; ");
    if (dname) {
        text_str(&p->data, dname);
        text_str(&p->data, ": ");
    }
    text_add(&p->data, v, n);
    int64_t x;
    if (parse_num(v, n, &x) == 0 && x > 0xFFFF && x <= INT64_C(0xFFFFFFFF)) {
        char hex[16];
        snprintf(hex, sizeof(hex), " (0x%08X)", (unsigned)x);
        text_str(&p->data, hex);
    }
}

static void end_event(struct evparse *p)
{
    struct evxml_sink *s = p->s;
    if (p->skip || !p->provider) {
        s->skipped++;
        return;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        struct event *v = cap < SIZE_MAX / sizeof(*v) ? realloc(s->v, cap * sizeof(*v)) : NULL;
        if (!v)
            return oom(p);
        s->v = v;
        s->cap = cap;
    }
    struct event *ev = &s->v[s->n];
    memset(ev, 0, sizeof(*ev));
    ev->order = s->n;
    ev->provider.st = F_SET;
    ev->provider.v = p->provider;
    if (p->has_id) {
        ev->id.st = F_SET;
        ev->id.v = p->id;
    }
    if (p->has_level) {
        ev->level_st = F_SET;
        ev->level = evxml_level_of(p->level);
    }
    if (p->has_time) {
        ev->time.st = F_SET;
        ev->time.v = p->time;
    }
    if (p->sid) {
        ev->sid.st = F_SET;
        ev->sid.v = p->sid;
    }
    const struct text *m = p->has_message ? &p->message : &p->data;
    if (m->oom || p->cap.oom)
        return oom(p);
    if (m->n > 0) {
        char *msg = arena_strndup(&s->f->arena, m->p, m->n);
        if (!msg)
            return oom(p);
        ev->message.st = F_SET;
        ev->message.v = msg;
    }
    s->n++;
    if (events_is_start(ev)) {
        const char *a = NULL;
        size_t an = 0;
        if (p->has_message) {
            an = ev->message.st == F_SET ? events_start_account(ev->message.v, &a) : 0;
        } else if (p->first) {
            a = arena_strdup(&s->f->arena, p->first);
            if (!a)
                return oom(p);
            an = strlen(a);
        }
        events_account_seen(&s->acc, a, an);
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *raw)
{
    (void)raw;
    struct evparse *p = ud;
    if (p->failed || p->depth == 0)
        return;
    enum kind k = (enum kind)p->kind[p->depth - 1];
    bool leaf = !p->has_child[p->depth - 1];
    if (!p->skip && p->cap_depth == p->depth) {
        const char *v;
        size_t n = text_trim(&p->cap, &v);
        int64_t x;
        if (k == K_EVENTID && parse_num(v, n, &x) == 0 && x <= 0xFFFF) {
            p->has_id = true;
            p->id = x;
        } else if (k == K_LEVEL && parse_num(v, n, &x) == 0 && x <= 255) {
            p->has_level = true;
            p->level = x;
        } else if (k == K_MESSAGE) {
            p->message.n = 0;
            text_add(&p->message, v, n);
            p->has_message = true;
        } else if (k == K_DATA && n > 0) {
            data_value(p, p->data_name, v, n);
        } else if (k == K_UD && leaf && n > 0) {
            data_value(p, local(raw), v, n);
        }
        p->cap_depth = 0;
    }
    p->depth--;
    if (k == K_EVENT && !p->failed)
        end_event(p);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *doctype, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    (void)doctype;
    (void)sysid;
    (void)pubid;
    (void)has_internal;
    struct evparse *p = ud;
    err_set(p->e, "error.events.xml");
    place(p);
    err_arg(p->e, "reason", "@events.xml.dtd");
    stop(p);
}

/* Where the prolog of TEXT ends: the byte-order mark, the XML declaration,
 * comments and processing instructions before the first element stay in
 * front of the wrapper. A document type declaration: all of TEXT (expat
 * then meets it, and it is refused). */
static size_t prolog_end(const char *text, size_t len)
{
    size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, end = i;
    for (;;) {
        size_t j = i;
        while (j < len && is_blank(text[j]))
            j++;
        if (j + 1 >= len || text[j] != '<')
            return end;
        const char *close;
        if (text[j + 1] == '?')
            close = "?>";
        else if (len - j >= 4 && memcmp(text + j, "<!--", 4) == 0)
            close = "-->";
        else if (text[j + 1] == '!')
            return len;
        else
            return end;
        size_t k = j + 2, cl = strlen(close);
        while (k + cl <= len && memcmp(text + k, close, cl) != 0)
            k++;
        if (k + cl > len)
            return end;   /* never closed: expat says where */
        i = end = k + cl;
    }
}

/* Feeds S[0..N) to the parser; false when it stopped. */
static bool feed(struct evparse *p, const char *s, size_t n, bool final)
{
    while (n > 0 || final) {
        int k = n > (size_t)1 << 30 ? 1 << 30 : (int)n;
        bool last = final && (size_t)k == n;
        if (XML_Parse(p->xp, s, k, last) != XML_STATUS_OK)
            return false;
        s += k;
        n -= (size_t)k;
        if (last)
            break;
    }
    return true;
}

/* Parses TEXT into P->s. OFFSET: for a record of an .evtx file (errors name
 * it), or UINT64_MAX for an XML file (errors name line and column). */
static int parse(struct evxml_sink *s, const char *name, const char *text, size_t len,
                 uint64_t offset, struct err *e)
{
    struct evparse *p = calloc(1, sizeof(*p));
    XML_Parser xp = XML_ParserCreate("UTF-8");
    if (!p || !xp) {
        free(p);
        if (xp)
            XML_ParserFree(xp);
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", name);
    }
    p->xp = xp;
    p->s = s;
    p->name = name;
    p->e = e;
    XML_SetUserData(xp, p);
    XML_SetElementHandler(xp, on_start, on_end);
    XML_SetCharacterDataHandler(xp, on_text);
    XML_SetStartDoctypeDeclHandler(xp, on_doctype);

    size_t decl = prolog_end(text, len);
    p->decl = decl;
    p->dline = 1;
    for (size_t i = 0; i < decl; i++) {
        p->dcol++;
        if (text[i] == '\n') {
            p->dline++;
            p->dcol = 0;
        }
    }
    bool ok = feed(p, text, decl, false) && feed(p, WRAP_OPEN, WRAP_LEN, false) &&
              feed(p, text + decl, len - decl, false) &&
              feed(p, WRAP_CLOSE, sizeof(WRAP_CLOSE) - 1, true);
    int rc = 0;
    if (!ok && !p->failed) {
        /* not well-formed */
        if (offset != UINT64_MAX) {
            err_set(e, "error.events.evtx");
            err_arg(e, "file", "%s", name);
            err_arg(e, "offset", "%llu", (unsigned long long)offset);
        } else {
            err_set(e, "error.events.xml");
            place(p);
            err_arg(e, "reason", "%s", XML_ErrorString(XML_GetErrorCode(xp)));
        }
        rc = -1;
    } else if (p->failed) {
        if (offset != UINT64_MAX && strcmp(e->key, "error.memory") != 0) {
            err_set(e, "error.events.evtx");
            err_arg(e, "file", "%s", name);
            err_arg(e, "offset", "%llu", (unsigned long long)offset);
        }
        rc = -1;
    }
    XML_ParserFree(xp);
    free(p->cap.p);
    free(p->message.p);
    free(p->data.p);
    free(p->data_name);
    free(p->first);
    free(p);
    return rc;
}

int evxml_read(struct evxml_sink *s, const char *name, const char *text, size_t len, struct err *e)
{
    return parse(s, name, text, len, UINT64_MAX, e);
}

int evxml_read_record(struct evxml_sink *s, const char *name, const char *xml, size_t len,
                      uint64_t offset, struct err *e)
{
    return parse(s, name, xml, len, offset, e);
}

void evxml_sink_discard(struct evxml_sink *s)
{
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

int evxml_sink_finish(struct evxml_sink *s, const char *name, struct err *e)
{
    struct facts *f = s->f;
    struct event *v = NULL;
    if (s->n > 0) {
        v = arena_alloc_uninit(&f->arena, s->n * sizeof(*v));
        if (v)
            memcpy(v, s->v, s->n * sizeof(*v));
    }
    size_t n = s->n;
    evxml_sink_discard(s);
    if ((n > 0 && !v) || events_accounts_store(&s->acc, f) != 0) {
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", name);
    }
    f->events.st = F_SET;
    f->events.n = n;
    f->events.v = v;
    return 0;
}

/* ---- the import reader ------------------------------------------------------ */

int import_read_event_xml(const struct import_file *in, struct facts **out, struct err *e)
{
    err_clear(e);
    if (!in->text) {
        err_set(e, "error.events.binary");
        return err_arg(e, "file", "%s", in->name);
    }
    struct facts *f = facts_new();
    if (!f) {
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", in->name);
    }
    struct evxml_sink s = {.f = f};
    if (evxml_read(&s, in->name, in->text, in->text_len, e) != 0) {
        evxml_sink_discard(&s);
        facts_free(f);
        return -1;
    }
    if (evxml_sink_finish(&s, in->name, e) != 0) {
        facts_free(f);
        return -1;
    }
    *out = f;
    return 0;
}
