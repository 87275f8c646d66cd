/* import.c: files admins already have, told apart by their content and
 * merged into one set of facts (import.h). */
#include "import.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "bundle.h"
#include "bundle_write.h"
#include "csv.h"
#include "events_import.h"
#include "import_formats.h"
#include "jsonutil.h"
#include "textdec.h"
#include "strmap.h"
#include "util.h"

const char *import_format_name(enum import_format f)
{
    static const char *const names[IMPORT_FORMAT_COUNT] = {
        "unknown", "bundle", "events-csv", "evtx", "event-xml", "certutil", "whoami", "reg", "cert", "ldif",
    };
    return (unsigned)f < IMPORT_FORMAT_COUNT ? names[f] : "unknown";
}

/* ---- telling formats apart -------------------------------------------- */

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    return p;
}

/* Whether a line of TEXT (within its first LIMIT bytes) begins with PREFIX
 * (ASCII case ignored). */
static bool some_line_begins(const char *text, const char *prefix, size_t limit)
{
    size_t n = strlen(prefix);
    for (const char *p = text; *p && (size_t)(p - text) < limit;) {
        if (ascii_ncasecmp(p, prefix, n) == 0)
            return true;
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    return false;
}

/* The fields of TEXT's first record that is not a "#TYPE" line: whether
 * one is SID (whoami) or Id / TimeCreated (an events export). */
static enum import_format csv_kind(const char *text)
{
    const char *p = skip_space(text);
    if (ascii_startswith_ci(p, "#TYPE")) {
        p = strchr(p, '\n');
        if (!p)
            return IMPORT_UNKNOWN;
        p++;
    }
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n == 0 || n > 4096)
        return IMPORT_UNKNOWN;
    char line[4097];
    memcpy(line, p, n);
    line[n] = '\0';
    struct csv c = {line, line + n, 1};
    struct csv_field fields[16];
    size_t nf = 0;
    bool blank;
    if (csv_record(&c, fields, 16, &nf, &blank) != REC_OK || nf < 2)
        return IMPORT_UNKNOWN;
    bool sid = false, id = false;
    for (size_t i = 0; i < nf && i < 16; i++) {
        const char *f = csv_trim(&fields[i]);
        sid = sid || ascii_casecmp(f, "SID") == 0;
        id = id || ascii_casecmp(f, "Id") == 0 || ascii_casecmp(f, "TimeCreated") == 0;
    }
    return sid ? IMPORT_WHOAMI : id ? IMPORT_EVENTS_CSV : IMPORT_UNKNOWN;
}

enum import_format import_detect(const unsigned char *raw, size_t n, const char *text)
{
    if (n >= 8 && memcmp(raw, "ElfFile", 8) == 0)
        return IMPORT_EVTX;
    /* DER: a SEQUENCE with a long-form length */
    if (n >= 4 && raw[0] == 0x30 && (raw[1] == 0x81 || raw[1] == 0x82 || raw[1] == 0x83))
        return IMPORT_CERT;
    if (!text) {
        /* not text (a NUL): a bundle still, when it opens like one, so that
         * the JSON reader says where the NUL is */
        size_t i = n >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF ? 3 : 0;
        while (i < n && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\r' || raw[i] == '\n'))
            i++;
        return i < n && raw[i] == '{' ? IMPORT_BUNDLE : IMPORT_UNKNOWN;
    }
    const char *p = skip_space(text);
    if (*p == '{')
        return IMPORT_BUNDLE;
    if (*p == '<')
        return some_line_begins(p, "<Event", 4096) || strstr(p, "<Event") ? IMPORT_EVENT_XML : IMPORT_UNKNOWN;
    if (ascii_startswith_ci(p, "Windows Registry Editor Version 5.00") || ascii_startswith_ci(p, "REGEDIT4"))
        return IMPORT_REG;
    if (ascii_startswith_ci(p, "-----BEGIN CERTIFICATE-----"))
        return IMPORT_CERT;
    /* certutil ends every output with "CertUtil: -VERB ..." in any language */
    if (some_line_begins(p, "CertUtil: -", SIZE_MAX))
        return IMPORT_CERTUTIL;
    /* LDIF: comments (folded onto lines that begin with a blank) and blank
     * lines, then "version: 1" or the first "dn:" */
    const char *q = p;
    while (*q == '#') {
        const char *nl = strchr(q, '\n');
        while (nl && nl[1] == ' ')
            nl = strchr(nl + 1, '\n');
        if (!nl)
            return IMPORT_UNKNOWN;
        q = skip_space(nl + 1);
    }
    if (ascii_startswith_ci(q, "version:") || ascii_startswith_ci(q, "dn:"))
        return IMPORT_LDIF;
    /* a CSV table, perhaps after headings (whoami /all) */
    const char *line = p;
    for (int k = 0; k < 20 && *line; k++) {
        const char *t = line;
        while (*t == ' ' || *t == '\t')
            t++;
        if (*t == '"' || *t == '#')
            return csv_kind(t);
        const char *nl = strchr(line, '\n');
        if (!nl)
            break;
        line = nl + 1;
    }
    return csv_kind(p);
}

/* ---- the readers -------------------------------------------------------- */

static int read_bundle(const struct import_file *in, struct facts **out, struct err *e)
{
    /* a bundle is read from its bytes: UTF-8 only, as bundle_load reads it */
    return bundle_parse(in->name, (const char *)in->raw, in->n, out, e);
}

static int read_events_csv(const struct import_file *in, struct facts **out, struct err *e)
{
    struct events_info info;
    return events_import_text(in->name, (const char *)in->raw, in->n, in->ui, out, &info, e);
}

static import_reader reader_of(enum import_format f)
{
    switch (f) {
    case IMPORT_BUNDLE: return read_bundle;
    case IMPORT_EVENTS_CSV: return read_events_csv;
    case IMPORT_WHOAMI: return import_read_whoami;
    case IMPORT_REG: return import_read_reg;
    case IMPORT_EVTX: return import_read_evtx;
    case IMPORT_EVENT_XML: return import_read_event_xml;
    case IMPORT_CERTUTIL: return import_read_certutil;
    case IMPORT_CERT: return import_read_cert;
    case IMPORT_LDIF: return import_read_ldif;
    default: return NULL;
    }
}

/* ---- merging documents -------------------------------------------------- */

struct merger {
    const char *const *files;    /* file names by index */
    struct strmap owner;         /* path of a value -> the file that gave it */
    struct import_conflict *conflicts;
    size_t nconflicts, cap;
    bool oom;
};

/* The key by which the elements of the list at PATH ("facts.templates")
 * merge: member names, NULL-terminated; NULL: compared whole; EVENTS:
 * joined, an equal element kept once. */
struct list_rule {
    const char *path;
    const char *keys[4];
};

static const struct list_rule LIST_RULES[] = {
    {"facts.templates", {"name", NULL}},
    {"facts.cas", {"name", NULL}},
    {"facts.certificates.user", {"thumbprint", NULL}},
    {"facts.certificates.machine", {"thumbprint", NULL}},
    {"facts.ca_ping", {"config", NULL}},
    {"facts.ksp", {"provider", "context", NULL}},
    {"facts.policy_servers", {"url", "context", NULL}},
    {"facts.enroll", {"template", "context", "time", NULL}},
};

static bool is_event_list(const char *path)
{
    return strcmp(path, "facts.events") == 0 || strcmp(path, "facts.ca_events") == 0 ||
           strcmp(path, "facts.ces.events") == 0;
}

static const struct list_rule *rule_of(const char *path)
{
    for (size_t i = 0; i < sizeof(LIST_RULES) / sizeof(LIST_RULES[0]); i++)
        if (strcmp(LIST_RULES[i].path, path) == 0)
            return &LIST_RULES[i];
    return NULL;
}

/* The key text of element EL under RULE ("ContosoUser", "url|user"), or
 * NULL when it has none of the keys (malloc'd). */
static char *element_key(const cJSON *el, const struct list_rule *rule)
{
    char buf[1024];
    size_t used = 0;
    bool any = false;
    for (size_t k = 0; rule->keys[k]; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(el, rule->keys[k]);
        char *t = v ? (cJSON_IsString(v) ? str_dup(v->valuestring) : cJSON_PrintUnformatted(v)) : NULL;
        if (v && !t)
            return NULL;
        any = any || v;
        used += (size_t)snprintf(buf + used, used < sizeof(buf) ? sizeof(buf) - used : 0, "%s%s",
                                 k ? "|" : "", t ? t : "");
        free(t);
    }
    if (!any || used >= sizeof(buf))
        return NULL;
    return str_dup(buf);
}

static void add_conflict(struct merger *M, const char *path, int kept, const cJSON *kv, int other,
                         const cJSON *ov)
{
    if (M->nconflicts == M->cap) {
        size_t cap = M->cap ? M->cap * 2 : 8;
        struct import_conflict *v = realloc(M->conflicts, cap * sizeof(*v));
        if (!v) {
            M->oom = true;
            return;
        }
        M->conflicts = v;
        M->cap = cap;
    }
    struct import_conflict *c = &M->conflicts[M->nconflicts];
    c->path = str_dup(path);
    c->kept_file = str_dup(kept >= 0 ? M->files[kept] : "?");
    c->kept_value = cJSON_PrintUnformatted(kv);
    c->other_file = str_dup(M->files[other]);
    c->other_value = cJSON_PrintUnformatted(ov);
    M->nconflicts++;
    if (!c->path || !c->kept_file || !c->kept_value || !c->other_file || !c->other_value)
        M->oom = true;
}

static void merge_into(struct merger *M, cJSON *into, cJSON *add, char *path, size_t plen, size_t pcap,
                       int file);

/* Records that FILE gave the value at PATH (and everything under it). */
static void own(struct merger *M, const char *path, int file)
{
    if (strmap_get(&M->owner, path) < 0 && strmap_put(&M->owner, path, file) != 0)
        M->oom = true;
}

/* The file that gave the value at PATH: the owner of the longest owned
 * prefix; nothing owned: the first file (the document began as its). */
static int owner_of(const struct merger *M, const char *path)
{
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", path);
    for (;;) {
        int f = strmap_get(&M->owner, buf);
        if (f >= 0)
            return f;
        char *dot = strrchr(buf, '.'), *br = strrchr(buf, '[');
        char *cut = dot > br ? dot : br;
        if (!cut)
            return 0;
        *cut = '\0';
    }
}

/* Appends ".KEY" or "[KEY]" to PATH (PLEN used of PCAP); returns the new
 * length, or PLEN when it does not fit (the value merges under the shorter
 * path then: conflicts are still found, their path is shorter). */
static size_t path_push(char *path, size_t plen, size_t pcap, const char *key, bool index)
{
    int n = snprintf(path + plen, pcap - plen, index ? "[%s]" : "%s%s", index ? key : plen ? "." : "",
                     index ? "" : key);
    if (n < 0 || (size_t)n >= pcap - plen) {
        path[plen] = '\0';
        return plen;
    }
    return plen + (size_t)n;
}

static void merge_list(struct merger *M, cJSON *into, cJSON *add, char *path, size_t plen, size_t pcap,
                       int file)
{
    const struct list_rule *rule = rule_of(path);
    bool events = is_event_list(path);
    if (!rule && !events) {
        /* a plain list (SIDs, OIDs, providers): one value */
        if (!cJSON_Compare(into, add, true))
            add_conflict(M, path, owner_of(M, path), into, file, add);
        return;
    }
    struct strmap seen = {NULL, NULL, 0, 0};
    cJSON *el;
    int i = 0;
    cJSON_ArrayForEach(el, into) {
        char *k = events ? cJSON_PrintUnformatted(el) : element_key(el, rule);
        if (k && strmap_put(&seen, k, i) != 0)
            M->oom = true;
        free(k);
        i++;
    }
    cJSON *next;
    for (el = add->child; el; el = next) {
        next = el->next;
        char *k = events ? cJSON_PrintUnformatted(el) : element_key(el, rule);
        int at = k ? strmap_get(&seen, k) : -1;
        if (at >= 0 && !events) {
            size_t l = path_push(path, plen, pcap, k, true);
            merge_into(M, cJSON_GetArrayItem(into, at), el, path, l, pcap, file);
            path[plen] = '\0';
        } else if (at < 0) {
            cJSON_DetachItemViaPointer(add, el);
            cJSON_AddItemToArray(into, el);
            if (k) {
                if (strmap_put(&seen, k, cJSON_GetArraySize(into) - 1) != 0)
                    M->oom = true;
                if (!events) {
                    path_push(path, plen, pcap, k, true);
                    own(M, path, file);
                    path[plen] = '\0';
                }
            }
        }
        free(k);
    }
    strmap_free(&seen);
}

/* Merges ADD (FILE's) into INTO, both at PATH. */
static void merge_into(struct merger *M, cJSON *into, cJSON *add, char *path, size_t plen, size_t pcap,
                       int file)
{
    if (cJSON_IsObject(into) && cJSON_IsObject(add)) {
        cJSON *m, *next;
        for (m = add->child; m; m = next) {
            next = m->next;
            size_t l = path_push(path, plen, pcap, m->string, false);
            cJSON *mine = cJSON_GetObjectItemCaseSensitive(into, m->string);
            if (!mine) {
                cJSON_DetachItemViaPointer(add, m);
                cJSON_AddItemToObject(into, m->string, m);
                own(M, path, file);
            } else {
                merge_into(M, mine, m, path, l, pcap, file);
            }
            path[plen] = '\0';
        }
        return;
    }
    if (cJSON_IsArray(into) && cJSON_IsArray(add)) {
        merge_list(M, into, add, path, plen, pcap, file);
        return;
    }
    if (!cJSON_Compare(into, add, true)) {
        /* the latest collection time; tool and texts: the first file's */
        if (strcmp(path, "meta.collected_at") == 0) {
            int64_t a = 0, b = 0;
            if (cJSON_IsString(into) && cJSON_IsString(add) && time_parse_iso(into->valuestring, &a) == 0 &&
                time_parse_iso(add->valuestring, &b) == 0 && b > a && !cJSON_SetValuestring(into, add->valuestring))
                M->oom = true;
            return;
        }
        if (strncmp(path, "meta.", 5) == 0 && strcmp(path, "meta.host") != 0 && strcmp(path, "meta.os") != 0)
            return;
        if (strcmp(path, "probe_notes") == 0 || strncmp(path, "probe_notes.", 12) == 0)
            return;
        add_conflict(M, path, owner_of(M, path), into, file, add);
    }
}

/* ---- the files ----------------------------------------------------------- */

/* The facts of TREE (a bundle document) as "aepolicy.user", "templates", ...
 * into the array ARR. */
static int list_facts(const cJSON *tree, cJSON *arr)
{
    static const char *const per_ctx[] = {"aepolicy", "certificates", "tasks", "identity"};
    const cJSON *facts = cJSON_GetObjectItemCaseSensitive(tree, "facts");
    const cJSON *m;
    cJSON_ArrayForEach(m, facts) {
        bool split = false;
        for (size_t i = 0; i < sizeof(per_ctx) / sizeof(per_ctx[0]); i++)
            split = split || strcmp(m->string, per_ctx[i]) == 0;
        if (split && cJSON_IsObject(m)) {
            const cJSON *c;
            cJSON_ArrayForEach(c, m) {
                char buf[128];
                snprintf(buf, sizeof(buf), "%s.%s", m->string, c->string);
                if (!cJSON_AddItemToArray(arr, cJSON_CreateString(buf)))
                    return -1;
            }
        } else if (!cJSON_AddItemToArray(arr, cJSON_CreateString(m->string))) {
            return -1;
        }
    }
    return 0;
}

static int fail_file(struct err *e, const char *key, const char *name)
{
    err_set(e, key);
    return err_arg(e, "file", "%s", name);
}

static bool binary_bytes(const unsigned char *raw, size_t n)
{
    return (n >= 8 && memcmp(raw, "ElfFile", 8) == 0) ||
           (n >= 4 && raw[0] == 0x30 && (raw[1] == 0x81 || raw[1] == 0x82 || raw[1] == 0x83));
}

int import_buffer(const char *name, const unsigned char *raw, size_t n, enum lang ui, struct facts **out,
                  enum import_format *fmt, struct err *e)
{
    *out = NULL;
    char *text = NULL;
    size_t tlen = 0;
    if (!binary_bytes(raw, n)) {
        struct err ignore;
        if (text_decode(name, raw, n, &text, &tlen, NULL, NULL, &ignore) != 0)
            text = NULL; /* not text: only a binary format can match */
    }
    *fmt = import_detect(raw, n, text);
    import_reader rd = reader_of(*fmt);
    int rc;
    if (!rd) {
        rc = fail_file(e, *fmt == IMPORT_UNKNOWN ? "error.import.unknown" : "error.import.unsupported", name);
        if (*fmt != IMPORT_UNKNOWN)
            err_arg(e, "format", "%s", import_format_name(*fmt));
    } else {
        struct import_file in = {name, raw, n, text, tlen, ui};
        rc = rd(&in, out, e);
    }
    free(text);
    return rc;
}

/* Reads the file PATH and its facts into *TREE (a bundle document), its
 * facts into *KEEP when asked, and its format into *FMT. BUNDLE_ONLY: only
 * a bundle is accepted (--merge). */
static int read_one(const char *path, enum lang ui, bool bundle_only, cJSON **tree, struct facts **keep,
                    enum import_format *fmt, struct err *e)
{
    char *raw = NULL;
    size_t n = 0;
    if (read_file(path, &raw, &n, e) != 0)
        return -1;
    struct facts *f = NULL;
    int rc = import_buffer(path, (const unsigned char *)raw, n, ui, &f, fmt, e);
    free(raw);
    if (rc == 0 && bundle_only && *fmt != IMPORT_BUNDLE)
        rc = fail_file(e, "error.import.merge-not-bundle", path);
    if (rc == 0 && !(*tree = bundle_tree(f, NULL, e)))
        rc = -1;
    if (rc == 0 && keep) {
        *keep = f;
        f = NULL;
    }
    facts_free(f);
    return rc;
}

void import_result_free(struct import_result *r)
{
    if (!r)
        return;
    facts_free(r->f);
    for (size_t i = 0; i < r->nconflicts; i++) {
        struct import_conflict *c = &r->conflicts[i];
        free(c->path);
        free(c->kept_file);
        free(c->kept_value);
        free(c->other_file);
        free(c->other_value);
    }
    free(r->conflicts);
    free(r->formats);
    cJSON_Delete(r->doc);
    memset(r, 0, sizeof(*r));
}

/* meta.sources and meta.conflicts of the merged document. */
static int describe(cJSON *doc, const char *const *files, const enum import_format *fmts, cJSON *const *facts,
                    size_t nf, const struct merger *M)
{
    /* meta where a bundle has it: right after "format" */
    cJSON *meta = cJSON_DetachItemFromObjectCaseSensitive(doc, "meta");
    cJSON *format = cJSON_DetachItemFromObjectCaseSensitive(doc, "format");
    cJSON *rest = doc->child;
    doc->child = NULL;
    if (format)
        cJSON_AddItemToObject(doc, "format", format);
    if (meta)
        cJSON_AddItemToObject(doc, "meta", meta);
    else if (!(meta = cJSON_AddObjectToObject(doc, "meta")))
        return -1;
    for (cJSON *m = rest, *next; m; m = next) {
        next = m->next;
        m->prev = m->next = NULL;
        char *key = m->string;
        m->string = NULL;
        cJSON_AddItemToObject(doc, key, m);
        free(key);
    }
    if (!cJSON_GetObjectItemCaseSensitive(meta, "tool")) {
        cJSON *tool = cJSON_AddObjectToObject(meta, "tool");
        if (!tool || !cJSON_AddStringToObject(tool, "name", "enrolldoc") ||
            !cJSON_AddStringToObject(tool, "version", ENROLLDOC_VERSION))
            return -1;
    }
    cJSON *src = cJSON_AddArrayToObject(meta, "sources");
    if (!src)
        return -1;
    for (size_t i = 0; i < nf; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(src, o) || !cJSON_AddStringToObject(o, "file", files[i]) ||
            !cJSON_AddStringToObject(o, "format", import_format_name(fmts[i])))
            return -1;
        cJSON_AddItemToObject(o, "facts", facts[i]);
    }
    if (M->nconflicts == 0)
        return 0;
    cJSON *con = cJSON_AddArrayToObject(meta, "conflicts");
    if (!con)
        return -1;
    for (size_t i = 0; i < M->nconflicts; i++) {
        const struct import_conflict *c = &M->conflicts[i];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(con, o) || !cJSON_AddStringToObject(o, "fact", c->path) ||
            !cJSON_AddStringToObject(o, "kept", c->kept_file) ||
            !cJSON_AddItemToObject(o, "kept_value", cJSON_Parse(c->kept_value)) ||
            !cJSON_AddStringToObject(o, "other", c->other_file) ||
            !cJSON_AddItemToObject(o, "other_value", cJSON_Parse(c->other_value)))
            return -1;
    }
    return 0;
}

int import_files(const char *const *paths, size_t n, const char *merge, enum lang ui,
                 struct import_result *r, struct err *e)
{
    memset(r, 0, sizeof(*r));
    size_t nf = n + (merge ? 1 : 0);
    const char **files = calloc(nf, sizeof(*files));
    cJSON **lists = calloc(nf, sizeof(*lists));
    r->formats = calloc(nf, sizeof(*r->formats));
    struct merger M;
    memset(&M, 0, sizeof(M));
    M.files = files;
    int rc = files && lists && r->formats ? 0 : fail_file(e, "error.memory", "import");
    for (size_t i = 0; rc == 0 && i < nf; i++) {
        files[i] = merge ? (i == 0 ? merge : paths[i - 1]) : paths[i];
        for (size_t k = 0; k < i; k++)
            if (strcmp(files[k], files[i]) == 0 && strcmp(files[i], "-") == 0)
                rc = fail_file(e, "error.import.stdin-twice", files[i]);
    }
    r->nfiles = nf;
    for (size_t i = 0; rc == 0 && i < nf; i++) {
        cJSON *tree = NULL;
        struct facts *single = NULL;
        bool alone = nf == 1;
        rc = read_one(files[i], ui, merge && i == 0, &tree, alone ? &single : NULL, &r->formats[i], e);
        if (rc != 0)
            break;
        if (alone && r->formats[i] == IMPORT_BUNDLE) {
            /* one bundle: exactly as bundle_load gives it */
            r->f = single;
            r->doc = tree;
            break;
        }
        facts_free(single);
        if (!(lists[i] = cJSON_CreateArray()) || list_facts(tree, lists[i]) != 0) {
            cJSON_Delete(tree);
            rc = fail_file(e, "error.memory", files[i]);
            break;
        }
        if (!r->doc) {
            r->doc = tree;
        } else {
            char path[512] = "";
            merge_into(&M, r->doc, tree, path, 0, sizeof(path), (int)i);
            cJSON_Delete(tree);
        }
        if (M.oom)
            rc = fail_file(e, "error.memory", files[i]);
    }
    if (rc == 0 && !r->f) {
        if (describe(r->doc, files, r->formats, lists, nf, &M) != 0) {
            rc = fail_file(e, "error.memory", "import");
        } else {
            memset(lists, 0, nf * sizeof(*lists)); /* now in the document */
            char *text = cJSON_PrintUnformatted(r->doc);
            if (!text)
                rc = fail_file(e, "error.memory", "import");
            else
                rc = bundle_parse(nf == 1 ? files[0] : "import", text, strlen(text), &r->f, e);
            free(text);
        }
    }
    for (size_t i = 0; lists && i < nf; i++)
        cJSON_Delete(lists[i]);
    free(lists);
    free(files);
    strmap_free(&M.owner);
    r->conflicts = M.conflicts;
    r->nconflicts = M.nconflicts;
    if (rc != 0) {
        import_result_free(r);
        return -1;
    }
    return 0;
}

int import_result_write(const struct import_result *r, FILE *out)
{
    if (!r->doc || json_write_pretty(r->doc, out) != 0 || fflush(out) != 0 || ferror(out))
        return -1;
    return 0;
}
