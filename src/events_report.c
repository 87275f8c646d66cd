/* events_report.c: runs and findings of an events export, as JSON and text.
 * The analysis itself is evlog_analyse() and the events check; this file
 * only evaluates and presents them (events_report.h). */
#include "events_report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "codes.h"
#include "jsonw.h"
#include "output.h"
#include "term.h"
#include "util.h"

/* ---- building ---------------------------------------------------------- */

static bool same_finding(const struct finding *a, const struct finding *b)
{
    if (a->def != b->def || a->nevidence != b->nevidence)
        return false;
    for (size_t i = 0; i < a->nevidence; i++)
        if (strcmp(a->evidence[i].key, b->evidence[i].key) != 0 ||
            strcmp(a->evidence[i].value, b->evidence[i].value) != 0)
            return false;
    return true;
}

int events_report_build(const struct facts *f, const char *file, const struct events_info *info,
                        struct events_report **out, struct err *e)
{
    *out = NULL;
    struct events_report *r = calloc(1, sizeof(*r));
    if (!r) {
        err_set(e, "error.memory");
        err_arg(e, "file", "%s", file);
        return -1;
    }
    r->f = f;
    r->file = file;
    r->info = *info;

    struct evlog_accounts acc;
    evlog_accounts_of(f, &acc);
    const struct check *chk = check_find("events");
    if (!chk || evlog_analyse(f->events.v, f->events.n, &acc, &r->arena, &r->log) != 0)
        goto oom;

    /* the contexts to evaluate */
    enum ctx ctxs[CTX_COUNT];
    size_t nctx = 0;
    if (f->ctx_st == F_SET && f->ctx != CTX_NONE) {
        ctxs[nctx++] = f->ctx;
    } else {
        for (int c = 0; c < CTX_COUNT; c++)
            if (acc.name[c] || acc.sid[c])
                ctxs[nctx++] = (enum ctx)c;
    }
    if (nctx == 0)
        ctxs[nctx++] = CTX_NONE;

    int64_t now = f->meta.collected_at.st == F_SET ? f->meta.collected_at.v : 0;
    struct check_result res[CTX_COUNT];
    size_t total = 0;
    for (size_t i = 0; i < nctx; i++) {
        memset(&res[i], 0, sizeof(res[i]));
        res[i].arena = &r->arena;
        struct eval ev = {.f = f, .ctx = ctxs[i], .tmpl = NULL, .now = now, .events = &r->log};
        check_eval(chk, &ev, &res[i]);
        total += res[i].nfindings;
    }
    const struct finding **all = total ? arena_calloc(&r->arena, total, sizeof(*all)) : NULL;
    if (total && !all)
        goto oom;
    size_t n = 0;
    for (int sev = SEV_ERROR; sev >= SEV_INFO; sev--)
        for (size_t i = 0; i < nctx; i++)
            for (size_t k = 0; k < res[i].nfindings; k++) {
                struct finding *fd = &res[i].findings[k];
                if ((int)fd->def->sev != sev)
                    continue;
                bool dup = false;
                for (size_t j = 0; j < n && !dup; j++)
                    if (same_finding(all[j], fd)) {
                        dup = true;
                        ((struct finding *)all[j])->ctx = CTX_NONE;
                    }
                if (!dup)
                    all[n++] = fd;
            }
    r->findings = all;
    r->nfindings = n;
    *out = r;
    return 0;

oom:
    events_report_free(r);
    err_set(e, "error.memory");
    err_arg(e, "file", "%s", file);
    return -1;
}

void events_report_free(struct events_report *r)
{
    if (!r)
        return;
    arena_free(&r->arena);
    free(r);
}

bool events_report_has_error(const struct events_report *r)
{
    for (size_t i = 0; i < r->nfindings; i++)
        if (r->findings[i]->def->sev == SEV_ERROR)
            return true;
    return false;
}

/* ---- shared helpers ---------------------------------------------------- */

/* T as ISO 8601; the "Z" only when the times are UTC. */
static void iso_time(const struct events_report *r, int64_t t, char *buf, size_t size)
{
    time_format_iso(t, buf, size);
    size_t n = strlen(buf);
    if (!r->info.zoned && n > 0 && buf[n - 1] == 'Z')
        buf[n - 1] = '\0';
}

/* The evidence value as shown: time evidence loses its "Z" for local times. */
static const char *evidence_value(const struct events_report *r, const struct evidence *ev,
                                  char *buf, size_t size)
{
    size_t n = strlen(ev->value);
    if (!r->info.zoned && (strcmp(ev->key, "started") == 0 || strcmp(ev->key, "time") == 0) &&
        n > 0 && ev->value[n - 1] == 'Z' && n < size) {
        memcpy(buf, ev->value, n - 1);
        buf[n - 1] = '\0';
        return buf;
    }
    return ev->value;
}

/* ---- JSON -------------------------------------------------------------- */

static void issues_json(struct jsonw *w, const struct evlog_run *run, enum ev_level level)
{
    jsonw_array(w, false);
    for (size_t i = 0; i < run->nissues; i++) {
        const struct evlog_issue *is = &run->issues[i];
        if (is->level != level)
            continue;
        jsonw_object(w);
        jsonw_key(w, "provider");
        jsonw_string(w, is->provider);
        jsonw_key(w, "id");
        if (is->id >= 0)
            jsonw_int(w, is->id);
        else
            jsonw_null(w);
        jsonw_key(w, "codes");
        jsonw_array(w, true);
        for (size_t k = 0; k < is->ncodes; k++) {
            char hex[16];
            code_format(is->codes[k], hex, sizeof(hex));
            jsonw_string(w, hex);
        }
        jsonw_end(w);
        jsonw_end(w);
    }
    jsonw_end(w);
}

/* The account of RUN: the analysis's, else the %1 of its start event. */
static const char *run_account(const struct evlog_run *run, char *buf, size_t size)
{
    if (run->account)
        return run->account;
    const char *s;
    size_t n = run->start->message.st == F_SET ? events_start_account(run->start->message.v, &s) : 0;
    if (n == 0 || n >= size)
        return NULL;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

static void run_json(struct jsonw *w, const struct events_report *r, const struct evlog_run *run)
{
    char t[40], acc[512];
    jsonw_object(w);
    jsonw_key(w, "started");
    if (run->started.st == F_SET) {
        iso_time(r, run->started.v, t, sizeof(t));
        jsonw_string(w, t);
    } else {
        jsonw_null(w);
    }
    jsonw_key(w, "account");
    jsonw_string(w, run_account(run, acc, sizeof(acc)));
    jsonw_key(w, "context");
    jsonw_string(w, run->ctx == CTX_NONE ? NULL : ctx_name(run->ctx));
    jsonw_key(w, "completed");
    jsonw_bool(w, run->completed);
    jsonw_key(w, "last_step");
    jsonw_object(w);
    jsonw_key(w, "provider");
    jsonw_string(w, run->last_provider ? run->last_provider : "");
    jsonw_key(w, "id");
    jsonw_int(w, run->last_id);
    jsonw_end(w);
    jsonw_key(w, "errors");
    issues_json(w, run, EV_ERROR);
    jsonw_key(w, "warnings");
    issues_json(w, run, EV_WARNING);
    jsonw_end(w);
}

static void finding_json(struct jsonw *w, const struct events_report *r, const struct finding *f)
{
    jsonw_object(w);
    jsonw_key(w, "id");
    jsonw_string(w, f->def->id);
    jsonw_key(w, "severity");
    jsonw_string(w, severity_name(f->def->sev));
    jsonw_key(w, "context");
    jsonw_string(w, f->ctx == CTX_NONE ? NULL : ctx_name(f->ctx));
    jsonw_key(w, "evidence");
    jsonw_object(w);
    for (size_t i = 0; i < f->nevidence; i++) {
        char buf[64];
        jsonw_key(w, f->evidence[i].key);
        switch (f->evidence[i].type) {
        case EVT_NUMBER: jsonw_number_text(w, f->evidence[i].value); break;
        case EVT_BOOL: jsonw_bool(w, strcmp(f->evidence[i].value, "true") == 0); break;
        case EVT_NULL: jsonw_null(w); break;
        case EVT_STRING:
        case EVT_RIGHTS: jsonw_string(w, evidence_value(r, &f->evidence[i], buf, sizeof(buf))); break;
        }
    }
    jsonw_end(w);
    jsonw_key(w, "actions");
    jsonw_array(w, true);
    for (size_t i = 0; i < FINDING_MAX_ACTIONS && f->def->actions[i]; i++)
        jsonw_string(w, f->def->actions[i]);
    jsonw_end(w);
    jsonw_end(w);
}

int events_report_json(const struct events_report *r, FILE *out)
{
    struct jsonw *w = malloc(sizeof(*w));
    if (!w)
        return -1;
    jsonw_init(w, out);
    jsonw_object(w);
    jsonw_key(w, "format");
    jsonw_string(w, "enrolldoc-events/1");
    jsonw_key(w, "events");
    jsonw_int(w, (int64_t)r->log.nevents);
    jsonw_key(w, "times");
    jsonw_string(w, r->info.zoned ? "utc" : "local");
    jsonw_key(w, "runs");
    jsonw_array(w, false);
    for (size_t i = 0; i < r->log.nruns; i++)
        run_json(w, r, &r->log.runs[i]);
    jsonw_end(w);
    jsonw_key(w, "findings");
    jsonw_array(w, false);
    for (size_t i = 0; i < r->nfindings; i++)
        finding_json(w, r, r->findings[i]);
    jsonw_end(w);
    jsonw_end(w);
    int rc = jsonw_finish(w);
    free(w);
    return rc;
}

/* ---- text -------------------------------------------------------------- */

/* "AutoEnrollment", "CertEnroll", "CertificateServicesClient", or NAME. */
static const char *short_provider(const char *name)
{
    static const char prefix[] = "Microsoft-Windows-CertificateServicesClient-";
    if (!name)
        return "?";
    enum evlog_provider p = evlog_provider_of(name);
    if (p == EVP_CSC)
        return "CertificateServicesClient";
    if (p != EVP_OTHER)
        return name + sizeof(prefix) - 1;
    return name;
}

/* T for people: "2026-11-20 08:58:02", with " UTC" when the times are UTC. */
static void text_time(const struct events_report *r, const struct opt_time *t,
                      const struct locale *l, char *buf, size_t size)
{
    if (t->st != F_SET) {
        snprintf(buf, size, "%s", tr(l, "events.time-unknown"));
        return;
    }
    char iso[40];
    time_format_iso(t->v, iso, sizeof(iso));
    char *z = strchr(iso, 'Z');
    if (z)
        *z = '\0';
    char *tt = strchr(iso, 'T');
    if (tt)
        *tt = ' ';
    snprintf(buf, size, "%s%s", iso, r->info.zoned ? " UTC" : "");
}

/* "CertEnroll 65 – authenticated at the policy server" for step K (1-based). */
static void step_text(const struct locale *l, int k, char *buf, size_t size)
{
    static const struct {
        enum evlog_provider p;
        int id;
    } seq[] = {
        {EVP_AUTOENROLLMENT, 2}, {EVP_AUTOENROLLMENT, 4}, {EVP_CSC, 1},
        {EVP_CSC, 3},            {EVP_CERTENROLL, 65},    {EVP_CERTENROLL, 64},
        {EVP_AUTOENROLLMENT, 5}, {EVP_AUTOENROLLMENT, 3}, {EVP_CSC, 2},
    };
    char key[64];
    snprintf(buf, size, "%s %d – %s", short_provider(evlog_provider_name(seq[k - 1].p)),
             seq[k - 1].id, trf(l, key, sizeof(key), "events.step.%d", k));
}

#define NSTEPS 9

static void say(FILE *out, const struct locale *l, int width, const char *key, const char *const *names,
                const char *const *values, size_t n, int first, int indent)
{
    char buf[2048];
    fill(buf, sizeof(buf), tr(l, key), names, values, n);
    print_wrapped(out, buf, first, indent, width);
}

static void print_issue(const struct events_report *r, const struct evlog_issue *is,
                        const struct locale *l, int width, FILE *out)
{
    char t[64], id[24], line[512], key[160];
    text_time(r, &is->ev->time, l, t, sizeof(t));
    if (is->id >= 0)
        snprintf(id, sizeof(id), " %lld", (long long)is->id);
    else
        id[0] = '\0';
    snprintf(line, sizeof(line), "%s: %s%s, %s",
             tr(l, is->level == EV_ERROR ? "events.level.error" : "events.level.warning"),
             short_provider(is->provider), id, t);
    print_wrapped(out, line, 4, 6, width);
    if (is->ncodes == 0) {
        print_wrapped(out, tr(l, "events.no-code"), 6, 6, width);
        return;
    }
    for (size_t k = 0; k < is->ncodes; k++) {
        char hex[16];
        code_format(is->codes[k], hex, sizeof(hex));
        const struct code_info *ci = code_lookup(is->codes[k]);
        snprintf(line, sizeof(line), "%s%s%s", hex, ci ? " " : "", ci ? ci->symbol : "");
        print_wrapped(out, line, 6, 8, width);
        if (ci)
            snprintf(key, sizeof(key), "code.%s", ci->symbol);
        if (ci && (catalog_get(l->cat[l->lang], key) || catalog_get(l->cat[LANG_EN], key))) {
            print_wrapped(out, tr(l, key), 8, 8, width);
        } else {
            print_wrapped(out, tr(l, "events.code-unknown"), 8, 8, width);
        }
    }
}

static void print_run(const struct events_report *r, size_t i, const struct locale *l, int width,
                      FILE *out)
{
    const struct evlog_run *run = &r->log.runs[i];
    char num[24], t[64], acc[512], ctxl[64], buf[512];
    snprintf(num, sizeof(num), "%zu", i + 1);
    text_time(r, &run->started, l, t, sizeof(t));
    const char *n1[] = {"n", "time"};
    const char *v1[] = {num, t};
    say(out, l, width, "events.run.title", n1, v1, 2, 0, 2);

    const char *a = run_account(run, acc, sizeof(acc));
    if (a) {
        const char *ctx = run->ctx == CTX_NONE ? tr(l, "context.none")
                                               : trf(l, ctxl, sizeof(ctxl), "context.%s", ctx_name(run->ctx));
        const char *n2[] = {"account", "context"};
        char as[768];
        const char *v2[] = {term_safe(as, sizeof(as), a), ctx};
        say(out, l, width, "events.run.account", n2, v2, 2, 2, 4);
    } else {
        say(out, l, width, "events.run.no-account", NULL, NULL, 0, 2, 4);
    }

    int step = evlog_step_of(evlog_provider_of(run->last_provider), run->last_id);
    if (run->completed) {
        say(out, l, width, "events.run.completed", NULL, NULL, 0, 2, 4);
    } else if (step > 0) {
        char s[16], total[16];
        snprintf(s, sizeof(s), "%d", step);
        snprintf(total, sizeof(total), "%d", NSTEPS);
        step_text(l, step, buf, sizeof(buf));
        const char *n3[] = {"step", "total", "name"};
        const char *v3[] = {s, total, buf};
        say(out, l, width, "events.run.stopped", n3, v3, 3, 2, 4);
        if (step < NSTEPS) {
            step_text(l, step + 1, buf, sizeof(buf));
            const char *n4[] = {"name"};
            const char *v4[] = {buf};
            say(out, l, width, "events.run.next", n4, v4, 1, 2, 4);
        }
    }
    if (run->nissues) {
        say(out, l, width, "events.run.issues", NULL, NULL, 0, 2, 4);
        for (size_t k = 0; k < run->nissues; k++)
            print_issue(r, &run->issues[k], l, width, out);
    }
    fputc('\n', out);
}

static void print_finding(const struct events_report *r, const struct finding *f,
                          const struct locale *l, int width, FILE *out)
{
    char key[160], tkey[160], line[1024];
    snprintf(line, sizeof(line), "%s: %s", trf(l, key, sizeof(key), "severity.%s", severity_name(f->def->sev)),
             trf(l, tkey, sizeof(tkey), "finding.%s.title", f->def->id));
    print_wrapped(out, line, 2, 4, width);
    if (f->ctx != CTX_NONE)
        fprintf(out, "    [%s · %s]\n", f->def->id, trf(l, key, sizeof(key), "context.%s", ctx_name(f->ctx)));
    else
        fprintf(out, "    [%s]\n", f->def->id);
    if (f->nevidence) {
        print_wrapped(out, tr(l, "text.evidence"), 4, 6, width);
        for (size_t i = 0; i < f->nevidence; i++) {
            char vb[64], vs[768];
            snprintf(line, sizeof(line), "%s: %s", trf(l, key, sizeof(key), "evidence.%s", f->evidence[i].key),
                     term_safe(vs, sizeof(vs), evidence_value(r, &f->evidence[i], vb, sizeof(vb))));
            print_wrapped(out, line, 6, 8, width);
        }
    }
    print_wrapped(out, tr(l, "text.todo"), 4, 6, width);
    print_wrapped(out, trf(l, key, sizeof(key), "finding.%s.todo", f->def->id), 6, 6, width);
    fputc('\n', out);
}

/* One code of the earlier runs and how often it came. */
struct code_count {
    uint32_t code;
    size_t n;
};

static int cmp_count(const void *pa, const void *pb)
{
    const struct code_count *a = pa, *b = pb;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return a->code < b->code ? -1 : a->code > b->code;
}

/* The codes shown for the earlier runs, at most. */
#define SUMMARY_CODES 5

/* Sums up runs 0 .. N-1 (those not shown in detail). Returns 0 or -1. */
static int print_earlier(const struct events_report *r, size_t n, size_t detail,
                         const struct locale *l, int width, FILE *out)
{
    size_t completed = 0, ncodes = 0, cap = 0, issues = 0;
    struct code_count *codes = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct evlog_run *run = &r->log.runs[i];
        completed += run->completed;
        issues += run->nissues;
        for (size_t k = 0; k < run->nissues; k++)
            for (size_t c = 0; c < run->issues[k].ncodes; c++) {
                uint32_t code = run->issues[k].codes[c];
                size_t j = 0;
                while (j < ncodes && codes[j].code != code)
                    j++;
                if (j == ncodes) {
                    if (ncodes == cap) {
                        size_t nc = cap ? cap * 2 : 16;
                        struct code_count *v = realloc(codes, nc * sizeof(*v));
                        if (!v) {
                            free(codes);
                            return -1;
                        }
                        codes = v;
                        cap = nc;
                    }
                    codes[ncodes].code = code;
                    codes[ncodes++].n = 0;
                }
                codes[j].n++;
            }
    }
    char cnt[24], from[64], to[64], done[24], stopped[24], shown[24];
    snprintf(cnt, sizeof(cnt), "%zu", n);
    snprintf(done, sizeof(done), "%zu", completed);
    snprintf(stopped, sizeof(stopped), "%zu", n - completed);
    snprintf(shown, sizeof(shown), "%zu", detail);
    text_time(r, &r->log.runs[0].started, l, from, sizeof(from));
    text_time(r, &r->log.runs[n - 1].started, l, to, sizeof(to));
    const char *n1[] = {"count", "from", "to", "completed", "stopped"};
    const char *v1[] = {cnt, from, to, done, stopped};
    say(out, l, width, "events.earlier", n1, v1, 5, 0, 2);
    if (ncodes == 0) {
        say(out, l, width, issues ? "events.earlier.no-codes" : "events.earlier.no-issues", NULL, NULL, 0,
            2, 4);
    } else {
        qsort(codes, ncodes, sizeof(*codes), cmp_count);
        say(out, l, width, "events.earlier.codes", NULL, NULL, 0, 2, 4);
        for (size_t i = 0; i < ncodes && i < SUMMARY_CODES; i++) {
            char hex[16], times[24], name[160];
            code_format(codes[i].code, hex, sizeof(hex));
            snprintf(times, sizeof(times), "%zu", codes[i].n);
            const struct code_info *ci = code_lookup(codes[i].code);
            snprintf(name, sizeof(name), "%s%s%s", hex, ci ? " " : "", ci ? ci->symbol : "");
            const char *n2[] = {"code", "count"};
            const char *v2[] = {name, times};
            say(out, l, width, "events.earlier.code", n2, v2, 2, 4, 6);
        }
        if (ncodes > SUMMARY_CODES) {
            char more[24];
            snprintf(more, sizeof(more), "%zu", ncodes - SUMMARY_CODES);
            const char *n3[] = {"count"};
            const char *v3[] = {more};
            say(out, l, width, "events.earlier.more-codes", n3, v3, 1, 4, 4);
        }
    }
    const char *n4[] = {"shown"};
    const char *v4[] = {shown};
    say(out, l, width, "events.earlier.hint", n4, v4, 1, 2, 4);
    /* the command on a line of its own, whole, quoted to be pasted */
    struct action_cmd cmd = {.argc = 4};
    snprintf(cmd.argv[0], sizeof(cmd.argv[0]), "enrolldoc");
    snprintf(cmd.argv[1], sizeof(cmd.argv[1]), "events");
    snprintf(cmd.argv[2], sizeof(cmd.argv[2]), "%s", r->file);
    snprintf(cmd.argv[3], sizeof(cmd.argv[3]), "--all");
    char line[4 * ACTION_ARG_LEN];
    action_cmdline(&cmd, line, sizeof(line));
    if (line[0] && strlen(r->file) < sizeof(cmd.argv[2]))
        print_command(out, line, 4);
    fputc('\n', out);
    free(codes);
    return 0;
}

int events_report_text(const struct events_report *r, const struct locale *l, size_t detail,
                       int width, FILE *out)
{
    char ne[24], nr[24], buf[64];
    snprintf(ne, sizeof(ne), "%zu", r->log.nevents);
    snprintf(nr, sizeof(nr), "%zu", r->log.nruns);
    const char *n1[] = {"file", "events", "runs"};
    char fs[1024];
    const char *v1[] = {term_safe(fs, sizeof(fs), r->file), ne, nr};
    say(out, l, width, "events.header", n1, v1, 3, 0, 0);
    if (r->log.nevents > 0)
        say(out, l, width, r->info.zoned ? "events.times.utc" : "events.times.local", NULL, NULL, 0, 0, 0);
    if (r->info.date_assumed) {
        /* a date of the file itself, and how it was read */
        char iso[40];
        time_format_iso(r->info.date_example_value, iso, sizeof(iso));
        iso[10] = '\0';
        const char *n[] = {"example", "read"};
        const char *v[] = {r->info.date_example, iso};
        say(out, l, width, r->info.dates == EVD_DAY_FIRST ? "events.dates.day-first" : "events.dates.month-first",
            n, v, 2, 0, 0);
    }
    if (r->info.inferred) {
        snprintf(buf, sizeof(buf), "%zu", r->info.inferred);
        const char *n[] = {"count"};
        const char *v[] = {buf};
        say(out, l, width, r->info.inferred == 1 ? "events.inferred.one" : "events.inferred.other", n, v, 1, 0, 0);
    }
    if (r->info.unknown_provider) {
        snprintf(buf, sizeof(buf), "%zu", r->info.unknown_provider);
        const char *n[] = {"count"};
        const char *v[] = {buf};
        say(out, l, width, r->info.unknown_provider == 1 ? "events.unknown-provider.one" : "events.unknown-provider.other",
            n, v, 1, 0, 0);
    }
    fputc('\n', out);

    if (r->log.nruns == 0) {
        say(out, l, width, "events.no-runs", NULL, NULL, 0, 0, 0);
        fputc('\n', out);
    }
    size_t first = 0;
    if (detail < r->log.nruns) {
        first = r->log.nruns - detail;
        if (print_earlier(r, first, detail, l, width, out) != 0)
            return -1;
    }
    for (size_t i = first; i < r->log.nruns; i++)
        print_run(r, i, l, width, out);

    if (r->nfindings == 0) {
        say(out, l, width, "events.no-findings", NULL, NULL, 0, 0, 0);
    } else {
        say(out, l, width, "events.findings", NULL, NULL, 0, 0, 0);
        fputc('\n', out);
        for (size_t i = 0; i < r->nfindings; i++)
            print_finding(r, r->findings[i], l, width, out);
    }
    return ferror(out) ? -1 : 0;
}
