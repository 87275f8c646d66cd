#!/usr/bin/env bash
# template.sh: a bundle that names no template. The first check that needs
# one (a.store) asks "Which template?" as a menu: the candidates, most
# likely first and selected, then "another name…", which opens the text
# field; a name typed there, or a candidate chosen, is evaluated at once and
# the step shows the check's result. German and English, 80x24.
# Usage: bash tests/e2e/template.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

bundle=$E2E_TMP/notmpl.json
jq 'del(.template)' "$E2E_SHARED/scenarios/healthy.json" >"$bundle"

# to_question L: from the start to the question at a.store (intro, the two
# questions' defaults, the branch's introduction)
to_question() {
  local l=$1
  start -s 80x24 -- --bundle "$bundle" --lang "$l"
  wait_for "$(msg "$l" node.intro.title)" || return 1
  send Enter; wait_for "$(msg "$l" node.q.context.title)" || return 1
  send Enter; wait_for "$(msg "$l" node.q.transport.title)" || return 1
  send Enter; wait_for "$(msg "$l" node.a.intro.title)" || return 1
  send Enter; wait_for "$(msg "$l" ui.template.question)"
}

for l in en de; do
  to_question "$l" || continue
  assert_screen_has "ContosoUser" "[$l] the most likely candidate is offered"
  assert_screen_has "$(msg "$l" ui.template.other)" "[$l] another name is offered"
  # Enter takes the most likely one: the store check's result follows
  send Enter
  wait_for "$(msg "$l" ui.step.result)"
  assert_screen_lacks "$(msg "$l" ui.template.question)" "[$l] the question is answered"
  send q
  wait_exit >/dev/null

  # another name: the text field, then the check with that name
  to_question "$l" || continue
  send Down; send Down   # ContosoUser, Machine, another name…
  send Enter
  wait_for "$(msg "$l" ui.input.template-title)"
  send_lit "NoSuchTemplate"
  send Enter
  wait_for "NoSuchTemplate"
  assert_screen_lacks "$(msg "$l" ui.template.question)" "[$l] the typed name answers the question"
  send q
  wait_exit >/dev/null
done

finish
