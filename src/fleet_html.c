/* fleet_html.c: a fleet as one self-contained HTML page
 * (fleet_write_html): the counts, the findings by clients and the trend of
 * failing clients per day as inline SVG charts, the findings by branch, what
 * to do for each, and the files that could not be read. Nothing is fetched
 * (the page's Content-Security-Policy forbids it too) and nothing runs;
 * every text from outside is escaped (html.h). The page carries no time of
 * writing, only the latest collection time, so that it is the same for the
 * same documents. */
#include "fleet_out.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "util.h"

/* After html_css_base. */
static const char fleet_css[] =
    ".subtitle{color:var(--muted)}\n"
    "table.findings{border-collapse:collapse;width:100%;margin:.6rem 0}\n"
    "table.findings th,table.findings td{text-align:left;vertical-align:top;padding:.3rem .8rem .3rem 0;"
    "border-bottom:1px solid var(--line)}\n"
    "table.findings thead th{border-bottom:2px solid var(--line);white-space:nowrap}\n"
    "table.findings tr.branch th{padding-top:1.1rem;font-size:1.02rem}\n"
    ".num{text-align:right;white-space:nowrap}\n"
    ".hosts{overflow-wrap:anywhere;font-size:.92em}\n"
    "svg.chart{display:block;width:100%;max-width:780px;height:auto;margin:.6rem 0}\n"
    "svg.chart text{font-size:12px;fill:#1f1f1f}\n"
    "svg.chart text.axis{font-size:11px;fill:#3c4043}\n"
    "table.days{border-collapse:collapse;font-size:.9em;margin:.6rem 0}\n"
    "table.days th,table.days td{padding:.1rem 1.2rem .1rem 0;border-bottom:1px solid var(--line)}\n"
    ".muted{color:var(--muted)}\n"
    "footer{margin-top:2.5rem;color:var(--muted);font-size:.85em}\n"
    "@media print{\n"
    "  body{max-width:none;margin:0;padding:0;font-size:10pt;color:#000}\n"
    "  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "  h2,h3{break-after:avoid}\n"
    "  svg.chart,.finding,table.findings tr,table.days tr{break-inside:avoid}\n"
    "  #todo{break-before:page}\n"
    "  .badge{color:#000;background:none;border:1px solid #000}\n"
    "  code{background:none}\n"
    "  a{color:inherit;text-decoration:none}\n"
    "}\n";

/* The bars' colours by severity: dark, middle and light, so that they part
 * in black and white too. */
static const char *bar_fill(enum severity s)
{
    return s == SEV_ERROR ? "#a4161a" : s == SEV_WARNING ? "#d98e04" : "#a9c8ec";
}

#define SEEN_FILL "#c9ced6"
#define FAIL_FILL "#a4161a"

/* The title of finding ID in L, or ID when the catalogs do not know it. */
static const char *finding_title(const struct locale *l, const char *id, char *key, size_t size)
{
    return finding_def_find(id) ? trf(l, key, size, "finding.%s.title", id) : id;
}

/* S cut to at most MAX bytes, at the start of a character, with "…" when
 * cut; into BUF (SIZE > MAX + 3). */
static const char *clip(const char *s, size_t max, char *buf, size_t size)
{
    size_t n = strlen(s);
    if (n <= max || size <= max + 3)
        return s;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(buf, s, n);
    memcpy(buf + n, "\xE2\x80\xA6", 4);
    return buf;
}

/* A length in tenths of a pixel, as SVG wants it. */
static void px(FILE *out, long long v)
{
    if (v % 10)
        fprintf(out, "%lld.%lld", v / 10, v % 10);
    else
        fprintf(out, "%lld", v / 10);
}

/* KEY in L with {count} (and NAME2 VALUE2 when NAME2 is set) filled in. */
static const char *fill_count(const struct locale *l, const char *key, size_t n, const char *name2,
                              const char *value2, char *buf, size_t size)
{
    char num[24];
    snprintf(num, sizeof(num), "%zu", n);
    const char *names[] = {"count", name2};
    const char *values[] = {num, value2};
    return fill(buf, size, tr(l, key), names, values, name2 ? 2 : 1);
}

/* Opens section ID with the heading TITLE. */
static void section_open(FILE *out, const char *id, const char *title)
{
    fprintf(out, "<section id=\"%s\">\n<h2>", id);
    h_text(out, title);
    fputs("</h2>\n", out);
}

/* TEXT as a paragraph, of class CLS unless NULL. */
static void para(FILE *out, const char *cls, const char *text)
{
    if (cls)
        fprintf(out, "<p class=\"%s\">", cls);
    else
        fputs("<p>", out);
    h_text(out, text);
    fputs("</p>\n", out);
}

/* ---------- the head and the counts ---------- */

/* The filters in effect, "; " between them, into BUF ("" when none). */
static const char *filters_text(const struct fleet_opts *o, const struct locale *l, char *buf, size_t size)
{
    char t[40] = "";
    if (o->has_since)
        time_format_iso(o->since, t, sizeof(t));
    const struct {
        bool on;
        const char *key, *name, *value;
    } f[] = {
        {o->has_since, "fleet.html.filter.since", "time", t},
        {o->finding != NULL, "fleet.html.filter.finding", "id", o->finding},
        {o->host != NULL, "fleet.html.filter.host", "pattern", o->host},
        {o->all_times, "fleet.html.filter.all-times", "-", ""},
    };
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
        if (!f[i].on)
            continue;
        char one[512];
        const char *names[] = {f[i].name};
        const char *values[] = {f[i].value};
        int w = snprintf(buf + used, size - used, "%s%s", used ? "; " : "",
                         fill(one, sizeof(one), tr(l, f[i].key), names, values, 1));
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

static void h_head(const struct fleet *fl, const struct locale *l, FILE *out)
{
    char buf[2048], num[32], t[40];
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", lang_code(l->lang));
    fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; img-src data:\">\n",
          out);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", out);
    h_text(out, tr(l, "fleet.html.title"));
    fputs("</title>\n<style>\n", out);
    fputs(html_css_base, out);
    fputs(fleet_css, out);
    fputs("</style>\n</head>\n<body>\n<header>\n<h1>", out);
    h_text(out, tr(l, "fleet.html.title"));
    fputs("</h1>\n<p class=\"subtitle\">", out);
    h_text(out, fleet_summary_text(fl, l, buf, sizeof(buf)));
    fputs("</p>\n<table class=\"overview\">\n", out);
    const size_t counts[] = {fl->nclients, fl->nerror, fl->nfiles, fl->nbad};
    static const char *const labels[] = {"fleet.html.clients", "fleet.html.with-error", "fleet.html.files",
                                         "fleet.html.unread-count"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(num, sizeof(num), "%zu", counts[i]);
        h_row(out, tr(l, labels[i]), num);
    }
    bool has = false;
    int64_t latest = 0;
    for (size_t i = 0; i < fl->nclients; i++)
        if (fl->clients[i]->has_time && (!has || fl->clients[i]->collected_at > latest)) {
            latest = fl->clients[i]->collected_at;
            has = true;
        }
    if (has)
        time_format_iso(latest, t, sizeof(t));
    h_row(out, tr(l, "fleet.html.latest"), has ? t : tr(l, "report.unknown"));
    if (filters_text(&fl->opts, l, buf, sizeof(buf))[0])
        h_row(out, tr(l, "fleet.html.filters"), buf);
    fputs("</table>\n</header>\n", out);
}

/* ---------- the bar chart ---------- */

static int bar_cmp(const void *a, const void *b)
{
    const struct fleet_row *x = *(const struct fleet_row *const *)a;
    const struct fleet_row *y = *(const struct fleet_row *const *)b;
    if (x->nclients != y->nclients)
        return x->nclients > y->nclients ? -1 : 1;
    if (x->sev != y->sev)
        return x->sev > y->sev ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* The legend of the bar chart: a swatch and the name of each severity. */
static void bars_legend(const struct locale *l, FILE *out)
{
    static const enum severity order[] = {SEV_ERROR, SEV_WARNING, SEV_INFO};
    char key[64];
    for (int i = 0; i < 3; i++) {
        fprintf(out, "<rect x=\"%d\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\" stroke=\"#1f1f1f\" "
                     "stroke-width=\"0.5\"/><text x=\"%d\" y=\"15\">",
                i * 150, bar_fill(order[i]), i * 150 + 18);
        h_text(out, trf(l, key, sizeof(key), "severity.%s", severity_name(order[i])));
        fputs("</text>\n", out);
    }
}

#define BAR_ROW 38
#define BAR_TOP 28
#define BAR_MAX 640

/* One bar per finding (the FLEET_HTML_BARS with the most clients), the
 * longest for the finding most clients report (a scale of the whole fleet
 * would leave the bars of a fleet where no finding is widespread too short
 * to tell apart); the title above it, the number and the share of the
 * fleet after it. */
static int h_bars(const struct fleet *fl, const struct locale *l, FILE *out)
{
    const struct fleet_row **v = malloc(fl->nrows * sizeof(*v));
    if (!v)
        return -1;
    for (size_t i = 0; i < fl->nrows; i++)
        v[i] = &fl->rows[i];
    if (fl->nrows > 1)
        qsort((void *)v, fl->nrows, sizeof(*v), bar_cmp);
    size_t n = fl->nrows < FLEET_HTML_BARS ? fl->nrows : FLEET_HTML_BARS;
    char buf[1024], key[160], nc[96], sk[64], cut[160];
    section_open(out, "chart", tr(l, "fleet.html.chart"));
    fprintf(out, "<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" "
                 "viewBox=\"0 0 780 %zu\" width=\"780\" height=\"%zu\">\n<title id=\"chart-title\">",
            BAR_TOP + n * BAR_ROW, BAR_TOP + n * BAR_ROW);
    h_text(out, tr(l, "fleet.html.chart"));
    fputs("</title>\n<desc id=\"chart-desc\">", out);
    h_text(out, fill_count(l, "fleet.html.chart.desc", fl->nclients, NULL, NULL, buf, sizeof(buf)));
    fputs("</desc>\n", out);
    bars_legend(l, out);
    for (size_t i = 0; i < n; i++) {
        const struct fleet_row *r = v[i];
        size_t y = BAR_TOP + i * BAR_ROW;
        size_t w = r->nclients * BAR_MAX / (v[0]->nclients ? v[0]->nclients : 1);
        char share[16], label[64];
        size_t pct = fl->nclients ? (r->nclients * 100 + fl->nclients / 2) / fl->nclients : 0;
        snprintf(share, sizeof(share), pct == 0 && r->nclients ? "<1" : "%zu", pct);
        fill_count(l, "fleet.html.chart.bar", r->nclients, "share", share, label, sizeof(label));
        const char *title = finding_title(l, r->id, key, sizeof(key));
        fputs("<g>\n<title>", out);
        h_text(out, trf(l, sk, sizeof(sk), "severity.%s", severity_name(r->sev)));
        fputs(": ", out);
        h_text(out, title);
        fputs(" (", out);
        h_text(out, r->id);
        fputs("): ", out);
        h_text(out, tr_count(l, nc, sizeof(nc), "fleet.count.client", r->nclients));
        fprintf(out, "</title>\n<text x=\"0\" y=\"%zu\">", y + 13);
        h_text(out, clip(title, 100, cut, sizeof(cut)));
        fprintf(out, "</text>\n<rect x=\"0\" y=\"%zu\" width=\"%zu\" height=\"14\" fill=\"%s\" stroke=\"#1f1f1f\" "
                     "stroke-width=\"0.5\"/>\n<text x=\"%zu\" y=\"%zu\">",
                y + 18, w > 2 ? w : 2, bar_fill(r->sev), (w > 2 ? w : 2) + 6, y + 30);
        h_text(out, label);
        fputs("</text>\n</g>\n", out);
    }
    fputs("</svg>\n", out);
    if (n < fl->nrows) {
        char shown[24];
        snprintf(shown, sizeof(shown), "%zu", n);
        para(out, "muted", fill_count(l, "fleet.html.chart.capped", fl->nrows, "shown", shown, buf, sizeof(buf)));
    }
    fputs("</section>\n", out);
    free((void *)v);
    return 0;
}

/* ---------- the trend ---------- */

/* The trend's plot, in pixels: left and right edges, top and bottom. */
#define PLOT_X0 52
#define PLOT_X1 732
#define PLOT_Y0 44
#define PLOT_Y1 224
#define TREND_H 272

/* A step for the value axis (1, 2, 5, 10, 20, ...) that marks MAX in at
 * most 5 steps. */
static size_t axis_step(size_t max)
{
    size_t step = 1;
    for (;;) {
        static const size_t m[] = {1, 2, 5};
        for (int i = 0; i < 3; i++)
            if ((max + step * m[i] - 1) / (step * m[i]) <= 5)
                return step * m[i];
        step *= 10;
    }
}

/* KEY in L, or with a finding filter KEY_FINDING with its {id}: what
 * "failing" means. */
static const char *failing_text(const struct fleet *fl, const struct locale *l, const char *key,
                                const char *key_finding, char *buf, size_t size)
{
    if (!fl->opts.finding)
        return tr(l, key);
    const char *names[] = {"id"};
    const char *values[] = {fl->opts.finding};
    return fill(buf, size, tr(l, key_finding), names, values, 1);
}

static void trend_legend(const struct fleet *fl, const struct locale *l, FILE *out)
{
    char buf[512];
    fprintf(out, "<rect x=\"%d\" y=\"2\" width=\"12\" height=\"12\" fill=\"" SEEN_FILL "\"/><text x=\"%d\" y=\"13\">",
            PLOT_X0, PLOT_X0 + 18);
    h_text(out, tr(l, "fleet.html.trend.seen"));
    fprintf(out, "</text>\n<rect x=\"%d\" y=\"20\" width=\"12\" height=\"12\" fill=\"" FAIL_FILL "\"/><text x=\"%d\" "
                 "y=\"31\">",
            PLOT_X0, PLOT_X0 + 18);
    h_text(out, failing_text(fl, l, "fleet.html.trend.failing", "fleet.html.trend.failing-finding", buf,
                             sizeof(buf)));
    fputs("</text>\n", out);
}

/* The value axis up to TOP in steps of STEP, with grid lines, and the
 * titles of both axes. */
static void trend_axes(const struct locale *l, size_t top, size_t step, FILE *out)
{
    for (size_t v = 0; v <= top; v += step) {
        long long y = PLOT_Y1 * 10LL - (long long)(v * (PLOT_Y1 - PLOT_Y0) * 10 / top);
        fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"", PLOT_X0, PLOT_X1);
        px(out, y);
        fputs("\" y2=\"", out);
        px(out, y);
        fprintf(out, "\" stroke=\"%s\" stroke-width=\"%s\"/><text class=\"axis\" x=\"%d\" y=\"", v ? "#d0d4d9" : "#3c4043",
                v ? "0.5" : "1", PLOT_X0 - 6);
        px(out, y + 40);
        fprintf(out, "\" text-anchor=\"end\">%zu</text>\n", v);
    }
    fprintf(out, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", (PLOT_X0 + PLOT_X1) / 2,
            TREND_H - 6);
    h_text(out, tr(l, "fleet.html.trend.axis-x"));
    fprintf(out, "</text>\n<text class=\"axis\" transform=\"translate(14 %d) rotate(-90)\" text-anchor=\"middle\">",
            (PLOT_Y0 + PLOT_Y1) / 2);
    h_text(out, tr(l, "fleet.html.trend.axis-y"));
    fputs("</text>\n", out);
}

/* The bars of day D at SLOT (tenths of a pixel from the plot's left edge,
 * SLOTW wide), scaled to TOP clients. */
static void trend_day(const struct fleet_day *d, const struct locale *l, long long slot, long long slotw, size_t top,
                      FILE *out)
{
    char buf[256];
    long long bw = slotw * 8 / 10 > 10 ? slotw * 8 / 10 : 10;
    long long x = PLOT_X0 * 10LL + slot + (slotw - bw) / 2;
    long long full = (PLOT_Y1 - PLOT_Y0) * 10LL;
    long long hs = (long long)d->clients * full / (long long)top, hf = (long long)d->failing * full / (long long)top;
    fputs("<g><title>", out);
    h_text(out, fleet_day_line(d, l, buf, sizeof(buf)));
    fputs("</title>", out);
    const long long hv[] = {hs, hf};
    const char *fills[] = {SEEN_FILL, FAIL_FILL};
    for (int i = 0; i < 2; i++) {
        if (hv[i] == 0)
            continue;
        fputs("<rect x=\"", out);
        px(out, x);
        fputs("\" y=\"", out);
        px(out, PLOT_Y1 * 10LL - hv[i]);
        fputs("\" width=\"", out);
        px(out, bw);
        fputs("\" height=\"", out);
        px(out, hv[i]);
        fprintf(out, "\" fill=\"%s\"/>", fills[i]);
    }
    fputs("</g>\n", out);
}

/* The days with documents as a table: the chart's numbers as text. */
static void trend_table(const struct fleet *fl, const struct locale *l, FILE *out)
{
    fputs("<table class=\"days\">\n<thead><tr><th>", out);
    h_text(out, tr(l, "fleet.html.trend.col.day"));
    fputs("</th><th class=\"num\">", out);
    h_text(out, tr(l, "fleet.html.trend.col.clients"));
    fputs("</th><th class=\"num\">", out);
    h_text(out, tr(l, "fleet.html.trend.col.failing"));
    fputs("</th></tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < fl->ntrend; i++) {
        const struct fleet_day *d = &fl->trend[i];
        if (d->clients == 0)
            continue;
        char day[11];
        fleet_day_text(d->day, day);
        fprintf(out, "<tr><td>%s</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n", day, d->clients,
                d->failing);
    }
    fputs("</tbody>\n</table>\n", out);
}

/* Failing clients per day against the clients seen that day. */
static void h_trend(const struct fleet *fl, const struct locale *l, FILE *out)
{
    char buf[1024], dbuf[1024];
    section_open(out, "trend", tr(l, "fleet.html.trend"));
    if (fl->ntrend == 0) {
        para(out, NULL, tr(l, "fleet.html.trend.none"));
        fputs("</section>\n", out);
        return;
    }
    size_t max = 0;
    for (size_t i = 0; i < fl->ntrend; i++)
        max = fl->trend[i].clients > max ? fl->trend[i].clients : max;
    size_t step = axis_step(max ? max : 1);
    size_t top = (max + step - 1) / step * step;
    top = top ? top : step;
    fprintf(out, "<svg class=\"chart\" role=\"img\" aria-labelledby=\"trend-title trend-desc\" "
                 "viewBox=\"0 0 780 %d\" width=\"780\" height=\"%d\">\n<title id=\"trend-title\">",
            TREND_H, TREND_H);
    h_text(out, tr(l, "fleet.html.trend"));
    const char *desc =
        failing_text(fl, l, "fleet.html.trend.desc", "fleet.html.trend.desc-finding", dbuf, sizeof(dbuf));
    fputs("</title>\n<desc id=\"trend-desc\">", out);
    h_text(out, desc);
    fputs("</desc>\n", out);
    trend_legend(fl, l, out);
    trend_axes(l, top, step, out);
    long long slotw = (PLOT_X1 - PLOT_X0) * 10LL / (long long)fl->ntrend;
    /* a date every 80 pixels or more, the last day always */
    size_t every = (size_t)((800 + slotw - 1) / slotw);
    for (size_t i = 0; i < fl->ntrend; i++) {
        long long slot = (long long)i * slotw;
        if (fl->trend[i].clients)
            trend_day(&fl->trend[i], l, slot, slotw, top, out);
        if ((fl->ntrend - 1 - i) % every == 0) {
            char day[11];
            fleet_day_text(fl->trend[i].day, day);
            fputs("<text class=\"axis\" x=\"", out);
            px(out, PLOT_X0 * 10LL + slot + slotw / 2);
            fprintf(out, "\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", PLOT_Y1 + 16, day);
        }
    }
    fputs("</svg>\n<p>", out);
    h_text(out, desc);
    fputs("</p>\n", out);
    if (fl->trend_first < fl->trend[0].day) {
        char first[11], days[24];
        fleet_day_text(fl->trend_first, first);
        snprintf(days, sizeof(days), "%d", FLEET_TREND_DAYS);
        const char *names[] = {"days", "first"};
        const char *values[] = {days, first};
        para(out, "muted", fill(buf, sizeof(buf), tr(l, "fleet.html.trend.capped"), names, values, 2));
    }
    trend_table(fl, l, out);
    fputs("</section>\n", out);
}

/* ---------- the findings ---------- */

/* The hosts of R, at most FLEET_HTML_HOSTS, and how many more. */
static void h_hosts(const struct fleet_row *r, const struct locale *l, FILE *out)
{
    size_t shown = r->nhosts < FLEET_HTML_HOSTS ? r->nhosts : FLEET_HTML_HOSTS;
    for (size_t i = 0; i < shown; i++) {
        fputs(i ? ", " : "", out);
        h_text(out, r->hosts[i]);
    }
    if (r->nhosts > shown) {
        char buf[256];
        fputs(" <span class=\"muted\">", out);
        h_text(out, fill_count(l, "fleet.html.more", r->nhosts - shown, NULL, NULL, buf, sizeof(buf)));
        fputs("</span>", out);
    }
}

/* The findings as a table, by branch. */
static void h_table(const struct fleet *fl, const struct locale *l, FILE *out)
{
    char key[160];
    fputs("<table class=\"findings\">\n<thead><tr>", out);
    static const char *const cols[] = {"fleet.html.col.severity", "fleet.html.col.finding", "fleet.html.col.clients",
                                       "fleet.html.col.hosts"};
    for (size_t i = 0; i < 4; i++) {
        fputs(i == 2 ? "<th class=\"num\">" : "<th>", out);
        h_text(out, tr(l, cols[i]));
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    const char *branch = NULL;
    for (size_t i = 0; i < fl->nrows; i++) {
        const struct fleet_row *r = &fl->rows[i];
        if (!branch || strcmp(branch, r->branch) != 0) {
            branch = r->branch;
            fputs("<tr class=\"branch\"><th colspan=\"4\">", out);
            h_text(out, strcmp(branch, "-") == 0 ? tr(l, "fleet.branch.none")
                                                 : trf(l, key, sizeof(key), "branch.%s", branch));
            fputs("</th></tr>\n", out);
        }
        fputs("<tr><td>", out);
        h_sev_badge(out, r->sev, l);
        fprintf(out, "</td><td><a href=\"#todo-%zu\">", i + 1);
        h_text(out, finding_title(l, r->id, key, sizeof(key)));
        fputs("</a><br><code>", out);
        h_text(out, r->id);
        fprintf(out, "</code></td><td class=\"num\">%zu</td><td class=\"hosts\">", r->nclients);
        h_hosts(r, l, out);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
}

static void h_findings(const struct fleet *fl, const struct locale *l, FILE *out)
{
    section_open(out, "findings", tr(l, "fleet.html.findings"));
    if (fl->nrows == 0) {
        para(out, NULL, tr(l, fl->nclients ? "fleet.no-findings" : "fleet.no-clients"));
    } else {
        h_table(fl, l, out);
    }
    fputs("</section>\n", out);
}

/* For each finding: its title, what it means and what to do. */
static void h_todo(const struct fleet *fl, const struct locale *l, FILE *out)
{
    char key[160], nc[96];
    section_open(out, "todo", tr(l, "fleet.html.todo"));
    for (size_t i = 0; i < fl->nrows; i++) {
        const struct fleet_row *r = &fl->rows[i];
        bool known = finding_def_find(r->id) != NULL;
        fprintf(out, "<article class=\"finding sev-%s\" id=\"todo-%zu\">\n<h3>", severity_name(r->sev), i + 1);
        h_sev_badge(out, r->sev, l);
        h_text(out, finding_title(l, r->id, key, sizeof(key)));
        fputs("</h3>\n<p class=\"ids\">", out);
        h_text(out, tr(l, "report.finding.id"));
        fputs(": <code>", out);
        h_text(out, r->id);
        fputs("</code> · ", out);
        h_text(out, tr_count(l, nc, sizeof(nc), "fleet.count.client", r->nclients));
        fputs("</p>\n", out);
        if (!known) {
            para(out, NULL, tr(l, "fleet.html.unknown"));
            fputs("</article>\n", out);
            continue;
        }
        fputs("<h4>", out);
        h_text(out, tr(l, "report.meaning"));
        fputs("</h4>\n<p>", out);
        h_esc(out, trf(l, key, sizeof(key), "finding.%s.meaning", r->id), H_BR);
        fputs("</p>\n<h4>", out);
        h_text(out, tr(l, "report.todo"));
        fputs("</h4>\n<p>", out);
        h_esc(out, trf(l, key, sizeof(key), "finding.%s.todo", r->id), H_BR);
        fputs("</p>\n</article>\n", out);
    }
    fputs("</section>\n", out);
}

/* The files that could not be read, each with why. */
static void h_unread(const struct fleet *fl, const struct locale *l, FILE *out)
{
    char buf[2048];
    section_open(out, "unread", fill_count(l, "fleet.html.unread", fl->nbad, NULL, NULL, buf, sizeof(buf)));
    fputs("<ul>\n", out);
    for (size_t i = 0; i < fl->nbad; i++) {
        fputs("<li>", out);
        h_text(out, err_render(l, &fl->bad[i].e, buf, sizeof(buf)));
        fputs("</li>\n", out);
    }
    fputs("</ul>\n</section>\n", out);
}

int fleet_write_html(const struct fleet *fl, const struct locale *l, FILE *out, size_t *rows)
{
    *rows = fl->nclients;
    h_head(fl, l, out);
    if (fl->nrows > 0 && h_bars(fl, l, out) != 0)
        return -1;
    h_trend(fl, l, out);
    h_findings(fl, l, out);
    if (fl->nrows > 0)
        h_todo(fl, l, out);
    if (fl->nbad > 0)
        h_unread(fl, l, out);
    fputs("<footer>", out);
    h_text(out, tr(l, "report.footer"));
    fputs("</footer>\n</body>\n</html>\n", out);
    return ferror(out) ? -1 : 0;
}
