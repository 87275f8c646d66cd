# shellcheck shell=bash
# samba.sh: a throw-away Samba AD DC on 127.0.0.1 for the directory tests
# (the recipe of shared/SAMBA-AD.md), seeded with the objects the directory
# facts and findings are checked against.
#
# Sourced:   . tests/directory/samba.sh; samba_start DIR; ...; samba_stop
# Run:       bash tests/directory/samba.sh [DIR]   starts it, prints what it
#            made, and keeps it up until Ctrl-C (then stops it and removes DIR
#            unless it was given).
#
# samba_start DIR provisions into DIR (every path of the DC under it: no
# /etc/samba, /var/lib/samba, /run/samba), listening on 127.0.0.1 only
# (ldap 389, ldaps 636, kdc 88), `ldap server require strong auth = no` so
# that a simple bind works over ldap://, StartTLS and ldaps:// with the DC's
# self-signed certificate, -M single, --maximum-runtime as a safety net. It
# refuses to start when 389, 636 or 88 on 127.0.0.1 is taken (a stale DC
# would answer in its place). samba_stop kills every process samba_start
# started, by PID, and waits until the whole tree is gone.
#
# Seeded (DC=corp,DC=example,DC=test; password of every user $SAMBA_USERPW):
#   users   alice  no mail, NOT_DELEGATED (0x100000), in "PKI Enrollees"
#           bob    mail bob@corp.example.test, in "PKI Enrollees"
#           carol  mail, in "PKI Nested" (itself a member of "PKI Enrollees")
#           dave   mail, in no PKI group (the test adds him later: samba_add_member)
#   groups  "PKI Enrollees" (Enroll + AutoEnroll on ContosoUser; denied Enroll
#           on ContosoDeny), "PKI Nested" (member of PKI Enrollees)
#   templates (CN=Certificate Templates,CN=Public Key Services,CN=Services,CN=Configuration)
#     ContosoUser    schema 2, requires e-mail (name flag 0xA6000000), autoenroll
#                    flag (41), Enroll+AutoEnroll for PKI Enrollees, read for AU
#     ContosoDeny    schema 2, name flag 1, Enroll for AU, an OD deny of Enroll
#                    for PKI Enrollees
#     Unpublished    schema 1, Enroll for AU; no CA lists it
#     ContosoPolicy  schema 2, Enroll for AU, issuance policies $SAMBA_POLICY_OK
#                    (known to the forest) and $SAMBA_POLICY_BAD (not known)
#   OIDs (CN=OID,...): $SAMBA_POLICY_OK with flags 2 (issuance policy), and
#     ContosoUser's template OID with flags 1 (not a policy)
#   CA CORP-CA (CN=Enrollment Services,...): dNSHostName ca1.corp.example.test,
#     publishes ContosoUser, ContosoDeny, ContosoPolicy; Enroll for AU
#   computers CES1$ constrained delegation (TRUSTED_TO_AUTH_FOR_DELEGATION,
#     msDS-AllowedToDelegateTo HOST/ca1.corp.example.test), CES2$ unconstrained
#     (TRUSTED_FOR_DELEGATION), CES3$ no delegation
#   CES application pool accounts (users holding the SPN HTTP/<host>):
#     svc-ces   HTTP/ces01.corp.example.test, constrained to HOST/ and
#               RPCSS/ca1.corp.example.test (Kerberos only)
#     svc-ces2  HTTP/ces02.corp.example.test, constrained (any protocol) to
#               HOST/oldca.corp.example.test only: not to the CA
#     svc-ces3  HTTP/ces03.corp.example.test, no delegation of its own, but
#               CA1$ admits it (resource-based: msDS-AllowedToActOnBehalfOfOtherIdentity)
#   computer CA1$ (dNSHostName ca1.corp.example.test), the CA's machine;
#   CORP-CA registers the CES URLs of ces01 (priority 1) and ces02 (priority 2)
#   in msPKI-Enrollment-Servers
# After samba_start: SAMBA_URI, SAMBA_BASE, SAMBA_CONFIG_NC, SAMBA_DOMAIN_SID,
# SAMBA_SID_ENROLLEES, SAMBA_SID_NESTED, SAMBA_ADMIN, SAMBA_ADMINPW,
# SAMBA_PIDS (every PID started), SAMBA_TIMES (phase timings).

SAMBA_REALM=CORP.EXAMPLE.TEST
SAMBA_DOMAIN=CORP
SAMBA_BASE='DC=corp,DC=example,DC=test'
SAMBA_CONFIG_NC="CN=Configuration,$SAMBA_BASE"
SAMBA_ADMIN='Administrator@corp.example.test'
SAMBA_ADMINPW='Passw0rd!Test1'
SAMBA_USERPW='UserPassw0rd!1'
SAMBA_URI='ldap://127.0.0.1'
SAMBA_POLICY_OK='1.3.6.1.4.1.311.21.8.4242.1.1.402'
SAMBA_POLICY_BAD='1.3.6.1.4.1.311.21.8.4242.1.1.999'
SAMBA_TMPL_OID_USER='1.3.6.1.4.1.311.21.8.4242.1.1.100'
SAMBA_PIDS=()
SAMBA_DIR=
SAMBA_TIMES=

GUID_ENROLL=0e10c968-78fb-11d2-90d4-00c04f79dc55
GUID_AUTOENROLL=a05b8cc2-17bc-4802-a710-e7c15ab866a2

_samba_ms() { date +%s%3N; }
_samba_log() { echo "samba: $*" >&2; }

# Every descendant of PID (children first), then PID.
_samba_tree() {
  local p=$1 c
  for c in $(pgrep -P "$p" 2>/dev/null); do _samba_tree "$c"; done
  echo "$p"
}

samba_stop() {
  local p pids=() deadline
  for p in "${SAMBA_PIDS[@]}"; do
    kill -0 "$p" 2>/dev/null || continue
    mapfile -t -O "${#pids[@]}" pids < <(_samba_tree "$p")
  done
  [ ${#pids[@]} -gt 0 ] || { SAMBA_PIDS=(); return 0; }
  kill -TERM "${pids[@]}" 2>/dev/null
  deadline=$(($(_samba_ms) + 5000))
  while :; do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    if [ "$(_samba_ms)" -gt "$deadline" ]; then
      kill -KILL "${pids[@]}" 2>/dev/null
      sleep 0.2
      break
    fi
    sleep 0.1
  done
  for p in "${SAMBA_PIDS[@]}"; do wait "$p" 2>/dev/null; done
  SAMBA_PIDS=()
}

_samba_port_free() {
  local port
  for port in 389 636 88; do
    if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
      _samba_log "port $port is taken (a stale DC?): $(ss -Hltnp "sport = :$port" 2>/dev/null | head -1)"
      return 1
    fi
  done
}

# ldbadd/ldbmodify/ldbsearch against the running DC as Administrator (they
# convert SDDL strings and seal the connection, so passwords can be set).
_samba_ldb() {
  local tool=$1; shift
  "$tool" -H "$SAMBA_URI" --configfile="$SAMBA_DIR/etc/smb.conf" -U "Administrator%$SAMBA_ADMINPW" "$@"
}

_samba_sid() { # DN -> the objectSid as text
  _samba_ldb ldbsearch -b "$1" -s base objectSid 2>/dev/null | sed -n 's/^objectSid: //p' | head -1
}

_samba_pw() { printf '"%s"' "$1" | iconv -f utf-8 -t utf-16le | base64 -w0; }

samba_add_member() { # GROUP_CN USER_CN
  printf 'dn: CN=%s,CN=Users,%s\nchangetype: modify\nadd: member\nmember: CN=%s,CN=Users,%s\n' \
    "$1" "$SAMBA_BASE" "$2" "$SAMBA_BASE" >"$SAMBA_DIR/member.ldif"
  _samba_ldb ldbmodify "$SAMBA_DIR/member.ldif" >"$SAMBA_DIR/log/member.log" 2>&1 ||
    { cat "$SAMBA_DIR/log/member.log" >&2; return 1; }
}

# Starts the daemon on the provisioned SAMBA_DIR and waits until it answers.
_samba_daemon() {
  local T=$SAMBA_DIR
  _samba_port_free || return 1
  samba --configfile="$T/etc/smb.conf" -F -M single --maximum-runtime=1200 >>"$T/log/stdout.log" 2>&1 &
  SAMBA_PIDS+=($!)
  local deadline=$(($(_samba_ms) + 60000))
  while [ "$(_samba_ms)" -lt "$deadline" ]; do
    kill -0 "${SAMBA_PIDS[-1]}" 2>/dev/null || break
    ldapsearch -x -H "$SAMBA_URI" -s base -b '' configurationNamingContext >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  _samba_log "the DC did not answer"
  tail -20 "$T/log/stdout.log" >&2
  return 1
}

# Restarts the DC with `ldap server require strong auth` = yes | no (the
# daemon reads it only at start).
samba_strong_auth() {
  sed -i "s/ldap server require strong auth = .*/ldap server require strong auth = $1/" "$SAMBA_DIR/etc/smb.conf"
  samba_stop
  _samba_daemon
}

samba_start() {
  local T=$1 t0 t1 t2 t3
  t0=$(_samba_ms)
  [ "$(id -u)" = 0 ] || { _samba_log "needs root (ports 389, 636, 88)"; return 1; }
  for tool in samba samba-tool ldbadd ldbsearch ldapsearch iconv base64 ss pgrep; do
    command -v "$tool" >/dev/null 2>&1 || { _samba_log "$tool is missing"; return 1; }
  done
  _samba_port_free || return 1
  mkdir -p "$T"
  SAMBA_DIR=$(cd "$T" && pwd)
  T=$SAMBA_DIR
  mkdir -p "$T/run" "$T/log"
  printf '[global]\n' >"$T/base.conf"
  if ! (cd "$T" && samba-tool domain provision -s "$T/base.conf" --targetdir="$T" --realm=$SAMBA_REALM \
        --domain=$SAMBA_DOMAIN --adminpass="$SAMBA_ADMINPW" --server-role=dc --dns-backend=NONE \
        --host-name=dc1 >"$T/log/provision.log" 2>&1); then
    tail -20 "$T/log/provision.log" >&2
    return 1
  fi
  t1=$(_samba_ms)
  cat >"$T/etc/smb.conf" <<EOF
[global]
	netbios name = DC1
	workgroup = $SAMBA_DOMAIN
	realm = $SAMBA_REALM
	server role = active directory domain controller
	server services = ldap, cldap, kdc
	interfaces = 127.0.0.1
	bind interfaces only = yes
	ldap server require strong auth = no
	private dir = $T/private
	lock directory = $T
	state directory = $T/state
	cache directory = $T/cache
	binddns dir = $T/bind-dns
	pid directory = $T/run
	ncalrpc dir = $T/run/ncalrpc
	winbindd socket directory = $T/run/winbindd
	ntp signd socket directory = $T/run/ntp_signd
	log file = $T/log/samba.log
	tls enabled = yes
EOF
  _samba_daemon || return 1
  t2=$(_samba_ms)
  SAMBA_DOMAIN_SID=$(_samba_sid "$SAMBA_BASE")
  _samba_seed || return 1
  t3=$(_samba_ms)
  SAMBA_TIMES="provisioned $((t1 - t0)) ms, answering after $((t2 - t1)) ms, seeded in $((t3 - t2)) ms"
}

_samba_seed() {
  local T=$SAMBA_DIR B=$SAMBA_BASE pw
  pw=$(_samba_pw "$SAMBA_USERPW")
  local U="CN=Users,$B" C="CN=Computers,$B"
  local PKS="CN=Public Key Services,CN=Services,$SAMBA_CONFIG_NC"
  # users (enabled, with passwords; alice NOT_DELEGATED), groups, computers
  {
    for u in alice bob carol dave; do
      local uac=512 mail=""
      [ $u = alice ] && uac=$((512 | 0x100000))
      [ $u != alice ] && mail="mail: $u@corp.example.test"
      printf 'dn: CN=%s,%s\nobjectClass: user\nsAMAccountName: %s\nuserPrincipalName: %s@corp.example.test\n' \
        $u "$U" $u $u
      [ -n "$mail" ] && printf '%s\n' "$mail"
      printf 'unicodePwd:: %s\nuserAccountControl: %d\n\n' "$pw" $uac
    done
    printf 'dn: CN=PKI Nested,%s\nobjectClass: group\nsAMAccountName: PKI Nested\nmember: CN=carol,%s\n\n' "$U" "$U"
    printf 'dn: CN=PKI Enrollees,%s\nobjectClass: group\nsAMAccountName: PKI Enrollees\n' "$U"
    printf 'member: CN=alice,%s\nmember: CN=bob,%s\nmember: CN=PKI Nested,%s\n\n' "$U" "$U" "$U"
    printf 'dn: CN=CES1,%s\nobjectClass: computer\nsAMAccountName: CES1$\ndNSHostName: ces1.corp.example.test\n' "$C"
    printf 'userAccountControl: %d\nmsDS-AllowedToDelegateTo: HOST/ca1.corp.example.test\n' $((4096 | 0x1000000))
    printf 'msDS-AllowedToDelegateTo: HOST/ca1\n\n'
    printf 'dn: CN=CES2,%s\nobjectClass: computer\nsAMAccountName: CES2$\ndNSHostName: ces2.corp.example.test\n' "$C"
    printf 'userAccountControl: %d\n\n' $((4096 | 0x80000))
    printf 'dn: CN=CES3,%s\nobjectClass: computer\nsAMAccountName: CES3$\ndNSHostName: ces3.corp.example.test\n' "$C"
    printf 'userAccountControl: 4096\n\n'
    printf 'dn: CN=CA1,%s\nobjectClass: computer\nsAMAccountName: CA1$\ndNSHostName: ca1.corp.example.test\n' "$C"
    printf 'userAccountControl: 4096\n\n'
    # svcuser NAME HOST UAC [delegate-to SPNs...]
    svcuser() {
      local n=$1 h=$2 uac=$3 spn
      shift 3
      printf 'dn: CN=%s,%s\nobjectClass: user\nsAMAccountName: %s\nservicePrincipalName: HTTP/%s\n' "$n" "$U" "$n" "$h"
      for spn in "$@"; do printf 'msDS-AllowedToDelegateTo: %s\n' "$spn"; done
      printf 'unicodePwd:: %s\nuserAccountControl: %d\n\n' "$pw" "$uac"
    }
    svcuser svc-ces ces01.corp.example.test 512 HOST/ca1.corp.example.test RPCSS/ca1.corp.example.test
    svcuser svc-ces2 ces02.corp.example.test $((512 | 0x1000000)) HOST/oldca.corp.example.test
    svcuser svc-ces3 ces03.corp.example.test 512
  } >"$T/accounts.ldif"
  _samba_ldb ldbadd "$T/accounts.ldif" >"$T/log/accounts.log" 2>&1 ||
    { _samba_log "seeding accounts failed"; cat "$T/log/accounts.log" >&2; return 1; }
  # resource-based delegation: CA1$ admits svc-ces3. The attribute may only be
  # written as system (samba-tool delegation add-principal is refused over
  # LDAP), so the binary descriptor goes into the local sam.ldb.
  local rbcd_sid rbcd_sd
  rbcd_sid=$(_samba_sid "CN=svc-ces3,$U")
  rbcd_sd=$(/usr/bin/python3 -c 'import base64, sys
from samba.ndr import ndr_pack
from samba.dcerpc import security
sd = security.descriptor.from_sddl("O:BAD:(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;%s)" % sys.argv[1], security.dom_sid(sys.argv[1]))
print(base64.b64encode(ndr_pack(sd)).decode())' "$rbcd_sid" 2>"$T/log/rbcd.log")
  printf 'dn: CN=CA1,%s\nchangetype: modify\nreplace: msDS-AllowedToActOnBehalfOfOtherIdentity\n' "$C" >"$T/rbcd.ldif"
  printf 'msDS-AllowedToActOnBehalfOfOtherIdentity:: %s\n' "$rbcd_sd" >>"$T/rbcd.ldif"
  [ -n "$rbcd_sid" ] && [ -n "$rbcd_sd" ] &&
    ldbmodify -H "$T/private/sam.ldb" --configfile="$T/etc/smb.conf" "$T/rbcd.ldif" >>"$T/log/rbcd.log" 2>&1 ||
    { _samba_log "resource-based delegation on CA1\$ failed"; cat "$T/log/rbcd.log" >&2; return 1; }
  SAMBA_SID_ENROLLEES=$(_samba_sid "CN=PKI Enrollees,$U")
  SAMBA_SID_NESTED=$(_samba_sid "CN=PKI Nested,$U")
  [ -n "$SAMBA_SID_ENROLLEES" ] && [ -n "$SAMBA_SID_NESTED" ] ||
    { _samba_log "no SID for the PKI groups"; return 1; }
  local G=$SAMBA_SID_ENROLLEES
  local ADM='(A;;CCDCLCSWRPWPDTLOSDRCWDWO;;;DA)(A;;CCDCLCSWRPWPDTLOSDRCWDWO;;;EA)(A;;LCRPLORC;;;AU)'
  local eku='pKIExtendedKeyUsage: 1.3.6.1.5.5.7.3.2'
  # template NAME DISPLAY SCHEMA NAMEFLAG ENROLLFLAG OID SDDL [EXTRA-LINES]
  tmpl() {
    printf 'dn: CN=%s,CN=Certificate Templates,%s\nobjectClass: pKICertificateTemplate\n' "$1" "$PKS"
    printf 'displayName: %s\nflags: 131642\n%s\npKIMaxIssuingDepth: 0\npKIDefaultKeySpec: 1\n' "$2" "$eku"
    printf 'msPKI-Template-Schema-Version: %s\nmsPKI-Certificate-Name-Flag: %s\n' "$3" "$4"
    printf 'msPKI-Enrollment-Flag: %s\nmsPKI-Cert-Template-OID: %s\nrevision: 100\n' "$5" "$6"
    printf 'msPKI-Template-Minor-Revision: 1\nmsPKI-RA-Signature: 0\nmsPKI-Private-Key-Flag: 16\n'
    printf 'nTSecurityDescriptor: %s\n' "$7"
    [ -n "${8:-}" ] && printf '%s\n' "$8"
    printf '\n'
  }
  {
    tmpl ContosoUser 'Contoso User' 2 2785017856 41 "$SAMBA_TMPL_OID_USER" \
      "O:EAG:DUD:PAI(OA;;CR;$GUID_ENROLL;;$G)(OA;;CR;$GUID_AUTOENROLL;;$G)$ADM" \
      "pKIDefaultCSPs: 2,Microsoft Software Key Storage Provider
pKIDefaultCSPs: 1,Microsoft Platform Crypto Provider"
    tmpl ContosoDeny 'Contoso Deny' 2 1 0 '1.3.6.1.4.1.311.21.8.4242.1.1.101' \
      "O:EAG:DUD:PAI(OD;;CR;$GUID_ENROLL;;$G)(OA;;CR;$GUID_ENROLL;;AU)$ADM"
    tmpl Unpublished 'Unpublished' 1 1 0 '1.3.6.1.4.1.311.21.8.4242.1.1.102' \
      "O:EAG:DUD:PAI(OA;;CR;$GUID_ENROLL;;AU)$ADM"
    tmpl ContosoPolicy 'Contoso Policy' 2 1 32 '1.3.6.1.4.1.311.21.8.4242.1.1.103' \
      "O:EAG:DUD:PAI(OA;;CR;$GUID_ENROLL;;AU)(OA;;CR;$GUID_AUTOENROLL;;AU)$ADM" \
      "msPKI-Certificate-Policy: $SAMBA_POLICY_OK
msPKI-Certificate-Policy: $SAMBA_POLICY_BAD"
    printf 'dn: CN=4242.402,CN=OID,%s\nobjectClass: msPKI-Enterprise-Oid\ndisplayName: Contoso Assurance\n' "$PKS"
    printf 'msPKI-Cert-Template-OID: %s\nflags: 2\n\n' "$SAMBA_POLICY_OK"
    printf 'dn: CN=4242.100,CN=OID,%s\nobjectClass: msPKI-Enterprise-Oid\ndisplayName: Contoso User\n' "$PKS"
    printf 'msPKI-Cert-Template-OID: %s\nflags: 1\n\n' "$SAMBA_TMPL_OID_USER"
    printf 'dn: CN=CORP-CA,CN=Enrollment Services,%s\nobjectClass: pKIEnrollmentService\n' "$PKS"
    printf 'dNSHostName: ca1.corp.example.test\nflags: 10\ncACertificateDN: CN=CORP-CA, DC=corp, DC=example, DC=test\n'
    printf 'certificateTemplates: ContosoUser\ncertificateTemplates: ContosoDeny\ncertificateTemplates: ContosoPolicy\n'
    printf 'nTSecurityDescriptor: O:EAG:DUD:PAI(OA;;CR;%s;;AU)%s\n' "$GUID_ENROLL" "$ADM"
    # "priority\nauthentication (2: Kerberos)\nrenewal only\nURL", several lines: base64
    printf 'msPKI-Enrollment-Servers:: %s\n' \
      "$(printf '1\n2\n0\nhttps://ces01.corp.example.test/CORP-CA_CES_Kerberos/service.svc/CES' | base64 -w0)" \
      "$(printf '2\n2\n0\nhttps://ces02.corp.example.test/CORP-CA_CES_Kerberos/service.svc/CES' | base64 -w0)"
    printf '\n'

  } >"$T/pki.ldif"
  _samba_ldb ldbadd "$T/pki.ldif" >"$T/log/pki.log" 2>&1 ||
    { _samba_log "seeding the PKI objects failed"; cat "$T/log/pki.log" >&2; return 1; }
}

# N more templates Bulk0001..BulkN (no CA publishes them), so that a
# search of the templates needs more than one page.
samba_add_bulk_templates() {
  local n=$1 i PKS="CN=Public Key Services,CN=Services,$SAMBA_CONFIG_NC"
  for i in $(seq -f '%04g' 1 "$n"); do
    printf 'dn: CN=Bulk%s,CN=Certificate Templates,%s\nobjectClass: pKICertificateTemplate\n' "$i" "$PKS"
    printf 'displayName: Bulk %s\nmsPKI-Template-Schema-Version: 1\nmsPKI-Certificate-Name-Flag: 1\n\n' "$i"
  done >"$SAMBA_DIR/bulk.ldif"
  _samba_ldb ldbadd "$SAMBA_DIR/bulk.ldif" >"$SAMBA_DIR/log/bulk.log" 2>&1 ||
    { tail -5 "$SAMBA_DIR/log/bulk.log" >&2; return 1; }
}

# Adds the SPN ldap/127.0.0.1 to the DC's account, so that a GSSAPI bind to
# ldap://127.0.0.1 finds its service ticket (with LDAPSASL_NOCANON=on and a
# krb5.conf that does not canonicalise names), and writes that krb5.conf to
# FILE.
samba_kerberos() {
  cat >"$1" <<EOK
[libdefaults]
	default_realm = $SAMBA_REALM
	dns_lookup_realm = false
	dns_lookup_kdc = false
	rdns = false
	dns_canonicalize_hostname = false
[realms]
	$SAMBA_REALM = {
		kdc = 127.0.0.1
	}
[domain_realm]
	127.0.0.1 = $SAMBA_REALM
EOK
  printf 'dn: CN=DC1,OU=Domain Controllers,%s\nchangetype: modify\nadd: servicePrincipalName\nservicePrincipalName: ldap/127.0.0.1\n' \
    "$SAMBA_BASE" >"$SAMBA_DIR/spn.ldif"
  _samba_ldb ldbmodify "$SAMBA_DIR/spn.ldif" >"$SAMBA_DIR/log/spn.log" 2>&1 ||
    { cat "$SAMBA_DIR/log/spn.log" >&2; return 1; }
}

# Run directly: keep a DC up until interrupted.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -u
  dir=${1:-}
  own=0
  [ -n "$dir" ] || { dir=$(mktemp -d /tmp/enrolldoc-dc.XXXXXX); own=1; }
  trap 'samba_stop; [ $own = 1 ] && rm -rf "$dir"' EXIT
  trap 'exit 130' INT TERM
  samba_start "$dir" || exit 1
  echo "DC up at $SAMBA_URI (domain SID $SAMBA_DOMAIN_SID; $SAMBA_TIMES); Ctrl-C stops it"
  echo "bind: $SAMBA_ADMIN / $SAMBA_ADMINPW; users alice bob carol dave / $SAMBA_USERPW"
  wait "${SAMBA_PIDS[0]}"
fi
