#!/usr/bin/env bash
# test-plain.sh: the plain line mode of enrolldoc.exe under Wine, with
# standard input and output as pipes (no console, as in a PowerShell
# remoting session): the demo walked by Enter alone reaches the deciding
# finding perm.token-stale with exit status 1, in English and in German,
# with the same summary bytes as the Linux build's diagnose; no escape
# character; an action chosen on recorded facts is recorded as not run, one
# chosen live is run only after y (an empty line declines it); the end of
# the input quits with diagnose's status; training decides first. Live,
# the domain join is judged: Wine as it is (a workgroup) ends the walk at
# gpo.not-joined; with a stand-in netapi32 (fixtures/mocknetapi.c) the
# computer is joined, without a DC (gpo.no-dc) or with one.
# Usage: bash tests/windows/test-plain.sh [BUILD_DIR]
. "$(dirname "$0")/lib.sh" "$@"

exe="$WIN_BUILD/enrolldoc.exe"
msg() { jq -er --arg k "$2" '.messages[$k]' "$WIN_SRC/locale/$1.json"; }
has() { grep -qF -- "$2" "$1"; }
no_esc() { ! grep -q $'\e' "$@"; }
enters() { local i; for ((i = 0; i < $1; i++)); do printf '\n'; done; }
# run NAME ARGS...: enrolldoc.exe ARGS, stdin as given, stdout and stderr
# into pipes (cat), so that Wine sees no console at all
run() {
  local name=$1; shift
  wine "$exe" "$@" 2> >(cat >"$WIN_TMP/$name.err") | cat >"$WIN_TMP/$name.out"
  rc=${PIPESTATUS[0]}
  wait
}

for l in en de; do
  run "enter-$l" --demo --lang "$l" < <(enters 30)
  out=$WIN_TMP/enter-$l.out
  check "[$l] Enter only: exit status 1 (got $rc; $(head -c 200 "$WIN_TMP/enter-$l.err"))" [ "$rc" = 1 ]
  check "[$l] the line mode was chosen by itself" has "$out" "$(msg "$l" plain.intro | cut -c1-40)"
  check "[$l] no escape character" no_esc "$out" "$WIN_TMP/enter-$l.err"
  check "[$l] step 12 is the token check" has "$out" "$(msg "$l" node.a.token.title)"
  check "[$l] the deciding finding as an error" \
    has "$out" "$(msg "$l" severity.error): $(msg "$l" finding.perm.token-stale.title)"
  check "[$l] the summary lists [perm.token-stale · $(msg "$l" context.user)]" \
    has "$out" "[perm.token-stale · $(msg "$l" context.user)]"
  check "[$l] no carriage return in the output" bash -c "! grep -q $'\\r' '$out'"
  # the summary: the bytes diagnose prints (the golden file of the Linux build)
  wine "$exe" diagnose --bundle "$(winepath -w "$WIN_SRC/checks/demo.json")" --lang "$l" >"$WIN_TMP/diag-$l.txt" 2>/dev/null
  head=$(head -n 1 "$WIN_TMP/diag-$l.txt")
  awk -v h="$head" '$0 == h {on = 1} on' "$out" >"$WIN_TMP/summary-$l.txt"
  check "[$l] the summary is diagnose's text" cmp -s "$WIN_TMP/summary-$l.txt" "$WIN_TMP/diag-$l.txt"
done

# an action chosen on recorded facts: shown in full, recorded as not run
run action --demo --lang en < <(enters 8; printf '2\n\n')
check "action: exit status 1 (got $rc)" [ "$rc" = 1 ]
check "action: its command line" has "$WIN_TMP/action.out" "    certutil -pulse -user"
check "action: recorded as not run" has "$WIN_TMP/action.out" "$(msg en ui.msg.not-run)"

# the end of the input mid-walk; b and L
run eof --demo --lang en </dev/null
check "end of input at once: exit status 1 (got $rc)" [ "$rc" = 1 ]
check "end of input at once: the summary" has "$WIN_TMP/eof.out" "$(msg en text.path)"
run keys --demo --plain --lang en < <(printf '\n\n\nb\nL\nq\n')
check "keys: exit status 1 (got $rc)" [ "$rc" = 1 ]
check "keys: b goes back to step 3" has "$WIN_TMP/keys.out" "$(msg en node.q.transport.title)"
check "keys: L switches to German" has "$WIN_TMP/keys.out" "$(msg de node.q.transport.title)"
check "keys: no escape character" no_esc "$WIN_TMP/keys.out"

# live on the Wine "client". Wine's netapi32 always answers "workgroup" and
# finds no DC: as it is, the walk ends at "not a domain member"; with
# fixtures/mocknetapi.dll loaded instead (from the folder of a copy of the
# exe) the computer is joined, with or without a reachable DC.
run notjoined --lang en --template User < <(enters 30)
check "live, not joined: exit status 1 (got $rc)" [ "$rc" = 1 ]
check "live, not joined: gpo.not-joined" has "$WIN_TMP/notjoined.out" "[gpo.not-joined · $(msg en context.user)]"
check "live, not joined: the walk ends there" has "$WIN_TMP/notjoined.out" "$(msg en node.end.not-joined.title)"
mock=$WIN_TMP/mock
mkdir -p "$mock"
cp "$exe" "$mock/enrolldoc.exe"
x86_64-w64-mingw32-gcc -std=c11 -O2 -Wall -Wextra -Werror -shared -o "$mock/netapi32.dll" \
  "$WIN_SRC/tests/windows/fixtures/mocknetapi.c" "$WIN_SRC/tests/windows/fixtures/mocknetapi.def"
exe_real=$exe
exe=$mock/enrolldoc.exe
export WINEDLLOVERRIDES="$WINEDLLOVERRIDES;netapi32=n" MOCKNET_DOMAIN=CONTOSO
MOCKNET_DC='' run nodc --lang en --template User < <(enters 30)
check "live, joined without a DC: gpo.no-dc" has "$WIN_TMP/nodc.out" "[gpo.no-dc · $(msg en context.user)]"
check "live, joined without a DC: not gpo.not-joined" bash -c "! grep -qF '[gpo.not-joined' '$WIN_TMP/nodc.out'"
export MOCKNET_DC=dc1.contoso.test

# the probes' progress one line per phase; an action chosen and answered
# with an empty line is declined, not run
run live --lang en --template User < <(enters 6; printf '2\n\n')
out=$WIN_TMP/live.out
check "live: exit status 0 or 1 (got $rc; $(head -c 200 "$WIN_TMP/live.err"))" [ "$rc" -le 1 ]
check "live: the progress of the probes" has "$out" "$(msg en session.work.probing) "
check "live: no progress line twice in a row" [ -z "$(grep -F '…' "$out" | uniq -d)" ]
check "live: no escape character, no carriage return" bash -c "! grep -q \$'[\\e\\r]' '$out'"
check "live: the action is shown with its command line" has "$out" "$(msg en ui.action.command)"
check "live: asked before it runs" has "$out" "$(msg en plain.run-ask)"
check "live: an empty line declines it" has "$out" "$(msg en ui.msg.declined)"
tr=$(sed -n 's/^enrolldoc: [^:]*: //p' "$WIN_TMP/live.err" | tr -d '\r')
tr=$(winepath -u "$tr" 2>/dev/null)
if [ -f "$tr" ]; then
  check "live: the transcript says declined" \
    [ "$(jq -r 'select(.event == "action") | .outcome' "$tr")" = declined ]
else
  fail "live: no transcript found ($(cat "$WIN_TMP/live.err"))"
fi

exe=$exe_real
unset MOCKNET_DOMAIN MOCKNET_DC
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES%;netapi32=n}"

# training: decide first, then the result, the debrief
run train train aepolicy-disabled --lang de < <(enters 60)
check "training: exit status 0 (got $rc)" [ "$rc" = 0 ]
check "training: the debrief" has "$WIN_TMP/train.out" "$(msg de train.ui.debrief.title): "
check "training: no escape character" no_esc "$WIN_TMP/train.out"

finish
