#!/usr/bin/env bash
# events.sh: the start screen's events analysis: an export's path typed in,
# the runs and findings shown; a broken file gives its clear line and stays
# on the input; German and English.
# Usage: bash tests/e2e/events.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

inputs=$E2E_SRC/tests/inputs/events

open_events() { # LANG [SIZE]
  start -s "${2:-$E2E_SIZE}" -- --lang "$1"
  wait_for "$(msg "$1" ui.start.title)" || return 1
  # the entry is reached with the arrows; the input screen asks for a path
  local i
  for i in 1 2 3 4 5 6; do
    screen | grep -qF "> $(msg "$1" ui.start.events)" && break
    send Down
    sleep 0.05
  done
  assert_screen_has "$(msg "$1" ui.start.events)"
  send Enter
  wait_for "$(msg "$1" ui.input.events-title)"
}

for lang in en de; do
  open_events "$lang" || { fail "[$lang] the events entry"; continue; }
  send_lit "$inputs/us-stopped-65.csv"
  send Enter
  if wait_for "$(msg "$lang" ui.events.title)"; then
    pass
    # the run stopped after CertEnroll 65: the finding is named
    all_pages | grep -qF "$(title "$lang" events.run-incomplete)" &&
      pass || fail "[$lang] events.run-incomplete is not shown"
    send Enter
    wait_for "$(msg "$lang" ui.start.title)" && pass || fail "[$lang] OK does not return to the start"
  else
    fail "[$lang] the analysis did not appear"
    show_pane
  fi
  # many runs: the earlier ones summed up, the last ones in detail
  send Down
  open_events "$lang" || { fail "[$lang] the events entry for many runs"; continue; }
  send_lit "$inputs/many-runs.csv"
  send Enter
  if wait_for "$(msg "$lang" ui.events.title)"; then
    earlier="Earlier runs: 4,"; last="Run 14,"
    [ "$lang" = de ] && { earlier="Frühere Läufe: 4,"; last="Lauf 14,"; }
    pages=$(all_pages)
    grep -qF "$earlier" <<<"$pages" && grep -qF "$last" <<<"$pages" &&
      pass || fail "[$lang] many runs: no summary of the earlier runs"
    send Enter
    wait_for "$(msg "$lang" ui.start.title)" || fail "[$lang] OK does not return to the start (many runs)"
  else
    fail "[$lang] the analysis of many runs did not appear"
    show_pane
  fi
  # a truncated file: the clear line, and the input stays for a correction
  send Down
  open_events "$lang" || { fail "[$lang] the events entry again"; continue; }
  send_lit "$inputs/truncated-quote.csv"
  send Enter
  wait_for "truncated-quote.csv" && pass || fail "[$lang] no error line for a truncated file"
  assert_screen_has "$(msg "$lang" ui.input.events-title)"
  send q
  send F10
done

# A wider window: the analysis wraps to the pane's width (not at 80
# columns), and wrapped lines keep the indent of their paragraph: the
# finding's steps to take (indented 6 in the text, 8 on the screen with the
# pane's margin) go on at that indent.
for lang in en de; do
  open_events "$lang" 120x60 || { fail "[$lang] the events entry at 120 columns"; continue; }
  send_lit "$inputs/us-stopped-65.csv"
  send Enter
  wait_for "$(msg "$lang" ui.events.title)" || continue
  pane=$(screen | sed -n '4,$p')
  check "[$lang] 120 columns: lines are wrapped wider than 80 columns" \
    awk 'length($0) > 90 { found = 1 } END { exit !found }' <<<"$pane"
  step2=$(grep -n '^        2\. ' <<<"$pane" | head -n 1 | cut -d: -f1)
  if [ -z "$step2" ]; then
    fail "[$lang] 120 columns: the second step to take is not indented by 8"
    show_pane
    continue
  fi
  check "[$lang] 120 columns: the first step to take is indented by 8" grep -q '^        1\. ' <<<"$pane"
  next=$(sed -n "$((step2 + 1))p" <<<"$pane")
  check "[$lang] 120 columns: the wrapped second step keeps its indent ('$next')" \
    grep -qE '^        [^ 0-9]' <<<"$next"
  send q
done
finish
