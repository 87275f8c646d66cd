#!/usr/bin/env bash
# terminals.sh: the wizard on different terminals: NO_COLOR (texts and
# status words, no colour); TERM=dumb and no terminal at all (the plain line
# mode instead, no escape sequence, diagnose's exit status);
# umlauts, also when the locale is not UTF-8; a mouse click on a menu entry.
# Usage: bash tests/e2e/terminals.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

go() {
  send Enter
  wait_for "$(msg "$1" ui.step.n) $2"
}

# screen_esc: the pane with its attributes as escape sequences.
screen_esc() {
  tmx capture-pane -e -p -t "$E2E_SESSION"
}

# colour codes (foreground/background, 8, 256 or true colour), not the
# resets to the default colours (39, 49)
has_colour() {
  grep -qE $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;[25]|48;[25])(;[0-9;]*)?m'
}

# ---- colours ----
start -- --demo --lang en
wait_for "$(msg en node.intro.title)" &&
  check "with colours: the pane has colour (the test can see it)" has_colour <<<"$(screen_esc)"

start -e NO_COLOR=1 -- --demo --lang en
wait_for "$(msg en node.intro.title)" && {
  if has_colour <<<"$(screen_esc)"; then fail "NO_COLOR: colour codes on the screen"; else pass "NO_COLOR: no colour codes"; fi
  assert_screen_has "> $(msg en ui.menu.continue)" "NO_COLOR: the selection is marked"
  assert_screen_has "Enter $(msg en ui.key.choose)" "NO_COLOR: the key bar"
}
for n in 2 3 4 5; do go en $n || break; done
assert_screen_has "$(msg en ui.step.result) $(msg en status.ok)" "NO_COLOR: status word OK"
for n in 6 7 8 9 10 11 12; do go en $n || break; done
assert_screen_has "$(msg en ui.step.result) $(msg en status.fail)" "NO_COLOR: status word Problem"
assert_screen_has "$(msg en severity.error): $(title en perm.token-stale)" "NO_COLOR: severity word and finding"
assert_screen_has "[x]" "NO_COLOR: the breadcrumb marks the failure"
if has_colour <<<"$(screen_esc)"; then fail "NO_COLOR: colour codes on a failed check"; else pass "NO_COLOR: no colour on a failed check"; fi
# reverse video still marks the selection without colour
check "NO_COLOR: the selected entry is in reverse video" grep -qE $'\e\\[([0-9;]*;)?7(;[0-9;]*)?m' <<<"$(screen_esc)"

# ---- TERM=dumb and no terminal: the plain line mode (tests/cli/plain.sh
# walks it in full), never an escape sequence ----
for l in en de; do
  start -e TERM=dumb -- --demo --lang "$l"
  if ! wait_for "$(msg "$l" node.intro.title)"; then
    fail "TERM=dumb ($l): the line mode did not show the first step"
    continue
  fi
  assert_screen_has "$(msg "$l" plain.choices)" "TERM=dumb ($l): the choices as text"
  esc=$(tmx capture-pane -e -p -J -S - -E - -t "$E2E_SESSION" | grep -v '^Pane is dead')
  if grep -q $'\e' <<<"$esc"; then fail "TERM=dumb ($l): escape sequences on the terminal"; else pass "TERM=dumb ($l): no escape sequences"; fi
  send q Enter
  if st=$(wait_exit); then
    check "TERM=dumb ($l): q quits with diagnose's status 1 (got $st)" [ "$st" = 1 ]
  else
    fail "TERM=dumb ($l): q did not quit"
    show_pane
  fi
done

# not a terminal at all: stdin from /dev/null, output to files: the line
# mode, at once at the end of its input; without facts off Windows, a line
# saying what to give
for args in "--demo" "--bundle $E2E_SHARED/scenarios/healthy.json" ""; do
  # shellcheck disable=SC2086
  env -u LC_ALL LANG=C.UTF-8 TERM=xterm XDG_STATE_HOME="$E2E_TMP/nt" "$E2E_BIN" $args --lang en \
    </dev/null >"$E2E_TMP/out" 2>"$E2E_TMP/err"
  st=$?
  what="no terminal (${args:-no facts})"
  case $args in
  --demo) want=1 ;;
  --bundle*) want=0 ;;
  *) want=2 ;;
  esac
  check "$what: exit status $want (got $st)" [ "$st" = "$want" ]
  if [ "$want" = 2 ]; then
    check "$what: nothing on stdout" [ ! -s "$E2E_TMP/out" ]
    check "$what: one line on stderr" [ "$(wc -l <"$E2E_TMP/err")" -eq 1 ]
    check "$what: the line says what to give" grep -qF -- "--demo, --bundle" "$E2E_TMP/err"
  else
    check "$what: the first step as text" grep -qF "$(msg en node.intro.title)" "$E2E_TMP/out"
    check "$what: the summary as diagnose prints it" grep -qF "$(msg en text.path)" "$E2E_TMP/out"
  fi
  if grep -q $'\e' "$E2E_TMP/out" "$E2E_TMP/err"; then fail "$what: escape sequences"; else pass "$what: no escape sequences"; fi
done
# a terminal on stdin but the output to a file (in tmux): the line mode
start -- --demo --lang en
wait_for "$(msg en node.intro.title)"
tmx respawn-pane -k -t "$E2E_SESSION" \
  "env -u LC_ALL LANG=C.UTF-8 XDG_STATE_HOME=$(printf '%q' "$E2E_STATE") $(printf '%q' "$E2E_BIN") --demo --lang en \
   >$(printf '%q' "$E2E_TMP/out2") 2>$(printf '%q' "$E2E_TMP/err2"); echo \$? >$(printf '%q' "$E2E_TMP/st2")"
sleep 0.5
send q Enter
end=$(($(e2e_ms) + E2E_TIMEOUT * 1000))
while [ ! -s "$E2E_TMP/st2" ] && [ "$(e2e_ms)" -lt "$end" ]; do sleep 0.05; done
check "stdout to a file: q quits with status 1" [ "$(cat "$E2E_TMP/st2" 2>/dev/null)" = 1 ]
check "stdout to a file: the step and the summary are in it" grep -qF "$(msg en text.path)" "$E2E_TMP/out2"
if grep -q $'\e' "$E2E_TMP/out2"; then fail "stdout to a file: escape sequences"; else pass "stdout to a file: no escape sequences"; fi

# ---- umlauts ----
start -- --demo --lang de
wait_for "$(msg de node.intro.title)" && {
  assert_screen_has "Übung" "German title bar: Übung"
  assert_screen_has "außen" "German text: außen (ß)"
}
for n in 2 3 4 5 6 7 8 9 10 11; do go de $n || break; done
assert_screen_has "Zertifizierungsstelle" "German screen: Zertifizierungsstelle"
assert_screen_has "$(msg de node.a.perm-ca.title)" "German step title with umlauts intact"
if screen | grep -qE $'\xc3\x83|\xef\xbf\xbd|M-'; then fail "German screen: mojibake or replacement characters"; else pass "German screen: no mojibake"; fi
# the breadcrumb's separators survive too
assert_screen_has " › " "breadcrumb separator ›"

# the locale is not UTF-8 (LANG=C, and LC_ALL=POSIX): the wizard still
# draws UTF-8 (it picks a UTF-8 character type itself)
for loc in LANG=C LC_ALL=POSIX; do
  start -e "$loc" -- --demo --lang de
  wait_for "$(msg de node.intro.title)" && {
    assert_screen_has "Übung" "$loc: Übung"
    assert_screen_has "außen" "$loc: außen"
    assert_screen_has "Schritt 1" "$loc: the step line"
  }
done

# ---- mouse ----
# ncurses with TERM=screen reads X10 mouse reports (kmous=\E[M): ESC [ M,
# then 32+button, 32+column+1, 32+row+1 (button 3 = release). They are sent
# as raw bytes with send-keys -H; tmux passes them to the program.
click() {
  local x=$1 y=$2
  tmx send-keys -t "$E2E_SESSION" -H 1b 5b 4d 20 "$(printf '%02x' $((33 + x)))" "$(printf '%02x' $((33 + y)))"
  tmx send-keys -t "$E2E_SESSION" -H 1b 5b 4d 23 "$(printf '%02x' $((33 + x)))" "$(printf '%02x' $((33 + y)))"
}
# row (0-based) of the first line showing TEXT
row_of() {
  local r
  r=$(screen | grep -nF -- "$1" | head -n 1 | cut -d: -f1)
  [ -n "$r" ] && echo $((r - 1))
}

start -- --lang en
wait_for "$(msg en ui.start.title)" && {
  y=$(row_of "$(msg en ui.start.demo)")
  if [ -n "$y" ]; then
    click 10 "$y"
    wait_for "$(msg en node.intro.title)" && pass "a click on the demo entry of the start screen starts the demo"
  else
    fail "no demo entry on the start screen"
  fi
}
# on a step: a click on the action entry opens the action
start -- --demo --lang en
wait_for "$(msg en node.intro.title)"
for n in 2 3 4 5 6 7 8 9; do go en $n || break; done
action_entry="$(msg en ui.menu.action): $(msg en action.pulse.title)"
y=$(row_of "$action_entry")
if [ -n "$y" ]; then
  # a click on the text pane does nothing
  click 10 5
  click 10 "$y"
  wait_for "$(msg en ui.action.command)" && {
    pass "a click on the action entry opens the action"
    assert_screen_has "certutil -pulse -user" "the clicked action is the pulse"
  }
else
  fail "no action entry on the task step"
fi
# a click on the disabled live entry says it is not available
start -- --lang en
wait_for "$(msg en ui.start.title)" && {
  y=$(row_of "$(msg en ui.start.live)")
  click 10 "$y"
  wait_for "$(msg en ui.msg.disabled)" && assert_screen_has "$(msg en ui.start.title)" "the disabled entry does nothing else"
}

finish
