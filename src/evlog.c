/* evlog.c: ordering, run splitting and per-run summary of client events.
 * The rules are stated in evlog.h. */
#include "evlog.h"

#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "util.h"

/* The names evlog_provider_name() hands out. */
static const char name_ae[] = EVLOG_PROVIDER_AUTOENROLLMENT;
static const char name_ce[] = EVLOG_PROVIDER_CERTENROLL;
static const char name_csc[] = EVLOG_PROVIDER_CSC;

enum evlog_provider evlog_provider_of(const char *name)
{
    /* the strings of evlog_provider_name() (what the import infers) at once */
    if (name == name_ae)
        return EVP_AUTOENROLLMENT;
    if (name == name_ce)
        return EVP_CERTENROLL;
    if (name == name_csc)
        return EVP_CSC;
    /* The three names share their first 43 characters: compare those once. */
    static const char common[] = "Microsoft-Windows-CertificateServicesClient";
    const size_t n = sizeof(common) - 1;
    if (!name || ascii_ncasecmp(name, common, n) != 0)
        return EVP_OTHER;
    const char *rest = name + n;
    if (*rest == '\0')
        return EVP_CSC;
    if (ascii_casecmp(rest, &EVLOG_PROVIDER_AUTOENROLLMENT[n]) == 0)
        return EVP_AUTOENROLLMENT;
    if (ascii_casecmp(rest, &EVLOG_PROVIDER_CERTENROLL[n]) == 0)
        return EVP_CERTENROLL;
    return EVP_OTHER;
}

const char *evlog_provider_name(enum evlog_provider p)
{
    switch (p) {
    case EVP_AUTOENROLLMENT: return name_ae;
    case EVP_CERTENROLL: return name_ce;
    case EVP_CSC: return name_csc;
    case EVP_OTHER: break;
    }
    return NULL;
}

int evlog_step_of(enum evlog_provider p, int64_t id)
{
    static const struct {
        enum evlog_provider p;
        int64_t id;
    } seq[] = {
        {EVP_AUTOENROLLMENT, 2}, {EVP_AUTOENROLLMENT, 4}, {EVP_CSC, 1},
        {EVP_CSC, 3},            {EVP_CERTENROLL, 65},    {EVP_CERTENROLL, 64},
        {EVP_AUTOENROLLMENT, 5}, {EVP_AUTOENROLLMENT, 3}, {EVP_CSC, 2},
    };
    for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++)
        if (seq[i].p == p && seq[i].id == id)
            return (int)i + 1;
    return 0;
}

bool evlog_run_matches(const struct evlog_run *run, enum ctx c)
{
    return c == CTX_NONE || run->ctx == CTX_NONE || run->ctx == c;
}

const struct evlog_run *evlog_last_run(const struct evlog *log, enum ctx c)
{
    for (size_t i = log->nruns; i-- > 0;)
        if (evlog_run_matches(&log->runs[i], c))
            return &log->runs[i];
    return NULL;
}

void evlog_accounts_of(const struct facts *f, struct evlog_accounts *acc)
{
    memset(acc, 0, sizeof(*acc));
    for (int c = 0; c < CTX_COUNT; c++) {
        const struct identity *id = &f->identity[c];
        if (id->st != F_SET)
            continue;
        if (id->name.st == F_SET)
            acc->name[c] = id->name.v;
        if (id->sid.st == F_SET)
            acc->sid[c] = id->sid.v;
    }
}

/* ---- ordering ---------------------------------------------------------- */

struct sortkey {
    int64_t t;      /* own time, or the time of the timed event it is tied to */
    size_t pos;     /* position after the optional reversal */
    size_t idx;     /* index into the input */
};

static int cmp_key(const void *pa, const void *pb)
{
    const struct sortkey *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    if (a->pos != b->pos)
        return a->pos < b->pos ? -1 : 1;
    return 0;
}

static bool mostly_descending(const struct event *ev, size_t n)
{
    size_t up = 0, down = 0;
    bool have = false;
    int64_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        if (ev[i].time.st != F_SET)
            continue;
        if (have) {
            if (ev[i].time.v > prev)
                up++;
            else if (ev[i].time.v < prev)
                down++;
        }
        prev = ev[i].time.v;
        have = true;
    }
    return down > up;
}

/* ---- contexts ---------------------------------------------------------- */

static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '$' || c == '.' || c == '\\' || (unsigned char)c >= 0x80;
}

static bool ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the name (LN bytes) found at P in TEXT stands there as a whole word. */
static bool whole_word_at(const char *text, const char *p, const char *name, size_t ln)
{
    if (p > text && word_char(p[-1]) && word_char(name[0]))
        return false;
    /* a full stop ends a sentence unless a name character follows it */
    const char *q = p + ln;
    bool cont = *q == '.' ? word_char(q[1]) && q[1] != '.' : word_char(*q);
    return !(cont && word_char(name[ln - 1]));
}

/* Whether NAME occurs in TEXT as a whole word, ignoring ASCII case. */
static bool contains_name(const char *text, const char *name)
{
    size_t ln = strlen(name);
    if (ln == 0)
        return false;
    /* A character of NAME that is no letter matches in one case only: find
     * it with strchr and compare around it ("CONTOSO\\alice": the
     * backslash, "PC0042$": the first digit). */
    size_t k = 0;
    while (k < ln && ascii_letter(name[k]))
        k++;
    if (k < ln) {
        for (size_t i = 0; i < k; i++)
            if (text[i] == '\0')
                return false;   /* shorter than the letters before it */
        for (const char *a = strchr(text + k, name[k]); a; a = strchr(a + 1, name[k])) {
            const char *p = a - k;
            if (ascii_ncasecmp(p, name, ln) == 0 && whole_word_at(text, p, name, ln))
                return true;
        }
        return false;
    }
    /* letters only: compare where the first two characters match */
    char lo = (char)(name[0] | 0x20), lo2 = ln > 1 ? (char)(name[1] | 0x20) : '\0';
    for (const char *p = text; *p; p++) {
        if ((*p | 0x20) != lo || (ln > 1 && (p[1] | 0x20) != lo2) ||
            ascii_ncasecmp(p, name, ln) != 0)
            continue;
        if (whole_word_at(text, p, name, ln))
            return true;
    }
    return false;
}

static enum ctx ctx_of_sid(const char *sid, const struct evlog_accounts *acc)
{
    if (ascii_casecmp(sid, "S-1-5-18") == 0)
        return CTX_MACHINE;
    if (acc && acc->sid[CTX_MACHINE] && ascii_casecmp(sid, acc->sid[CTX_MACHINE]) == 0)
        return CTX_MACHINE;
    return CTX_USER;
}

static enum ctx ctx_of_event(const struct event *e, const struct evlog_accounts *acc)
{
    if (e->sid.st == F_SET && e->sid.v && e->sid.v[0])
        return ctx_of_sid(e->sid.v, acc);
    if (!acc || e->message.st != F_SET || !e->message.v)
        return CTX_NONE;
    bool u = acc->name[CTX_USER] && contains_name(e->message.v, acc->name[CTX_USER]);
    bool m = acc->name[CTX_MACHINE] && contains_name(e->message.v, acc->name[CTX_MACHINE]);
    if (u && !m)
        return CTX_USER;
    if (m && !u)
        return CTX_MACHINE;
    return CTX_NONE;
}

static const char *run_account(enum ctx c, const char *sid, const struct evlog_accounts *acc)
{
    if (c != CTX_NONE && acc && acc->name[c]) {
        bool same = !sid || !acc->sid[c] || ascii_casecmp(sid, acc->sid[c]) == 0 ||
                    (c == CTX_MACHINE && ascii_casecmp(sid, "S-1-5-18") == 0);
        if (same)
            return acc->name[c];
    }
    return sid;
}

/* ---- codes ------------------------------------------------------------- */

#define EVLOG_MAX_CODES 16

struct codebuf {
    size_t n;
    uint32_t v[EVLOG_MAX_CODES];
};

static void add_code(uint32_t code, void *ud)
{
    struct codebuf *b = ud;
    for (size_t i = 0; i < b->n; i++)
        if (b->v[i] == code)
            return;
    if (b->n < EVLOG_MAX_CODES)
        b->v[b->n++] = code;
}

/* ---- analysis ---------------------------------------------------------- */

#define NO_RUN SIZE_MAX

struct run_build {
    const struct event **events;
    struct evlog_issue *issues;
    size_t fill;     /* events placed so far */
    size_t ifill;    /* issues placed so far */
};

int evlog_analyse(const struct event *ev, size_t n, const struct evlog_accounts *acc,
                  struct arena *a, struct evlog *out)
{
    memset(out, 0, sizeof(*out));
    out->nevents = n;
    if (n == 0)
        return 0;

    if (n > SIZE_MAX / sizeof(struct sortkey))
        return -1;

    /* 1. order: exports come in order (after the reversal), and then no
     * sort is needed at all */
    bool rev = mostly_descending(ev, n);
    int64_t anchor = INT64_MIN, prev = INT64_MIN;
    bool in_order = true;
    for (size_t pos = 0; pos < n && in_order; pos++) {
        size_t idx = rev ? n - 1 - pos : pos;
        if (ev[idx].time.st == F_SET)
            anchor = ev[idx].time.v;
        in_order = anchor >= prev;
        prev = anchor;
    }
    const struct event **sorted = arena_alloc_uninit(a, n * sizeof(*sorted));
    size_t *runof = malloc(n * sizeof(*runof));
    unsigned char *kind = malloc(n);   /* enum evlog_provider of sorted[i] */
    if (!sorted || !runof || !kind) {
        free(runof);
        free(kind);
        return -1;
    }
    if (in_order) {
        for (size_t pos = 0; pos < n; pos++)
            sorted[pos] = &ev[rev ? n - 1 - pos : pos];
    } else {
        struct sortkey *keys = malloc(n * sizeof(*keys));
        if (!keys) {
            free(runof);
            free(kind);
            return -1;
        }
        anchor = INT64_MIN;
        for (size_t pos = 0; pos < n; pos++) {
            size_t idx = rev ? n - 1 - pos : pos;
            if (ev[idx].time.st == F_SET)
                anchor = ev[idx].time.v;
            keys[pos].t = anchor;
            keys[pos].pos = pos;
            keys[pos].idx = idx;
        }
        qsort(keys, n, sizeof(*keys), cmp_key);
        for (size_t i = 0; i < n; i++)
            sorted[i] = &ev[keys[i].idx];
        free(keys);
    }
    size_t nstarts = 0;
    for (size_t i = 0; i < n; i++) {
        const struct event *e = sorted[i];
        kind[i] = (unsigned char)evlog_provider_of(e->provider.st == F_SET ? e->provider.v : NULL);
        if (kind[i] == EVP_AUTOENROLLMENT && e->id.st == F_SET && e->id.v == 2)
            nstarts++;
    }
    out->reversed = rev;
    out->sorted = sorted;

    /* 2. split into runs: assign each event a run index */
    struct evlog_run *runs = nstarts ? arena_calloc(a, nstarts, sizeof(*runs)) : NULL;
    struct run_build *rb = nstarts ? calloc(nstarts, sizeof(*rb)) : NULL;
    if (nstarts && (!runs || !rb)) {
        free(rb);
        free(runof);
        free(kind);
        memset(out, 0, sizeof(*out));
        return -1;
    }
    size_t open[CTX_COUNT + 1];      /* [CTX_USER], [CTX_MACHINE], [CTX_COUNT] = unknown */
    for (size_t k = 0; k <= CTX_COUNT; k++)
        open[k] = NO_RUN;
    size_t nruns = 0, outside = 0;
    for (size_t i = 0; i < n; i++) {
        const struct event *e = sorted[i];
        runof[i] = NO_RUN;
        enum evlog_provider p = (enum evlog_provider)kind[i];
        if (p == EVP_OTHER)
            continue;
        enum ctx c = ctx_of_event(e, acc);
        size_t slot = c == CTX_NONE ? CTX_COUNT : (size_t)c;
        if (p == EVP_AUTOENROLLMENT && e->id.st == F_SET && e->id.v == 2) {
            if (c == CTX_NONE) {
                for (size_t k = 0; k <= CTX_COUNT; k++)
                    open[k] = NO_RUN;
            } else {
                open[slot] = NO_RUN;
                open[CTX_COUNT] = NO_RUN;
            }
            size_t r = nruns++;
            struct evlog_run *run = &runs[r];
            run->ctx = c;
            run->sid = e->sid.st == F_SET && e->sid.v && e->sid.v[0] ? e->sid.v : NULL;
            run->account = run_account(c, run->sid, acc);
            run->start = e;
            run->started = e->time;
            open[slot] = r;
            runof[i] = r;
        } else {
            size_t r;
            if (c == CTX_NONE)
                r = nruns ? nruns - 1 : NO_RUN;
            else
                r = open[slot] != NO_RUN ? open[slot] : open[CTX_COUNT];
            runof[i] = r;
            if (r == NO_RUN)
                outside++;
        }
        if (runof[i] != NO_RUN) {
            struct evlog_run *run = &runs[runof[i]];
            run->nevents++;
            if (e->level_st == F_SET && (e->level == EV_ERROR || e->level == EV_WARNING)) {
                run->nissues++;
                if (e->level == EV_ERROR)
                    run->nerrors++;
            }
        }
    }

    /* 3. fill the runs */
    for (size_t r = 0; r < nruns; r++) {
        struct evlog_run *run = &runs[r];
        rb[r].events = arena_calloc(a, run->nevents, sizeof(*rb[r].events));
        rb[r].issues = run->nissues ? arena_calloc(a, run->nissues, sizeof(*rb[r].issues)) : NULL;
        if (!rb[r].events || (run->nissues && !rb[r].issues))
            goto oom;
        run->events = rb[r].events;
        run->issues = rb[r].issues;
    }
    for (size_t i = 0; i < n; i++) {
        if (runof[i] == NO_RUN)
            continue;
        const struct event *e = sorted[i];
        struct run_build *b = &rb[runof[i]];
        struct evlog_run *run = &runs[runof[i]];
        b->events[b->fill++] = e;
        enum evlog_provider p = (enum evlog_provider)kind[i];
        int64_t id = e->id.st == F_SET ? e->id.v : -1;
        if (p == EVP_AUTOENROLLMENT && id == 3)
            run->completed = true;
        if (e->id.st == F_SET && evlog_step_of(p, id)) {
            run->last_step = e;
            run->last_provider = e->provider.v;
            run->last_id = id;
        }
        if (e->level_st == F_SET && (e->level == EV_ERROR || e->level == EV_WARNING)) {
            struct evlog_issue *is = &b->issues[b->ifill++];
            is->ev = e;
            is->level = e->level;
            is->provider = e->provider.v;
            is->id = id;
            if (e->message.st == F_SET && e->message.v) {
                struct codebuf cb = {0};
                code_scan_text(e->message.v, add_code, &cb);
                if (cb.n) {
                    uint32_t *codes = arena_calloc(a, cb.n, sizeof(*codes));
                    if (!codes)
                        goto oom;
                    memcpy(codes, cb.v, cb.n * sizeof(*codes));
                    is->codes = codes;
                    is->ncodes = cb.n;
                }
            }
        }
    }
    free(runof);
    free(rb);
    free(kind);
    out->runs = runs;
    out->nruns = nruns;
    out->outside = outside;
    return 0;

oom:
    free(runof);
    free(rb);
    free(kind);
    memset(out, 0, sizeof(*out));
    return -1;
}
