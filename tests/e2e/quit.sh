#!/usr/bin/env bash
# quit.sh: q on a bundle quits at once; an action on a bundle is shown in
# full, nothing runs, OK records it as not run (transcript: outcome
# not-run-bundle) and q still quits at once; s saves the report, the status
# line names its path and the file is there.
# Usage: bash tests/e2e/quit.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

healthy=$E2E_SHARED/scenarios/healthy.json

go() {
  send Enter
  wait_for "$(msg "$1" ui.step.n) $2"
}

# quits_now WHAT: the program ends within a second with status 0, without
# the quit dialog.
quits_now() {
  local st
  if st=$(wait_exit 2); then
    check "$1: exit status 0 (got $st)" [ "$st" = 0 ]
  else
    fail "$1: still running"
    show_pane
  fi
}

# transcript: the transcript file of the current run.
transcript() {
  ls "$E2E_STATE"/enrolldoc/*.jsonl 2>/dev/null | head -n 1
}

# ---- q quits at once ----
start -- --bundle "$healthy" --lang en
wait_for "$(msg en ui.step.n) 1" && {
  send q
  quits_now "q on the first step of a bundle"
}
start -- --bundle "$healthy" --lang de
wait_for "$(msg de ui.step.n) 1"
for n in 2 3 4 5; do go de $n || break; done
send q
quits_now "q mid-walk on a bundle"
start -- --bundle "$healthy" --lang en
wait_for "$(msg en ui.step.n) 1"
go en 2
send F10
quits_now "F10 on a bundle"
# the start screen too
start -- --lang en
wait_for "$(msg en ui.start.title)"
send q
quits_now "q on the start screen"

# ---- an action on a bundle ----
for l in en de; do
  start -- --demo --lang "$l"
  wait_for "$(msg "$l" node.intro.title)" || continue
  for n in 2 3 4 5 6 7 8 9; do go "$l" $n || break; done
  # the task check offers certutil -pulse
  action_entry="$(msg "$l" ui.menu.action): $(msg "$l" action.pulse.title)"
  assert_screen_has "$action_entry" "the task step offers the pulse action ($l)"
  # b on the action screen cancels: nothing recorded
  send Down
  wait_for "> $action_entry"
  send Enter
  wait_for "$(msg "$l" ui.action.command)" || continue
  send b
  wait_for "$(msg "$l" node.a.task.title)"
  if grep -q '"event":"action"' "$(transcript)" 2>/dev/null; then
    fail "b on the action screen recorded an action ($l)"
  else
    pass "b on the action screen records nothing ($l)"
  fi
  # open it by its number
  send 2
  wait_for "$(msg "$l" ui.action.command)" && {
    assert_screen_has "$(msg "$l" action.pulse.title)" "action screen title ($l)"
    assert_screen_has "certutil -pulse -user" "the exact command for the user context ($l)"
    assert_screen_has "$(msg "$l" ui.action.effect)" "what it changes ($l)"
    assert_screen_has "$(msg "$l" ui.action.undo)" "how to undo it ($l)"
    assert_screen_has "$(msg "$l" ui.action.bundle | cut -d' ' -f1-6)" "says nothing runs on a bundle ($l)"
    assert_screen_has "> $(msg "$l" ui.menu.ok-not-run)" "OK (nothing runs on a bundle) is the choice ($l)"
    assert_screen_lacks "$(msg "$l" ui.menu.run-yes)" "no 'run it now' on a bundle ($l)"
  }
  send Enter
  wait_for "$(msg "$l" ui.msg.not-run)" &&
    assert_screen_has "$(msg "$l" node.a.task.title)" "back on the step after OK ($l)"
  tr_file=$(transcript)
  if [ -n "$tr_file" ] &&
     jq -e -s 'map(select(.event == "action" and .action == "pulse" and .outcome == "not-run-bundle"
                          and .command == "certutil -pulse -user")) | length == 1' "$tr_file" >/dev/null; then
    pass "transcript: one action line, pulse, not-run-bundle ($l)"
  else
    fail "transcript lacks the not-run-bundle action line ($l)"
    cat "$tr_file" 2>/dev/null
  fi
  # no action ran: q quits at once, no question asked
  send q
  quits_now "q after a not-run action ($l)"
  assert_screen_lacks "$(msg "$l" ui.quit.title)" "no quit dialog after a not-run action ($l)"
done

# q on the action screen itself
start -- --demo --lang en
wait_for "$(msg en node.intro.title)"
for n in 2 3 4 5 6 7 8 9; do go en $n || break; done
send 2
wait_for "$(msg en ui.action.command)" && {
  send q
  quits_now "q on the action screen of a bundle"
}

# ---- s saves the report ----
# wide, so that the whole path fits on the status line
start -s 200x30 -- --demo --lang en
wait_for "$(msg en node.intro.title)"
for n in 2 3 4 5 6 7 8 9 10 11 12; do go en $n || break; done
send s
saved=$(msg en ui.msg.saved | sed 's/{arg}$//')
wait_for "$saved" && {
  path=$(screen | grep -F -- "$saved" | head -n 1 | sed "s|^ *${saved}||; s/ *\$//")
  check "status line names a .md file in the state directory ($path)" \
    bash -c 'case $1 in "$2"/enrolldoc/*.md) exit 0 ;; *) exit 1 ;; esac' _ "$path" "$E2E_STATE"
  check "the report file exists" [ -s "$path" ]
  check "the report names the host" grep -qF "PC0815" "$path"
  check "the report lists perm.token-stale" grep -qF "$(title en perm.token-stale)" "$path"
  check "the report is in English" grep -qF "$(msg en report.findings)" "$path"
}
# saving from the conclusion's menu, in German
send L
wait_for "$(msg de node.a.token.title)"
go de 13
i=$(screen | grep -E '^  [> ] ' | grep -nF -- "$(msg de ui.menu.save)" | head -n 1 | cut -d: -f1)
send "${i:-2}"
saved_de=$(msg de ui.msg.saved | sed 's/{arg}$//')
wait_for "$saved_de" && {
  n_md=$(ls "$E2E_STATE"/enrolldoc/*.md 2>/dev/null | wc -l)
  check "a report saved from the menu (German) exists" [ "$n_md" -ge 1 ]
  path=$(screen | grep -F -- "$saved_de" | head -n 1 | sed "s|^ *${saved_de}||; s/ *\$//")
  check "the German report is in German" grep -qF "$(msg de report.findings)" "$path"
}
send q
quits_now "q after saving"

# Two saves in a row (English, then German, well within one second) are two
# reports: the second must not silently replace the first.
start -- --demo --lang en
wait_for "$(msg en node.intro.title)"
send s
wait_for "$saved" && {
  send L
  send s
  wait_for "$saved_de" && {
    n_md=$(ls "$E2E_STATE"/enrolldoc/*.md 2>/dev/null | wc -l)
    check "two saves give two report files (got $n_md)" [ "$n_md" -eq 2 ]
  }
}

finish
