/* fleet.c: reading a fleet's documents, keeping the latest per client,
 * filtering and summing up (fleet.h). Nothing here prints. */
#include "fleet.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "candidates.h"
#include "diagnose.h"
#include "import.h"
#include "jsonutil.h"
#include "platform/platform.h"
#include "session.h"
#include "textdec.h"
#include "util.h"

/* ---------- clients ---------- */

void fleet_client_free(struct fleet_client *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nfindings; i++)
        free((char *)c->findings[i].id);
    free(c->findings);
    free(c->host);
    free(c->context);
    free(c->tmpl);
    free(c->source);
    free(c);
}

static int finding_cmp(const void *a, const void *b)
{
    const struct fleet_finding *x = a, *y = b;
    if (x->sev != y->sev)
        return x->sev > y->sev ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* Adds finding ID of severity SEV to C unless C has it already. -1 when out of memory. */
static int client_add_finding(struct fleet_client *c, const char *id, enum severity sev)
{
    for (size_t i = 0; i < c->nfindings; i++)
        if (strcmp(c->findings[i].id, id) == 0) {
            if (sev > c->findings[i].sev)
                c->findings[i].sev = sev;
            return 0;
        }
    struct fleet_finding *nv = realloc(c->findings, (c->nfindings + 1) * sizeof(*nv));
    if (!nv)
        return -1;
    c->findings = nv;
    char *copy = str_dup(id);
    if (!copy)
        return -1;
    c->findings[c->nfindings++] = (struct fleet_finding){copy, sev};
    if (sev == SEV_ERROR)
        c->has_error = true;
    return 0;
}

/* A new client with its strings set (NULL becomes ""); NULL when out of memory. */
static struct fleet_client *client_new(const char *name, const char *host, const char *ctx, const char *tmpl)
{
    struct fleet_client *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->source = str_dup(name);
    c->host = str_dup(host ? host : "");
    c->context = str_dup(ctx ? ctx : "");
    c->tmpl = str_dup(tmpl ? tmpl : "");
    if (!c->source || !c->host || !c->context || !c->tmpl) {
        fleet_client_free(c);
        return NULL;
    }
    return c;
}

static int oom(struct err *e)
{
    return err_set(e, "error.memory");
}

/* ---------- a bundle ---------- */

/* The diagnosis of bundle F as `diagnose` makes it: for its template, or
 * without one for the most likely candidate. */
static int diagnose_bundle(const struct facts *f, const struct tree *t, struct diagnosis **d, struct err *e)
{
    const char *tmpl = NULL;
    struct arena a = {0};
    if (f->tmpl.st != F_SET) {
        struct candidate *c = NULL;
        enum ctx cctx = f->ctx_st == F_SET ? f->ctx : CTX_NONE;
        if (candidates_list(f, cctx, &a, &c) > 0)
            tmpl = c[0].name;
    }
    int rc = session_diagnose_facts(f, t, CTX_NONE, tmpl, platform_now(), d, e);
    arena_free(&a);
    return rc;
}

static int client_from_facts(const struct facts *f, const struct tree *t, const char *name,
                             struct fleet_client **out, struct err *e)
{
    struct diagnosis *d = NULL;
    if (diagnose_bundle(f, t, &d, e) != 0)
        return -1;
    enum ctx ctx = f->ctx_st == F_SET ? f->ctx : d->walk_ctx;
    struct fleet_client *c = client_new(name, f->meta.host.st == F_SET ? f->meta.host.v : NULL,
                                        ctx == CTX_NONE ? NULL : ctx_name(ctx), d->tmpl);
    if (!c) {
        diagnosis_free(d);
        return oom(e);
    }
    c->has_time = f->meta.collected_at.st == F_SET;
    c->collected_at = c->has_time ? f->meta.collected_at.v : 0;
    for (size_t i = 0; i < d->nfindings; i++)
        if (client_add_finding(c, d->findings[i]->def->id, d->findings[i]->def->sev) != 0) {
            diagnosis_free(d);
            fleet_client_free(c);
            return oom(e);
        }
    diagnosis_free(d);
    if (c->nfindings > 1)
        qsort(c->findings, c->nfindings, sizeof(*c->findings), finding_cmp);
    *out = c;
    return 0;
}

/* ---------- a diagnosis document ---------- */

static int doc_error(struct err *e, const char *name, const char *path, const char *want)
{
    err_set(e, "fleet.error.diagnosis");
    err_arg(e, "file", "%s", name);
    err_arg(e, "path", "%s", path);
    return err_arg(e, "want", "%s", want);
}

/* Member KEY of O as a string or null into *OUT (NULL for null or absent). */
static int doc_opt_string(const cJSON *o, const char *key, const char *name, const char **out, struct err *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v))
        return doc_error(e, name, key, "string");
    *out = v->valuestring;
    return 0;
}

static int severity_parse(const char *s, enum severity *out)
{
    for (int i = SEV_INFO; i <= SEV_ERROR; i++)
        if (strcmp(s, severity_name((enum severity)i)) == 0) {
            *out = (enum severity)i;
            return 0;
        }
    return -1;
}

static int doc_findings(const cJSON *root, struct fleet_client *c, const char *name, struct err *e)
{
    const cJSON *fs = cJSON_GetObjectItemCaseSensitive(root, "findings");
    if (!cJSON_IsArray(fs))
        return doc_error(e, name, "findings", "array");
    size_t i = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, fs)
    {
        char path[48];
        snprintf(path, sizeof(path), "findings[%zu]", i++);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(f, "id");
        const cJSON *sev = cJSON_GetObjectItemCaseSensitive(f, "severity");
        enum severity s;
        if (!cJSON_IsString(id) || !id->valuestring[0])
            return doc_error(e, name, path, "id");
        if (!cJSON_IsString(sev) || severity_parse(sev->valuestring, &s) != 0)
            return doc_error(e, name, path, "severity");
        if (client_add_finding(c, id->valuestring, s) != 0)
            return oom(e);
    }
    if (c->nfindings > 1)
        qsort(c->findings, c->nfindings, sizeof(*c->findings), finding_cmp);
    return 0;
}

static int client_from_diagnosis(const cJSON *root, const char *name, struct fleet_client **out, struct err *e)
{
    const char *host, *ctx, *tmpl, *at;
    if (doc_opt_string(root, "host", name, &host, e) || doc_opt_string(root, "context", name, &ctx, e) ||
        doc_opt_string(root, "template", name, &tmpl, e) || doc_opt_string(root, "collected_at", name, &at, e))
        return -1;
    if (ctx && ctx_parse(ctx) == CTX_NONE)
        return doc_error(e, name, "context", "user, machine");
    int64_t t = 0;
    if (at && time_parse_iso(at, &t) != 0)
        return doc_error(e, name, "collected_at", "time");
    struct fleet_client *c = client_new(name, host, ctx, tmpl);
    if (!c)
        return oom(e);
    c->has_time = at != NULL;
    c->collected_at = t;
    if (doc_findings(root, c, name, e) != 0) {
        fleet_client_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

/* Whether the LEN bytes at TEXT (not necessarily NUL-terminated) hold NEEDLE. */
static bool holds(const char *text, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = text; n <= len && (size_t)(p - text) <= len - n; p++) {
        p = memchr(p, needle[0], len - n - (size_t)(p - text) + 1);
        if (!p)
            return false;
        if (memcmp(p, needle, n) == 0)
            return true;
    }
    return false;
}

/* Whether TEXT is a JSON document of format "enrolldoc-diagnosis/1": into
 * *ROOT (caller deletes) when so. */
static bool is_diagnosis(const char *name, const char *text, size_t len, cJSON **root)
{
    *root = NULL;
    if (!holds(text, len, "\"enrolldoc-diagnosis/1\""))
        return false;
    struct err ignored;
    if (json_parse_text(name, text, len, root, &ignored) != 0)
        return false;
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(*root, "format");
    if (cJSON_IsObject(*root) && cJSON_IsString(fmt) && strcmp(fmt->valuestring, "enrolldoc-diagnosis/1") == 0)
        return true;
    cJSON_Delete(*root);
    *root = NULL;
    return false;
}

/* A part of a client's facts (a reg export, whoami, events): no client. */
static int not_client(struct err *e, const char *name, enum import_format fmt)
{
    err_set(e, "fleet.error.not-client");
    err_arg(e, "file", "%s", name);
    return err_arg(e, "format", "%s", import_format_name(fmt));
}

/* The format of TEXT when that is cheap to tell and it is no JSON: an
 * .evtx by its signature, a text by its decoded beginning. IMPORT_BUNDLE
 * for what may be JSON, IMPORT_UNKNOWN when it is none. */
static enum import_format cheap_format(const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;
    if (len >= 8 && memcmp(u, "ElfFile", 8) == 0)
        return IMPORT_EVTX;
    size_t i = len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0;
    while (i < len && (u[i] == ' ' || u[i] == '\t' || u[i] == '\r' || u[i] == '\n'))
        i++;
    if (i < len && u[i] == '{')
        return IMPORT_BUNDLE;
    char *dec = NULL;
    size_t dlen = 0;
    struct err ignored;
    if (text_decode("", text, len, &dec, &dlen, NULL, NULL, &ignored) != 0)
        return IMPORT_UNKNOWN;
    enum import_format fmt = import_detect(u, len, dec);
    free(dec);
    return fmt;
}

int fleet_read_document(const struct tree *t, enum lang lang, const char *name, const char *text,
                        size_t len, struct fleet_client **out, struct err *e)
{
    *out = NULL;
    if (text_starts_utf16(text, len)) {
        /* UTF-16 (Windows PowerShell's redirection): decoded once, then
         * read as UTF-8; what does not decode is read as it is, so that the
         * readers say why */
        char *dec = NULL;
        size_t dlen = 0;
        enum text_enc enc;
        struct err ignored;
        if (text_decode(name, text, len, &dec, &dlen, &enc, NULL, &ignored) == 0 &&
            (enc == TEXT_UTF16LE || enc == TEXT_UTF16BE)) {
            int rc = fleet_read_document(t, lang, name, dec, dlen, out, e);
            free(dec);
            return rc;
        }
        free(dec);
    }
    cJSON *root;
    if (is_diagnosis(name, text, len, &root)) {
        int rc = client_from_diagnosis(root, name, out, e);
        cJSON_Delete(root);
        return rc;
    }
    /* what cannot be a client is said without reading it through (an .evtx
     * of hundreds of megabytes dropped into the share costs nothing) */
    enum import_format fmt = cheap_format(text, len);
    if (fmt != IMPORT_UNKNOWN && fmt != IMPORT_BUNDLE)
        return not_client(e, name, fmt);
    struct facts *f = NULL;
    fmt = IMPORT_UNKNOWN;
    if (import_buffer(name, (const unsigned char *)text, len, lang, &f, &fmt, e) != 0)
        return -1;
    int rc;
    if (fmt != IMPORT_BUNDLE) {
        rc = not_client(e, name, fmt);
    } else {
        rc = client_from_facts(f, t, name, out, e);
    }
    facts_free(f);
    return rc;
}

/* ---------- the fleet ---------- */

static void items_free(struct fleet *fl);

struct fleet *fleet_new(const struct tree *t, const struct fleet_opts *opts, enum lang lang)
{
    struct fleet *fl = calloc(1, sizeof(*fl));
    if (!fl)
        return NULL;
    fl->t = t;
    fl->opts = *opts;
    fl->lang = lang;
    return fl;
}

void fleet_free(struct fleet *fl)
{
    if (!fl)
        return;
    for (size_t i = 0; i < fl->nclients; i++)
        fleet_client_free(fl->clients[i]);
    free(fl->clients);
    for (size_t i = 0; i < fl->nbad; i++)
        free(fl->bad[i].path);
    free(fl->bad);
    for (size_t i = 0; i < fl->nrows; i++)
        free((void *)fl->rows[i].hosts);
    free(fl->rows);
    strmap_free(&fl->index);
    items_free(fl);
    for (size_t i = 0; i < fl->nroots; i++)
        free(fl->roots[i]);
    free(fl->roots);
    free(fl->trend);
    strmap_free(&fl->seen_index);
    free(fl->seen);
    free(fl);
}

int fleet_add_bad(struct fleet *fl, const char *path, const struct err *e)
{
    if (fl->nbad == fl->capbad) {
        size_t cap = fl->capbad ? fl->capbad * 2 : 16;
        struct fleet_bad *nv = realloc(fl->bad, cap * sizeof(*nv));
        if (!nv)
            return -1;
        fl->bad = nv;
        fl->capbad = cap;
    }
    char *copy = str_dup(path);
    if (!copy)
        return -1;
    fl->bad[fl->nbad].path = copy;
    fl->bad[fl->nbad].e = *e;
    fl->nbad++;
    return 0;
}

bool fleet_host_match(const char *p, const char *s)
{
    const char *star = NULL, *resume = NULL;
    while (*s) {
        char pc = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        char sc = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
        if (*p == '*') {
            star = ++p;
            resume = s;
        } else if (*p && (*p == '?' || pc == sc)) {
            p++;
            s++;
        } else if (star) {
            p = star;
            s = ++resume;
        } else {
            return false;
        }
    }
    while (*p == '*')
        p++;
    return *p == '\0';
}

/* Whether A is later than B. */
static bool later(const struct fleet_client *a, const struct fleet_client *b)
{
    if (a->has_time != b->has_time)
        return a->has_time;
    return a->has_time && a->collected_at > b->collected_at;
}

static bool client_has(const struct fleet_client *c, const char *id)
{
    for (size_t i = 0; i < c->nfindings; i++)
        if (strcmp(c->findings[i].id, id) == 0)
            return true;
    return false;
}

/* PREFIX, then C's host in lower case (a client without host: \x1e and its
 * file), \x1f and its context: the key of its client. NULL when out of
 * memory. */
static char *client_key(const struct fleet_client *c, const char *prefix)
{
    const char *h = c->host[0] ? c->host : c->source;
    size_t pl = strlen(prefix), hl = strlen(h), cl = strlen(c->context);
    char *key = malloc(pl + hl + cl + 3);
    if (!key)
        return NULL;
    memcpy(key, prefix, pl);
    size_t k = pl;
    if (!c->host[0])
        key[k++] = '\x1e';
    for (size_t i = 0; i < hl; i++)
        key[k++] = (char)(c->host[0] && h[i] >= 'A' && h[i] <= 'Z' ? h[i] - 'A' + 'a' : h[i]);
    key[k++] = '\x1f';
    memcpy(key + k, c->context, cl + 1);
    return key;
}

/* The midnight (UTC) of the day of time T. */
static int64_t utc_day(int64_t t)
{
    int64_t d = t / 86400;
    if (t % 86400 < 0)
        d--;
    return d * 86400;
}

/* Notes document C for the trend: its client's latest document of its day
 * decides whether the client failed that day. -1 when out of memory. */
static int trend_note(struct fleet *fl, const struct fleet_client *c)
{
    if (!c->has_time)
        return 0;
    int64_t day = utc_day(c->collected_at);
    bool failed = fl->opts.finding ? client_has(c, fl->opts.finding) : c->has_error;
    char prefix[32];
    snprintf(prefix, sizeof(prefix), "%lld|", (long long)day);
    char *key = client_key(c, prefix);
    if (!key)
        return -1;
    int at = strmap_get(&fl->seen_index, key);
    if (at >= 0) {
        struct fleet_seen *s = &fl->seen[at];
        if (c->collected_at > s->at) { /* of two at the same time the first read stays */
            s->at = c->collected_at;
            s->failed = failed;
        }
        free(key);
        return 0;
    }
    if (fl->nseen == fl->capseen) {
        size_t cap = fl->capseen ? fl->capseen * 2 : 64;
        struct fleet_seen *nv = cap <= INT_MAX ? realloc(fl->seen, cap * sizeof(*nv)) : NULL;
        if (!nv) {
            free(key);
            return -1;
        }
        fl->seen = nv;
        fl->capseen = cap;
    }
    int rc = strmap_put(&fl->seen_index, key, (int)fl->nseen);
    free(key);
    if (rc != 0)
        return -1;
    fl->seen[fl->nseen++] = (struct fleet_seen){day, c->collected_at, failed};
    return 0;
}

int fleet_add_client(struct fleet *fl, struct fleet_client *c)
{
    const struct fleet_opts *o = &fl->opts;
    if ((o->has_since && (!c->has_time || c->collected_at < o->since)) ||
        (o->host && !fleet_host_match(o->host, c->host))) {
        fleet_client_free(c);
        return 0;
    }
    if (trend_note(fl, c) != 0) {
        fleet_client_free(c);
        return -1;
    }
    /* one client per host and context: found by the index */
    char *key = NULL;
    if (!o->all_times && c->host[0]) {
        if (!(key = client_key(c, ""))) {
            fleet_client_free(c);
            return -1;
        }
        int at = strmap_get(&fl->index, key);
        if (at >= 0) {
            size_t i = (size_t)at;
            if (later(c, fl->clients[i])) {
                fleet_client_free(fl->clients[i]);
                fl->clients[i] = c;
            } else {
                fleet_client_free(c);
            }
            free(key);
            return 0;
        }
    }
    if (fl->nclients == fl->capclients) {
        size_t cap = fl->capclients ? fl->capclients * 2 : 64;
        struct fleet_client **nv = realloc(fl->clients, cap * sizeof(*nv));
        if (!nv) {
            free(key);
            fleet_client_free(c);
            return -1;
        }
        fl->clients = nv;
        fl->capclients = cap;
    }
    if (key && strmap_put(&fl->index, key, (int)fl->nclients) != 0) {
        free(key);
        fleet_client_free(c);
        return -1;
    }
    free(key);
    fl->clients[fl->nclients++] = c;
    return 0;
}

/* ---------- files and folders ---------- */

/* Notes PATH as a file to read (E NULL) or as a folder that could not be
 * walked (E: why). -1 when out of memory. */
static int add_item(struct fleet *fl, const char *path, const struct err *e)
{
    struct fleet_item it = {str_dup(path), NULL};
    if (it.path && e && (it.e = malloc(sizeof(*e))))
        *it.e = *e;
    if (!it.path || (e && !it.e)) {
        free(it.path);
        free(it.e);
        return -1;
    }
    /* the readers take items while the walk adds them */
    platform_lock_take(fl->lock);
    int rc = 0;
    if (fl->nitems == fl->capitems) {
        size_t cap = fl->capitems ? fl->capitems * 2 : 64;
        struct fleet_item *nv = realloc(fl->items, cap * sizeof(*nv));
        if (nv) {
            fl->items = nv;
            fl->capitems = cap;
        } else {
            rc = -1;
        }
    }
    if (rc == 0)
        fl->items[fl->nitems++] = it;
    platform_lock_wake(fl->lock);
    platform_lock_give(fl->lock);
    if (rc != 0) {
        free(it.path);
        free(it.e);
    }
    return rc;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const struct folder_entry *)a)->name, ((const struct folder_entry *)b)->name);
}

static int add_folder(struct fleet *fl, const char *path, int depth);

/* Adds entry D of folder PATH. */
static int add_entry(struct fleet *fl, const char *path, const struct folder_entry *d, int depth)
{
    if (d->link && d->kind == FILE_FOLDER)
        return 0; /* never into a linked folder: that is how walks loop */
    size_t lp = strlen(path), ln = strlen(d->name);
    char *full = malloc(lp + ln + 2);
    if (!full)
        return -1;
    memcpy(full, path, lp);
    size_t k = lp;
    if (k == 0 || (full[k - 1] != '/' && full[k - 1] != platform_dir_sep()))
        full[k++] = platform_dir_sep();
    memcpy(full + k, d->name, ln + 1);
    int rc = d->kind == FILE_FOLDER ? add_folder(fl, full, depth + 1) : add_item(fl, full, NULL);
    free(full);
    return rc;
}

static int add_folder(struct fleet *fl, const char *path, int depth)
{
    struct err e;
    if (depth > FLEET_MAX_DEPTH) {
        err_set(&e, "fleet.error.deep");
        err_arg(&e, "file", "%s", path);
        err_arg(&e, "max", "%d", FLEET_MAX_DEPTH);
        return add_item(fl, path, &e);
    }
    struct folder_entry *v;
    size_t n;
    if (platform_read_folder(path, &v, &n) != 0) {
        err_set(&e, "fleet.error.folder");
        err_arg(&e, "file", "%s", path);
        int code = errno;
        if (code == ENOENT || code == EACCES)
            err_arg(&e, "reason", "%s", code == ENOENT ? "@error.reason.not-found" : "@error.reason.access");
        else
            err_arg(&e, "reason", "%s", strerror(code));
        return add_item(fl, path, &e);
    }
    if (n > 1)
        qsort(v, n, sizeof(*v), entry_cmp);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = add_entry(fl, path, &v[i], depth);
    platform_folder_free(v, n);
    return rc;
}

int fleet_add_path(struct fleet *fl, const char *path)
{
    char **nv = realloc(fl->roots, (fl->nroots + 1) * sizeof(*nv));
    if (!nv)
        return -1;
    fl->roots = nv;
    if (!(fl->roots[fl->nroots] = str_dup(path)))
        return -1;
    fl->nroots++;
    return 0;
}

/* Walks PATH: a folder's files, or PATH itself (read_file says why what is
 * no file is refused). */
static int walk_root(struct fleet *fl, const char *path)
{
    enum file_kind kind;
    bool link;
    if (strcmp(path, "-") != 0 && platform_path_kind(path, &kind, &link) == 0 && kind == FILE_FOLDER)
        return add_folder(fl, path, 0);
    return add_item(fl, path, NULL);
}

/* ---------- reading on several threads ---------- */

/* What reading one item gave. */
struct slot {
    bool done;
    int rc;                      /* 0 a client, 1 a bad file (e), -1 out of memory */
    struct fleet_client *c;
    struct err e;
};

/* The readers' shared state, under FL->lock: the first thread walks the
 * paths, adding items as it finds them, then reads like the others; items
 * are taken in order (NEXT), read outside the lock, and their results put
 * into a ring of WINDOW slots (item i in slot i % WINDOW); whoever finds the
 * slot of item DRAINED done adds it to the fleet, so results go in exactly
 * in the order of the walk, whatever thread read them first: the fleet is
 * the same on one thread and on many. A reader waits while it is WINDOW
 * items ahead of the draining, or has caught up with a walk still going;
 * that bounds the memory to WINDOW clients and one file per thread. */
struct readers {
    struct fleet *fl;
    size_t next, drained, window;
    struct slot *slots;
    bool walker;                 /* a thread has taken the walk */
    bool walked;                 /* the walk is over: no more items come */
    bool failed;                 /* out of memory: everyone stops */
};

static void read_item(const struct fleet *fl, const struct fleet_item *it, struct slot *s)
{
    s->c = NULL;
    s->rc = 0;
    err_clear(&s->e);
    if (it->e) {
        s->e = *it->e;
        s->rc = 1;
        return;
    }
    char *text = NULL;
    size_t len = 0;
    if (read_file(it->path, &text, &len, &s->e) != 0 ||
        fleet_read_document(fl->t, fl->lang, it->path, text, len, &s->c, &s->e) != 0)
        s->rc = strcmp(s->e.key, "error.memory") == 0 ? -1 : 1;
    free(text);
}

/* Adds the result in S (of item IT) to FL; frees what it does not keep. -1
 * when out of memory. */
static int drain(struct fleet *fl, const struct fleet_item *it, struct slot *s)
{
    if (!it->e)
        fl->nfiles++;
    if (s->rc == 0)
        return fleet_add_client(fl, s->c);
    return s->rc == 1 ? fleet_add_bad(fl, it->path, &s->e) : -1;
}

/* One thread of the reading: the walk first, when no other thread has it. */
static void reader_main(void *arg)
{
    struct readers *r = arg;
    struct fleet *fl = r->fl;
    struct slot *s = malloc(sizeof(*s));
    platform_lock_take(fl->lock);
    if (!s)
        r->failed = true;
    if (!r->walker) {
        r->walker = true;
        platform_lock_give(fl->lock);
        int rc = 0;
        for (size_t i = 0; i < fl->nroots && rc == 0; i++)
            rc = walk_root(fl, fl->roots[i]);
        platform_lock_take(fl->lock);
        if (rc != 0)
            r->failed = true;
        r->walked = true;
        platform_lock_wake(fl->lock);
    }
    for (;;) {
        while (!r->failed && (r->next >= fl->nitems ? !r->walked : r->next >= r->drained + r->window))
            platform_lock_wait(fl->lock);
        if (r->failed || r->next >= fl->nitems)
            break;
        size_t i = r->next++;
        struct fleet_item it = fl->items[i]; /* the array moves as the walk adds */
        platform_lock_give(fl->lock);
        read_item(fl, &it, s);
        platform_lock_take(fl->lock);
        r->slots[i % r->window] = *s;
        r->slots[i % r->window].done = true;
        while (!r->failed && r->drained < fl->nitems && r->slots[r->drained % r->window].done) {
            struct slot *d = &r->slots[r->drained % r->window];
            struct fleet_item *di = &fl->items[r->drained];
            d->done = false;
            if (drain(fl, di, d) != 0)
                r->failed = true;
            /* what the fleet keeps it has copied: the path goes now */
            free(di->path);
            free(di->e);
            di->path = NULL;
            di->e = NULL;
            r->drained++;
        }
        platform_lock_wake(fl->lock);
    }
    platform_lock_wake(fl->lock);
    platform_lock_give(fl->lock);
    free(s);
}

static void items_free(struct fleet *fl)
{
    for (size_t i = 0; i < fl->nitems; i++) {
        free(fl->items[i].path);
        free(fl->items[i].e);
    }
    free(fl->items);
    fl->items = NULL;
    fl->nitems = fl->capitems = 0;
}

/* Walks the paths added by fleet_add_path and reads what the walk finds into
 * FL, on FL->opts.jobs threads (0: one per processor). Returns 0, or -1 when
 * out of memory. */
static int read_items(struct fleet *fl)
{
    if (fl->nroots == 0)
        return 0;
    int jobs = fl->opts.jobs > 0 ? fl->opts.jobs : platform_cpu_count();
    if (jobs > FLEET_MAX_JOBS)
        jobs = FLEET_MAX_JOBS;
    platform_hint_churn();
    struct readers r = {.fl = fl, .window = (size_t)jobs * 16};
    r.slots = calloc(r.window, sizeof(*r.slots));
    fl->lock = platform_lock_new();
    int rc = -1;
    if (r.slots && fl->lock) {
        platform_run_parallel(jobs, reader_main, &r);
        rc = r.failed ? -1 : 0;
        /* after a failure: what was read and not drained */
        for (size_t i = 0; r.failed && i < r.window; i++)
            if (r.slots[i].done)
                fleet_client_free(r.slots[i].c);
    }
    platform_lock_free(fl->lock);
    fl->lock = NULL;
    free(r.slots);
    items_free(fl);
    return rc;
}

/* ---------- the summary ---------- */

const char *fleet_finding_branch(const struct tree *t, const char *id)
{
    const struct check *owner = NULL;
    size_t n;
    const struct check *const *all = check_all(&n);
    for (size_t i = 0; i < n && !owner; i++)
        for (size_t k = 0; k < all[i]->ndefs; k++)
            if (strcmp(all[i]->defs[k].id, id) == 0) {
                owner = all[i];
                break;
            }
    for (size_t i = 0; owner && i < t->n; i++)
        if (t->nodes[i].kind == NODE_CHECK && t->nodes[i].check == owner)
            return t->nodes[i].branch;
    return "-";
}

static int branch_rank(const char *b)
{
    static const char *const order[] = {"A", "B", "C", "CES", "LOG"};
    for (int i = 0; i < 5; i++)
        if (strcmp(b, order[i]) == 0)
            return i;
    return 5;
}

static int row_cmp(const void *a, const void *b)
{
    const struct fleet_row *x = a, *y = b;
    int bx = branch_rank(x->branch), by = branch_rank(y->branch);
    if (bx != by)
        return bx < by ? -1 : 1;
    if (x->nclients != y->nclients)
        return x->nclients > y->nclients ? -1 : 1;
    if (x->sev != y->sev)
        return x->sev > y->sev ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int client_cmp(const void *a, const void *b)
{
    const struct fleet_client *x = *(const struct fleet_client *const *)a;
    const struct fleet_client *y = *(const struct fleet_client *const *)b;
    int c = ascii_casecmp(x->host, y->host);
    if (c == 0)
        c = strcmp(x->host, y->host);
    if (c == 0)
        c = strcmp(x->context, y->context);
    if (c == 0 && (x->has_time != y->has_time || x->collected_at != y->collected_at))
        c = later(x, y) ? 1 : -1;
    if (c == 0)
        c = strcmp(x->source, y->source);
    return c;
}

static int str_cmp(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    int c = ascii_casecmp(x, y);
    return c ? c : strcmp(x, y);
}

/* The row of finding F in FL, made when new. NULL when out of memory. */
static struct fleet_row *row_of(struct fleet *fl, const struct fleet_finding *f, size_t *cap)
{
    for (size_t i = 0; i < fl->nrows; i++)
        if (strcmp(fl->rows[i].id, f->id) == 0)
            return &fl->rows[i];
    if (fl->nrows == *cap) {
        size_t c = *cap ? *cap * 2 : 32;
        struct fleet_row *nv = realloc(fl->rows, c * sizeof(*nv));
        if (!nv)
            return NULL;
        fl->rows = nv;
        *cap = c;
    }
    struct fleet_row *r = &fl->rows[fl->nrows++];
    *r = (struct fleet_row){f->id, f->sev, fleet_finding_branch(fl->t, f->id), 0, NULL, 0};
    return r;
}

/* Adds HOST to R's hosts unless it is the last one (the clients come sorted by host). */
static int row_add_host(struct fleet_row *r, const char *host)
{
    if (r->nhosts > 0 && strcmp(r->hosts[r->nhosts - 1], host) == 0)
        return 0;
    const char **nv = realloc((void *)r->hosts, (r->nhosts + 1) * sizeof(*nv));
    if (!nv)
        return -1;
    r->hosts = nv;
    r->hosts[r->nhosts++] = host;
    return 0;
}

/* The trend from the days seen: every day from the first to the last,
 * at most the last FLEET_TREND_DAYS. Frees what was seen. -1 when out of
 * memory. */
static int trend_make(struct fleet *fl)
{
    free(fl->trend);
    fl->trend = NULL;
    fl->ntrend = 0;
    if (fl->nseen > 0) {
        int64_t first = fl->seen[0].day, last = first;
        for (size_t i = 1; i < fl->nseen; i++) {
            first = fl->seen[i].day < first ? fl->seen[i].day : first;
            last = fl->seen[i].day > last ? fl->seen[i].day : last;
        }
        fl->trend_first = first;
        if ((last - first) / 86400 >= FLEET_TREND_DAYS)
            first = last - (FLEET_TREND_DAYS - 1) * (int64_t)86400;
        size_t n = (size_t)((last - first) / 86400) + 1;
        if (!(fl->trend = calloc(n, sizeof(*fl->trend))))
            return -1;
        fl->ntrend = n;
        for (size_t i = 0; i < n; i++)
            fl->trend[i].day = first + (int64_t)i * 86400;
        for (size_t i = 0; i < fl->nseen; i++) {
            if (fl->seen[i].day < first)
                continue;
            struct fleet_day *d = &fl->trend[(size_t)((fl->seen[i].day - first) / 86400)];
            d->clients++;
            d->failing += fl->seen[i].failed;
        }
    }
    strmap_free(&fl->seen_index);
    free(fl->seen);
    fl->seen = NULL;
    fl->nseen = fl->capseen = 0;
    return 0;
}

int fleet_finish(struct fleet *fl)
{
    if (read_items(fl) != 0 || trend_make(fl) != 0)
        return -1;
    if (fl->opts.finding) {
        size_t k = 0;
        for (size_t i = 0; i < fl->nclients; i++) {
            if (client_has(fl->clients[i], fl->opts.finding))
                fl->clients[k++] = fl->clients[i];
            else
                fleet_client_free(fl->clients[i]);
        }
        fl->nclients = k;
    }
    if (fl->nclients > 0)
        qsort(fl->clients, fl->nclients, sizeof(*fl->clients), client_cmp);
    size_t cap = 0;
    fl->nerror = 0;
    for (size_t i = 0; i < fl->nclients; i++) {
        const struct fleet_client *c = fl->clients[i];
        fl->nerror += c->has_error;
        for (size_t k = 0; k < c->nfindings; k++) {
            struct fleet_row *r = row_of(fl, &c->findings[k], &cap);
            if (!r || row_add_host(r, c->host[0] ? c->host : c->source) != 0)
                return -1;
            r->nclients++;
        }
    }
    for (size_t i = 0; i < fl->nrows; i++)
        if (fl->rows[i].nhosts > 1)
            qsort((void *)fl->rows[i].hosts, fl->rows[i].nhosts, sizeof(char *), str_cmp);
    if (fl->nrows > 0)
        qsort(fl->rows, fl->nrows, sizeof(*fl->rows), row_cmp);
    return 0;
}
