/* test_session_action.c: src/session_action.c: the engine's actions on a
 * live session whose client is a fake (no UI, no Windows): what runs only
 * after confirmation, with which argv; certreq's outcome becoming an enroll
 * result the check decides on; pulse waiting for the task and probing the
 * touched groups again; LogLevel's previous value kept on disk before the
 * change, offered for restore by the next session, restored exactly. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "session.h"
#include "tree.h"

static struct tree *T;
static struct locale L;

/* The fake client: what its probes find, what its programs say. */
struct fake {
    int probes[PROBE_COUNT];           /* calls per group */
    int runs;
    char argv[8][64];
    int argc;
    int exit_code;
    const char *out;
    bool timed_out;
    bool loglevel_readable;            /* else the loglevel probe fails */
    bool loglevel_set;
    int64_t loglevel;
    /* tasks: the states the task shows at each probe after pulse */
    const enum task_state *task_states;
    size_t ntask_states, task_at;
    int64_t slept_ms;
    bool undo_seen_before_run;         /* the undo record existed when the program ran */
    const char *undo_path;
    bool events;                       /* the event log can be read */
    int stop_after;                    /* progress calls before the operator stops waiting (0: never) */
    int progress_calls;
};

static int fake_probe(void *ud, struct facts *f, enum probe_group g, int timeout_ms, struct probe_note *note)
{
    (void)timeout_ms;
    struct fake *x = ud;
    x->probes[g]++;
    switch (g) {
    case PROBE_SESSION:
        f->session.st = F_SET;
        f->session.elevated = (struct opt_bool){F_SET, true};
        return 0;
    case PROBE_LOGLEVEL:
        if (!x->loglevel_readable) {
            snprintf(note->reason, sizeof(note->reason), "access denied");
            return 1;
        }
        f->loglevel.st = x->loglevel_set ? F_SET : F_NULL;
        f->loglevel.v = x->loglevel;
        return 0;
    case PROBE_CA_PING:
        f->ca_ping_st = F_SET;
        f->nca_ping = 0;
        return 0;
    case PROBE_EVENTS: {
        if (!x->events)
            return 1;
        struct event *v = arena_calloc(&f->arena, 1, sizeof(*v));
        if (!v)
            return -1;
        v->time = (struct opt_time){F_SET, 1795000000};
        v->id = (struct opt_int){F_SET, 6};
        v->level_st = F_SET;
        v->level = EV_ERROR;
        v->provider = (struct opt_str){F_SET, "Microsoft-Windows-CertificateServicesClient-AutoEnrollment"};
        v->message = (struct opt_str){F_SET, "Automatic certificate enrollment for local system failed (0x800706ba)"};
        f->events = (struct event_list){F_SET, 1, v};
        return 0;
    }
    case PROBE_AEPOLICY:
        /* Group Policy switches autoenrollment on once gpupdate ran */
        f->aepolicy[CTX_USER] = (struct opt_int){F_SET, x->runs > 0 ? 7 : 0};
        f->aepolicy[CTX_MACHINE] = (struct opt_int){F_SET, 7};
        return 0;
    case PROBE_TASKS: {
        struct task *t = &f->tasks[CTX_USER];
        memset(t, 0, sizeof(*t));
        t->st = F_SET;
        t->exists = (struct opt_bool){F_SET, true};
        t->enabled = (struct opt_bool){F_SET, true};
        t->state_st = F_SET;
        t->state = TASK_READY;
        t->last_run = (struct opt_time){F_SET, 1000};
        if (x->runs > 0 && x->task_states && x->task_at < x->ntask_states)
            t->state = x->task_states[x->task_at++];
        if (x->task_states && x->task_at == x->ntask_states)
            t->last_run.v = 2000; /* it ran */
        return 0;
    }
    default:
        snprintf(note->reason, sizeof(note->reason), "not in this test");
        return 1;
    }
}

static int fake_run(void *ud, const char *const *argv, int timeout_ms, struct proc_result *r, struct err *e)
{
    (void)timeout_ms;
    (void)e;
    struct fake *x = ud;
    x->runs++;
    for (x->argc = 0; argv[x->argc] && x->argc < 8; x->argc++)
        snprintf(x->argv[x->argc], sizeof(x->argv[0]), "%s", argv[x->argc]);
    if (x->undo_path)
        x->undo_seen_before_run = access(x->undo_path, F_OK) == 0;
    memset(r, 0, sizeof(*r));
    r->started = true;
    r->exit_code = x->exit_code;
    r->timed_out = x->timed_out;
    r->out = strdup(x->out ? x->out : "");
    r->out_len = strlen(r->out);
    r->err = strdup("");
    return 0;
}

static void fake_sleep(void *ud, int ms)
{
    ((struct fake *)ud)->slept_ms += ms;
}

static bool fake_progress(void *ud, const struct session_work *w)
{
    struct fake *x = ud;
    assert_non_null(w->what);
    x->progress_calls++;
    return !(x->stop_after && x->progress_calls >= x->stop_after);
}

struct tmpdir {
    char path[64];
};

static void tmp_make(struct tmpdir *d)
{
    snprintf(d->path, sizeof(d->path), "/tmp/enrolldoc-test-session-XXXXXX");
    if (!mkdtemp(d->path))
        fail_msg("mkdtemp failed");
}

/* A live session on the fake client, walked to branch A in context user. */
static void begin(struct session *s, struct fake *x, const char *state_dir, const char *tmpl)
{
    struct session_client c = {fake_probe, fake_run, fake_sleep, x};
    struct session_start o = {.t = T, .live = true, .tmpl = tmpl, .now = 1000, .source = "test",
                              .state_dir = state_dir, .client = &c, .progress = fake_progress,
                              .progress_ud = x};
    struct err e;
    assert_int_equal(session_begin(s, &o, &e), 0);
    assert_int_equal(x->probes[PROBE_SESSION], 1); /* the logon session first */
    assert_int_equal(session_advance(s, NULL), 0);        /* intro */
    assert_int_equal(session_advance(s, "user"), 0);      /* q.context */
    assert_int_equal(session_advance(s, "rpc"), 0);       /* q.transport */
    assert_int_equal(s->ctx, CTX_USER);
}

static const struct session_action *last_action(const struct session *s)
{
    assert_true(s->nactions > 0);
    return &s->actions[s->nactions - 1];
}

/* Nothing runs unless confirmed; on recorded facts nothing runs at all. */
static void test_confirmation(void **state)
{
    (void)state;
    struct fake x = {0};
    struct session s;
    begin(&s, &x, NULL, "ContosoUser");
    assert_int_equal(session_run_action(&s, "pulse", false), 0);
    assert_int_equal(x.runs, 0);
    assert_int_equal(last_action(&s)->outcome, ACTION_DECLINED);
    assert_string_equal(last_action(&s)->cmdline, "certutil -pulse -user");
    assert_string_equal(s.msg.key, "ui.msg.declined");
    session_free(&s);

    struct facts *f = tu_bundle("{\"format\":\"enrolldoc-bundle/1\"}");
    struct session_start o = {.t = T, .f = f, .tmpl = "ContosoUser", .client = NULL};
    struct err e;
    assert_int_equal(session_begin(&s, &o, &e), 0);
    assert_int_equal(session_run_action(&s, "enroll.manual", true), 0);
    assert_int_equal(last_action(&s)->outcome, ACTION_NOT_RUN_BUNDLE);
    struct session_offer off;
    assert_int_equal(session_offer(&s, "pulse", &off), 0);
    assert_false(off.can_run);
    assert_string_equal(off.why_not, "session.why.recorded");
    session_free(&s);
    facts_free(f);
}

/* certreq: the argv, the record, and its outcome as an enroll result that
 * the manual-enrollment check decides on. */
static void run_certreq(int exit_code, const char *out, const char *msg, bool ok, uint32_t code,
                        const char *finding)
{
    struct fake x = {.exit_code = exit_code, .out = out};
    struct session s;
    begin(&s, &x, NULL, "ContosoUser");
    assert_int_equal(session_run_action(&s, "enroll.manual", true), 0);
    assert_int_equal(x.runs, 1);
    assert_int_equal(x.argc, 4);
    assert_string_equal(x.argv[0], "certreq");
    assert_string_equal(x.argv[1], "-q");
    assert_string_equal(x.argv[2], "-enroll");
    assert_string_equal(x.argv[3], "ContosoUser");
    const struct session_action *a = last_action(&s);
    assert_int_equal(a->outcome, ACTION_RAN);
    assert_int_equal(a->exit_code, exit_code);
    assert_non_null(strstr(a->output, out));
    assert_string_equal(s.msg.key, msg);
    assert_int_equal(s.f->enroll_st, F_SET);
    assert_int_equal(s.f->nenroll, 1);
    const struct enroll_result *er = &s.f->enroll[0];
    assert_string_equal(er->tmpl.v, "ContosoUser");
    assert_int_equal(er->ctx, CTX_USER);
    if (code) {
        assert_int_equal(er->error.st, F_SET);
        assert_int_equal(er->error.v, code);
    }
    assert_int_equal(er->status.st, F_SET);
    assert_string_equal(er->status.v, strcmp(msg, "session.msg.enroll-issued") == 0    ? "issued"
                                      : strcmp(msg, "session.msg.enroll-pending") == 0 ? "pending"
                                      : strcmp(msg, "session.msg.enroll-denied") == 0  ? "denied"
                                                                                        : "failed");
    if (strstr(out, "RequestId: ")) {
        assert_int_equal(er->request_id.st, F_SET);
        assert_int_equal(er->request_id.v, atoi(strstr(out, "RequestId: ") + 11));
    } else {
        assert_int_equal(er->request_id.st, F_NULL);
    }
    /* the check of the manual enrollment now decides on it */
    struct check_result r = {0};
    struct arena ar = {0};
    r.arena = &ar;
    struct eval ev = {.f = s.f, .ctx = CTX_USER, .tmpl = "ContosoUser", .now = 1000};
    check_eval(check_find("enroll"), &ev, &r);
    if (er->ok.st == F_SET) {
        assert_int_equal(er->ok.v, ok);
        assert_int_not_equal(r.status, ST_UNKNOWN);
    }
    bool found = false;
    for (size_t i = 0; i < r.nfindings; i++)
        found = found || (finding && strcmp(r.findings[i].def->id, finding) == 0);
    assert_true(finding ? found : r.nfindings == 0);
    arena_free(&ar);
    session_free(&s);
}

static void test_certreq(void **state)
{
    (void)state;
    run_certreq(0, "RequestId: 42\r\nCertificate retrieved(Issued) Issued\r\n", "session.msg.enroll-issued",
                true, 0, NULL);
    run_certreq(-2146875392, "Certificate not issued (Denied) 0x80094800\r\n", "session.msg.enroll-denied",
                false, 0x80094800u, "enroll.template-unsupported");
    run_certreq(-2147023174, "RPC 0x800706ba (WIN32: 1722)\r\n", "session.msg.enroll-failed", false,
                0x800706BAu, "enroll.failed");
    /* held for approval: the result says so, with the request ID, and the
     * check reports it (no failure) */
    run_certreq(0, "RequestId: 7\r\nCertificate request is pending: Taken Under Submission (0)\r\n",
                "session.msg.enroll-pending", false, 0, "enroll.pending");
}

/* pulse: the task is seen running and then at rest: the wait ends early,
 * the touched groups are probed again. */
static void test_pulse_settles(void **state)
{
    (void)state;
    static const enum task_state seq[] = {TASK_RUNNING, TASK_RUNNING, TASK_READY};
    struct fake x = {.task_states = seq, .ntask_states = 3};
    struct session s;
    begin(&s, &x, NULL, NULL);
    int tasks_before = x.probes[PROBE_TASKS];
    assert_int_equal(session_run_action(&s, "pulse", true), 0);
    assert_int_equal(x.runs, 1);
    assert_string_equal(x.argv[0], "certutil");
    assert_string_equal(x.argv[1], "-pulse");
    assert_string_equal(x.argv[2], "-user");
    /* three looks at the task, 2 s apart, then the touched groups again */
    assert_true(x.slept_ms >= 6000 && x.slept_ms < SESSION_SETTLE_MS);
    assert_true(x.probes[PROBE_TASKS] >= tasks_before + 4);
    assert_true(x.probes[PROBE_EVENTS] >= 1);
    assert_true(x.probes[PROBE_CERTS] >= 1);
    assert_int_equal(s.f->tasks[CTX_USER].last_run.v, 2000);
    assert_true(strcmp(s.msg.key, "ui.msg.ran-ok") == 0 || strcmp(s.msg.key, "session.msg.changed") == 0);
    session_free(&s);

    /* the task never moves: the whole bounded wait, no more */
    struct fake y = {0};
    begin(&s, &y, NULL, NULL);
    assert_int_equal(session_run_action(&s, "pulse", true), 0);
    assert_int_equal(y.slept_ms, SESSION_SETTLE_MS);
    session_free(&s);

    /* the operator stops waiting */
    struct fake z = {.stop_after = 5};
    begin(&s, &z, NULL, NULL);
    assert_int_equal(session_run_action(&s, "gpupdate", true), 0);
    assert_string_equal(z.argv[0], "gpupdate");
    assert_true(z.slept_ms < 2000);
    session_free(&s);

    /* a failed pulse is not waited for */
    struct fake w = {.exit_code = 1};
    begin(&s, &w, NULL, NULL);
    assert_int_equal(session_run_action(&s, "pulse", true), 0);
    assert_int_equal(w.slept_ms, 0);
    assert_string_equal(s.msg.key, "ui.msg.ran-failed");
    session_free(&s);
}

/* gpupdate brings the policy: the check runs again on the new facts and
 * the engine says what changed. */
static void test_gpupdate_changes_the_step(void **state)
{
    (void)state;
    struct fake x = {0};
    struct session s;
    begin(&s, &x, NULL, NULL);
    assert_int_equal(session_advance(&s, NULL), 0); /* a.intro -> a.store */
    assert_int_equal(session_advance(&s, NULL), 0); /* -> a.domain */
    assert_int_equal(session_advance(&s, NULL), 0); /* -> a.aepolicy */
    const struct node *n = session_node(&s, session_current(&s));
    assert_string_equal(n->check->id, "aepolicy");
    assert_int_equal(session_current(&s)->status, STEP_FAIL);
    assert_int_equal(session_run_action(&s, "gpupdate", true), 0);
    assert_string_equal(x.argv[2], "/target:user");
    assert_int_equal(session_current(&s)->status, STEP_OK);
    assert_string_equal(s.msg.key, "session.msg.changed");
    assert_string_equal(err_get(&s.msg, "before"), "@status.fail");
    assert_string_equal(err_get(&s.msg, "after"), "@status.ok");
    session_free(&s);
}

/* The internal actions: asking the CAs again is a probe, recorded as run;
 * the export is a file that never replaces one, recorded with its name. */
static void test_internal_actions(void **state)
{
    (void)state;
    struct fake x = {.events = true};
    struct session s;
    begin(&s, &x, NULL, NULL);
    assert_int_equal(session_run_action(&s, "ca.ping", true), 0);
    assert_int_equal(x.probes[PROBE_CA_PING], 1);
    assert_int_equal(session_run_action(&s, "ca.ping", true), 0);
    assert_int_equal(x.probes[PROBE_CA_PING], 2); /* asked again, not remembered */
    assert_int_equal(last_action(&s)->outcome, ACTION_RAN);
    assert_string_equal(s.msg.key, "ui.msg.pinged");
    assert_int_equal(x.runs, 0);

    char dir[] = "/tmp/enrolldoc-test-export-XXXXXX", cwd[4096];
    assert_non_null(mkdtemp(dir));
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(dir), 0);
    assert_int_equal(session_run_action(&s, "events.export", true), 0);
    assert_int_equal(session_run_action(&s, "events.export", true), 0);
    const struct session_action *a = last_action(&s);
    assert_int_equal(a->outcome, ACTION_RAN);
    assert_non_null(strstr(a->cmdline, "_ClientEvents-2.csv")); /* the first one stays */
    size_t len;
    char *csv = tu_read(a->cmdline, &len);
    assert_true(len > 10);
    free(csv);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -f %s/*.csv", dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(chdir(cwd), 0);
    rmdir(dir);
    session_free(&s);

    struct fake y = {0}; /* no event log */
    begin(&s, &y, NULL, NULL);
    assert_int_equal(session_run_action(&s, "events.export", true), 0);
    assert_int_equal(last_action(&s)->outcome, ACTION_DECLINED);
    assert_string_equal(s.msg.key, "ui.msg.no-events");
    session_free(&s);
}

/* LogLevel: the previous value is on disk before certutil runs; the next
 * session (after a crash, say) finds it and restores exactly that value. */
static void test_loglevel_undo(void **state)
{
    (void)state;
    struct tmpdir d;
    tmp_make(&d);
    char undo[128];
    snprintf(undo, sizeof(undo), "%s/loglevel-undo.json", d.path);
    struct fake x = {.loglevel_readable = true, .loglevel_set = true, .loglevel = 2, .undo_path = undo};
    struct session s;
    begin(&s, &x, d.path, NULL);
    assert_false(session_undo_pending(&s));
    assert_int_equal(session_run_action(&s, "loglevel.raise", true), 0);
    assert_true(x.undo_seen_before_run);
    assert_string_equal(x.argv[1], "-setreg");
    assert_string_equal(x.argv[3], "4");
    assert_true(session_undo_pending(&s));
    struct stat st;
    assert_int_equal(stat(undo, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    session_free(&s); /* the console closes: the record stays */

    struct fake y = {.loglevel_readable = true, .loglevel_set = true, .loglevel = 4};
    begin(&s, &y, d.path, NULL);
    assert_true(session_undo_pending(&s));
    struct session_offer o[16];
    size_t n = session_offers(&s, o, 16);
    bool offered = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(o[i].id, "loglevel.restore") == 0) {
            offered = true;
            assert_string_equal(o[i].cmdline, "certutil -setreg Enroll\\LogLevel 2");
            assert_true(o[i].can_run);
        }
    assert_true(offered);
    assert_int_equal(session_run_action(&s, "loglevel.restore", true), 0);
    assert_string_equal(y.argv[1], "-setreg");
    assert_string_equal(y.argv[3], "2");
    assert_false(session_undo_pending(&s));
    assert_int_equal(stat(undo, &st), -1);
    session_free(&s);

    /* absent before: restore deletes the value, and only then */
    struct fake z = {.loglevel_readable = true, .loglevel_set = false};
    begin(&s, &z, d.path, NULL);
    assert_int_equal(session_run_action(&s, "loglevel.raise", true), 0);
    session_free(&s);
    struct fake z2 = {.loglevel_readable = true, .loglevel_set = true, .loglevel = 4};
    begin(&s, &z2, d.path, NULL);
    assert_int_equal(session_run_action(&s, "loglevel.restore", true), 0);
    assert_int_equal(z2.argc, 3);
    assert_string_equal(z2.argv[1], "-delreg");
    assert_string_equal(z2.argv[2], "Enroll\\LogLevel");
    session_free(&s);

    /* the value cannot be read: not changed at all (a restore could not be exact) */
    struct fake u = {.loglevel_readable = false};
    begin(&s, &u, d.path, NULL);
    assert_int_equal(session_run_action(&s, "loglevel.raise", true), 0);
    assert_int_equal(u.runs, 0);
    assert_string_equal(s.msg.key, "session.msg.loglevel-unknown");
    assert_false(session_undo_pending(&s));
    session_free(&s);

    /* certutil failed: nothing changed, nothing to restore */
    struct fake v = {.loglevel_readable = true, .loglevel_set = true, .loglevel = 1, .exit_code = 5};
    begin(&s, &v, d.path, NULL);
    assert_int_equal(session_run_action(&s, "loglevel.raise", true), 0);
    assert_int_equal(v.runs, 1);
    assert_false(session_undo_pending(&s));
    assert_int_equal(stat(undo, &st), -1);
    session_free(&s);

    /* a damaged record is said, not trusted */
    FILE *fp = fopen(undo, "w");
    assert_non_null(fp);
    fputs("{\"format\": \"enrolldoc-undo/1\", \"previous\": \"four\"}", fp);
    fclose(fp);
    struct fake w = {0};
    begin(&s, &w, d.path, NULL);
    assert_false(session_undo_pending(&s));
    session_free(&s);
    char cmd[160];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", d.path);
    assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
    (void)state;
    struct err e;
    T = tree_load(NULL, NULL, &e);
    return T && locale_load(&L, NULL, &e) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tree_free(T);
    locale_free(&L);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_confirmation),
        cmocka_unit_test(test_certreq),
        cmocka_unit_test(test_pulse_settles),
        cmocka_unit_test(test_gpupdate_changes_the_step),
        cmocka_unit_test(test_internal_actions),
        cmocka_unit_test(test_loglevel_undo),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
