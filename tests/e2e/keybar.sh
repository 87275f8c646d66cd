#!/usr/bin/env bash
# keybar.sh: at the smallest size the wizard runs in (80x24) the key bar at
# the bottom shows every key of the screen with its label, in German and
# English, on every screen: start, input, explain, events, help, the steps
# of the demo (the first one, a check with r), an action, the summary, the
# training picker, a training step and a training's debrief.
# Usage: bash tests/e2e/keybar.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

STD=("?" ui.key.help L ui.key.lang q ui.key.quit)

# expect_keys WHAT LANG KEY CATALOG_KEY ...: the last row shows each KEY
# followed by its label (the catalog text, or its short form KEY.short).
expect_keys() {
  local what=$1 l=$2 bar k ck long short
  shift 2
  bar=$(screen | tail -n 1)
  while [ $# -ge 2 ]; do
    k=$1 ck=$2
    shift 2
    long=$(msg "$l" "$ck")
    short=$(jq -r --arg k "$ck.short" '.messages[$k] // empty' "$E2E_SRC/locale/$l.json")
    if grep -qF -- "$k $long" <<<"$bar" || { [ -n "$short" ] && grep -qF -- "$k $short" <<<"$bar"; }; then
      pass "$what ($l): $k $long"
    else
      fail "$what ($l): '$k $long' is not in the key bar '$bar'"
    fi
  done
}

# to_start L: back on the start screen.
to_start() {
  wait_for "$(msg "$1" ui.start.title)"
}

for l in de en; do
  # ---- the start screen, its help, input, explain and events ----
  start -s 80x24 -- --lang "$l"
  to_start "$l" || continue
  expect_keys "start" "$l" Enter ui.key.choose "${STD[@]}"
  send "?"
  wait_for "$(msg "$l" ui.help.title)" && expect_keys "help" "$l" Enter ui.key.choose "${STD[@]}"
  send Space
  wait_gone "$(msg "$l" ui.help.close)"
  send 2
  wait_for "$(msg "$l" ui.input.bundle-title)" &&
    expect_keys "input" "$l" Enter ui.key.ok Esc ui.key.cancel F1 ui.key.help F2 ui.key.lang F10 ui.key.quit
  send Escape
  to_start "$l"
  send 5
  wait_for "$(msg "$l" ui.input.code-title)"
  send_lit 0x800706BA
  send Enter
  wait_for "RPC_S_SERVER_UNAVAILABLE" &&
    expect_keys "explain" "$l" Enter ui.key.ok b ui.key.back "${STD[@]}"
  send b
  to_start "$l"
  send 6
  wait_for "$(msg "$l" ui.input.events-title)"
  send_lit "$E2E_SRC/tests/inputs/events/us-stopped-65.csv"
  send Enter
  wait_for "$(msg "$l" ui.events.title)" &&
    expect_keys "events" "$l" Enter ui.key.ok b ui.key.back "${STD[@]}"
  send b
  to_start "$l"
  # ---- training: the picker and a step ----
  send 4
  wait_for "$(msg "$l" train.ui.pick.title)" &&
    expect_keys "training picker" "$l" Enter ui.key.choose PgDn/PgUp train.ui.key.page b ui.key.back "${STD[@]}"
  send 1
  wait_for "$(msg "$l" train.ui.story)" &&
    expect_keys "training step" "$l" Enter ui.key.choose b ui.key.back "${STD[@]}"
  send q
  wait_exit >/dev/null
  # the debrief of a short scenario: Enter takes the first choice not yet tried
  start -s 80x24 -- train task-disabled --lang "$l"
  wait_for "$(msg "$l" train.ui.story)" || continue
  for i in $(seq 1 60); do
    screen | grep -qF "$(msg "$l" train.ui.debrief.title)" && break
    send Enter
    sleep 0.1
  done
  wait_for "$(msg "$l" train.ui.debrief.title)" &&
    expect_keys "debrief" "$l" Enter ui.key.choose b ui.key.back s train.ui.key.save "${STD[@]}"
  send q
  wait_exit >/dev/null

  # ---- the demo: steps, a check, an action, the summary ----
  start -s 80x24 -- --demo --lang "$l"
  wait_for "$(msg "$l" node.intro.title)" || continue
  expect_keys "first step" "$l" Enter ui.key.choose "${STD[@]}"
  send Enter
  wait_for "$(msg "$l" ui.step.n) 2" &&
    expect_keys "question step" "$l" Enter ui.key.choose b ui.key.back s ui.key.save "${STD[@]}"
  for n in 3 4 5 6 7 8 9; do
    send Enter
    wait_for "$(msg "$l" ui.step.n) $n" || break
  done
  expect_keys "check step" "$l" Enter ui.key.choose b ui.key.back r ui.key.rerun s ui.key.save "${STD[@]}"
  send 2
  wait_for "$(msg "$l" ui.action.command)" &&
    expect_keys "action" "$l" Enter ui.key.choose b ui.key.cancel "${STD[@]}"
  send b
  wait_for "$(msg "$l" node.a.task.title)"
  for n in 10 11 12 13; do
    send Enter
    wait_for "$(msg "$l" ui.step.n) $n" || break
  done
  send Enter
  wait_for "$(msg "$l" ui.summary.title)" &&
    expect_keys "summary" "$l" Enter ui.key.choose b ui.key.back s ui.key.save "${STD[@]}"
  send q
  wait_exit >/dev/null
done

finish
