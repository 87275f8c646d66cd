#!/usr/bin/env bash
# scenarios.sh: every public training scenario (SHARED_DIR/scenarios/*.json)
# opened with --bundle and walked with Enter alone (the default choices) until
# a conclusion, then its summary: the summary lists the title of every
# finding its .expect.json names and none that it says must be absent; the
# healthy one shows no finding at all.
# Usage: bash tests/e2e/scenarios.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

MAX_STEPS=60
summary_entry=$(msg en ui.menu.summary)
step_word=$(msg en ui.step.n)

walk_scenario() {
  local bundle=$1 name expect n next i all id t
  name=$(basename "$bundle" .json)
  expect=${bundle%.json}.expect.json
  if [ ! -f "$expect" ]; then
    fail "$name: no $expect"
    return 1
  fi
  start -- --bundle "$bundle" --lang en
  wait_for "$step_word 1" || return 1
  n=1
  # Enter until the conclusion: its menu offers the summary.
  while ! screen | grep -qF -- "$summary_entry"; do
    if [ "$n" -ge "$MAX_STEPS" ]; then
      fail "$name: no conclusion after $MAX_STEPS steps"
      show_pane
      return 1
    fi
    next=$((n + 1))
    send Enter
    wait_for "$step_word $next" || return 1
    n=$next
  done
  pass "$name: conclusion reached at step $n"
  # the conclusion is a conclusion: the breadcrumb ends there
  assert_screen_has "$(msg en ui.crumb.end)" "$name: breadcrumb ends with the conclusion"
  # the wizard took the path that `diagnose` reports for the same bundle
  local path_json last len
  path_json=$("$E2E_BIN" diagnose --bundle "$bundle" --json 2>/dev/null)
  last=$(jq -r '.path[-1].node' <<<"$path_json")
  len=$(jq -r '.path | length' <<<"$path_json")
  assert_screen_has "$(msg en "node.$last.title")" "$name: the conclusion is diagnose's ($last)"
  if [ "$len" = "$n" ]; then
    pass "$name: as many steps as diagnose's path ($n)"
  else
    fail "$name: $n steps in the wizard, $len in diagnose's path"
  fi
  # choose the summary entry by its number, wherever it is in the menu
  i=$(screen | grep -E '^  [> ] ' | grep -nF -- "$summary_entry" | head -n 1 | cut -d: -f1)
  send "${i:-1}"
  wait_for "$(msg en ui.summary.title)" || return 1
  all=$(all_pages)
  local want=0
  while read -r id; do
    [ -n "$id" ] || continue
    want=$((want + 1))
    t=$(title en "$id") || { fail "$name: no title for $id in en.json"; continue; }
    if grep -qF -- "$t" <<<"$all"; then
      pass "$name: summary lists $id"
    else
      fail "$name: summary lacks $id ('$t')"
      printf '%s\n' "$all" | sed 's/^/|/'
    fi
  done < <(jq -r '.findings[]' "$expect")
  while read -r id; do
    [ -n "$id" ] || continue
    t=$(title en "$id") || { fail "$name: no title for $id in en.json"; continue; }
    if grep -qF -- "$t" <<<"$all"; then
      fail "$name: summary lists $id ('$t'), which must be absent"
    else
      pass "$name: summary does not list $id"
    fi
  done < <(jq -r '.absent[]' "$expect")
  if [ "$want" -eq 0 ]; then
    # nothing expected: no numbered finding at all, and the no-findings text
    if grep -qE '^  1\. ' <<<"$all"; then
      fail "$name: summary lists a finding, expected none"
      printf '%s\n' "$all" | sed 's/^/|/'
    else
      pass "$name: summary lists no finding"
    fi
    if grep -qF -- "$(msg en text.no-findings)" <<<"$all"; then
      pass "$name: summary says there is no finding"
    else
      fail "$name: summary does not say '$(msg en text.no-findings)'"
    fi
  fi
  send q
  wait_exit >/dev/null || fail "$name: q did not quit"
}

shopt -s nullglob
scenarios=()
for f in "$E2E_SHARED"/scenarios/*.json; do
  case $f in *.expect.json) continue ;; esac
  scenarios+=("$f")
done
if [ ${#scenarios[@]} -eq 0 ]; then
  fail "no scenarios in $E2E_SHARED/scenarios"
fi
for f in "${scenarios[@]}"; do
  walk_scenario "$f"
done

finish
