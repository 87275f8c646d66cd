/* html.c: escaping for the HTML pages (html.h). */
#include "html.h"

#include <string.h>

#include "term.h"
#include "util.h"

void h_esc(FILE *out, const char *s, enum hmode m)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        case '\r': break;
        case '\n':
            fputs(m == H_BR ? "<br>\n" : m == H_PRE ? "\n" : " ", out);
            break;
        case '\t': fputc(' ', out); break;
        default:
            if (c < 0x20 || c >= 0x7F) {
                /* a character a terminal might obey shown escaped, any
                 * other one as it is */
                size_t len = utf8_seq_len((const unsigned char *)s, strlen(s));
                char e[16];
                term_escape(e, sizeof(e), s, len ? len : 1, 0);
                fputs(e, out);
                s += (len ? len : 1) - 1;
            } else {
                fputc(c, out);
            }
        }
    }
}

void h_text(FILE *out, const char *s)
{
    h_esc(out, s, H_INLINE);
}

void h_row(FILE *out, const char *label, const char *value)
{
    fputs("<tr><th>", out);
    h_text(out, label);
    fputs("</th><td>", out);
    h_text(out, value);
    fputs("</td></tr>\n", out);
}

void h_sev_badge(FILE *out, enum severity sev, const struct locale *l)
{
    char key[64];
    fprintf(out, "<span class=\"badge sev-%s\">", severity_name(sev));
    h_text(out, trf(l, key, sizeof(key), "severity.%s", severity_name(sev)));
    fputs("</span>", out);
}

const char html_css_base[] =
    ":root{--err:#b3261e;--warn:#9a5b00;--info:#1f5fa8;--ok:#1e7b34;--muted:#5f6368;--line:#d0d4d9}\n"
    "body{font-family:\"Segoe UI\",system-ui,-apple-system,Roboto,\"Helvetica Neue\",Arial,sans-serif;"
    "line-height:1.5;color:#1f1f1f;background:#fff;max-width:62rem;margin:2rem auto;padding:0 1.2rem}\n"
    "h1{font-size:1.6rem;margin:0 0 .3rem}\n"
    "h2{font-size:1.25rem;margin:2.2rem 0 .8rem;padding-bottom:.25rem;border-bottom:2px solid var(--line)}\n"
    "h3{font-size:1.05rem;margin:0 0 .5rem}\n"
    "h4{font-size:.95rem;margin:.9rem 0 .2rem}\n"
    "p{margin:.3rem 0}\n"
    ".subtitle{font-style:italic;color:var(--muted)}\n"
    "table.overview{border-collapse:collapse;margin:1rem 0}\n"
    "table.overview th,table.overview td{text-align:left;vertical-align:top;padding:.25rem 1.2rem .25rem 0;"
    "border-bottom:1px solid var(--line)}\n"
    "table.overview th{font-weight:600;white-space:nowrap}\n"
    "code,pre{font-family:Consolas,\"Cascadia Mono\",\"DejaVu Sans Mono\",monospace;font-size:.9em}\n"
    "code{background:#f1f3f4;padding:0 .25em;border-radius:3px;overflow-wrap:anywhere}\n"
    "pre{background:#f1f3f4;padding:.6rem .8rem;border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere}\n"
    ".finding{border:1px solid var(--line);border-left:.45rem solid var(--muted);border-radius:4px;"
    "padding:.8rem 1rem;margin:1rem 0}\n"
    ".finding.sev-error{border-left-color:var(--err)}\n"
    ".finding.sev-warning{border-left-color:var(--warn)}\n"
    ".finding.sev-info{border-left-color:var(--info)}\n"
    ".badge{display:inline-block;font-size:.8em;font-weight:700;color:#fff;background:var(--muted);"
    "padding:.05rem .45rem;border-radius:3px;margin-right:.4rem;vertical-align:.1em}\n"
    ".badge.sev-error,.badge.st-fail{background:var(--err)}\n"
    ".badge.sev-warning,.badge.st-warn{background:var(--warn)}\n"
    ".badge.sev-info{background:var(--info)}\n"
    ".badge.st-ok{background:var(--ok)}\n"
    ".ids{color:var(--muted);font-size:.9em}\n";
