#include "dirlive.h"

#include <stdio.h>
#include <string.h>

#include "directory.h"
#include "platform/ldap.h"

static int search_cb(void *ctx, const struct dir_query *q, struct dir_entries *out, struct err *e)
{
    return dirldap_search(ctx, q, out, e);
}

/* "key: arg=value …" of E, in English words the bundle can carry. */
static void note_err(struct probe_note *note, const char *what, const struct err *e)
{
    size_t used = (size_t)snprintf(note->reason, sizeof(note->reason), "%s (%s", what, e->key);
    for (int i = 0; i < e->nargs && used < sizeof(note->reason); i++)
        used += (size_t)snprintf(note->reason + used, sizeof(note->reason) - used, " %s=%s",
                                 e->args[i].name, e->args[i].value);
    if (used < sizeof(note->reason))
        snprintf(note->reason + used, sizeof(note->reason) - used, ")");
}

int dirlive_probe(struct facts *f, int timeout_ms, struct probe_note *note)
{
    memset(note, 0, sizeof(*note));
    note->group = PROBE_DIRECTORY;
    if (!dirldap_can_bind(DIR_BIND_NEGOTIATE)) {
        snprintf(note->reason, sizeof(note->reason),
                 "the directory is read live only on a Windows client; elsewhere use "
                 "collect --directory-only --ldap URI");
        return 1;
    }
    enum ctx ctx = f->ctx_st == F_SET && f->ctx != CTX_NONE ? f->ctx : CTX_USER;
    if (f->session.system.st == F_SET && f->session.system.v)
        ctx = CTX_MACHINE;
    char who[512] = "";
    if (f->identity[ctx].name.st == F_SET && f->identity[ctx].name.v[0]) {
        snprintf(who, sizeof(who), "%s", f->identity[ctx].name.v);
    } else if (ctx == CTX_MACHINE) {
        /* the computer account: sAMAccountName NETBIOSNAME$, not the DNS name */
        char host[64];
        platform_netbios_name(host, sizeof(host));
        if (host[0])
            snprintf(who, sizeof(who), "%s$", host);
    } else {
        platform_username(who, sizeof(who));
    }
    /* one deadline for all of it; no single operation longer than usual */
    int budget = timeout_ms > 0 ? timeout_ms : PROBE_DIRECTORY_TIMEOUT_MS;
    struct dir_open op = {NULL, DIR_BIND_NEGOTIATE, NULL, NULL,
                          budget < DIRLDAP_TIMEOUT_MS_DEFAULT ? budget : DIRLDAP_TIMEOUT_MS_DEFAULT, budget};
    struct dir_conn *c = NULL;
    struct err e;
    err_clear(&e);
    if (dirldap_open(&op, &c, &e) != 0) {
        note_err(note, "the directory could not be reached", &e);
        return 1;
    }
    struct dir_request rq = {dirldap_server(c), who[0] ? who : NULL, ctx, NULL};
    struct dir_notes notes;
    memset(&notes, 0, sizeof(notes));
    int rc = directory_collect(search_cb, c, &rq, f, &notes, &e);
    dirldap_close(c);
    if (rc != 0) {
        if (strcmp(e.key, "error.memory") == 0)
            return -1;
        note_err(note, "the directory could not be read", &e);
        return 1;
    }
    if (notes.n > 0)
        note_err(note, "part of the directory stayed unknown", &notes.v[0].what);
    return 0;
}
