#!/usr/bin/env bash
# resize.sh: the window shrinks to 40x12 mid-walk (the "too small" screen,
# no crash) and grows back to 100x30 (the same step again); 80x24 exactly is
# enough, 79x24 and 80x23 are not.
# Usage: bash tests/e2e/resize.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

go() {
  send Enter
  wait_for "$(msg "$1" ui.step.n) $2"
}

# too_small L COLS ROWS: the small-window screen in language L for that size.
too_small() {
  local l=$1 c=$2 r=$3
  wait_for "${c}x${r} → 80x24" || return 1
  # the message is wrapped to the window: look for its first words
  assert_screen_has "$(msg "$l" ui.too-small | cut -d' ' -f1-3)" "too-small message at ${c}x${r} ($l)"
  alive "${c}x${r}"
}

alive() {
  if pane_dead; then
    fail "$1: the wizard is gone"
    show_pane
    return 1
  fi
  pass "$1: the wizard still runs"
}

for l in en de; do
  start -- --demo --lang "$l"
  wait_for "$(msg "$l" node.intro.title)" || continue
  for n in 2 3 4 5 6; do go "$l" $n || break; done
  wait_for "$(msg "$l" node.a.domain.title)"
  crumb_before=$(screen | sed -n 2p)

  resize 40 12
  wait_for "40x12 → 80x24" && {
    assert_screen_has "$(msg "$l" ui.too-small | cut -d' ' -f1-3)" "too-small message at 40x12 ($l)"
    assert_screen_lacks "$(msg "$l" node.a.domain.title)" "no half-drawn step at 40x12 ($l)"
    alive "40x12 ($l)"
  }
  # every line of the small screen fits in 40 columns
  wide=$(screen | wc -L)
  check "nothing drawn beyond 40 columns ($l)" [ "$wide" -le 40 ]

  resize 100 30
  wait_for "$(msg "$l" node.a.domain.title)" && {
    assert_screen_has "$(msg "$l" ui.step.n) 6" "back at 100x30: the same step ($l)"
    assert_screen_has "$(msg "$l" ui.step.result) $(msg "$l" status.ok)" "back at 100x30: its result ($l)"
    assert_screen_lacks "80x24" "back at 100x30: the too-small screen is gone ($l)"
    crumb_after=$(screen | sed -n 2p)
    check "back at 100x30: the same breadcrumb ($l)" [ "$crumb_before" = "$crumb_after" ]
    alive "100x30 ($l)"
  }
  # the walk goes on as before
  go "$l" 7 && assert_screen_has "$(msg "$l" node.a.aepolicy.title)" "the walk continues after the resize ($l)"
  send q
  if st=$(wait_exit); then
    check "q after resizing quits with status 0 ($l) (got $st)" [ "$st" = 0 ]
  else
    fail "q after resizing did not quit ($l)"
    show_pane
    tmx display-message -p -t "$E2E_SESSION" '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}'
  fi
done

# Keys typed while the window is too small must not move the walk unseen
# (the screen promises to continue where it was): Enter and b at 40x12,
# then back to 100x30 shows the same step.
start -- --demo --lang en
wait_for "$(msg en node.intro.title)"
for n in 2 3 4 5 6; do go en $n || break; done
resize 40 12
wait_for "40x12 → 80x24" && {
  m=$(read_mark)
  send Enter
  send Enter
  send b
  send j
  # the screen stays as it is: wait until the program has read the 4 keys
  wait_consumed "$m" 4 || fail "the keys typed at 40x12 were not read"
  resize 100 30
  wait_gone "80x24" && {
    assert_screen_has "$(msg en ui.step.n) 6" "keys typed at 40x12 did not move the walk (still step 6)"
    assert_screen_has "$(msg en node.a.domain.title)" "keys typed at 40x12: the same check is shown"
  }
}

# q still quits while the window is too small
start -- --demo --lang en
wait_for "$(msg en node.intro.title)"
go en 2
resize 40 12
wait_for "40x12 → 80x24" && {
  send q
  if st=$(wait_exit); then
    check "q at 40x12 quits with status 0 (got $st)" [ "$st" = 0 ]
  else
    fail "q at 40x12 did not quit"
    show_pane
  fi
}

# Shrinking twice in a row and growing in steps; the summary survives too.
start -- --demo --lang en
wait_for "$(msg en node.intro.title)"
for n in 2 3 4 5 6 7 8 9 10 11 12 13; do go en $n || break; done
send Enter
wait_for "$(msg en ui.summary.title)"
resize 60 20
wait_for "60x20 → 80x24"
resize 30 8
wait_for "30x8 → 80x24"
alive "30x8"
resize 90 26
wait_for "$(msg en ui.summary.title)" && {
  assert_screen_has "> $(msg en ui.menu.save)" "summary menu back at 90x26"
  alive "90x26"
}

# 80x24 exactly works; one column or one row less does not.
start -s 80x24 -- --demo --lang de
wait_for "$(msg de node.intro.title)" && {
  assert_screen_lacks "80x24" "80x24 is large enough"
  assert_screen_has "Enter $(msg de ui.key.choose)" "80x24: key bar drawn"
  assert_screen_has "> $(msg de ui.menu.continue)" "80x24: menu drawn"
  # the key bar is the last row
  last=$(screen | sed -n 24p)
  check "80x24: the key bar is on row 24" grep -qF "$(msg de ui.key.quit)" <<<"$last"
  wide=$(screen | wc -L)
  check "80x24: no row wider than 80 columns" [ "$wide" -le 80 ]
}
for n in 2 3 4 5; do go de $n || break; done
assert_screen_has "$(msg de node.a.store.title)" "80x24: a check step is shown"
# the German bar takes its compact form here, every key still on it
assert_screen_has "r $(msg de ui.key.rerun.short)" "80x24: its key bar"
assert_screen_has "q $(msg de ui.key.quit)" "80x24: its key bar ends with q"
resize 79 24
too_small de 79 24
resize 80 24
wait_for "$(msg de node.a.store.title)" && pass "80x24 again: the step is back"
resize 80 23
too_small de 80 23
resize 80 24
wait_for "$(msg de node.a.store.title)" && assert_screen_has "$(msg de ui.step.n) 5" "80x24 again: step 5"

finish
