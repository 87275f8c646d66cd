/* task.c: is the autoenrollment process triggered? The scheduled tasks
 * \Microsoft\Windows\CertificateServicesClient\UserTask (user context) and
 * SystemTask (machine context) run it at logon, every 8 hours and after a
 * policy change. Several of these findings can hold at once (a disabled task
 * whose last run failed, say). */
#include "checks.h"
#include "util.h"

/* A run that has gone on longer than this waits for an interaction nobody
 * answers. */
#define TASK_HANG_SECONDS (15 * 60)

static const struct finding_def defs[] = {
    {"task.missing", SEV_ERROR, {NULL}},
    {"task.disabled", SEV_ERROR, {NULL}},
    {"task.never-run", SEV_WARNING, {"pulse", NULL}},
    {"task.hanging", SEV_WARNING, {"events.export", NULL}},
    {"task.last-result", SEV_WARNING, {"loglevel.raise", "pulse", "events.export", NULL}},
};
enum { D_MISSING, D_DISABLED, D_NEVER_RUN, D_HANGING, D_LAST_RESULT };

static void evidence_time(struct check_result *r, struct finding *fd, const char *key, int64_t t)
{
    char buf[32];
    time_format_iso(t, buf, sizeof(buf));
    finding_evidence(r, fd, key, "%s", buf);
}

static const char *task_name(enum ctx c)
{
    return c == CTX_USER ? "UserTask" : "SystemTask";
}

static void run(const struct eval *ev, struct check_result *r)
{
    if (ev->ctx != CTX_USER && ev->ctx != CTX_MACHINE) {
        result_missing(r, "context");
        return;
    }
    const struct task *t = &ev->f->tasks[ev->ctx];
    if (t->st == F_ABSENT) {
        result_missing_ctx(r, "facts.tasks", ev->ctx);
        return;
    }
    /* "null": collected, and there is no such task. */
    if (t->st == F_NULL || (t->exists.st == F_SET && !t->exists.v)) {
        struct finding *fd = result_add(r, ev, &defs[D_MISSING]);
        finding_evidence(r, fd, "task", "%s", task_name(ev->ctx));
        return;
    }
    const char *base = ev->ctx == CTX_USER ? "facts.tasks.user" : "facts.tasks.machine";
    if (t->exists.st != F_SET) {
        const char *p = arena_fmt(r->arena, "%s.exists", base);
        result_missing(r, p ? p : base);
        return;
    }

    /* task.disabled */
    bool off_flag = t->enabled.st == F_SET && !t->enabled.v;
    bool off_state = t->state_st == F_SET && t->state == TASK_DISABLED;
    if (off_flag || off_state) {
        struct finding *fd = result_add(r, ev, &defs[D_DISABLED]);
        finding_evidence(r, fd, "task", "%s", task_name(ev->ctx));
        if (t->enabled.st == F_SET)
            finding_evidence_bool(r, fd, "enabled", t->enabled.v);
        if (t->state_st == F_SET)
            finding_evidence(r, fd, "state", "%s", task_state_name(t->state));
    } else if (t->enabled.st != F_SET && t->state_st != F_SET) {
        const char *p = arena_fmt(r->arena, "%s.enabled", base);
        result_missing(r, p ? p : base);
    }

    /* task.never-run */
    if (t->last_run.st == F_NULL) {
        struct finding *fd = result_add(r, ev, &defs[D_NEVER_RUN]);
        finding_evidence(r, fd, "task", "%s", task_name(ev->ctx));
        finding_evidence_null(r, fd, "last_run");
    } else if (t->last_run.st == F_ABSENT) {
        const char *p = arena_fmt(r->arena, "%s.last_run", base);
        result_missing(r, p ? p : base);
    }

    /* task.hanging */
    if (t->state_st == F_SET && t->state == TASK_RUNNING) {
        if (t->running_since.st == F_SET) {
            if (ev->now - t->running_since.v > TASK_HANG_SECONDS) {
                struct finding *fd = result_add(r, ev, &defs[D_HANGING]);
                finding_evidence(r, fd, "task", "%s", task_name(ev->ctx));
                finding_evidence(r, fd, "state", "%s", task_state_name(t->state));
                evidence_time(r, fd, "running_since", t->running_since.v);
                finding_evidence_int(r, fd, "minutes",
                                     (long long)((ev->now - t->running_since.v) / 60));
            }
        } else {
            const char *p = arena_fmt(r->arena, "%s.running_since", base);
            result_missing(r, p ? p : base);
        }
    } else if (t->state_st != F_SET) {
        const char *p = arena_fmt(r->arena, "%s.state", base);
        result_missing(r, p ? p : base);
    }

    /* task.last-result */
    if (t->last_result.st == F_SET) {
        uint32_t c = t->last_result.v;
        if (c != 0 && c != HR_SCHED_S_TASK_HAS_NOT_RUN) {
            struct finding *fd = result_add(r, ev, &defs[D_LAST_RESULT]);
            finding_evidence(r, fd, "task", "%s", task_name(ev->ctx));
            finding_evidence_code(r, fd, "last_result", c);
            if (t->last_run.st == F_SET)
                evidence_time(r, fd, "last_run", t->last_run.v);
        }
    } else if (t->last_result.st == F_ABSENT) {
        const char *p = arena_fmt(r->arena, "%s.last_result", base);
        result_missing(r, p ? p : base);
    }
}

const struct check check_task = {
    .id = "task",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_TASKS),
};
