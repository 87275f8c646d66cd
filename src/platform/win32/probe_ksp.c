/* probe_ksp.c (Windows): can the providers the template asks for make a
 * key pair? Like `certutil -csp NAME -csptest`: open the provider, create a
 * persisted RSA 2048 key under a throw-away name, finalize it, delete it.
 * Tested: the template of interest's providers (pKIDefaultCSPs, from the
 * directory, which the session reads before this probe), at most
 * MAX_PROVIDERS of them; when the template is unknown or names none, the
 * client's default, "Microsoft Software Key Storage Provider". A name that
 * is no key storage provider (NCrypt: NTE_BAD_PROVIDER, a legacy CSP such as
 * "Microsoft Enhanced Cryptographic Provider v1.0") is tested through CAPI
 * with its registered type (CryptEnumProviders): CRYPT_NEWKEYSET, a 2048-bit
 * exchange key, CRYPT_DELETEKEYSET.
 *
 * The key store is the context's: machine keys (NCRYPT_MACHINE_KEY_FLAG,
 * CRYPT_MACHINE_KEYSET) in machine context, or when the context is not
 * known and the process runs as SYSTEM; each test records it. A machine
 * key refused to a process that is not elevated (access denied) is no
 * result: it says nothing about the provider, and is noted.
 *
 * Each test runs in a worker of its own within the deadline, which
 * src/platform/win32/probe.c stretches to PROBE_KSP_TIMEOUT_MS for this
 * group: a TPM can take many seconds for a 2048-bit key. A test that does
 * not end in time is ERROR_TIMEOUT.
 *
 * Under Wine: not tested. Wine's ncrypt opens any provider name and makes
 * only ephemeral keys (shared/WINE.md 5), so its "success" says nothing;
 * the group stays unknown with a note. NCryptEnumStorageProviders is never
 * called: it crashes under Wine. */
#include "probe_util.h"

#include <ncrypt.h>
#include <wincrypt.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_KSP L"Microsoft Software Key Storage Provider"
#define MAX_PROVIDERS 8

struct ksp_job {
    wchar_t *provider;           /* malloc'd, owned by the job */
    bool machine;
    SECURITY_STATUS rc;
};

/* The throw-away key name: unique per process and call. */
static void key_name(wchar_t *name, size_t n)
{
    swprintf(name, n, L"enrolldoc-csptest-%lu-%lu", (unsigned long)GetCurrentProcessId(),
             (unsigned long)GetTickCount());
}

/* A legacy CSP through CAPI: its type from the registered providers. */
static SECURITY_STATUS capi_test(const wchar_t *provider, bool machine)
{
    DWORD type = 0;
    bool found = false;
    for (DWORD i = 0; !found; i++) {
        wchar_t name[256];
        DWORD t = 0, n = sizeof(name);
        if (!CryptEnumProvidersW(i, NULL, 0, &t, name, &n))
            break;
        if (_wcsicmp(name, provider) == 0) {
            type = t;
            found = true;
        }
    }
    if (!found)
        return NTE_PROV_DLL_NOT_FOUND;
    wchar_t container[96];
    key_name(container, sizeof(container) / sizeof(container[0]));
    DWORD flags = machine ? CRYPT_MACHINE_KEYSET : 0;
    HCRYPTPROV h = 0;
    if (!CryptAcquireContextW(&h, container, provider, type, flags | CRYPT_NEWKEYSET | CRYPT_SILENT))
        return (SECURITY_STATUS)probe_code(GetLastError());
    HCRYPTKEY k = 0;
    SECURITY_STATUS st = ERROR_SUCCESS;
    if (!CryptGenKey(h, AT_KEYEXCHANGE, (2048u << 16), &k))
        st = (SECURITY_STATUS)probe_code(GetLastError());
    if (k)
        CryptDestroyKey(k);
    CryptReleaseContext(h, 0);
    HCRYPTPROV del = 0;
    CryptAcquireContextW(&del, container, provider, type, flags | CRYPT_DELETEKEYSET | CRYPT_SILENT);
    return st;
}

static void ksp_run(void *p)
{
    struct ksp_job *j = p;
    NCRYPT_PROV_HANDLE prov = 0;
    NCRYPT_KEY_HANDLE key = 0;
    wchar_t name[96];
    SECURITY_STATUS st = NCryptOpenStorageProvider(&prov, j->provider, 0);
    if (st == NTE_BAD_PROVIDER || st == NTE_PROV_DLL_NOT_FOUND) {
        j->rc = capi_test(j->provider, j->machine);
        return;
    }
    if (st == ERROR_SUCCESS) {
        key_name(name, sizeof(name) / sizeof(name[0]));
        st = NCryptCreatePersistedKey(prov, &key, NCRYPT_RSA_ALGORITHM, name, 0,
                                      NCRYPT_OVERWRITE_KEY_FLAG |
                                          (j->machine ? NCRYPT_MACHINE_KEY_FLAG : 0));
    }
    if (st == ERROR_SUCCESS) {
        DWORD bits = 2048;
        st = NCryptSetProperty(key, NCRYPT_LENGTH_PROPERTY, (PBYTE)&bits, sizeof(bits), 0);
    }
    if (st == ERROR_SUCCESS)
        st = NCryptFinalizeKey(key, NCRYPT_SILENT_FLAG);
    if (key) {
        /* NCryptDeleteKey frees the handle, also when it fails */
        SECURITY_STATUS del = NCryptDeleteKey(key, NCRYPT_SILENT_FLAG);
        if (st == ERROR_SUCCESS && del != ERROR_SUCCESS)
            st = del;
    }
    if (prov)
        NCryptFreeObject(prov);
    j->rc = st;
}

static void ksp_free(void *p)
{
    struct ksp_job *j = p;
    free(j->provider);
    free(j);
}

/* The providers to test (malloc'd copies into OUT) and their number: the
 * template of interest's, else the default. */
static size_t providers_to_test(const struct facts *f, wchar_t **out)
{
    const struct tmpl *t = f->tmpl.st == F_SET ? facts_template(f, f->tmpl.v) : NULL;
    size_t n = 0;
    for (size_t i = 0; t && t->providers.st == F_SET && i < t->providers.n && n < MAX_PROVIDERS; i++)
        if (t->providers.v[i] && (out[n] = probe_a2w(t->providers.v[i])) != NULL)
            n++;
    if (n == 0 && (out[0] = _wcsdup(DEFAULT_KSP)) != NULL)
        n = 1;
    return n;
}

/* Whether the process token is elevated (or SYSTEM: always so). */
static bool elevated(void)
{
    HANDLE tok;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok))
        return false;
    TOKEN_ELEVATION el;
    DWORD n = sizeof(el);
    bool r = GetTokenInformation(tok, TokenElevation, &el, n, &n) && el.TokenIsElevated;
    CloseHandle(tok);
    return r;
}

static bool is_system(void)
{
    struct arena a = {0};
    struct opt_str acct = {F_ABSENT, NULL};
    bool r = probe_process_account(&a, &acct) == 0 && strcmp(acct.v, "NT AUTHORITY\\SYSTEM") == 0;
    arena_free(&a);
    return r;
}

int probe_win_ksp(struct facts *f, const struct probe_env *env, struct probe_note *note)
{
    if (env->wine) {
        probe_note_set(note, PROBE_KSP,
                       "not testable: stubbed by Wine (ncrypt accepts any provider name and keeps no keys)");
        return 1;
    }
    bool machine = f->ctx_st == F_SET ? f->ctx == CTX_MACHINE : is_system();
    wchar_t *names[MAX_PROVIDERS] = {0};
    size_t np = providers_to_test(f, names);
    struct ksp_job *jobs[MAX_PROVIDERS] = {0};
    struct probe_job *run[MAX_PROVIDERS] = {0};
    for (size_t i = 0; i < np; i++) {
        jobs[i] = calloc(1, sizeof(*jobs[i]));
        if (!jobs[i]) {
            free(names[i]);
            continue;
        }
        jobs[i]->provider = names[i]; /* the job owns it now */
        jobs[i]->machine = machine;
        run[i] = probe_job_start(ksp_run, jobs[i], ksp_free);
        if (!run[i]) {
            ksp_free(jobs[i]);
            jobs[i] = NULL;
        }
    }
    probe_job_wait_all(run, np, probe_ms_left(env->deadline));
    bool admin = machine && elevated();
    struct ksp_test *v = arena_calloc(&f->arena, np ? np : 1, sizeof(*v));
    int rc = v ? 0 : -1;
    size_t n = 0;
    for (size_t i = 0; i < np; i++) {
        if (!run[i])
            continue;
        bool done = probe_job_done(run[i]);
        SECURITY_STATUS st = done ? jobs[i]->rc : (SECURITY_STATUS)probe_code(ERROR_TIMEOUT);
        uint32_t code = probe_code((uint32_t)st);
        if (rc == 0 && machine && !admin && (code == 0x80070005u || code == (uint32_t)NTE_PERM)) {
            probe_note_add(note, PROBE_KSP, "machine keys refused: the process is not elevated");
        } else if (rc == 0) {
            struct ksp_test *t = &v[n];
            if (probe_set_wstr(&f->arena, &t->provider, jobs[i]->provider) != 0) {
                rc = -1;
            } else {
                t->ok.st = F_SET;
                t->ok.v = st == ERROR_SUCCESS;
                if (!t->ok.v) {
                    t->error.st = F_SET;
                    t->error.v = code;
                }
                t->ctx_st = F_SET;
                t->ctx = machine ? CTX_MACHINE : CTX_USER;
                n++;
            }
        }
        probe_job_release(run[i]);
    }
    if (rc < 0)
        return -1;
    if (n == 0) {
        if (!note->reason[0])
            probe_note_set(note, PROBE_KSP, "cannot start the provider tests");
        return 1;
    }
    f->ksp_st = F_SET;
    f->nksp = n;
    f->ksp = v;
    return 0;
}
