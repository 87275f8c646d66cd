/* probe_aepolicy.c (Windows): the AEPolicy DWORD that the autoenrollment
 * group policy writes, for the user (HKCU) and the computer (HKLM). */
#include "probe_util.h"

#include <stdio.h>

static const wchar_t AE_POLICY_KEY[] = L"Software\\Policies\\Microsoft\\Cryptography\\AutoEnrollment";

int probe_reg_dword(HKEY root, const wchar_t *root_name, const wchar_t *subkey, const wchar_t *name,
                    struct opt_int *out, enum probe_group g, struct probe_note *note)
{
    HKEY k;
    /* the 64-bit view: a 32-bit build must not read a redirected copy */
    LSTATUS rc = RegOpenKeyExW(root, subkey, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &k);
    if (rc == ERROR_FILE_NOT_FOUND || rc == ERROR_PATH_NOT_FOUND) {
        out->st = F_NULL;
        return 0;
    }
    if (rc != ERROR_SUCCESS) {
        probe_note_add(note, g, "%ls\\%ls: cannot open the key (error 0x%08lX)", root_name, subkey,
                       (unsigned long)probe_code((uint32_t)rc));
        return -1;
    }
    DWORD type = 0, size = 0;
    rc = RegQueryValueExW(k, name, NULL, &type, NULL, &size);
    if (rc == ERROR_FILE_NOT_FOUND) {
        RegCloseKey(k);
        out->st = F_NULL;
        return 0;
    }
    if (rc != ERROR_SUCCESS && rc != ERROR_MORE_DATA) {
        RegCloseKey(k);
        probe_note_add(note, g, "%ls\\%ls\\%ls: cannot read the value (error 0x%08lX)", root_name, subkey,
                       name, (unsigned long)probe_code((uint32_t)rc));
        return -1;
    }
    if (type != REG_DWORD || size != sizeof(DWORD)) {
        RegCloseKey(k);
        probe_note_add(note, g, "%ls\\%ls\\%ls has registry type %lu and %lu bytes, not a REG_DWORD",
                       root_name, subkey, name, (unsigned long)type, (unsigned long)size);
        return -1;
    }
    DWORD v = 0;
    size = sizeof(v);
    rc = RegQueryValueExW(k, name, NULL, &type, (BYTE *)&v, &size);
    RegCloseKey(k);
    if (rc != ERROR_SUCCESS || type != REG_DWORD) {
        probe_note_add(note, g, "%ls\\%ls\\%ls: cannot read the value (error 0x%08lX)", root_name, subkey,
                       name, (unsigned long)probe_code((uint32_t)rc));
        return -1;
    }
    out->st = F_SET;
    out->v = (int64_t)v;
    return 0;
}

int probe_win_aepolicy(struct facts *f, const struct probe_env *env, struct probe_note *note)
{
    (void)env;
    int bad = 0;
    bad += probe_reg_dword(HKEY_CURRENT_USER, L"HKCU", AE_POLICY_KEY, L"AEPolicy", &f->aepolicy[CTX_USER],
                           PROBE_AEPOLICY, note) != 0;
    bad += probe_reg_dword(HKEY_LOCAL_MACHINE, L"HKLM", AE_POLICY_KEY, L"AEPolicy",
                           &f->aepolicy[CTX_MACHINE], PROBE_AEPOLICY, note) != 0;
    /* one context unreadable: the other is still collected (the note says which) */
    return bad == 2 ? 1 : 0;
}
