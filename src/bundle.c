/* bundle.c: the facts bundle loader (spec/bundle-v1.md). Every known field
 * is type-checked; the first problem is reported with the file and the JSON
 * path. Unknown fields are ignored (forward compatibility). */
#include "bundle.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "jsonutil.h"
#include "sddl.h"
#include "util.h"

#define BUNDLE_FORMAT "enrolldoc-bundle/1"

struct loader {
    const char *file;
    struct facts *f;
    struct arena *a;
    struct err *e;
    struct jpath path;
};

enum jt { JT_NULL = 1, JT_BOOL = 2, JT_NUM = 4, JT_STR = 8, JT_ARR = 16, JT_OBJ = 32 };

static int type_error(struct loader *L, const cJSON *v, const char *expected_key)
{
    err_set(L->e, "error.bundle.type");
    err_arg(L->e, "file", "%s", L->file);
    err_arg(L->e, "path", "%s", jpath_str(&L->path));
    err_arg(L->e, "expected", "@%s", expected_key);
    return err_arg(L->e, "got", "%s", json_type_name(v));
}

static int value_error(struct loader *L, const char *reason_key, const char *value)
{
    err_set(L->e, "error.bundle.value");
    err_arg(L->e, "file", "%s", L->file);
    err_arg(L->e, "path", "%s", jpath_str(&L->path));
    err_arg(L->e, "reason", "@%s", reason_key);
    return err_arg(L->e, "value", "%.120s", value ? value : "");
}

static int oom(struct loader *L)
{
    err_set(L->e, "error.memory");
    return err_arg(L->e, "file", "%s", L->file);
}

static int is_type(const cJSON *v, int mask)
{
    return ((mask & JT_NULL) && cJSON_IsNull(v)) || ((mask & JT_BOOL) && cJSON_IsBool(v)) ||
           ((mask & JT_NUM) && cJSON_IsNumber(v)) || ((mask & JT_STR) && cJSON_IsString(v)) ||
           ((mask & JT_ARR) && cJSON_IsArray(v)) || ((mask & JT_OBJ) && cJSON_IsObject(v));
}

/* Checks that OBJ is an object without duplicate keys. */
static int need_object(struct loader *L, const cJSON *obj, bool nullable)
{
    if (!is_type(obj, JT_OBJ | (nullable ? JT_NULL : 0)))
        return type_error(L, obj, nullable ? "type.object-or-null" : "type.object");
    if (cJSON_IsObject(obj)) {
        const char *dup = json_duplicate_key(obj);
        if (dup)
            return value_error(L, "bundle.reason.duplicate-key", dup);
    }
    return 0;
}

static const cJSON *field(const cJSON *obj, const char *key)
{
    return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

/* ---- scalars. Each reads OBJ.KEY into OUT; absent stays absent. ---- */

static int rd_str(struct loader *L, const cJSON *obj, const char *key, struct opt_str *out)
{
    const cJSON *v = field(obj, key);
    if (!v)
        return 0;
    size_t old = jpath_key(&L->path, key);
    int rc = 0;
    if (cJSON_IsNull(v)) {
        out->st = F_NULL;
    } else if (cJSON_IsString(v)) {
        out->st = F_SET;
        out->v = arena_strdup(L->a, v->valuestring);
        if (!out->v)
            rc = oom(L);
    } else {
        rc = type_error(L, v, "type.string-or-null");
    }
    if (rc == 0)
        jpath_pop(&L->path, old);
    return rc;
}

static int rd_bool(struct loader *L, const cJSON *obj, const char *key, struct opt_bool *out)
{
    const cJSON *v = field(obj, key);
    if (!v)
        return 0;
    if (cJSON_IsNull(v)) {
        out->st = F_NULL;
    } else if (cJSON_IsBool(v)) {
        out->st = F_SET;
        out->v = cJSON_IsTrue(v);
    } else {
        jpath_key(&L->path, key);
        return type_error(L, v, "type.boolean-or-null");
    }
    return 0;
}

static int rd_int(struct loader *L, const cJSON *obj, const char *key, struct opt_int *out,
                  int64_t min, int64_t max)
{
    const cJSON *v = field(obj, key);
    if (!v)
        return 0;
    if (cJSON_IsNull(v)) {
        out->st = F_NULL;
        return 0;
    }
    size_t old = jpath_key(&L->path, key);
    if (!cJSON_IsNumber(v))
        return type_error(L, v, "type.integer-or-null");
    double d = v->valuedouble;
    /* NaN fails d == d; infinities fail the range check below */
    if (d != d || d != floor(d))
        return type_error(L, v, "type.integer-or-null");
    if (d < (double)min || d > (double)max) {
        char buf[64];
        snprintf(buf, sizeof(buf), "%.0f", d);
        return value_error(L, "bundle.reason.range", buf);
    }
    out->st = F_SET;
    out->v = (int64_t)d;
    jpath_pop(&L->path, old);
    return 0;
}

static int rd_code(struct loader *L, const cJSON *obj, const char *key, struct opt_code *out)
{
    const cJSON *v = field(obj, key);
    if (!v)
        return 0;
    if (cJSON_IsNull(v)) {
        out->st = F_NULL;
        return 0;
    }
    size_t old = jpath_key(&L->path, key);
    uint32_t c;
    if (cJSON_IsNumber(v)) {
        if (code_from_double(v->valuedouble, &c) != 0) {
            char buf[64];
            snprintf(buf, sizeof(buf), "%.0f", v->valuedouble);
            return value_error(L, "bundle.reason.code", buf);
        }
    } else if (cJSON_IsString(v)) {
        if (code_parse(v->valuestring, true, &c) != 0)
            return value_error(L, "bundle.reason.code", v->valuestring);
    } else {
        return type_error(L, v, "type.code");
    }
    out->st = F_SET;
    out->v = code_normalize(c);
    jpath_pop(&L->path, old);
    return 0;
}

static int rd_time(struct loader *L, const cJSON *obj, const char *key, struct opt_time *out)
{
    const cJSON *v = field(obj, key);
    if (!v)
        return 0;
    if (cJSON_IsNull(v)) {
        out->st = F_NULL;
        return 0;
    }
    size_t old = jpath_key(&L->path, key);
    if (!cJSON_IsString(v))
        return type_error(L, v, "type.time-or-null");
    if (time_parse_iso(v->valuestring, &out->v) != 0)
        return value_error(L, "bundle.reason.time", v->valuestring);
    out->st = F_SET;
    jpath_pop(&L->path, old);
    return 0;
}

static bool hex_valid(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

enum strkind { SK_ANY, SK_SID, SK_HEX };

static int check_kind(struct loader *L, const char *s, enum strkind kind)
{
    if (kind == SK_SID && !sid_string_valid(s))
        return value_error(L, "bundle.reason.sid", s);
    if (kind == SK_HEX && !hex_valid(s))
        return value_error(L, "bundle.reason.hex", s);
    return 0;
}

static int rd_str_kind(struct loader *L, const cJSON *obj, const char *key, struct opt_str *out,
                       enum strkind kind)
{
    if (rd_str(L, obj, key, out) != 0)
        return -1;
    if (out->st == F_SET) {
        size_t old = jpath_key(&L->path, key);
        if (check_kind(L, out->v, kind) != 0)
            return -1;
        jpath_pop(&L->path, old);
    }
    return 0;
}

/* An array of strings; null is taken as an empty list. */
static int rd_str_list(struct loader *L, const cJSON *obj, const char *key, struct str_list *out,
                       enum strkind kind)
{
    const cJSON *v = field(obj, key);
    if (!v)
        return 0;
    size_t old = jpath_key(&L->path, key);
    out->st = F_SET;
    if (cJSON_IsNull(v)) {
        jpath_pop(&L->path, old);
        return 0;
    }
    if (!cJSON_IsArray(v))
        return type_error(L, v, "type.string-array");
    size_t n = (size_t)cJSON_GetArraySize(v);
    out->v = arena_calloc(L->a, n ? n : 1, sizeof(*out->v));
    if (!out->v)
        return oom(L);
    const cJSON *it;
    size_t i = 0;
    cJSON_ArrayForEach(it, v)
    {
        size_t o2 = jpath_index(&L->path, i);
        if (!cJSON_IsString(it))
            return type_error(L, it, "type.string");
        if (check_kind(L, it->valuestring, kind) != 0)
            return -1;
        out->v[i] = arena_strdup(L->a, it->valuestring);
        if (!out->v[i])
            return oom(L);
        jpath_pop(&L->path, o2);
        i++;
    }
    out->n = i;
    jpath_pop(&L->path, old);
    return 0;
}

/* Reads a string enum: NAMES[i] -> i. */
static int rd_enum(struct loader *L, const cJSON *obj, const char *key, const char *const *names,
                   size_t nnames, enum fstate *st, int *out)
{
    const cJSON *v = field(obj, key);
    if (!v)
        return 0;
    if (cJSON_IsNull(v)) {
        *st = F_NULL;
        return 0;
    }
    size_t old = jpath_key(&L->path, key);
    if (!cJSON_IsString(v))
        return type_error(L, v, "type.string-or-null");
    for (size_t i = 0; i < nnames; i++) {
        if (strcmp(v->valuestring, names[i]) == 0) {
            *st = F_SET;
            *out = (int)i;
            jpath_pop(&L->path, old);
            return 0;
        }
    }
    err_set(L->e, "error.bundle.enum");
    err_arg(L->e, "file", "%s", L->file);
    err_arg(L->e, "path", "%s", jpath_str(&L->path));
    err_arg(L->e, "value", "%.80s", v->valuestring);
    char allowed[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < nnames; i++) {
        int n = snprintf(allowed + used, sizeof(allowed) - used, "%s\"%s\"", i ? ", " : "",
                         names[i]);
        if (n < 0 || (size_t)n >= sizeof(allowed) - used)
            break;
        used += (size_t)n;
    }
    return err_arg(L->e, "allowed", "%s", allowed);
}

/* ---- arrays of objects ---- */

typedef int (*item_fn)(struct loader *L, const cJSON *obj, void *item);

/* Reads OBJ.KEY, an array of objects, into a new arena array of ITEMSIZE
 * elements. Null is taken as an empty array. */
static int rd_obj_array(struct loader *L, const cJSON *obj, const char *key, size_t itemsize,
                        item_fn fn, enum fstate *st, size_t *n, void **items)
{
    const cJSON *v = field(obj, key);
    if (!v)
        return 0;
    size_t old = jpath_key(&L->path, key);
    *st = F_SET;
    if (cJSON_IsNull(v)) {
        jpath_pop(&L->path, old);
        return 0;
    }
    if (!cJSON_IsArray(v))
        return type_error(L, v, "type.object-array");
    size_t count = (size_t)cJSON_GetArraySize(v);
    unsigned char *arr = arena_calloc(L->a, count ? count : 1, itemsize);
    if (!arr)
        return oom(L);
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        size_t o2 = jpath_index(&L->path, i);
        if (need_object(L, it, false) != 0)
            return -1;
        if (fn(L, it, arr + i * itemsize) != 0)
            return -1;
        jpath_pop(&L->path, o2);
        i++;
    }
    *n = i;
    *items = arr;
    jpath_pop(&L->path, old);
    return 0;
}

static int rd_sddl(struct loader *L, const cJSON *obj, struct opt_str *text, const struct sddl **sd)
{
    if (rd_str(L, obj, "sddl", text) != 0)
        return -1;
    if (text->st != F_SET)
        return 0;
    struct err sub;
    err_clear(&sub);
    if (sddl_parse(L->a, text->v, sd, &sub) != 0) {
        jpath_key(&L->path, "sddl");
        const char *off = err_get(&sub, "offset");
        const char *reason = err_get(&sub, "reason");
        err_set(L->e, "error.bundle.sddl");
        err_arg(L->e, "file", "%s", L->file);
        err_arg(L->e, "path", "%s", jpath_str(&L->path));
        err_arg(L->e, "offset", "%s", off ? off : "?");
        return err_arg(L->e, "reason", "@%s", reason ? reason : "sddl.reason.invalid");
    }
    return 0;
}

static int rd_cert(struct loader *L, const cJSON *o, void *item)
{
    struct cert *c = item;
    return rd_str_kind(L, o, "thumbprint", &c->thumbprint, SK_HEX) ||
                   rd_str(L, o, "subject", &c->subject) || rd_str(L, o, "issuer", &c->issuer) ||
                   rd_time(L, o, "not_before", &c->not_before) ||
                   rd_time(L, o, "not_after", &c->not_after) ||
                   rd_str(L, o, "template_name", &c->template_name) ||
                   rd_str(L, o, "template_oid", &c->template_oid) ||
                   rd_bool(L, o, "archived", &c->archived) ||
                   rd_bool(L, o, "has_private_key", &c->has_private_key)
               ? -1
               : 0;
}

static const char *const task_states[] = {"ready", "running", "queued", "disabled", "unknown"};
static const char *const contexts[] = {"user", "machine"};
static const char *const levels[] = {"error", "warning", "information", "critical", "verbose"};
static const char *const delegations[] = {"none", "constrained", "unconstrained"};
static const char *const vias[] = {"rpc", "ces"};

static int rd_task(struct loader *L, const cJSON *o, struct task *t)
{
    int state = 0;
    if (rd_bool(L, o, "exists", &t->exists) || rd_bool(L, o, "enabled", &t->enabled) ||
        rd_enum(L, o, "state", task_states, 5, &t->state_st, &state) ||
        rd_time(L, o, "last_run", &t->last_run) || rd_code(L, o, "last_result", &t->last_result) ||
        rd_time(L, o, "running_since", &t->running_since))
        return -1;
    t->state = (enum task_state)state;
    return 0;
}

/* One value of an object group SID -> value: reads OBJ.SID into SLOT (whose
 * SID member the caller sets). Returns 0, 1 when the value is null (not
 * known for that group: left out), -1 on an error. */
typedef int (*sid_value_fn)(struct loader *L, const cJSON *obj, const char *sid, void *slot);

/* An object group SID -> value into *V (*N slots of SIZE bytes, each
 * beginning with its `const char *sid`), *ST F_SET; null is taken as an
 * empty object. */
static int rd_sid_map(struct loader *L, const cJSON *obj, const char *key, size_t size, sid_value_fn value,
                      enum fstate *st, void **v, size_t *n)
{
    const cJSON *o = field(obj, key);
    if (!o)
        return 0;
    size_t old = jpath_key(&L->path, key);
    if (need_object(L, o, true) != 0)
        return -1;
    *st = F_SET;
    *n = 0;
    size_t cap = cJSON_IsObject(o) ? (size_t)cJSON_GetArraySize(o) : 0;
    unsigned char *slots = arena_calloc(L->a, cap ? cap : 1, size);
    if (!(*v = slots))
        return oom(L);
    const cJSON *it;
    const cJSON *items = cJSON_IsObject(o) ? o : NULL;
    cJSON_ArrayForEach(it, items)
    {
        void *slot = slots + *n * size;
        int rc = value(L, o, it->string, slot);
        if (rc < 0)
            return -1;
        if (rc > 0)
            continue;
        size_t o2 = jpath_key(&L->path, it->string);
        if (check_kind(L, it->string, SK_SID) != 0)
            return -1;
        jpath_pop(&L->path, o2);
        const char *sid = arena_strdup(L->a, it->string);
        if (!sid)
            return oom(L);
        memcpy(slot, &sid, sizeof(sid));
        (*n)++;
    }
    jpath_pop(&L->path, old);
    return 0;
}

/* membership_added: a time; a null time is not known. */
static int sid_time_value(struct loader *L, const cJSON *obj, const char *sid, void *slot)
{
    struct opt_time t = {F_ABSENT, 0};
    if (rd_time(L, obj, sid, &t) != 0)
        return -1;
    ((struct sid_time *)slot)->t = t.v;
    return t.st == F_SET ? 0 : 1;
}

static const char *const member_sources[] = {"value-metadata", "when-changed"};

/* membership_source: "value-metadata" or "when-changed"; null is not known. */
static int sid_source_value(struct loader *L, const cJSON *obj, const char *sid, void *slot)
{
    enum fstate st = F_ABSENT;
    int src = 0;
    if (rd_enum(L, obj, sid, member_sources, 2, &st, &src) != 0)
        return -1;
    ((struct sid_source *)slot)->src = (enum member_source)src;
    return st == F_SET ? 0 : 1;
}

static int rd_sid_times(struct loader *L, const cJSON *obj, const char *key, struct sid_times *out)
{
    void *v = out->v;
    int rc = rd_sid_map(L, obj, key, sizeof(*out->v), sid_time_value, &out->st, &v, &out->n);
    out->v = v;
    return rc;
}

static int rd_sid_sources(struct loader *L, const cJSON *obj, const char *key, struct sid_sources *out)
{
    void *v = out->v;
    int rc = rd_sid_map(L, obj, key, sizeof(*out->v), sid_source_value, &out->st, &v, &out->n);
    out->v = v;
    return rc;
}

/* logon_time belongs to the user's identity only: the computer account's
 * identity has no logon of its own (its groups date from the boot). */
static int rd_identity(struct loader *L, const cJSON *o, struct identity *id, enum ctx c)
{
    return rd_str(L, o, "name", &id->name) || rd_str_kind(L, o, "sid", &id->sid, SK_SID) ||
                   rd_str_list(L, o, "token_groups", &id->token_groups, SK_SID) ||
                   rd_str_list(L, o, "directory_groups", &id->directory_groups, SK_SID) ||
                   rd_bool(L, o, "not_delegated", &id->not_delegated) ||
                   rd_str(L, o, "mail", &id->mail) ||
                   rd_sid_times(L, o, "membership_added", &id->membership_added) ||
                   rd_sid_sources(L, o, "membership_source", &id->membership_source) ||
                   (c == CTX_USER && rd_time(L, o, "logon_time", &id->logon_time))
               ? -1
               : 0;
}

static int rd_template(struct loader *L, const cJSON *o, void *item)
{
    struct tmpl *t = item;
    return rd_str(L, o, "name", &t->name) || rd_str(L, o, "display_name", &t->display_name) ||
                   rd_str(L, o, "oid", &t->oid) ||
                   rd_int(L, o, "schema_version", &t->schema_version, 1, 4) ||
                   rd_sddl(L, o, &t->sddl, &t->sd) ||
                   rd_bool(L, o, "requires_email", &t->requires_email) ||
                   rd_bool(L, o, "autoenroll_flag", &t->autoenroll_flag) ||
                   rd_str_list(L, o, "issuance_policies", &t->issuance_policies, SK_ANY) ||
                   rd_str_list(L, o, "valid_issuance_policies", &t->valid_issuance_policies,
                               SK_ANY) ||
                   rd_str_list(L, o, "providers", &t->providers, SK_ANY) ||
                   rd_int(L, o, "private_key_flags", &t->private_key_flags, 0, 0xFFFFFFFFLL)
               ? -1
               : 0;
}

static int rd_ca(struct loader *L, const cJSON *o, void *item)
{
    struct ca *c = item;
    return rd_str(L, o, "name", &c->name) || rd_str(L, o, "host", &c->host) ||
                   rd_str(L, o, "config", &c->config) ||
                   rd_str_list(L, o, "templates", &c->templates, SK_ANY) ||
                   rd_sddl(L, o, &c->sddl, &c->sd) ||
                   rd_bool(L, o, "renew_on_behalf_of", &c->renew_on_behalf_of) ||
                   rd_str_list(L, o, "ces_urls", &c->ces_urls, SK_ANY)
               ? -1
               : 0;
}

static int rd_ksp(struct loader *L, const cJSON *o, void *item)
{
    struct ksp_test *k = item;
    int c = 0;
    if (rd_str(L, o, "provider", &k->provider) || rd_bool(L, o, "ok", &k->ok) ||
        rd_code(L, o, "error", &k->error) || rd_enum(L, o, "context", contexts, 2, &k->ctx_st, &c))
        return -1;
    k->ctx = k->ctx_st == F_SET ? (enum ctx)c : CTX_NONE;
    return 0;
}

static int rd_ping(struct loader *L, const cJSON *o, void *item)
{
    struct ca_ping *p = item;
    return rd_str(L, o, "config", &p->config) || rd_bool(L, o, "ok", &p->ok) ||
                   rd_code(L, o, "error", &p->error) || rd_str(L, o, "ca_name", &p->ca_name) ||
                   rd_str(L, o, "account", &p->account)
               ? -1
               : 0;
}

static int rd_enum_str(struct loader *L, const cJSON *o, const char *key, const char *const *names,
                       size_t n, struct opt_str *out);
static const char *const enroll_states[] = {"issued", "pending", "denied", "failed"};

static int rd_enroll(struct loader *L, const cJSON *o, void *item)
{
    struct enroll_result *r = item;
    int c = 0;
    if (rd_str(L, o, "template", &r->tmpl) ||
        rd_enum(L, o, "context", contexts, 2, &r->ctx_st, &c) || rd_bool(L, o, "ok", &r->ok) ||
        rd_code(L, o, "error", &r->error) || rd_time(L, o, "time", &r->time))
        return -1;
    r->ctx = r->ctx_st == F_SET ? (enum ctx)c : CTX_NONE;
    enum fstate via_st = F_ABSENT;
    int via = 0;
    if (rd_enum(L, o, "via", vias, 2, &via_st, &via) || rd_str(L, o, "output", &r->output) ||
        rd_enum_str(L, o, "status", enroll_states, 4, &r->status) || rd_int(L, o, "request_id", &r->request_id, 0, 0xFFFFFFFFLL))
        return -1;
    r->via.st = via_st;
    r->via.v = via_st == F_SET ? vias[via] : NULL;
    return 0;
}

static const char *const ps_sources[] = {"policy", "local"};
static const char *const ps_auths[] = {"kerberos", "username", "certificate", "anonymous"};

/* An enum field KEY of O into the opt_str OUT (the static name from NAMES). */
static int rd_enum_str(struct loader *L, const cJSON *o, const char *key, const char *const *names,
                       size_t n, struct opt_str *out)
{
    int i = 0;
    if (rd_enum(L, o, key, names, n, &out->st, &i))
        return -1;
    out->v = out->st == F_SET ? names[i] : NULL;
    return 0;
}

static int rd_policy_server(struct loader *L, const cJSON *o, void *item)
{
    struct policy_server *ps = item;
    int c = 0;
    if (rd_str(L, o, "url", &ps->url) || rd_str(L, o, "id", &ps->id) || rd_str(L, o, "name", &ps->name) ||
        rd_enum(L, o, "context", contexts, 2, &ps->ctx_st, &c) ||
        rd_enum_str(L, o, "source", ps_sources, 2, &ps->source) ||
        rd_enum_str(L, o, "auth", ps_auths, 4, &ps->auth) || rd_bool(L, o, "default", &ps->is_default) ||
        rd_int(L, o, "cost", &ps->cost, 0, 0xFFFFFFFFLL) || rd_int(L, o, "flags", &ps->flags, 0, 0xFFFFFFFFLL))
        return -1;
    ps->ctx = ps->ctx_st == F_SET ? (enum ctx)c : CTX_NONE;
    return 0;
}

static int rd_event(struct loader *L, const cJSON *o, void *item)
{
    struct event *ev = item;
    int lvl = 0;
    if (rd_time(L, o, "time", &ev->time) || rd_str(L, o, "provider", &ev->provider) ||
        rd_int(L, o, "id", &ev->id, 0, 65535) ||
        rd_enum(L, o, "level", levels, 5, &ev->level_st, &lvl) ||
        rd_str(L, o, "message", &ev->message) || rd_str_kind(L, o, "sid", &ev->sid, SK_SID))
        return -1;
    switch (lvl) {
    case 0: case 3: ev->level = EV_ERROR; break;
    case 1: ev->level = EV_WARNING; break;
    case 2: ev->level = EV_INFORMATION; break;
    default: ev->level = EV_OTHER; break;
    }
    return 0;
}

static int rd_events(struct loader *L, const cJSON *obj, const char *key, struct event_list *out)
{
    void *items = NULL;
    if (rd_obj_array(L, obj, key, sizeof(struct event), rd_event, &out->st, &out->n, &items))
        return -1;
    out->v = items;
    for (size_t i = 0; i < out->n; i++)
        out->v[i].order = i;
    return 0;
}

static int rd_ces(struct loader *L, const cJSON *o, struct ces *c)
{
    if (rd_str(L, o, "url", &c->url) || rd_code(L, o, "error", &c->error) ||
        rd_code(L, o, "inner_error", &c->inner_error) ||
        rd_bool(L, o, "key_based_renewal", &c->key_based_renewal) ||
        rd_events(L, o, "events", &c->events))
        return -1;
    const cJSON *srv = field(o, "server");
    if (!srv)
        return 0;
    size_t old = jpath_key(&L->path, "server");
    if (need_object(L, srv, true) != 0)
        return -1;
    if (cJSON_IsNull(srv)) {
        c->server_st = F_NULL;
    } else {
        int d = 0;
        c->server_st = F_SET;
        if (rd_str(L, srv, "host", &c->server_host) || rd_str(L, srv, "account", &c->server_account) ||
            rd_enum(L, srv, "delegation", delegations, 3, &c->delegation_st, &d) ||
            rd_str_list(L, srv, "delegate_to", &c->delegate_to, SK_ANY) ||
            rd_str_list(L, srv, "rbcd_hosts", &c->rbcd_hosts, SK_ANY) ||
            rd_bool(L, srv, "impersonate_privilege", &c->impersonate_privilege) ||
            rd_bool(L, srv, "credential_guard", &c->credential_guard))
            return -1;
        c->delegation = (enum delegation)d;
    }
    jpath_pop(&L->path, old);
    return 0;
}

/* Reads OBJ.KEY = {"user": X, "machine": Y}, calling FN for each present side. */
typedef int (*ctx_fn)(struct loader *L, const cJSON *parent, const char *key, void *base,
                      enum ctx c);

static int rd_per_ctx(struct loader *L, const cJSON *obj, const char *key, ctx_fn fn, void *base)
{
    const cJSON *v = field(obj, key);
    if (!v)
        return 0;
    size_t old = jpath_key(&L->path, key);
    if (need_object(L, v, false) != 0)
        return -1;
    if (fn(L, v, "user", base, CTX_USER) || fn(L, v, "machine", base, CTX_MACHINE))
        return -1;
    jpath_pop(&L->path, old);
    return 0;
}

static int ctx_aepolicy(struct loader *L, const cJSON *p, const char *key, void *base, enum ctx c)
{
    (void)base;
    return rd_int(L, p, key, &L->f->aepolicy[c], 0, 0xFFFFFFFFLL);
}

static int ctx_certs(struct loader *L, const cJSON *p, const char *key, void *base, enum ctx c)
{
    (void)base;
    struct cert_list *cl = &L->f->certs[c];
    void *items = NULL;
    if (rd_obj_array(L, p, key, sizeof(struct cert), rd_cert, &cl->st, &cl->n, &items))
        return -1;
    cl->v = items;
    return 0;
}

static int ctx_task(struct loader *L, const cJSON *p, const char *key, void *base, enum ctx c)
{
    (void)base;
    const cJSON *v = field(p, key);
    if (!v)
        return 0;
    size_t old = jpath_key(&L->path, key);
    if (need_object(L, v, true) != 0)
        return -1;
    struct task *t = &L->f->tasks[c];
    t->st = F_SET;
    if (cJSON_IsNull(v)) {
        /* Collected, and the task does not exist. */
        t->exists.st = F_SET;
        t->exists.v = false;
    } else if (rd_task(L, v, t) != 0) {
        return -1;
    }
    jpath_pop(&L->path, old);
    return 0;
}

static int ctx_identity(struct loader *L, const cJSON *p, const char *key, void *base, enum ctx c)
{
    (void)base;
    const cJSON *v = field(p, key);
    if (!v)
        return 0;
    size_t old = jpath_key(&L->path, key);
    if (need_object(L, v, true) != 0)
        return -1;
    struct identity *id = &L->f->identity[c];
    if (cJSON_IsNull(v)) {
        id->st = F_NULL;
    } else {
        id->st = F_SET;
        if (rd_identity(L, v, id, c) != 0)
            return -1;
    }
    jpath_pop(&L->path, old);
    return 0;
}

/* A text for people in both languages: a string (or null), the one text for
 * both, into *TEXT; or an object {"en": "...", "de": "..."} with at least
 * one of the two: English (else German) into *TEXT, German into *TEXT_DE. */
static int rd_text(struct loader *L, const cJSON *obj, const char *key, struct opt_str *text,
                   struct opt_str *text_de)
{
    const cJSON *v = field(obj, key);
    if (!v || cJSON_IsString(v) || cJSON_IsNull(v))
        return rd_str(L, obj, key, text);
    size_t old = jpath_key(&L->path, key);
    if (!cJSON_IsObject(v))
        return type_error(L, v, "type.text");
    const cJSON *it;
    cJSON_ArrayForEach(it, v) {
        if (strcmp(it->string, "en") != 0 && strcmp(it->string, "de") != 0)
            return type_error(L, v, "type.text");
    }
    const cJSON *en = field(v, "en"), *de = field(v, "de");
    if ((!en && !de) || (en && !cJSON_IsString(en)) || (de && !cJSON_IsString(de)))
        return type_error(L, v, "type.text");
    text->st = F_SET;
    text->v = arena_strdup(L->a, (en ? en : de)->valuestring);
    if (de) {
        text_de->st = F_SET;
        text_de->v = arena_strdup(L->a, de->valuestring);
    }
    if (!text->v || (de && !text_de->v))
        return oom(L);
    jpath_pop(&L->path, old);
    return 0;
}

static int rd_meta(struct loader *L, const cJSON *root)
{
    const cJSON *m = field(root, "meta");
    if (!m)
        return 0;
    size_t old = jpath_key(&L->path, "meta");
    if (need_object(L, m, false) != 0)
        return -1;
    struct meta *mt = &L->f->meta;
    if (rd_str(L, m, "host", &mt->host) || rd_time(L, m, "collected_at", &mt->collected_at) ||
        rd_str(L, m, "os", &mt->os) || rd_str(L, m, "lang", &mt->lang) ||
        rd_text(L, m, "title", &mt->title, &mt->title_de) ||
        rd_text(L, m, "description", &mt->description, &mt->description_de))
        return -1;
    /* "tool": a string, or an object {name, version}. */
    const cJSON *tool = field(m, "tool");
    if (tool) {
        jpath_key(&L->path, "tool");
        if (cJSON_IsString(tool)) {
            mt->tool.st = F_SET;
            mt->tool.v = arena_strdup(L->a, tool->valuestring);
        } else if (cJSON_IsObject(tool)) {
            const cJSON *n = field(tool, "name"), *v = field(tool, "version");
            if ((n && !cJSON_IsString(n)) || (v && !cJSON_IsString(v)))
                return type_error(L, n && !cJSON_IsString(n) ? n : v, "type.string");
            mt->tool.st = F_SET;
            char buf[256];
            snprintf(buf, sizeof(buf), "%s%s%s", cJSON_IsString(n) ? n->valuestring : "",
                     cJSON_IsString(v) ? " " : "", cJSON_IsString(v) ? v->valuestring : "");
            mt->tool.v = arena_strdup(L->a, buf);
        } else if (cJSON_IsNull(tool)) {
            mt->tool.st = F_NULL;
        } else {
            return type_error(L, tool, "type.tool");
        }
        if (mt->tool.st == F_SET && !mt->tool.v)
            return oom(L);
    }
    jpath_pop(&L->path, old);
    return 0;
}

static int rd_answers(struct loader *L, const cJSON *root)
{
    const cJSON *a = field(root, "answers");
    if (!a)
        return 0;
    size_t old = jpath_key(&L->path, "answers");
    if (need_object(L, a, true) != 0)
        return -1;
    size_t n = cJSON_IsObject(a) ? (size_t)cJSON_GetArraySize(a) : 0;
    L->f->answers = arena_calloc(L->a, n ? n : 1, sizeof(*L->f->answers));
    if (!L->f->answers)
        return oom(L);
    const cJSON *it;
    size_t i = 0;
    if (cJSON_IsObject(a)) {
        cJSON_ArrayForEach(it, a)
        {
            size_t o2 = jpath_key(&L->path, it->string ? it->string : "");
            if (!cJSON_IsString(it))
                return type_error(L, it, "type.string");
            L->f->answers[i].question = arena_strdup(L->a, it->string ? it->string : "");
            L->f->answers[i].choice = arena_strdup(L->a, it->valuestring);
            if (!L->f->answers[i].question || !L->f->answers[i].choice)
                return oom(L);
            jpath_pop(&L->path, o2);
            i++;
        }
    }
    L->f->nanswers = i;
    jpath_pop(&L->path, old);
    return 0;
}

struct named {
    const char *name;
    size_t index;
};

static int cmp_named(const void *a, const void *b)
{
    const struct named *x = a, *y = b;
    int c = ascii_casecmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Refuses two items of the array facts.KEY (N of them, ITEMSIZE bytes each,
 * the name an opt_str at NAME_OFF) with the same name, as Windows compares
 * names (without case): which one a check would see would be chance. */
static int unique_names(struct loader *L, const char *key, const void *items, size_t n,
                        size_t itemsize, size_t name_off)
{
    if (n < 2)
        return 0;
    struct named *v = malloc(n * sizeof(*v));
    if (!v)
        return oom(L);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct opt_str *s = (const void *)((const unsigned char *)items + i * itemsize + name_off);
        if (s->st == F_SET)
            v[k++] = (struct named){s->v, i};
    }
    qsort(v, k, sizeof(*v), cmp_named);
    int rc = 0;
    for (size_t i = 1; i < k && rc == 0; i++) {
        if (ascii_casecmp(v[i - 1].name, v[i].name) != 0)
            continue;
        err_set(L->e, "error.bundle.duplicate");
        err_arg(L->e, "file", "%s", L->file);
        err_arg(L->e, "path", "facts.%s[%zu].name", key, v[i - 1].index);
        err_arg(L->e, "other", "facts.%s[%zu].name", key, v[i].index);
        rc = err_arg(L->e, "value", "%.120s", v[i].name);
    }
    free(v);
    return rc;
}

static int rd_facts(struct loader *L, const cJSON *root)
{
    const cJSON *fo = field(root, "facts");
    if (!fo)
        return 0;
    size_t old = jpath_key(&L->path, "facts");
    if (need_object(L, fo, false) != 0)
        return -1;
    struct facts *f = L->f;
    void *items = NULL;
    if (rd_per_ctx(L, fo, "aepolicy", ctx_aepolicy, NULL) ||
        rd_int(L, fo, "loglevel", &f->loglevel, 0, 0xFFFFFFFFLL) ||
        rd_per_ctx(L, fo, "certificates", ctx_certs, NULL) ||
        rd_per_ctx(L, fo, "tasks", ctx_task, NULL) ||
        rd_per_ctx(L, fo, "identity", ctx_identity, NULL))
        return -1;
    const cJSON *s = field(fo, "session");
    if (s) {
        size_t o2 = jpath_key(&L->path, "session");
        if (need_object(L, s, true) != 0)
            return -1;
        f->session.st = cJSON_IsNull(s) ? F_NULL : F_SET;
        if (rd_bool(L, s, "elevated", &f->session.elevated) ||
            rd_bool(L, s, "system", &f->session.system) ||
            rd_bool(L, s, "domain_joined", &f->session.domain_joined) ||
            rd_bool(L, s, "dc_reachable", &f->session.dc_reachable) ||
            rd_bool(L, s, "runas", &f->session.runas) ||
            rd_bool(L, s, "remote", &f->session.remote) ||
            rd_time(L, s, "boot_time", &f->session.boot_time))
            return -1;
        jpath_pop(&L->path, o2);
    }
    if (rd_obj_array(L, fo, "templates", sizeof(struct tmpl), rd_template, &f->templates_st,
                     &f->ntemplates, &items))
        return -1;
    f->templates = items;
    items = NULL;
    if (rd_obj_array(L, fo, "cas", sizeof(struct ca), rd_ca, &f->cas_st, &f->ncas, &items))
        return -1;
    f->cas = items;
    items = NULL;
    if (unique_names(L, "templates", f->templates, f->ntemplates, sizeof(struct tmpl),
                     offsetof(struct tmpl, name)) ||
        unique_names(L, "cas", f->cas, f->ncas, sizeof(struct ca), offsetof(struct ca, name)))
        return -1;
    if (rd_obj_array(L, fo, "ksp", sizeof(struct ksp_test), rd_ksp, &f->ksp_st, &f->nksp, &items))
        return -1;
    f->ksp = items;
    items = NULL;
    if (rd_obj_array(L, fo, "ca_ping", sizeof(struct ca_ping), rd_ping, &f->ca_ping_st,
                     &f->nca_ping, &items))
        return -1;
    f->ca_ping = items;
    items = NULL;
    if (rd_obj_array(L, fo, "enroll", sizeof(struct enroll_result), rd_enroll, &f->enroll_st,
                     &f->nenroll, &items))
        return -1;
    f->enroll = items;
    items = NULL;
    if (rd_obj_array(L, fo, "policy_servers", sizeof(struct policy_server), rd_policy_server,
                     &f->policy_servers_st, &f->npolicy_servers, &items))
        return -1;
    f->policy_servers = items;
    if (rd_events(L, fo, "events", &f->events) || rd_events(L, fo, "ca_events", &f->ca_events))
        return -1;
    const cJSON *c = field(fo, "ces");
    if (c) {
        size_t o2 = jpath_key(&L->path, "ces");
        if (need_object(L, c, true) != 0)
            return -1;
        if (cJSON_IsNull(c)) {
            f->ces.st = F_NULL;
        } else {
            f->ces.st = F_SET;
            if (rd_ces(L, c, &f->ces) != 0)
                return -1;
        }
        jpath_pop(&L->path, o2);
    }
    jpath_pop(&L->path, old);
    return 0;
}

static int load_root(struct loader *L, const cJSON *root)
{
    if (need_object(L, root, false) != 0)
        return -1;
    const cJSON *fmt = field(root, "format");
    if (!fmt) {
        err_set(L->e, "error.bundle.no-format");
        return err_arg(L->e, "file", "%s", L->file);
    }
    if (!cJSON_IsString(fmt)) {
        jpath_key(&L->path, "format");
        return type_error(L, fmt, "type.string");
    }
    if (strcmp(fmt->valuestring, BUNDLE_FORMAT) != 0) {
        err_set(L->e, "error.bundle.format");
        err_arg(L->e, "file", "%s", L->file);
        err_arg(L->e, "value", "%.80s", fmt->valuestring);
        return err_arg(L->e, "expected", "%s", BUNDLE_FORMAT);
    }
    int c = 0;
    if (rd_meta(L, root) || rd_enum(L, root, "context", contexts, 2, &L->f->ctx_st, &c) ||
        rd_str(L, root, "template", &L->f->tmpl) || rd_answers(L, root) || rd_facts(L, root))
        return -1;
    L->f->ctx = L->f->ctx_st == F_SET ? (enum ctx)c : CTX_NONE;
    if (L->f->tmpl.st == F_SET && L->f->tmpl.v[0] == '\0') {
        jpath_key(&L->path, "template");
        return value_error(L, "bundle.reason.empty", "");
    }
    return 0;
}

int bundle_parse(const char *name, const char *text, size_t len, struct facts **out,
                 struct err *e)
{
    *out = NULL;
    cJSON *root = NULL;
    if (json_parse_text(name, text, len, &root, e) != 0)
        return -1;
    struct facts *f = facts_new();
    if (!f) {
        cJSON_Delete(root);
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", name);
    }
    struct loader L = {.file = name, .f = f, .a = &f->arena, .e = e};
    int rc = load_root(&L, root);
    cJSON_Delete(root);
    if (rc != 0) {
        facts_free(f);
        return -1;
    }
    *out = f;
    return 0;
}

extern const unsigned char demo_json[];
extern const size_t demo_json_len;

int bundle_demo(struct facts **out, struct err *e)
{
    return bundle_parse("demo", (const char *)demo_json, demo_json_len, out, e);
}

int bundle_load(const char *path, struct facts **out, struct err *e)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    if (read_file(path, &text, &len, e) != 0)
        return -1;
    int rc = bundle_parse(path, text, len, out, e);
    free(text);
    return rc;
}

const char *bundle_meta_text(const struct opt_str *text, const struct opt_str *text_de, enum lang lang)
{
    if (lang == LANG_DE && text_de->st == F_SET && text_de->v)
        return text_de->v;
    return text->st == F_SET ? text->v : NULL;
}
