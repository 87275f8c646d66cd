#!/usr/bin/env bash
# The live probes (src/platform/win32/probe_*.c) under Wine, against state
# seeded into a fresh prefix:
#   - AEPolicy user 7 / machine 0 and Enroll\LogLevel 2 (wine reg add);
#   - certificates made by openssl with the V1 and V2 template extensions,
#     one of them expired, imported by fixtures/certimport.exe (user: one V1
#     with its key, one V2 without; machine: the expired V2 with its key);
#   - the CertificateServicesClient tasks (schtasks /create /xml), the
#     SystemTask disabled;
#   - the CA client mocked by fixtures/mockca.dll (CertificateAuthority.Config
#     lists two CAs, .Request answers one and fails the other, a retired CA,
#     with 0x800706BA; the directory's CAs added to the bundle afterwards say
#     which one publishes the template: the retired one's silence is no
#     finding; the template names the software provider: under Wine no
#     key test, and no ksp finding).
# Then `enrolldoc.exe collect` and jq on every fact it must have read; a run
# with a CA that never answers (timeout 0x800705B4, collect does not hang);
# fixtures/probe_driver.exe for the notes and times of each group; and
# `diagnose --bundle` on the written bundle under Wine and on Linux alike;
# the event log through fixtures/mockwevtapi.c (a stand-in wevtapi.dll): a
# CertEnroll event with the CES fault 0x803D0013 and the CA's 0x80094012
# inside sends the walk down the CES branch to ca.denied.
#
# Usage: bash tests/windows/test-probes.sh [WIN_BUILD_DIR [LINUX_ENROLLDOC]]
#   WIN_BUILD_DIR: the mingw build (enrolldoc.exe, libenrolldoc_core.a,
#                  CMakeCache.txt); default build-windows (as tests/windows/build.sh makes it)
#   LINUX_ENROLLDOC: the Linux binary for the cross check; default
#                  build/enrolldoc (skipped when missing)
# Needs: x86_64-w64-mingw32-gcc, wine (wine64), openssl, jq.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
win=${1:-build-windows}
lin=${2:-build/enrolldoc}
case $win in /*) ;; *) win=$root/$win ;; esac
case $lin in /*) ;; *) lin=$root/$lin ;; esac
exe=$win/enrolldoc.exe
[ -f "$exe" ] || { echo "test-probes: $exe missing (build the mingw target first)" >&2; exit 2; }
for t in x86_64-w64-mingw32-gcc wine openssl jq; do
  command -v "$t" >/dev/null || { echo "test-probes: $t missing" >&2; exit 2; }
done

tmp=$(mktemp -d /tmp/enrolldoc-probes.XXXXXX)
export WINEPREFIX=$tmp/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree=;mshtml=" DISPLAY=
unset WAYLAND_DISPLAY
# OpenSSH's variables make the session a remote shell (session.remote)
unset SSH_CONNECTION SSH_CLIENT
cleanup() {
  wineserver -k >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
[ -n "${KEEP_TMP:-}" ] && trap "wineserver -k >/dev/null 2>&1 || true" EXIT

fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1" >&2; fails=$((fails + 1)); }
# check DESCRIPTION JQ-EXPR FILE: the expression must give true
check() {
  if [ "$(jq -r "$2" "$3" 2>/dev/null)" = "true" ]; then pass "$1"; else fail "$1 ($2)"; fi
}
ms() { date +%s%3N; }

# ---- fixtures, built for Windows ----
fx=$root/tests/windows/fixtures
cc=x86_64-w64-mingw32-gcc
$cc -std=c11 -O2 -Wall -Wextra -Werror -municode -o "$tmp/certimport.exe" "$fx/certimport.c" -lcrypt32
$cc -std=c11 -O2 -Wall -Wextra -Werror -shared -o "$tmp/mockca.dll" "$fx/mockca.c" "$fx/mockca.def" \
  -lole32 -loleaut32 -luuid
cjson=$(sed -n 's/^ENROLLDOC_CJSON_LIBRARIES:[A-Z]*=//p' "$win/CMakeCache.txt" 2>/dev/null || true)
[ -n "$cjson" ] || cjson=${ENROLLDOC_MINGW_PREFIX:-$HOME/.cache/enrolldoc-mingw}/lib/libcjson.a
expat=$(sed -n 's/^ENROLLDOC_EXPAT_LIBRARIES:[A-Z]*=//p' "$win/CMakeCache.txt" 2>/dev/null || true)
[ -n "$expat" ] || expat=${ENROLLDOC_MINGW_PREFIX:-$HOME/.cache/enrolldoc-mingw}/lib/libexpat.a
$cc -std=c11 -O2 -Wall -Wextra -Werror -I"$root/src" -o "$tmp/probe_driver.exe" "$fx/probe_driver.c" \
  "$win/libenrolldoc_core.a" "$cjson" "$expat" -static -ladvapi32 -lole32 -loleaut32 -lcrypt32 -lncrypt \
  -ltaskschd -lwevtapi -lnetapi32 -lsecur32 -lwtsapi32 -lshell32 -lwldap32
wp() { winepath -w "$1" 2>/dev/null; }

# ---- certificates (shared/WINE.md 2) ----
cd "$tmp"
cat >tmpl.cnf <<'EOF'
[req]
distinguished_name = dn
prompt = no
string_mask = utf8only
[dn]
CN = Jörg Müller
O = Contoso
[ext_v1]
basicConstraints = CA:FALSE
1.3.6.1.4.1.311.20.2 = ASN1:BMPSTRING:User
[ext_v2]
basicConstraints = CA:FALSE
1.3.6.1.4.1.311.21.7 = ASN1:SEQUENCE:cert_template
[cert_template]
templateID = OID:1.3.6.1.4.1.311.21.8.1111111.2222222.3333333.4444444.5555555.66.7777777.8888888
templateMajorVersion = INTEGER:100
templateMinorVersion = INTEGER:5
[ca]
default_ca = ca_sect
[ca_sect]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
[policy_any]
commonName = supplied
organizationName = optional
EOF
openssl req -x509 -new -newkey rsa:2048 -nodes -utf8 -config tmpl.cnf -extensions ext_v1 \
  -keyout v1.key -out v1.pem -days 365 2>/dev/null
openssl pkcs12 -export -in v1.pem -inkey v1.key -out v1.pfx -passout pass:test 2>/dev/null
openssl req -x509 -new -newkey rsa:2048 -nodes -utf8 -config tmpl.cnf -extensions ext_v2 \
  -subj "/CN=alice V2/O=Contoso" -keyout v2.key -out v2.pem -days 365 2>/dev/null
openssl x509 -in v2.pem -outform DER -out v2.der
: >index.txt
echo 01 >serial
openssl req -new -newkey rsa:2048 -nodes -utf8 -config tmpl.cnf -subj "/CN=pc0042.contoso.test/O=Contoso" \
  -keyout old.key -out old.csr 2>/dev/null
openssl ca -batch -selfsign -config tmpl.cnf -extensions ext_v2 -keyfile old.key -in old.csr \
  -startdate 20200101000000Z -enddate 20210101000000Z -out old.pem >/dev/null 2>&1
openssl pkcs12 -export -in old.pem -inkey old.key -out old.pfx -passout pass:test 2>/dev/null
thumb() { openssl x509 -in "$1" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g'; }
tp_v1=$(thumb v1.pem)
tp_v2=$(thumb v2.pem)
tp_old=$(thumb old.pem)

# ---- the prefix and its state ----
t0=$(ms)
wineboot -i >/dev/null 2>&1
wineserver -w
echo "prefix ready in $(( $(ms) - t0 )) ms"
wine reg add 'HKCU\Software\Policies\Microsoft\Cryptography\AutoEnrollment' /v AEPolicy /t REG_DWORD /d 7 /f >/dev/null
wine reg add 'HKLM\Software\Policies\Microsoft\Cryptography\AutoEnrollment' /v AEPolicy /t REG_DWORD /d 0 /f >/dev/null
wine reg add 'HKLM\SOFTWARE\Microsoft\Cryptography\AutoEnrollment' /v LogLevel /t REG_DWORD /d 2 /f >/dev/null
# a CEP/CES policy server from Group Policy for the user: the CES path
ps='HKCU\Software\Policies\Microsoft\Cryptography\PolicyServers\37c9dc30f207f27f61a2f7c3aed598a6e2920b54'
wine reg add "$ps" /v URL /d 'https://ces.corp.example/ADPolicyProvider_CEP_Kerberos/service.svc/CEP' /f >/dev/null
wine reg add "$ps" /v PolicyID /d '{6A6C3A3B-1B8D-4B5E-9C4E-2A9C6B1D7E10}' /f >/dev/null
wine reg add "$ps" /v FriendlyName /d 'Contoso CEP' /f >/dev/null
wine reg add "$ps" /v AuthFlags /t REG_DWORD /d 2 /f >/dev/null
wine reg add "$ps" /v Cost /t REG_DWORD /d 100 /f >/dev/null
wine "$tmp/certimport.exe" user "$(wp v1.pfx)" test
wine "$tmp/certimport.exe" user "$(wp v2.der)"
wine "$tmp/certimport.exe" machine "$(wp old.pfx)" test
wine "$tmp/certimport.exe" machine "$(wp v2.der)" # in both registry stores: in both lists
for t in UserTask:usertask.xml SystemTask:systemtask.xml; do
  wine schtasks /create /xml "$(wp "$fx/${t#*:}")" \
    /tn "\\Microsoft\\Windows\\CertificateServicesClient\\${t%%:*}" /f >/dev/null
done
G_REQ='{98AFF3F0-5524-11D0-8812-00A0C903B83C}'
G_CFG='{372FCE38-4324-11D0-8810-00A0C903B83C}'
for g in "$G_REQ" "$G_CFG"; do
  wine reg add "HKCR\\CLSID\\$g\\InprocServer32" /ve /d "$(wp "$tmp/mockca.dll")" /f >/dev/null
  wine reg add "HKCR\\CLSID\\$g\\InprocServer32" /v ThreadingModel /d Both /f >/dev/null
done
wine reg add 'HKCR\CertificateAuthority.Request\CLSID' /ve /d "$G_REQ" /f >/dev/null
wine reg add 'HKCR\CertificateAuthority.Config\CLSID' /ve /d "$G_CFG" /f >/dev/null
wineserver -w

# ---- collect ----
t0=$(ms)
wine "$exe" collect -o "$(wp "$tmp/out.json")" >collect.log 2>&1 || { cat collect.log; fail "collect exit status"; }
collect_ms=$(( $(ms) - t0 ))
echo "collect took $collect_ms ms"
b=$tmp/out.json
[ -s "$b" ] || { echo "test-probes: no bundle written" >&2; cat collect.log; exit 1; }

check "format" '.format == "enrolldoc-bundle/1"' "$b"
check "aepolicy.user 7" '.facts.aepolicy.user == 7' "$b"
check "aepolicy.machine 0" '.facts.aepolicy.machine == 0' "$b"
check "loglevel 2" '.facts.loglevel == 2' "$b"
check "policy server: the user's CEP from Group Policy" \
  '[.facts.policy_servers[] | select(.context == "user" and .source == "policy")][0].url | startswith("https://ces.corp.example/")' "$b"
# the walk knows by itself that this client enrolls through CEP/CES
wine "$exe" diagnose --bundle "$(wp "$b")" --context user --json >"$tmp/ps.diag.json" 2>/dev/null || true
check "policy server: diagnose takes the CES path without asking" \
  '[.path[] | select(.node == "q.transport")][0].answer == "ces"' "$tmp/ps.diag.json"

cu=".facts.certificates.user"
lm=".facts.certificates.machine"
check "user store: two certificates" "($cu | length) == 2" "$b"
check "machine store: two certificates" "($lm | length) == 2" "$b"
check "de-dup: a cert in both registry stores is in both lists" \
  "([$cu[].thumbprint] | index(\"$tp_v2\") != null) and ([$lm[].thumbprint] | index(\"$tp_v2\") != null)" "$b"
check "de-dup: the machine's cert is not in the user's list (Wine lists LM in CU)" \
  "[$cu[].thumbprint] | index(\"$tp_old\") == null" "$b"
check "V1 cert: thumbprint" "[$cu[].thumbprint] | index(\"$tp_v1\") != null" "$b"
check "V1 cert: template_name from the BMPString" \
  "($cu[] | select(.thumbprint == \"$tp_v1\") | .template_name) == \"User\"" "$b"
check "V1 cert: template_oid null" "($cu[] | select(.thumbprint == \"$tp_v1\") | .template_oid) == null" "$b"
# names as PowerShell's Subject shows them: the RDNs in reverse order of the
# encoding (openssl encodes CN first; an AD CA encodes DC first)
check "V1 cert: subject in UTF-8" \
  "($cu[] | select(.thumbprint == \"$tp_v1\") | .subject) == \"O=Contoso, CN=Jörg Müller\"" "$b"
check "V1 cert: issuer (self-signed)" \
  "($cu[] | select(.thumbprint == \"$tp_v1\") | .issuer) == \"O=Contoso, CN=Jörg Müller\"" "$b"
check "V1 cert: has_private_key (PFX)" \
  "($cu[] | select(.thumbprint == \"$tp_v1\") | .has_private_key) == true" "$b"
check "V2 cert: template_oid (DER fallback: Wine has no decoder)" \
  "($cu[] | select(.thumbprint == \"$tp_v2\") | .template_oid) == \"1.3.6.1.4.1.311.21.8.1111111.2222222.3333333.4444444.5555555.66.7777777.8888888\"" "$b"
check "V2 cert: template_name null" "($cu[] | select(.thumbprint == \"$tp_v2\") | .template_name) == null" "$b"
check "V2 cert: no private key (DER only)" \
  "($cu[] | select(.thumbprint == \"$tp_v2\") | .has_private_key) == false" "$b"
old="$lm[] | select(.thumbprint == \"$tp_old\")"
check "expired cert: not_before / not_after" \
  "($old | (.not_before == \"2020-01-01T00:00:00Z\") and (.not_after == \"2021-01-01T00:00:00Z\"))" "$b"
check "expired cert: subject, template OID, key" \
  "($old | (.subject == \"O=Contoso, CN=pc0042.contoso.test\") and (.template_oid | startswith(\"1.3.6.1.4.1.311.21.8.\")) and (.has_private_key == true))" "$b"
check "archived left absent under Wine (a stub there)" \
  "([$cu[], $lm[] | has(\"archived\")] | any) == false" "$b"
check "V1 cert: validity is a one-year range around now" \
  "($cu[] | select(.thumbprint == \"$tp_v1\") | ((.not_after | fromdate) - (.not_before | fromdate))) == 31536000" "$b"

check "UserTask exists, enabled, ready" \
  '.facts.tasks.user == {"exists": true, "enabled": true, "state": "ready", "last_run": null}' "$b"
check "SystemTask exists, disabled" \
  '(.facts.tasks.machine.exists == true) and (.facts.tasks.machine.enabled == false) and (.facts.tasks.machine.state == "disabled")' "$b"
check "tasks: last_result absent (E_NOTIMPL under Wine)" \
  '(.facts.tasks.user | has("last_result")) == false' "$b"

check "identity.user sid" '.facts.identity.user.sid | test("^S-1-5-21-[0-9-]+$")' "$b"
check "identity.user name DOMAIN\\name" '.facts.identity.user.name | test("^[^\\\\]+\\\\[^\\\\]+$")' "$b"
check "identity.user token_groups: Everyone, Authenticated Users, Administrators" \
  '.facts.identity.user.token_groups | (index("S-1-1-0") != null and index("S-1-5-11") != null and index("S-1-5-32-544") != null)' "$b"
check "identity.user token_groups: no logon SID, no integrity label" \
  '[.facts.identity.user.token_groups[] | select(test("^S-1-5-5-|^S-1-16-"))] | length == 0' "$b"
check "identity: directory facts absent, no machine identity" \
  '(.facts.identity.user | has("directory_groups") or has("not_delegated") or has("mail")) == false and (.facts.identity | has("machine")) == false' "$b"
check "session: elevated, not SYSTEM, workgroup, no DC, no RunAs, not remote" \
  '.facts.session | del(.boot_time) == {"elevated": true, "system": false, "domain_joined": false, "dc_reachable": false, "runas": false, "remote": false}' "$b"
# boot_time: now less GetTickCount64 (Wine counts from the host's start)
check "session.boot_time: a time before the collection" \
  '(.facts.session.boot_time | fromdateiso8601) <= (.meta.collected_at | fromdateiso8601)' "$b"
# logon_time: Wine's LsaGetLogonSessionData is a semi-stub without a logon
# time: absent, and the note says why (a real Windows fills it)
check "identity.user.logon_time: a time before the collection, or absent with a note" \
  '(.facts.identity.user.logon_time // null) as $t | if $t == null then true
   else ($t | fromdateiso8601) <= (.meta.collected_at | fromdateiso8601) end' "$b"
if ! jq -e '.facts.identity.user | has("logon_time")' "$b" >/dev/null; then
  check "logon_time absent: the note says why" '.probe_notes.identity | test("logon_time unknown")' "$b"
fi

check "ca_ping: two CAs" '.facts.ca_ping | length == 2' "$b"
check "ca_ping: the CA answered its name, with the umlaut" \
  '.facts.ca_ping[] | select(.config == "ca01.contoso.test\\Contoso Issuing CA Ä") | (.ok == true and .ca_name == "Contoso Issuing CA Ä")' "$b"
check "ca_ping: the unreachable CA: 0x800706BA" \
  '.facts.ca_ping[] | select(.config | test("unreachable")) | (.ok == false and (.error | ascii_upcase) == "0X800706BA")' "$b"
check "ca_ping: the account the pings ran as, DOMAIN\\name" \
  '[.facts.ca_ping[].account | test("^[^\\\\]+\\\\[^\\\\]+$")] | all and length == 2' "$b"
check "ca_ping: the same account as identity.user" \
  '.facts.ca_ping[0].account == .facts.identity.user.name' "$b"

check "ksp unknown, noted (Wine stub)" \
  '(.facts | has("ksp")) == false and (.probe_notes.ksp | test("Wine"))' "$b"
check "events unknown, noted (Wine)" \
  '(.facts | has("events")) == false and (.probe_notes.events | test("Wine"))' "$b"

# ---- the notes of collected groups, and the time of each probe ----
wine "$tmp/probe_driver.exe" 5000 >driver.jsonl 2>driver.err || fail "probe_driver exit status"
jq -s . driver.jsonl >driver.json
check "driver: archived noted as unknown (Wine)" \
  '.[] | select(.group == "certificates") | (.rc == 0 and (.note | test("archived: unknown")))' driver.json
check "driver: ksp rc 1" '.[] | select(.group == "ksp") | .rc == 1' driver.json
echo "probe times under Wine (ms): $(jq -r 'map("\(.group) \(.ms)") | join(", ")' driver.json)"

# ---- a CA that never answers: ERROR_TIMEOUT, and collect returns in time ----
t0=$(ms)
MOCKCA_EXTRA='hang.contoso.test\Dead CA;denied.contoso.test\Strict CA' WINEDEBUG=-all \
  SSH_CONNECTION='192.0.2.7 50022 192.0.2.10 22' wine "$exe" collect --timeout 2 -o "$(wp "$tmp/hang.json")" >hang.log 2>&1 || true
hang_ms=$(( $(ms) - t0 ))
echo "collect with a hanging CA took $hang_ms ms (--timeout 2; the CA ping is given at least 15 s)"
check "hanging CA: 0x800705B4 ERROR_TIMEOUT" \
  '.facts.ca_ping[] | select(.config | test("hang")) | (.ok == false and (.error | ascii_upcase) == "0X800705B4")' hang.json
check "hanging CA: the others still answered" \
  '[.facts.ca_ping[] | select(.ok == true)] | length == 1' hang.json
if [ "$hang_ms" -lt 20000 ]; then pass "hanging CA: collect ends at the CA ping's deadline"; else fail "hanging CA: collect took $hang_ms ms"; fi
check "SSH_CONNECTION set: session.remote true" '.facts.session.remote == true' hang.json
check "access denied by a CA: 0x80070005" \
  '.facts.ca_ping[] | select(.config | test("denied")) | (.ok == false and (.error | ascii_upcase) == "0X80070005")' hang.json

# ---- changed state: a policy value of the wrong type, no log level, no user task ----
wine reg add 'HKCU\Software\Policies\Microsoft\Cryptography\AutoEnrollment' /v AEPolicy /t REG_SZ /d 7 /f >/dev/null
wine reg delete 'HKLM\SOFTWARE\Microsoft\Cryptography\AutoEnrollment' /v LogLevel /f >/dev/null
wine schtasks /delete /tn '\Microsoft\Windows\CertificateServicesClient\UserTask' /f >/dev/null 2>&1 || true
wineserver -w
wine "$exe" collect -o "$(wp "$tmp/changed.json")" >changed.log 2>&1 || true
check "AEPolicy as REG_SZ: unknown (absent), not a number" \
  '(.facts.aepolicy | has("user")) == false and .facts.aepolicy.machine == 0' changed.json
check "LogLevel deleted: null" '.facts | has("loglevel") and .loglevel == null' changed.json
check "UserTask deleted: exists false" '.facts.tasks.user == {"exists": false}' changed.json
wine "$tmp/probe_driver.exe" 5000 >driver2.jsonl 2>/dev/null || true
check "driver: the wrong registry type is noted" \
  '.group == "aepolicy" and (.note | test("not a REG_DWORD"))' <(head -1 driver2.jsonl)

# ---- the bundle diagnosed under Wine and on Linux alike ----
set +e
wine "$exe" diagnose --bundle "$(wp "$b")" --json >diag-wine.json 2>diag-wine.err
st_wine=$?
set -e
check "diagnose under Wine: a diagnosis" '.format == "enrolldoc-diagnosis/1"' diag-wine.json
check "diagnose under Wine: machine AEPolicy 0 found" \
  '[.findings[] | select(.id == "aepolicy.enroll-off" and .context == "machine")] | length == 1' diag-wine.json
check "diagnose under Wine: SystemTask disabled found" \
  '[.findings[] | select(.id == "task.disabled")] | length >= 1' diag-wine.json
check "diagnose under Wine: unreachable CA found" \
  '[.findings[] | select(.id == "ca.unreachable")] | length >= 1' diag-wine.json
# the directory's view added: the template ContosoUser and the CA that
# publishes it; the retired "Contoso Old CA" publishes nothing, so its
# silence is no finding
jq '.template = "ContosoUser" | .facts.templates = [{"name": "ContosoUser", "providers": ["Microsoft Software Key Storage Provider"]}]
    | .facts.cas = [{"name": "Contoso Issuing CA Ä", "config": "ca01.contoso.test\\Contoso Issuing CA Ä", "templates": ["ContosoUser"]},
                    {"name": "Contoso Old CA", "config": "unreachable.contoso.test\\Contoso Old CA", "templates": []}]' \
  "$b" >retired.json
wine "$exe" diagnose --bundle "$(wp "$tmp/retired.json")" --json >diag-retired.json 2>diag-retired.err || true
check "diagnose under Wine: a retired CA silent beside a live one: no ca.unreachable" \
  '.format == "enrolldoc-diagnosis/1" and ([.findings[] | select(.id | startswith("ca."))] | length == 0)' diag-retired.json
check "diagnose under Wine: a template naming the software provider: no ksp finding" \
  '[.findings[] | select(.id | startswith("ksp."))] | length == 0' diag-retired.json
# the hanging and the strict CA publish the template, the retired one
# nothing: a remote shell's access denied is the second hop, not the CA's
jq '.template = "ContosoUser" | .facts.cas = [.facts.ca_ping[] | {"name": (.config | sub("^[^\\\\]*\\\\"; "")), "config": .config,
      "templates": (if (.config | test("unreachable")) then [] else ["ContosoUser"] end)}]' \
  hang.json >hang-cas.json
wine "$exe" diagnose --bundle "$(wp "$tmp/hang-cas.json")" --json >diag-hang.json 2>diag-hang.err || true
check "diagnose under Wine: remote shell, access denied: ca.second-hop" \
  '[.findings[] | select(.id == "ca.second-hop")] | (length >= 1 and all(.evidence.config | test("denied")))' diag-hang.json
check "diagnose under Wine: the CA that timed out: ca.unreachable with timeout" \
  '[.findings[] | select(.id == "ca.unreachable" and .evidence.timeout == true)] | length >= 1' diag-hang.json
if [ -x "$lin" ]; then
  set +e
  "$lin" diagnose --bundle "$b" --json >diag-linux.json 2>diag-linux.err
  st_lin=$?
  set -e
  if [ "$st_lin" = "$st_wine" ]; then pass "diagnose: same exit status ($st_lin)"; else fail "diagnose: exit $st_lin (Linux) vs $st_wine (Wine)"; fi
  if cmp -s <(jq -S . diag-linux.json) <(jq -S . diag-wine.json); then
    pass "diagnose: Linux and Wine give the same diagnosis"
  else
    fail "diagnose: Linux and Wine differ"; diff <(jq -S . diag-linux.json) <(jq -S . diag-wine.json) | head -20 >&2
  fi
else
  echo "skip diagnose on Linux: $lin missing"
fi

echo "collect under Wine: $collect_ms ms"

# ---- collecting for a fleet: --out-dir names the file HOST_YYYYMMDDTHHMMSSZ.json ----
mkdir -p "$tmp/fleetdir"
wine "$exe" collect --out-dir "$(wp "$tmp/fleetdir")" >outdir.log 2>&1 || true
od=$(ls "$tmp/fleetdir")
if [ "$(echo "$od" | wc -l)" = 1 ] && [[ $od =~ ^[A-Za-z0-9_-]+_[0-9]{8}T[0-9]{6}Z\.json$ ]]; then
  pass "collect --out-dir: one file named HOST_YYYYMMDDTHHMMSSZ.json ($od)"
else
  fail "collect --out-dir: $od ($(cat outdir.log))"
fi
check "collect --out-dir: a bundle whose time is in its name" \
  "(.meta.collected_at | gsub(\"[-:]\"; \"\")) as \$t | \"$od\" | endswith(\$t + \".json\")" "$tmp/fleetdir/$od"

# ---- the event log, through fixtures/mockwevtapi.c (Wine's EvtQuery is a
# stub): a CertEnroll event carrying the CES fault 0x803D0013 with the CA's
# answer inside it; with the user's CEP policy server above, the live walk
# takes the CES branch by itself and the fault's inner code decides ----
mk=$tmp/mockevt
mkdir -p "$mk"
cp "$exe" "$mk/enrolldoc.exe"
$cc -std=c11 -O2 -Wall -Wextra -Werror -shared -o "$mk/wevtapi.dll" "$fx/mockwevtapi.c" "$fx/mockwevtapi.def"
now=$(date -u +%Y-%m-%dT%H:%M:%S.000000000Z)
ev() { # PROVIDER ID LEVEL MESSAGE
  printf '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="%s"/><EventID>%s</EventID><Level>%s</Level><TimeCreated SystemTime="%s"/><Security UserID="S-1-5-21-1-2-3-1104"/></System><RenderingInfo Culture="en-US"><Message>%s</Message></RenderingInfo></Event>\n' \
    "$1" "$2" "$3" "$now" "$4"
}
{
  ev Microsoft-Windows-CertificateServicesClient-AutoEnrollment 2 4 'Automatic certificate enrollment for CORP\alice started.'
  ev Microsoft-Windows-CertificateServicesClient-CertEnroll 13 2 \
    'Certificate enrollment for CORP\alice failed to enroll for a ContosoUser certificate with request ID N/A from https://ces.corp.example/CORP-CA_CES_Kerberos/service.svc/CES (The server returned a fault. 0x803d0013 (-2143485933 WS_E_ENDPOINT_FAULT_RECEIVED)) Denied by Policy Module 0x80094012, The permissions on the certificate template do not allow the current user to enroll for this type of certificate.'
  ev Microsoft-Windows-CertificateServicesClient-AutoEnrollment 3 4 'Automatic certificate enrollment for CORP\alice completed.'
} >"$tmp/events.xml"
WINEDLLOVERRIDES="$WINEDLLOVERRIDES;wevtapi=n" MOCKEVT_XML=$(wp "$tmp/events.xml") \
  wine "$mk/enrolldoc.exe" collect -o "$(wp "$tmp/ev.json")" >ev.log 2>&1 || true
check "mocked event log: three events read" '.facts.events | length == 3' "$tmp/ev.json"
check "mocked event log: the CertEnroll event with its message" \
  '[.facts.events[] | select(.id == 13 and .level == "error" and (.message | test("0x803d0013")))] | length == 1' \
  "$tmp/ev.json"
wine "$exe" diagnose --bundle "$(wp "$tmp/ev.json")" --context user --template ContosoUser --json \
  >diag-ev.json 2>diag-ev.err || true
check "CES fault in an event: the walk takes the CES branch without asking" \
  '[.path[] | select(.node | startswith("ces."))] | length >= 1' diag-ev.json
check "CES fault in an event: the inner code 0x80094012 is the CA's denial (ca.denied)" \
  '[.findings[] | select(.id == "ca.denied")] | length == 1' diag-ev.json

# ---- benchmark (tests/bench/collect.sh sets BENCH_RUNS): the probes' own
# time inside collect, Wine's start excluded, against a run that starts Wine
# and does nothing (--version), measured in the same prefix ----
if [ -n "${BENCH_RUNS:-}" ]; then
  : >"$tmp/bench-probes"; : >"$tmp/bench-start"
  for _ in $(seq "$BENCH_RUNS"); do
    ENROLLDOC_BENCH_PROBES=1 wine "$exe" collect -o "$(wp "$tmp/bench.json")" 2>"$tmp/bench.log" >/dev/null || true
    grep -o '^probes: [0-9]*' "$tmp/bench.log" | grep -o '[0-9]*$' >>"$tmp/bench-probes"
    t0=$(ms); wine "$exe" --version >/dev/null 2>&1 || true; echo $(( $(ms) - t0 )) >>"$tmp/bench-start"
  done
  med() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  echo "BENCH probes_ms=$(med "$tmp/bench-probes") wine_start_ms=$(med "$tmp/bench-start") runs=$BENCH_RUNS"
  grep '^probe ' "$tmp/bench.log" | sed 's/^/BENCH   /'
fi
if [ "$fails" -gt 0 ]; then
  echo "test-probes: $fails check(s) failed" >&2
  exit 1
fi
echo "test-probes: all checks passed"
