/* draw.c: turning the state the screens built into a curses frame: the
 * title, the breadcrumb of the walk, the text pane, the menu, the status
 * line and the key bar; the help overlay; the small-window screen. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app.h"
#include "curses_compat.h"
#include "term.h"

#define MIN_COLS 80
#define MIN_ROWS 24

/* ---- UTF-8 ---- */

/* Decodes one code point at S (N bytes left); returns its length (1 for a
 * broken byte, decoded as U+FFFD). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2;
        v = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        v = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        v = c & 0x07u;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    *cp = v;
    return len;
}

static int cp_width(uint32_t cp)
{
    if (term_obeyed(cp))
        return TERM_ESCAPE_WIDTH;
    if (cp == 0 || (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F))
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6))
        return 2;
    return 1;
}

int text_width(const char *s, size_t n)
{
    int w = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_next(u + i, n - i, &cp);
        w += cp_width(cp);
    }
    return w;
}

/* Draws N bytes of UTF-8 S at (Y, X), at most MAXW columns. Returns the
 * columns used. */
static int put(int y, int x, int maxw, const char *s, size_t n)
{
    wchar_t buf[512];
    int used = 0;
    size_t k = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n && k < sizeof(buf) / sizeof(buf[0]) - 1;) {
        uint32_t cp;
        size_t l = utf8_next(u + i, n - i, &cp);
        if (term_obeyed(cp)) {
            /* data a terminal would obey: shown in its visible form */
            char e[16];
            size_t el = term_escape(e, sizeof(e), s + i, l, 0);
            if (used + (int)el > maxw || k + el >= sizeof(buf) / sizeof(buf[0]) - 1)
                break;
            for (size_t j = 0; j < el; j++)
                buf[k++] = (wchar_t)e[j];
            used += (int)el;
            i += l;
            continue;
        }
        int w = cp_width(cp);
        if (used + w > maxw)
            break;
        if (cp > 0xFFFF && sizeof(wchar_t) < 4)
            cp = '?';
        buf[k++] = (wchar_t)cp;
        used += w;
        i += l;
    }
    buf[k] = 0;
    if (k)
        mvaddnwstr(y, x, buf, (int)k);
    return used;
}

static int put_str(int y, int x, int maxw, const char *s)
{
    return put(y, x, maxw, s, strlen(s));
}

/* ---- styles ---- */

enum { PAIR_OK = 1, PAIR_WARN, PAIR_FAIL, PAIR_UNKNOWN, PAIR_BAR, PAIR_TITLE, PAIR_SEL };

static attr_t style_attr(const struct app *a, enum text_style s)
{
    switch (s) {
    case TS_NORMAL: return A_NORMAL;
    case TS_BOLD: return A_BOLD;
    case TS_DIM: return a->color ? A_DIM : A_NORMAL;
    case TS_TITLE: return A_BOLD | (a->color ? (attr_t)COLOR_PAIR(PAIR_TITLE) : A_UNDERLINE);
    case TS_OK: return a->color ? (attr_t)COLOR_PAIR(PAIR_OK) | A_BOLD : A_BOLD;
    case TS_WARN: return a->color ? (attr_t)COLOR_PAIR(PAIR_WARN) | A_BOLD : A_BOLD;
    case TS_FAIL: return a->color ? (attr_t)COLOR_PAIR(PAIR_FAIL) | A_BOLD : A_BOLD | A_UNDERLINE;
    case TS_UNKNOWN: return a->color ? (attr_t)COLOR_PAIR(PAIR_UNKNOWN) | A_BOLD : A_BOLD;
    case TS_CODE: return A_BOLD;
    }
    return A_NORMAL;
}

void draw_init_colors(struct app *a);
void draw_init_colors(struct app *a)
{
    const char *no_color = getenv("NO_COLOR");
    a->color = has_colors() && !(no_color && *no_color);
    if (!a->color)
        return;
    start_color();
    short bg = COLOR_BLACK;
#if defined(NCURSES_VERSION)
    if (use_default_colors() == OK)
        bg = -1;
#endif
    init_pair(PAIR_OK, COLOR_GREEN, bg);
    init_pair(PAIR_WARN, COLOR_YELLOW, bg);
    init_pair(PAIR_FAIL, COLOR_RED, bg);
    init_pair(PAIR_UNKNOWN, COLOR_CYAN, bg);
    init_pair(PAIR_BAR, COLOR_BLACK, COLOR_CYAN);
    init_pair(PAIR_TITLE, COLOR_CYAN, bg);
    init_pair(PAIR_SEL, COLOR_BLACK, COLOR_WHITE);
}

static attr_t bar_attr(const struct app *a)
{
    return a->color ? (attr_t)COLOR_PAIR(PAIR_BAR) : A_REVERSE;
}

/* ---- the pane ---- */

int pane_width(const struct app *a)
{
    return a->cols - 4;
}

static int menu_rows(const struct app *a)
{
    return a->nmenu > 0 ? a->nmenu + 1 : 0;
}

int pane_rows(const struct app *a)
{
    /* title, breadcrumb, rule; pane; menu (with its rule); status; key bar */
    int r = a->rows - 3 - menu_rows(a) - 2;
    return r > 1 ? r : 1;
}

static void add_line(struct app *a, const char *s, size_t n, int indent, enum text_style st)
{
    if (a->nlines == a->caplines) {
        int cap = a->caplines ? a->caplines * 2 : 64;
        struct pline *nl = arena_calloc(&a->frame, (size_t)cap, sizeof(*nl));
        if (!nl)
            return;
        if (a->nlines)
            memcpy(nl, a->lines, (size_t)a->nlines * sizeof(*nl));
        a->lines = nl;
        a->caplines = cap;
    }
    a->lines[a->nlines++] = (struct pline){s, n, indent, st};
}

void pane_blank(struct app *a)
{
    add_line(a, "", 0, 0, TS_NORMAL);
}

void pane_text(struct app *a, const char *text, int first, int indent, enum text_style style)
{
    int width = pane_width(a);
    const char *p = text;
    int cur_indent = first;
    while (*p) {
        /* one source line */
        const char *eol = strchr(p, '\n');
        const char *end = eol ? eol : p + strlen(p);
        const char *line = p;
        int avail = width - cur_indent;
        if (avail < 10)
            avail = 10;
        while (line < end) {
            while (line < end && *line == ' ')
                line++;
            if (line >= end)
                break;
            const char *cut = line, *last_space = NULL;
            int w = 0;
            while (cut < end) {
                uint32_t cp;
                size_t l = utf8_next((const unsigned char *)cut, (size_t)(end - cut), &cp);
                int cw = cp_width(cp);
                if (w + cw > avail)
                    break;
                if (*cut == ' ')
                    last_space = cut;
                w += cw;
                cut += l;
            }
            if (cut < end && last_space && last_space > line)
                cut = last_space;
            add_line(a, line, (size_t)(cut - line), cur_indent, style);
            line = cut;
            cur_indent = indent;
            avail = width - indent;
        }
        if (end == p)
            add_line(a, "", 0, 0, style); /* an empty source line */
        if (!eol)
            break;
        p = eol + 1;
        cur_indent = first; /* a new source line (a list item) starts like the first */
    }
}

void pane_pre(struct app *a, const char *text, enum text_style style)
{
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        const char *end = eol ? eol : p + strlen(p);
        const char *s = p;
        while (s < end && *s == ' ')
            s++;
        add_line(a, s, (size_t)(end - s), s < end ? (int)(s - p) : 0, style);
        if (!eol)
            break;
        p = eol + 1;
    }
}

void menu_add(struct app *a, enum item_kind kind, const char *arg, const char *label,
              bool disabled)
{
    if (a->nmenu >= MENU_MAX)
        return;
    a->menu[a->nmenu++] = (struct item){kind, arg, label, disabled};
}

void keybar_set(struct app *a, const char *const *pairs, int n)
{
    a->keys = pairs;
    a->nkeys = n;
}

/* ---- frame parts ---- */

static void draw_title(struct app *a)
{
    attr_t at = bar_attr(a);
    attron(at);
    mvhline(0, 0, ' ', a->cols);
    const char *host = a->f && a->f->meta.host.st == F_SET ? a->f->meta.host.v : NULL;
    char left[512];
    int n = snprintf(left, sizeof(left), " enrolldoc");
    if (a->demo)
        n += snprintf(left + n, sizeof(left) - (size_t)n, " · %s", T(a, "ui.demo"));
    if (host)
        n += snprintf(left + n, sizeof(left) - (size_t)n, " · %s", host);
    if (a->walking && a->s.ctx != CTX_NONE)
        n += snprintf(left + n, sizeof(left) - (size_t)n, " · %s",
                      Tf(a, "context.%s", ctx_name(a->s.ctx)));
    if (a->walking && a->s.tmpl)
        snprintf(left + n, sizeof(left) - (size_t)n, " · %s", a->s.tmpl);
    const char *right = a->l->lang == LANG_DE ? "Deutsch " : "English ";
    int rw = text_width(right, strlen(right));
    put_str(0, 0, a->cols - rw - 1, left);
    put_str(0, a->cols - rw, rw, right);
    attroff(at);
}

static const char *status_mark(enum step_status s)
{
    switch (s) {
    case STEP_OK: return "[ok]";
    case STEP_WARN: return "[!]";
    case STEP_FAIL: return "[x]";
    case STEP_UNKNOWN: return "[?]";
    case STEP_QUESTION:
    case STEP_SKIPPED: break;
    }
    return "";
}

static void draw_breadcrumb(struct app *a)
{
    move(1, 0);
    clrtoeol();
    if (a->crumb) {
        put_str(1, 1, a->cols - 2, a->crumb);
        return;
    }
    if (!a->walking) {
        put_str(1, 1, a->cols - 2, T(a, "ui.crumb.start"));
        return;
    }
    /* Build from the end so that the latest steps stay visible. */
    char buf[2048] = "";
    size_t used = 0;
    for (size_t i = 0; i < a->s.nsteps; i++) {
        const struct session_step *st = &a->s.steps[i];
        const struct node *n = &a->t->nodes[st->node];
        const char *piece = NULL;
        if (n->kind == NODE_CHECK)
            piece = fstr(a, "%s %s", Tf(a, "check.%s.short", n->check->id), status_mark(st->status));
        else if (n->kind == NODE_QUESTION && st->answer)
            piece = Tf(a, "question.%s.%s.short", n->question, st->answer);
        else if (n->kind == NODE_CONCLUSION)
            piece = T(a, "ui.crumb.end");
        if (!piece)
            continue;
        int w = snprintf(buf + used, sizeof(buf) - used, "%s%s", used ? " › " : "", piece);
        if (w < 0 || (size_t)w >= sizeof(buf) - used)
            break;
        used += (size_t)w;
    }
    /* Columns 1 .. cols-2 are the breadcrumb's. When the whole walk does not
     * fit, whole items give way from the left to "… ", so that the latest
     * item stays whole. */
    static const char sep[] = " › ", ellipsis[] = "… ";
    const char *shown = buf;
    int avail = a->cols - 2;
    if (text_width(buf, used) > avail) {
        int room = avail - text_width(ellipsis, strlen(ellipsis));
        while (text_width(shown, strlen(shown)) > room) {
            const char *next = strstr(shown, sep);
            if (!next)
                break;
            shown = next + strlen(sep);
        }
    }
    int x = 1;
    if (shown != buf)
        x += put_str(1, x, avail, ellipsis);
    attron(A_DIM);
    put_str(1, x, avail - (x - 1), shown);
    attroff(A_DIM);
}

static void draw_pane(struct app *a)
{
    int top = 3, rows = pane_rows(a);
    a->pane_rows = rows;
    a->text_lines = a->nlines;
    int max_scroll = a->nlines > rows ? a->nlines - rows : 0;
    if (a->scroll > max_scroll)
        a->scroll = max_scroll;
    if (a->scroll < 0)
        a->scroll = 0;
    for (int r = 0; r < rows; r++) {
        move(top + r, 0);
        clrtoeol();
        int i = a->scroll + r;
        if (i >= a->nlines)
            continue;
        const struct pline *pl = &a->lines[i];
        attr_t at = style_attr(a, pl->style);
        attron(at);
        put(top + r, 2 + pl->indent, pane_width(a) - pl->indent, pl->s, pl->n);
        attroff(at);
    }
    /* scroll hints */
    if (a->scroll > 0)
        mvaddstr(top, a->cols - 2, "^");
    if (a->scroll < max_scroll)
        mvaddstr(top + rows - 1, a->cols - 2, "v");
}

static void draw_menu(struct app *a)
{
    int y = a->rows - 2 - menu_rows(a);
    if (a->nmenu == 0)
        return;
    move(y, 0);
    clrtoeol();
    mvhline(y, 1, ACS_HLINE, a->cols - 2);
    a->menu_top = y + 1;
    if (a->sel >= a->nmenu)
        a->sel = a->nmenu - 1;
    if (a->sel < 0)
        a->sel = 0;
    for (int i = 0; i < a->nmenu; i++) {
        int row = y + 1 + i;
        move(row, 0);
        clrtoeol();
        const struct item *it = &a->menu[i];
        bool sel = i == a->sel;
        attr_t at = sel ? (a->color ? (attr_t)COLOR_PAIR(PAIR_SEL) | A_BOLD : A_REVERSE) : A_NORMAL;
        if (it->disabled)
            at |= A_DIM;
        attron(at);
        char line[600];
        snprintf(line, sizeof(line), "%s %s ", sel ? ">" : " ", it->label);
        put_str(row, 2, a->cols - 4, line);
        attroff(at);
    }
}

static void draw_status(struct app *a)
{
    int y = a->rows - 2;
    move(y, 0);
    clrtoeol();
    if (a->msg.key[0]) {
        char buf[1024];
        err_render(a->l, &a->msg, buf, sizeof(buf));
        attron(A_BOLD);
        put_str(y, 1, a->cols - 2, buf);
        attroff(A_BOLD);
    }
}

/* The key bar's label for catalog key KEY; in the compact form its short
 * variant (KEY.short) where the catalog has one. */
static const char *key_label(struct app *a, const char *key, bool compact)
{
    const char *s = compact ? catalog_get(a->l->cat[a->l->lang], fstr(a, "%s.short", key)) : NULL;
    return s ? s : T(a, key);
}

/* Columns the key bar takes with SEP blanks between the keys. */
static int keybar_width(struct app *a, int sep, bool compact)
{
    int w = 1;
    for (int i = 0; i + 1 < a->nkeys; i += 2) {
        const char *label = key_label(a, a->keys[i + 1], compact);
        w += (i ? sep : 0) + text_width(a->keys[i], strlen(a->keys[i])) + 1 +
             text_width(label, strlen(label));
    }
    return w;
}

/* Every key of the screen stays visible: when the bar is wider than the
 * window the keys move closer together, then the labels take their short
 * forms. */
static void draw_keybar(struct app *a)
{
    int y = a->rows - 1;
    int sep = 2;
    bool compact = false;
    if (keybar_width(a, sep, compact) >= a->cols) {
        sep = 1;
        compact = keybar_width(a, sep, compact) >= a->cols;
    }
    attr_t at = bar_attr(a);
    attron(at);
    mvhline(y, 0, ' ', a->cols);
    int x = 1;
    for (int i = 0; i + 1 < a->nkeys; i += 2) {
        const char *label = key_label(a, a->keys[i + 1], compact);
        const char *piece = fstr(a, "%s %s", a->keys[i], label);
        if (i)
            x += sep;
        if (x + text_width(piece, strlen(piece)) >= a->cols)
            break;
        attron(A_BOLD);
        x += put_str(y, x, a->cols - x, a->keys[i]);
        attroff(A_BOLD);
        x += put_str(y, x, a->cols - x, " ");
        x += put_str(y, x, a->cols - x, label);
    }
    attroff(at);
}

static void draw_help(struct app *a)
{
    static const char *const names[] = {"start", "step", "action", "summary", "input", "explain",
                                        "quit", "train-pick", "train", "events"};
    int w = a->cols - 8, h = a->rows - 6, x0 = 4, y0 = 3;
    /* the help text, wrapped with the pane's machinery, into a scratch list */
    int saved_n = a->nlines;
    int saved_cols = a->cols;
    a->cols = w; /* pane_width = w - 4 */
    pane_text(a, Tf(a, "ui.help.%s", names[a->scr]), 0, 0, TS_NORMAL);
    pane_blank(a);
    pane_text(a, T(a, "ui.help.keys"), 0, 2, TS_NORMAL);
    a->cols = saved_cols;
    attr_t at = bar_attr(a);
    /* the overlay hides the whole text area behind it */
    for (int r = 3; r < a->rows - 1; r++) {
        move(r, 0);
        clrtoeol();
    }
    attron(at);
    mvhline(y0, x0, ' ', w);
    put_str(y0, x0 + 2, w - 4, T(a, "ui.help.title"));
    mvhline(y0 + h - 1, x0, ' ', w);
    put_str(y0 + h - 1, x0 + 2, w - 4, T(a, "ui.help.close"));
    attroff(at);
    for (int i = saved_n, r = 1; i < a->nlines && r < h - 1; i++, r++) {
        const struct pline *pl = &a->lines[i];
        put(y0 + r, x0 + 2 + pl->indent, w - 4 - pl->indent, pl->s, pl->n);
    }
    a->nlines = saved_n;
}

void draw_frame(struct app *a)
{
    erase();
    draw_title(a);
    draw_breadcrumb(a);
    mvhline(2, 1, ACS_HLINE, a->cols - 2);
    draw_pane(a);
    draw_menu(a);
    draw_status(a);
    draw_keybar(a);
    if (a->help)
        draw_help(a);
    refresh();
}

void draw_too_small(struct app *a)
{
    erase();
    const char *msg = T(a, "ui.too-small");
    char size[64];
    snprintf(size, sizeof(size), "%dx%d → %dx%d", a->cols, a->rows, MIN_COLS, MIN_ROWS);
    int y = a->rows / 2 - 1;
    if (y < 0)
        y = 0;
    /* word-wrap by hand into the small window */
    int width = a->cols > 2 ? a->cols - 2 : 1;
    const char *p = msg;
    while (*p && y < a->rows - 1) {
        const char *cut = p, *last = NULL;
        int w = 0;
        while (*cut) {
            uint32_t cp;
            size_t l = utf8_next((const unsigned char *)cut, strlen(cut), &cp);
            if (w + cp_width(cp) > width)
                break;
            if (*cut == ' ')
                last = cut;
            w += cp_width(cp);
            cut += l;
        }
        if (*cut && last)
            cut = last;
        if (cut == p)
            cut = p + 1;
        put(y++, 1, width, p, (size_t)(cut - p));
        p = cut;
        while (*p == ' ')
            p++;
    }
    if (y < a->rows)
        put_str(y, 1, width, size);
    refresh();
}

void draw_working(struct app *a, const char *text)
{
    int y = a->rows - 2;
    if (y < 0)
        return;
    move(y, 0);
    clrtoeol();
    attron(A_BOLD);
    put_str(y, 1, a->cols - 2, text);
    attroff(A_BOLD);
    refresh();
}
