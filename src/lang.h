/* lang.h: the catalogs (locale/de.json, locale/en.json), embedded at build
 * time; every text shown to a person comes from here by a stable key.
 *
 * Catalog file format:
 *   {"format": "enrolldoc-locale/1", "lang": "en", "messages": {"key": "text", ...}}
 * Placeholders are written {name} (letters, digits, '_'); "{{" is a literal '{'. */
#ifndef ENROLLDOC_LANG_H
#define ENROLLDOC_LANG_H

#include "platform/attributes.h"

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

enum lang { LANG_EN = 0, LANG_DE = 1, LANG_COUNT = 2 };

struct catalog;   /* one language; opaque */

/* Both languages. */
struct locale {
    struct catalog *cat[LANG_COUNT];
    enum lang lang;               /* the language in use */
};

/* Parses catalog TEXT (LEN bytes) named NAME (a file name, for errors).
 * Returns NULL and sets E on malformed input (JSON line/column, wrong format,
 * a non-string value, a bad placeholder). The caller frees with catalog_free(). */
struct catalog *catalog_parse(const char *name, const char *text, size_t len, struct err *e);
void catalog_free(struct catalog *c);
/* The text for KEY or NULL. */
const char *catalog_get(const struct catalog *c, const char *key);
size_t catalog_count(const struct catalog *c);
/* The language the catalog says it holds (its "lang" field; "" when absent). */
const char *catalog_lang(const struct catalog *c);
/* The I-th key in sorted order. */
const char *catalog_key(const struct catalog *c, size_t i);

/* Loads the embedded catalogs (DIR == NULL) or DIR/de.json and DIR/en.json,
 * and checks that both have the same keys with the same placeholders.
 * Returns 0, or -1 with E set. Frees with locale_free(). */
int locale_load(struct locale *l, const char *dir, struct err *e);
void locale_free(struct locale *l);
/* Compares the two catalogs, named DE_NAME and EN_NAME in errors: every key
 * in both, same placeholders. Returns 0, or -1 with E naming the first
 * difference. */
int locale_check_pair(const struct catalog *de, const struct catalog *en, const char *de_name,
                      const char *en_name, struct err *e);

/* LANG_DE when a language tag or locale string says German ("de",
 * "de_DE.UTF-8", "de-AT"), else LANG_EN. */
enum lang lang_from_tag(const char *tag);
/* The language the environment asks for: LC_ALL, LC_MESSAGES, LANG (POSIX),
 * the user's UI language (Windows). */
enum lang lang_from_env(void);
const char *lang_code(enum lang l);   /* "en", "de" */

/* The text of KEY in the current language; when missing there, in English;
 * when missing everywhere, the key itself (never NULL). */
const char *tr(const struct locale *l, const char *key);
/* Like tr(), but KEY is printf-built: tr_fmt(l, buf, sizeof buf, "finding.%s.title", id). */
const char *trf(const struct locale *l, char *keybuf, size_t size, const char *fmt, ...)
    ENROLLDOC_PRINTF(4, 5);
/* A count in words: the text of KEY.one when N is 1, else of KEY.other
 * (English and German count alike: "1 warning", "0 warnings"), with
 * {count} replaced by N, into BUF (SIZE bytes). Returns BUF. */
char *tr_count(const struct locale *l, char *buf, size_t size, const char *key, size_t n);
/* Substitutes {name} placeholders in TEMPLATE with the values in NAMES/VALUES
 * (N pairs) into BUF; unknown placeholders stay as written. Returns BUF. */
char *fill(char *buf, size_t size, const char *tmpl, const char *const *names,
           const char *const *values, size_t n);
/* Renders an error in the current language ("error.x" keys with their args). */
char *err_render(const struct locale *l, const struct err *e, char *buf, size_t size);

#endif
