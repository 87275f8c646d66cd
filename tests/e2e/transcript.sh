#!/usr/bin/env bash
# transcript.sh: the transcript is written as the walk goes: kill -9 the
# wizard mid-walk, then every line of the transcript (.jsonl in
# XDG_STATE_HOME/enrolldoc) is valid JSON and the steps walked are there.
# Usage: bash tests/e2e/transcript.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

go() {
  send Enter
  wait_for "$(msg "$1" ui.step.n) $2"
}

# kill_app: SIGKILL to the wizard itself; waits until it is gone.
kill_app() {
  local pid st
  pid=$(app_pid) || { fail "no pid of the wizard"; return 1; }
  if ! kill -0 "$pid" 2>/dev/null; then
    fail "the wizard (pid $pid) is not running before the kill"
    return 1
  fi
  kill -9 "$pid"
  if st=$(wait_exit); then
    check "killed by SIGKILL (status $st)" [ "$st" = 137 ]
  else
    fail "the wizard survived kill -9"
    return 1
  fi
}

# check_transcript WHAT NODE...: the transcript is complete lines of valid
# JSON objects, and its "step" events are exactly NODE... in that order.
# Sets TR_FILE to the transcript's path.
check_transcript() {
  local what=$1 f got want
  TR_FILE=
  shift
  f=$(ls "$E2E_STATE"/enrolldoc/*.jsonl 2>/dev/null | head -n 1)
  if [ -z "$f" ] || [ ! -s "$f" ]; then
    fail "$what: no transcript in $E2E_STATE/enrolldoc"
    return 1
  fi
  TR_FILE=$f
  pass "$what: transcript at $f"
  local bad
  bad=$(jq -R -r 'try (fromjson | if type == "object" and has("event") and has("time") then empty else "not an event: \(.)" end) catch "invalid JSON: \(.)"' "$f" 2>&1)
  if [ -z "$bad" ]; then
    pass "$what: every line ($(wc -l <"$f")) is a JSON object with time and event"
  else
    fail "$what: bad lines: $bad"
  fi
  if [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" = '\n' ]; then
    pass "$what: the last line is complete"
  else
    fail "$what: the last line is cut off"
  fi
  got=$(jq -r 'select(.event == "step") | .node' "$f" | paste -sd' ' -)
  want="$*"
  if [ "$got" = "$want" ]; then
    pass "$what: the steps walked are there ($want)"
  else
    fail "$what: steps in the transcript: '$got', walked: '$want'"
  fi
  check "$what: starts with a start event" [ "$(head -n 1 "$f" | jq -r .event)" = start ]
}

# ---- a plain walk, killed at the sixth step ----
start -- --demo --lang en
wait_for "$(msg en node.intro.title)"
for n in 2 3 4 5 6; do go en $n || break; done
wait_for "$(msg en node.a.domain.title)"
kill_app
check_transcript "killed at step 6" intro q.context q.transport a.intro a.store a.domain
f=$TR_FILE
if [ -f "$f" ]; then
  check "answers recorded: context user" \
    jq -e -s 'map(select(.event == "answer" and .question == "context" and .answer == "user")) | length == 1' "$f"
  check "check results recorded: domain ok" \
    jq -e -s 'map(select(.event == "check" and .check == "domain" and .status == "ok")) | length >= 1' "$f"
fi

# ---- German, another answer, a failed check and an action, killed on the conclusion ----
start -- --demo --lang de
wait_for "$(msg de node.intro.title)"
for n in 2 3 4 5 6 7 8 9; do go de $n || break; done
send 2
wait_for "$(msg de ui.menu.ok-not-run)"
send Enter
wait_for "$(msg de ui.msg.not-run)"
for n in 10 11 12 13; do go de $n || break; done
wait_for "$(msg de node.end.token-stale.title)"
kill_app
check_transcript "killed on the conclusion" intro q.context q.transport a.intro a.store a.domain a.aepolicy \
  a.session a.task a.perm-template a.perm-ca a.token end.token-stale
f=$TR_FILE
if [ -f "$f" ]; then
  check "the failed check and its finding are recorded" \
    jq -e -s 'map(select(.event == "finding" and .finding == "perm.token-stale")) | length == 1' "$f"
  check "the action is recorded as not run" \
    jq -e -s 'map(select(.event == "action" and .outcome == "not-run-bundle")) | length == 1' "$f"
  check "the transcript is language-neutral (no German text)" \
    bash -c '! grep -qF "$1" "$2"' _ "$(msg de node.a.token.title)" "$f"
fi

# ---- killed right after Back: the walk back is no loss ----
start -- --bundle "$E2E_SHARED/scenarios/aepolicy-enroll-off.json" --lang en
wait_for "$(msg en ui.step.n) 1"
for n in 2 3 4 5; do go en $n || break; done
send b
wait_for "$(msg en ui.step.n) 4"
kill_app
f=$(ls "$E2E_STATE"/enrolldoc/*.jsonl 2>/dev/null | head -n 1)
if [ -n "$f" ] && jq -R -e 'fromjson' "$f" >/dev/null 2>&1; then
  pass "killed after Back: every line is valid JSON"
  check "killed after Back: five steps were recorded" [ "$(jq -r 'select(.event == "step") | .node' "$f" | wc -l)" -eq 5 ]
else
  fail "killed after Back: transcript missing or invalid"
fi

finish
