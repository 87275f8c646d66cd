/* test_import_whoami.c: whoami's CSV tables -> identity.user
 * (src/import_whoami.c), in English and German, and its refusals. */
#include "testutil.h"

#include "import.h"

#define DATA SOURCE_DIR "/tests/inputs/import/"

static struct facts *import_text(const char *text, struct err *e)
{
    struct facts *f = NULL;
    enum import_format fmt;
    if (import_buffer("w.csv", (const unsigned char *)text, strlen(text), LANG_EN, &f, &fmt, e) != 0)
        return NULL;
    assert_int_equal(fmt, IMPORT_WHOAMI);
    return f;
}

/* The facts of the sample NAME, read as whoami output. */
static struct facts *import_sample(const char *name, enum lang ui)
{
    char path[512];
    snprintf(path, sizeof(path), "%s%s", DATA, name);
    size_t n;
    char *raw = tu_read(path, &n);
    struct err e;
    struct facts *f = NULL;
    enum import_format fmt;
    assert_int_equal(import_buffer(name, (unsigned char *)raw, n, ui, &f, &fmt, &e), 0);
    assert_int_equal(fmt, IMPORT_WHOAMI);
    free(raw);
    return f;
}

static bool has(const struct str_list *l, const char *sid)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], sid) == 0)
            return true;
    return false;
}

static void english_all(void **state)
{
    (void)state;
    struct facts *f = import_sample("whoami-all.en.csv", LANG_EN);
    const struct identity *id = &f->identity[CTX_USER];
    assert_string_equal(id->name.v, "contoso\\alice");
    assert_string_equal(id->sid.v, "S-1-5-21-1004336348-1177238915-682003330-1104");
    assert_int_equal(id->token_groups.st, F_SET);
    assert_true(has(&id->token_groups, "S-1-5-21-1004336348-1177238915-682003330-1107"));
    assert_true(has(&id->token_groups, "S-1-5-11"));
    /* the logon SID and the integrity label are no memberships */
    assert_false(has(&id->token_groups, "S-1-5-5-0-412345"));
    assert_false(has(&id->token_groups, "S-1-16-8192"));
    /* sorted, once each */
    for (size_t i = 1; i < id->token_groups.n; i++)
        assert_true(strcmp(id->token_groups.v[i - 1], id->token_groups.v[i]) < 0);
    assert_int_equal(f->identity[CTX_MACHINE].st, F_ABSENT);
    facts_free(f);
}

/* German headers, UTF-16; a deny-only group is kept (the ticket has it) */
static void german_groups(void **state)
{
    (void)state;
    struct facts *f = import_sample("whoami-groups.de.csv", LANG_DE);
    const struct identity *id = &f->identity[CTX_USER];
    assert_int_equal(id->name.st, F_ABSENT);
    assert_int_equal(id->token_groups.n, 4);
    assert_true(has(&id->token_groups, "S-1-5-32-544"));
    facts_free(f);
}

static void refusals(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    assert_null(import_text("\"User Name\",\"SID\"\r\n\"NT AUTHORITY\\SYSTEM\",\"S-1-5-18\"\r\n", &e));
    assert_string_equal(e.key, "error.import.whoami-system");
    assert_null(import_text("\"Group Name\",\"Type\",\"SID\",\"Attributes\"\n\"x\",\"y\",\"not-a-sid\",\"\"\n", &e));
    assert_string_equal(e.key, "error.import.whoami-sid");
    assert_string_equal(e.args[1].value, "2");
    assert_null(import_text("\"Group Name\",\"Type\",\"SID\",\"Attributes\"\n\"x\",\"S-1-1-0\"\n", &e));
    assert_string_equal(e.key, "error.import.whoami");
    assert_null(import_text("\"Group Name\",\"Type\",\"SID\",\"Attributes\"\n\"never closed,\"S-1-1-0\n", &e));
    assert_string_equal(e.key, "error.import.whoami");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(english_all),
        cmocka_unit_test(german_groups),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
