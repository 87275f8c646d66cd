/* session_action.c: the engine's actions (session.h): what the current step
 * offers, running an action after the operator confirmed it, and turning
 * what it returned into facts; the LogLevel undo record kept on disk. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "ces.h"
#include "events_csv.h"
#include "jsonutil.h"
#include "platform/platform.h"
#include "session_priv.h"
#include "util.h"

#define UNDO_FORMAT "enrolldoc-undo/1"
#define UNDO_FILE "loglevel-undo.json"

/* ---- offers ---- */

/* Builds the command of AD in the session's context and template, with
 * the LogLevel value an unrestored raise keeps. Returns action_command's. */
static int session_command(const struct session *s, const struct action_def *ad, struct action_cmd *cmd)
{
    char prev[24];
    snprintf(prev, sizeof(prev), "%lld", (long long)s->undo.previous);
    return action_command(ad, s->ctx, s->tmpl, s->undo.pending && s->undo.was_set ? prev : NULL, cmd);
}

int session_offer(const struct session *s, const char *id, struct session_offer *out)
{
    memset(out, 0, sizeof(*out));
    const struct action_def *ad = action_find(id);
    if (!ad)
        return -1;
    out->id = ad->id;
    out->def = ad;
    if (ad->kind == ACTION_COMMAND) {
        struct action_cmd cmd;
        if (session_command(s, ad, &cmd) == 0)
            action_cmdline(&cmd, out->cmdline, sizeof(out->cmdline));
        if (!out->cmdline[0])
            out->why_not = ad->needs_template ? (s->tmpl ? "action.template-refused" : "ui.action.needs-template")
                                              : "ui.action.no-command";
        else if (strcmp(ad->id, "loglevel.restore") == 0 && !s->undo.pending)
            out->why_not = "session.why.nothing-to-restore";
    }
    if (!s->live && !out->why_not)
        out->why_not = "session.why.recorded";
    out->can_run = s->live && !out->why_not;
    return 0;
}

size_t session_offers(const struct session *s, struct session_offer *out, size_t max)
{
    const struct session_step *st = session_current(s);
    if (!st)
        return 0;
    const struct node *n = session_node(s, st);
    const char *ids[24];
    size_t nids = 0;
    const struct check_result *r = n->kind == NODE_CHECK ? st->result : NULL;
    for (size_t i = 0; r && i < r->nfindings; i++)
        for (size_t k = 0; k < FINDING_MAX_ACTIONS && r->findings[i].def->actions[k]; k++)
            if (nids < 24)
                ids[nids++] = r->findings[i].def->actions[k];
    for (size_t k = 0; k < n->nactions && nids < 24; k++)
        ids[nids++] = n->actions[k];
    /* an unrestored LogLevel change is offered everywhere until undone */
    if (s->undo.pending && nids < 24)
        ids[nids++] = "loglevel.restore";
    size_t m = 0;
    for (size_t i = 0; i < nids && m < max; i++) {
        bool dup = false;
        for (size_t j = 0; j < i; j++)
            dup = dup || strcmp(ids[i], ids[j]) == 0;
        if (!dup && session_offer(s, ids[i], &out[m]) == 0)
            m++;
    }
    return m;
}

/* ---- the record of what ran ---- */

int session_record_action(struct session *s, const char *id, const char *cmdline,
                          enum action_outcome outcome, int exit_code, const char *output)
{
    if (s->nactions == s->capactions) {
        size_t cap = s->capactions ? s->capactions * 2 : 8;
        struct session_action *na = arena_calloc(&s->arena, cap, sizeof(*na));
        if (!na)
            return -1;
        if (s->nactions)
            memcpy(na, s->actions, s->nactions * sizeof(*na));
        s->actions = na;
        s->capactions = cap;
    }
    struct session_action *a = &s->actions[s->nactions++];
    a->id = id;
    a->ctx = s->ctx;
    snprintf(a->cmdline, sizeof(a->cmdline), "%s", cmdline ? cmdline : "");
    a->outcome = outcome;
    a->exit_code = exit_code;
    a->time = platform_now();
    if (output) {
        size_t n = strlen(output);
        a->output = arena_strndup(&s->arena, output, n > 16384 ? 16384 : n);
    }
    static const char *const outcomes[] = {"not-run-bundle", "declined", "ran"};
    char code[16];
    snprintf(code, sizeof(code), "%d", exit_code);
    const char *k[] = {"action", "command", "outcome", "exit_code", "output"};
    const char *v[] = {id, a->cmdline, outcomes[outcome], outcome == ACTION_RAN ? code : NULL,
                       a->output};
    session_log(s, "action", k, v, 5);
    return 0;
}

bool session_actions_ran(const struct session *s)
{
    for (size_t i = 0; i < s->nactions; i++)
        if (s->actions[i].outcome == ACTION_RAN)
            return true;
    return false;
}

static void say(struct session *s, const char *key, const char *arg)
{
    err_set(&s->msg, key);
    if (arg)
        err_arg(&s->msg, "arg", "%s", arg);
}

/* ---- the LogLevel undo record ---- */

bool session_undo_pending(const struct session *s)
{
    return s->undo.pending;
}

static bool undo_path(struct session *s)
{
    if (!s->state_dir[0])
        return false;
    int n = snprintf(s->undo.path, sizeof(s->undo.path), "%s%c%s", s->state_dir, platform_dir_sep(),
                     UNDO_FILE);
    return n > 0 && (size_t)n < sizeof(s->undo.path);
}

void session_undo_load(struct session *s)
{
    if (!undo_path(s) || !file_exists(s->undo.path))
        return;
    char *text = NULL;
    size_t len = 0;
    struct err e;
    cJSON *root = NULL;
    if (read_file(s->undo.path, &text, &len, &e) == 0 && json_parse_text(s->undo.path, text, len, &root, &e) == 0) {
        const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
        const cJSON *prev = cJSON_GetObjectItemCaseSensitive(root, "previous");
        bool ok = cJSON_IsString(fmt) && strcmp(fmt->valuestring, UNDO_FORMAT) == 0 &&
                  (cJSON_IsNull(prev) || (cJSON_IsNumber(prev) && prev->valuedouble >= 0 &&
                                          prev->valuedouble <= 4294967295.0 &&
                                          prev->valuedouble == (double)(int64_t)prev->valuedouble));
        if (ok) {
            s->undo.pending = true;
            s->undo.was_set = cJSON_IsNumber(prev);
            s->undo.previous = s->undo.was_set ? (int64_t)prev->valuedouble : 0;
            const char *k[] = {"file", "previous"};
            char pv[24];
            snprintf(pv, sizeof(pv), "%lld", (long long)s->undo.previous);
            const char *v[] = {s->undo.path, s->undo.was_set ? pv : NULL};
            session_log(s, "undo-pending", k, v, 2);
            say(s, "session.msg.undo-pending", NULL);
        } else {
            say(s, "session.msg.undo-broken", s->undo.path);
        }
    } else {
        s->msg = e;
    }
    cJSON_Delete(root);
    free(text);
}

/* Writes the record of the LogLevel as it is now, before it is raised.
 * Returns 0, or -1 (S->msg says why: then nothing may change). */
static int undo_write(struct session *s)
{
    if (s->undo.pending)
        return 0; /* an earlier raise not yet undone: its value is the one to restore */
    if (s->f->loglevel.st == F_ABSENT) {
        say(s, "session.msg.loglevel-unknown", NULL);
        return -1;
    }
    if (!undo_path(s)) {
        say(s, "session.msg.no-state", NULL);
        return -1;
    }
    struct err e;
    FILE *fp = file_create(s->undo.path, "error.undo.write", &e);
    if (!fp) {
        s->msg = e;
        return -1;
    }
    char when[40], host[300];
    time_format_iso(platform_now(), when, sizeof(when));
    snprintf(host, sizeof(host), "%s", s->f->meta.host.st == F_SET ? s->f->meta.host.v : "");
    bool set = s->f->loglevel.st == F_SET;
    int rc = fprintf(fp, "{\"format\": \"%s\", \"action\": \"loglevel.raise\", \"at\": \"%s\", \"previous\": ",
                     UNDO_FORMAT, when) < 0;
    rc |= set ? fprintf(fp, "%lld}\n", (long long)s->f->loglevel.v) < 0 : fputs("null}\n", fp) < 0;
    (void)host;
    if (file_close_created(fp, s->undo.path, rc ? -1 : 0, true) != 0) {
        say(s, "session.msg.no-state", NULL);
        return -1;
    }
    s->undo.pending = true;
    s->undo.was_set = set;
    s->undo.previous = set ? s->f->loglevel.v : 0;
    return 0;
}

static void undo_done(struct session *s)
{
    remove(s->undo.path);
    s->undo.pending = false;
}

/* ---- running ---- */

/* The last run of the task of the session's context (probed when not
 * known yet), -1 when there is none. */
static int64_t task_last_run(struct session *s)
{
    enum ctx c = s->ctx == CTX_NONE ? CTX_USER : s->ctx;
    session_probe(s, 1u << PROBE_TASKS, false);
    return s->f->tasks[c].last_run.st == F_SET ? s->f->tasks[c].last_run.v : -1;
}

/* Waits after pulse or gpupdate until the task of the session's context has
 * run (seen running and then at rest, or a last run other than LAST_BEFORE), at most
 * SESSION_SETTLE_MS, probing the tasks every 2 s and reporting progress. */
static void settle(struct session *s, int64_t last_before)
{
    enum ctx c = s->ctx == CTX_NONE ? CTX_USER : s->ctx;
    int64_t t0 = platform_monotonic_ms();
    bool seen_running = false;
    struct session_work w = {"session.work.settling", NULL, NULL, t0, SESSION_SETTLE_MS};
    for (int slice = 0; (int64_t)slice * 250 < SESSION_SETTLE_MS; slice++) {
        if (!session_report(s, &w))
            return;
        s->client.sleep(s->client.ud, 250);
        if (slice % 8 != 7)
            continue;
        session_probe(s, 1u << PROBE_TASKS, true);
        const struct task *t = &s->f->tasks[c];
        if (t->state_st == F_SET && (t->state == TASK_RUNNING || t->state == TASK_QUEUED)) {
            seen_running = true;
            continue;
        }
        bool new_run = t->last_run.st == F_SET && t->last_run.v != last_before;
        if (seen_running || new_run)
            return;
    }
}

/* Turns certreq's answer into an enroll result of the session's context. */
static int learn_enroll(struct session *s, int exit_code, const char *output)
{
    if (s->live)
        session_probe(s, 1u << PROBE_POLICY_SERVERS, false);
    struct certreq_outcome co;
    action_certreq_outcome(exit_code, output, &co);
    struct facts *f = s->f;
    struct enroll_result *v = arena_calloc(&f->arena, f->nenroll + 1, sizeof(*v));
    if (!v)
        return -1;
    if (f->nenroll)
        memcpy(v, f->enroll, f->nenroll * sizeof(*v));
    struct enroll_result *er = &v[f->nenroll];
    if (s->tmpl) {
        er->tmpl.st = F_SET;
        er->tmpl.v = arena_strdup(&f->arena, s->tmpl);
        if (!er->tmpl.v)
            return -1;
    }
    if (s->ctx != CTX_NONE) {
        er->ctx_st = F_SET;
        er->ctx = s->ctx;
    }
    er->ok.st = co.status == CERTREQ_PENDING ? F_NULL : F_SET;
    er->ok.v = co.status == CERTREQ_ISSUED;
    er->error.st = co.code ? F_SET : F_NULL;
    er->error.v = co.code;
    er->time.st = F_SET;
    er->time.v = platform_now();
    static const char *const states[] = {"issued", "pending", "denied", "failed"};
    er->status.st = F_SET;
    er->status.v = states[co.status];
    er->request_id.st = co.request_id > 0 ? F_SET : F_NULL;
    er->request_id.v = co.request_id;
    /* through the CES when the context's policy server is a CEP: the
     * checks then read the fault and its inner code from the output */
    const char *via = ces_transport(f, s->ctx);
    er->via.st = via ? F_SET : F_ABSENT;
    er->via.v = via;
    if (output) {
        size_t len = 0;
        while (len < 8192 && output[len])
            len++;
        er->output.st = F_SET;
        er->output.v = arena_strndup(&f->arena, output, len);
        if (!er->output.v)
            return -1;
    }
    f->enroll = v;
    f->nenroll++;
    f->enroll_st = F_SET;
    static const char *const keys[] = {"session.msg.enroll-issued", "session.msg.enroll-pending",
                                       "session.msg.enroll-denied", "session.msg.enroll-failed"};
    char arg[64];
    if (co.status == CERTREQ_PENDING)
        snprintf(arg, sizeof(arg), "%lld", (long long)co.request_id);
    else
        snprintf(arg, sizeof(arg), "0x%08X", co.code);
    say(s, keys[co.status], arg);
    return 0;
}

/* The groups an action changes on the client, probed again after it. */
static unsigned touched(const char *id)
{
    if (strcmp(id, "pulse") == 0)
        return 1u << PROBE_TASKS | 1u << PROBE_EVENTS | 1u << PROBE_CERTS;
    if (strcmp(id, "gpupdate") == 0)
        return 1u << PROBE_AEPOLICY | 1u << PROBE_TASKS | 1u << PROBE_EVENTS | 1u << PROBE_CERTS;
    if (strcmp(id, "loglevel.raise") == 0 || strcmp(id, "loglevel.restore") == 0)
        return 1u << PROBE_LOGLEVEL;
    if (strcmp(id, "enroll.manual") == 0)
        return 1u << PROBE_CERTS | 1u << PROBE_EVENTS;
    return 0;
}

/* What the program's outcome teaches, after it ran with EXIT_CODE
 * (LAST_RUN: the task's last run before it). */
static int learn(struct session *s, const struct action_def *ad, int exit_code, const char *output,
                 int64_t last_run)
{
    if (strcmp(ad->id, "enroll.manual") == 0 && learn_enroll(s, exit_code, output) != 0)
        return -1;
    if (strcmp(ad->id, "loglevel.restore") == 0 && exit_code == 0)
        undo_done(s);
    if (exit_code == 0 && (strcmp(ad->id, "pulse") == 0 || strcmp(ad->id, "gpupdate") == 0))
        settle(s, last_run);
    unsigned groups = touched(ad->id);
    if (groups)
        session_probe(s, groups, true);
    return 0;
}

static int run_command(struct session *s, const struct action_def *ad, const struct session_offer *o)
{
    struct action_cmd cmd;
    if (session_command(s, ad, &cmd) != 0) {
        say(s, "ui.msg.cannot-run", NULL);
        return session_record_action(s, ad->id, o->cmdline, ACTION_DECLINED, 0, NULL);
    }
    bool undo_new = false;
    if (strcmp(ad->id, "loglevel.raise") == 0) {
        if (s->f->loglevel.st == F_ABSENT)
            session_probe(s, 1u << PROBE_LOGLEVEL, false);
        undo_new = !s->undo.pending;
        if (undo_write(s) != 0)
            return session_record_action(s, ad->id, o->cmdline, ACTION_DECLINED, 0, NULL);
    }
    bool waits = strcmp(ad->id, "pulse") == 0 || strcmp(ad->id, "gpupdate") == 0;
    int64_t last_run = waits ? task_last_run(s) : -1;
    const char *argv[ACTION_MAX_ARGS + 1];
    for (size_t i = 0; i < cmd.argc; i++)
        argv[i] = cmd.argv[i];
    argv[cmd.argc] = NULL;
    struct session_work w = {"session.work.running", NULL, o->cmdline, platform_monotonic_ms(),
                             SESSION_ACTION_MS};
    session_report(s, &w);
    struct proc_result r;
    struct err e;
    if (s->client.run(s->client.ud, argv, SESSION_ACTION_MS, &r, &e) != 0) {
        if (undo_new)
            undo_done(s);
        s->msg = e;
        return session_record_action(s, ad->id, o->cmdline, ACTION_DECLINED, 0, NULL);
    }
    size_t olen = r.out_len + r.err_len + 2;
    char *output = malloc(olen);
    if (output)
        snprintf(output, olen, "%s%s%s", r.out ? r.out : "", r.err_len ? "\n" : "", r.err ? r.err : "");
    int code = r.timed_out ? -1 : r.exit_code;
    int rc = session_record_action(s, ad->id, o->cmdline, ACTION_RAN, code, output);
    if (r.timed_out) {
        say(s, "ui.msg.timed-out", o->cmdline);
    } else {
        char c[16];
        snprintf(c, sizeof(c), "%d", code);
        say(s, code == 0 ? "ui.msg.ran-ok" : "ui.msg.ran-failed", c);
        if (undo_new && code != 0)
            undo_done(s); /* the value was not changed */
        if (rc == 0 && learn(s, ad, code, output ? output : "", last_run) != 0)
            rc = -1;
    }
    free(output);
    proc_result_free(&r);
    return rc;
}

static int run_internal(struct session *s, const struct action_def *ad)
{
    if (strcmp(ad->id, "ca.ping") == 0) {
        session_probe(s, 1u << PROBE_CA_PING, true);
        say(s, "ui.msg.pinged", NULL);
        return session_record_action(s, ad->id, "", ACTION_RAN, 0, NULL);
    }
    /* events.export: today's events into HOST_ClientEvents.csv */
    session_probe(s, 1u << PROBE_EVENTS, false);
    if (s->f->events.st != F_SET) {
        say(s, "ui.msg.no-events", NULL);
        return session_record_action(s, ad->id, "", ACTION_DECLINED, 0, NULL);
    }
    char path[512];
    snprintf(path, sizeof(path), "%s_ClientEvents.csv", s->f->meta.host.st == F_SET ? s->f->meta.host.v : "client");
    struct err e;
    FILE *out = file_create_unique(path, sizeof(path), "error.collect.write", &e);
    if (!out || file_close_created(out, path, events_write_csv(&s->f->events, s->lang, false, out, &e), true) != 0) {
        say(s, "ui.msg.export-failed", path);
        return session_record_action(s, ad->id, path, ACTION_DECLINED, 0, NULL);
    }
    say(s, "ui.msg.exported", path);
    return session_record_action(s, ad->id, path, ACTION_RAN, 0, NULL);
}

int session_run_action(struct session *s, const char *id, bool confirmed)
{
    struct session_offer o;
    if (session_offer(s, id, &o) != 0)
        return 0;
    err_clear(&s->msg);
    if (!s->live) {
        say(s, "ui.msg.not-run", NULL);
        return session_record_action(s, o.id, o.cmdline, ACTION_NOT_RUN_BUNDLE, 0, NULL);
    }
    if (!confirmed) {
        say(s, "ui.msg.declined", NULL);
        return session_record_action(s, o.id, o.cmdline, ACTION_DECLINED, 0, NULL);
    }
    if (!o.can_run && o.def->kind == ACTION_COMMAND) {
        say(s, o.why_not ? o.why_not : "ui.msg.cannot-run", NULL);
        return session_record_action(s, o.id, o.cmdline, ACTION_DECLINED, 0, NULL);
    }
    const struct session_step *cur = session_current(s);
    enum step_status before = cur ? cur->status : STEP_SKIPPED;
    int rc = o.def->kind == ACTION_COMMAND ? run_command(s, o.def, &o) : run_internal(s, o.def);
    if (rc == 0) {
        /* the current check decides again, on what the action changed */
        struct err keep = s->msg;
        int again = session_rerun(s);
        if (again < 0)
            rc = -1;
        s->msg = keep;
        enum step_status after = session_current(s)->status;
        if (again == 0 && after != before && strcmp(keep.key, "ui.msg.ran-ok") == 0) {
            /* what the action changed, in the words of the step's result */
            err_set(&s->msg, "session.msg.changed");
            err_arg(&s->msg, "before", "@status.%s", step_status_name(before));
            err_arg(&s->msg, "after", "@status.%s", step_status_name(after));
        }
    }
    return rc;
}
