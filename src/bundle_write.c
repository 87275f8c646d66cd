/* bundle_write.c: facts -> `enrolldoc-bundle/1` text (spec/bundle-v1.md).
 * Builds a cJSON tree in the spec's key order and prints it with
 * json_write_pretty(). An allocation failure anywhere sets W->oom; the
 * helpers accept a NULL parent (left by an earlier failure) and do nothing,
 * so the tree is checked once at the end. */
#include "bundle_write.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "jsonutil.h"
#include "probe.h"
#include "platform/platform.h"
#include "util.h"

#define BUNDLE_FORMAT "enrolldoc-bundle/1"
/* Longer tool strings are written as a plain string: the loader joins the
 * object form in a 256-byte buffer. */
#define TOOL_OBJECT_MAX 200

struct writer {
    bool oom;
};

/* Adds V to OBJ under KEY (or to array OBJ when KEY is NULL); V is consumed. */
static cJSON *put(struct writer *W, cJSON *obj, const char *key, cJSON *v)
{
    if (!v || !obj) {
        cJSON_Delete(v);
        W->oom = true;
        return NULL;
    }
    cJSON_bool ok = key ? cJSON_AddItemToObject(obj, key, v) : cJSON_AddItemToArray(obj, v);
    if (!ok) {
        cJSON_Delete(v);
        W->oom = true;
        return NULL;
    }
    return v;
}

/* S as valid UTF-8: S itself when it is, else a malloc'd copy (*TOFREE)
 * with every invalid byte replaced by U+FFFD, so that a probe that hands
 * over text in a legacy code page cannot make the bundle unreadable.
 * NULL when out of memory. */
static const char *utf8_clean(const char *s, char **tofree)
{
    *tofree = NULL;
    const unsigned char *u = (const unsigned char *)s;
    size_t total = strlen(s), i = 0, n;
    while (u[i] && (n = utf8_seq_len(u + i, total - i)) > 0)
        i += n;
    if (!u[i])
        return s;
    char *out = malloc(total * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (i = 0; u[i];) {
        n = utf8_seq_len(u + i, total - i);
        if (n == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
        }
    }
    out[o] = '\0';
    *tofree = out;
    return out;
}

/* A cJSON string of S (made valid UTF-8), or NULL when out of memory. */
static cJSON *mkstr(const char *s)
{
    char *tofree;
    const char *clean = utf8_clean(s, &tofree);
    cJSON *v = clean ? cJSON_CreateString(clean) : NULL;
    free(tofree);
    return v;
}

static void put_str(struct writer *W, cJSON *obj, const char *key, const struct opt_str *s)
{
    if (s->st == F_ABSENT)
        return;
    put(W, obj, key, s->st == F_SET && s->v ? mkstr(s->v) : cJSON_CreateNull());
}

static void put_bool(struct writer *W, cJSON *obj, const char *key, const struct opt_bool *b)
{
    if (b->st == F_ABSENT)
        return;
    put(W, obj, key, b->st == F_SET ? cJSON_CreateBool(b->v) : cJSON_CreateNull());
}

static void put_int(struct writer *W, cJSON *obj, const char *key, const struct opt_int *i)
{
    if (i->st == F_ABSENT)
        return;
    put(W, obj, key, i->st == F_SET ? cJSON_CreateNumber((double)i->v) : cJSON_CreateNull());
}

static void put_code(struct writer *W, cJSON *obj, const char *key, const struct opt_code *c)
{
    if (c->st == F_ABSENT)
        return;
    if (c->st == F_NULL) {
        put(W, obj, key, cJSON_CreateNull());
        return;
    }
    char buf[16];
    code_format(c->v, buf, sizeof(buf));
    put(W, obj, key, cJSON_CreateString(buf));
}

static void put_time(struct writer *W, cJSON *obj, const char *key, const struct opt_time *t)
{
    if (t->st == F_ABSENT)
        return;
    if (t->st == F_NULL) {
        put(W, obj, key, cJSON_CreateNull());
        return;
    }
    char buf[40];
    time_format_iso(t->v, buf, sizeof(buf));
    put(W, obj, key, cJSON_CreateString(buf));
}

/* An enum as its name; NAME NULL (value out of range) is written as null. */
static void put_enum(struct writer *W, cJSON *obj, const char *key, enum fstate st,
                     const char *name)
{
    if (st == F_ABSENT)
        return;
    put(W, obj, key, st == F_SET && name ? cJSON_CreateString(name) : cJSON_CreateNull());
}

static void put_str_list(struct writer *W, cJSON *obj, const char *key, const struct str_list *l)
{
    if (l->st == F_ABSENT)
        return;
    if (l->st == F_NULL) {
        put(W, obj, key, cJSON_CreateNull());
        return;
    }
    cJSON *arr = put(W, obj, key, cJSON_CreateArray());
    for (size_t i = 0; i < l->n && arr; i++)
        put(W, arr, NULL, l->v[i] ? mkstr(l->v[i]) : cJSON_CreateNull());
}

/* An array of objects in state ST: absent -> nothing, null -> null,
 * set -> the array, returned for the caller to fill. */
static cJSON *put_obj_array(struct writer *W, cJSON *obj, const char *key, enum fstate st)
{
    if (st == F_ABSENT)
        return NULL;
    if (st == F_NULL) {
        put(W, obj, key, cJSON_CreateNull());
        return NULL;
    }
    return put(W, obj, key, cJSON_CreateArray());
}

/* A nested object in state ST: absent -> nothing, null -> null, set -> the
 * object, returned for the caller to fill. */
static cJSON *put_obj(struct writer *W, cJSON *obj, const char *key, enum fstate st)
{
    if (st == F_ABSENT)
        return NULL;
    if (st == F_NULL) {
        put(W, obj, key, cJSON_CreateNull());
        return NULL;
    }
    return put(W, obj, key, cJSON_CreateObject());
}

static const char *task_state_str(enum task_state s)
{
    switch (s) {
    case TASK_READY:
    case TASK_RUNNING:
    case TASK_QUEUED:
    case TASK_DISABLED:
    case TASK_UNKNOWN: return task_state_name(s);
    }
    return NULL;
}

static const char *ctx_str(enum ctx c)
{
    return c == CTX_USER || c == CTX_MACHINE ? ctx_name(c) : NULL;
}

static const char *level_str(enum ev_level l)
{
    switch (l) {
    case EV_ERROR:
    case EV_WARNING:
    case EV_INFORMATION: return ev_level_name(l);
    case EV_OTHER: break;
    }
    /* ev_level_name() says "other", which no reader accepts; "verbose" is
     * the loader's other name for EV_OTHER. */
    return "verbose";
}

static const char *delegation_str(enum delegation d)
{
    switch (d) {
    case DELEG_NONE:
    case DELEG_CONSTRAINED:
    case DELEG_UNCONSTRAINED: return delegation_name(d);
    }
    return NULL;
}

/* ---- meta ---- */

static bool meta_any(const struct meta *m)
{
    return m->host.st || m->collected_at.st || m->os.st || m->tool.st || m->lang.st ||
           m->title.st || m->description.st;
}

/* A meta text: a plain string, or {"en", "de"} when it has a German text. */
static void put_text(struct writer *W, cJSON *meta, const char *key, const struct opt_str *text,
                     const struct opt_str *text_de)
{
    if (text_de->st != F_SET || !text_de->v || text->st != F_SET || !text->v) {
        put_str(W, meta, key, text);
        return;
    }
    cJSON *o = put(W, meta, key, cJSON_CreateObject());
    if (!o)
        return;
    put(W, o, "en", mkstr(text->v));
    put(W, o, "de", mkstr(text_de->v));
}

static void put_tool(struct writer *W, cJSON *meta, const struct opt_str *tool)
{
    if (tool->st != F_SET || !tool->v || strlen(tool->v) >= TOOL_OBJECT_MAX) {
        put_str(W, meta, "tool", tool);
        return;
    }
    /* "enrolldoc 0.1.0" -> {"name": "enrolldoc", "version": "0.1.0"}: split
     * at the last blank; the loader rejoins name and version with a blank. */
    const char *sp = strrchr(tool->v, ' ');
    cJSON *o = put(W, meta, "tool", cJSON_CreateObject());
    if (!o)
        return;
    char name[TOOL_OBJECT_MAX];
    size_t nlen = sp ? (size_t)(sp - tool->v) : strlen(tool->v);
    memcpy(name, tool->v, nlen);
    name[nlen] = '\0';
    put(W, o, "name", mkstr(name));
    if (sp)
        put(W, o, "version", mkstr(sp + 1));
}

static void put_meta(struct writer *W, cJSON *root, const struct meta *m)
{
    if (!meta_any(m))
        return;
    cJSON *o = put(W, root, "meta", cJSON_CreateObject());
    put_str(W, o, "host", &m->host);
    put_time(W, o, "collected_at", &m->collected_at);
    put_str(W, o, "os", &m->os);
    put_tool(W, o, &m->tool);
    put_str(W, o, "lang", &m->lang);
    put_text(W, o, "title", &m->title, &m->title_de);
    put_text(W, o, "description", &m->description, &m->description_de);
}

/* ---- facts ---- */

static void put_cert(struct writer *W, cJSON *arr, const struct cert *c)
{
    cJSON *o = put(W, arr, NULL, cJSON_CreateObject());
    put_str(W, o, "thumbprint", &c->thumbprint);
    put_str(W, o, "subject", &c->subject);
    put_str(W, o, "issuer", &c->issuer);
    put_time(W, o, "not_before", &c->not_before);
    put_time(W, o, "not_after", &c->not_after);
    put_str(W, o, "template_name", &c->template_name);
    put_str(W, o, "template_oid", &c->template_oid);
    put_bool(W, o, "archived", &c->archived);
    put_bool(W, o, "has_private_key", &c->has_private_key);
}

static void put_task(struct writer *W, cJSON *parent, const char *key, const struct task *t)
{
    cJSON *o = put_obj(W, parent, key, t->st);
    if (!o)
        return;
    put_bool(W, o, "exists", &t->exists);
    put_bool(W, o, "enabled", &t->enabled);
    put_enum(W, o, "state", t->state_st, task_state_str(t->state));
    put_time(W, o, "last_run", &t->last_run);
    put_code(W, o, "last_result", &t->last_result);
    put_time(W, o, "running_since", &t->running_since);
}

static void put_identity(struct writer *W, cJSON *parent, const char *key,
                         const struct identity *id)
{
    cJSON *o = put_obj(W, parent, key, id->st);
    if (!o)
        return;
    put_str(W, o, "name", &id->name);
    put_str(W, o, "sid", &id->sid);
    put_str_list(W, o, "token_groups", &id->token_groups);
    put_str_list(W, o, "directory_groups", &id->directory_groups);
    put_bool(W, o, "not_delegated", &id->not_delegated);
    put_str(W, o, "mail", &id->mail);
    cJSON *m = put_obj(W, o, "membership_added", id->membership_added.st);
    for (size_t i = 0; m && i < id->membership_added.n; i++) {
        const struct sid_time *st = &id->membership_added.v[i];
        struct opt_time t = {F_SET, st->t};
        put_time(W, m, st->sid, &t);
    }
    cJSON *ms = put_obj(W, o, "membership_source", id->membership_source.st);
    for (size_t i = 0; ms && i < id->membership_source.n; i++) {
        const struct sid_source *ss = &id->membership_source.v[i];
        put_enum(W, ms, ss->sid, F_SET, member_source_name(ss->src));
    }
    put_time(W, o, "logon_time", &id->logon_time);
}

static void put_event(struct writer *W, cJSON *arr, const struct event *ev)
{
    cJSON *o = put(W, arr, NULL, cJSON_CreateObject());
    put_time(W, o, "time", &ev->time);
    put_str(W, o, "provider", &ev->provider);
    put_int(W, o, "id", &ev->id);
    put_enum(W, o, "level", ev->level_st, level_str(ev->level));
    put_str(W, o, "message", &ev->message);
    put_str(W, o, "sid", &ev->sid);
}

static void put_events(struct writer *W, cJSON *parent, const char *key,
                       const struct event_list *l)
{
    cJSON *arr = put_obj_array(W, parent, key, l->st);
    for (size_t i = 0; arr && i < l->n; i++)
        put_event(W, arr, &l->v[i]);
}

static void put_ces(struct writer *W, cJSON *parent, const struct ces *c)
{
    cJSON *o = put_obj(W, parent, "ces", c->st);
    if (!o)
        return;
    put_str(W, o, "url", &c->url);
    put_code(W, o, "error", &c->error);
    put_code(W, o, "inner_error", &c->inner_error);
    put_bool(W, o, "key_based_renewal", &c->key_based_renewal);
    put_events(W, o, "events", &c->events);
    cJSON *s = put_obj(W, o, "server", c->server_st);
    if (!s)
        return;
    put_str(W, s, "host", &c->server_host);
    put_str(W, s, "account", &c->server_account);
    put_enum(W, s, "delegation", c->delegation_st, delegation_str(c->delegation));
    put_str_list(W, s, "delegate_to", &c->delegate_to);
    put_str_list(W, s, "rbcd_hosts", &c->rbcd_hosts);
    put_bool(W, s, "impersonate_privilege", &c->impersonate_privilege);
    put_bool(W, s, "credential_guard", &c->credential_guard);
}

static void put_facts(struct writer *W, cJSON *root, const struct facts *f)
{
    cJSON *fo = put(W, root, "facts", cJSON_CreateObject());
    if (!fo)
        return;
    static const char *const side[CTX_COUNT] = {"user", "machine"};

    if (f->aepolicy[CTX_USER].st || f->aepolicy[CTX_MACHINE].st) {
        cJSON *o = put(W, fo, "aepolicy", cJSON_CreateObject());
        for (int c = 0; c < CTX_COUNT; c++)
            put_int(W, o, side[c], &f->aepolicy[c]);
    }
    put_int(W, fo, "loglevel", &f->loglevel);
    if (f->certs[CTX_USER].st || f->certs[CTX_MACHINE].st) {
        cJSON *o = put(W, fo, "certificates", cJSON_CreateObject());
        for (int c = 0; c < CTX_COUNT && o; c++) {
            cJSON *arr = put_obj_array(W, o, side[c], f->certs[c].st);
            for (size_t i = 0; arr && i < f->certs[c].n; i++)
                put_cert(W, arr, &f->certs[c].v[i]);
        }
    }
    if (f->tasks[CTX_USER].st || f->tasks[CTX_MACHINE].st) {
        cJSON *o = put(W, fo, "tasks", cJSON_CreateObject());
        for (int c = 0; c < CTX_COUNT && o; c++)
            put_task(W, o, side[c], &f->tasks[c]);
    }
    if (f->identity[CTX_USER].st || f->identity[CTX_MACHINE].st) {
        cJSON *o = put(W, fo, "identity", cJSON_CreateObject());
        for (int c = 0; c < CTX_COUNT && o; c++)
            put_identity(W, o, side[c], &f->identity[c]);
    }
    cJSON *s = put_obj(W, fo, "session", f->session.st);
    if (s) {
        put_bool(W, s, "elevated", &f->session.elevated);
        put_bool(W, s, "system", &f->session.system);
        put_bool(W, s, "domain_joined", &f->session.domain_joined);
        put_bool(W, s, "dc_reachable", &f->session.dc_reachable);
        put_bool(W, s, "runas", &f->session.runas);
        put_bool(W, s, "remote", &f->session.remote);
        put_time(W, s, "boot_time", &f->session.boot_time);
    }

    cJSON *arr = put_obj_array(W, fo, "templates", f->templates_st);
    for (size_t i = 0; arr && i < f->ntemplates; i++) {
        const struct tmpl *t = &f->templates[i];
        cJSON *o = put(W, arr, NULL, cJSON_CreateObject());
        put_str(W, o, "name", &t->name);
        put_str(W, o, "display_name", &t->display_name);
        put_str(W, o, "oid", &t->oid);
        put_int(W, o, "schema_version", &t->schema_version);
        put_str(W, o, "sddl", &t->sddl); /* the stored text, never t->sd */
        put_bool(W, o, "requires_email", &t->requires_email);
        put_bool(W, o, "autoenroll_flag", &t->autoenroll_flag);
        put_str_list(W, o, "issuance_policies", &t->issuance_policies);
        put_str_list(W, o, "valid_issuance_policies", &t->valid_issuance_policies);
        put_str_list(W, o, "providers", &t->providers);
        put_int(W, o, "private_key_flags", &t->private_key_flags);
    }
    arr = put_obj_array(W, fo, "cas", f->cas_st);
    for (size_t i = 0; arr && i < f->ncas; i++) {
        const struct ca *c = &f->cas[i];
        cJSON *o = put(W, arr, NULL, cJSON_CreateObject());
        put_str(W, o, "name", &c->name);
        put_str(W, o, "host", &c->host);
        put_str(W, o, "config", &c->config);
        put_str_list(W, o, "templates", &c->templates);
        put_str(W, o, "sddl", &c->sddl);
        put_bool(W, o, "renew_on_behalf_of", &c->renew_on_behalf_of);
        put_str_list(W, o, "ces_urls", &c->ces_urls);
    }
    arr = put_obj_array(W, fo, "ksp", f->ksp_st);
    for (size_t i = 0; arr && i < f->nksp; i++) {
        const struct ksp_test *k = &f->ksp[i];
        cJSON *o = put(W, arr, NULL, cJSON_CreateObject());
        put_str(W, o, "provider", &k->provider);
        put_bool(W, o, "ok", &k->ok);
        put_code(W, o, "error", &k->error);
        put_enum(W, o, "context", k->ctx_st, ctx_str(k->ctx));
    }
    arr = put_obj_array(W, fo, "ca_ping", f->ca_ping_st);
    for (size_t i = 0; arr && i < f->nca_ping; i++) {
        const struct ca_ping *p = &f->ca_ping[i];
        cJSON *o = put(W, arr, NULL, cJSON_CreateObject());
        put_str(W, o, "config", &p->config);
        put_bool(W, o, "ok", &p->ok);
        put_code(W, o, "error", &p->error);
        put_str(W, o, "ca_name", &p->ca_name);
        put_str(W, o, "account", &p->account);
    }
    arr = put_obj_array(W, fo, "enroll", f->enroll_st);
    for (size_t i = 0; arr && i < f->nenroll; i++) {
        const struct enroll_result *r = &f->enroll[i];
        cJSON *o = put(W, arr, NULL, cJSON_CreateObject());
        put_str(W, o, "template", &r->tmpl);
        put_enum(W, o, "context", r->ctx_st, ctx_str(r->ctx));
        put_bool(W, o, "ok", &r->ok);
        put_code(W, o, "error", &r->error);
        put_time(W, o, "time", &r->time);
        put_str(W, o, "via", &r->via);
        put_str(W, o, "output", &r->output);
        put_str(W, o, "status", &r->status);
        put_int(W, o, "request_id", &r->request_id);
    }
    arr = put_obj_array(W, fo, "policy_servers", f->policy_servers_st);
    for (size_t i = 0; arr && i < f->npolicy_servers; i++) {
        const struct policy_server *ps = &f->policy_servers[i];
        cJSON *o = put(W, arr, NULL, cJSON_CreateObject());
        put_str(W, o, "url", &ps->url);
        put_enum(W, o, "context", ps->ctx_st, ctx_str(ps->ctx));
        put_str(W, o, "source", &ps->source);
        put_str(W, o, "auth", &ps->auth);
        put_bool(W, o, "default", &ps->is_default);
        put_str(W, o, "id", &ps->id);
        put_str(W, o, "name", &ps->name);
        put_int(W, o, "cost", &ps->cost);
        put_int(W, o, "flags", &ps->flags);
    }
    put_events(W, fo, "events", &f->events);
    put_events(W, fo, "ca_events", &f->ca_events);
    put_ces(W, fo, &f->ces);
}

/* Extension (spec: unknown fields are ignored by readers): why a probe group
 * stayed absent, {"<probe_group_name>": "<reason>"}; the first note of a
 * group wins, so that no key appears twice. */
static void put_notes(struct writer *W, cJSON *root, const struct probe_notes *notes)
{
    if (!notes || notes->n == 0)
        return;
    cJSON *o = put(W, root, "probe_notes", cJSON_CreateObject());
    size_t n = notes->n < PROBE_COUNT ? notes->n : PROBE_COUNT;
    for (size_t i = 0; i < n && o; i++) {
        const struct probe_note *pn = &notes->v[i];
        const char *name = probe_group_name(pn->group);
        if (cJSON_GetObjectItemCaseSensitive(o, name))
            continue;
        char reason[sizeof(pn->reason)];
        const char *nul = memchr(pn->reason, '\0', sizeof(pn->reason) - 1);
        size_t len = nul ? (size_t)(nul - pn->reason) : sizeof(pn->reason) - 1;
        memcpy(reason, pn->reason, len);
        reason[len] = '\0';
        put(W, o, name, mkstr(reason));
    }
}

cJSON *bundle_tree(const struct facts *f, const struct probe_notes *notes, struct err *e)
{
    struct writer W = {false};
    cJSON *root = cJSON_CreateObject();
    if (!root)
        W.oom = true;
    put(&W, root, "format", cJSON_CreateString(BUNDLE_FORMAT));
    put_meta(&W, root, &f->meta);
    put_enum(&W, root, "context", f->ctx_st, ctx_str(f->ctx));
    put_str(&W, root, "template", &f->tmpl);
    put_facts(&W, root, f);
    if (f->nanswers > 0) {
        cJSON *o = put(&W, root, "answers", cJSON_CreateObject());
        for (size_t i = 0; i < f->nanswers && o; i++) {
            char *tofree;
            const struct answer *an = &f->answers[i];
            const char *q = utf8_clean(an->question ? an->question : "", &tofree);
            if (!q) {
                W.oom = true;
                break;
            }
            put(&W, o, q, an->choice ? mkstr(an->choice) : cJSON_CreateNull());
            free(tofree);
        }
    }
    put_notes(&W, root, notes);
    if (W.oom) {
        cJSON_Delete(root);
        err_set(e, "error.memory");
        err_arg(e, "file", "%s", "bundle");
        return NULL;
    }
    return root;
}

int bundle_write(const struct facts *f, const struct probe_notes *notes, FILE *out, struct err *e)
{
    cJSON *root = bundle_tree(f, notes, e);
    if (!root)
        return -1;
    int rc = json_write_pretty(root, out);
    cJSON_Delete(root);
    if (rc != 0 || fflush(out) != 0 || ferror(out))
        return err_set(e, "error.write");
    return 0;
}

int bundle_stamp_tool(struct facts *f)
{
    if (f->meta.tool.st != F_ABSENT)
        return 0;
    const char *v = arena_strdup(&f->arena, "enrolldoc " ENROLLDOC_VERSION);
    if (!v)
        return -1;
    f->meta.tool.st = F_SET;
    f->meta.tool.v = v;
    return 0;
}

int bundle_write_path(const struct facts *f, const struct probe_notes *notes, const char *path,
                      struct err *e)
{
    if (strcmp(path, "-") == 0)
        return bundle_write(f, notes, stdout, e);
    FILE *out = file_create(path, "error.collect.write", e);
    if (!out)
        return -1;
    int rc = bundle_write(f, notes, out, e);
    if (file_close_created(out, path, rc, true) != 0 && rc == 0)
        rc = err_set(e, "error.write");
    return rc;
}
