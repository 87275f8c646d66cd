/* probe_session.c (Windows): the process that collects.
 *
 * - elevated: TokenElevation; system: the token's user is S-1-5-18;
 * - domain_joined: NetGetJoinInformation says NetSetupDomainName;
 * - dc_reachable: DsGetDcNameW finds a DC (DS_RETURN_DNS_NAME), asked in a
 *   worker within the deadline (no answer in time: absent, with a note);
 *   false when not joined;
 * - runas: the process's account differs from the account logged on to the
 *   Windows session it runs in (WTSQuerySessionInformation WTSUserName /
 *   WTSDomainName). That is what RunAs (and "Run as administrator" with
 *   another account's credentials) does: a second logon whose profile gets
 *   no group policy. Elevation of the same account is not RunAs. Session 0
 *   (services, remoting) and SYSTEM have no interactive user to compare
 *   with: false. When the session's user cannot be read: absent.
 * - remote: the process runs in a remote shell whose credentials cannot
 *   reach a third machine (the Kerberos second hop). Signals, any of them:
 *   an ancestor process (up to 16 parents, by the toolhelp snapshot) is
 *   wsmprovhost.exe, the host of a PowerShell remoting (WinRM) session, or
 *   sshd.exe / ssh-shellhost.exe of OpenSSH; or the environment has
 *   SSH_CONNECTION or SSH_CLIENT, which OpenSSH sets for the session. A
 *   missing console window alone is no signal (scheduled tasks, services
 *   and psexec have none, and run with credentials of their own). None of
 *   them: false; the process tree unreadable and no SSH variable: absent.
 * - boot_time: now less GetTickCount64, to the second. The tick count runs
 *   on through sleep and hibernation and restarts only with a full start;
 *   a shutdown with Fast Startup hibernates the kernel session and keeps
 *   the computer account's logon, so it is not a start here either. */
#include "probe_util.h"

#include <dsgetdc.h>
#include <lm.h>
#include <wtsapi32.h>
#include <tlhelp32.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

struct dc_job {
    DWORD rc;
};

static void dc_run(void *p)
{
    struct dc_job *j = p;
    PDOMAIN_CONTROLLER_INFOW info = NULL;
    j->rc = DsGetDcNameW(NULL, NULL, NULL, NULL, DS_RETURN_DNS_NAME, &info);
    if (info)
        NetApiBufferFree(info);
}

static void dc_free(void *p)
{
    free(p);
}

/* Whether the account of the token (SID) is the one logged on to the
 * session: 1 differs, 0 same, -1 unknown. */
static int runas_check(PSID sid)
{
    DWORD sess = 0;
    if (!ProcessIdToSessionId(GetCurrentProcessId(), &sess))
        return -1;
    if (sess == 0)
        return 0;
    LPWSTR user = NULL, dom = NULL;
    DWORD n = 0;
    if (!WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, WTS_CURRENT_SESSION, WTSUserName, &user, &n) ||
        !user)
        return -1;
    if (!user[0]) {
        WTSFreeMemory(user);
        return 0; /* no one logged on interactively */
    }
    if (!WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, WTS_CURRENT_SESSION, WTSDomainName, &dom, &n))
        dom = NULL;
    wchar_t name[256], domain[256];
    DWORD nn = 256, dn = 256;
    SID_NAME_USE use;
    int r = -1;
    if (LookupAccountSidW(NULL, sid, name, &nn, domain, &dn, &use)) {
        bool same_user = _wcsicmp(name, user) == 0;
        /* a session without a domain (Wine) compares by name only */
        bool same_dom = !dom || !dom[0] || _wcsicmp(domain, dom) == 0;
        r = same_user && same_dom ? 0 : 1;
    }
    WTSFreeMemory(user);
    if (dom)
        WTSFreeMemory(dom);
    return r;
}

/* Whether a process among the ancestors of this one is a remote shell's
 * host: 1 yes, 0 no, -1 the process tree cannot be read. */
static int remote_ancestor(void)
{
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snap == INVALID_HANDLE_VALUE)
        return -1;
    static const wchar_t *const hosts[] = {L"wsmprovhost.exe", L"sshd.exe", L"ssh-shellhost.exe"};
    DWORD pid = GetCurrentProcessId();
    int r = 0;
    for (int depth = 0; depth < 16 && r == 0; depth++) {
        PROCESSENTRY32W pe;
        pe.dwSize = sizeof(pe);
        DWORD parent = 0;
        bool found = false;
        for (BOOL ok = Process32FirstW(snap, &pe); ok; ok = Process32NextW(snap, &pe))
            if (pe.th32ProcessID == pid) {
                parent = pe.th32ParentProcessID;
                found = true;
                break;
            }
        if (!found || parent == 0 || parent == pid)
            break;
        pe.dwSize = sizeof(pe);
        for (BOOL ok = Process32FirstW(snap, &pe); ok; ok = Process32NextW(snap, &pe))
            if (pe.th32ProcessID == parent) {
                for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
                    if (_wcsicmp(pe.szExeFile, hosts[i]) == 0)
                        r = 1;
                break;
            }
        pid = parent;
    }
    CloseHandle(snap);
    return r;
}

static void remote_check(struct logon_session *s, struct probe_note *note)
{
    wchar_t v[8];
    if (GetEnvironmentVariableW(L"SSH_CONNECTION", v, 8) > 0 ||
        GetEnvironmentVariableW(L"SSH_CLIENT", v, 8) > 0) {
        s->remote.st = F_SET;
        s->remote.v = true;
        return;
    }
    int r = remote_ancestor();
    if (r < 0) {
        probe_note_add(note, PROBE_SESSION, "remote unknown: the process tree cannot be read");
        return;
    }
    s->remote.st = F_SET;
    s->remote.v = r == 1;
}

int probe_win_session(struct facts *f, const struct probe_env *env, struct probe_note *note)
{
    struct logon_session *s = &f->session;
    HANDLE tok;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok)) {
        probe_note_set(note, PROBE_SESSION, "cannot open the process token (error 0x%08lX)",
                       (unsigned long)probe_code(GetLastError()));
        return 1;
    }
    s->st = F_SET;
    TOKEN_ELEVATION el;
    DWORD n = sizeof(el);
    if (GetTokenInformation(tok, TokenElevation, &el, n, &n)) {
        s->elevated.st = F_SET;
        s->elevated.v = el.TokenIsElevated != 0;
    } else {
        probe_note_add(note, PROBE_SESSION, "elevation unknown (error 0x%08lX)",
                       (unsigned long)probe_code(GetLastError()));
    }
    BYTE buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    n = sizeof(buf);
    PSID sid = NULL;
    if (GetTokenInformation(tok, TokenUser, buf, n, &n)) {
        sid = ((TOKEN_USER *)(void *)buf)->User.Sid;
        s->system.st = F_SET;
        s->system.v = IsWellKnownSid(sid, WinLocalSystemSid) != 0;
    }
    CloseHandle(tok);

    LPWSTR jname = NULL;
    NETSETUP_JOIN_STATUS js = NetSetupUnknownStatus;
    NET_API_STATUS ns = NetGetJoinInformation(NULL, &jname, &js);
    if (jname)
        NetApiBufferFree(jname);
    if (ns == NERR_Success) {
        s->domain_joined.st = F_SET;
        s->domain_joined.v = js == NetSetupDomainName;
    } else {
        probe_note_add(note, PROBE_SESSION, "domain membership unknown (NetGetJoinInformation %lu)",
                       (unsigned long)ns);
    }

    if (s->domain_joined.st == F_SET && !s->domain_joined.v) {
        s->dc_reachable.st = F_SET;
        s->dc_reachable.v = false;
    } else if (s->domain_joined.st == F_SET) {
        struct dc_job *j = calloc(1, sizeof(*j));
        if (!j)
            return -1;
        struct probe_job *job = probe_job_start(dc_run, j, dc_free);
        if (!job) {
            free(j);
            probe_note_add(note, PROBE_SESSION, "dc_reachable: cannot start a worker");
        } else {
            DWORD left = probe_ms_left(env->deadline);
            if (probe_job_wait(job, left)) {
                s->dc_reachable.st = F_SET;
                s->dc_reachable.v = j->rc == ERROR_SUCCESS;
            } else {
                probe_note_add(note, PROBE_SESSION, "dc_reachable: the DC locator did not answer within %lu ms",
                               (unsigned long)env->timeout_ms);
            }
            probe_job_release(job);
        }
    }

    if (s->system.st == F_SET && s->system.v) {
        s->runas.st = F_SET;
        s->runas.v = false;
    } else if (sid) {
        int r = runas_check(sid);
        if (r >= 0) {
            s->runas.st = F_SET;
            s->runas.v = r == 1;
        } else {
            probe_note_add(note, PROBE_SESSION, "runas unknown: the session's user cannot be read");
        }
    }
    remote_check(s, note);
    s->boot_time.st = F_SET;
    s->boot_time.v = platform_now() - (int64_t)(GetTickCount64() / 1000u);
    return 0;
}
