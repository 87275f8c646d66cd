/* probe_certs.c (Windows): the MY stores of the current user and of the
 * local machine, archived certificates included (what `certutil [-user]
 * -store my` lists).
 *
 * De-duplication: on Windows the CurrentUser\MY system store consists of the
 * user's own physical stores; Wine's adds LocalMachine\MY to it (shared/
 * WINE.md 2). A certificate counts for the user when it is in the user's
 * registry store (CERT_STORE_PROV_SYSTEM_REGISTRY, HKCU\Software\Microsoft\
 * SystemCertificates\MY) or, for the other physical stores of the user's
 * system store (group policy, roaming), when it is not in LocalMachine\MY.
 * So a certificate of the machine never shows up in the user's list, and one
 * that really sits in both registry stores shows up in both. Each list
 * holds every thumbprint once.
 *
 * template_name comes from the V1 extension only: the V2 extension carries
 * just the OID, and what Windows resolves it to (CryptFindOIDInfo) is the
 * display name, not the template's name that the checks compare; checks
 * match V2 certificates by template_oid. */
#include "probe_util.h"

#include <wincrypt.h>
#include <ncrypt.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "der.h"

/* the CERT_ARCHIVED_PROP_ID is a stub in Wine */
struct cert_probe {
    struct facts *f;
    bool wine;
    bool undecodable;            /* a template extension could not be decoded */
    ULONGLONG deadline;
};

/* SHA-1 thumbprints (40 hex digits) of one store. */
struct thumbs {
    size_t n, cap;
    char (*v)[41];
};

static int thumbs_add(struct thumbs *t, const char *hex)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        void *p = realloc(t->v, cap * sizeof(*t->v));
        if (!p)
            return -1;
        t->v = p;
        t->cap = cap;
    }
    memcpy(t->v[t->n++], hex, 41);
    return 0;
}

static bool thumbs_has(const struct thumbs *t, const char *hex)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i], hex) == 0)
            return true;
    return false;
}

static int thumbprint(PCCERT_CONTEXT c, char out[41])
{
    BYTE h[20];
    DWORD n = sizeof(h);
    if (!CertGetCertificateContextProperty(c, CERT_SHA1_HASH_PROP_ID, h, &n) || n != sizeof(h))
        return -1;
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < sizeof(h); i++) {
        out[2 * i] = hex[h[i] >> 4];
        out[2 * i + 1] = hex[h[i] & 15];
    }
    out[40] = '\0';
    return 0;
}

/* Opens system store MY of LOCATION through PROVIDER, read-only, with the
 * archived certificates. *ERR gets GetLastError() on failure. */
static HCERTSTORE open_my(LPCSTR provider, DWORD location, DWORD *err)
{
    HCERTSTORE s = CertOpenStore(provider, 0, 0,
                                 location | CERT_STORE_OPEN_EXISTING_FLAG | CERT_STORE_READONLY_FLAG |
                                     CERT_STORE_ENUM_ARCHIVED_FLAG,
                                 L"MY");
    *err = s ? 0 : GetLastError();
    return s;
}

static bool store_missing(DWORD err)
{
    return err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND ||
           err == (DWORD)HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
}

/* Thumbprints of the store, or -1 (out of memory). A store that does not
 * exist is empty. */
static int store_thumbs(LPCSTR provider, DWORD location, struct thumbs *t)
{
    DWORD err;
    HCERTSTORE s = open_my(provider, location, &err);
    if (!s)
        return 0;
    int rc = 0;
    PCCERT_CONTEXT c = NULL;
    while (rc == 0 && (c = CertEnumCertificatesInStore(s, c)) != NULL) {
        char hex[41];
        if (thumbprint(c, hex) == 0 && !thumbs_has(t, hex))
            rc = thumbs_add(t, hex);
    }
    if (c)
        CertFreeCertificateContext(c);
    CertCloseStore(s, 0);
    return rc;
}

static int set_name(struct arena *a, struct opt_str *out, PCERT_NAME_BLOB name)
{
    DWORD flags = CERT_X500_NAME_STR | CERT_NAME_STR_REVERSE_FLAG;
    DWORD n = CertNameToStrW(X509_ASN_ENCODING, name, flags, NULL, 0);
    if (n <= 1) {
        out->st = F_SET;
        out->v = "";
        return 0;
    }
    wchar_t *w = malloc((size_t)n * sizeof(*w));
    if (!w)
        return -1;
    CertNameToStrW(X509_ASN_ENCODING, name, flags, w, n);
    int rc = probe_set_wstr(a, out, w);
    free(w);
    return rc;
}

static int template_name(struct cert_probe *cp, PCCERT_CONTEXT c, struct opt_str *out)
{
    PCERT_EXTENSION ext = CertFindExtension(szOID_ENROLL_CERTTYPE_EXTENSION, c->pCertInfo->cExtension,
                                            c->pCertInfo->rgExtension);
    if (!ext) {
        out->st = F_NULL;
        return 0;
    }
    CERT_NAME_VALUE *v = NULL;
    DWORD n = 0;
    if (CryptDecodeObjectEx(X509_ASN_ENCODING, X509_UNICODE_ANY_STRING, ext->Value.pbData, ext->Value.cbData,
                            CRYPT_DECODE_ALLOC_FLAG, NULL, &v, &n) &&
        v) {
        int rc = 0;
        char *s = probe_w2a(&cp->f->arena, (const wchar_t *)v->Value.pbData,
                            (int)(v->Value.cbData / sizeof(wchar_t)));
        if (s) {
            out->st = F_SET;
            out->v = s;
        } else {
            rc = -1;
        }
        LocalFree(v);
        return rc;
    }
    char buf[512];
    if (der_string_utf8(ext->Value.pbData, ext->Value.cbData, buf, sizeof(buf)) == 0) {
        char *s = arena_strdup(&cp->f->arena, buf);
        if (!s)
            return -1;
        out->st = F_SET;
        out->v = s;
        return 0;
    }
    cp->undecodable = true; /* stays absent: present but unreadable */
    return 0;
}

static int template_oid(struct cert_probe *cp, PCCERT_CONTEXT c, struct opt_str *out)
{
    PCERT_EXTENSION ext = CertFindExtension(szOID_CERTIFICATE_TEMPLATE, c->pCertInfo->cExtension,
                                            c->pCertInfo->rgExtension);
    if (!ext) {
        out->st = F_NULL;
        return 0;
    }
    CERT_TEMPLATE_EXT *t = NULL;
    DWORD n = 0;
    if (CryptDecodeObjectEx(X509_ASN_ENCODING, X509_CERTIFICATE_TEMPLATE, ext->Value.pbData,
                            ext->Value.cbData, CRYPT_DECODE_ALLOC_FLAG, NULL, &t, &n) &&
        t && t->pszObjId) {
        char *s = arena_strdup(&cp->f->arena, t->pszObjId);
        LocalFree(t);
        if (!s)
            return -1;
        out->st = F_SET;
        out->v = s;
        return 0;
    }
    if (t)
        LocalFree(t);
    /* Wine has no decoder for it: our own */
    struct der_template d;
    if (der_template_decode(ext->Value.pbData, ext->Value.cbData, &d) == 0) {
        char *s = arena_strdup(&cp->f->arena, d.oid);
        if (!s)
            return -1;
        out->st = F_SET;
        out->v = s;
        return 0;
    }
    cp->undecodable = true;
    return 0;
}

/* Whether the certificate has a private key that exists: a key reference
 * (provider info or an open CNG handle) and a key behind it. The key is
 * opened silently (no PIN or consent dialog ever); errors that mean "no
 * such key" say false, any other (access denied, a smart card that needs a
 * PIN, a device not ready) says the key exists. */
static bool has_private_key(PCCERT_CONTEXT c)
{
    DWORD n = 0;
    bool prov = CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, NULL, &n) != 0;
    n = 0;
    bool handle = CertGetCertificateContextProperty(c, CERT_NCRYPT_KEY_HANDLE_PROP_ID, NULL, &n) != 0;
    if (!prov && !handle)
        return false;
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE key = 0;
    DWORD spec = 0;
    BOOL free_it = FALSE;
    if (CryptAcquireCertificatePrivateKey(c, CRYPT_ACQUIRE_SILENT_FLAG | CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG,
                                          NULL, &key, &spec, &free_it)) {
        if (free_it) {
            if (spec == CERT_NCRYPT_KEY_SPEC)
                NCryptFreeObject(key);
            else
                CryptReleaseContext(key, 0);
        }
        return true;
    }
    DWORD e = GetLastError();
    switch (e) {
    case (DWORD)NTE_BAD_KEYSET:
    case (DWORD)NTE_NO_KEY:
    case (DWORD)NTE_BAD_KEY:
    case (DWORD)NTE_NOT_FOUND:
    case (DWORD)CRYPT_E_NO_KEY_PROPERTY:
        return false;
    default:
        return true;
    }
}

/* The certificates of one store into LIST, skipping those in SKIP (may be
 * NULL) and those KEEP (may be NULL) does not contain. */
static int read_store(struct cert_probe *cp, LPCSTR provider, DWORD location, const struct thumbs *skip,
                      const struct thumbs *keep, struct cert_list *list, DWORD *err)
{
    HCERTSTORE s = open_my(provider, location, err);
    list->st = F_SET;
    list->n = 0;
    list->v = NULL;
    if (!s) {
        if (store_missing(*err)) {
            *err = 0;
            return 0; /* a fresh profile has no MY store yet: empty */
        }
        list->st = F_ABSENT;
        return 1;
    }
    struct thumbs seen = {0};
    size_t cap = 0;
    int rc = 0;
    PCCERT_CONTEXT c = NULL;
    while ((c = CertEnumCertificatesInStore(s, c)) != NULL) {
        if (probe_ms_left(cp->deadline) == 0) {
            *err = ERROR_TIMEOUT;
            rc = 1;
            break;
        }
        char hex[41];
        if (thumbprint(c, hex) != 0 || thumbs_has(&seen, hex))
            continue;
        if (skip && thumbs_has(skip, hex) && !(keep && thumbs_has(keep, hex)))
            continue;
        if (thumbs_add(&seen, hex) != 0) {
            rc = -1;
            break;
        }
        if (list->n == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            struct cert *nv = arena_calloc(&cp->f->arena, ncap, sizeof(*nv));
            if (!nv) {
                rc = -1;
                break;
            }
            if (list->n)
                memcpy(nv, list->v, list->n * sizeof(*nv));
            list->v = nv;
            cap = ncap;
        }
        struct cert *ce = &list->v[list->n++];
        memset(ce, 0, sizeof(*ce));
        char *tp = arena_strdup(&cp->f->arena, hex);
        if (!tp || set_name(&cp->f->arena, &ce->subject, &c->pCertInfo->Subject) != 0 ||
            set_name(&cp->f->arena, &ce->issuer, &c->pCertInfo->Issuer) != 0 ||
            template_name(cp, c, &ce->template_name) != 0 || template_oid(cp, c, &ce->template_oid) != 0) {
            rc = -1;
            break;
        }
        ce->thumbprint.st = F_SET;
        ce->thumbprint.v = tp;
        ce->not_before.st = F_SET;
        ce->not_before.v = probe_filetime_to_unix(&c->pCertInfo->NotBefore);
        ce->not_after.st = F_SET;
        ce->not_after.v = probe_filetime_to_unix(&c->pCertInfo->NotAfter);
        ce->has_private_key.st = F_SET;
        ce->has_private_key.v = has_private_key(c);
        if (!cp->wine) {
            DWORD n = 0;
            ce->archived.st = F_SET;
            ce->archived.v = CertGetCertificateContextProperty(c, CERT_ARCHIVED_PROP_ID, NULL, &n) != 0;
        }
        /* under Wine the archived property is a stub: left absent */
    }
    if (c)
        CertFreeCertificateContext(c);
    CertCloseStore(s, 0);
    free(seen.v);
    if (rc != 0)
        list->st = rc < 0 ? F_SET : F_ABSENT;
    return rc;
}

int probe_win_certs(struct facts *f, const struct probe_env *env, struct probe_note *note)
{
    struct cert_probe cp = {f, env->wine, false, env->deadline};
    struct thumbs lm = {0}, cu_reg = {0};
    if (store_thumbs(CERT_STORE_PROV_SYSTEM_W, CERT_SYSTEM_STORE_LOCAL_MACHINE, &lm) != 0 ||
        store_thumbs(CERT_STORE_PROV_SYSTEM_REGISTRY_W, CERT_SYSTEM_STORE_CURRENT_USER, &cu_reg) != 0) {
        free(lm.v);
        free(cu_reg.v);
        return -1;
    }
    DWORD err_u = 0, err_m = 0;
    int ru = read_store(&cp, CERT_STORE_PROV_SYSTEM_W, CERT_SYSTEM_STORE_CURRENT_USER, &lm, &cu_reg,
                        &f->certs[CTX_USER], &err_u);
    int rm = ru < 0 ? -1
                    : read_store(&cp, CERT_STORE_PROV_SYSTEM_W, CERT_SYSTEM_STORE_LOCAL_MACHINE, NULL, NULL,
                                 &f->certs[CTX_MACHINE], &err_m);
    free(lm.v);
    free(cu_reg.v);
    if (ru < 0 || rm < 0)
        return -1;
    if (ru > 0)
        probe_note_add(note, PROBE_CERTS, "CurrentUser\\MY: cannot read the store (error 0x%08lX)",
                       (unsigned long)probe_code(err_u));
    if (rm > 0)
        probe_note_add(note, PROBE_CERTS, "LocalMachine\\MY: cannot read the store (error 0x%08lX)",
                       (unsigned long)probe_code(err_m));
    if (cp.undecodable)
        probe_note_add(note, PROBE_CERTS, "a certificate template extension could not be decoded");
    if (env->wine)
        probe_note_add(note, PROBE_CERTS,
                       "archived: unknown, Wine stubs CERT_ARCHIVED_PROP_ID and CERT_STORE_ENUM_ARCHIVED_FLAG");
    return ru > 0 && rm > 0 ? 1 : 0;
}
