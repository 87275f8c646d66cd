#!/usr/bin/env python3
"""Generates src/codes_table.c from winerror.h (and winhttp.h) of mingw-w64.

Usage: gen_codes_table.py [INCLUDE_DIR] > src/codes_table.c
INCLUDE_DIR defaults to /usr/share/mingw-w64/include
(apt-get install mingw-w64-x86-64-dev).

Values and symbols come from the headers. The codes that mingw-w64's
winerror.h lacks (the WS_E_* codes of WWSAPI and the CERTSRV_E_* codes added
after Windows 8) are listed in SDK_EXTRA below, copied from winerror.h of the
Windows SDK 10.0.22621. Win32 codes (ERROR_*, RPC_S_*, ...) are written in
their HRESULT form, 0x80070000 | code. Symbols sharing a value with a
preferred symbol become aliases."""
import re
import sys

INC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/mingw-w64/include"

# winerror.h, Windows SDK 10.0.22621: codes mingw-w64 10 does not define.
SDK_EXTRA = [
    ("WS_S_ASYNC", 0x003D0000), ("WS_S_END", 0x003D0001),
    ("WS_E_INVALID_FORMAT", 0x803D0000), ("WS_E_OBJECT_FAULTED", 0x803D0001),
    ("WS_E_NUMERIC_OVERFLOW", 0x803D0002), ("WS_E_INVALID_OPERATION", 0x803D0003),
    ("WS_E_OPERATION_ABORTED", 0x803D0004), ("WS_E_ENDPOINT_ACCESS_DENIED", 0x803D0005),
    ("WS_E_OPERATION_TIMED_OUT", 0x803D0006), ("WS_E_OPERATION_ABANDONED", 0x803D0007),
    ("WS_E_QUOTA_EXCEEDED", 0x803D0008), ("WS_E_NO_TRANSLATION_AVAILABLE", 0x803D0009),
    ("WS_E_SECURITY_VERIFICATION_FAILURE", 0x803D000A), ("WS_E_ADDRESS_IN_USE", 0x803D000B),
    ("WS_E_ADDRESS_NOT_AVAILABLE", 0x803D000C), ("WS_E_ENDPOINT_NOT_FOUND", 0x803D000D),
    ("WS_E_ENDPOINT_NOT_AVAILABLE", 0x803D000E), ("WS_E_ENDPOINT_FAILURE", 0x803D000F),
    ("WS_E_ENDPOINT_UNREACHABLE", 0x803D0010), ("WS_E_ENDPOINT_ACTION_NOT_SUPPORTED", 0x803D0011),
    ("WS_E_ENDPOINT_TOO_BUSY", 0x803D0012), ("WS_E_ENDPOINT_FAULT_RECEIVED", 0x803D0013),
    ("WS_E_ENDPOINT_DISCONNECTED", 0x803D0014), ("WS_E_PROXY_FAILURE", 0x803D0015),
    ("WS_E_PROXY_ACCESS_DENIED", 0x803D0016), ("WS_E_NOT_SUPPORTED", 0x803D0017),
    ("WS_E_PROXY_REQUIRES_BASIC_AUTH", 0x803D0018), ("WS_E_PROXY_REQUIRES_DIGEST_AUTH", 0x803D0019),
    ("WS_E_PROXY_REQUIRES_NTLM_AUTH", 0x803D001A), ("WS_E_PROXY_REQUIRES_NEGOTIATE_AUTH", 0x803D001B),
    ("WS_E_SERVER_REQUIRES_BASIC_AUTH", 0x803D001C), ("WS_E_SERVER_REQUIRES_DIGEST_AUTH", 0x803D001D),
    ("WS_E_SERVER_REQUIRES_NTLM_AUTH", 0x803D001E), ("WS_E_SERVER_REQUIRES_NEGOTIATE_AUTH", 0x803D001F),
    ("WS_E_INVALID_ENDPOINT_URL", 0x803D0020), ("WS_E_OTHER", 0x803D0021),
    ("WS_E_SECURITY_TOKEN_EXPIRED", 0x803D0022), ("WS_E_SECURITY_SYSTEM_FAILURE", 0x803D0023),
    ("CERTSRV_E_ADMIN_DENIED_REQUEST", 0x80094014), ("CERTSRV_E_NO_POLICY_SERVER", 0x80094015),
    ("CERTSRV_E_WEAK_SIGNATURE_OR_KEY", 0x80094016),
    ("CERTSRV_E_KEY_ATTESTATION_NOT_SUPPORTED", 0x80094017),
    ("CERTSRV_E_ENCRYPTION_CERT_REQUIRED", 0x80094018),
    ("CERTSRV_E_TOO_MANY_SIGNATURES", 0x80094815), ("CERTSRV_E_RENEWAL_BAD_PUBLIC_KEY", 0x80094816),
    ("CERTSRV_E_INVALID_EK", 0x80094817), ("CERTSRV_E_INVALID_IDBINDING", 0x80094818),
    ("CERTSRV_E_INVALID_ATTESTATION", 0x80094819), ("CERTSRV_E_KEY_ATTESTATION", 0x8009481A),
    ("CERTSRV_E_CORRUPT_KEY_ATTESTATION", 0x8009481B), ("CERTSRV_E_EXPIRED_CHALLENGE", 0x8009481C),
    ("CERTSRV_E_INVALID_RESPONSE", 0x8009481D), ("CERTSRV_E_INVALID_REQUESTID", 0x8009481E),
    ("CERTSRV_E_REQUEST_PRECERTIFICATE_MISMATCH", 0x8009481F),
    ("CERTSRV_E_PENDING_CLIENT_RESPONSE", 0x80094820),
    ("CERTSRV_E_SEC_EXT_DIRECTORY_SID_REQUIRED", 0x80094821),
]

# Families taken whole from winerror.h.
FAMILIES = re.compile(r"^(CERTSRV_E_|XENROLL_E_|NTE_|SEC_E_|CERT_E_|CRYPT_E_|TRUST_E_|"
                      r"SCHED_S_|SCHED_E_|RPC_S_|RPC_X_|EPT_S_|RPC_E_|REGDB_E_|SCARD_E_|"
                      r"SCARD_W_|TBS_E_|E_|ERROR_WINHTTP_)")
# Single symbols (Win32 codes enrollment and its plumbing show, COM basics).
SINGLES = """
S_OK ERROR_SUCCESS NO_ERROR SEC_E_OK NTE_OP_OK
ERROR_INVALID_FUNCTION ERROR_FILE_NOT_FOUND ERROR_PATH_NOT_FOUND ERROR_ACCESS_DENIED
ERROR_INVALID_HANDLE ERROR_NOT_ENOUGH_MEMORY ERROR_INVALID_DATA ERROR_OUTOFMEMORY
ERROR_NOT_READY ERROR_BAD_FORMAT ERROR_SHARING_VIOLATION ERROR_NOT_SUPPORTED ERROR_REM_NOT_LIST
ERROR_BAD_NETPATH ERROR_NETWORK_BUSY ERROR_UNEXP_NET_ERR ERROR_NETNAME_DELETED
ERROR_NETWORK_ACCESS_DENIED ERROR_BAD_NET_NAME ERROR_FILE_EXISTS ERROR_INVALID_PASSWORD
ERROR_INVALID_PARAMETER ERROR_SEM_TIMEOUT ERROR_INSUFFICIENT_BUFFER ERROR_INVALID_NAME
ERROR_ALREADY_EXISTS ERROR_MORE_DATA WAIT_TIMEOUT ERROR_NO_MORE_ITEMS
ERROR_INVALID_FLAGS ERROR_NO_TOKEN ERROR_SERVICE_REQUEST_TIMEOUT ERROR_SERVICE_DISABLED
ERROR_SERVICE_DOES_NOT_EXIST ERROR_SERVICE_NOT_ACTIVE ERROR_DEVICE_NOT_CONNECTED ERROR_NOT_FOUND
ERROR_INVALID_DOMAINNAME ERROR_NO_NETWORK ERROR_CANCELLED ERROR_CONNECTION_REFUSED
ERROR_CONNECTION_INVALID ERROR_NETWORK_UNREACHABLE ERROR_HOST_UNREACHABLE
ERROR_PORT_UNREACHABLE ERROR_CONNECTION_ABORTED ERROR_RETRY ERROR_NOT_AUTHENTICATED
ERROR_NOT_LOGGED_ON ERROR_DOWNGRADE_DETECTED ERROR_NOT_ALL_ASSIGNED ERROR_NO_LOGON_SERVERS
ERROR_NO_SUCH_LOGON_SESSION ERROR_NO_SUCH_PRIVILEGE ERROR_PRIVILEGE_NOT_HELD
ERROR_INVALID_ACCOUNT_NAME ERROR_NO_SUCH_USER ERROR_NO_SUCH_GROUP ERROR_WRONG_PASSWORD
ERROR_PASSWORD_RESTRICTION ERROR_LOGON_FAILURE ERROR_ACCOUNT_RESTRICTION
ERROR_INVALID_LOGON_HOURS ERROR_INVALID_WORKSTATION ERROR_PASSWORD_EXPIRED
ERROR_ACCOUNT_DISABLED ERROR_NONE_MAPPED ERROR_INVALID_SID ERROR_INVALID_SECURITY_DESCR
ERROR_BAD_IMPERSONATION_LEVEL ERROR_CANT_OPEN_ANONYMOUS ERROR_BAD_TOKEN_TYPE
ERROR_NO_SUCH_DOMAIN ERROR_INTERNAL_ERROR ERROR_NO_SUCH_PACKAGE ERROR_LOGON_NOT_GRANTED
ERROR_LOGON_TYPE_NOT_GRANTED ERROR_WRONG_TARGET_NAME ERROR_MUTUAL_AUTH_FAILED ERROR_TIME_SKEW
ERROR_NO_SYSTEM_RESOURCES ERROR_TIMEOUT ERROR_NO_TRUST_LSA_SECRET ERROR_NO_TRUST_SAM_ACCOUNT
ERROR_TRUSTED_DOMAIN_FAILURE ERROR_TRUSTED_RELATIONSHIP_FAILURE ERROR_ACCOUNT_EXPIRED
ERROR_NOLOGON_INTERDOMAIN_TRUST_ACCOUNT ERROR_NOLOGON_WORKSTATION_TRUST_ACCOUNT
ERROR_NOLOGON_SERVER_TRUST_ACCOUNT ERROR_DOMAIN_TRUST_INCONSISTENT
ERROR_PASSWORD_MUST_CHANGE ERROR_DOMAIN_CONTROLLER_NOT_FOUND ERROR_ACCOUNT_LOCKED_OUT
ERROR_CONTEXT_EXPIRED ERROR_INVALID_STATE
ERROR_DS_NO_ATTRIBUTE_OR_VALUE ERROR_DS_BUSY ERROR_DS_UNAVAILABLE ERROR_DS_GC_NOT_AVAILABLE
ERROR_DS_TIMELIMIT_EXCEEDED ERROR_DS_SIZELIMIT_EXCEEDED ERROR_DS_STRONG_AUTH_REQUIRED
ERROR_DS_INAPPROPRIATE_AUTH ERROR_DS_AUTH_UNKNOWN ERROR_DS_REFERRAL ERROR_DS_NO_SUCH_OBJECT
ERROR_DS_SERVER_DOWN ERROR_DS_LOCAL_ERROR ERROR_DS_DECODING_ERROR ERROR_DS_NOT_SUPPORTED
ERROR_DS_CONFIDENTIALITY_REQUIRED ERROR_DS_OBJ_NOT_FOUND ERROR_DS_INSUFF_ACCESS_RIGHTS
ERROR_DS_DRA_ACCESS_DENIED ERROR_DS_NAME_ERROR_NOT_FOUND ERROR_DS_NAME_ERROR_NOT_UNIQUE
ERROR_DS_CANT_ON_NON_LEAF
CO_E_NOTINITIALIZED CO_E_CLASSSTRING CO_E_APPNOTFOUND CO_E_SERVER_EXEC_FAILURE
CO_E_SERVER_START_TIMEOUT CO_E_WRONG_SERVER_IDENTITY CO_E_RUNAS_LOGON_FAILURE
CO_E_LAUNCH_PERMSSION_DENIED CO_E_BAD_SERVER_NAME CO_E_CANT_REMOTE CO_E_SERVER_STOPPING
CO_E_REMOTE_COMMUNICATION_FAILURE CO_E_ACCESSCHECKFAILED CO_E_NOT_SUPPORTED
CLASS_E_CLASSNOTAVAILABLE CLASS_E_NOAGGREGATION DISP_E_EXCEPTION DISP_E_MEMBERNOTFOUND
DISP_E_TYPEMISMATCH DISP_E_PARAMNOTFOUND DISP_E_BADPARAMCOUNT
""".split()
# Symbols that win when several share one value.
PREFERRED = {"S_OK", "E_ACCESSDENIED", "E_HANDLE", "E_OUTOFMEMORY", "E_INVALIDARG",
             "E_NOT_SUFFICIENT_BUFFER", "E_NOT_SET", "E_NOT_VALID_STATE"}

# Findings (spec/findings.md) each code points to.
FINDINGS = {
    "RPC_S_SERVER_UNAVAILABLE": ["ca.unreachable", "ces.endpoint-failure", "ca.second-hop"],
    "E_ACCESSDENIED": ["ca.access-denied", "ca.second-hop"],
    "ERROR_TIMEOUT": ["ca.unreachable"],
    "RPC_S_SERVER_TOO_BUSY": ["ca.unreachable"],
    "RPC_S_CALL_FAILED": ["ca.unreachable"],
    "RPC_S_CALL_FAILED_DNE": ["ca.unreachable"],
    "RPC_S_UNKNOWN_AUTHN_SERVICE": ["ca.unreachable"],
    "RPC_S_SEC_PKG_ERROR": ["ca.unreachable", "ca.second-hop"],
    "RPC_S_INVALID_NET_ADDR": ["ca.unreachable"],
    "RPC_S_PROTSEQ_NOT_SUPPORTED": ["ca.unreachable"],
    "RPC_S_CALL_CANCELLED": ["ca.unreachable"],
    "EPT_S_NOT_REGISTERED": ["ca.unreachable"],
    "RPC_E_DISCONNECTED": ["ca.unreachable"],
    "RPC_E_SERVER_DIED": ["ca.unreachable"],
    "RPC_E_SERVER_DIED_DNE": ["ca.unreachable"],
    "RPC_E_TIMEOUT": ["ca.unreachable"],
    "CERTSRV_E_UNSUPPORTED_CERT_TYPE": ["enroll.template-unsupported", "template.not-published"],
    "CERTSRV_E_UNKNOWN_CERT_TYPE": ["template.not-published"],
    "CERTSRV_E_TEMPLATE_DENIED": ["ca.denied", "perm.template-enroll", "perm.ca-request",
                                  "perm.token-stale", "perm.token-maybe-stale"],
    "CERTSRV_E_ENROLL_DENIED": ["ca.denied", "perm.ca-request", "perm.token-stale", "perm.token-maybe-stale"],
    "CERTSRV_E_SUBJECT_EMAIL_REQUIRED": ["account.mail-missing"],
    "CERT_E_INVALID_POLICY": ["template.invalid-policy"],
    "WS_E_ENDPOINT_FAULT_RECEIVED": ["ces.user-not-delegated", "ces.no-delegation",
                                     "ces.unconstrained-credential-guard", "ces.no-impersonate",
                                     "ces.kbr-no-ca-read", "ces.kbr-renew-on-behalf",
                                     "ces.ca-request-failed"],
    "WS_E_ENDPOINT_FAILURE": ["ces.endpoint-failure", "ca.unreachable"],
    "SEC_E_DELEGATION_REQUIRED": ["ces.user-not-delegated", "ces.no-delegation"],
    "SEC_E_CROSSREALM_DELEGATION_FAILURE": ["ces.no-delegation"],
    "SCHED_S_TASK_HAS_NOT_RUN": ["task.never-run"],
    "SCHED_S_TASK_DISABLED": ["task.disabled"],
    "SCHED_S_TASK_RUNNING": ["task.hanging"],
    "SCARD_E_NO_SMARTCARD": ["ksp.unavailable"],
    "SCARD_E_NO_READERS_AVAILABLE": ["ksp.unavailable"],
    "SCARD_E_READER_UNAVAILABLE": ["ksp.unavailable"],
    "SCARD_E_NO_SERVICE": ["ksp.unavailable"],
    "SCARD_E_SERVICE_STOPPED": ["ksp.unavailable"],
    "SCARD_W_REMOVED_CARD": ["ksp.unavailable"],
    "TBS_E_SERVICE_NOT_RUNNING": ["ksp.unavailable"],
    "TBS_E_SERVICE_DISABLED": ["ksp.unavailable"],
    "TBS_E_TPM_NOT_FOUND": ["ksp.unavailable"],
}
FINDINGS_PREFIX = {"NTE_": ["ksp.unavailable"]}

WIN32_PREFIX = re.compile(r"^(ERROR_|RPC_S_|RPC_X_|EPT_S_|WAIT_|NO_ERROR|SCHED_E_SERVICE_NOT_LOCALSYSTEM)")


def parse(path, base_env):
    defs = {}
    order = []
    rx = re.compile(r"^\s*#\s*define\s+([A-Z][A-Z0-9_]*)\s+(.+?)\s*(?://.*|/\*.*)?$")
    for line in open(path, encoding="latin-1"):
        m = rx.match(line)
        if not m:
            continue
        name, expr = m.group(1), m.group(2).strip()
        if name in defs and defs[name] != expr:
            sys.exit(f"{path}: {name} defined twice differently: {defs[name]!r} {expr!r}")
        if name not in defs:
            order.append(name)
        defs[name] = expr
    return defs, order


def value_of(name, defs, depth=0):
    """(value, is_hresult) or None."""
    if depth > 5 or name not in defs:
        return None
    e = defs[name]
    m = re.fullmatch(r"_HRESULT_TYPEDEF_\((0x[0-9A-Fa-f]+)L?\)", e) or \
        re.fullmatch(r"\(\(HRESULT\)\s*(0x[0-9A-Fa-f]+)L?\)", e)
    if m:
        return int(m.group(1), 16), True
    m = re.fullmatch(r"__MSABI_LONG\((\d+)\)", e) or re.fullmatch(r"(\d+)L?", e)
    if m:
        return int(m.group(1)), False
    m = re.fullmatch(r"\(WINHTTP_ERROR_BASE \+ (\d+)\)", e)
    if m:
        return 12000 + int(m.group(1)), False
    m = re.fullmatch(r"HRESULT_FROM_WIN32\(([A-Z0-9_]+)\)", e)
    if m:
        v = value_of(m.group(1), defs, depth + 1)
        if v is None or v[1]:
            return None
        return (0x80070000 | v[0] if v[0] else 0), True
    m = re.fullmatch(r"([A-Z][A-Z0-9_]+)", e)
    if m:
        return value_of(m.group(1), defs, depth + 1)
    return None


def hresult(name, v, is_hr):
    if is_hr or v == 0:
        return v
    if not WIN32_PREFIX.match(name):
        sys.exit(f"{name}: plain value {v} outside a Win32 family")
    if v >= 0x10000:
        sys.exit(f"{name}: Win32 value {v} too large")
    return 0 if v == 0 else (0x80070000 | v)


def main():
    defs, order = parse(f"{INC}/winerror.h", {})
    hdefs, horder = parse(f"{INC}/winhttp.h", {})
    for n in horder:
        if n.startswith("ERROR_WINHTTP_"):
            defs[n] = hdefs[n]
            order.append(n)
    wanted = []
    for n in order:
        if FAMILIES.match(n) or n in SINGLES:
            wanted.append(n)
    missing = [n for n in SINGLES if n not in defs]
    if missing:
        sys.exit(f"not in winerror.h: {missing}")
    entries = []  # (value, symbol)
    for n in wanted:
        v = value_of(n, defs)
        if v is None:
            # E_ prefix catches a few non-code macros; report and skip them.
            print(f"skipped {n} = {defs[n]}", file=sys.stderr)
            continue
        h = hresult(n, *v)
        if 0 < h < 0x10000:
            # code_lookup reads such a value as a Win32 code; it cannot be kept.
            sys.exit(f"{n}: value 0x{h:X} would be taken for a Win32 code")
        entries.append((h, n))
    for n, v in SDK_EXTRA:
        if n in defs:
            sys.exit(f"{n} is in winerror.h now; drop it from SDK_EXTRA")
        entries.append((v, n))
    # Direct aliases (#define A B) are aliases even when B is not taken.
    by_value = {}
    for v, n in entries:
        by_value.setdefault(v, []).append(n)
    table, aliases = [], []
    for v in sorted(by_value):
        names = by_value[v]
        pref = [n for n in names if n in PREFERRED]
        direct = [n for n in names if not re.fullmatch(r"[A-Z][A-Z0-9_]+", defs.get(n, "0x"))]
        primary = pref[0] if pref else (direct[0] if direct else names[0])
        table.append((v, primary))
        for n in names:
            if n != primary:
                aliases.append((n, v))
    for f in FINDINGS:
        if f not in [n for _, n in table]:
            sys.exit(f"findings for unknown symbol {f}")
    out = []
    w = out.append
    w("/* codes_table.c: Windows error codes as enrollment shows them, sorted by")
    w(" * value. GENERATED by tests/tools/gen_codes_table.py from winerror.h and")
    w(" * winhttp.h of mingw-w64 (plus WS_E_* and newer CERTSRV_E_* from winerror.h")
    w(" * of the Windows SDK 10.0.22621); edit the script, not this file. */")
    w('#include "codes.h"')
    w("")
    lists = {}
    for v, n in table:
        f = FINDINGS.get(n)
        if f is None:
            for p, pf in FINDINGS_PREFIX.items():
                if n.startswith(p):
                    f = pf
        if f:
            lists.setdefault(tuple(f), f"findings_{len(lists)}")
    for f, name in lists.items():
        w(f"static const char *const {name}[] = {{" + ", ".join(f'"{x}"' for x in f) + ", NULL};")
    w("")
    w("const struct code_info code_entries[] = {")
    for v, n in table:
        f = FINDINGS.get(n)
        if f is None:
            for p, pf in FINDINGS_PREFIX.items():
                if n.startswith(p):
                    f = pf
        fs = "NULL" if not f else lists[tuple(f)]
        w(f'    {{0x{v:08X}u, "{n}", {fs}}},')
    w("};")
    w("const size_t code_entries_len = sizeof code_entries / sizeof code_entries[0];")
    w("")
    w("/* Other names for values above, sorted by symbol. */")
    w("const struct code_alias code_aliases[] = {")
    for n, v in sorted(aliases):
        w(f'    {{"{n}", 0x{v:08X}u}},')
    w("};")
    w("const size_t code_aliases_len = sizeof code_aliases / sizeof code_aliases[0];")
    w("")
    # Index of code_entries sorted by symbol (byte order; symbols are upper case).
    idx = sorted(range(len(table)), key=lambda i: table[i][1])
    w("/* Indexes into code_entries, sorted by symbol. */")
    w("const unsigned short code_symbol_index[] = {")
    for i in range(0, len(idx), 12):
        w("    " + ", ".join(str(x) for x in idx[i:i + 12]) + ",")
    w("};")
    print("\n".join(out))
    print(f"{len(table)} entries, {len(aliases)} aliases", file=sys.stderr)


if __name__ == "__main__":
    main()
