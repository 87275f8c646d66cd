#!/usr/bin/env bash
# revisit.sh: coming back to a screen finds it as it was left.
#  - The start screen keeps its selection: an entry chosen, its screen left
#    with b or Esc, the same entry is still selected.
#  - Saving the report again with nothing changed writes no second copy: the
#    status line says where the report already is.
# Usage: bash tests/e2e/revisit.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

# select L LABEL: moves the start screen's selection down to LABEL.
select_entry() {
  local i
  for i in 1 2 3 4 5 6 7; do
    screen | grep -qF -- "> $2" && return 0
    send Down
    sleep 0.05
  done
  fail "[$1] no start entry '$2'"
  return 1
}

# ---- the start screen keeps its selection ----
for l in en de; do
  start -- --lang "$l"
  wait_for "$(msg "$l" ui.start.title)" || continue
  # entry, the screen it opens, the key that leaves it
  for spec in "ui.start.bundle|ui.input.bundle-title|Escape" \
              "train.ui.start-entry|train.ui.pick.title|b" \
              "ui.start.explain|ui.input.code-title|Escape" \
              "ui.start.events|ui.input.events-title|Escape"; do
    IFS='|' read -r entry screen_key leave <<<"$spec"
    label=$(msg "$l" "$entry")
    select_entry "$l" "$label" || continue
    send Enter
    wait_for "$(msg "$l" "$screen_key")" || continue
    send "$leave"
    wait_for "$(msg "$l" ui.start.title)" || continue
    assert_screen_has "> $label" "[$l] back on the start screen, '$label' is still selected"
  done
  send q
  wait_exit >/dev/null
done

# ---- saving twice from the summary ----
reports() { ls "$E2E_STATE"/enrolldoc/*.md 2>/dev/null | wc -l; }
for l in en de; do
  start -s 200x30 -- --demo --lang "$l"
  wait_for "$(msg "$l" node.intro.title)" || continue
  for n in 2 3 4 5 6 7 8 9 10 11 12 13; do
    send Enter
    wait_for "$(msg "$l" ui.step.n) $n" || break
  done
  send Enter
  wait_for "$(msg "$l" ui.summary.title)" || continue
  assert_screen_has "> $(msg "$l" ui.menu.save)" "[$l] the summary's first entry saves"
  saved=$(msg "$l" ui.msg.saved | sed 's/{arg}$//')
  send Enter
  wait_for "$saved" || continue
  path=$(screen | grep -F -- "$saved" | head -n 1 | sed "s|^ *${saved}||; s/ *\$//")
  check "[$l] the first Enter saves one report" [ "$(reports)" -eq 1 ]
  for k in Enter s; do
    m=$(read_mark)
    send "$k"
    wait_consumed "$m" 1 || { fail "[$l] $k was not read"; continue; }
    check "[$l] $k again writes no second report ($(reports))" [ "$(reports)" -eq 1 ]
    assert_screen_has "$path" "[$l] $k again says where the report is"
  done
  send q
  wait_exit >/dev/null
done

finish
