/* probe_identity.c (Windows): the account that enrolls, read from this
 * process's token.
 *
 * - Run by a user: identity.user = the token's user (name "DOMAIN\name" by
 *   LookupAccountSidW, SID) and its groups. token_groups holds the groups
 *   that are enabled and those that are deny-only (a UAC-filtered token
 *   keeps Administrators and Domain Admins deny-only; the Kerberos ticket
 *   the CA sees still carries them), without the logon SID and the
 *   integrity label, which are no memberships. logon_time: the LogonTime
 *   of the token's logon session (TokenStatistics' AuthenticationId,
 *   LsaGetLogonSessionData); Wine's semi-stub leaves it zero, which stays
 *   absent with a note.
 * - Run as SYSTEM: identity.machine = the computer account ("DOMAIN\HOST$"
 *   by GetComputerObjectNameW, its SID by LookupAccountNameW when the
 *   directory answers). Its token_groups stay absent: the SYSTEM token
 *   holds local groups only, not the computer's Kerberos groups.
 *   identity.user stays absent then (no user token here).
 * directory_groups, not_delegated and mail are the directory's (absent). */
#include "probe_util.h"

#define SECURITY_WIN32
#include <security.h>
#include <ntsecapi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The token information CLS of the current process, malloc'd; NULL on failure. */
static void *token_info(HANDLE tok, TOKEN_INFORMATION_CLASS cls)
{
    DWORD n = 0;
    GetTokenInformation(tok, cls, NULL, 0, &n);
    if (n == 0)
        return NULL;
    void *p = malloc(n);
    if (p && !GetTokenInformation(tok, cls, p, n, &n)) {
        free(p);
        return NULL;
    }
    return p;
}

/* SID as "S-1-5-21-...". (<sddl.h>'s ConvertSidToStringSidW is out of
 * reach: the project's own src/sddl.h shadows that header name.) */
static int sid_str(struct arena *a, PSID sid, const char **out)
{
    if (!sid || !IsValidSid(sid))
        return 1;
    const SID_IDENTIFIER_AUTHORITY *ia = GetSidIdentifierAuthority(sid);
    uint64_t auth = 0;
    for (int i = 0; i < 6; i++)
        auth = (auth << 8) | ia->Value[i];
    char buf[256];
    int n = snprintf(buf, sizeof(buf), "S-1-%llu", (unsigned long long)auth);
    UCHAR cnt = *GetSidSubAuthorityCount(sid);
    for (UCHAR i = 0; i < cnt && n > 0 && (size_t)n < sizeof(buf); i++)
        n += snprintf(buf + n, sizeof(buf) - (size_t)n, "-%lu", (unsigned long)*GetSidSubAuthority(sid, i));
    if (n <= 0 || (size_t)n >= sizeof(buf))
        return 1;
    char *s = arena_strdup(a, buf);
    if (!s)
        return -1;
    *out = s;
    return 0;
}

/* "DOMAIN\name" of SID into A; 1 when it cannot be resolved. */
static int sid_name(struct arena *a, PSID sid, struct opt_str *out)
{
    wchar_t name[256], dom[256], full[520];
    DWORD nn = 256, dn = 256;
    SID_NAME_USE use;
    if (!LookupAccountSidW(NULL, sid, name, &nn, dom, &dn, &use))
        return 1;
    full[0] = L'\0';
    if (dom[0]) {
        wcscpy(full, dom);
        wcscat(full, L"\\");
    }
    wcscat(full, name);
    return probe_set_wstr(a, out, full);
}

static int user_groups(struct arena *a, HANDLE tok, struct str_list *out)
{
    TOKEN_GROUPS *tg = token_info(tok, TokenGroups);
    if (!tg)
        return 1;
    const char **v = arena_calloc(a, tg->GroupCount ? tg->GroupCount : 1, sizeof(*v));
    if (!v) {
        free(tg);
        return -1;
    }
    size_t n = 0;
    for (DWORD i = 0; i < tg->GroupCount; i++) {
        DWORD at = tg->Groups[i].Attributes;
        if (at & (SE_GROUP_LOGON_ID | SE_GROUP_INTEGRITY))
            continue;
        if (!(at & (SE_GROUP_ENABLED | SE_GROUP_USE_FOR_DENY_ONLY)))
            continue;
        const char *s = NULL;
        int rc = sid_str(a, tg->Groups[i].Sid, &s);
        if (rc < 0) {
            free(tg);
            return -1;
        }
        bool dup = false;
        for (size_t k = 0; rc == 0 && k < n; k++)
            dup = dup || strcmp(v[k], s) == 0;
        if (rc == 0 && !dup)
            v[n++] = s;
    }
    free(tg);
    out->st = F_SET;
    out->n = n;
    out->v = v;
    return 0;
}

/* When the logon session of TOK began, into OUT; 1 with a note when it
 * cannot be read. */
static int logon_time(HANDLE tok, struct opt_time *out, struct probe_note *note)
{
    TOKEN_STATISTICS ts;
    DWORD n = sizeof(ts);
    if (!GetTokenInformation(tok, TokenStatistics, &ts, n, &n)) {
        probe_note_add(note, PROBE_IDENTITY, "logon_time unknown: no token statistics (error 0x%08lX)",
                       (unsigned long)probe_code(GetLastError()));
        return 1;
    }
    PSECURITY_LOGON_SESSION_DATA d = NULL;
    NTSTATUS st = LsaGetLogonSessionData(&ts.AuthenticationId, &d);
    if (st != 0 || !d) {
        probe_note_add(note, PROBE_IDENTITY, "logon_time unknown (LsaGetLogonSessionData 0x%08lX)",
                       (unsigned long)st);
        return 1;
    }
    FILETIME ft;
    ft.dwLowDateTime = (DWORD)(d->LogonTime.QuadPart & 0xffffffff);
    ft.dwHighDateTime = (DWORD)((unsigned long long)d->LogonTime.QuadPart >> 32);
    bool filled = d->LogonTime.QuadPart > 0;
    LsaFreeReturnBuffer(d);
    if (!filled) {
        probe_note_add(note, PROBE_IDENTITY, "logon_time unknown: the logon session carries no logon time%s",
                       probe_is_wine() ? " (Wine leaves it empty)" : "");
        return 1;
    }
    out->st = F_SET;
    out->v = probe_filetime_to_unix(&ft);
    return 0;
}

static int machine_identity(struct facts *f, struct probe_note *note)
{
    struct identity *id = &f->identity[CTX_MACHINE];
    wchar_t name[512];
    ULONG n = 512;
    if (!GetComputerObjectNameW(NameSamCompatible, name, &n)) {
        probe_note_add(note, PROBE_IDENTITY,
                       "running as SYSTEM: the computer account is unknown (GetComputerObjectName error 0x%08lX)",
                       (unsigned long)probe_code(GetLastError()));
        return 1;
    }
    id->st = F_SET;
    if (probe_set_wstr(&f->arena, &id->name, name) != 0)
        return -1;
    BYTE sid[SECURITY_MAX_SID_SIZE];
    DWORD sn = sizeof(sid);
    wchar_t dom[256];
    DWORD dn = 256;
    SID_NAME_USE use;
    if (LookupAccountNameW(NULL, name, sid, &sn, dom, &dn, &use)) {
        const char *s = NULL;
        int rc = sid_str(&f->arena, sid, &s);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            id->sid.st = F_SET;
            id->sid.v = s;
        }
    } else {
        probe_note_add(note, PROBE_IDENTITY, "the computer account's SID is unknown (error 0x%08lX)",
                       (unsigned long)probe_code(GetLastError()));
    }
    probe_note_add(note, PROBE_IDENTITY,
                   "identity.machine.token_groups: not readable from the SYSTEM token; identity.user: no "
                   "user token when running as SYSTEM");
    return 0;
}

int probe_win_identity(struct facts *f, const struct probe_env *env, struct probe_note *note)
{
    (void)env;
    HANDLE tok;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok)) {
        probe_note_set(note, PROBE_IDENTITY, "cannot open the process token (error 0x%08lX)",
                       (unsigned long)probe_code(GetLastError()));
        return 1;
    }
    TOKEN_USER *tu = token_info(tok, TokenUser);
    if (!tu) {
        CloseHandle(tok);
        probe_note_set(note, PROBE_IDENTITY, "cannot read the token's user (error 0x%08lX)",
                       (unsigned long)probe_code(GetLastError()));
        return 1;
    }
    int rc;
    if (IsWellKnownSid(tu->User.Sid, WinLocalSystemSid)) {
        rc = machine_identity(f, note);
    } else {
        struct identity *id = &f->identity[CTX_USER];
        id->st = F_SET;
        const char *s = NULL;
        rc = sid_str(&f->arena, tu->User.Sid, &s);
        if (rc == 0) {
            id->sid.st = F_SET;
            id->sid.v = s;
            int r2 = sid_name(&f->arena, tu->User.Sid, &id->name);
            if (r2 < 0)
                rc = -1;
            else if (r2 > 0)
                probe_note_add(note, PROBE_IDENTITY, "the account's name is unknown (error 0x%08lX)",
                               (unsigned long)probe_code(GetLastError()));
        }
        if (rc == 0) {
            int r3 = user_groups(&f->arena, tok, &id->token_groups);
            if (r3 < 0)
                rc = -1;
            else if (r3 > 0)
                probe_note_add(note, PROBE_IDENTITY, "the token's groups are unknown (error 0x%08lX)",
                               (unsigned long)probe_code(GetLastError()));
            logon_time(tok, &id->logon_time, note);
        }
        if (rc > 0)
            id->st = F_ABSENT;
    }
    free(tu);
    CloseHandle(tok);
    return rc;
}
