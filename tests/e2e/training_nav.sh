#!/usr/bin/env bash
# training_nav.sh: moving around in training mode.
#  - PgDn and PgUp page the scenario picker (more scenarios than fit).
#  - b on the picker returns to the start screen when the picker was opened
#    from there; opened by `enrolldoc train`, it stays.
#  - b in a scenario goes back to the previous decision, and from the first
#    one to the picker.
# Usage: bash tests/e2e/training_nav.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

page() { # L N
  msg "$1" train.ui.pick.page | sed "s/{page}/$2/; s/{pages}.*//"
}
step() { # L N
  msg "$1" train.ui.step | sed "s/{n}/$2/"
}

for l in en de; do
  # ---- the picker, opened by `enrolldoc train` ----
  start -s 80x24 -- train --lang "$l"
  wait_for "$(msg "$l" train.ui.pick.title)" || continue
  assert_screen_has "$(page "$l" 1)" "[$l] the picker starts at page 1"
  send NPage
  wait_for "$(page "$l" 2)" && pass "[$l] PgDn shows page 2"
  send NPage
  wait_for "$(page "$l" 3)" && pass "[$l] PgDn again shows page 3"
  send PPage
  wait_for "$(page "$l" 2)" && pass "[$l] PgUp goes back to page 2"
  send PPage
  wait_for "$(page "$l" 1)"
  m=$(read_mark)
  send PPage
  wait_consumed "$m" 3
  assert_screen_has "$(page "$l" 1)" "[$l] PgUp on page 1 stays on page 1"
  m=$(read_mark)
  send b
  wait_consumed "$m" 1
  assert_screen_lacks "$(msg "$l" ui.start.title)" "[$l] b on a picker opened by 'train' does not open the start screen"
  assert_screen_has "$(msg "$l" train.ui.pick.title)" "[$l] b on a picker opened by 'train' stays there"
  send q
  wait_exit >/dev/null

  # ---- b in a scenario ----
  start -- train aepolicy-zero --lang "$l"
  wait_for "$(jq -r --arg l "$l" '.meta.title[$l]' "$E2E_SRC/checks/training/aepolicy-zero.json")" || continue
  wait_for "$(step "$l" 1)"
  send b
  wait_for "$(msg "$l" train.ui.pick.title)" && pass "[$l] b before any decision opens the picker"
  send q
  wait_exit >/dev/null
  start -- train aepolicy-zero --lang "$l"
  wait_for "$(step "$l" 1)" || continue
  send Enter
  wait_for "$(step "$l" 2)" || continue
  first=$(screen | sed -n 4,5p)
  prompt=$(screen | grep -n . | tail -n 12)
  # the right choice of the first decision: the one that moves on
  for i in 1 2 3 4; do
    send "$i"
    sleep 0.3
    screen | grep -qF "$(step "$l" 3)" && break
  done
  wait_for "$(step "$l" 3)" || continue
  send b
  wait_for "$(step "$l" 2)" && pass "[$l] b goes back to the previous decision"
  check "[$l] the previous decision is shown again" [ "$(screen | sed -n 4,5p)" = "$first" ]
  assert_screen_has "$(msg "$l" train.ui.ask.question-hint)" "[$l] the decision is open again"
  send b
  wait_for "$(msg "$l" train.ui.pick.title)" && pass "[$l] b on the first decision opens the picker"
  send q
  wait_exit >/dev/null
done

finish
