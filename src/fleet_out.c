/* fleet_out.c: the text, JSON, CSV and NDJSON forms of a fleet (fleet_out.h). */
#include "fleet_out.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "jsonw.h"
#include "output.h"
#include "sha1.h"
#include "term.h"
#include "util.h"

/* ---------- text ---------- */

const char *fleet_summary_text(const struct fleet *fl, const struct locale *l, char *buf, size_t size)
{
    char nc[96], nf[96], ne[32], nb[32];
    snprintf(ne, sizeof(ne), "%zu", fl->nerror);
    snprintf(nb, sizeof(nb), "%zu", fl->nbad);
    const char *names[] = {"clients", "errors", "files", "unread"};
    const char *values[] = {tr_count(l, nc, sizeof(nc), "fleet.count.client", fl->nclients), ne,
                            tr_count(l, nf, sizeof(nf), "fleet.count.file", fl->nfiles), nb};
    return fill(buf, size, tr(l, fl->nbad ? "fleet.header.unread" : "fleet.header"), names, values, 4);
}

static void print_header(const struct fleet *fl, const struct locale *l, int width, FILE *out)
{
    char buf[1024];
    print_wrapped(out, fleet_summary_text(fl, l, buf, sizeof(buf)), 0, 2, width);
    fputc('\n', out);
}

/* The hosts of R, at most FLEET_TEXT_HOSTS, and how many more. */
static void print_hosts(const struct fleet_row *r, const struct locale *l, int width, FILE *out)
{
    size_t shown = r->nhosts < FLEET_TEXT_HOSTS ? r->nhosts : FLEET_TEXT_HOSTS;
    char buf[2048];
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < shown; i++) {
        char hs[256];
        int w = snprintf(buf + used, sizeof(buf) - used, "%s%s", i ? ", " : "",
                         term_safe(hs, sizeof(hs), r->hosts[i]));
        if (w < 0 || (size_t)w >= sizeof(buf) - used)
            break;
        used += (size_t)w;
    }
    if (r->nhosts > shown && used < sizeof(buf)) {
        char more[128], n[24];
        snprintf(n, sizeof(n), "%zu", r->nhosts - shown);
        const char *names[] = {"count"};
        const char *values[] = {n};
        fill(more, sizeof(more), tr(l, "fleet.more"), names, values, 1);
        snprintf(buf + used, sizeof(buf) - used, " %s", more);
    }
    print_wrapped(out, buf, 6, 6, width);
}

static void print_rows(const struct fleet *fl, const struct locale *l, int width, FILE *out)
{
    const char *branch = NULL;
    for (size_t i = 0; i < fl->nrows; i++) {
        const struct fleet_row *r = &fl->rows[i];
        char key[160], sk[64], nc[96], line[1024];
        if (!branch || strcmp(branch, r->branch) != 0) {
            if (branch)
                fputc('\n', out);
            branch = r->branch;
            const char *title = strcmp(branch, "-") == 0 ? tr(l, "fleet.branch.none")
                                                         : trf(l, key, sizeof(key), "branch.%s", branch);
            print_wrapped(out, title, 0, 2, width);
        }
        snprintf(line, sizeof(line), "%s – %s: %s [%s]", tr_count(l, nc, sizeof(nc), "fleet.count.client", r->nclients),
                 trf(l, sk, sizeof(sk), "severity.%s", severity_name(r->sev)),
                 finding_def_find(r->id) ? trf(l, key, sizeof(key), "finding.%s.title", r->id) : r->id, r->id);
        char safe[1100];
        print_wrapped(out, term_safe(safe, sizeof(safe), line), 2, 6, width);
        print_hosts(r, l, width, out);
    }
}

/* The last FLEET_TEXT_DAYS days with documents: how many clients each had,
 * and how many of them failed; where there are more, where to find them. */
static void print_trend(const struct fleet *fl, const struct locale *l, int width, FILE *out)
{
    size_t ndays = 0, first = fl->ntrend;
    for (size_t i = fl->ntrend; i-- > 0;)
        if (fl->trend[i].clients > 0) {
            if (ndays == FLEET_TEXT_DAYS)
                break;
            ndays++;
            first = i;
        }
    if (ndays == 0)
        return;
    size_t earlier = 0;
    for (size_t i = 0; i < first; i++)
        earlier += fl->trend[i].clients > 0;
    char buf[512];
    fputc('\n', out);
    print_wrapped(out, tr(l, "fleet.trend"), 0, 2, width);
    for (size_t i = first; i < fl->ntrend; i++) {
        const struct fleet_day *d = &fl->trend[i];
        if (d->clients == 0)
            continue;
        print_wrapped(out, fleet_day_line(d, l, buf, sizeof(buf)), 2, 4, width);
    }
    if (earlier > 0) {
        char n[24];
        snprintf(n, sizeof(n), "%zu", earlier);
        const char *names[] = {"count"};
        const char *values[] = {n};
        print_wrapped(out, fill(buf, sizeof(buf), tr(l, "fleet.trend.earlier"), names, values, 1), 2, 4, width);
    }
}

static void print_bad(const struct fleet *fl, const struct locale *l, int width, FILE *out)
{
    if (fl->nbad == 0)
        return;
    char n[24], buf[1024];
    snprintf(n, sizeof(n), "%zu", fl->nbad);
    const char *names[] = {"count"};
    const char *values[] = {n};
    fputc('\n', out);
    print_wrapped(out, fill(buf, sizeof(buf), tr(l, "fleet.unread"), names, values, 1), 0, 2, width);
    for (size_t i = 0; i < fl->nbad; i++) {
        char line[2048];
        err_render(l, &fl->bad[i].e, line, sizeof(line));
        print_wrapped(out, line, 2, 6, width); /* print_wrapped escapes what a terminal obeys */
    }
}

int fleet_write_text(const struct fleet *fl, const struct locale *l, int width, FILE *out)
{
    print_header(fl, l, width, out);
    if (fl->nclients == 0)
        print_wrapped(out, tr(l, "fleet.no-clients"), 0, 2, width);
    else if (fl->nrows == 0)
        print_wrapped(out, tr(l, "fleet.no-findings"), 0, 2, width);
    else
        print_rows(fl, l, width, out);
    print_trend(fl, l, width, out);
    print_bad(fl, l, width, out);
    return ferror(out) ? -1 : 0;
}

/* ---------- JSON ---------- */

static const char *or_null(const char *s)
{
    return s && s[0] ? s : NULL;
}

static void json_time(struct jsonw *w, bool has, int64_t t)
{
    if (!has) {
        jsonw_null(w);
        return;
    }
    char buf[40];
    time_format_iso(t, buf, sizeof(buf));
    jsonw_string(w, buf);
}

static void json_filters(struct jsonw *w, const struct fleet_opts *o)
{
    jsonw_key(w, "filters");
    jsonw_object(w);
    jsonw_key(w, "since");
    json_time(w, o->has_since, o->since);
    jsonw_key(w, "finding");
    jsonw_string(w, o->finding);
    jsonw_key(w, "host");
    jsonw_string(w, o->host);
    jsonw_key(w, "all_times");
    jsonw_bool(w, o->all_times);
    jsonw_end(w);
}

static void json_rows(struct jsonw *w, const struct fleet *fl)
{
    jsonw_key(w, "findings");
    jsonw_array(w, false);
    for (size_t i = 0; i < fl->nrows; i++) {
        const struct fleet_row *r = &fl->rows[i];
        jsonw_object(w);
        jsonw_key(w, "id");
        jsonw_string(w, r->id);
        jsonw_key(w, "severity");
        jsonw_string(w, severity_name(r->sev));
        jsonw_key(w, "branch");
        jsonw_string(w, r->branch);
        jsonw_key(w, "clients");
        jsonw_int(w, (int64_t)r->nclients);
        jsonw_key(w, "hosts");
        jsonw_array(w, true);
        for (size_t k = 0; k < r->nhosts; k++)
            jsonw_string(w, r->hosts[k]);
        jsonw_end(w);
        jsonw_end(w);
    }
    jsonw_end(w);
}

static void json_clients(struct jsonw *w, const struct fleet *fl)
{
    jsonw_key(w, "clients");
    jsonw_array(w, false);
    for (size_t i = 0; i < fl->nclients; i++) {
        const struct fleet_client *c = fl->clients[i];
        jsonw_object(w);
        jsonw_key(w, "host");
        jsonw_string(w, or_null(c->host));
        jsonw_key(w, "context");
        jsonw_string(w, or_null(c->context));
        jsonw_key(w, "template");
        jsonw_string(w, or_null(c->tmpl));
        jsonw_key(w, "collected_at");
        json_time(w, c->has_time, c->collected_at);
        jsonw_key(w, "source");
        jsonw_string(w, c->source);
        jsonw_key(w, "findings");
        jsonw_array(w, false);
        for (size_t k = 0; k < c->nfindings; k++) {
            jsonw_object(w);
            jsonw_key(w, "id");
            jsonw_string(w, c->findings[k].id);
            jsonw_key(w, "severity");
            jsonw_string(w, severity_name(c->findings[k].sev));
            jsonw_end(w);
        }
        jsonw_end(w);
        jsonw_end(w);
    }
    jsonw_end(w);
}

static void json_unread(struct jsonw *w, const struct fleet *fl, const struct locale *l)
{
    jsonw_key(w, "unread");
    jsonw_array(w, false);
    for (size_t i = 0; i < fl->nbad; i++) {
        char line[2048];
        jsonw_object(w);
        jsonw_key(w, "file");
        jsonw_string(w, fl->bad[i].path);
        jsonw_key(w, "error");
        jsonw_string(w, fl->bad[i].e.key);
        jsonw_key(w, "reason");
        jsonw_string(w, err_render(l, &fl->bad[i].e, line, sizeof(line)));
        jsonw_end(w);
    }
    jsonw_end(w);
}

void fleet_day_text(int64_t day, char buf[11])
{
    char t[40];
    time_format_iso(day, t, sizeof(t));
    memcpy(buf, t, 10);
    buf[10] = '\0';
}

const char *fleet_day_line(const struct fleet_day *d, const struct locale *l, char *buf, size_t size)
{
    char day[11], a[24], b[24];
    fleet_day_text(d->day, day);
    snprintf(a, sizeof(a), "%zu", d->clients);
    snprintf(b, sizeof(b), "%zu", d->failing);
    const char *names[] = {"day", "clients", "failing"};
    const char *values[] = {day, a, b};
    return fill(buf, size, tr(l, "fleet.html.trend.day"), names, values, 3);
}

static void json_trend(struct jsonw *w, const struct fleet *fl)
{
    jsonw_key(w, "trend");
    jsonw_array(w, false);
    for (size_t i = 0; i < fl->ntrend; i++) {
        char day[11];
        fleet_day_text(fl->trend[i].day, day);
        jsonw_object(w);
        jsonw_key(w, "day");
        jsonw_string(w, day);
        jsonw_key(w, "clients");
        jsonw_int(w, (int64_t)fl->trend[i].clients);
        jsonw_key(w, "failing");
        jsonw_int(w, (int64_t)fl->trend[i].failing);
        jsonw_end(w);
    }
    jsonw_end(w);
}

int fleet_write_json(const struct fleet *fl, const struct locale *l, FILE *out)
{
    struct jsonw *w = malloc(sizeof(*w));
    if (!w)
        return -1;
    jsonw_init(w, out);
    jsonw_object(w);
    jsonw_key(w, "format");
    jsonw_string(w, "enrolldoc-fleet/1");
    jsonw_key(w, "clients_total");
    jsonw_int(w, (int64_t)fl->nclients);
    jsonw_key(w, "clients_with_error");
    jsonw_int(w, (int64_t)fl->nerror);
    jsonw_key(w, "files");
    jsonw_int(w, (int64_t)fl->nfiles);
    jsonw_key(w, "files_unread");
    jsonw_int(w, (int64_t)fl->nbad);
    json_filters(w, &fl->opts);
    json_rows(w, fl);
    json_clients(w, fl);
    json_unread(w, fl, l);
    json_trend(w, fl);
    jsonw_end(w);
    int rc = jsonw_finish(w);
    free(w);
    return rc;
}

/* ---------- CSV and NDJSON ---------- */

void fleet_record_id(const struct fleet_client *c, const char *finding, char hex[41])
{
    struct sha1 s;
    unsigned char md[20];
    char t[40] = "";
    if (c->has_time)
        time_format_iso(c->collected_at, t, sizeof(t));
    sha1_init(&s);
    const char *host = c->host[0] ? c->host : c->source;
    for (const char *p = host; *p; p++) {
        char ch = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        sha1_update(&s, &ch, 1);
    }
    const char *parts[] = {c->context, t, finding};
    for (size_t i = 0; i < 3; i++) {
        sha1_update(&s, "|", 1);
        sha1_update(&s, parts[i], strlen(parts[i]));
    }
    sha1_final(&s, md);
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < 20; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[40] = '\0';
}

static void csv_field(const char *s, bool last, FILE *out)
{
    bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
    if (formula || strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        if (formula)
            fputc('\'', out);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                fputc('"', out);
            fputc(*p, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputs(last ? "\r\n" : ",", out);
}

static void csv_row(const struct fleet_client *c, const struct fleet_finding *f, FILE *out)
{
    char t[40] = "";
    if (c->has_time)
        time_format_iso(c->collected_at, t, sizeof(t));
    const char *v[] = {c->host, c->context, c->tmpl, f ? f->id : "", f ? severity_name(f->sev) : "", t,
                       c->source};
    for (size_t i = 0; i < 7; i++)
        csv_field(v[i], i == 6, out);
}

int fleet_write_csv(const struct fleet *fl, FILE *out, size_t *rows)
{
    *rows = 0;
    fputs("host,context,template,finding,severity,collected_at,source\r\n", out);
    for (size_t i = 0; i < fl->nclients; i++) {
        const struct fleet_client *c = fl->clients[i];
        if (c->nfindings == 0) {
            csv_row(c, NULL, out);
            (*rows)++;
        }
        for (size_t k = 0; k < c->nfindings; k++) {
            csv_row(c, &c->findings[k], out);
            (*rows)++;
        }
    }
    return ferror(out) ? -1 : 0;
}

static void add_str(cJSON *o, const char *key, const char *v)
{
    cJSON_AddItemToObject(o, key, v && v[0] ? cJSON_CreateString(v) : cJSON_CreateNull());
}

/* One NDJSON record of client C and finding F (NULL: none). -1 when out of memory. */
static int ndjson_record(const struct fleet *fl, const struct fleet_client *c, const struct fleet_finding *f,
                         FILE *out)
{
    char id[41], t[40] = "";
    fleet_record_id(c, f ? f->id : "", id);
    if (c->has_time)
        time_format_iso(c->collected_at, t, sizeof(t));
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return -1;
    cJSON_AddStringToObject(o, "record_id", id);
    cJSON_AddStringToObject(o, "format", "enrolldoc-fleet-record/1");
    add_str(o, "host", c->host);
    add_str(o, "context", c->context);
    add_str(o, "template", c->tmpl);
    add_str(o, "collected_at", t);
    add_str(o, "finding", f ? f->id : NULL);
    add_str(o, "severity", f ? severity_name(f->sev) : NULL);
    add_str(o, "branch", f ? fleet_finding_branch(fl->t, f->id) : NULL);
    cJSON_AddBoolToObject(o, "client_has_error", c->has_error);
    add_str(o, "source", c->source);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!s)
        return -1;
    fputs(s, out);
    fputc('\n', out);
    cJSON_free(s);
    return 0;
}

int fleet_write_ndjson(const struct fleet *fl, FILE *out, size_t *rows)
{
    *rows = 0;
    for (size_t i = 0; i < fl->nclients; i++) {
        const struct fleet_client *c = fl->clients[i];
        if (c->nfindings == 0) {
            if (ndjson_record(fl, c, NULL, out) != 0)
                return -1;
            (*rows)++;
        }
        for (size_t k = 0; k < c->nfindings; k++) {
            if (ndjson_record(fl, c, &c->findings[k], out) != 0)
                return -1;
            (*rows)++;
        }
    }
    return ferror(out) ? -1 : 0;
}
