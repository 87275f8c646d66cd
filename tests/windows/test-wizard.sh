#!/usr/bin/env bash
# test-wizard.sh: enrolldoc.exe under Wine gives what the Linux build gives:
# --version; explain and diagnose (JSON and German text, byte for byte the
# golden files of tests/golden/, exit codes 0 and 1) through pipes; a bundle
# under a folder name with umlauts; a localized error on stderr; and the
# curses wizard in a private tmux server with the win32 console driver
# (TERM='#win32con'): first screen with its umlauts, quits on q; and the
# same driver whatever TERM says (xterm-256color as Windows OpenSSH and Git
# Bash set it, dumb, none): the start screen appears.
# Usage: bash tests/windows/test-wizard.sh [BUILD_DIR]
. "$(dirname "$0")/lib.sh" "$@"

exe="$WIN_BUILD/enrolldoc.exe"
golden="$WIN_SRC/tests/golden"
scen="$WIN_SHARED/scenarios/ca-unreachable.json"
[ -f "$scen" ] || { echo "test-wizard: no $scen" >&2; exit 1; }

# run NAME ARGS...: enrolldoc.exe ARGS through pipes; $WIN_TMP/NAME.out,
# NAME.err, and the exit status in $rc.
run() {
  local name=$1; shift
  wine "$exe" "$@" >"$WIN_TMP/$name.out" 2>"$WIN_TMP/$name.err"
  rc=$?
}
same_as_golden() { # NAME GOLDEN
  if cmp -s "$WIN_TMP/$1.out" "$golden/$2"; then
    pass
  else
    fail "$1: output differs from tests/golden/$2"
    diff -u "$golden/$2" "$WIN_TMP/$1.out" | head -20
  fi
}
no_stderr() {
  if [ -s "$WIN_TMP/$1.err" ]; then fail "$1: unexpected stderr: $(head -c 300 "$WIN_TMP/$1.err")"; else pass; fi
}

# --version: the project version of CMakeLists.txt
want_version=$(sed -n 's/^project(enrolldoc VERSION \([0-9.]*\).*/\1/p' "$WIN_SRC/CMakeLists.txt")
t0=$(date +%s%N)
run version --version
first_ms=$((($(date +%s%N) - t0) / 1000000))
check "--version exits 0 (got $rc)" [ "$rc" = 0 ]
check "--version prints 'enrolldoc $want_version'" [ "$(cat "$WIN_TMP/version.out")" = "enrolldoc $want_version" ]
t0=$(date +%s%N)
run version2 --version
warm_ms=$((($(date +%s%N) - t0) / 1000000))

# explain: exact JSON, exit 0
run explain explain 0x800706BA --json
check "explain exits 0 (got $rc)" [ "$rc" = 0 ]
no_stderr explain
check "explain output is JSON" jq -e . "$WIN_TMP/explain.out" >/dev/null
check "explain JSON equals the golden JSON" \
  [ "$(jq -cS . "$WIN_TMP/explain.out")" = "$(jq -cS . "$golden/explain.0x800706BA.json")" ]
same_as_golden explain explain.0x800706BA.json

# diagnose with a Windows path: exit 1, the same findings and bytes as Linux
wscen=$(winpath "$scen")
check "winepath gives a Windows path ($wscen)" [ -n "$wscen" ]
run diag diagnose --bundle "$wscen" --json
check "diagnose exits 1 (got $rc)" [ "$rc" = 1 ]
no_stderr diag
check "diagnose reports the golden findings" \
  [ "$(jq -c '[.findings[].id]' "$WIN_TMP/diag.out" 2>/dev/null)" = "$(jq -c '[.findings[].id]' "$golden/ca-unreachable.json")" ]
same_as_golden diag ca-unreachable.json

# German text through a pipe: umlauts as UTF-8, the golden bytes
run diag_de diagnose --bundle "$wscen" --lang de
check "diagnose --lang de exits 1 (got $rc)" [ "$rc" = 1 ]
no_stderr diag_de
check "German text has its umlauts (Zertifizierungsstelle über)" grep -q "Zertifizierungsstelle über" "$WIN_TMP/diag_de.out"
check "German text is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$WIN_TMP/diag_de.out" -o /dev/null
same_as_golden diag_de ca-unreachable.de.txt
run explain_de explain 0x800706BA --lang de
check "explain --lang de exits 0 (got $rc)" [ "$rc" = 0 ]
same_as_golden explain_de explain.0x800706BA.de.txt

# a bundle in a folder whose name has umlauts (UTF-8 argv, UTF-8 fopen)
mkdir -p "$WIN_TMP/Prüfung Ä"
cp "$scen" "$WIN_TMP/Prüfung Ä/bündel.json"
run umlaut diagnose --bundle "$(winpath "$WIN_TMP/Prüfung Ä/bündel.json")" --json
check "bundle under 'Prüfung Ä' is read (exit $rc, $(head -c 200 "$WIN_TMP/umlaut.err"))" [ "$rc" = 1 ]
same_as_golden umlaut ca-unreachable.json

# a missing bundle: exit 2, one German line on stderr naming the path
run missing diagnose --bundle "$(winpath "$WIN_TMP/Prüfung Ä/fehlt.json")" --lang de
check "missing bundle exits 2 (got $rc)" [ "$rc" = 2 ]
check "the error names the path with its umlauts" grep -q "Prüfung Ä" "$WIN_TMP/missing.err"
check "the error is one line" [ "$(wc -l <"$WIN_TMP/missing.err")" = 1 ]
check "the error is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$WIN_TMP/missing.err" -o /dev/null

# output to a pipe: no console for curses, so the plain line mode walks the
# demo (tests/windows/test-plain.sh walks it in full); the end of its input
# quits with diagnose's status
run nowiz --demo --lang en </dev/null
check "the wizard without a console takes the line mode, exit 1 (got $rc)" [ "$rc" = 1 ]
check "and shows the first step as text ($(head -c 200 "$WIN_TMP/nowiz.err"))" \
  grep -qF "$(jq -r '.messages["plain.intro"]' "$WIN_SRC/locale/en.json" | cut -c1-40)" "$WIN_TMP/nowiz.out"

# ---- the wizard in tmux, with ncurses' win32 console driver ----
if ! command -v tmux >/dev/null 2>&1; then
  fail "tmux is needed for the wizard test"
  finish
fi
WIN_TMUX="enrolldoc-wine-$$-$RANDOM"
tm() { tmux -L "$WIN_TMUX" -f /dev/null "$@"; }
screen() { tm capture-pane -p -t w; }
wait_for() { # TEXT SECONDS
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  return 1
}
msg() { jq -r --arg k "$2" '.messages[$k]' "$WIN_SRC/locale/$1.json"; }
state=$(winpath "$WIN_TMP")
# wizard ENV ARGS...: enrolldoc.exe ARGS in a fresh tmux session w, started
# as "ENV wine enrolldoc.exe ARGS" (ENV sets or unsets TERM); its exit status
# goes to $WIN_TMP/wizard.rc.
wizard() {
  local env=$1; shift
  rm -f "$WIN_TMP/wizard.rc"
  tm kill-session -t w 2>/dev/null || true
  tm new-session -d -s w -x 100 -y 30 \
    -e WINEPREFIX="$WINEPREFIX" -e WINEDEBUG=-all -e "WINEDLLOVERRIDES=$WINEDLLOVERRIDES" -e DISPLAY= \
    -e LANG=C.UTF-8 -e LOCALAPPDATA="$state" \
    "$env wine '$exe' $*; echo \$? >'$WIN_TMP/wizard.rc'; sleep 30"
}
# quits WHAT: q ends the wizard with exit 0.
quits() {
  local i
  tm send-keys -t w q
  for ((i = 0; i < 100; i++)); do
    [ -s "$WIN_TMP/wizard.rc" ] && break
    sleep 0.1
  done
  check "$1 quits on q with exit 0 (got $(cat "$WIN_TMP/wizard.rc" 2>/dev/null || echo none))" \
    [ "$(cat "$WIN_TMP/wizard.rc" 2>/dev/null)" = 0 ]
}
wizard "TERM='#win32con'" --demo --lang de
intro=$(msg de node.intro.title)
t0=$(date +%s%N)
if wait_for "$intro" 20; then
  pass
  wiz_ms=$((($(date +%s%N) - t0) / 1000000))
  echo "test-wizard: first screen after $wiz_ms ms"
  check "first screen names the training (Übung)" bash -c "tmux -L '$WIN_TMUX' capture-pane -p -t w | grep -qF '$(msg de ui.demo)'"
  check "no mojibake on the screen" bash -c "! tmux -L '$WIN_TMUX' capture-pane -p -t w | grep -q 'Ã'"
  check "the key bar offers quitting" bash -c "tmux -L '$WIN_TMUX' capture-pane -p -t w | grep -qF 'q $(msg de ui.key.quit)'"
else
  fail "the wizard's first screen ($intro) did not appear"
  screen | head -40
fi
quits "the wizard"

# ---- the start screen, and a live walk on this (Wine) client ----
wizard "TERM='#win32con'" --lang en
if wait_for "$(msg en ui.start.title)" 20; then
  pass
  check "the start screen offers the live diagnosis, selected" \
    bash -c "tmux -L '$WIN_TMUX' capture-pane -p -t w | grep -qF '> $(msg en ui.start.live)'"
  check "the start screen offers the demo" \
    bash -c "tmux -L '$WIN_TMUX' capture-pane -p -t w | grep -qF '$(msg en ui.start.demo)'"
  tm send-keys -t w Enter
  if wait_for "$(msg en node.intro.title)" 20; then pass; else fail "live walk: no first step"; fi
  tm send-keys -t w Enter          # to the context question
  wait_for "$(msg en question.context.text)" 10 && pass || fail "live walk: no context question"
  tm send-keys -t w Enter          # user
  wait_for "$(msg en question.transport.text)" 10 && pass || fail "live walk: no transport question"
  tm send-keys -t w Enter          # RPC/DCOM
  wait_for "$(msg en node.a.intro.title)" 10 && pass || fail "live walk: no branch A"
  tm send-keys -t w Enter          # the store check, probed live
  if wait_for "$(msg en node.a.store.title)" 20; then
    pass
    # no template named: the wizard asks which one (issue 12), else the result
    check "the live store check asks for the template or shows a result" \
      bash -c "tmux -L '$WIN_TMUX' capture-pane -p -t w | grep -qE '$(msg en ui.template.question)|$(msg en ui.step.result) ($(msg en status.ok)|$(msg en status.unknown)|$(msg en status.fail)|$(msg en status.warn))'"
  else
    fail "live walk: the store check did not appear"; screen | head -30
  fi
else
  fail "the start screen did not appear"
  screen | head -30
fi
quits "the live wizard"

# ---- whatever TERM says: the console driver draws (Windows OpenSSH and Git
# Bash set TERM=xterm*, which this build has no description for) ----
for env in "TERM=xterm-256color" "TERM=dumb" "env -u TERM"; do
  wizard "$env" --lang de
  if wait_for "$(msg de ui.start.title)" 20; then
    pass
    check "$env: the start screen offers the live diagnosis" \
      bash -c "tmux -L '$WIN_TMUX' capture-pane -p -t w | grep -qF '> $(msg de ui.start.live)'"
    check "$env: the key bar offers quitting" \
      bash -c "tmux -L '$WIN_TMUX' capture-pane -p -t w | grep -qF 'q $(msg de ui.key.quit)'"
    check "$env: no mojibake and no escape sequences on the screen" \
      bash -c "! tmux -L '$WIN_TMUX' capture-pane -p -t w | grep -qE 'Ã|\\[\\?[0-9]+[hl]|\\[[0-9;]+m'"
  else
    fail "$env: the start screen did not appear"
    screen | head -30
  fi
  quits "$env: the wizard"
done
echo "test-wizard: wine start: first run $first_ms ms, warm run $warm_ms ms"
finish
