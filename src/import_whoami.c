/* import_whoami.c: `whoami /groups /fo csv`, `whoami /user /fo csv` and
 * `whoami /all /fo csv` -> identity.user: name, sid, token_groups.
 *
 * whoami writes one CSV table per part (/all: user, groups, privileges,
 * with localized headings and underlines between them). The column headers
 * are localized too ("Group Name" / "Gruppenname"), except SID: a table is
 * read by its SID column, any language. The user table has two columns
 * (name, SID), the group table four (name, type, SID, attributes); the
 * privileges table has no SID column and is skipped.
 *
 * token_groups keep what the live probe keeps (probe_identity.c): every
 * group, deny-only ones too (the Kerberos ticket the CA sees carries
 * them), without the logon SID (S-1-5-5-X-Y) and the integrity label
 * (S-1-16-...), which are no memberships.
 *
 * whoami run as SYSTEM (user SID S-1-5-18) shows SYSTEM's local token, not
 * the computer account's Kerberos groups: refused with a line that says
 * so (error.import.whoami-system). */
#include "import_formats.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "util.h"

static int fail_line(struct err *e, const char *key, const char *name, size_t line)
{
    err_set(e, key);
    err_arg(e, "file", "%s", name);
    return err_arg(e, "line", "%zu", line);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool kept_group(const char *sid)
{
    return strncmp(sid, "S-1-5-5-", 8) != 0 && strncmp(sid, "S-1-16-", 7) != 0;
}

int import_read_whoami(const struct import_file *in, struct facts **out, struct err *e)
{
    *out = NULL;
    if (!in->text)
        return fail_line(e, "error.import.whoami", in->name, 1);
    char *text = str_dup(in->text);
    struct facts *f = facts_new();
    const char **groups = calloc(in->text_len / 8 + 1, sizeof(*groups));
    if (!text || !f || !groups) {
        free(text);
        free((void *)groups);
        facts_free(f);
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", in->name);
    }
    struct identity *id = &f->identity[CTX_USER];
    size_t ng = 0;
    int sid_col = -1;            /* the SID column of the table being read, -1: none */
    size_t ncols = 0;
    bool user_table = false, any_table = false;
    int rc = 0;
    struct csv c = {text, text + strlen(text), 1};
    while (rc == 0 && *c.p) {
        size_t line = c.line;
        const char *lp = c.p;
        while (*lp == ' ' || *lp == '\t')
            lp++;
        if (*lp != '"') {
            /* a heading, an underline or a blank line: the table ends */
            sid_col = -1;
            char *nl = strchr(c.p, '\n');
            c.p = nl ? nl + 1 : c.p + strlen(c.p);
            c.line++;
            continue;
        }
        struct csv_field fl[8];
        size_t n = 0;
        bool blank;
        int r = csv_record(&c, fl, 8, &n, &blank);
        if (r != REC_OK) {
            rc = fail_line(e, "error.import.whoami", in->name, line);
            break;
        }
        if (sid_col < 0) {
            /* a header: which column is SID? */
            for (size_t k = 0; k < n && k < 8; k++)
                if (ascii_casecmp(csv_trim(&fl[k]), "SID") == 0)
                    sid_col = (int)k;
            if (sid_col >= 0) {
                ncols = n;
                user_table = n == 2;
                any_table = true;
            } else {
                sid_col = -2; /* a table without SIDs (privileges): its rows are skipped */
                ncols = n;
            }
            continue;
        }
        if (sid_col == -2)
            continue;
        if (n != ncols) {
            rc = fail_line(e, "error.import.whoami", in->name, line);
            break;
        }
        const char *sid = csv_trim(&fl[sid_col]);
        if (!sid_string_valid(sid)) {
            rc = fail_line(e, "error.import.whoami-sid", in->name, line);
            err_arg(e, "value", "%s", sid);
            break;
        }
        if (user_table) {
            if (strcmp(sid, "S-1-5-18") == 0) {
                rc = fail_line(e, "error.import.whoami-system", in->name, line);
                break;
            }
            const char *name = csv_trim(&fl[sid_col == 0 ? 1 : 0]);
            id->st = F_SET;
            id->sid.st = F_SET;
            id->name.st = name[0] ? F_SET : F_ABSENT;
            if (!(id->sid.v = arena_strdup(&f->arena, sid)) ||
                (name[0] && !(id->name.v = arena_strdup(&f->arena, name))))
                rc = -2;
        } else if (kept_group(sid)) {
            bool dup = false;
            for (size_t k = 0; k < ng && !dup; k++)
                dup = strcmp(groups[k], sid) == 0;
            if (!dup && !(groups[ng++] = arena_strdup(&f->arena, sid)))
                rc = -2;
        }
    }
    if (rc == 0 && !any_table)
        rc = fail_line(e, "error.import.whoami", in->name, 1);
    if (rc == 0 && ng > 0) {
        qsort((void *)groups, ng, sizeof(*groups), cmp_str);
        id->st = F_SET;
        id->token_groups.st = F_SET;
        id->token_groups.n = ng;
        id->token_groups.v = arena_calloc(&f->arena, ng, sizeof(*id->token_groups.v));
        if (!id->token_groups.v)
            rc = -2;
        else
            memcpy((void *)id->token_groups.v, groups, ng * sizeof(*groups));
    }
    if (rc == -2) {
        err_set(e, "error.memory");
        err_arg(e, "file", "%s", in->name);
        rc = -1;
    }
    free(text);
    free((void *)groups);
    if (rc != 0) {
        facts_free(f);
        return -1;
    }
    *out = f;
    return 0;
}
