#!/usr/bin/env bash
# demo.sh: the built-in training scenario (--demo) walked from its first
# screen to its conclusion and the summary, in German and in English; and
# the start screen (no --demo) with the demo chosen by the arrow keys.
# Usage: bash tests/e2e/demo.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

# The findings the demo reports, from its golden file.
mapfile -t demo_findings < <(jq -r '.findings[].id' "$E2E_SRC/tests/golden/demo.json")
[ ${#demo_findings[@]} -gt 0 ] || fail "no findings in tests/golden/demo.json"

# step L N NODE: Enter, then step N shows the title of NODE.
step() {
  local l=$1 n=$2 node=$3
  send Enter
  wait_for "$(msg "$l" ui.step.n) $n" || return 1
  assert_screen_has "$(msg "$l" "node.$node.title")" "step $n ($l) is $node"
}

# a check step that came out OK
step_ok() {
  local l=$1
  step "$@" || return 1
  assert_screen_has "$(msg "$l" ui.step.result) $(msg "$l" status.ok)" "step $2 ($l): result OK"
  assert_screen_lacks "$(msg "$l" status.fail)" "step $2 ($l): no problem"
  assert_screen_has "r $(msg "$l" ui.key.rerun)" "step $2 ($l): key bar offers r on a check"
}

walk_demo() {
  local l=$1 other
  [ "$l" = de ] && other=en || other=de
  start -- --demo --lang "$l"
  wait_for "$(msg "$l" node.intro.title)" || return 1
  assert_screen_has "$(msg "$l" ui.step.n) 1" "first step is step 1 ($l)"
  assert_screen_has "$(msg "$l" ui.demo)" "title bar names the training ($l)"
  assert_screen_has "$(msg "$l" ui.key.lang)" "key bar offers the other language ($l)"
  assert_screen_has "> $(msg "$l" ui.menu.continue)" "Continue is selected ($l)"

  step "$l" 2 q.context || return 1
  assert_screen_has "$(msg "$l" question.context.text)" "context question asked ($l)"
  assert_screen_has "> $(msg "$l" question.context.user)" "the bundle's answer (user) is preselected ($l)"
  assert_screen_has "$(msg "$l" question.context.machine)" "the other choice is offered ($l)"

  step "$l" 3 q.transport || return 1
  assert_screen_has " $(msg "$l" question.context.user.short)" "breadcrumb shows the answer 'user' ($l)"
  assert_screen_has "> $(msg "$l" question.transport.rpc)" "the bundle's transport (RPC) is preselected ($l)"
  step "$l" 4 a.intro || return 1
  assert_screen_has "$(msg "$l" question.context.user.short) › $(msg "$l" question.transport.rpc.short)" \
    "breadcrumb shows both answers ($l)"
  step_ok "$l" 5 a.store || return 1
  step_ok "$l" 6 a.domain || return 1
  step_ok "$l" 7 a.aepolicy || return 1
  step_ok "$l" 8 a.session || return 1
  step_ok "$l" 9 a.task || return 1
  step_ok "$l" 10 a.perm-template || return 1
  step_ok "$l" 11 a.perm-ca || return 1

  step "$l" 12 a.token || return 1
  assert_screen_has "$(msg "$l" ui.step.result) $(msg "$l" status.fail)" "token check: result Problem ($l)"
  assert_screen_has "$(msg "$l" severity.error): $(title "$l" perm.token-stale)" \
    "token check: finding perm.token-stale shown as an error ($l)"
  assert_screen_has "[x]" "breadcrumb marks the failed check ($l)"

  step "$l" 13 end.token-stale || return 1
  assert_screen_has "$(msg "$l" ui.crumb.end)" "breadcrumb ends with the conclusion ($l)"
  assert_screen_has "> $(msg "$l" ui.menu.summary)" "conclusion offers the summary, selected ($l)"
  assert_screen_has "$(msg "$l" ui.menu.save)" "conclusion offers saving ($l)"

  send Enter
  wait_for "$(msg "$l" ui.summary.title)" || return 1
  local all id i=0
  all=$(all_pages)
  for id in "${demo_findings[@]}"; do
    i=$((i + 1))
    if grep -qF -- "$i. $(msg "$l" severity.error): $(title "$l" "$id")" <<<"$all"; then
      pass "summary ($l) lists $id as no. $i"
    else
      fail "summary ($l) lacks '$i. $(title "$l" "$id")'"
      printf '%s\n' "$all" | sed 's/^/|/'
    fi
  done
  if grep -qF -- "$(title "$l" perm.token-stale)" <<<"$all"; then
    pass "summary ($l) names perm.token-stale"
  else
    fail "summary ($l) does not name perm.token-stale"
  fi
  # nothing of the other language leaks into the summary
  if grep -qF -- "$(msg "$other" ui.summary.title)" <<<"$all"; then
    fail "summary ($l) shows the $other title"
  else
    pass "summary ($l) has no $other title"
  fi
  send q
  local st
  if st=$(wait_exit); then pass "q on the summary quits ($l)"; else fail "q on the summary did not quit ($l)"; fi
}

walk_demo de
walk_demo en

# Without --demo: the start screen; the demo chosen with the arrow keys.
start -- --lang en
wait_for "$(msg en ui.start.title)" && {
  assert_screen_has "$(msg en ui.crumb.start)" "start screen breadcrumb"
  assert_screen_has "$(msg en ui.start.demo)" "start screen offers the demo"
  assert_screen_has "$(msg en ui.start.bundle)" "start screen offers a bundle"
  assert_screen_has "$(msg en ui.start.explain)" "start screen offers the explainer"
  assert_screen_has "> $(msg en ui.start.bundle)" "first usable entry (bundle) is selected off Windows"
  send Down
  wait_for "> $(msg en ui.start.demo)" && {
    send Enter
    wait_for "$(msg en node.intro.title)" &&
      assert_screen_has "$(msg en ui.demo)" "demo started from the start screen"
  }
}

# The same in German, with j (down) and Enter.
start -- --lang de
wait_for "$(msg de ui.start.title)" && {
  send j
  wait_for "> $(msg de ui.start.demo)" && {
    send Enter
    wait_for "$(msg de node.intro.title)" &&
      assert_screen_has "$(msg de ui.demo)" "Übung started from the German start screen"
  }
}

finish
