/* events_import.c: reading an events export (CSV or bundle) into facts.
 * The accepted forms and every rule are stated in events_import.h. */
#include "events_import.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "evlog.h"
#include "import_evtx.h"
#include "import_evxml.h"
#include "csv.h"
#include "textdec.h"
#include "util.h"


/* ---- error helpers ----------------------------------------------------- */

static int fail_line(struct err *e, const char *key, const char *name, size_t line)
{
    err_set(e, key);
    err_arg(e, "file", "%s", name);
    err_arg(e, "line", "%zu", line);
    return -1;
}

static int fail_file(struct err *e, const char *key, const char *name)
{
    err_set(e, key);
    err_arg(e, "file", "%s", name);
    return -1;
}

/* ---- times ------------------------------------------------------------- */

enum { T_NONE = 0, T_ISO, T_NUM };

struct rawtime {
    unsigned char kind;
    unsigned char ampm;     /* 0 none, 1 AM, 2 PM */
    char sep;               /* '.', '/', '-' between date numbers */
    bool zone;
    bool year_first;        /* YYYY/MM/DD */
    int a, b, y, h, mi, s;  /* ISO: a = month, b = day */
    int off;                /* zone offset in minutes east of UTC */
    const char *text;       /* as written (points into the decoded text) */
};

static int digits(const char **pp, int maxd, int *v)
{
    const char *p = *pp;
    int n = 0, x = 0;
    while (*p >= '0' && *p <= '9' && n < maxd) {
        x = x * 10 + (*p - '0');
        p++;
        n++;
    }
    if (n == 0 || (*p >= '0' && *p <= '9'))
        return -1;
    *pp = p;
    *v = x;
    return n;
}

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* "HH:MM[:SS[.fff]]" */
static int parse_clock(const char **pp, struct rawtime *t)
{
    const char *p = *pp;
    if (digits(&p, 2, &t->h) < 0 || *p != ':')
        return -1;
    p++;
    if (digits(&p, 2, &t->mi) != 2)
        return -1;
    t->s = 0;
    if (*p == ':') {
        p++;
        if (digits(&p, 2, &t->s) != 2)
            return -1;
        if (*p == '.' || *p == ',') {
            p++;
            if (!(*p >= '0' && *p <= '9'))
                return -1;
            while (*p >= '0' && *p <= '9')
                p++;
        }
    }
    *pp = p;
    return 0;
}

/* Parses S into T. Returns 0, or -1 when S has no known shape. An empty S
 * gives T_NONE. */
static int parse_time(const char *s, struct rawtime *t)
{
    memset(t, 0, sizeof(*t));
    const char *p = skip_blanks(s);
    if (*p == '\0')
        return 0;
    int n1 = digits(&p, 4, &t->a);
    if (n1 < 0)
        return -1;
    if (n1 == 4 && *p == '-') {
        /* ISO 8601 */
        t->kind = T_ISO;
        t->y = t->a;
        p++;
        if (digits(&p, 2, &t->a) != 2 || *p != '-')
            return -1;
        p++;
        if (digits(&p, 2, &t->b) != 2)
            return -1;
        if (*p != 'T' && *p != 't' && *p != ' ')
            return -1;
        p++;
        if (parse_clock(&p, t) != 0)
            return -1;
        if (*p == 'Z' || *p == 'z') {
            t->zone = true;
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p == '-' ? -1 : 1, hh, mm = 0;
            p++;
            if (digits(&p, 2, &hh) != 2)
                return -1;
            if (*p == ':')
                p++;
            if (*p >= '0' && *p <= '9' && digits(&p, 2, &mm) != 2)
                return -1;
            if (hh > 23 || mm > 59)
                return -1;
            t->zone = true;
            t->off = sign * (hh * 60 + mm);
        }
        p = skip_blanks(p);
        return *p == '\0' ? 0 : -1;
    }
    t->kind = T_NUM;
    char sep = *p;
    if (sep != '.' && sep != '/' && sep != '-')
        return -1;
    t->sep = sep;
    p++;
    if (n1 == 4) {
        /* YYYY/MM/DD */
        t->year_first = true;
        t->y = t->a;
        if (digits(&p, 2, &t->a) < 0 || *p != sep)
            return -1;
        p++;
        if (digits(&p, 2, &t->b) < 0)
            return -1;
    } else {
        if (n1 > 2 || digits(&p, 2, &t->b) < 0 || *p != sep)
            return -1;
        p++;
        int ny = digits(&p, 4, &t->y);
        if (ny != 2 && ny != 4)
            return -1;
        if (ny == 2)
            t->y += 2000;
    }
    if (*p == '.')   /* "20.11.2026." is not written, but tolerate nothing else */
        return -1;
    p = skip_blanks(p);
    if (*p == '\0') {
        t->h = t->mi = t->s = 0;
        return 0;
    }
    if (p[-1] != ' ' && p[-1] != '\t')
        return -1;
    if (parse_clock(&p, t) != 0)
        return -1;
    p = skip_blanks(p);
    if ((p[0] == 'A' || p[0] == 'a' || p[0] == 'P' || p[0] == 'p') && (p[1] == 'M' || p[1] == 'm')) {
        t->ampm = (p[0] == 'A' || p[0] == 'a') ? 1 : 2;
        p = skip_blanks(p + 2);
    }
    return *p == '\0' ? 0 : -1;
}

static int days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

/* Seconds for T with day-first order DAY_FIRST; -1 when out of range. */
static int time_value(const struct rawtime *t, bool day_first, bool use_zone, int64_t *out)
{
    int y = t->y, m, d, h = t->h;
    if (t->kind == T_ISO || t->year_first) {
        m = t->a;
        d = t->b;
    } else {
        m = day_first ? t->b : t->a;
        d = day_first ? t->a : t->b;
    }
    if (y < 1601 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    if (t->ampm) {
        if (h < 1 || h > 12)
            return -1;
        h = h % 12 + (t->ampm == 2 ? 12 : 0);
    } else if (h > 23) {
        return -1;
    }
    if (t->mi > 59 || t->s > 60)
        return -1;
    int64_t v = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 + h * 3600 + t->mi * 60 + t->s;
    if (use_zone)
        v -= (int64_t)t->off * 60;
    *out = v;
    return 0;
}

/* ---- fields ------------------------------------------------------------ */

static int parse_level(const char *s, enum ev_level *lv)
{
    static const struct {
        const char *name;
        enum ev_level lv;
    } names[] = {
        {"Error", EV_ERROR},           {"Fehler", EV_ERROR},
        {"Critical", EV_ERROR},        {"Kritisch", EV_ERROR},
        {"Warning", EV_WARNING},       {"Warnung", EV_WARNING},
        {"Information", EV_INFORMATION}, {"Informationen", EV_INFORMATION},
        {"Informational", EV_INFORMATION}, {"Verbose", EV_OTHER},
        {"Ausführlich", EV_OTHER},
    };
    if (*s == '\0')
        return -1;
    char c0 = (char)(*s | 0x20);   /* every name starts with a letter */
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if ((names[i].name[0] | 0x20) == c0 && ascii_casecmp(s, names[i].name) == 0) {
            *lv = names[i].lv;
            return 0;
        }
    *lv = EV_OTHER;
    return 0;
}

static int parse_id(const char *s, int64_t *v)
{
    int64_t x = 0;
    const char *p = s;
    if (!(*p >= '0' && *p <= '9'))
        return -1;
    while (*p >= '0' && *p <= '9') {
        x = x * 10 + (*p - '0');
        if (x > 0xFFFFFFFFLL)
            return -1;
        p++;
    }
    if (*p != '\0')
        return -1;
    *v = x;
    return 0;
}

/* Position of NEEDLE in the first LIMIT bytes of HAY (ASCII case ignored), or NULL. */
static const char *find_ci(const char *hay, const char *needle, size_t limit)
{
    size_t n = strlen(needle);
    int c0 = needle[0] | 0x20;   /* every needle starts with a letter */
    for (size_t i = 0; hay[i] && i < limit; i++)
        if ((hay[i] | 0x20) == c0 && ascii_ncasecmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

/* The opening words of the three sources' messages. */
static const struct {
    const char *words;
    size_t len;
    enum evlog_provider provider;
} shapes[] = {
#define SHAPE(w, p) {w, sizeof(w) - 1, p}
    SHAPE("Automatic certificate enrollment for", EVP_AUTOENROLLMENT),
    SHAPE("Automatische Zertifikatregistrierung für", EVP_AUTOENROLLMENT),
    SHAPE("Certificate enrollment for", EVP_CERTENROLL),
    SHAPE("Zertifikatregistrierung für", EVP_CERTENROLL),
    SHAPE("Certificate Services Client", EVP_CSC),
    SHAPE("Zertifikatdiensteclient", EVP_CSC),
    SHAPE("Zertifikatdienste-Client", EVP_CSC),
#undef SHAPE
};

/* The words are looked for near the start only (a German message may open
 * with an article): linear time whatever the message length. */
#define SHAPE_WINDOW 16

const char *events_infer_provider(const char *message)
{
    if (!message)
        return NULL;
    const char *m = skip_blanks(message);
    /* the earliest position where some shape begins; the AutoEnrollment
     * shapes contain the CertEnroll ones, so they cannot begin at the same
     * place as one of those, and an earlier start is the whole phrase */
    for (size_t i = 0; i < SHAPE_WINDOW && m[i]; i++) {
        char c = (char)(m[i] | 0x20);
        if (c != 'a' && c != 'c' && c != 'z')
            continue;
        for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++)
            if ((shapes[k].words[0] | 0x20) == c &&
                ascii_ncasecmp(m + i, shapes[k].words, shapes[k].len) == 0)
                return evlog_provider_name(shapes[k].provider);
    }
    return NULL;
}

size_t events_start_account(const char *message, const char **start)
{
    if (!message)
        return 0;
    static const struct {
        const char *before, *after;
    } forms[] = {
        {"Automatic certificate enrollment for ", " started"},
        {"Automatische Zertifikatregistrierung für ", " wurde gestartet"},
        {"Automatische Zertifikatregistrierung für ", " gestartet"},
    };
    const char *m = skip_blanks(message);
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        const char *b = find_ci(m, forms[i].before, SHAPE_WINDOW);
        if (!b)
            continue;
        const char *s = skip_blanks(b + strlen(forms[i].before));
        const char *end = find_ci(s, forms[i].after, 512);
        if (!end || end == s)
            continue;
        while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        *start = s;
        return (size_t)(end - s);
    }
    return 0;
}

/* ---- accounts ---------------------------------------------------------- */

static bool machine_name(const char *s, size_t n)
{
    if ((n == 12 && ascii_ncasecmp(s, "local system", 12) == 0) ||
        (n == 14 && ascii_ncasecmp(s, "lokales System", 14) == 0))
        return true;
    return n > 0 && s[n - 1] == '$';
}

void events_account_seen(struct events_accounts *acc, const char *s, size_t n)
{
    if (n == 0)
        return;
    int c = machine_name(s, n) ? CTX_MACHINE : CTX_USER;
    if (!acc->name[c]) {
        acc->name[c] = s;
        acc->len[c] = n;
    } else if (acc->len[c] != n || ascii_ncasecmp(acc->name[c], s, n) != 0) {
        acc->many[c] = true;
    }
}

int events_accounts_store(const struct events_accounts *acc, struct facts *f)
{
    for (int c = 0; c < CTX_COUNT; c++) {
        if (!acc->name[c] || acc->many[c])
            continue;
        char *v = arena_strndup(&f->arena, acc->name[c], acc->len[c]);
        if (!v)
            return -1;
        f->identity[c].st = F_SET;
        f->identity[c].name.st = F_SET;
        f->identity[c].name.v = v;
    }
    return 0;
}

bool events_is_start(const struct event *ev)
{
    return ev->id.st == F_SET && ev->id.v == 2 && ev->provider.st == F_SET &&
           evlog_provider_of(ev->provider.v) == EVP_AUTOENROLLMENT;
}

/* Stores the one user and the one machine account seen in event 2 messages
 * as identity names (see events_import.h). */
static int derive_accounts(struct facts *f)
{
    struct events_accounts acc = {0};
    for (size_t i = 0; i < f->events.n; i++) {
        const struct event *ev = &f->events.v[i];
        if (!events_is_start(ev) || ev->message.st != F_SET)
            continue;
        const char *s = NULL;
        size_t n = events_start_account(ev->message.v, &s);
        events_account_seen(&acc, s, n);
    }
    return events_accounts_store(&acc, f);
}

/* ---- the import -------------------------------------------------------- */

enum col { C_TIME, C_ID, C_LEVEL, C_MESSAGE, C_PROVIDER, C_COUNT };

static const char *const col_names[C_COUNT] = {"TimeCreated", "Id", "LevelDisplayName", "Message",
                                               "ProviderName"};

static int import_csv(const char *name, char *text, size_t len, enum lang ui, struct facts *f,
                      struct events_info *info, struct err *e)
{
    const char *end = text + len;
    struct csv c = {text, end, 1};
    if (ascii_startswith_ci(c.p, "#TYPE")) {
        info->type_line = true;
        while (*c.p && *c.p != '\n')
            c.p++;
        if (*c.p)
            c.p++;
        c.line++;
    }

    /* header; blank lines before it are skipped */
    size_t hcap = 64, nh = 0;
    struct csv_field *hdr = malloc(hcap * sizeof(*hdr));
    if (!hdr)
        return fail_file(e, "error.memory", name);
    bool blank = true;
    int rc = REC_OK;
    size_t hline = c.line;
    while (rc == REC_OK && blank) {
        hline = c.line;
        /* a wide export (Select-Object *) has many columns: room for all */
        size_t want = csv_record_fields(c.p, end);
        if (want > hcap) {
            struct csv_field *wide = realloc(hdr, want * sizeof(*hdr));
            if (!wide) {
                free(hdr);
                return fail_file(e, "error.memory", name);
            }
            hdr = wide;
            hcap = want;
        }
        rc = csv_record(&c, hdr, hcap, &nh, &blank);
    }
    if (rc == REC_END) {
        free(hdr);
        return fail_file(e, "error.events.empty", name);
    }
    if (rc != REC_OK) {
        free(hdr);
        return fail_line(e, rc == REC_UNCLOSED ? "error.events.unclosed" : "error.events.syntax",
                         name, hline);
    }
    if (nh > hcap) {
        free(hdr);
        return fail_line(e, "error.events.header", name, hline);
    }
    int col[C_COUNT];
    for (int k = 0; k < C_COUNT; k++)
        col[k] = -1;
    for (size_t i = 0; i < nh; i++) {
        const char *h = csv_trim(&hdr[i]);
        for (int k = 0; k < C_COUNT; k++)
            if (col[k] < 0 && ascii_casecmp(h, col_names[k]) == 0)
                col[k] = (int)i;
    }
    free(hdr);
    if (col[C_ID] < 0)
        return fail_line(e, "error.events.header", name, hline);
    info->provider_column = col[C_PROVIDER] >= 0;

    /* an upper bound of the rows: the line ends */
    size_t maxrows = 1;
    for (const char *p = memchr(c.p, '\n', (size_t)(end - c.p)); p;
         p = memchr(p + 1, '\n', (size_t)(end - p - 1)))
        maxrows++;
    /* not zeroed: each row is set up as it is read, the rest never touched */
    struct event *ev = maxrows <= SIZE_MAX / sizeof(*ev)
                           ? arena_alloc_uninit(&f->arena, maxrows * sizeof(*ev)) : NULL;
    /* per row, for the times decided once every row is read: from a
     * scratch arena (large blocks get large pages), set as rows are read */
    struct arena scratch = {0};
    struct rawtime *rt = maxrows <= SIZE_MAX / sizeof(*rt)
                             ? arena_alloc_uninit(&scratch, maxrows * sizeof(*rt)) : NULL;
    size_t *lines = maxrows <= SIZE_MAX / sizeof(*lines)
                        ? arena_alloc_uninit(&scratch, maxrows * sizeof(*lines)) : NULL;
    struct csv_field *fields = calloc(nh, sizeof(*fields));
    if (!ev || !rt || !lines || !fields) {
        arena_free(&scratch);
        free(fields);
        return fail_file(e, "error.memory", name);
    }

    size_t n = 0;
    int result = 0;
    bool first_gt12 = false, second_gt12 = false, ampm = false, dots = false, any_num = false;
    size_t timed = 0, zoned = 0;
    for (;;) {
        size_t line = c.line, nf;
        rc = csv_record(&c, fields, nh, &nf, &blank);
        if (rc == REC_END)
            break;
        if (rc != REC_OK) {
            result = fail_line(e, rc == REC_UNCLOSED ? "error.events.unclosed" : "error.events.syntax",
                               name, line);
            break;
        }
        if (blank)
            continue;
        if (nf != nh) {
            result = fail_line(e, "error.events.fields", name, line);
            err_arg(e, "found", "%zu", nf);
            err_arg(e, "expected", "%zu", nh);
            break;
        }
        struct event *x = &ev[n];
        memset(x, 0, sizeof(*x));
        x->order = n;
        lines[n] = line;
        rt[n].kind = T_NONE;
        const char *id = csv_trim(&fields[col[C_ID]]);
        if (*id) {
            if (parse_id(id, &x->id.v) != 0) {
                result = fail_line(e, "error.events.id", name, line);
                err_arg(e, "value", "%s", id);
                break;
            }
            x->id.st = F_SET;
        }
        if (col[C_LEVEL] >= 0 && parse_level(csv_trim(&fields[col[C_LEVEL]]), &x->level) == 0)
            x->level_st = F_SET;
        if (col[C_MESSAGE] >= 0) {
            x->message.st = F_SET;
            x->message.v = fields[col[C_MESSAGE]].s;
        }
        const char *prov = col[C_PROVIDER] >= 0 ? csv_trim(&fields[col[C_PROVIDER]]) : "";
        if (*prov) {
            x->provider.st = F_SET;
            x->provider.v = prov;
        } else {
            const char *p = events_infer_provider(x->message.v);
            if (p) {
                x->provider.st = F_SET;
                x->provider.v = p;
                info->inferred++;
            } else {
                info->unknown_provider++;
            }
        }
        if (col[C_TIME] >= 0) {
            const char *ts = csv_trim(&fields[col[C_TIME]]);
            if (parse_time(ts, &rt[n]) != 0) {
                result = fail_line(e, "error.events.time", name, line);
                err_arg(e, "value", "%s", ts);
                break;
            }
            rt[n].text = ts;
            const struct rawtime *t = &rt[n];
            if (t->kind != T_NONE && t->y >= 2400) {
                /* 2569 is 2026 in the Thai solar calendar: refuse, never guess */
                result = fail_line(e, "error.events.era", name, line);
                err_arg(e, "value", "%s", ts);
                break;
            }
            if (t->kind == T_NUM && t->sep == '.' && t->ampm) {
                /* the German culture writes dots and a 24-hour clock: a mix
                 * is a custom format whose order cannot be known */
                result = fail_line(e, "error.events.time", name, line);
                err_arg(e, "value", "%s", ts);
                break;
            }
            if (t->kind != T_NONE)
                timed++;
            if (t->zone)
                zoned++;
            if (t->kind == T_NUM && !t->year_first) {
                any_num = true;
                first_gt12 |= t->a > 12;
                second_gt12 |= t->b > 12;
                ampm |= t->ampm != 0;
                dots |= t->sep == '.';
            } else if (t->kind == T_ISO && info->dates == EVD_NONE) {
                info->dates = EVD_ISO;
            }
        }
        n++;
    }

    if (result == 0) {
        bool day_first;
        if (first_gt12)
            day_first = true;
        else if (second_gt12)
            day_first = false;
        else if (ampm)
            day_first = false;
        else if (dots)
            day_first = true;
        else {
            day_first = ui == LANG_DE;
            info->date_assumed = any_num;
        }
        if (any_num)
            info->dates = day_first ? EVD_DAY_FIRST : EVD_MONTH_FIRST;
        info->zoned = timed > 0 && zoned == timed;
        for (size_t i = 0; i < n; i++) {
            if (rt[i].kind == T_NONE)
                continue;
            if (time_value(&rt[i], day_first, info->zoned, &ev[i].time.v) != 0) {
                result = fail_line(e, "error.events.time", name, lines[i]);
                err_arg(e, "value", "%s", rt[i].text);
                break;
            }
            ev[i].time.st = F_SET;
            if (info->date_assumed && info->date_example[0] == '\0' && rt[i].kind == T_NUM &&
                !rt[i].year_first) {
                snprintf(info->date_example, sizeof(info->date_example), "%s", rt[i].text);
                info->date_example_value = ev[i].time.v;
            }
        }
    }
    arena_free(&scratch);
    free(fields);
    if (result != 0)
        return result;
    f->events.st = F_SET;
    f->events.n = n;
    f->events.v = n ? ev : NULL;
    if (derive_accounts(f) != 0)
        return fail_file(e, "error.memory", name);
    return 0;
}

/* ---- the two entries ---------------------------------------------------- */

/* Prepares D to decode INSIZE bytes of the file NAME into F's arena. */
static int dec_begin(struct textdec *d, const char *name, size_t insize, struct facts *f, struct err *e)
{
    memset(d, 0, sizeof(*d));
    d->name = name;
    if (insize > (SIZE_MAX - 16) / 2)
        return fail_file(e, "error.memory", name);
    d->cap = 2 * insize + 16;
    /* not zeroed: only what is written is ever touched */
    d->out = arena_alloc_uninit(&f->arena, d->cap);
    if (!d->out)
        return fail_file(e, "error.memory", name);
    return 0;
}

/* Imports the decoded text of D (F's arena) as a bundle or a CSV export. */
static int import_decoded(struct textdec *d, enum lang ui, struct facts *f, struct facts **out,
                          struct events_info *info, struct err *e)
{
    const char *name = d->name;
    if (d->failed)
        return fail_file(e, "error.events.binary", name);
    static const enum events_encoding enc[] = {
        [TEXT_UTF8] = EVENC_UTF8, [TEXT_UTF16LE] = EVENC_UTF16LE,
        [TEXT_UTF16BE] = EVENC_UTF16BE, [TEXT_LATIN1] = EVENC_LATIN1,
    };
    info->encoding = enc[d->mode];
    char *u = (char *)d->out;
    size_t ulen = d->len;
    u[ulen] = '\0';
    const char *first = u;
    while (*first == ' ' || *first == '\t' || *first == '\r' || *first == '\n')
        first++;
    if (*first == '\0')
        return fail_file(e, "error.events.empty", name);
    if (*first == '{' && d->mode == TEXT_LATIN1) {
        /* a bundle is UTF-8 JSON (or UTF-16, decoded by now): refuse what
         * diagnose refuses, alike */
        size_t off = 0, line, col;
        while (u[off] && (unsigned char)u[off] < 0x80)
            off++;
        text_line_col(u, off, &line, &col);
        err_set(e, "error.json.syntax");
        err_arg(e, "file", "%s", name);
        err_arg(e, "line", "%zu", line);
        err_arg(e, "column", "%zu", col);
        return err_arg(e, "reason", "@json.reason.utf8");
    }
    if (*first == '{') {
        struct facts *b = NULL;
        if (bundle_parse(name, u, ulen, &b, e) != 0)
            return -1;
        info->source = EVSRC_BUNDLE;
        info->zoned = true;
        info->provider_column = true;
        if (b->events.st != F_SET) {
            facts_free(b);
            return fail_file(e, "error.events.no-events", name);
        }
        *out = b;
        return 0;
    }
    if (*first == '<') {
        info->source = EVSRC_XML;
        info->zoned = true;
        info->provider_column = true;
        struct evxml_sink s = {.f = f, .name = name};
        if (evxml_read(&s, name, u, ulen, e) != 0) {
            evxml_sink_discard(&s);
            return -1;
        }
        if (evxml_sink_finish(&s, name, e) != 0)
            return -1;
        *out = f;
        return 0;
    }
    info->source = EVSRC_CSV;
    if (import_csv(name, u, ulen, ui, f, info, e) != 0)
        return -1;
    *out = f;
    return 0;
}

int events_import_text(const char *name, const char *text, size_t len, enum lang ui,
                       struct facts **out, struct events_info *info, struct err *e)
{
    memset(info, 0, sizeof(*info));
    err_clear(e);
    if (evtx_magic((const unsigned char *)text, len)) {
        info->source = EVSRC_EVTX;
        info->zoned = true;
        info->provider_column = true;
        return evtx_import_bytes(name, (const unsigned char *)text, len, out, e);
    }
    struct facts *f = facts_new();
    if (!f)
        return fail_file(e, "error.memory", name);
    struct textdec d;
    const unsigned char *in = (const unsigned char *)text;
    int rc = dec_begin(&d, name, len, f, e);
    if (rc == 0) {
        size_t skip = textdec_start(&d, in, len, &info->bom);
        textdec_piece(&d, in + skip, len - skip, true);
        rc = import_decoded(&d, ui, f, out, info, e);
    }
    if (rc != 0 || *out != f)
        facts_free(f);
    return rc;
}

/* Pieces of this size are read and decoded one after the other. */
#define PIECE ((size_t)256 * 1024)
/* The encoding is told from at least this much of the start (or all). */
#define DETECT ((size_t)4096)

/* Where the pieces come from: READ fills BUF with up to N bytes and returns
 * the count, 0 at the end, or -1 with E set. SIZE bounds the whole. */
struct source {
    long (*read)(void *ud, void *buf, size_t n, struct err *e);
    void *ud;
    size_t size;
    size_t piece;
};

static int import_pieces(const char *name, struct source *src, enum lang ui, struct facts **out,
                         struct events_info *info, struct err *e)
{
    memset(info, 0, sizeof(*info));
    err_clear(e);
    struct facts *f = facts_new();
    size_t bufsize = src->piece + DETECT + 4;
    unsigned char *buf = malloc(bufsize);
    struct textdec d;
    int rc = !f || !buf ? fail_file(e, "error.memory", name) : dec_begin(&d, name, src->size, f, e);
    size_t keep = 0;   /* bytes not yet decoded: the start, or what a piece left */
    bool started = false;
    while (rc == 0) {
        long got = src->read(src->ud, buf + keep, src->piece, e);
        if (got < 0) {
            rc = -1;
            break;
        }
        size_t n = keep + (size_t)got, skip = 0;
        bool last = got == 0;
        if (!started) {
            if (n < DETECT && !last) {
                keep = n;   /* gather enough to tell the encoding */
                continue;
            }
            skip = textdec_start(&d, buf, n, &info->bom);
            started = true;
        }
        size_t used = skip + textdec_piece(&d, buf + skip, n - skip, last);
        if (d.failed || last)
            break;
        keep = n - used;
        memmove(buf, buf + used, keep);
    }
    free(buf);
    if (rc == 0)
        rc = import_decoded(&d, ui, f, out, info, e);
    if (f && (rc != 0 || *out != f))
        facts_free(f);
    return rc;
}

/* A file whose first bytes were read to tell an .evtx file: they come first. */
struct peeked_file {
    struct file_pieces *fp;
    unsigned char head[4096];
    size_t n, done;
};

static long read_file_piece(void *ud, void *buf, size_t n, struct err *e)
{
    struct peeked_file *pf = ud;
    if (pf->done < pf->n) {
        size_t k = pf->n - pf->done < n ? pf->n - pf->done : n;
        memcpy(buf, pf->head + pf->done, k);
        pf->done += k;
        return (long)k;
    }
    return file_pieces_read(pf->fp, buf, n, e);
}

int events_import_file(const char *path, enum lang ui, struct facts **out,
                       struct events_info *info, struct err *e)
{
    struct file_pieces fp;
    int open = file_pieces_open(&fp, path, e);
    if (open < 0)
        return -1;
    if (open == 0) {
        /* standard input, a pipe: read it whole, then decode it */
        char *text;
        size_t len;
        if (read_file(path, &text, &len, e) != 0)
            return -1;
        int rc = events_import_text(path, text, len, ui, out, info, e);
        free(text);
        return rc;
    }
    struct peeked_file *pf = malloc(sizeof(*pf));
    if (!pf) {
        file_pieces_close(&fp);
        return fail_file(e, "error.memory", path);
    }
    pf->fp = &fp;
    pf->done = 0;
    long got = file_pieces_read(&fp, pf->head, sizeof(pf->head), e);
    int rc;
    if (got < 0) {
        rc = -1;
    } else if (pf->n = (size_t)got, evtx_magic(pf->head, pf->n)) {
        /* an .evtx file is read where it lies, by the system's reader */
        memset(info, 0, sizeof(*info));
        err_clear(e);
        info->source = EVSRC_EVTX;
        info->zoned = true;
        info->provider_column = true;
        rc = evtx_import_path(path, pf->head, pf->n, fp.size, out, e);
    } else {
        struct source src = {read_file_piece, pf, fp.size, PIECE};
        rc = import_pieces(path, &src, ui, out, info, e);
    }
    free(pf);
    file_pieces_close(&fp);
    return rc;
}

struct memory_source {
    const char *text;
    size_t len, done;
};

static long read_memory_piece(void *ud, void *buf, size_t n, struct err *e)
{
    (void)e;
    struct memory_source *m = ud;
    size_t k = m->len - m->done < n ? m->len - m->done : n;
    memcpy(buf, m->text + m->done, k);
    m->done += k;
    return (long)k;
}

int events_import_pieces(const char *name, const char *text, size_t len, size_t piece,
                         enum lang ui, struct facts **out, struct events_info *info,
                         struct err *e)
{
    if (evtx_magic((const unsigned char *)text, len))
        return events_import_text(name, text, len, ui, out, info, e);
    struct memory_source m = {text, len, 0};
    struct source src = {read_memory_piece, &m, len, piece ? piece : 1};
    return import_pieces(name, &src, ui, out, info, e);
}
