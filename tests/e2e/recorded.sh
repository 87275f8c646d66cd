#!/usr/bin/env bash
# recorded.sh: on recorded facts (the demo, a bundle, a training scenario)
# the introduction does not promise confirmations for changes on this
# computer: it says that nothing runs and actions are only shown and
# recorded. German and English.
# Usage: bash tests/e2e/recorded.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

# squeezed TEXT: TEXT on one line, runs of blanks as one.
squeezed() {
  tr -s ' \n' '  ' <<<"$1"
}

# intro_says WHAT L: the pane shows the recorded-facts sentence, not the
# live client's one.
intro_says() {
  local what=$1 l=$2 pane recorded live
  recorded=$(msg "$l" ui.safety.recorded) && live=$(msg "$l" ui.safety.live) ||
    { fail "$what ($l): the catalog has no ui.safety texts"; return 1; }
  pane=$(squeezed "$(screen)")
  if grep -qF -- "$(squeezed "$recorded")" <<<"$pane"; then
    pass "$what ($l): says that nothing runs on recorded facts"
  else
    fail "$what ($l): the recorded-facts sentence is missing"
    show_pane
  fi
  if grep -qF -- "$(squeezed "$live")" <<<"$pane"; then
    fail "$what ($l): promises confirmations on this computer"
  else
    pass "$what ($l): no promise about changes on this computer"
  fi
}

for l in en de; do
  start -s 120x40 -- --demo --lang "$l"
  wait_for "$(msg "$l" node.intro.title)" && intro_says "demo" "$l"
  send q
  wait_exit >/dev/null
  start -s 120x40 -- --bundle "$E2E_SRC/checks/training/task-disabled.json" --lang "$l"
  wait_for "$(msg "$l" node.intro.title)" && intro_says "bundle" "$l"
  send q
  wait_exit >/dev/null
  start -s 120x40 -- train task-disabled --lang "$l"
  wait_for "$(msg "$l" node.intro.title)" && intro_says "training" "$l"
  send q
  wait_exit >/dev/null
done

finish
