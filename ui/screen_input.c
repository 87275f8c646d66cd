/* screen_input.c: a line of text — the path of a bundle to open, or an
 * error code to explain — and the explanation of a code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bundle.h"
#include "codes.h"
#include "curses_compat.h"
#include "events_import.h"
#include "events_report.h"
#include "import.h"
#include "output.h"

static const char *const keys_input[] = {"Enter", "ui.key.ok", "Esc", "ui.key.cancel", "F1",
                                         "ui.key.help", "F2", "ui.key.lang", "F10", "ui.key.quit"};
static const char *const keys_explain[] = {"Enter", "ui.key.ok", "b", "ui.key.back", "?",
                                           "ui.key.help", "L", "ui.key.lang", "q", "ui.key.quit"};

void input_build(struct app *a)
{
    static const char *const titles[] = {"ui.input.bundle-title", "ui.input.code-title",
                                         "ui.input.events-title", "ui.input.template-title"};
    static const char *const helps[] = {"ui.input.bundle-help", "ui.input.code-help",
                                        "ui.input.events-help", "ui.input.template-help"};
    pane_text(a, T(a, titles[a->input_kind]), 0, 0, TS_TITLE);
    pane_blank(a);
    pane_text(a, T(a, helps[a->input_kind]), 0, 0, TS_NORMAL);
    pane_blank(a);
    pane_text(a, fstr(a, "> %s_", a->input), 2, 4, TS_CODE);
    keybar_set(a, keys_input, 10);
}

void app_events_free(struct app *a)
{
    events_report_free(a->events);
    facts_free(a->events_facts);
    free(a->events_file);
    free(a->events_text);
    a->events = NULL;
    a->events_facts = NULL;
    a->events_file = NULL;
    a->events_text = NULL;
}

/* Analyses the events export at the input path into a->events. */
static void submit_events(struct app *a)
{
    struct err e;
    err_clear(&e);
    struct facts *f = NULL;
    struct events_info info;
    struct events_report *r = NULL;
    char *file = malloc(a->input_len + 1);
    if (file)
        memcpy(file, a->input, a->input_len + 1);
    if (!file) {
        app_message(a, "error.memory", NULL);
        return;
    }
    if (events_import_file(file, a->l->lang, &f, &info, &e) != 0 ||
        events_report_build(f, file, &info, &r, &e) != 0) {
        a->msg = e;
        facts_free(f);
        free(file);
        return;
    }
    app_events_free(a);
    a->events = r;
    a->events_facts = f;
    a->events_file = file;
    a->back_scr = SCR_START;
    app_goto(a, SCR_EVENTS);
}

/* The analysis as text wrapped to the pane (a->events_text), made again
 * when the width or the language changed; NULL when out of memory. */
static const char *events_text(struct app *a)
{
    int width = pane_width(a);
    if (a->events_text && a->events_width == width && a->events_lang == a->l->lang)
        return a->events_text;
    free(a->events_text);
    a->events_text = NULL;
    /* through a temporary file (portable, unlike memory streams) */
    FILE *tmp = a->events ? tmpfile() : NULL;
    char *text = NULL;
    if (tmp && events_report_text(a->events, a->l, EVENTS_TEXT_DETAIL, width, tmp) == 0) {
        long n = ftell(tmp);
        rewind(tmp);
        text = n >= 0 ? malloc((size_t)n + 1) : NULL;
        if (text) {
            size_t got = fread(text, 1, (size_t)n, tmp);
            text[got] = '\0';
        }
    }
    if (tmp)
        fclose(tmp);
    a->events_text = text;
    a->events_width = width;
    a->events_lang = a->l->lang;
    return text;
}

static void submit(struct app *a)
{
    struct err e;
    err_clear(&e);
    if (a->input_kind == INPUT_EVENTS) {
        submit_events(a);
        return;
    }
    if (a->input_kind == INPUT_TEMPLATE) {
        /* an empty name stays on the field */
        int rc = session_set_template(&a->s, a->input);
        if (rc < 0)
            app_message(a, "error.memory", NULL);
        else if (rc == 0) {
            a->sel_step = 0; /* the step is new: its first item selected */
            app_goto(a, SCR_STEP);
        }
        return;
    }
    if (a->input_kind == INPUT_CODE) {
        uint32_t code;
        if (code_parse(a->input, true, &code) != 0) {
            app_message(a, "error.code", a->input);
            return;
        }
        a->code = code;
        a->back_scr = SCR_START;
        app_goto(a, SCR_EXPLAIN);
        return;
    }
    /* a bundle, or any file `import` reads (one file: nothing to disagree) */
    const char *path = a->input;
    struct import_result r;
    if (import_files(&path, 1, NULL, a->l->lang, &r, &e) != 0) {
        a->msg = e;
        return;
    }
    struct facts *f = r.f;
    r.f = NULL;
    import_result_free(&r);
    facts_free(a->owned_facts);
    a->owned_facts = f;
    a->f = f;
    a->demo = false;
    a->source = NULL;
    if (app_begin_walk(a) != 0)
        app_message(a, "error.memory", NULL);
}

/* Returns true when the key was taken by the text field. */
bool input_key(struct app *a, int key, bool is_char, uint32_t ch)
{
    if (!is_char) {
        if (key == KEY_BACKSPACE) {
            while (a->input_len > 0 && ((unsigned char)a->input[a->input_len - 1] & 0xC0) == 0x80)
                a->input_len--;
            if (a->input_len > 0)
                a->input_len--;
            a->input[a->input_len] = '\0';
            return true;
        }
        if (key == KEY_ENTER) {
            submit(a);
            return true;
        }
        return false; /* function keys: help, language, quit, resize */
    }
    if (ch == '\r' || ch == '\n') {
        submit(a);
        return true;
    }
    if (ch == 27)
        return false; /* Esc: cancel */
    if (ch == 127 || ch == 8) {
        return input_key(a, KEY_BACKSPACE, false, 0);
    }
    if (ch < 0x20 || ch > 0x10FFFF)
        return true;
    /* append as UTF-8 */
    char enc[4];
    size_t n;
    if (ch < 0x80) {
        enc[0] = (char)ch;
        n = 1;
    } else if (ch < 0x800) {
        enc[0] = (char)(0xC0 | (ch >> 6));
        enc[1] = (char)(0x80 | (ch & 0x3F));
        n = 2;
    } else if (ch < 0x10000) {
        enc[0] = (char)(0xE0 | (ch >> 12));
        enc[1] = (char)(0x80 | ((ch >> 6) & 0x3F));
        enc[2] = (char)(0x80 | (ch & 0x3F));
        n = 3;
    } else {
        enc[0] = (char)(0xF0 | (ch >> 18));
        enc[1] = (char)(0x80 | ((ch >> 12) & 0x3F));
        enc[2] = (char)(0x80 | ((ch >> 6) & 0x3F));
        enc[3] = (char)(0x80 | (ch & 0x3F));
        n = 4;
    }
    if (a->input_len + n < sizeof(a->input)) {
        memcpy(a->input + a->input_len, enc, n);
        a->input_len += n;
        a->input[a->input_len] = '\0';
    }
    return true;
}

void explain_build(struct app *a)
{
    const struct code_info *ci = code_lookup(a->code);
    char hex[16];
    code_format(a->code, hex, sizeof(hex));
    pane_text(a, fstr(a, "%s (%ld)%s%s", hex, (long)(int32_t)a->code, ci ? "  " : "",
                      ci ? ci->symbol : ""),
              0, 0, TS_TITLE);
    pane_blank(a);
    if (ci) {
        const char *key = fstr(a, "code.%s", ci->symbol);
        if (catalog_get(a->l->cat[a->l->lang], key))
            pane_text(a, T(a, key), 0, 0, TS_NORMAL);
    } else {
        pane_text(a, T(a, "text.code-unknown"), 0, 0, TS_NORMAL);
    }
    if ((a->code & 0xFFFF0000u) == 0x80070000u) {
        char buf[256];
        char dec[16];
        snprintf(dec, sizeof(dec), "%u", a->code & 0xFFFFu);
        const char *n[] = {"win32"};
        const char *v[] = {dec};
        fill(buf, sizeof(buf), T(a, "text.code-win32"), n, v, 1);
        pane_text(a, fstr(a, "%s", buf), 0, 0, TS_DIM);
    }
    if (ci && ci->findings && ci->findings[0]) {
        pane_blank(a);
        pane_text(a, T(a, "text.code-findings"), 0, 0, TS_BOLD);
        for (size_t i = 0; ci->findings[i]; i++)
            pane_text(a, fstr(a, "%s  (%s)", Tf(a, "finding.%s.title", ci->findings[i]), ci->findings[i]),
                      2, 4, TS_NORMAL);
    }
    menu_add(a, ITEM_OK, NULL, T(a, "ui.menu.ok"), false);
    keybar_set(a, keys_explain, 10);
}

void events_build(struct app *a)
{
    static const char *const keys[] = {"Enter", "ui.key.ok", "b", "ui.key.back", "?",
                                       "ui.key.help", "L", "ui.key.lang", "q", "ui.key.quit"};
    pane_text(a, T(a, "ui.events.title"), 0, 0, TS_TITLE);
    pane_blank(a);
    const char *text = events_text(a);
    if (text)
        pane_pre(a, text, TS_NORMAL);
    else
        app_message(a, "error.memory", NULL);
    menu_add(a, ITEM_OK, NULL, T(a, "ui.menu.ok"), false);
    keybar_set(a, keys, 10);
}
