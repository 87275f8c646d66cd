/* probe_ca_ping.c (Windows): can the client reach each enterprise CA's
 * request interface over RPC/DCOM? As the document does in PowerShell:
 * CertificateAuthority.Request's GetCAProperty(config, CR_PROP_CANAME, 0,
 * PROPTYPE_STRING, 0) must answer with the CA's name.
 *
 * The CAs are those CertificateAuthority.Config (ICertConfig) lists: the
 * enterprise CAs of the forest (Enrollment Services) plus a local CA. None
 * found: ca_ping stays absent with a note. Those that publish the template
 * of interest (by the directory's cas, which the session reads before this
 * probe) come first, so that they are the ones asked when there are more
 * than MAX_CAS; the rest follow (a retired CA may be silent: the check
 * does not count a CA that publishes nothing it needs). Each ping records
 * the account it ran as (facts ca_ping.account). Every CA is asked in a worker
 * thread of its own, all at once, within the deadline; a CA that does not
 * answer in time is reported as ERROR_TIMEOUT (0x800705B4) and its worker is
 * abandoned, never joined. The CA client missing (REGDB_E_CLASSNOTREG, as
 * under Wine without a mock): unknown; any other failure is a result:
 * ok false with the code (0x800706BA RPC_S_SERVER_UNAVAILABLE typically). */
#define COBJMACROS
#include "probe_util.h"

#include <objbase.h>
#include <oleauto.h>
#include <certcli.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* mingw declares these but defines none of them */
static const CLSID ED_CLSID_CCertRequest = {
    0x98aff3f0, 0x5524, 0x11d0, {0x88, 0x12, 0x00, 0xa0, 0xc9, 0x03, 0xb8, 0x3c}};
static const IID ED_IID_ICertRequest2 = {
    0xa4772988, 0x4a85, 0x4fa9, {0x82, 0x4e, 0xb5, 0xcf, 0x5c, 0x16, 0x40, 0x5a}};
static const CLSID ED_CLSID_CCertConfig = {
    0x372fce38, 0x4324, 0x11d0, {0x88, 0x10, 0x00, 0xa0, 0xc9, 0x03, 0xb8, 0x3c}};
static const IID ED_IID_ICertConfig = {
    0x372fce34, 0x4324, 0x11d0, {0x88, 0x10, 0x00, 0xa0, 0xc9, 0x03, 0xb8, 0x3c}};

#define ED_CR_PROP_CANAME 6
#define ED_PROPTYPE_STRING 4
#define MAX_CAS 32

static bool class_missing(HRESULT hr)
{
    return hr == REGDB_E_CLASSNOTREG || hr == CO_E_CLASSSTRING || hr == CO_E_DLLNOTFOUND ||
           hr == HRESULT_FROM_WIN32(ERROR_MOD_NOT_FOUND);
}

struct ping_job {
    wchar_t *config;             /* malloc'd, owned by the job */
    HRESULT hr;
    wchar_t *name;               /* malloc'd answer */
};

static void ping_free(void *p)
{
    struct ping_job *j = p;
    free(j->config);
    free(j->name);
    free(j);
}

static void ping_run(void *p)
{
    struct ping_job *j = p;
    ICertRequest2 *req = NULL;
    HRESULT hr = CoCreateInstance(&ED_CLSID_CCertRequest, NULL, CLSCTX_INPROC_SERVER, &ED_IID_ICertRequest2,
                                  (void **)&req);
    if (FAILED(hr) || !req) {
        j->hr = FAILED(hr) ? hr : E_NOINTERFACE;
        return;
    }
    BSTR cfg = SysAllocString(j->config);
    VARIANT v;
    VariantInit(&v);
    hr = cfg ? ICertRequest2_GetCAProperty(req, cfg, ED_CR_PROP_CANAME, 0, ED_PROPTYPE_STRING, 0, &v)
             : E_OUTOFMEMORY;
    SysFreeString(cfg);
    if (SUCCEEDED(hr)) {
        if (v.vt == VT_BSTR && v.bstrVal) {
            size_t n = SysStringLen(v.bstrVal);
            j->name = malloc((n + 1) * sizeof(wchar_t));
            if (j->name) {
                memcpy(j->name, v.bstrVal, n * sizeof(wchar_t));
                j->name[n] = L'\0';
            } else {
                hr = E_OUTOFMEMORY;
            }
        }
    }
    VariantClear(&v);
    ICertRequest2_Release(req);
    j->hr = hr;
}

/* The configs ICertConfig lists ("host\CA name"), malloc'd, into CFG.
 * Returns their number, or -1 with *HR set when the CA client is unusable. */
static int list_configs(wchar_t **cfg, HRESULT *hr_out)
{
    ICertConfig *cc = NULL;
    HRESULT hr = CoCreateInstance(&ED_CLSID_CCertConfig, NULL, CLSCTX_INPROC_SERVER, &ED_IID_ICertConfig,
                                  (void **)&cc);
    if (FAILED(hr) || !cc) {
        *hr_out = FAILED(hr) ? hr : E_NOINTERFACE;
        return -1;
    }
    LONG count = 0;
    hr = ICertConfig_Reset(cc, 0, &count);
    if (FAILED(hr)) {
        ICertConfig_Release(cc);
        *hr_out = hr;
        return -1;
    }
    BSTR field = SysAllocString(L"Config");
    int n = 0;
    LONG idx = 0;
    while (field && n < MAX_CAS && SUCCEEDED(ICertConfig_Next(cc, &idx)) && idx >= 0) {
        BSTR s = NULL;
        if (SUCCEEDED(ICertConfig_GetField(cc, field, &s)) && s && s[0]) {
            size_t l = SysStringLen(s);
            wchar_t *c = malloc((l + 1) * sizeof(wchar_t));
            if (c) {
                memcpy(c, s, l * sizeof(wchar_t));
                c[l] = L'\0';
                bool dup = false;
                for (int k = 0; k < n; k++)
                    dup = dup || _wcsicmp(cfg[k], c) == 0;
                if (dup)
                    free(c);
                else
                    cfg[n++] = c;
            }
        }
        SysFreeString(s);
    }
    SysFreeString(field);
    ICertConfig_Release(cc);
    *hr_out = S_OK;
    return n;
}

/* Whether the CA of CONFIG ("host\\name") publishes the template of
 * interest, by F's cas (matched by config, else by name): 1 yes, 0 no, and
 * 1 as well when that cannot be told (no template, no cas, CA not listed). */
static int publishes_wanted(const struct facts *f, const wchar_t *config)
{
    if (f->tmpl.st != F_SET || f->cas_st != F_SET)
        return 1;
    struct arena tmp = {0};
    const char *c = probe_w2a(&tmp, config, -1);
    int r = 1;
    if (c) {
        const char *bs = strrchr(c, '\\');
        const struct ca *hit = NULL;
        for (size_t i = 0; i < f->ncas && !hit; i++)
            if (f->cas[i].config.st == F_SET && _stricmp(f->cas[i].config.v, c) == 0)
                hit = &f->cas[i];
        for (size_t i = 0; i < f->ncas && !hit; i++)
            if (f->cas[i].name.st == F_SET && _stricmp(f->cas[i].name.v, bs ? bs + 1 : c) == 0)
                hit = &f->cas[i];
        if (hit) {
            r = 0;
            for (size_t k = 0; k < hit->templates.n; k++)
                if (hit->templates.v[k] && _stricmp(hit->templates.v[k], f->tmpl.v) == 0)
                    r = 1;
        }
    }
    arena_free(&tmp);
    return r;
}

/* Puts the configs of CAs that publish the template of interest first,
 * keeping the order within each part. */
static void order_configs(const struct facts *f, wchar_t **cfg, int n)
{
    wchar_t *out[MAX_CAS];
    int k = 0;
    for (int want = 1; want >= 0; want--)
        for (int i = 0; i < n; i++)
            if (publishes_wanted(f, cfg[i]) == want)
                out[k++] = cfg[i];
    memcpy(cfg, out, (size_t)n * sizeof(*cfg));
}

int probe_win_ca_ping(struct facts *f, const struct probe_env *env, struct probe_note *note)
{
    wchar_t *cfg[MAX_CAS];
    HRESULT hr;
    int n = list_configs(cfg, &hr);
    if (n > 0)
        order_configs(f, cfg, n);
    if (n < 0) {
        if (class_missing(hr))
            probe_note_set(note, PROBE_CA_PING, "skipped: CA client unavailable (CertificateAuthority.Config: 0x%08lX)",
                           (unsigned long)hr);
        else
            probe_note_set(note, PROBE_CA_PING, "cannot list the enterprise CAs (0x%08lX)", (unsigned long)hr);
        return 1;
    }
    if (n == 0) {
        probe_note_set(note, PROBE_CA_PING, "no enterprise CA found");
        return 1;
    }
    struct ping_job *jobs[MAX_CAS] = {0};
    struct probe_job *run[MAX_CAS] = {0};
    for (int i = 0; i < n; i++) {
        jobs[i] = calloc(1, sizeof(*jobs[i]));
        if (!jobs[i]) {
            free(cfg[i]);
            continue;
        }
        jobs[i]->config = cfg[i]; /* the job owns it now */
        run[i] = probe_job_start(ping_run, jobs[i], ping_free);
        if (!run[i]) {
            ping_free(jobs[i]);
            jobs[i] = NULL;
        }
    }
    /* leave a little of the budget for writing the results */
    DWORD left = probe_ms_left(env->deadline);
    probe_job_wait_all(run, (size_t)n, left > 100 ? left - 50 : left);

    struct ca_ping *v = arena_calloc(&f->arena, (size_t)n, sizeof(*v));
    int rc = v ? 0 : -1;
    struct opt_str account = {F_ABSENT, NULL};
    if (rc == 0 && probe_process_account(&f->arena, &account) < 0)
        rc = -1;
    size_t k = 0, missing = 0;
    for (int i = 0; i < n; i++) {
        if (!run[i])
            continue;
        if (rc == 0) {
            bool done = probe_job_done(run[i]);
            if (done && class_missing(jobs[i]->hr)) {
                missing++;
            } else {
                struct ca_ping *p = &v[k++];
                if (probe_set_wstr(&f->arena, &p->config, jobs[i]->config) != 0)
                    rc = -1;
                p->account = account;
                p->ok.st = F_SET;
                if (!done) {
                    p->ok.v = false;
                    p->error.st = F_SET;
                    p->error.v = probe_code(ERROR_TIMEOUT);
                } else if (SUCCEEDED(jobs[i]->hr)) {
                    p->ok.v = true;
                    if (jobs[i]->name && probe_set_wstr(&f->arena, &p->ca_name, jobs[i]->name) != 0)
                        rc = -1;
                } else {
                    p->ok.v = false;
                    p->error.st = F_SET;
                    p->error.v = probe_code((uint32_t)jobs[i]->hr);
                }
            }
        }
        probe_job_release(run[i]);
    }
    if (rc < 0)
        return -1;
    if (k == 0) {
        probe_note_set(note, PROBE_CA_PING, missing ? "skipped: CA client unavailable (CertificateAuthority.Request not registered)"
                                                    : "cannot start the CA requests");
        return 1;
    }
    f->ca_ping_st = F_SET;
    f->nca_ping = k;
    f->ca_ping = v;
    return 0;
}
