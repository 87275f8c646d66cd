#!/usr/bin/env bash
# navigation.sh: moving around the walk of the demo: Back (b and
# Backspace) keeps the earlier result; L switches the whole screen, the
# breadcrumb and the key bar at once; ? opens the help and any key closes
# it; r re-runs a check; the key bar offers r only on checks; digits choose
# menu entries.
# Usage: bash tests/e2e/navigation.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

# go L N: Enter until step N (from the step before it).
go() {
  local l=$1 n=$2
  send Enter
  wait_for "$(msg "$l" ui.step.n) $n"
}

# crumb: the breadcrumb row of the pane.
crumb() {
  screen | sed -n 2p
}

# expect_crumb WHAT TEXT: the breadcrumb row is exactly TEXT.
expect_crumb() {
  local got
  got=$(crumb)
  if [ "$got" = " $2" ]; then pass "$1"; else fail "$1: breadcrumb is '$got', expected ' $2'"; fi
}

# ---- Back ----
start -- --demo --lang en
wait_for "$(msg en node.intro.title)"
send b
wait_for "$(msg en ui.msg.at-start)" && pass "b on the first step says it is the first"
for n in 2 3 4 5 6 7 8 9 10 11 12 13; do go en $n || break; done
wait_for "$(msg en node.end.token-stale.title)"

send b
wait_for "$(msg en node.a.token.title)" && {
  assert_screen_has "$(msg en ui.step.n) 12" "b: back at step 12"
  assert_screen_has "$(msg en ui.step.result) $(msg en status.fail)" "b: the token check keeps its result (Problem)"
  assert_screen_has "$(msg en severity.error): $(title en perm.token-stale)" "b: the finding is still shown"
  assert_screen_lacks "$(msg en ui.crumb.end)" "b: the conclusion left the breadcrumb"
}
send BSpace
wait_for "$(msg en node.a.perm-ca.title)" && {
  assert_screen_has "$(msg en ui.step.n) 11" "Backspace: back at step 11"
  assert_screen_has "$(msg en ui.step.result) $(msg en status.ok)" "Backspace: the CA rights check keeps its result (OK)"
}
# forward again: the same path, the same results
go en 12 && assert_screen_has "$(msg en severity.error): $(title en perm.token-stale)" "forward again: the same finding"
go en 13 && assert_screen_has "$(msg en node.end.token-stale.title)" "forward again: the same conclusion"

# ---- the key bar: r only on checks; r re-runs ----
start -- --demo --lang en
wait_for "$(msg en node.intro.title)"
rkey="r $(msg en ui.key.rerun)"
assert_screen_lacks "$rkey" "info step: no r in the key bar"
send r
wait_for "$(msg en ui.msg.no-rerun)" && pass "r on an info step says only a check can be re-run"
go en 2 && assert_screen_lacks "$rkey" "question step: no r in the key bar"
go en 3
go en 4 && assert_screen_lacks "$rkey" "branch intro: no r in the key bar"
go en 5 && {
  assert_screen_has "$rkey" "check step: r in the key bar"
  assert_screen_has "b $(msg en ui.key.back)" "check step: b in the key bar"
  send r
  wait_for "$(msg en ui.msg.rerun)" && {
    assert_screen_has "$(msg en ui.step.n) 5" "r stays on the same step"
    assert_screen_has "$(msg en ui.step.result) $(msg en status.ok)" "r: the result is shown again"
  }
}
# the message goes with the next key
go en 6 && assert_screen_lacks "$(msg en ui.msg.rerun)" "the status message is cleared by the next key"
for n in 7 8 9 10 11 12; do go en $n || break; done
assert_screen_has "$rkey" "failed check: r in the key bar"
send r
wait_for "$(msg en ui.msg.rerun)" &&
  assert_screen_has "$(msg en ui.step.result) $(msg en status.fail)" "r on the failed check: still Problem"
go en 13 && assert_screen_lacks "$rkey" "conclusion: no r in the key bar"

# ---- L: language, everything at once ----
start -- --demo --lang de
wait_for "$(msg de node.intro.title)"
for n in 2 3 4 5 6 7 8; do go de $n || break; done
wait_for "$(msg de node.a.session.title)"
de_crumb="$(msg de question.context.user.short) › $(msg de question.transport.rpc.short) › $(msg de check.store.short) [ok] › $(msg de check.domain.short) [ok] › $(msg de check.aepolicy.short) [ok] › $(msg de check.session.short) [ok]"
en_crumb="$(msg en question.context.user.short) › $(msg en question.transport.rpc.short) › $(msg en check.store.short) [ok] › $(msg en check.domain.short) [ok] › $(msg en check.aepolicy.short) [ok] › $(msg en check.session.short) [ok]"
expect_crumb "German breadcrumb" "$de_crumb"
de_bar="Enter $(msg de ui.key.choose)  b $(msg de ui.key.back)  r $(msg de ui.key.rerun)"
en_bar="Enter $(msg en ui.key.choose)  b $(msg en ui.key.back)  r $(msg en ui.key.rerun)"
assert_screen_has "$de_bar" "German key bar"
send L
wait_for "$(msg en node.a.session.title)" && {
  # one frame: everything is English now
  snap=$(screen)
  for t in "$(msg en ui.step.why)" "$(msg en ui.step.n) 8" "$(msg en ui.step.result) $(msg en status.ok)" \
           "$(msg en ui.step.by-hand)" "> $(msg en ui.menu.continue)" "$en_bar" "L $(msg en ui.key.lang)" \
           "$(msg en ui.demo)" "$(msg en context.user)"; do
    if grep -qF -- "$t" <<<"$snap"; then pass "L: English '$t'"; else fail "L: '$t' missing"; fi
  done
  for t in "$(msg de node.a.session.title)" "$(msg de ui.step.why)" "$(msg de ui.step.n) 8" "$de_bar" \
           "$(msg de ui.demo)" "$(msg de ui.menu.continue)"; do
    if grep -qF -- "$t" <<<"$snap"; then fail "L: German '$t' still shown"; else pass "L: no German '$t'"; fi
  done
  expect_crumb "L: English breadcrumb (the history too)" "$en_crumb"
}
send L
wait_for "$(msg de node.a.session.title)" && {
  expect_crumb "L again: German breadcrumb" "$de_crumb"
  assert_screen_has "$de_bar" "L again: German key bar"
  assert_screen_lacks "$(msg en ui.step.why)" "L again: no English left"
}
# F2 does the same
send F2
wait_for "$(msg en node.a.session.title)" && pass "F2 switches the language"

# ---- ? help ----
send '?'
wait_for "$(msg en ui.help.close)" && {
  assert_screen_has "$(msg en ui.help.title)" "help has its title"
  assert_screen_has "$(msg en ui.help.step | cut -c1-40)" "help explains the step screen"
  assert_screen_has "b or Backspace" "help lists the keys"
}
# any key closes it, and that key does nothing else: Enter does not advance
send Enter
wait_gone "$(msg en ui.help.close)" &&
  assert_screen_has "$(msg en ui.step.n) 8" "the key that closed the help did not move the walk"
send F1
wait_for "$(msg en ui.help.close)" && pass "F1 opens the help"
send x
wait_gone "$(msg en ui.help.close)"
# help in German after L while it is open: the key closes it; L then switches
send '?'
wait_for "$(msg en ui.help.close)"
send L
wait_gone "$(msg en ui.help.close)" && assert_screen_has "$(msg en node.a.session.title)" "L while the help is open only closes it"

# ---- digits and arrows ----
start -- --demo --lang en
wait_for "$(msg en node.intro.title)"
send 9
send '?'
wait_for "$(msg en ui.help.close)"
send x
wait_gone "$(msg en ui.help.close)" && assert_screen_has "$(msg en ui.step.n) 1" "9 on a one-entry menu does nothing"
send 1
wait_for "$(msg en node.q.context.title)" && pass "1 chooses Continue"
send 2
wait_for "$(msg en node.q.transport.title)" && {
  assert_screen_has "$(msg en context.machine)" "2 chose the second entry: the computer context"
  expect_crumb "breadcrumb shows the computer" "$(msg en question.context.machine.short)"
}
send b
wait_for "$(msg en node.q.context.title)"
wait_for "> $(msg en question.context.user)" && pass "back on the question: the default is selected again"
send Down
wait_for "> $(msg en question.context.machine)" && pass "Down moves the selection"
send k
wait_for "> $(msg en question.context.user)" && pass "k moves the selection up"
send j
wait_for "> $(msg en question.context.machine)" && pass "j moves the selection down"
send Up
wait_for "> $(msg en question.context.user)" && pass "Up moves the selection up"
send 1
wait_for "$(msg en node.q.transport.title)" && expect_crumb "1 chose the user" "$(msg en question.context.user.short)"

# ---- scrolling a long step (80x24: the store check does not fit) ----
start -s 80x24 -- --demo --lang en
wait_for "$(msg en node.intro.title)"
go en 2 && go en 3 && go en 4 && go en 5 && {
  check "a long check step shows its more-below mark" has_more
  send Space
  wait_gone "$(msg en ui.step.why)" && {
    check "Space scrolled: the pane shows its more-above mark" \
      bash -c '[ "$(sed -n 4p | cut -c79-)" = "^" ]' <<<"$(screen)"
    assert_screen_has "$(msg en check.store.short) [ok]" "Space scrolled the same step"
  }
  send Home
  wait_for "$(msg en ui.step.why)" && pass "Home scrolls back to the top"
}

finish
