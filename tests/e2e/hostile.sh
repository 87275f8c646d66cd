#!/usr/bin/env bash
# hostile.sh: a bundle whose texts carry terminal control sequences (an OSC
# window title, clear screen, a C1 CSI) opened in the wizard with --bundle:
# the screen shows them in their visible form ("\u001b"), the window title
# is not changed and the screen is not cleared by the data.
# Usage: bash tests/e2e/hostile.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

bundle=$E2E_TMP/hostile.json
P=$'\e]2;pwned\a\e[2J\xc2\x9b'
jq --arg p "$P" '.meta.host += $p | .meta.title += $p
  | walk(if type == "string" then gsub("Contoso Issuing CA 1"; "Contoso Issuing CA 1" + $p) else . end)' \
  "$E2E_SHARED/scenarios/ca-unreachable.json" >"$bundle" || exit 1

step_word=$(msg en ui.step.n)
start -- --bundle "$bundle" --lang en
if wait_for "$step_word 1"; then
  # the host shown in the header of the first screen, escaped
  wait_for '\u001b]2;pwned\u0007\u001b[2J\u009b' &&
    pass "the host in its visible form" || fail "the host is not shown in its visible form"
  title=$(tmx display-message -p -t "$E2E_SESSION" '#{pane_title}')
  [ "$title" != pwned ] && pass "the window title is untouched" || fail "the data set the window title"
else
  show_pane
fi
send q
finish
