/* cli.c: parsing the command line and running diagnose / explain / collect. */
#include "cli.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "bundle_write.h"
#include "candidates.h"
#include "probe.h"
#include "codes.h"
#include "diagnose.h"
#include "session.h"
#include "dircollect.h"
#include "exitcode.h"
#include "fleet.h"
#include "fleet_out.h"
#include "events_import.h"
#include "events_report.h"
#include "import.h"
#include "lang.h"
#include "output.h"
#include "platform/platform.h"
#include "report.h"
#include "term.h"
#include "train.h"
#include "tree.h"
#include "util.h"

enum command { CMD_NONE, CMD_DIAGNOSE, CMD_EXPLAIN, CMD_COLLECT, CMD_EVENTS, CMD_HELP, CMD_VERSION,
                CMD_TRAIN, CMD_IMPORT, CMD_FLEET };

struct options {
    enum command cmd;
    const char *bundle;
    const char *tree;
    const char *catalogs;
    const char *context;
    const char *tmpl;
    const char *output;
    const char *report;
    const char *timeout;
    const char *lang;
    const char *positional[4];
    int npositional;
    /* the files to import: import's arguments, and every --from */
    const char **from;
    int nfrom;
    int json;
    int demo;
    int all;        /* events: every run in detail */
    int plain;      /* the wizard as the plain line mode */
    /* collect --directory-only / --merge (src/dircollect.h) */
    const char *ldap;
    const char *account;
    const char *bind_user;
    const char *ces_server;
    const char *merge;
    const char *out_dir;    /* collect: HOST_YYYYMMDDTHHMMSSZ.json in this folder */
    int directory_only;
    int starttls;
    int gssapi;
    /* fleet (src/fleet.h); its paths are in FROM */
    const char *csv;
    const char *ndjson;
    const char *since;
    const char *jobs;
    const char *finding;
    const char *host;
    int all_times;
};

/* Prints the localized error E on stderr as one line. */
static void print_err(const struct locale *l, const struct err *e)
{
    char buf[2048];
    err_render(l, e, buf, sizeof(buf));
    /* one line, and nothing from a value that a terminal would obey */
    fputs("enrolldoc: ", stderr);
    term_fputs(buf, 0, stderr);
    fputc('\n', stderr);
}

static int usage_error(const struct locale *l, const char *key, const char *arg)
{
    struct err e;
    err_set(&e, key);
    err_arg(&e, "arg", "%s", arg ? arg : "");
    print_err(l, &e);
    return EXIT_INPUT;
}

static bool is_negative_number(const char *s)
{
    return s[0] == '-' && s[1] >= '0' && s[1] <= '9';
}

/* Option taking a value: "--name VALUE" or "--name=VALUE". Returns the value
 * or NULL (with *I advanced past what was consumed). */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *matched)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    *matched = false;
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=') {
        *matched = true;
        return a + n + 1;
    }
    if (a[n] != '\0')
        return NULL;
    *matched = true;
    if (*i + 1 >= argc)
        return NULL;
    (*i)++;
    return argv[*i];
}

static int parse_args(int argc, char **argv, struct options *o, const struct locale *l)
{
    bool only_positional = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_positional || a[0] != '-' || a[1] == '\0' ||
            (o->cmd == CMD_EXPLAIN && is_negative_number(a))) {
            if (o->cmd == CMD_NONE && !only_positional) {
                if (strcmp(a, "diagnose") == 0) { o->cmd = CMD_DIAGNOSE; continue; }
                if (strcmp(a, "explain") == 0) { o->cmd = CMD_EXPLAIN; continue; }
                if (strcmp(a, "collect") == 0) { o->cmd = CMD_COLLECT; continue; }
                if (strcmp(a, "events") == 0) { o->cmd = CMD_EVENTS; continue; }
                if (strcmp(a, "train") == 0) { o->cmd = CMD_TRAIN; continue; }
                if (strcmp(a, "help") == 0) { o->cmd = CMD_HELP; continue; }
                if (strcmp(a, "import") == 0) { o->cmd = CMD_IMPORT; continue; }
                if (strcmp(a, "fleet") == 0) { o->cmd = CMD_FLEET; continue; }
                return usage_error(l, "error.usage.command", a);
            }
            if (o->cmd == CMD_IMPORT || o->cmd == CMD_FLEET) {
                o->from[o->nfrom++] = a;
                continue;
            }
            if (o->npositional >= 4)
                return usage_error(l, "error.usage.extra", a);
            o->positional[o->npositional++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_positional = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->cmd = CMD_HELP;
            continue;
        }
        if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            o->cmd = CMD_VERSION;
            continue;
        }
        if (strcmp(a, "--json") == 0) {
            o->json = 1;
            continue;
        }
        if (strcmp(a, "--all") == 0) {
            o->all = 1;
            continue;
        }
        if (strcmp(a, "--demo") == 0) {
            o->demo = 1;
            continue;
        }
        if (strcmp(a, "--plain") == 0) {
            o->plain = 1;
            continue;
        }
        if (strcmp(a, "--directory-only") == 0) {
            o->directory_only = 1;
            continue;
        }
        if (strcmp(a, "--starttls") == 0) {
            o->starttls = 1;
            continue;
        }
        if (strcmp(a, "--all-times") == 0) {
            o->all_times = 1;
            continue;
        }
        if (strcmp(a, "--gssapi") == 0) {
            o->gssapi = 1;
            continue;
        }
        {
            bool matched;
            const char *v = opt_value(argc, argv, &i, "--from", &matched);
            if (matched) {
                if (!v || !*v)
                    return usage_error(l, "error.usage.value", "--from");
                o->from[o->nfrom++] = v;
                continue;
            }
        }
        static const struct {
            const char *name;
            size_t off;
        } valued[] = {
            {"--bundle", offsetof(struct options, bundle)},
            {"--tree", offsetof(struct options, tree)},
            {"--catalogs", offsetof(struct options, catalogs)},
            {"--context", offsetof(struct options, context)},
            {"--template", offsetof(struct options, tmpl)},
            {"--lang", offsetof(struct options, lang)},
            {"--output", offsetof(struct options, output)},
            {"--timeout", offsetof(struct options, timeout)},
            {"--report", offsetof(struct options, report)},
            {"-o", offsetof(struct options, output)},
            {"--ldap", offsetof(struct options, ldap)},
            {"--account", offsetof(struct options, account)},
            {"--bind-user", offsetof(struct options, bind_user)},
            {"--ces-server", offsetof(struct options, ces_server)},
            {"--merge", offsetof(struct options, merge)},
            {"--out-dir", offsetof(struct options, out_dir)},
            {"--csv", offsetof(struct options, csv)},
            {"--ndjson", offsetof(struct options, ndjson)},
            {"--since", offsetof(struct options, since)},
            {"--jobs", offsetof(struct options, jobs)},
            {"--finding", offsetof(struct options, finding)},
            {"--host", offsetof(struct options, host)},
        };
        bool done = false;
        for (size_t k = 0; k < sizeof(valued) / sizeof(valued[0]) && !done; k++) {
            bool matched;
            const char *v = opt_value(argc, argv, &i, valued[k].name, &matched);
            if (!matched)
                continue;
            if (!v || !*v)
                return usage_error(l, "error.usage.value", valued[k].name);
            const char **slot = (const char **)((char *)o + valued[k].off);
            if (*slot) /* which of two would count is a guess: ask */
                return usage_error(l, "error.usage.repeated", valued[k].name);
            *slot = v;
            done = true;
        }
        if (!done)
            return usage_error(l, "error.usage.option", a);
    }
    return 0;
}

static void print_help(const struct locale *l)
{
    fputs(tr(l, "help.text"), stdout);
    fputc('\n', stdout);
}

/* The width text output is wrapped to: the terminal's when standard output
 * is one, else OUTPUT_WIDTH_DEFAULT (pipes and files read the same
 * everywhere). */
static int text_width(void)
{
    return output_text_width(platform_terminal_columns());
}

static int cmd_explain(const struct options *o, const struct locale *l)
{
    if (o->npositional != 1)
        return usage_error(l, "error.usage.explain", o->npositional ? o->positional[1] : "");
    uint32_t code;
    if (code_parse(o->positional[0], true, &code) != 0)
        return usage_error(l, "error.code", o->positional[0]);
    int rc = o->json ? output_explain_json(code, l, stdout)
                     : output_explain_text(code, l, text_width(), stdout);
    return rc == 0 ? EXIT_OK : EXIT_INPUT;
}

/* events FILE [--json]: the runs and events.* findings of an events export. */
static int cmd_events(const struct options *o, const struct locale *l)
{
    if (o->npositional != 1)
        return usage_error(l, "error.usage.events", o->npositional ? o->positional[1] : "");
    struct err e;
    err_clear(&e);
    struct facts *f = NULL;
    struct events_info info;
    struct events_report *r = NULL;
    if (events_import_file(o->positional[0], l->lang, &f, &info, &e) != 0 ||
        events_report_build(f, o->positional[0], &info, &r, &e) != 0) {
        print_err(l, &e);
        facts_free(f);
        return EXIT_INPUT;
    }
    int rc = o->json ? events_report_json(r, stdout)
                     : events_report_text(r, l, o->all ? SIZE_MAX : EVENTS_TEXT_DETAIL, text_width(),
                                          stdout);
    int status = events_report_has_error(r) ? EXIT_FINDINGS : EXIT_OK;
    if (rc != 0 || fflush(stdout) != 0) {
        err_set(&e, "error.write");
        print_err(l, &e);
        status = EXIT_INPUT;
    }
    events_report_free(r);
    facts_free(f);
    return status;
}

/* The probe deadline in milliseconds from --timeout (seconds), or -1. */
static int probe_timeout(const struct options *o, const struct locale *l)
{
    if (!o->timeout)
        return PROBE_TIMEOUT_MS_DEFAULT;
    char *end = NULL;
    double sec = strtod(o->timeout, &end);
    if (!end || *end != '\0' || end == o->timeout || !(sec >= 0.1 && sec <= 600)) {
        usage_error(l, "error.usage.timeout", o->timeout);
        return -1;
    }
    return (int)(sec * 1000);
}

/* Probes this client into new facts. Returns them, or NULL with the exit
 * status in *STATUS (3 when nothing at all could be probed). */
static struct facts *probe_live(const struct locale *l, int timeout_ms, struct probe_notes *notes,
                                int *status)
{
    memset(notes, 0, sizeof(*notes));
    struct facts *f = probe_new_facts();
    if (!f) {
        *status = usage_error(l, "error.memory", "");
        return NULL;
    }
    f->meta.lang.st = F_SET;
    f->meta.lang.v = lang_code(l->lang);
    if (bundle_stamp_tool(f) != 0) {
        facts_free(f);
        *status = usage_error(l, "error.memory", "");
        return NULL;
    }
    /* Benchmark hook (tests/bench/collect.sh): the time of each probe. */
    const char *bench = getenv("ENROLLDOC_BENCH_PROBES");
    bool timing = bench && strcmp(bench, "1") == 0;
    int64_t total = 0;
    for (int i = 0; i < PROBE_COUNT; i++) {
        int g = (int)probe_order(i);
        int64_t t0 = platform_monotonic_ms();
        if (probe_groups(f, 1u << g, timeout_ms, notes) != 0) {
            facts_free(f);
            *status = usage_error(l, "error.memory", "");
            return NULL;
        }
        int64_t took = platform_monotonic_ms() - t0;
        total += took;
        if (timing)
            fprintf(stderr, "probe %s: %lld ms\n", probe_group_name((enum probe_group)g), (long long)took);
    }
    if (timing)
        fprintf(stderr, "probes: %lld ms\n", (long long)total);
    if (probe_notes_failed(notes) == PROBE_COUNT) {
        /* not one group could be read: this client cannot be probed */
        struct err e;
        err_set(&e, "error.live.nothing");
        err_arg(&e, "reason", "%s", notes->v[0].reason);
        print_err(l, &e);
        facts_free(f);
        *status = EXIT_NOPROBE;
        return NULL;
    }
    return f;
}

static int cmd_collect(const struct options *o, const struct locale *l)
{
    if (o->npositional > 0)
        return usage_error(l, "error.usage.extra", o->positional[0]);
    if (o->directory_only || o->merge) {
        int ms = o->timeout ? probe_timeout(o, l) : 0;
        if (ms < 0)
            return EXIT_INPUT;
        struct dircollect_opts d = {o->ldap, o->account, o->bind_user, o->starttls != 0, o->gssapi != 0,
                                    o->ces_server, o->context, o->merge, o->output, o->tmpl, ms};
        return dircollect_run(&d, l);
    }
    if (o->ldap || o->account || o->bind_user || o->ces_server || o->starttls || o->gssapi)
        return usage_error(l, "error.usage.directory-only", "");
    if (o->out_dir && o->output)
        return usage_error(l, "error.usage.out-dir", "--out-dir");
    if (o->out_dir) {
        enum file_kind kind;
        bool link;
        if (platform_path_kind(o->out_dir, &kind, &link) != 0 || kind != FILE_FOLDER)
            return usage_error(l, "error.usage.out-dir-folder", o->out_dir);
    }
    if (!platform_can_probe()) {
        usage_error(l, "error.collect.not-windows", "");
        return EXIT_NOPROBE;
    }
    int timeout = probe_timeout(o, l);
    if (timeout < 0)
        return EXIT_INPUT;
    struct probe_notes notes;
    int status = EXIT_OK;
    struct facts *f = probe_live(l, timeout, &notes, &status);
    if (!f)
        return status;
    char path[1024];
    if (o->output) {
        snprintf(path, sizeof(path), "%s", o->output);
    } else {
        /* HOST_enrolldoc.json, with a file-name-safe host */
        char host[128];
        size_t k = 0;
        const char *h = f->meta.host.st == F_SET ? f->meta.host.v : "client";
        for (; *h && k + 1 < sizeof(host); h++)
            host[k++] = ((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') ||
                         (*h >= '0' && *h <= '9') || *h == '-' || *h == '_')
                            ? *h
                            : '_';
        host[k] = '\0';
        if (o->out_dir) {
            /* a fleet's folder: HOST_YYYYMMDDTHHMMSSZ.json, never one over another */
            char when[32] = "unknown";
            if (f->meta.collected_at.st == F_SET) {
                char iso[32];
                time_format_iso(f->meta.collected_at.v, iso, sizeof(iso));
                size_t w = 0;
                for (const char *c = iso; *c && w + 1 < sizeof(when); c++)
                    if (*c != '-' && *c != ':')
                        when[w++] = *c;
                when[w] = '\0';
            }
            size_t dl = strlen(o->out_dir);
            char sepstr[2] = {platform_dir_sep(), '\0'};
            bool ends = dl > 0 && (o->out_dir[dl - 1] == '/' || o->out_dir[dl - 1] == sepstr[0]);
            snprintf(path, sizeof(path), "%s%s%s_%s.json", o->out_dir, ends ? "" : sepstr, host, when);
        } else {
            snprintf(path, sizeof(path), "%s_enrolldoc.json", host);
        }
    }
    bool to_stdout = strcmp(path, "-") == 0;
    struct err e;
    err_clear(&e);
    if (bundle_write_path(f, &notes, path, &e) != 0) {
        print_err(l, &e);
        status = EXIT_INPUT;
    } else {
        char unknown[512] = "";
        size_t used = 0;
        for (size_t i = 0; i < notes.n; i++) {
            int w = snprintf(unknown + used, sizeof(unknown) - used, "%s%s", i ? ", " : "",
                             probe_group_name(notes.v[i].group));
            if (w < 0 || (size_t)w >= sizeof(unknown) - used)
                break;
            used += (size_t)w;
        }
        char collected[16], nunknown[16];
        size_t failed = probe_notes_failed(&notes);
        snprintf(collected, sizeof(collected), "%d", (int)(PROBE_COUNT - failed));
        snprintf(nunknown, sizeof(nunknown), "%zu", notes.n);
        const char *names[] = {"file", "collected", "unknown", "groups"};
        const char *values[] = {to_stdout ? "-" : path, collected, nunknown, unknown};
        char buf[1024];
        fill(buf, sizeof(buf), tr(l, notes.n ? "text.collect.done-unknown" : "text.collect.done"),
             names, values, 4);
        fputs("enrolldoc: ", stderr);
        term_fputs(buf, 0, stderr);
        fputc('\n', stderr);
    }
    facts_free(f);
    return status;
}

/* How the diagnosis D fared: "fail", "warn" or "ok". */
static const char *diagnosis_status(const struct diagnosis *d)
{
    if (diagnosis_has_error(d))
        return "fail";
    return d->nfindings > 0 && d->findings[0]->def->sev == SEV_WARNING ? "warn" : "ok";
}

/* The finding that decided D's walk: the last step with one, or NULL. */
static const char *deciding_finding(const struct diagnosis *d)
{
    for (size_t i = d->nsteps; i-- > 0;)
        if (d->steps[i].finding)
            return d->steps[i].finding->def->id;
    return NULL;
}

/* Diagnose without a template named (neither --template nor the bundle):
 * each candidate (candidates.h) is diagnosed; *OUT is the diagnosis of the
 * most likely one, listing how every candidate fared. The names live in A.
 * Returns 1 when there is no candidate (diagnose as before), 0, or -1 with
 * E set. */
static int diagnose_candidates(const struct facts *f, const struct tree *t, enum ctx ctx, struct arena *a,
                               struct diagnosis **out, struct err *e)
{
    enum ctx cctx = ctx != CTX_NONE ? ctx : f->ctx_st == F_SET ? f->ctx : CTX_NONE;
    struct candidate *c;
    size_t n = candidates_list(f, cctx, a, &c);
    struct diag_candidate *dc = n ? arena_calloc(a, n, sizeof(*dc)) : NULL;
    if (!dc)
        return 1;
    int64_t now = platform_now();
    if (session_diagnose_facts(f, t, ctx, c[0].name, now, out, e) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct diagnosis *d = *out;
        if (i > 0 && session_diagnose_facts(f, t, ctx, c[i].name, now, &d, e) != 0) {
            diagnosis_free(*out);
            *out = NULL;
            return -1;
        }
        const char *fid = deciding_finding(d);
        dc[i] = (struct diag_candidate){c[i].name, fid ? arena_strdup(a, fid) : NULL, diagnosis_status(d)};
        if (d != *out)
            diagnosis_free(d);
    }
    (*out)->candidates = dc;
    (*out)->ncandidates = n;
    return 0;
}

/* Prints the disagreements of an import on stderr, one line each. */
static void print_conflicts(const struct locale *l, const struct import_result *r)
{
    for (size_t i = 0; i < r->nconflicts; i++) {
        const struct import_conflict *c = &r->conflicts[i];
        struct err e;
        err_set(&e, "import.conflict");
        err_arg(&e, "fact", "%s", c->path);
        err_arg(&e, "kept", "%s", c->kept_file);
        err_arg(&e, "kept_value", "%s", c->kept_value);
        err_arg(&e, "other", "%s", c->other_file);
        err_arg(&e, "other_value", "%s", c->other_value);
        print_err(l, &e);
    }
}

/* The facts of the files PATHS (N), imported and merged; NULL with the
 * error printed. Disagreements between them are printed, not fatal. */
static struct facts *load_paths(const char *const *paths, size_t n, const struct locale *l)
{
    struct err e;
    err_clear(&e);
    struct import_result r;
    if (import_files(paths, n, NULL, l->lang, &r, &e) != 0) {
        print_err(l, &e);
        return NULL;
    }
    print_conflicts(l, &r);
    struct facts *f = r.f;
    r.f = NULL;
    import_result_free(&r);
    return f;
}

/* The facts of --bundle and every --from (imported: any format `import`
 * reads; a single bundle is read as a bundle). Returns them, or NULL with
 * the error printed; *SOURCE names the first file. */
static struct facts *load_inputs(const struct options *o, const struct locale *l, const char **source)
{
    struct err e;
    err_clear(&e);
    const char **paths = calloc((size_t)o->nfrom + 1, sizeof(*paths));
    if (!paths) {
        usage_error(l, "error.memory", "");
        return NULL;
    }
    size_t n = 0;
    if (o->bundle)
        paths[n++] = o->bundle;
    for (int i = 0; i < o->nfrom; i++)
        paths[n++] = o->from[i];
    *source = paths[0];
    struct facts *f = load_paths(paths, n, l);
    free(paths);
    return f;
}

/* import FILE... [-o BUNDLE] [--merge BUNDLE]: one bundle from the files. */
static int cmd_import(const struct options *o, const struct locale *l)
{
    struct err e;
    err_clear(&e);
    if (o->nfrom == 0)
        return usage_error(l, "error.usage.import", "");
    if (o->npositional > 0)
        return usage_error(l, "error.usage.extra", o->positional[0]);
    const char *out = o->output ? o->output : "-";
    if (strcmp(out, "-") != 0 && file_exists(out)) {
        err_set(&e, "error.collect.write");
        err_arg(&e, "file", "%s", out);
        err_arg(&e, "reason", "@error.reason.exists");
        print_err(l, &e);
        return EXIT_INPUT;
    }
    struct import_result r;
    if (import_files(o->from, (size_t)o->nfrom, o->merge, l->lang, &r, &e) != 0) {
        print_err(l, &e);
        return EXIT_INPUT;
    }
    print_conflicts(l, &r);
    int status = EXIT_OK;
    FILE *fp = strcmp(out, "-") == 0 ? stdout : file_create(out, "error.collect.write", &e);
    if (!fp) {
        print_err(l, &e);
        status = EXIT_INPUT;
    } else {
        int rc = import_result_write(&r, fp);
        if (fp != stdout && file_close_created(fp, out, rc, true) != 0)
            rc = -1;
        if (rc != 0) {
            err_set(&e, "error.write");
            print_err(l, &e);
            status = EXIT_INPUT;
        } else if (fp != stdout) {
            err_set(&e, "import.wrote");
            err_arg(&e, "file", "%s", out);
            err_arg(&e, "count", "%zu", r.nfiles);
            print_err(l, &e);
        }
    }
    import_result_free(&r);
    return status;
}

static int cmd_diagnose(const struct options *o, const struct locale *l)
{
    struct err e;
    err_clear(&e);
    if (o->npositional > 0)
        return usage_error(l, "error.usage.extra", o->positional[0]);
    if (!o->bundle && o->nfrom == 0 && !platform_can_probe())
        return usage_error(l, "error.usage.need-bundle", "");
    int timeout = probe_timeout(o, l);
    if (timeout < 0)
        return EXIT_INPUT;
    enum ctx ctx = CTX_NONE;
    if (o->context) {
        ctx = ctx_parse(o->context);
        if (ctx == CTX_NONE)
            return usage_error(l, "error.usage.context", o->context);
    }
    if (o->tmpl && o->tmpl[0] == '\0')
        return usage_error(l, "error.usage.value", "--template");
    enum report_format rfmt;
    if (o->report && report_format_from_path(o->report, &rfmt, &e) != 0) {
        print_err(l, &e);
        return EXIT_INPUT;
    }
    if (o->report && file_exists(o->report)) {
        /* say it before the work, not after it (the file itself is made
         * with O_EXCL at the end, so a race still cannot replace one) */
        err_set(&e, "error.report.write");
        err_arg(&e, "file", "%s", o->report);
        err_arg(&e, "reason", "@error.reason.exists");
        print_err(l, &e);
        return EXIT_INPUT;
    }
    struct facts *f = NULL;
    const char *source = NULL;
    if (o->bundle || o->nfrom > 0) {
        if (!(f = load_inputs(o, l, &source)))
            return EXIT_INPUT;
    } else {
        struct probe_notes notes;
        int status = EXIT_OK;
        f = probe_live(l, timeout, &notes, &status);
        if (!f)
            return status;
    }
    struct tree *t = tree_load(o->tree, l, &e);
    if (!t) {
        print_err(l, &e);
        facts_free(f);
        return EXIT_INPUT;
    }
    struct diagnosis *d = NULL;
    int status = EXIT_INPUT;
    struct arena ca = {0};
    int crc = !o->tmpl && f->tmpl.st != F_SET ? diagnose_candidates(f, t, ctx, &ca, &d, &e) : 1;
    if (crc < 0 || (crc > 0 && session_diagnose_facts(f, t, ctx, o->tmpl, platform_now(), &d, &e) != 0)) {
        print_err(l, &e);
    } else {
        int rc = o->json ? output_diagnosis_json(d, stdout)
                         : output_diagnosis_text(d, l, text_width(), stdout);
        if (!o->json)
            output_candidates_text(d, l, text_width(), stdout);
        if (fflush(stdout) != 0 || rc != 0) {
            struct err we;
            err_set(&we, "error.write");
            print_err(l, &we);
        } else if (o->report && report_save_diagnosis(d, source, l, o->report, &e) != 0) {
            print_err(l, &e);
        } else {
            status = diagnosis_has_error(d) ? EXIT_FINDINGS : EXIT_OK;
        }
    }
    diagnosis_free(d);
    arena_free(&ca);
    facts_free(f);
    tree_free(t);
    return status;
}

/* --since DATE: "YYYY-MM-DD" (midnight UTC), an ISO 8601 time with a
 * zone, or "Nd": N days (1 to 3650) before now, for a job that runs every
 * day over the same share. */
static int parse_since(const char *s, int64_t *out)
{
    if (time_parse_iso(s, out) == 0)
        return 0;
    size_t n = strlen(s);
    if (n >= 2 && n <= 5 && (s[n - 1] == 'd' || s[n - 1] == 'D') && s[0] >= '0' && s[0] <= '9') {
        long days = 0;
        size_t i = 0;
        for (; i + 1 < n && s[i] >= '0' && s[i] <= '9'; i++)
            days = days * 10 + (s[i] - '0');
        if (i + 1 != n || days < 1 || days > 3650)
            return -1;
        *out = platform_now() - (int64_t)days * 86400;
        return 0;
    }
    char buf[40];
    if (strlen(s) != 10 || snprintf(buf, sizeof(buf), "%sT00:00:00Z", s) < 0)
        return -1;
    return time_parse_iso(buf, out);
}

/* Refuses an output file of fleet that exists already, before the work. */
static int fleet_out_free(const char *path, const struct locale *l)
{
    if (!path || !file_exists(path))
        return 0;
    struct err e;
    err_set(&e, "error.report.write");
    err_arg(&e, "file", "%s", path);
    err_arg(&e, "reason", "@error.reason.exists");
    print_err(l, &e);
    return -1;
}

enum fleet_file { FLEET_CSV, FLEET_NDJSON, FLEET_HTML };

/* Writes FL to the new file PATH as KIND. Returns 0, or -1 with the error
 * printed. */
static int fleet_save(const struct fleet *fl, const char *path, enum fleet_file kind, const struct locale *l)
{
    struct err e;
    err_clear(&e);
    FILE *fp = file_create(path, "error.report.write", &e);
    if (!fp) {
        print_err(l, &e);
        return -1;
    }
    size_t rows = 0;
    int rc = kind == FLEET_CSV      ? fleet_write_csv(fl, fp, &rows)
             : kind == FLEET_NDJSON ? fleet_write_ndjson(fl, fp, &rows)
                                    : fleet_write_html(fl, l, fp, &rows);
    if (file_close_created(fp, path, rc, true) != 0 || rc != 0) {
        err_set(&e, "error.write");
        print_err(l, &e);
        return -1;
    }
    err_set(&e, kind == FLEET_HTML ? "fleet.wrote.html" : "fleet.wrote");
    err_arg(&e, "file", "%s", path);
    err_arg(&e, "count", "%zu", rows);
    print_err(l, &e);
    return 0;
}

/* Whether PATH ends in .html (any case). */
static bool is_html_name(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && ascii_casecmp(path + n - 5, ".html") == 0;
}

/* The fleet's output files: --report FILE.html, and no file named twice.
 * Returns 0, or the usage error's exit status. */
static int fleet_check_files(const struct options *o, const struct locale *l)
{
    if (o->report && !is_html_name(o->report))
        return usage_error(l, "error.usage.fleet-report", o->report);
    const char *files[] = {o->csv, o->ndjson, o->report};
    for (size_t i = 0; i < 3; i++)
        for (size_t k = i + 1; k < 3; k++)
            if (files[i] && files[k] && strcmp(files[i], files[k]) == 0)
                return usage_error(l, "error.usage.same-file", files[i]);
    if (fleet_out_free(o->csv, l) != 0 || fleet_out_free(o->ndjson, l) != 0 || fleet_out_free(o->report, l) != 0)
        return EXIT_INPUT;
    return 0;
}

/* fleet PATH... [--json] [--csv FILE] [--ndjson FILE] [--report FILE.html]
 * [--since DATE] [--finding ID] [--host PATTERN] [--all-times]: many
 * clients summed up. */
static int cmd_fleet(const struct options *o, const struct locale *l)
{
    if (o->nfrom == 0)
        return usage_error(l, "error.usage.fleet", "");
    if (o->npositional > 0)
        return usage_error(l, "error.usage.extra", o->positional[0]);
    struct fleet_opts fo = {.all_times = o->all_times != 0, .finding = o->finding, .host = o->host};
    if (o->since) {
        if (parse_since(o->since, &fo.since) != 0)
            return usage_error(l, "error.usage.since", o->since);
        fo.has_since = true;
    }
    if (o->jobs) {
        char *end = NULL;
        long n = strtol(o->jobs, &end, 10);
        if (end == o->jobs || *end != '\0' || n < 1 || n > FLEET_MAX_JOBS)
            return usage_error(l, "error.usage.jobs", o->jobs);
        fo.jobs = (int)n;
    }
    if (o->finding && !finding_def_find(o->finding))
        return usage_error(l, "error.usage.finding", o->finding);
    int bad = fleet_check_files(o, l);
    if (bad != 0)
        return bad;
    struct err e;
    err_clear(&e);
    struct tree *t = tree_load(o->tree, l, &e);
    if (!t) {
        print_err(l, &e);
        return EXIT_INPUT;
    }
    struct fleet *fl = fleet_new(t, &fo, l->lang);
    int status = EXIT_INPUT;
    bool ok = fl != NULL;
    for (int i = 0; ok && i < o->nfrom; i++)
        ok = fleet_add_path(fl, o->from[i]) == 0;
    if (!ok || fleet_finish(fl) != 0) {
        usage_error(l, "error.memory", "");
    } else if ((o->json ? fleet_write_json(fl, l, stdout) : fleet_write_text(fl, l, text_width(), stdout)) != 0 ||
               fflush(stdout) != 0) {
        err_set(&e, "error.write");
        print_err(l, &e);
    } else if ((o->csv && fleet_save(fl, o->csv, FLEET_CSV, l) != 0) ||
               (o->ndjson && fleet_save(fl, o->ndjson, FLEET_NDJSON, l) != 0) ||
               (o->report && fleet_save(fl, o->report, FLEET_HTML, l) != 0)) {
        /* said */
    } else {
        status = fl->nerror ? EXIT_FINDINGS : fl->nbad ? EXIT_UNREAD : EXIT_OK;
    }
    fleet_free(fl);
    tree_free(t);
    return status;
}

/* The front end for O: the plain line mode when asked for (--plain), when
 * standard input or output is no terminal that curses can drive (a pipe, a
 * remote shell without a console, TERM=dumb or unset), or when this build
 * has no curses wizard; else the curses wizard. NULL when there is none. */
static wizard_fn pick_front_end(const struct options *o, const struct front_ends *fe)
{
    if (o->plain || !fe->wizard || !platform_terminal_ok())
        return fe->plain;
    return fe->wizard;
}

/* Loads the tree and runs the front end FN on W (whose facts it then
 * frees). Returns the exit status. */
static int start_wizard(const struct options *o, wizard_fn fn, struct wizard_start *w)
{
    struct err e;
    err_clear(&e);
    struct tree *t = tree_load(o->tree, w->l, &e);
    int status;
    if (!t) {
        print_err(w->l, &e);
        status = EXIT_INPUT;
    } else {
        w->t = t;
        status = fn(w);
    }
    tree_free(t);
    facts_free(w->f);
    return status;
}

static int cmd_wizard(const struct options *o, struct locale *l, wizard_fn wizard)
{
    struct err e;
    err_clear(&e);
    if (o->npositional > 0)
        return usage_error(l, "error.usage.extra", o->positional[0]);
    if ((o->bundle || o->nfrom > 0) && o->demo)
        return usage_error(l, "error.usage.bundle-demo", "");
    if (!wizard)
        return usage_error(l, "error.wizard.unavailable", "");
    struct facts *f = NULL;
    if (o->demo && bundle_demo(&f, &e) != 0) {
        print_err(l, &e);
        return EXIT_INPUT;
    }
    const char *source = NULL;
    if ((o->bundle || o->nfrom > 0) && !(f = load_inputs(o, l, &source)))
        return EXIT_INPUT;
    struct wizard_start w = {.l = l, .f = f, .source = source, .demo = o->demo != 0,
                             .tmpl = o->tmpl};
    return start_wizard(o, wizard, &w);
}

/* `train [FILE|ID]`: the training in the wizard. FILE is a trainer's scenario
 * (a bundle with meta.title and meta.description); a name that is no file but
 * a built-in scenario's id starts that one; nothing opens the picker. */
static int cmd_train(const struct options *o, struct locale *l, wizard_fn wizard)
{
    struct err e;
    err_clear(&e);
    if (o->npositional > 1)
        return usage_error(l, "error.usage.extra", o->positional[1]);
    if (o->bundle || o->demo)
        return usage_error(l, "error.usage.extra", o->bundle ? "--bundle" : "--demo");
    if (!wizard)
        return usage_error(l, "error.wizard.unavailable", "");
    const char *arg = o->npositional ? o->positional[0] : NULL;
    const char *id = NULL;
    struct facts *f = NULL;
    if (arg) {
        bool is_file = strcmp(arg, "-") == 0 || file_exists(arg);
        if (!is_file && train_builtin_find(arg)) {
            id = arg;
        } else if (!is_file && !strpbrk(arg, "/\\.")) {
            /* not a file and not a path: a scenario name mistyped */
            err_set(&e, "error.train.unknown-list");
            err_arg(&e, "id", "%s", arg);
            print_err(l, &e);
            size_t n, w = 0;
            const struct train_builtin *b = train_builtins(&n);
            for (size_t i = 0; i < n; i++)
                w = strlen(b[i].id) > w ? strlen(b[i].id) : w;
            char key[512];
            for (size_t i = 0; i < n; i++)
                fprintf(stderr, "  %-*s  %s\n", (int)w, b[i].id,
                        train_builtin_text(&b[i], l->lang, false, key, sizeof(key)));
            return EXIT_INPUT;
        } else if (!(f = load_paths(&arg, 1, l))) {
            return EXIT_INPUT;
        }
    }
    struct wizard_start w = {.l = l, .f = f, .source = f ? arg : NULL, .train = true,
                             .train_id = id, .tmpl = o->tmpl};
    return start_wizard(o, wizard, &w);
}

int cli_main(int argc, char **argv, const struct front_ends *fe)
{
    struct locale l;
    struct err e;
    err_clear(&e);
    /* --catalogs DIR must be known before anything is said. */
    const char *catalogs = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--catalogs") == 0 && i + 1 < argc)
            catalogs = argv[i + 1];
        else if (strncmp(argv[i], "--catalogs=", 11) == 0)
            catalogs = argv[i] + 11;
    }
    if (locale_load(&l, catalogs, &e) != 0) {
        /* say why with the built-in catalogs, which always load */
        struct err builtin;
        int rc = locale_load(&l, NULL, &builtin);
        l.lang = lang_from_env();
        if (rc == 0) {
            print_err(&l, &e);
            locale_free(&l);
        } else {
            fputs("enrolldoc: ", stderr);
            term_fputs(catalogs ? catalogs : "", 0, stderr);
            fputs(": the catalogs cannot be loaded\n", stderr);
        }
        return EXIT_INPUT;
    }
    l.lang = lang_from_env();
    struct options o;
    memset(&o, 0, sizeof(o));
    o.from = calloc((size_t)argc + 1, sizeof(*o.from));
    if (!o.from) {
        locale_free(&l);
        fputs("enrolldoc: out of memory\n", stderr);
        return EXIT_INPUT;
    }
    /* The language first, so that usage errors are in it too. */
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            v = argv[i + 1];
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            v = argv[i] + 7;
        if (v && (strcmp(v, "de") == 0 || strcmp(v, "en") == 0))
            l.lang = strcmp(v, "de") == 0 ? LANG_DE : LANG_EN;
    }
    int status = parse_args(argc, argv, &o, &l);
    if (status == 0 && o.lang && strcmp(o.lang, "de") != 0 && strcmp(o.lang, "en") != 0)
        status = usage_error(&l, "error.usage.lang", o.lang);
    if (status == 0 && o.all && o.cmd != CMD_EVENTS)
        status = usage_error(&l, "error.usage.all", "--all");
    if (status == 0 && o.plain && o.cmd != CMD_NONE && o.cmd != CMD_TRAIN && o.cmd != CMD_HELP &&
        o.cmd != CMD_VERSION)
        status = usage_error(&l, "error.usage.plain", "--plain");
    if (status == 0 && o.cmd != CMD_FLEET && (o.csv || o.ndjson || o.since || o.finding || o.host || o.all_times ||
                                   o.jobs))
        status = usage_error(&l, "error.usage.fleet-only",
                             o.csv ? "--csv" : o.ndjson ? "--ndjson" : o.since ? "--since" : o.finding ? "--finding"
                             : o.host ? "--host" : o.jobs ? "--jobs" : "--all-times");
    if (status == 0 && o.nfrom > 0 && o.cmd != CMD_IMPORT && o.cmd != CMD_DIAGNOSE && o.cmd != CMD_NONE &&
        o.cmd != CMD_FLEET)
        status = usage_error(&l, "error.usage.from", "--from");
    if (status != 0) {
        free((void *)o.from);
        locale_free(&l);
        return status;
    }
    switch (o.cmd) {
    case CMD_HELP:
        print_help(&l);
        status = EXIT_OK;
        break;
    case CMD_VERSION:
        printf("enrolldoc %s\n", ENROLLDOC_VERSION);
        status = EXIT_OK;
        break;
    case CMD_EXPLAIN:
        status = cmd_explain(&o, &l);
        break;
    case CMD_DIAGNOSE:
        status = cmd_diagnose(&o, &l);
        break;
    case CMD_COLLECT:
        status = cmd_collect(&o, &l);
        break;
    case CMD_EVENTS:
        status = cmd_events(&o, &l);
        break;
    case CMD_TRAIN:
        status = cmd_train(&o, &l, pick_front_end(&o, fe));
        break;
    case CMD_IMPORT:
        status = cmd_import(&o, &l);
        break;
    case CMD_FLEET:
        status = cmd_fleet(&o, &l);
        break;
    case CMD_NONE:
        status = cmd_wizard(&o, &l, pick_front_end(&o, fe));
        break;
    }
    if (fflush(stdout) != 0 && status != EXIT_INPUT) {
        fprintf(stderr, "enrolldoc: %s\n", tr(&l, "error.write"));
        status = EXIT_INPUT;
    }
    free((void *)o.from);
    locale_free(&l);
    return status;
}
