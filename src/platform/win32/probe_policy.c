/* probe_policy.c (Windows): the enrollment policy servers configured for
 * the user (HKCU) and the computer (HKLM), from Group Policy
 * (Software\Policies\Microsoft\Cryptography\PolicyServers) and locally
 * (Software\Microsoft\Cryptography\PolicyServers). Each subkey is one
 * server: URL ("LDAP:" = the Active Directory policy, RPC/DCOM; a CEP's
 * https URL), PolicyID, FriendlyName, Flags, AuthFlags, Cost. The client
 * tries the servers of a context by cost, lowest first; that one is the
 * default here (Group Policy before local on equal cost). */
#include "probe_util.h"

#include "../../polsrv.h"

#include <stdlib.h>
#include <string.h>

#define PS_MAX 64

struct ps_root {
    const wchar_t *root_name;
    const wchar_t *key;
    enum ctx ctx;
    const char *source;
};

static const struct ps_root ROOTS[] = {
    {L"HKCU", L"Software\\Policies\\Microsoft\\Cryptography\\PolicyServers", CTX_USER, "policy"},
    {L"HKLM", L"Software\\Policies\\Microsoft\\Cryptography\\PolicyServers", CTX_MACHINE, "policy"},
    {L"HKCU", L"Software\\Microsoft\\Cryptography\\PolicyServers", CTX_USER, "local"},
    {L"HKLM", L"Software\\Microsoft\\Cryptography\\PolicyServers", CTX_MACHINE, "local"},
};

/* A REG_SZ / REG_EXPAND_SZ value NAME of K into OUT (F_NULL when not set). */
static int ps_str(struct arena *a, HKEY k, const wchar_t *name, struct opt_str *out)
{
    wchar_t buf[1024];
    DWORD type = 0, size = sizeof(buf) - sizeof(wchar_t);
    LSTATUS rc = RegQueryValueExW(k, name, NULL, &type, (BYTE *)buf, &size);
    if (rc != ERROR_SUCCESS || (type != REG_SZ && type != REG_EXPAND_SZ)) {
        out->st = F_NULL;
        return 0;
    }
    buf[size / sizeof(wchar_t)] = L'\0';
    return probe_set_wstr(a, out, buf);
}

/* A REG_DWORD value NAME of K into OUT (F_NULL when not set). */
static void ps_dword(HKEY k, const wchar_t *name, struct opt_int *out)
{
    DWORD v = 0, type = 0, size = sizeof(v);
    LSTATUS rc = RegQueryValueExW(k, name, NULL, &type, (BYTE *)&v, &size);
    out->st = rc == ERROR_SUCCESS && type == REG_DWORD ? F_SET : F_NULL;
    out->v = (int64_t)v;
}

static int ps_read_one(struct arena *a, HKEY k, const struct ps_root *r, struct policy_server *ps)
{
    if (ps_str(a, k, L"URL", &ps->url) || ps_str(a, k, L"PolicyID", &ps->id) ||
        ps_str(a, k, L"FriendlyName", &ps->name))
        return -1;
    struct opt_int auth;
    ps_dword(k, L"AuthFlags", &auth);
    ps_dword(k, L"Cost", &ps->cost);
    ps_dword(k, L"Flags", &ps->flags);
    ps->ctx_st = F_SET;
    ps->ctx = r->ctx;
    ps->source.st = F_SET;
    ps->source.v = r->source;
    const char *m = auth.st == F_SET ? polsrv_auth(auth.v) : NULL;
    ps->auth.st = m ? F_SET : F_NULL;
    ps->auth.v = m;
    return 0;
}

/* Reads the servers under R into V (at most PS_MAX in all, *N so far).
 * Returns 0, 1 when the key cannot be read (noted), -1 out of memory. */
static int ps_read_root(struct arena *a, HKEY root, const struct ps_root *r, struct policy_server *v,
                        size_t *n, struct probe_note *note)
{
    HKEY k;
    LSTATUS rc = RegOpenKeyExW(root, r->key, 0, KEY_READ | KEY_WOW64_64KEY, &k);
    if (rc == ERROR_FILE_NOT_FOUND || rc == ERROR_PATH_NOT_FOUND)
        return 0;
    if (rc != ERROR_SUCCESS) {
        probe_note_add(note, PROBE_POLICY_SERVERS, "%ls\\%ls: cannot open the key (error 0x%08lX)",
                       r->root_name, r->key, (unsigned long)probe_code((uint32_t)rc));
        return 1;
    }
    int ret = 0;
    for (DWORD i = 0; *n < PS_MAX; i++) {
        wchar_t sub[256];
        DWORD len = sizeof(sub) / sizeof(sub[0]);
        rc = RegEnumKeyExW(k, i, sub, &len, NULL, NULL, NULL, NULL);
        if (rc != ERROR_SUCCESS)
            break;
        HKEY sk;
        if (RegOpenKeyExW(k, sub, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &sk) != ERROR_SUCCESS)
            continue;
        memset(&v[*n], 0, sizeof(v[*n]));
        int rr = ps_read_one(a, sk, r, &v[*n]);
        RegCloseKey(sk);
        if (rr != 0) {
            ret = -1;
            break;
        }
        if (v[*n].url.st == F_SET)
            (*n)++;
    }
    RegCloseKey(k);
    return ret;
}

int probe_win_policy_servers(struct facts *f, const struct probe_env *env, struct probe_note *note)
{
    (void)env;
    struct policy_server *v = arena_calloc(&f->arena, PS_MAX, sizeof(*v));
    if (!v)
        return -1;
    size_t n = 0;
    int bad = 0;
    for (size_t i = 0; i < sizeof(ROOTS) / sizeof(ROOTS[0]); i++) {
        HKEY root = ROOTS[i].ctx == CTX_USER ? HKEY_CURRENT_USER : HKEY_LOCAL_MACHINE;
        int rc = ps_read_root(&f->arena, root, &ROOTS[i], v, &n, note);
        if (rc < 0)
            return -1;
        bad += rc;
    }
    if (bad == (int)(sizeof(ROOTS) / sizeof(ROOTS[0])))
        return 1;
    polsrv_mark_defaults(v, n);
    f->policy_servers_st = F_SET;
    f->npolicy_servers = n;
    f->policy_servers = v;
    return 0;
}
