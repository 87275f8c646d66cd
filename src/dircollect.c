/* dircollect.c: collect --directory-only / --merge (see dircollect.h). */
#include "dircollect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "bundle_write.h"
#include "directory.h"
#include "exitcode.h"
#include "facts.h"
#include "platform/ldap.h"
#include "platform/platform.h"
#include "util.h"

static void say(const struct locale *l, const struct err *e)
{
    char buf[2048];
    err_render(l, e, buf, sizeof(buf));
    for (char *p = buf; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    fprintf(stderr, "enrolldoc: %s\n", buf);
}

static int fail(const struct locale *l, const char *key, const char *name, const char *value, int status)
{
    struct err e;
    err_set(&e, key);
    if (name)
        err_arg(&e, name, "%s", value ? value : "");
    say(l, &e);
    return status;
}

/* Overwrites the N bytes at P so that the password does not linger. */
static void wipe(char *p, size_t n)
{
    volatile char *v = p;
    while (n--)
        *v++ = 0;
}

static int search_cb(void *ctx, const struct dir_query *q, struct dir_entries *out, struct err *e)
{
    return dirldap_search(ctx, q, out, e);
}

/* Which exit status a directory error gets: what the operator gave is
 * wrong (credentials, bind method, account name) -> 2; the directory could
 * not be reached or read -> 3. */
static int status_of(const struct err *e)
{
    static const char *const input[] = {"error.ldap.credentials", "error.ldap.strong-auth",
                                        "error.ldap.uri", "error.ldap.need-uri",
                                        "error.ldap.starttls-ldaps", "error.ldap.unsupported",
                                        "error.directory.account", "error.directory.ambiguous",
                                        "error.directory.ces-server", "error.memory"};
    for (size_t i = 0; i < sizeof(input) / sizeof(input[0]); i++)
        if (strcmp(e->key, input[i]) == 0)
            return EXIT_INPUT;
    return EXIT_NOPROBE;
}

/* NAME without its "DOMAIN\\" part. */
static const char *bare_name(const char *name)
{
    const char *bs = strrchr(name, '\\');
    return bs ? bs + 1 : name;
}

/* Whether the account the bundle's identity named (BEFORE, read before the
 * directory filled ID) is ID's account: by SID when both have one, else by
 * name (the domain part only when both carry one). */
static bool same_account(const struct identity *before, const struct identity *id)
{
    if (before->sid.st == F_SET && id->sid.st == F_SET)
        return ascii_casecmp(before->sid.v, id->sid.v) == 0;
    if (before->name.st != F_SET || id->name.st != F_SET)
        return false;
    const char *a = before->name.v, *b = id->name.v;
    if (strchr(a, '\\') && strchr(b, '\\'))
        return ascii_casecmp(a, b) == 0;
    return ascii_casecmp(bare_name(a), bare_name(b)) == 0;
}

bool dircollect_drop_foreign_token(const struct identity *before, struct identity *id)
{
    if (id->token_groups.st == F_ABSENT && id->logon_time.st == F_ABSENT)
        return false;
    if (same_account(before, id))
        return false;
    memset(&id->token_groups, 0, sizeof(id->token_groups));
    id->logon_time.st = F_ABSENT;
    return true;
}

static void drop_foreign_token(const struct locale *l, const struct identity *before, struct identity *id)
{
    if (!dircollect_drop_foreign_token(before, id))
        return;
    struct err n;
    err_set(&n, "note.collect.token-other-account");
    err_arg(&n, "bundle", "%s", before->name.st == F_SET ? before->name.v
                                : before->sid.st == F_SET ? before->sid.v : "?");
    err_arg(&n, "account", "%s", id->name.st == F_SET ? id->name.v : "?");
    say(l, &n);
}

int dircollect_run(const struct dircollect_opts *o, const struct locale *l)
{
    struct err e;
    err_clear(&e);

    /* the bind */
    enum dir_bind mode;
    if (o->gssapi && o->bind_user)
        return fail(l, "error.usage.bind-both", NULL, NULL, EXIT_INPUT);
    if (o->gssapi) {
        mode = DIR_BIND_GSSAPI;
    } else if (o->bind_user) {
        mode = o->starttls ? DIR_BIND_STARTTLS : DIR_BIND_SIMPLE;
    } else if (dirldap_can_bind(DIR_BIND_NEGOTIATE)) {
        mode = DIR_BIND_NEGOTIATE;
    } else {
        return fail(l, "error.usage.bind-user", NULL, NULL, EXIT_INPUT);
    }
    if (!o->ldap && mode != DIR_BIND_NEGOTIATE && !dirldap_can_bind(DIR_BIND_NEGOTIATE))
        return fail(l, "error.ldap.need-uri", NULL, NULL, EXIT_INPUT);
    if (o->starttls && !o->bind_user)
        return fail(l, "error.usage.starttls", NULL, NULL, EXIT_INPUT);

    /* the facts to fill: the client's bundle, or new ones */
    struct facts *f = NULL;
    if (o->merge) {
        if (bundle_load(o->merge, &f, &e) != 0) {
            say(l, &e);
            return EXIT_INPUT;
        }
    } else {
        f = facts_new();
        if (!f)
            return fail(l, "error.memory", NULL, NULL, EXIT_INPUT);
        f->meta.collected_at.st = F_SET;
        f->meta.collected_at.v = platform_now();
        f->meta.lang.st = F_SET;
        f->meta.lang.v = lang_code(l->lang);
        if (bundle_stamp_tool(f) != 0) {
            facts_free(f);
            return fail(l, "error.memory", NULL, NULL, EXIT_INPUT);
        }
    }

    /* the context: --context, else the bundle's, else user */
    enum ctx ctx = CTX_USER;
    if (o->context) {
        ctx = ctx_parse(o->context);
        if (ctx == CTX_NONE) {
            facts_free(f);
            return fail(l, "error.usage.context", "arg", o->context, EXIT_INPUT);
        }
    } else if (f->ctx_st == F_SET && (f->ctx == CTX_USER || f->ctx == CTX_MACHINE)) {
        ctx = f->ctx;
    }
    if (f->ctx_st != F_SET) {
        f->ctx_st = F_SET;
        f->ctx = ctx;
    }
    if (o->tmpl) {
        f->tmpl.st = F_SET;
        f->tmpl.v = arena_strdup(&f->arena, o->tmpl);
        if (!f->tmpl.v) {
            facts_free(f);
            return fail(l, "error.memory", NULL, NULL, EXIT_INPUT);
        }
    }

    /* the account: --account, the bundle's identity, the logged-on user */
    char who[512] = "";
    const char *account = o->account;
    if (!account && f->identity[ctx].name.st == F_SET && f->identity[ctx].name.v[0])
        account = f->identity[ctx].name.v;
    if (!account && mode == DIR_BIND_NEGOTIATE) {
        if (ctx == CTX_MACHINE) {
            /* the computer account: sAMAccountName NETBIOSNAME$, not the DNS name */
            char host[64];
            platform_netbios_name(host, sizeof(host));
            if (host[0])
                snprintf(who, sizeof(who), "%s$", host);
        } else {
            platform_username(who, sizeof(who));
        }
        if (who[0])
            account = who;
    }
    if (!account) {
        facts_free(f);
        return fail(l, "error.usage.account", NULL, NULL, EXIT_INPUT);
    }

    /* the password: environment or prompt, never argv */
    char password[512] = "";
    if (mode == DIR_BIND_SIMPLE || mode == DIR_BIND_STARTTLS) {
        const char *env = getenv(DIRCOLLECT_PASSWORD_ENV);
        if (env && *env) {
            if (strlen(env) >= sizeof(password)) {
                facts_free(f);
                return fail(l, "error.ldap.password-long", NULL, NULL, EXIT_INPUT);
            }
            snprintf(password, sizeof(password), "%s", env);
        } else {
            const char *names[] = {"user"};
            const char *values[] = {o->bind_user};
            char prompt[600];
            fill(prompt, sizeof(prompt), tr(l, "text.ldap.password-prompt"), names, values, 1);
            int rc = dirldap_read_password(prompt, password, sizeof(password));
            if (rc != 0) {
                wipe(password, sizeof(password));
                facts_free(f);
                return fail(l, rc > 0 ? "error.ldap.no-password" : "error.ldap.password-read", "env",
                            DIRCOLLECT_PASSWORD_ENV, EXIT_INPUT);
            }
        }
    }

    struct dir_open op = {o->ldap, mode, o->bind_user, password,
                          o->timeout_ms > 0 ? o->timeout_ms : DIRLDAP_TIMEOUT_MS_DEFAULT, 0};
    struct dir_conn *c = NULL;
    int rc = dirldap_open(&op, &c, &e);
    wipe(password, sizeof(password));
    if (rc != 0) {
        say(l, &e);
        facts_free(f);
        return status_of(&e);
    }
    char server[256];
    snprintf(server, sizeof(server), "%s", dirldap_server(c));
    struct dir_request rq = {server, account, ctx, o->ces_server};
    struct dir_notes notes;
    struct identity before = f->identity[ctx];
    rc = directory_collect(search_cb, c, &rq, f, &notes, &e);
    dirldap_close(c);
    if (rc != 0) {
        say(l, &e);
        facts_free(f);
        return status_of(&e);
    }
    if (o->merge)
        drop_foreign_token(l, &before, &f->identity[ctx]);
    for (size_t i = 0; i < notes.n; i++) {
        struct err n = notes.v[i].what;
        if (notes.v[i].why.key[0]) {
            char why[1024];
            err_render(l, &notes.v[i].why, why, sizeof(why));
            err_arg(&n, "reason", "%s", why);
        } else {
            err_arg(&n, "reason", "-");
        }
        say(l, &n);
    }

    /* write */
    const char *path = o->output ? o->output : "enrolldoc-directory.json";
    bool to_stdout = strcmp(path, "-") == 0;
    rc = bundle_write_path(f, NULL, path, &e);
    int status = EXIT_OK;
    if (rc != 0) {
        say(l, &e);
        status = EXIT_INPUT;
    } else {
        char nt[16], nc[16];
        snprintf(nt, sizeof(nt), "%zu", f->ntemplates);
        snprintf(nc, sizeof(nc), "%zu", f->ncas);
        const struct identity *id = &f->identity[ctx];
        const char *names[] = {"file", "server", "templates", "cas", "account"};
        const char *values[] = {to_stdout ? "-" : path, rq.server, nt, nc,
                                id->name.st == F_SET ? id->name.v : account};
        char buf[1024];
        fill(buf, sizeof(buf), tr(l, o->merge ? "text.collect.directory-merged" : "text.collect.directory-done"),
             names, values, 5);
        fprintf(stderr, "enrolldoc: %s\n", buf);
    }
    facts_free(f);
    return status;
}
