/* probe_loglevel.c (Windows): the autoenrollment log level that
 * `certutil -setreg Enroll\LogLevel N` sets. certsrv.h documents the Enroll
 * key as Software\Microsoft\Cryptography\AutoEnrollment under HKLM (HKCU
 * with -user); the action loglevel.raise runs certutil without -user, so
 * the machine-wide value is the one that counts (see shared/WINE.md 1). */
#include "probe_util.h"

int probe_win_loglevel(struct facts *f, const struct probe_env *env, struct probe_note *note)
{
    (void)env;
    if (probe_reg_dword(HKEY_LOCAL_MACHINE, L"HKLM", L"SOFTWARE\\Microsoft\\Cryptography\\AutoEnrollment",
                        L"LogLevel", &f->loglevel, PROBE_LOGLEVEL, note) != 0)
        return 1;
    return 0;
}
