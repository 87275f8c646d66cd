#!/usr/bin/env bash
# The directory probe against a real directory: a throw-away Samba AD DC on
# 127.0.0.1 (tests/directory/samba.sh, seeded with templates, a CA, groups,
# users and CES computer accounts), then
#   1. `enrolldoc collect --directory-only` for each account (simple bind as a
#      normal user over ldap://, as Administrator over StartTLS and ldaps://),
#      and jq on every directory fact: templates (names, OIDs, schema, flags,
#      SDDL with the group's SID and the Enroll/AutoEnroll GUIDs, issuance
#      policies), the forest's valid policies, the CA (host, config,
#      templates, SDDL), the account (SID, tokenGroups with the nested group's
#      parent, NOT_DELEGATED, mail null or set), ces.server for CES1$ (constrained),
#      CES2$ (unconstrained), CES3$ (none), by URL for the pool accounts
#      svc-ces (constrained to the CA), svc-ces2 (constrained elsewhere),
#      svc-ces3 (resource-based on CA1$), the CA's CES URLs, the machine context;
#   2. `collect --merge` into client bundles and `diagnose` for the findings
#      perm.template-enroll, template.not-published, account.mail-missing,
#      ces.user-not-delegated (and the other CES delegation findings; the CES
#      server found from a CES client's bundle: its URL, else the CA's first),
#      template.invalid-policy, perm.token-stale (dave: his token taken, then
#      added to the group), perm.token-maybe-stale (by the times, which on
#      Samba are the group's whenChanged: his logon before / after it, CES3$
#      added after / before a recorded boot; a bundle from alice's
#      session merged for dave keeps no token), with near misses that must
#      stay quiet; the computer account by sAMAccountName HOST$;
#   3. GSSAPI with bob's Kerberos ticket (and without one); the password
#      prompt on a terminal; the bind errors: wrong password (exit 2, a clear
#      line, the password nowhere), a server that is down and one that never
#      answers (exit 3 within the deadline), an untrusted certificate on
#      StartTLS, no password at all;
#   4. the Windows build under Wine (wldap32, simple bind) against the same
#      DC: the same facts as the Linux build (jq -S), and the bind errors;
#   5. paging: 520 more templates, two pages of at most 500 (Linux and Wine);
#   6. the DC restarted to require strong authentication: a simple bind over
#      ldap:// gets the clear line (Linux and Wine), StartTLS still works.
# Every process it starts (the DC, a silent listener, wineserver) is stopped
# by PID on exit, also when a test fails.
#
# Usage: bash tests/directory/test-directory.sh [BUILD_DIR [WIN_BUILD_DIR]]
#   BUILD_DIR      the Linux build (enrolldoc), default build
#   WIN_BUILD_DIR  the mingw build (enrolldoc.exe), default build-windows;
#                  the Wine part is skipped (and says so) when it is missing
# Needs root (ports 389/636/88), the packages of shared/SAMBA-AD.md, jq;
# wine for step 4; krb5-user and libsasl2-modules-gssapi-mit for GSSAPI
# (skipped, and said so, without them). Exit status of enrolldoc on bind
# failures: 2 when what the operator gave is wrong (credentials, bind method
# the server refuses, unknown account), 3 when the directory cannot be
# reached or read (down, timeout, TLS). Prints "N passed, M failed"; exits 1 on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
winbuild=${2:-$root/build-windows}
case $build in /*) ;; *) build=$root/$build ;; esac
case $winbuild in /*) ;; *) winbuild=$root/$winbuild ;; esac
bin=$build/enrolldoc
exe=$winbuild/enrolldoc.exe
[ -x "$bin" ] || { echo "test-directory: $bin missing (build first)" >&2; exit 2; }
command -v jq >/dev/null || { echo "test-directory: jq missing" >&2; exit 2; }

. "$here/samba.sh"

ms() { date +%s%3N; }
T0=$(ms)
tmp=$(mktemp -d /tmp/enrolldoc-dirtest.XXXXXX)
extra_pids=()
wine_used=0
cleanup() {
  local p
  for p in "${extra_pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  samba_stop
  [ $wine_used = 1 ] && wineserver -k >/dev/null 2>&1
  if [ -n "${KEEP_TMP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

npass=0
nfail=0
pass() { npass=$((npass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok   $1"; return 0; }
fail() { nfail=$((nfail + 1)); echo "FAIL $1" >&2; }
# check WHAT FILE JQ-EXPR [jq args...]: the expression must give true
check() {
  local what=$1 file=$2 expr=$3
  shift 3
  if [ "$(jq -r "$@" "$expr" "$file" 2>/dev/null)" = "true" ]; then pass "$what"; else fail "$what: $expr"; fi
}

if ! samba_start "$tmp/dc"; then
  fail "the Samba DC could not be started"
  echo "test-directory: $npass passed, $nfail failed"
  exit 1
fi
T1=$(ms)
echo "test-directory: DC up ($SAMBA_TIMES)"
D=$SAMBA_DOMAIN_SID
G=$SAMBA_SID_ENROLLEES
N=$SAMBA_SID_NESTED

# collect as a normal user (bob) with a simple bind over ldap://
export ENROLLDOC_BIND_PASSWORD=$SAMBA_USERPW
dir_collect() { # OUT ARGS...: exit status in $rc, stderr in OUT.err
  local out=$1
  shift
  rm -f "$out" # enrolldoc never replaces a file: each run writes anew
  "$bin" collect --directory-only --ldap "$SAMBA_URI" --bind-user bob@corp.example.test -o "$out" "$@" \
    </dev/null 2>"$out.err"
  rc=$?
}
for u in alice bob carol dave; do
  dir_collect "$tmp/$u.json" --account "$u" --lang en
  [ $rc = 0 ] && pass "collect $u" || { fail "collect $u (exit $rc)"; cat "$tmp/$u.json.err" >&2; }
done
A=$tmp/alice.json

# ---- 1. the facts ----
check "format" "$A" '.format == "enrolldoc-bundle/1" and .context == "user"'
check "four templates, sorted" "$A" '[.facts.templates[].name] == ["ContosoDeny","ContosoPolicy","ContosoUser","Unpublished"]'
check "ContosoUser facts" "$A" '.facts.templates[] | select(.name=="ContosoUser") |
  .display_name == "Contoso User" and .oid == $oid and .schema_version == 2 and
  .requires_email == true and .autoenroll_flag == true and .issuance_policies == []' \
  --arg oid "$SAMBA_TMPL_OID_USER"
check "ContosoUser SDDL: Enroll and AutoEnroll for PKI Enrollees" "$A" '.facts.templates[] |
  select(.name=="ContosoUser") | .sddl | startswith("O:EAG:DUD:PAI") and
  contains("(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;" + $g + ")") and
  contains("(OA;;CR;a05b8cc2-17bc-4802-a710-e7c15ab866a2;;" + $g + ")") and contains("(A;;LCRPLORC;;;AU)")' \
  --arg g "$G"
check "ContosoDeny: deny ACE for PKI Enrollees, no e-mail, no autoenroll flag" "$A" '.facts.templates[] |
  select(.name=="ContosoDeny") | (.sddl | contains("(OD;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;" + $g + ")"))
  and .requires_email == false and .autoenroll_flag == false' --arg g "$G"
check "Unpublished: schema 1, no providers named" "$A" '.facts.templates[] | select(.name=="Unpublished") |
  .schema_version == 1 and .providers == [] and .private_key_flags == 16'
check "ContosoUser: its providers in the order of pKIDefaultCSPs" "$A" '.facts.templates[] | select(.name=="ContosoUser") |
  .providers == ["Microsoft Platform Crypto Provider", "Microsoft Software Key Storage Provider"]'
check "ContosoPolicy: its issuance policies" "$A" '.facts.templates[] | select(.name=="ContosoPolicy") |
  .issuance_policies == [$ok, $bad] and .autoenroll_flag == true' --arg ok "$SAMBA_POLICY_OK" --arg bad "$SAMBA_POLICY_BAD"
check "valid issuance policies: flags 2 only, in every template" "$A" \
  '[.facts.templates[].valid_issuance_policies == [$ok]] | all' --arg ok "$SAMBA_POLICY_OK"
check "CA facts" "$A" '.facts.cas == [.facts.cas[0]] and (.facts.cas[0] | .name == "CORP-CA" and
  .host == "ca1.corp.example.test" and .config == "ca1.corp.example.test\\CORP-CA" and
  .templates == ["ContosoDeny","ContosoPolicy","ContosoUser"] and
  (.sddl | contains("(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;AU)")) and (has("renew_on_behalf_of") | not))'
check "alice: name, SID in the domain, NOT_DELEGATED, no mail" "$A" '.facts.identity.user |
  .name == "CORP\\alice" and (.sid | startswith($d + "-")) and .not_delegated == true and .mail == null' --arg d "$D"
check "alice: tokenGroups hold PKI Enrollees and Domain Users" "$A" '.facts.identity.user.directory_groups |
  index($g) != null and index($d + "-513") != null and index("S-1-5-32-545") != null' --arg g "$G" --arg d "$D"
check "bob: mail, not NOT_DELEGATED" "$tmp/bob.json" '.facts.identity.user |
  .mail == "bob@corp.example.test" and .not_delegated == false and .name == "CORP\\bob"'
check "carol: the nested group and its parent (transitive)" "$tmp/carol.json" \
  '.facts.identity.user.directory_groups | index($n) != null and index($g) != null' --arg n "$N" --arg g "$G"
check "dave: no PKI group yet" "$tmp/dave.json" '.facts.identity.user.directory_groups | index($g) == null' --arg g "$G"
check "the SID of the account matches the DC's objectSid" "$tmp/bob.json" '.facts.identity.user.sid == $s' \
  --arg s "$(_samba_sid "CN=bob,CN=Users,$SAMBA_BASE")"
check "no ces without --ces-server" "$A" '.facts | has("ces") | not'

# CES servers, each by a different spelling of its name
dir_collect "$tmp/ces1.json" --account alice --ces-server CES1
check "CES1 (NAME): constrained, its SPNs, no RBCD on CA1\$" "$tmp/ces1.json" '.facts.ces == {"server": {
  "account": "CORP\\CES1$", "delegation": "constrained",
  "delegate_to": ["HOST/ca1", "HOST/ca1.corp.example.test"], "rbcd_hosts": []}}'
dir_collect "$tmp/ces2.json" --account alice --ces-server 'CORP\CES2$'
check "CES2 (DOMAIN\\NAME\$): unconstrained" "$tmp/ces2.json" '.facts.ces.server | .delegation == "unconstrained" and
  .delegate_to == [] and .account == "CORP\\CES2$"'
check "CORP-CA: its CES URLs by priority" "$tmp/ces2.json" '.facts.cas[0].ces_urls ==
  ["https://ces01.corp.example.test/CORP-CA_CES_Kerberos/service.svc/CES",
   "https://ces02.corp.example.test/CORP-CA_CES_Kerberos/service.svc/CES"]'
# the CES by its URL: the account holding HTTP/<host> (an application pool's service account)
ces_url() { printf 'https://%s.corp.example.test/CORP-CA_CES_Kerberos/service.svc/CES' "$1"; }
dir_collect "$tmp/ces01.json" --account alice --ces-server "$(ces_url ces01)"
check "ces01 (URL): svc-ces, constrained to the CA's HOST and RPCSS" "$tmp/ces01.json" '.facts.ces.server == {
  "host": "ces01.corp.example.test", "account": "CORP\\svc-ces", "delegation": "constrained",
  "delegate_to": ["HOST/ca1.corp.example.test", "RPCSS/ca1.corp.example.test"], "rbcd_hosts": []}'
dir_collect "$tmp/ces02.json" --account alice --ces-server "$(ces_url ces02)"
check "ces02 (URL): svc-ces2, constrained to another computer" "$tmp/ces02.json" '.facts.ces.server |
  .account == "CORP\\svc-ces2" and .delegation == "constrained" and .delegate_to == ["HOST/oldca.corp.example.test"]'
dir_collect "$tmp/ces03.json" --account alice --ces-server "$(ces_url ces03)"
check "ces03 (URL): svc-ces3, no delegation, but CA1\$ admits it (RBCD)" "$tmp/ces03.json" '.facts.ces.server |
  .account == "CORP\\svc-ces3" and .delegation == "none" and .rbcd_hosts == ["ca1.corp.example.test"]'
dir_collect "$tmp/ces09.json" --account alice --ces-server "$(ces_url ces09)"
[ $rc = 2 ] && grep -q 'ces09' "$tmp/ces09.json.err" && pass "unknown CES URL" || fail "unknown CES URL (exit $rc)"
dir_collect "$tmp/ces3.json" --account alice --ces-server ces3.corp.example.test
check "CES3 (DNS name): none" "$tmp/ces3.json" '.facts.ces.server.delegation == "none"'
dir_collect "$tmp/ces4.json" --account alice --ces-server NOSUCH
[ $rc = 2 ] && grep -q 'NOSUCH' "$tmp/ces4.json.err" && pass "unknown CES server" || fail "unknown CES server (exit $rc)"

# the machine context: a computer account, NAME -> NAME$
dir_collect "$tmp/m.json" --account CES1 --context machine
check "machine context: CES1\$" "$tmp/m.json" '.context == "machine" and (.facts.identity.machine |
  .name == "CORP\\CES1$" and (.directory_groups | index($d + "-515") != null) and .mail == null) and
  (.facts.identity | has("user") | not)' --arg d "$D"
# the computer account by its sAMAccountName HOST$, as the live probe asks
# for it (platform_netbios_name + "$")
dir_collect "$tmp/m3.json" --account 'CES3$' --context machine
check "machine context: CES3\$ by sAMAccountName" "$tmp/m3.json" '.facts.identity.machine |
  .name == "CORP\\CES3$" and (.directory_groups | index($d + "-515") != null)' --arg d "$D"
# a UPN and DOMAIN\name find the same account
dir_collect "$tmp/upn.json" --account 'carol@corp.example.test'
check "account by UPN" "$tmp/upn.json" '.facts.identity.user.name == "CORP\\carol"'
dir_collect "$tmp/nb.json" --account 'CORP\carol'
check "account by DOMAIN\\name" "$tmp/nb.json" '.facts.identity.user.name == "CORP\\carol"'
dir_collect "$tmp/none.json" --account nosuchuser
[ $rc = 2 ] && grep -q '"nosuchuser" is not in the directory' "$tmp/none.json.err" && pass "unknown account" ||
  fail "unknown account (exit $rc): $(cat "$tmp/none.json.err")"

# StartTLS and ldaps as Administrator: the same facts
LDAPTLS_REQCERT=never ENROLLDOC_BIND_PASSWORD=$SAMBA_ADMINPW "$bin" collect --directory-only --ldap "$SAMBA_URI" \
  --starttls --bind-user "$SAMBA_ADMIN" --account alice -o "$tmp/tls.json" 2>"$tmp/tls.err" </dev/null
rc=$?
[ $rc = 0 ] && [ "$(jq -S .facts "$tmp/tls.json")" = "$(jq -S .facts "$A")" ] && pass "StartTLS: same facts" ||
  fail "StartTLS (exit $rc): $(cat "$tmp/tls.err")"
LDAPTLS_REQCERT=never ENROLLDOC_BIND_PASSWORD=$SAMBA_ADMINPW "$bin" collect --directory-only --ldap ldaps://127.0.0.1 \
  --bind-user "$SAMBA_ADMIN" --account alice -o "$tmp/ldaps.json" 2>"$tmp/ldaps.err" </dev/null
rc=$?
[ $rc = 0 ] && [ "$(jq -S .facts "$tmp/ldaps.json")" = "$(jq -S .facts "$A")" ] && pass "ldaps: same facts" ||
  fail "ldaps (exit $rc): $(cat "$tmp/ldaps.err")"

# GSSAPI with a Kerberos ticket (bob's, from kinit against the DC's KDC)
if command -v kinit >/dev/null 2>&1 && ls /usr/lib/*/sasl2/libgssapiv2.so* >/dev/null 2>&1; then
  if samba_kerberos "$tmp/krb5.conf" &&
     printf '%s\n' "$SAMBA_USERPW" | KRB5_CONFIG=$tmp/krb5.conf KRB5CCNAME=FILE:$tmp/krb5cc \
       kinit "bob@$SAMBA_REALM" >"$tmp/kinit.log" 2>&1; then
    KRB5_CONFIG=$tmp/krb5.conf KRB5CCNAME=FILE:$tmp/krb5cc LDAPSASL_NOCANON=on "$bin" collect --directory-only \
      --ldap "$SAMBA_URI" --gssapi --account alice -o "$tmp/gssapi.json" 2>"$tmp/gssapi.err" </dev/null
    rc=$?
    [ $rc = 0 ] && [ "$(jq -S .facts "$tmp/gssapi.json")" = "$(jq -S .facts "$A")" ] && pass "GSSAPI: same facts" ||
      fail "GSSAPI (exit $rc): $(cat "$tmp/gssapi.err")"
    KRB5_CONFIG=$tmp/krb5.conf KRB5CCNAME=FILE:$tmp/no-such-cache LDAPSASL_NOCANON=on "$bin" collect --directory-only \
      --ldap "$SAMBA_URI" --gssapi --account alice -o "$tmp/noticket.json" --lang en 2>"$tmp/noticket.err" </dev/null
    rc=$?
    [ $rc = 3 ] && grep -q 'Kerberos bind failed; is there a ticket' "$tmp/noticket.err" &&
      pass "GSSAPI without a ticket: exit 3, clear line" || fail "GSSAPI without a ticket: exit $rc: $(cat "$tmp/noticket.err")"
  else
    fail "GSSAPI: no ticket for bob: $(cat "$tmp/kinit.log" 2>/dev/null)"
  fi
else
  echo "test-directory: SKIPPED GSSAPI: kinit or the SASL GSSAPI module is missing (krb5-user libsasl2-modules-gssapi-mit)"
fi

# ---- 2. merged into client bundles: the findings ----
# client BUNDLE-NAME TEMPLATE ACCOUNT [EXTRA-FACTS-JSON]
client() {
  local x=${4:-}
  [ -n "$x" ] || x='{}'
  jq -n --arg t "$2" --arg n "CORP\\$3" --argjson x "$x" '{format: "enrolldoc-bundle/1",
    meta: {host: "PC0042", collected_at: "2026-11-20T08:15:00Z"}, context: "user", template: $t,
    facts: ({aepolicy: {user: 7}, identity: {user: {name: $n}}} * $x)}' >"$tmp/$1.client.json"
}
merge() { # NAME ARGS...: the merged bundle $tmp/NAME.merged.json and its diagnosis $tmp/NAME.diag.json
  local name=$1
  shift
  rm -f "$tmp/$name.merged.json" # enrolldoc never replaces a file
  "$bin" collect --merge "$tmp/$name.client.json" --ldap "$SAMBA_URI" --bind-user bob@corp.example.test \
    -o "$tmp/$name.merged.json" "$@" </dev/null 2>"$tmp/$name.merge.err" || {
    fail "merge $name: $(cat "$tmp/$name.merge.err")"
    return 1
  }
  "$bin" diagnose --bundle "$tmp/$name.merged.json" --json >"$tmp/$name.diag.json" 2>"$tmp/$name.diag.err"
  drc=$?
}
has() { # WHAT NAME FINDING [yes|no]
  local want=${4:-yes} got
  got=$(jq -r --arg f "$3" '[.findings[].id] | index($f) != null' "$tmp/$2.diag.json" 2>/dev/null)
  if { [ "$want" = yes ] && [ "$got" = true ]; } || { [ "$want" = no ] && [ "$got" = false ]; }; then
    pass "$1"
  else
    fail "$1: $3 expected $want in $(jq -c '[.findings[].id]' "$tmp/$2.diag.json" 2>/dev/null)"
  fi
}

client deny ContosoDeny bob
merge deny && {
  has "bob on ContosoDeny: perm.template-enroll (deny ACE)" deny perm.template-enroll
  check "merged: the client's facts stay" "$tmp/deny.merged.json" '.meta.host == "PC0042" and
    .facts.aepolicy.user == 7 and .template == "ContosoDeny" and .facts.identity.user.mail == "bob@corp.example.test"'
  [ $drc = 1 ] && pass "diagnose exit 1 on an error finding" || fail "diagnose exit $drc"
}
client ok ContosoUser bob
merge ok && {
  has "bob on ContosoUser: no perm.template-enroll" ok perm.template-enroll no
  has "bob on ContosoUser: no perm.template-autoenroll" ok perm.template-autoenroll no
  has "bob on ContosoUser: no account.mail-missing" ok account.mail-missing no
  has "bob on ContosoUser: no template.not-published" ok template.not-published no
}
client nested ContosoUser carol
merge nested && has "carol (nested group) on ContosoUser: Enroll granted" nested perm.template-enroll no
client unpub Unpublished bob
merge unpub && has "Unpublished: template.not-published" unpub template.not-published
client mail ContosoUser alice
merge mail && has "alice on ContosoUser: account.mail-missing" mail account.mail-missing
client policy ContosoPolicy bob
merge policy && {
  has "ContosoPolicy: template.invalid-policy" policy template.invalid-policy
  check "template.invalid-policy names the unknown OID" "$tmp/policy.diag.json" \
    '[.findings[] | select(.id=="template.invalid-policy") | .evidence | tostring | contains($bad)] | any' \
    --arg bad "$SAMBA_POLICY_BAD"
}
has "ContosoUser: no template.invalid-policy" ok template.invalid-policy no
fault='{"ces": {"url": "https://ces1.corp.example.test/CORP-CA_CES_Kerberos/service.svc/CES",
  "error": "0x803D0013", "server": {"impersonate_privilege": true, "credential_guard": true}}}'
client ces ContosoUser alice "$fault"
merge ces --ces-server CES1 && {
  has "alice via CES1: ces.user-not-delegated" ces ces.user-not-delegated
  has "CES1 constrained: no ces.no-delegation" ces ces.no-delegation no
  has "CES1 constrained: no ces.unconstrained-credential-guard" ces ces.unconstrained-credential-guard no
  check "merged ces: the client's fault and the directory's delegation" "$tmp/ces.merged.json" '.facts.ces |
    .error == "0x803D0013" and .server.delegation == "constrained" and .server.credential_guard == true'
}
client ces2 ContosoUser bob "$fault"
merge ces2 --ces-server CES2 && {
  has "bob via CES2: no ces.user-not-delegated" ces2 ces.user-not-delegated no
  has "CES2 unconstrained + Credential Guard: ces.unconstrained-credential-guard" ces2 ces.unconstrained-credential-guard
}
client ces3 ContosoUser bob "$fault"
merge ces3 --ces-server CES3 && has "CES3: ces.no-delegation" ces3 ces.no-delegation
# a CES client's bundle merged without --ces-server: the CES server it uses is found
fault_at() { # HOST: the client's fault at that CES
  jq -nc --arg u "$(ces_url "$1")" '{ces: {url: $u, error: "0x803D0013",
    server: {impersonate_privilege: true, credential_guard: true}}}'
}
client auto2 ContosoUser bob "$(fault_at ces02)"
merge auto2 && {
  has "bob via ces02 (found from the client's URL): ces.delegation-not-to-ca" auto2 ces.delegation-not-to-ca
  has "ces02: no ces.no-delegation" auto2 ces.no-delegation no
  check "ces.delegation-not-to-ca names the CA computer and the account" "$tmp/auto2.diag.json" \
    '[.findings[] | select(.id=="ces.delegation-not-to-ca") | .evidence | tostring |
      contains("ca1.corp.example.test") and contains("svc-ces2")] | any'
}
client auto3 ContosoUser bob "$(fault_at ces03)"
merge auto3 && {
  has "bob via ces03 (RBCD on CA1\$): no ces.no-delegation" auto3 ces.no-delegation no
  has "ces03: no ces.delegation-not-to-ca" auto3 ces.delegation-not-to-ca no
}
# a CEP client whose records name no CES: the CES the CA registers first (ces01)
client auto1 ContosoUser bob '{"policy_servers": [{"url":
  "https://cep.corp.example.test/ADPolicyProvider_CEP_Kerberos/service.svc/CEP", "context": "user", "default": true}],
  "ces": {"error": "0x803D0013", "server": {"impersonate_privilege": true, "credential_guard": true}}}'
merge auto1 && {
  check "CEP client: the CA's first CES (ces01, svc-ces)" "$tmp/auto1.merged.json" '.facts.ces.server |
    .host == "ces01.corp.example.test" and .account == "CORP\\svc-ces" and .delegation == "constrained"'
  has "ces01: no ces.delegation-not-to-ca" auto1 ces.delegation-not-to-ca no
  has "ces01: no ces.no-delegation" auto1 ces.no-delegation no
}
client rpc ContosoUser bob '{"policy_servers": [{"url": "LDAP:", "context": "user", "default": true}]}'
merge rpc && check "an RPC client: no ces searched" "$tmp/rpc.merged.json" '.facts | has("ces") | not'

# token versus directory: dave's token is taken, then he joins the group
check "dave before: his groups read" "$tmp/dave.json" '.facts.identity.user.directory_groups | length > 0'
client stale ContosoUser dave "$(jq -c '{identity: {user: {token_groups: .facts.identity.user.directory_groups}}}' "$tmp/dave.json")"
merge stale && has "dave, token from before the join: no perm.token-stale yet" stale perm.token-stale no
if samba_add_member "PKI Enrollees" dave; then
  merge stale && {
    has "dave, added to PKI Enrollees after his logon: perm.token-stale" stale perm.token-stale
    check "perm.token-stale names the group" "$tmp/stale.diag.json" \
      '[.findings[] | select(.id=="perm.token-stale") | .evidence.group | tostring | contains($g)] | any' --arg g "$G"
    check "dave: directory_groups now hold PKI Enrollees, token_groups not" "$tmp/stale.merged.json" \
      '.facts.identity.user | (.directory_groups | index($g) != null) and (.token_groups | index($g) == null)' --arg g "$G"
  }
  # after a new logon the token holds the group: quiet again
  client fresh ContosoUser dave "$(jq -c '{identity: {user: {token_groups: .facts.identity.user.directory_groups}}}' \
    "$tmp/stale.merged.json")"
  merge fresh && has "dave after a new logon: no perm.token-stale" fresh perm.token-stale no
  # without token_groups the times decide: Samba keeps no msDS-ReplValueMetaData,
  # so the group's whenChanged stands in (membership_source "when-changed"), and
  # collect says so; a time that is only the group's last change makes no
  # error, only the warning perm.token-maybe-stale
  check "dave: PKI Enrollees has a membership time" "$tmp/stale.merged.json" \
    '.facts.identity.user.membership_added[$g] | fromdateiso8601 > 0' --arg g "$G"
  check "dave: that time is the group's whenChanged (membership_source)" "$tmp/stale.merged.json" \
    '.facts.identity.user.membership_source[$g] == "when-changed"' --arg g "$G"
  grep -q 'whenChanged' "$tmp/stale.merge.err" && pass "the whenChanged stand-in is noted" ||
    fail "no note on the whenChanged stand-in: $(cat "$tmp/stale.merge.err")"
  added=$(jq -r --arg g "$G" '.facts.identity.user.membership_added[$g]' "$tmp/stale.merged.json")
  before=$(date -u -d "$added - 1 hour" +%Y-%m-%dT%H:%M:%SZ)
  after=$(date -u -d "$added + 1 minute" +%Y-%m-%dT%H:%M:%SZ)
  client logon ContosoUser dave "$(jq -nc --arg t "$before" '{identity: {user: {logon_time: $t}}}')"
  merge logon && {
    has "dave, logged on before the group's change (whenChanged): perm.token-maybe-stale" logon perm.token-maybe-stale
    has "dave, logged on before the group's change (whenChanged): no perm.token-stale" logon perm.token-stale no
    check "the evidence names the group's change, the logon and how to confirm" "$tmp/logon.diag.json" \
      '[.findings[] | select(.id=="perm.token-maybe-stale") | .evidence | (.group_changed | tostring) == $a and
        .logon_time == $l and .confirm == "whoami /groups"] | any' --arg a "$added" --arg l "$before"
  }
  client logon2 ContosoUser dave "$(jq -nc --arg t "$after" '{identity: {user: {logon_time: $t}}}')"
  merge logon2 && {
    has "dave, logged on after the group's change (by the times): no perm.token-stale" logon2 perm.token-stale no
    has "dave, logged on after the group's change: no perm.token-maybe-stale" logon2 perm.token-maybe-stale no
  }
  # a bundle from alice's session merged for dave: her token is not his
  client foreign ContosoUser alice "$(jq -c '{identity: {user: {token_groups: .facts.identity.user.directory_groups,
    logon_time: "2026-11-20T07:00:00Z"}}}' "$tmp/dave.json")"
  merge foreign --account dave && {
    check "merged for dave from alice's session: her token groups and logon time left out" "$tmp/foreign.merged.json" \
      '.facts.identity.user | .name == "CORP\\dave" and (has("token_groups") or has("logon_time") | not)'
    grep -q 'belong to CORP.alice' "$tmp/foreign.merge.err" && pass "the foreign token is noted" ||
      fail "no note on the foreign token: $(cat "$tmp/foreign.merge.err")"
    has "a foreign token fakes no perm.token-stale" foreign perm.token-stale no
    has "a foreign token fakes no perm.token-maybe-stale" foreign perm.token-maybe-stale no
  }
else
  fail "adding dave to PKI Enrollees"
fi

# the computer: CES3$ joins PKI Enrollees; a boot recorded before the
# group's change (whenChanged: Samba keeps no value metadata) may need a
# restart (perm.token-maybe-stale, never the error on that time alone), one
# after it does not
machine_client() { # NAME BOOT-TIME
  jq -n --arg b "$2" '{format: "enrolldoc-bundle/1", meta: {host: "CES3", collected_at: "2026-11-20T08:15:00Z"},
    context: "machine", template: "ContosoUser",
    facts: {aepolicy: {machine: 7}, identity: {machine: {name: "CORP\\CES3$"}},
            session: {elevated: true, system: true, boot_time: $b}}}' >"$tmp/$1.client.json"
}
printf 'dn: CN=PKI Enrollees,CN=Users,%s\nchangetype: modify\nadd: member\nmember: CN=CES3,CN=Computers,%s\n' \
  "$SAMBA_BASE" "$SAMBA_BASE" >"$tmp/ces3-member.ldif"
if _samba_ldb ldbmodify "$tmp/ces3-member.ldif" >"$tmp/ces3-member.log" 2>&1; then
  machine_client boot-probe 2000-01-01T00:00:00Z
  merge boot-probe --account 'CES3$' --context machine
  added=$(jq -r --arg g "$G" '.facts.identity.machine.membership_added[$g] // empty' "$tmp/boot-probe.merged.json")
  if [ -n "$added" ]; then
    machine_client boot-old "$(date -u -d "$added - 1 hour" +%Y-%m-%dT%H:%M:%SZ)"
    merge boot-old --account 'CES3$' --context machine && {
      has "CES3\$: group changed after the recorded boot: perm.token-maybe-stale" boot-old perm.token-maybe-stale
      has "CES3\$: group changed after the recorded boot: no perm.token-stale on a whenChanged" boot-old perm.token-stale no
      check "the evidence names the group, its change, the boot and how to confirm" "$tmp/boot-old.diag.json" \
        '[.findings[] | select(.id=="perm.token-maybe-stale") | .evidence | (.group | tostring | contains($g)) and
          has("group_changed") and has("boot_time") and has("confirm")] | any' --arg g "$G"
    }
    machine_client boot-new "$(date -u -d "$added + 1 minute" +%Y-%m-%dT%H:%M:%SZ)"
    merge boot-new --account 'CES3$' --context machine && {
      has "CES3\$ started after the group's change: no perm.token-stale" boot-new perm.token-stale no
      has "CES3\$ started after the group's change: no perm.token-maybe-stale" boot-new perm.token-maybe-stale no
    }
  else
    fail "CES3\$: no membership time for PKI Enrollees: $(jq -c .facts.identity.machine "$tmp/boot-probe.merged.json")"
  fi
else
  fail "adding CES3\$ to PKI Enrollees: $(cat "$tmp/ces3-member.log")"
fi

# ---- 3. bind errors ----
secret='Wr0ng-S3cret-42'
t=$(ms)
ENROLLDOC_BIND_PASSWORD=$secret "$bin" collect --directory-only --ldap "$SAMBA_URI" --bind-user bob@corp.example.test \
  --account alice -o "$tmp/wrong.json" --lang en >"$tmp/wrong.out" 2>"$tmp/wrong.err" </dev/null
rc=$?
[ $rc = 2 ] && pass "wrong password: exit 2" || fail "wrong password: exit $rc"
grep -q 'refused the bind: wrong user name or password (LDAP 49' "$tmp/wrong.err" && [ "$(wc -l <"$tmp/wrong.err")" = 1 ] &&
  pass "wrong password: one clear line" || fail "wrong password: $(cat "$tmp/wrong.err")"
[ ! -e "$tmp/wrong.json" ] && pass "wrong password: no bundle" || fail "wrong password: a bundle was written"
ENROLLDOC_BIND_PASSWORD=$secret "$bin" collect --directory-only --ldap "$SAMBA_URI" --bind-user bob@corp.example.test \
  --account alice -o "$tmp/wrong.json" --lang de 2>"$tmp/wrong.de.err" </dev/null
grep -q 'Benutzername oder Kennwort falsch' "$tmp/wrong.de.err" && pass "wrong password, German" ||
  fail "wrong password, German: $(cat "$tmp/wrong.de.err")"
if grep -rqF -- "$secret" "$tmp"/*.err "$tmp"/*.out "$tmp"/*.json 2>/dev/null; then
  fail "the password appears in an output"
else
  pass "the password appears nowhere"
fi
# a port nothing listens on
t=$(ms)
"$bin" collect --directory-only --ldap ldap://127.0.0.1:1 --bind-user bob@corp.example.test --account alice \
  --timeout 3 -o "$tmp/down.json" --lang en 2>"$tmp/down.err" </dev/null
rc=$?
el=$(($(ms) - t))
[ $rc = 3 ] && grep -q 'cannot be reached' "$tmp/down.err" && [ $el -lt 4000 ] && pass "server down: exit 3, clear line ($el ms)" ||
  fail "server down: exit $rc after $el ms: $(cat "$tmp/down.err")"
# a server that accepts and never answers: the deadline
port=$((20000 + RANDOM % 20000))
python3 -c 'import socket,sys,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(5); print("up", flush=True); time.sleep(120)' "$port" \
  >"$tmp/silent.log" 2>&1 &
extra_pids+=($!)
for _ in $(seq 50); do grep -q up "$tmp/silent.log" 2>/dev/null && break; sleep 0.1; done
t=$(ms)
"$bin" collect --directory-only --ldap "ldap://127.0.0.1:$port" --bind-user bob@corp.example.test --account alice \
  --timeout 2 -o "$tmp/silent.json" --lang en 2>"$tmp/silent.err" </dev/null
rc=$?
el=$(($(ms) - t))
[ $rc = 3 ] && grep -q 'did not answer in time' "$tmp/silent.err" && [ $el -lt 3500 ] &&
  pass "silent server: exit 3 at the deadline ($el ms)" || fail "silent server: exit $rc after $el ms: $(cat "$tmp/silent.err")"
# StartTLS with the DC's self-signed certificate, not trusted
LDAPTLS_REQCERT=demand LDAPTLS_CACERT=/dev/null ENROLLDOC_BIND_PASSWORD=$SAMBA_USERPW "$bin" collect --directory-only \
  --ldap "$SAMBA_URI" --starttls --bind-user bob@corp.example.test --account alice -o "$tmp/untrusted.json" \
  --lang en 2>"$tmp/untrusted.err" </dev/null
rc=$?
[ $rc = 3 ] && grep -q 'TLS connection to the directory failed' "$tmp/untrusted.err" && pass "untrusted certificate: TLS error" ||
  fail "untrusted certificate: exit $rc: $(cat "$tmp/untrusted.err")"
# the prompt on a terminal (script(1) makes one): asked, not echoed. The
# facts as at the start, but for membership_added: Samba's whenChanged of
# PKI Enrollees moved when dave and CES3$ joined
same_facts='.facts | del(.identity.user.membership_added)'
(sleep 1.5; printf '%s\n' "$SAMBA_USERPW") | env -u ENROLLDOC_BIND_PASSWORD timeout 30 script -qec \
  "'$bin' collect --directory-only --ldap $SAMBA_URI --bind-user bob@corp.example.test --account alice -o '$tmp/prompt.json' --lang en" \
  /dev/null >"$tmp/prompt.out" 2>&1
rc=$?
if [ $rc = 0 ] && grep -q 'Password for bob@corp.example.test:' "$tmp/prompt.out" &&
   ! grep -qF -- "$SAMBA_USERPW" "$tmp/prompt.out" &&
   [ "$(jq -S "$same_facts" "$tmp/prompt.json")" = "$(jq -S "$same_facts" "$A")" ]; then
  pass "password prompt on a terminal, without echo"
else
  fail "password prompt (exit $rc): $(tr -d '\r' <"$tmp/prompt.out" | head -3)"
fi
# no password: no variable, no terminal
env -u ENROLLDOC_BIND_PASSWORD "$bin" collect --directory-only --ldap "$SAMBA_URI" --bind-user bob@corp.example.test \
  --account alice -o "$tmp/nopw.json" --lang en 2>"$tmp/nopw.err" </dev/null
rc=$?
[ $rc = 2 ] && grep -q 'ENROLLDOC_BIND_PASSWORD' "$tmp/nopw.err" && pass "no password: exit 2, names the variable" ||
  fail "no password: exit $rc: $(cat "$tmp/nopw.err")"
# usage: no directory named on Linux, no bind method, options without --directory-only
"$bin" collect --directory-only --bind-user bob@corp.example.test --account alice -o "$tmp/x.json" --lang en \
  2>"$tmp/nouri.err" </dev/null
[ $? = 2 ] && grep -q -- '--ldap ldap://HOST' "$tmp/nouri.err" && pass "no --ldap on Linux: usage error" ||
  fail "no --ldap on Linux: $(cat "$tmp/nouri.err")"
"$bin" collect --directory-only --ldap "$SAMBA_URI" --account alice -o "$tmp/x.json" --lang en 2>"$tmp/nobind.err" </dev/null
[ $? = 2 ] && grep -q -- '--bind-user' "$tmp/nobind.err" && pass "no bind method: usage error" || fail "no bind method"
"$bin" collect --ldap "$SAMBA_URI" --lang en 2>"$tmp/noonly.err" </dev/null
[ $? = 2 ] && grep -q -- '--directory-only' "$tmp/noonly.err" && pass "--ldap alone: usage error" || fail "--ldap alone"
T2=$(ms)

# ---- 4. the Windows build under Wine (wldap32) ----
if [ ! -f "$exe" ]; then
  echo "test-directory: SKIPPED the Wine part: $exe missing (tests/windows/build.sh builds it)"
elif ! command -v wine >/dev/null 2>&1; then
  echo "test-directory: SKIPPED the Wine part: wine missing"
else
  export WINEPREFIX=${ENROLLDOC_WINEPREFIX:-$winbuild/wineprefix} WINEDEBUG=-all
  export WINEDLLOVERRIDES="mscoree=;mshtml=" DISPLAY=
  unset WAYLAND_DISPLAY
  wine_used=1
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    mkdir -p "$WINEPREFIX"
    wineboot -i >"$tmp/wineboot.log" 2>&1
    wineserver -w
  fi
  wcollect() { # OUT ARGS...
    local out=$1
    shift
    rm -f "$out"
    wine "$exe" collect --directory-only --ldap "$SAMBA_URI" --bind-user bob@corp.example.test \
      -o "$(winepath -w "$out" 2>/dev/null)" "$@" </dev/null 2>"$out.err"
    rc=$?
  }
  for u in alice bob carol; do
    wcollect "$tmp/w-$u.json" --account "$u" --ces-server CES1 --lang en
    dir_collect "$tmp/l-$u.json" --account "$u" --ces-server CES1 --lang en
    if [ $rc = 0 ] && [ -s "$tmp/w-$u.json" ] &&
       [ "$(jq -S .facts "$tmp/w-$u.json")" = "$(jq -S .facts "$tmp/l-$u.json")" ]; then
      pass "Wine (wldap32) = Linux (libldap): $u"
    else
      fail "Wine $u (exit $rc): $(head -c 600 "$tmp/w-$u.json.err")"
      [ -s "$tmp/w-$u.json" ] && diff <(jq -S .facts "$tmp/l-$u.json") <(jq -S .facts "$tmp/w-$u.json") | head -20 >&2
    fi
  done
  for h in ces02 ces03; do
    wcollect "$tmp/w-$h.json" --account bob --ces-server "$(ces_url $h)" --lang en
    dir_collect "$tmp/l-$h.json" --account bob --ces-server "$(ces_url $h)" --lang en
    if [ $rc = 0 ] && [ -s "$tmp/w-$h.json" ] &&
       [ "$(jq -S .facts.ces "$tmp/w-$h.json")" = "$(jq -S .facts.ces "$tmp/l-$h.json")" ]; then
      pass "Wine = Linux: the CES server $h (SPN holder, delegation, RBCD)"
    else
      fail "Wine $h (exit $rc): $(head -c 600 "$tmp/w-$h.json.err")"
    fi
  done
  check "Wine: ces03's RBCD on CA1\$ read through wldap32" "$tmp/w-ces03.json" \
    '.facts.ces.server.rbcd_hosts == ["ca1.corp.example.test"] and .facts.ces.server.account == "CORP\\svc-ces3"'
  check "Wine: the SDDL came through the SD-flags control" "$tmp/w-alice.json" \
    '[.facts.templates[].sddl | startswith("O:EAG:DUD:PAI")] | all and length == 4'
  ENROLLDOC_BIND_PASSWORD=$secret wcollect "$tmp/w-wrong.json" --account alice --lang en
  [ $rc = 2 ] && grep -q 'wrong user name or password (LDAP 49' "$tmp/w-wrong.json.err" &&
    pass "Wine: wrong password: exit 2, clear line" || fail "Wine wrong password: exit $rc: $(cat "$tmp/w-wrong.json.err")"
  env -u ENROLLDOC_BIND_PASSWORD wine "$exe" collect --directory-only --ldap "$SAMBA_URI" --bind-user bob@corp.example.test \
    --account alice -o 'C:\nopw.json' --lang en </dev/null 2>"$tmp/w-nopw.err"
  rc=$?
  [ $rc = 2 ] && grep -q 'no password for the bind: set the environment variable ENROLLDOC_BIND_PASSWORD' "$tmp/w-nopw.err" &&
    pass "Wine: no password, no console: exit 2" || fail "Wine no password: exit $rc: $(cat "$tmp/w-nopw.err")"
  t=$(ms)
  wine "$exe" collect --directory-only --ldap ldap://127.0.0.1:1 --bind-user bob@corp.example.test --account alice \
    --timeout 3 -o 'C:\down.json' --lang en </dev/null 2>"$tmp/w-down.err"
  rc=$?
  el=$(($(ms) - t))
  [ $rc = 3 ] && grep -q 'cannot be reached' "$tmp/w-down.err" && [ $el -lt 6000 ] &&
    pass "Wine: server down: exit 3 ($el ms)" || fail "Wine server down: exit $rc after $el ms: $(cat "$tmp/w-down.err")"
  t=$(ms)
  wine "$exe" collect --directory-only --ldap "ldap://127.0.0.1:$port" --bind-user bob@corp.example.test \
    --account alice --timeout 2 -o 'C:\silent.json' --lang en </dev/null 2>"$tmp/w-silent.err"
  rc=$?
  el=$(($(ms) - t))
  [ $rc = 3 ] && grep -q 'did not answer in time' "$tmp/w-silent.err" && [ $el -lt 5000 ] &&
    pass "Wine: silent server: exit 3 at the deadline ($el ms)" ||
    fail "Wine silent server: exit $rc after $el ms: $(cat "$tmp/w-silent.err")"
  # wldap32's StartTLS has no timeout of its own: it runs in a worker that
  # is abandoned at the deadline
  t=$(ms)
  wine "$exe" collect --directory-only --ldap "ldap://127.0.0.1:$port" --starttls --bind-user bob@corp.example.test \
    --account alice --timeout 2 -o 'C:\silent-tls.json' --lang en </dev/null 2>"$tmp/w-silent-tls.err"
  rc=$?
  el=$(($(ms) - t))
  [ $rc = 3 ] && grep -q 'did not answer in time' "$tmp/w-silent-tls.err" && [ $el -lt 5000 ] &&
    pass "Wine: StartTLS to a silent server: exit 3 at the deadline ($el ms)" ||
    fail "Wine StartTLS to a silent server: exit $rc after $el ms: $(cat "$tmp/w-silent-tls.err")"
  # no --ldap: the DC locator and Negotiate. Wine has no locator (its
  # serverless handle tries localhost) and its Negotiate bind crashes, which
  # enrolldoc refuses under Wine: a clear line either way, no crash, no hang.
  wine "$exe" collect --directory-only -o 'C:\locator.json' --lang en </dev/null 2>"$tmp/w-loc.err"
  rc=$?
  { [ $rc = 3 ] && grep -q '(DC locator): the directory server cannot be reached' "$tmp/w-loc.err"; } ||
    { [ $rc = 2 ] && grep -q 'this bind method is not available' "$tmp/w-loc.err"; } &&
    [ "$(wc -l <"$tmp/w-loc.err")" = 1 ] &&
    pass "Wine: DC locator, Negotiate: a clear line" || fail "Wine DC locator: exit $rc: $(head -3 "$tmp/w-loc.err")"
fi

# ---- 5. paging: more templates than one page holds ----
if samba_add_bulk_templates 520; then
  ENROLLDOC_LDAP_TRACE=1 dir_collect "$tmp/bulk.json" --account alice
  pages=$(grep -c 'base="CN=Certificate Templates,.* page=' "$tmp/bulk.json.err")
  check "paging: all 524 templates" "$tmp/bulk.json" '.facts.templates | length == 524'
  [ "$pages" = 2 ] && grep -q 'page=1 entries=500 more=1' "$tmp/bulk.json.err" && pass "paging: two pages of <= 500" ||
    fail "paging: $pages pages: $(grep 'Templates' "$tmp/bulk.json.err")"
  if [ $wine_used = 1 ]; then
    ENROLLDOC_LDAP_TRACE=1 wcollect "$tmp/w-bulk.json" --account alice
    [ $rc = 0 ] && [ "$(jq -S .facts "$tmp/w-bulk.json")" = "$(jq -S .facts "$tmp/bulk.json")" ] &&
      grep -q 'page=2 entries=24 more=0' "$tmp/w-bulk.json.err" && pass "Wine: paging, the same 524 templates" ||
      fail "Wine paging (exit $rc): $(grep -v '^ldap trace' "$tmp/w-bulk.json.err" | head -3)"
  fi
else
  fail "seeding the bulk templates"
fi
# ---- 6. a DC that requires strong authentication ----
if samba_strong_auth yes; then
  "$bin" collect --directory-only --ldap "$SAMBA_URI" --bind-user bob@corp.example.test --account alice \
    -o "$tmp/strong.json" --lang en 2>"$tmp/strong.err" </dev/null
  rc=$?
  [ $rc = 2 ] && grep -q 'requires a protected bind; use ldaps://, --starttls or --gssapi (LDAP 8' "$tmp/strong.err" &&
    pass "strong auth required: exit 2, clear line" || fail "strong auth required: exit $rc: $(cat "$tmp/strong.err")"
  LDAPTLS_REQCERT=never dir_collect "$tmp/strong-tls.json" --account alice --starttls
  [ $rc = 0 ] && [ "$(jq -S .facts "$tmp/strong-tls.json")" = "$(jq -S .facts "$tmp/bulk.json")" ] &&
    pass "strong auth required: StartTLS works" || fail "strong auth + StartTLS (exit $rc): $(cat "$tmp/strong-tls.json.err")"
  if [ $wine_used = 1 ]; then
    wcollect "$tmp/w-strong.json" --account alice --lang en
    [ $rc = 2 ] && grep -q 'requires a protected bind.*(LDAP 8' "$tmp/w-strong.json.err" &&
      pass "Wine: strong auth required: exit 2, clear line" || fail "Wine strong auth: exit $rc: $(cat "$tmp/w-strong.json.err")"
  fi
else
  fail "restarting the DC with strong authentication required"
fi
T3=$(ms)

echo "test-directory: times: DC $((T1 - T0)) ms, Linux tests $((T2 - T1)) ms, Wine, paging, strong auth $((T3 - T2)) ms, total $((T3 - T0)) ms"
echo "test-directory: $npass passed, $nfail failed"
[ $nfail = 0 ]
