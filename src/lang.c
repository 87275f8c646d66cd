/* lang.c: the catalogs and the choice of language. Keys are kept sorted for binary search. */
#include "lang.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "jsonutil.h"
#include "platform/platform.h"
#include "util.h"

#define LOCALE_FORMAT "enrolldoc-locale/1"

extern const unsigned char locale_de_json[];
extern const size_t locale_de_json_len;
extern const unsigned char locale_en_json[];
extern const size_t locale_en_json_len;

struct entry {
    const char *key;
    const char *text;
};

struct catalog {
    struct arena arena;
    size_t n;
    struct entry *v;
    char lang[8];             /* its "lang" field ("" when absent) */
};

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Length of the placeholder name at S (just after '{') when S holds
 * "name}", else 0. */
static size_t placeholder_at(const char *s)
{
    size_t n = 0;
    while (is_name_char(s[n]))
        n++;
    return n > 0 && s[n] == '}' ? n : 0;
}

static int catalog_error(struct err *e, const char *name, const char *key, const char *reason)
{
    err_set(e, "error.catalog");
    err_arg(e, "file", "%s", name);
    err_arg(e, "key", "%s", key);
    return err_arg(e, "reason", "@%s", reason);
}

struct catalog *catalog_parse(const char *name, const char *text, size_t len, struct err *e)
{
    cJSON *root = NULL;
    if (json_parse_text(name, text, len, &root, e) != 0)
        return NULL;
    struct catalog *c = calloc(1, sizeof(*c));
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(root, "messages");
    if (!c) {
        err_set(e, "error.memory");
        err_arg(e, "file", "%s", name);
        goto fail;
    }
    if (!cJSON_IsObject(root) || !cJSON_IsString(fmt) ||
        strcmp(fmt->valuestring, LOCALE_FORMAT) != 0) {
        catalog_error(e, name, "format", "catalog.reason.format");
        goto fail;
    }
    if (!cJSON_IsObject(msgs)) {
        catalog_error(e, name, "messages", "catalog.reason.messages");
        goto fail;
    }
    const cJSON *lang = cJSON_GetObjectItemCaseSensitive(root, "lang");
    if (lang && (!cJSON_IsString(lang) || strlen(lang->valuestring) >= sizeof(c->lang))) {
        catalog_error(e, name, "lang", "catalog.reason.lang");
        goto fail;
    }
    if (lang)
        memcpy(c->lang, lang->valuestring, strlen(lang->valuestring) + 1);
    const char *dup = json_duplicate_key(msgs);
    if (dup) {
        catalog_error(e, name, dup, "catalog.reason.duplicate");
        goto fail;
    }
    size_t n = (size_t)cJSON_GetArraySize(msgs);
    c->v = arena_calloc(&c->arena, n ? n : 1, sizeof(*c->v));
    if (!c->v) {
        err_set(e, "error.memory");
        err_arg(e, "file", "%s", name);
        goto fail;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, msgs)
    {
        const char *key = it->string ? it->string : "";
        if (!cJSON_IsString(it)) {
            catalog_error(e, name, key, "catalog.reason.not-string");
            goto fail;
        }
        if (key[0] == '\0') {
            catalog_error(e, name, key, "catalog.reason.empty-key");
            goto fail;
        }
        c->v[c->n].key = arena_strdup(&c->arena, key);
        c->v[c->n].text = arena_strdup(&c->arena, it->valuestring);
        if (!c->v[c->n].key || !c->v[c->n].text) {
            err_set(e, "error.memory");
            err_arg(e, "file", "%s", name);
            goto fail;
        }
        c->n++;
    }
    qsort(c->v, c->n, sizeof(*c->v), cmp_entry);
    cJSON_Delete(root);
    return c;
fail:
    cJSON_Delete(root);
    catalog_free(c);
    return NULL;
}

void catalog_free(struct catalog *c)
{
    if (!c)
        return;
    arena_free(&c->arena);
    free(c);
}

const char *catalog_get(const struct catalog *c, const char *key)
{
    if (!c || !key)
        return NULL;
    struct entry k = {key, NULL};
    const struct entry *hit = bsearch(&k, c->v, c->n, sizeof(*c->v), cmp_entry);
    return hit ? hit->text : NULL;
}

const char *catalog_lang(const struct catalog *c)
{
    return c ? c->lang : "";
}

size_t catalog_count(const struct catalog *c)
{
    return c ? c->n : 0;
}

const char *catalog_key(const struct catalog *c, size_t i)
{
    return c && i < c->n ? c->v[i].key : NULL;
}

/* Writes the sorted, de-duplicated placeholder names of TEXT, joined by ',',
 * into BUF. */
static void placeholders(const char *text, char *buf, size_t size)
{
    const char *names[32];
    size_t lens[32], n = 0;
    for (const char *p = text; *p; p++) {
        if (*p != '{')
            continue;
        size_t l = placeholder_at(p + 1);
        if (l == 0)
            continue;
        bool seen = false;
        for (size_t i = 0; i < n; i++)
            if (lens[i] == l && strncmp(names[i], p + 1, l) == 0)
                seen = true;
        if (!seen && n < 32) {
            names[n] = p + 1;
            lens[n] = l;
            n++;
        }
        p += l;
    }
    /* insertion sort by name */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0; j--) {
            size_t m = lens[j] < lens[j - 1] ? lens[j] : lens[j - 1];
            int c = strncmp(names[j], names[j - 1], m);
            if (c > 0 || (c == 0 && lens[j] >= lens[j - 1]))
                break;
            const char *tn = names[j];
            names[j] = names[j - 1];
            names[j - 1] = tn;
            size_t tl = lens[j];
            lens[j] = lens[j - 1];
            lens[j - 1] = tl;
        }
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(buf + used, size - used, "%s%.*s", i ? "," : "", (int)lens[i], names[i]);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
}

int locale_check_pair(const struct catalog *de, const struct catalog *en, const char *de_name,
                      const char *en_name, struct err *e)
{
    const struct catalog *cats[2] = {de, en};
    const char *names[2] = {de_name, en_name};
    for (int side = 0; side < 2; side++) {
        const struct catalog *a = cats[side], *b = cats[1 - side];
        for (size_t i = 0; i < a->n; i++) {
            const char *other = catalog_get(b, a->v[i].key);
            if (!other) {
                err_set(e, "error.catalog.missing");
                err_arg(e, "file", "%s", names[1 - side]);
                return err_arg(e, "key", "%s", a->v[i].key);
            }
            char pa[512], pb[512];
            placeholders(a->v[i].text, pa, sizeof(pa));
            placeholders(other, pb, sizeof(pb));
            if (strcmp(pa, pb) != 0) {
                err_set(e, "error.catalog.placeholders");
                err_arg(e, "de_file", "%s", de_name);
                err_arg(e, "en_file", "%s", en_name);
                err_arg(e, "key", "%s", a->v[i].key);
                err_arg(e, "de", "%s", side == 0 ? pa : pb);
                return err_arg(e, "en", "%s", side == 0 ? pb : pa);
            }
        }
    }
    return 0;
}

/* The file name of language L's catalog in DIR (NULL: the built-in one). */
static const char *catalog_path(const char *dir, enum lang l, char *buf, size_t size)
{
    if (!dir)
        snprintf(buf, size, "locale/%s.json", lang_code(l));
    else
        snprintf(buf, size, "%s%c%s.json", dir, platform_dir_sep(), lang_code(l));
    return buf;
}

static struct catalog *load_one(const char *dir, enum lang l, struct err *e)
{
    char path[4096];
    catalog_path(dir, l, path, sizeof(path));
    if (!dir) {
        const unsigned char *data = l == LANG_DE ? locale_de_json : locale_en_json;
        size_t len = l == LANG_DE ? locale_de_json_len : locale_en_json_len;
        return catalog_parse(path, (const char *)data, len, e);
    }
    char *text = NULL;
    size_t len = 0;
    if (read_file(path, &text, &len, e) != 0)
        return NULL;
    struct catalog *c = catalog_parse(path, text, len, e);
    free(text);
    if (c && strcmp(c->lang, lang_code(l)) != 0) {
        /* de.json holding the English texts would switch the languages */
        err_set(e, "error.catalog.lang");
        err_arg(e, "file", "%s", path);
        err_arg(e, "found", "%s", c->lang);
        err_arg(e, "expected", "%s", lang_code(l));
        catalog_free(c);
        return NULL;
    }
    return c;
}

int locale_load(struct locale *l, const char *dir, struct err *e)
{
    memset(l, 0, sizeof(*l));
    for (int i = 0; i < LANG_COUNT; i++) {
        l->cat[i] = load_one(dir, (enum lang)i, e);
        if (!l->cat[i]) {
            locale_free(l);
            return -1;
        }
    }
    /* The built-in pair is checked by the test suite (test_lang) when it is
     * built; catalogs from a folder are checked here, each time. */
    char de_name[4096], en_name[4096];
    if (dir && locale_check_pair(l->cat[LANG_DE], l->cat[LANG_EN], catalog_path(dir, LANG_DE, de_name, sizeof(de_name)),
                                 catalog_path(dir, LANG_EN, en_name, sizeof(en_name)), e) != 0) {
        locale_free(l);
        return -1;
    }
    return 0;
}

void locale_free(struct locale *l)
{
    for (int i = 0; i < LANG_COUNT; i++) {
        catalog_free(l->cat[i]);
        l->cat[i] = NULL;
    }
}

enum lang lang_from_tag(const char *tag)
{
    if (tag && (tag[0] == 'd' || tag[0] == 'D') && (tag[1] == 'e' || tag[1] == 'E') &&
        (tag[2] == '\0' || tag[2] == '_' || tag[2] == '-' || tag[2] == '.' || tag[2] == '@'))
        return LANG_DE;
    return LANG_EN;
}

enum lang lang_from_env(void)
{
    char buf[64];
    const char *ui = platform_ui_language(buf, sizeof(buf));
    if (ui)
        return lang_from_tag(ui);
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return lang_from_tag(v);
    }
    return LANG_EN;
}

const char *lang_code(enum lang l)
{
    return l == LANG_DE ? "de" : "en";
}

const char *tr(const struct locale *l, const char *key)
{
    const char *t = catalog_get(l->cat[l->lang], key);
    if (!t)
        t = catalog_get(l->cat[LANG_EN], key);
    return t ? t : key;
}

const char *trf(const struct locale *l, char *keybuf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(keybuf, size, fmt, ap);
    va_end(ap);
    return tr(l, keybuf);
}

char *fill(char *buf, size_t size, const char *tmpl, const char *const *names,
           const char *const *values, size_t n)
{
    size_t used = 0;
    if (size == 0)
        return buf;
    for (const char *p = tmpl; *p && used + 1 < size;) {
        if (*p == '{') {
            size_t l = placeholder_at(p + 1);
            if (l > 0) {
                const char *val = NULL;
                for (size_t i = 0; i < n; i++)
                    if (strlen(names[i]) == l && strncmp(names[i], p + 1, l) == 0)
                        val = values[i];
                if (val) {
                    size_t vl = strlen(val);
                    if (vl > size - 1 - used)
                        vl = size - 1 - used;
                    memcpy(buf + used, val, vl);
                    used += vl;
                    p += l + 2;
                    continue;
                }
            }
        }
        buf[used++] = *p++;
    }
    buf[used] = '\0';
    return buf;
}

char *err_render(const struct locale *l, const struct err *e, char *buf, size_t size)
{
    const char *names[ERR_MAX_ARGS];
    const char *values[ERR_MAX_ARGS];
    for (int i = 0; i < e->nargs; i++) {
        names[i] = e->args[i].name;
        values[i] = e->args[i].value[0] == '@' ? tr(l, e->args[i].value + 1) : e->args[i].value;
    }
    return fill(buf, size, tr(l, e->key), names, values, (size_t)e->nargs);
}

char *tr_count(const struct locale *l, char *buf, size_t size, const char *key, size_t n)
{
    char k[160], num[24];
    snprintf(k, sizeof(k), "%s.%s", key, n == 1 ? "one" : "other");
    snprintf(num, sizeof(num), "%zu", n);
    const char *names[] = {"count"};
    const char *values[] = {num};
    return fill(buf, size, tr(l, k), names, values, 1);
}
