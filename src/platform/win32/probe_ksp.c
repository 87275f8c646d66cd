/* probe_ksp.c (Windows): can the key storage providers that autoenrollment
 * uses make a key pair? Like `certutil -csp NAME -csptest`: open the
 * provider, create a persisted RSA 2048 key under a throw-away name,
 * finalize it, delete it. Tested: "Microsoft Software Key Storage Provider"
 * and "Microsoft Platform Crypto Provider" (the TPM; the document's
 * example of NTE_DEVICE_NOT_READY). Each test runs in a worker of its own
 * within the deadline (a TPM can take seconds for a 2048-bit key).
 *
 * Under Wine: not tested. Wine's ncrypt opens any provider name and makes
 * only ephemeral keys (shared/WINE.md 5), so its "success" says nothing;
 * the group stays unknown with a note. NCryptEnumStorageProviders is never
 * called: it crashes under Wine. */
#include "probe_util.h"

#include <ncrypt.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const wchar_t *const PROVIDERS[] = {
    L"Microsoft Software Key Storage Provider",
    L"Microsoft Platform Crypto Provider",
};
#define NPROV (sizeof(PROVIDERS) / sizeof(PROVIDERS[0]))

struct ksp_job {
    const wchar_t *provider;     /* static */
    SECURITY_STATUS rc;
};

static void ksp_run(void *p)
{
    struct ksp_job *j = p;
    NCRYPT_PROV_HANDLE prov = 0;
    NCRYPT_KEY_HANDLE key = 0;
    wchar_t name[96];
    SECURITY_STATUS st = NCryptOpenStorageProvider(&prov, j->provider, 0);
    if (st == ERROR_SUCCESS) {
        /* unique per process and call; deleted right away */
        swprintf(name, sizeof(name) / sizeof(name[0]), L"enrolldoc-csptest-%lu-%lu",
                 (unsigned long)GetCurrentProcessId(), (unsigned long)GetTickCount());
        st = NCryptCreatePersistedKey(prov, &key, NCRYPT_RSA_ALGORITHM, name, 0, NCRYPT_OVERWRITE_KEY_FLAG);
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
    free(p);
}

int probe_win_ksp(struct facts *f, const struct probe_env *env, struct probe_note *note)
{
    if (env->wine) {
        probe_note_set(note, PROBE_KSP,
                       "not testable: stubbed by Wine (ncrypt accepts any provider name and keeps no keys)");
        return 1;
    }
    struct ksp_job *jobs[NPROV] = {0};
    struct probe_job *run[NPROV] = {0};
    for (size_t i = 0; i < NPROV; i++) {
        jobs[i] = calloc(1, sizeof(*jobs[i]));
        if (!jobs[i])
            break;
        jobs[i]->provider = PROVIDERS[i];
        run[i] = probe_job_start(ksp_run, jobs[i], ksp_free);
        if (!run[i]) {
            free(jobs[i]);
            jobs[i] = NULL;
        }
    }
    probe_job_wait_all(run, NPROV, probe_ms_left(env->deadline));
    struct ksp_test *v = arena_calloc(&f->arena, NPROV, sizeof(*v));
    int rc = v ? 0 : -1;
    size_t n = 0;
    for (size_t i = 0; i < NPROV; i++) {
        if (!run[i])
            continue;
        if (rc == 0) {
            struct ksp_test *t = &v[n];
            if (probe_set_wstr(&f->arena, &t->provider, PROVIDERS[i]) != 0) {
                rc = -1;
            } else {
                t->ok.st = F_SET;
                if (!probe_job_done(run[i])) {
                    t->ok.v = false;
                    t->error.st = F_SET;
                    t->error.v = probe_code(ERROR_TIMEOUT);
                } else {
                    t->ok.v = jobs[i]->rc == ERROR_SUCCESS;
                    if (!t->ok.v) {
                        t->error.st = F_SET;
                        t->error.v = probe_code((uint32_t)jobs[i]->rc);
                    }
                }
                n++;
            }
        }
        probe_job_release(run[i]);
    }
    if (rc < 0)
        return -1;
    if (n == 0) {
        probe_note_set(note, PROBE_KSP, "cannot start the provider tests");
        return 1;
    }
    f->ksp_st = F_SET;
    f->nksp = n;
    f->ksp = v;
    return 0;
}
