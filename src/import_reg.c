/* import_reg.c: a `reg export` file (REGEDIT 5, UTF-16, or REGEDIT4) ->
 * aepolicy, loglevel, policy_servers: the registry values the live probes
 * read (platform/win32/probe_aepolicy.c, probe_loglevel.c,
 * probe_policy.c), from the keys
 *   HKCU / HKLM \Software\Policies\Microsoft\Cryptography\AutoEnrollment
 *       AEPolicy (DWORD)                       -> aepolicy.user / .machine
 *   HKLM \Software\Microsoft\Cryptography\AutoEnrollment
 *       LogLevel (DWORD)                       -> loglevel
 *   HKCU / HKLM \Software\Policies\Microsoft\Cryptography\PolicyServers\ID
 *   HKCU / HKLM \Software\Microsoft\Cryptography\PolicyServers\ID
 *       URL, PolicyID, FriendlyName (strings), AuthFlags, Cost, Flags
 *       (DWORDs)                               -> policy_servers
 * Key names compare without case (HKEY_CURRENT_USER and HKCU alike).
 *
 * What an export does not show stays absent; what it covers but lacks is
 * null: a value is "not set" when the export's own key (the first key of
 * the file, or any key whose parent the file does not hold) is the key
 * itself or one above it. So `reg export HKLM\SOFTWARE\Policies\Microsoft\
 * Cryptography` without an AutoEnrollment key says AEPolicy is not set for
 * the computer, and says nothing about the user. policy_servers are the
 * servers the file lists; an empty list ("none configured") only when the
 * file covers all four PolicyServers keys, since the list speaks for both
 * contexts.
 *
 * Value lines: "Name"=dword:XXXXXXXX, "Name"="text" (\\ and \" escaped),
 * "Name"=hex(N):bytes, "Name"=hex:bytes (continued with a final \), @=
 * for the default value, "Name"=- (a deletion); [-KEY] deletes a key and
 * says nothing of its values. A line that fits none of them is refused
 * with its line number (error.import.reg). */
#include "import_formats.h"

#include <stdlib.h>
#include <string.h>

#include "polsrv.h"
#include "util.h"

#define REG_MAX_KEYS 4096
#define PS_MAX 64

struct reg {
    const struct import_file *in;
    struct facts *f;
    struct err *e;
    char *roots[64];             /* the export's own keys */
    size_t nroots;
    char *key;                   /* the current key, normalised; NULL: none (or deleted) */
    struct policy_server ps[PS_MAX];
    char *ps_key[PS_MAX];        /* the key of each server */
    size_t nps;
    bool ps_covered;
};

static int fail_line(struct reg *R, size_t line)
{
    err_set(R->e, "error.import.reg");
    err_arg(R->e, "file", "%s", R->in->name);
    return err_arg(R->e, "line", "%zu", line);
}

static int oom(struct reg *R)
{
    err_set(R->e, "error.memory");
    return err_arg(R->e, "file", "%s", R->in->name);
}

/* KEY with its hive spelled short (HKCU, HKLM) and upper-cased, in place. */
static void normalise(char *key)
{
    static const struct {
        const char *longname, *shortname;
    } hives[] = {{"HKEY_CURRENT_USER", "HKCU"}, {"HKEY_LOCAL_MACHINE", "HKLM"}};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(hives[i].longname);
        if (ascii_ncasecmp(key, hives[i].longname, n) == 0 && (key[n] == '\\' || key[n] == '\0')) {
            size_t s = strlen(hives[i].shortname);
            memcpy(key, hives[i].shortname, s);
            memmove(key + s, key + n, strlen(key + n) + 1);
            break;
        }
    }
    for (char *p = key; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
}

/* Whether KEY (normalised) is covered by the export: one of its roots is
 * KEY or above it. */
static bool covered(const struct reg *R, const char *key)
{
    for (size_t i = 0; i < R->nroots; i++) {
        size_t n = strlen(R->roots[i]);
        if (strncmp(R->roots[i], key, n) == 0 && (key[n] == '\0' || key[n] == '\\'))
            return true;
    }
    return false;
}

static const char AE_USER[] = "HKCU\\SOFTWARE\\POLICIES\\MICROSOFT\\CRYPTOGRAPHY\\AUTOENROLLMENT";
static const char AE_MACHINE[] = "HKLM\\SOFTWARE\\POLICIES\\MICROSOFT\\CRYPTOGRAPHY\\AUTOENROLLMENT";
static const char LOGLEVEL_KEY[] = "HKLM\\SOFTWARE\\MICROSOFT\\CRYPTOGRAPHY\\AUTOENROLLMENT";

static const struct {
    const char *key;
    enum ctx ctx;
    const char *source;
} PS_ROOTS[] = {
    {"HKCU\\SOFTWARE\\POLICIES\\MICROSOFT\\CRYPTOGRAPHY\\POLICYSERVERS", CTX_USER, "policy"},
    {"HKLM\\SOFTWARE\\POLICIES\\MICROSOFT\\CRYPTOGRAPHY\\POLICYSERVERS", CTX_MACHINE, "policy"},
    {"HKCU\\SOFTWARE\\MICROSOFT\\CRYPTOGRAPHY\\POLICYSERVERS", CTX_USER, "local"},
    {"HKLM\\SOFTWARE\\MICROSOFT\\CRYPTOGRAPHY\\POLICYSERVERS", CTX_MACHINE, "local"},
};

/* The policy server of KEY (a subkey of a PolicyServers root), made when
 * first seen; NULL when KEY is none (or too many). */
static struct policy_server *server_of(struct reg *R, const char *key)
{
    for (size_t r = 0; r < sizeof(PS_ROOTS) / sizeof(PS_ROOTS[0]); r++) {
        size_t n = strlen(PS_ROOTS[r].key);
        if (strncmp(key, PS_ROOTS[r].key, n) != 0 || key[n] != '\\' || strchr(key + n + 1, '\\'))
            continue;
        for (size_t i = 0; i < R->nps; i++)
            if (strcmp(R->ps_key[i], key) == 0)
                return &R->ps[i];
        if (R->nps == PS_MAX)
            return NULL;
        struct policy_server *ps = &R->ps[R->nps];
        memset(ps, 0, sizeof(*ps));
        ps->ctx_st = F_SET;
        ps->ctx = PS_ROOTS[r].ctx;
        ps->source.st = F_SET;
        ps->source.v = PS_ROOTS[r].source;
        ps->url.st = ps->id.st = ps->name.st = ps->auth.st = F_NULL;
        ps->cost.st = ps->flags.st = F_NULL;
        if (!(R->ps_key[R->nps] = arena_strdup(&R->f->arena, key)))
            return NULL;
        R->nps++;
        return ps;
    }
    return NULL;
}

/* A value: its name, and either a DWORD (IS_DWORD) or a string (TEXT). */
struct value {
    const char *name;
    bool is_dword, is_string, deleted;
    uint32_t dword;
    const char *text;
};

static void apply(struct reg *R, const struct value *v)
{
    if (!R->key)
        return;
    struct opt_int *target = NULL;
    if (strcmp(R->key, AE_USER) == 0 && ascii_casecmp(v->name, "AEPolicy") == 0)
        target = &R->f->aepolicy[CTX_USER];
    else if (strcmp(R->key, AE_MACHINE) == 0 && ascii_casecmp(v->name, "AEPolicy") == 0)
        target = &R->f->aepolicy[CTX_MACHINE];
    else if (strcmp(R->key, LOGLEVEL_KEY) == 0 && ascii_casecmp(v->name, "LogLevel") == 0)
        target = &R->f->loglevel;
    if (target) {
        /* only a DWORD counts, as the live probe reads it */
        target->st = v->is_dword && !v->deleted ? F_SET : F_NULL;
        target->v = v->dword;
        return;
    }
    struct policy_server *ps = server_of(R, R->key);
    if (!ps)
        return;
    struct opt_str *s = ascii_casecmp(v->name, "URL") == 0            ? &ps->url
                        : ascii_casecmp(v->name, "PolicyID") == 0     ? &ps->id
                        : ascii_casecmp(v->name, "FriendlyName") == 0 ? &ps->name
                                                                      : NULL;
    if (s && v->is_string && !v->deleted) {
        s->st = F_SET;
        s->v = v->text;
        return;
    }
    if (!v->is_dword || v->deleted)
        return;
    if (ascii_casecmp(v->name, "Cost") == 0) {
        ps->cost.st = F_SET;
        ps->cost.v = v->dword;
    } else if (ascii_casecmp(v->name, "Flags") == 0) {
        ps->flags.st = F_SET;
        ps->flags.v = v->dword;
    } else if (ascii_casecmp(v->name, "AuthFlags") == 0) {
        const char *m = polsrv_auth(v->dword);
        ps->auth.st = m ? F_SET : F_NULL;
        ps->auth.v = m;
    }
}

/* Reads a quoted string at *PP (past the opening quote) into the arena,
 * unescaping \\ and \". Returns it, or NULL when it does not close on the
 * line (*PP past the closing quote). */
static char *quoted(struct reg *R, char **pp, bool *bad)
{
    char *p = *pp, *w = p, *start = p;
    *bad = false;
    for (;;) {
        if (*p == '\0' || *p == '\n' || *p == '\r') {
            *bad = true;
            return NULL;
        }
        if (*p == '\\' && (p[1] == '\\' || p[1] == '"')) {
            *w++ = p[1];
            p += 2;
            continue;
        }
        if (*p == '"')
            break;
        *w++ = *p++;
    }
    *pp = p + 1;
    char *s = arena_strndup(&R->f->arena, start, (size_t)(w - start));
    return s;
}

/* Whether the text from P to the end of the line is blank. */
static bool rest_blank(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
    return *p == '\0' || *p == '\n';
}

/* The hex bytes of a hex value from *PP on, over continuation lines
 * (counted in *LINE); returns 0 and skips them, or -1 when malformed. The
 * bytes are not needed: none of the values read is a binary one. */
static int skip_hex(char **pp, size_t *line)
{
    char *p = *pp;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (hex_digit(p[0]) >= 0 && hex_digit(p[1]) >= 0) {
            p += 2;
            if (*p == ',') {
                p++;
                continue;
            }
        }
        if (*p == '\\') {
            p++;
            while (*p == ' ' || *p == '\t' || *p == '\r')
                p++;
            if (*p != '\n')
                return -1;
            p++;
            (*line)++;
            continue;
        }
        if (!rest_blank(p))
            return -1;
        *pp = p;
        return 0;
    }
}

static int value_line(struct reg *R, char **pp, size_t *line)
{
    char *p = *pp;
    struct value v;
    memset(&v, 0, sizeof(v));
    bool bad = false;
    if (*p == '@') {
        v.name = "";
        p++;
    } else {
        p++; /* the opening quote */
        v.name = quoted(R, &p, &bad);
        if (!v.name)
            return bad ? fail_line(R, *line) : oom(R);
    }
    if (*p != '=')
        return fail_line(R, *line);
    p++;
    if (*p == '-') {
        v.deleted = true;
        p++;
    } else if (*p == '"') {
        p++;
        v.text = quoted(R, &p, &bad);
        if (!v.text)
            return bad ? fail_line(R, *line) : oom(R);
        v.is_string = true;
    } else if (ascii_startswith_ci(p, "dword:")) {
        p += 6;
        uint32_t d = 0;
        int k = 0;
        for (; k < 8 && hex_digit(*p) >= 0; k++, p++)
            d = d << 4 | (uint32_t)hex_digit(*p);
        if (k != 8)
            return fail_line(R, *line);
        v.is_dword = true;
        v.dword = d;
    } else if (ascii_startswith_ci(p, "hex")) {
        p += 3;
        if (*p == '(') {
            while (*p && *p != ')' && *p != '\n')
                p++;
            if (*p != ')')
                return fail_line(R, *line);
            p++;
        }
        if (*p != ':' || (p++, skip_hex(&p, line) != 0))
            return fail_line(R, *line);
    } else {
        return fail_line(R, *line);
    }
    if (!rest_blank(p))
        return fail_line(R, *line);
    apply(R, &v);
    *pp = p;
    return 0;
}

static int key_line(struct reg *R, char *p, size_t line)
{
    bool del = p[1] == '-';
    char *start = p + (del ? 2 : 1);
    char *end = strchr(start, ']');
    if (!end || end == start || !rest_blank(end + 1))
        return fail_line(R, line);
    char *key = arena_strndup(&R->f->arena, start, (size_t)(end - start));
    if (!key)
        return oom(R);
    normalise(key);
    if (del) {
        R->key = NULL;
        return 0;
    }
    R->key = key;
    /* a key whose parent the file does not hold is one the export began at */
    char *slash = strrchr(key, '\\');
    bool child = false;
    if (slash) {
        size_t n = (size_t)(slash - key);
        for (size_t i = 0; i < R->nroots && !child; i++)
            child = strncmp(R->roots[i], key, strlen(R->roots[i])) == 0 && strlen(R->roots[i]) <= n;
    }
    if (!child && R->nroots < sizeof(R->roots) / sizeof(R->roots[0]))
        R->roots[R->nroots++] = key;
    return 0;
}

int import_read_reg(const struct import_file *in, struct facts **out, struct err *e)
{
    *out = NULL;
    struct reg R;
    memset(&R, 0, sizeof(R));
    R.in = in;
    R.e = e;
    R.f = facts_new();
    if (!R.f)
        return oom(&R);
    char *text = in->text ? str_dup(in->text) : NULL;
    if (!text) {
        facts_free(R.f);
        return in->text ? oom(&R) : fail_line(&R, 1);
    }
    int rc = 0;
    size_t line = 1;
    char *p = text;
    /* the header */
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        line += *p++ == '\n';
    if (!ascii_startswith_ci(p, "Windows Registry Editor Version 5.00") && !ascii_startswith_ci(p, "REGEDIT4"))
        rc = fail_line(&R, line);
    while (rc == 0 && *p) {
        char *nl = strchr(p, '\n');
        if (!nl)
            nl = p + strlen(p);
        char *q = p;
        while (*q == ' ' || *q == '\t')
            q++;
        size_t at = line;
        if (*q == '[') {
            rc = key_line(&R, q, at);
        } else if (*q == '"' || *q == '@') {
            rc = value_line(&R, &q, &line);
            if (rc == 0) {
                nl = strchr(q, '\n');
                if (!nl)
                    nl = q + strlen(q);
            }
        } else if (p != text && !rest_blank(q) && *q != ';' && !ascii_startswith_ci(q, "Windows Registry") &&
                   !ascii_startswith_ci(q, "REGEDIT4")) {
            rc = fail_line(&R, at);
        }
        if (*nl == '\0')
            break;
        p = nl + 1;
        line++;
    }
    if (rc == 0) {
        /* covered but not given: null */
        struct opt_int *ae[2] = {&R.f->aepolicy[CTX_USER], &R.f->aepolicy[CTX_MACHINE]};
        const char *aek[2] = {AE_USER, AE_MACHINE};
        for (int c = 0; c < 2; c++)
            if (ae[c]->st == F_ABSENT && covered(&R, aek[c]))
                ae[c]->st = F_NULL;
        if (R.f->loglevel.st == F_ABSENT && covered(&R, LOGLEVEL_KEY))
            R.f->loglevel.st = F_NULL;
        /* "none configured" needs all four places; servers found count alone */
        bool ps_cov = true;
        for (size_t r = 0; r < sizeof(PS_ROOTS) / sizeof(PS_ROOTS[0]); r++)
            ps_cov = ps_cov && covered(&R, PS_ROOTS[r].key);
        size_t n = 0;
        for (size_t i = 0; i < R.nps; i++)
            if (R.ps[i].url.st == F_SET)
                R.ps[n++] = R.ps[i];
        if (ps_cov || n > 0) {
            R.f->policy_servers = arena_calloc(&R.f->arena, n ? n : 1, sizeof(*R.f->policy_servers));
            if (!R.f->policy_servers) {
                rc = oom(&R);
            } else {
                memcpy(R.f->policy_servers, R.ps, n * sizeof(*R.ps));
                polsrv_mark_defaults(R.f->policy_servers, n);
                R.f->npolicy_servers = n;
                R.f->policy_servers_st = F_SET;
            }
        }
    }
    free(text);
    if (rc != 0) {
        facts_free(R.f);
        return -1;
    }
    *out = R.f;
    return 0;
}
