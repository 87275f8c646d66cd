#!/usr/bin/env bash
# plain.sh: the plain line mode. Answers are piped in, so it is chosen by
# itself (standard input is no terminal); --plain asks for it; TERM=dumb on a
# terminal (a pty of script(1)) chooses it too. Walked by Enter alone, the
# demo reaches the deciding finding perm.token-stale, the same one as the
# last step of diagnose's path (and as the curses wizard, tests/e2e/demo.sh),
# with exit status 1, in German and in English; the summary is diagnose's;
# no escape character is ever written; an action offered on the way is not
# run or recorded on an empty line; the end of the input quits with
# diagnose's status of what was walked; b, r, a number, L, s and ? work;
# training decides first and shows the result after, up to the debrief.
# Usage: bash tests/cli/plain.sh BINARY SOURCE_DIR SHARED_DIR
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); src=$(cd "$2" && pwd); shared=$3
pass=0; fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/enrolldoc-plain.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 LANG=C.UTF-8 XDG_STATE_HOME=$tmp/state
unset TERM
NAME=plain
. "$src/tests/cli/lib/common.sh"
lacks() { ! grep -qF -- "$2" "$1"; }
no_esc() { ! grep -q $'\e' "$@"; }
demo=$src/checks/demo.json
enters() { local i; for ((i = 0; i < $1; i++)); do printf '\n'; done; }
# run NAME ARGS...: enrolldoc ARGS with the answers on stdin; NAME.out,
# NAME.err, the exit status in $rc
run() { local name=$1; shift; "$bin" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; rc=$?; }

# What diagnose decides: the last path step's finding, and its path.
"$bin" diagnose --bundle "$demo" --json >"$tmp/diag.json"
want=$(jq -r '[.path[] | select(.finding != null)] | last | .finding' "$tmp/diag.json")
check "diagnose's deciding finding is perm.token-stale (got $want)" [ "$want" = perm.token-stale ]
mapfile -t path_nodes < <(jq -r '.path[].node' "$tmp/diag.json")

for l in en de; do
  run "enter-$l" --demo --lang "$l" < <(enters 30)
  out=$tmp/enter-$l.out
  check "[$l] Enter only: exit status 1 (got $rc)" [ "$rc" = 1 ]
  check "[$l] no escape character" no_esc "$out" "$tmp/enter-$l.err"
  check "[$l] the intro is said" has "$out" "$(msg "$l" plain.intro | cut -c1-40)"
  # the steps shown are diagnose's path, node by node
  i=0
  for node in "${path_nodes[@]}"; do
    i=$((i + 1))
    grep -A1 -F -- "$(msg "$l" ui.step.n) $i" "$out" | grep -qxF -- "$(msg "$l" "node.$node.title")" && ok ||
      no "[$l] step $i does not show the title of $node"
  done
  check "[$l] no step past the conclusion" lacks "$out" "$(msg "$l" ui.step.n) $((i + 1))"
  title=$(msg "$l" finding.$want.title)
  check "[$l] the token check shows its result" has "$out" "$(msg "$l" ui.step.result) $(msg "$l" status.fail)"
  check "[$l] the deciding finding is shown as an error" has "$out" "$(msg "$l" severity.error): $title"
  # the summary: diagnose's text, the finding with [id · context]
  check "[$l] the summary lists [$want · $(msg "$l" context.user)]" has "$out" "[$want · $(msg "$l" context.user)]"
  "$bin" diagnose --bundle "$demo" --lang "$l" >"$tmp/diag-$l.txt"
  head=$(head -n 1 "$tmp/diag-$l.txt")
  sed -n "/^$(printf '%s' "$head" | sed 's/[]\/$*.^[]/\\&/g')\$/,\$p" "$out" >"$tmp/summary-$l.txt"
  check "[$l] the summary is diagnose's text, byte for byte" cmp -s "$tmp/summary-$l.txt" "$tmp/diag-$l.txt"
  # the pulse action was offered on the way, with its command line, and
  # neither run nor recorded by Enter
  check "[$l] an action is offered with its command line" has "$out" "     certutil -pulse -user"
  check "[$l] every choice list marks its default" \
    [ "$(grep -c -- "$(msg "$l" plain.default)" "$out")" = "${#path_nodes[@]}" ]
  check "[$l] nothing about an action said" lacks "$out" "$(msg "$l" ui.msg.not-run)"
  tr=$(sed -n 's/^enrolldoc: [^:]*: //p' "$tmp/enter-$l.err")
  if [ -f "$tr" ]; then
    check "[$l] the transcript records no action" [ "$(jq -c 'select(.event == "action")' "$tr" | wc -l)" = 0 ]
  else
    no "[$l] no transcript named on stderr: $(cat "$tmp/enter-$l.err")"
  fi
done

# an action chosen: shown in full, recorded as not run (recorded facts);
# Enter at the next prompt is no yes
run action --demo --lang en < <({ enters 8; printf '2\n\n'; })
out=$tmp/action.out
check "action: the command is shown" has "$out" "$(msg en ui.action.command)"
check "action: its effect and undo are shown" has "$out" "$(msg en ui.action.undo)"
check "action: on recorded facts it is said that nothing runs" has "$out" "$(msg en ui.action.bundle | cut -c1-40)"
check "action: recorded as not run" has "$out" "$(msg en ui.msg.not-run)"
check "action: no question to run it on recorded facts" lacks "$out" "$(msg en plain.run-ask)"
tr=$(sed -n 's/^enrolldoc: [^:]*: //p' "$tmp/action.err")
check "action: the transcript says not run" \
  [ "$(jq -r 'select(.event == "action") | .outcome' "$tr" 2>/dev/null)" = not-run-bundle ]

# the end of the input mid-walk: the summary of what was walked, diagnose's status
run eof --demo --lang en < <(enters 3)
check "end of input mid-walk: exit status 1 (got $rc)" [ "$rc" = 1 ]
check "end of input mid-walk: the summary is printed" has "$tmp/eof.out" "$(msg en text.path)"
check "end of input mid-walk: no step 5" lacks "$tmp/eof.out" "$(msg en ui.step.n) 5"
healthy=$shared/scenarios/healthy.json
"$bin" diagnose --bundle "$healthy" >/dev/null; hrc=$?
run eof-healthy --plain --bundle "$healthy" --lang en </dev/null
check "--plain --bundle healthy at once at its end: diagnose's status $hrc (got $rc)" [ "$rc" = "$hrc" ]
check "--plain --bundle: the first step is shown" has "$tmp/eof-healthy.out" "$(msg en node.intro.title)"
check "--plain --bundle: the summary" has "$tmp/eof-healthy.out" "$(msg en text.path)"
run walk-healthy --plain --bundle "$healthy" --lang de < <(enters 40)
check "--plain --bundle walked by Enter: exit status $hrc (got $rc)" [ "$rc" = "$hrc" ]
check "--plain --bundle: no escape character" no_esc "$tmp/walk-healthy.out"

# b, r, a number, L, ?, s, q
run keys --demo --lang en < <(printf '\n\n\nb\n\n\n\nr\n?\nL\ns\nq\n')
out=$tmp/keys.out
check "keys: exit status 1 (got $rc)" [ "$rc" = 1 ]
steps=$(grep -oE "($(msg en ui.step.n)|$(msg de ui.step.n)) [0-9]+$" "$out" | sed 's/.* //' | tr '\n' ' ')
check "keys: b goes back from step 4 to 3, r and L show step 6 again ($steps)" [ "$steps" = "1 2 3 4 3 4 5 6 6 6 " ]
check "keys: r says it checked again" has "$out" "$(msg en ui.msg.rerun)"
check "keys: ? prints the keys" has "$out" "$(msg en plain.help | head -n 1)"
check "keys: L switches to German" has "$out" "$(msg de node.a.domain.title)"
check "keys: after L the prompt is German" has "$out" "$(msg de plain.prompt | sed 's/{n}/1/')"
check "keys: s saves the report" has "$out" "$(msg de ui.msg.saved | sed 's/ *{arg}.*//')"
check "keys: the report is in the state folder" test -n "$(find "$tmp/state" -name '*_enrolldoc_*.md' -print -quit)"
check "keys: q ends with the German summary" has "$out" "$(msg de text.path)"
run number --demo --lang en < <(printf '\n2\nq\n')
check "number: 2 answers the context question with the computer" \
  has "$tmp/number.out" "→ $(msg en question.context.machine | cut -c1-20)"
run junk --demo --lang en < <(printf '\nzz\n77\nq\n')
check "junk: said not to be understood" has "$tmp/junk.out" "$(msg en plain.unknown | sed 's/{arg}.*//')zz"
check "junk: a number out of range too" has "$tmp/junk.out" "$(msg en plain.unknown | sed 's/{arg}.*//')77"
run first --demo --lang de < <(printf 'b\nq\n')
check "b at the first step says so" has "$tmp/first.out" "$(msg de ui.msg.at-start)"

# hostile data never reaches the terminal raw
python3 - "$demo" "$tmp/hostile.json" <<'EOF'
import json, sys
b = json.load(open(sys.argv[1]))
b["meta"]["host"] = "PC\u001b[31mX\u0007"
b["meta"]["title"] = "T\u001b]0;owned\u0007"
json.dump(b, open(sys.argv[2], "w"))
EOF
run hostile --bundle "$tmp/hostile.json" --lang en < <(enters 30)
check "hostile bundle: exit status 1 (got $rc)" [ "$rc" = 1 ]
check "hostile bundle: no escape character" no_esc "$tmp/hostile.out" "$tmp/hostile.err"
check "hostile bundle: the host is shown escaped" has "$tmp/hostile.out" 'PC\u001b[31mX\u0007'

# TERM=dumb on a terminal: the line mode too
if command -v script >/dev/null 2>&1; then
  enters 30 | TERM=dumb script -qec "'$bin' --demo --lang en" /dev/null >"$tmp/dumb.out" 2>&1
  rc=$?
  check "TERM=dumb: exit status 1 (got $rc)" [ "$rc" = 1 ]
  check "TERM=dumb: the line mode" has "$tmp/dumb.out" "$(msg en plain.intro | cut -c1-40)"
  check "TERM=dumb: the deciding finding" has "$tmp/dumb.out" "[$want · $(msg en context.user)]"
  check "TERM=dumb: no escape character" no_esc "$tmp/dumb.out"
fi

# training: the trainee decides first, then sees the result; Enter takes
# the first choice not yet tried; the debrief at the end; exit status 0
for l in en de; do
  run "train-$l" train aepolicy-disabled --lang "$l" < <(enters 60)
  out=$tmp/train-$l.out
  check "[$l] training: exit status 0 (got $rc)" [ "$rc" = 0 ]
  check "[$l] training: no escape character" no_esc "$out" "$tmp/train-$l.err"
  ask=$(grep -nF -- "$(msg "$l" train.ui.ask.outcome)" "$out" | head -n 1 | cut -d: -f1)
  res=$(grep -nF -- "$(msg "$l" ui.step.result)" "$out" | head -n 1 | cut -d: -f1)
  check "[$l] training: the decision comes before the result (lines ${ask:-none}, ${res:-none})" \
    [ -n "$ask" ] && [ -n "$res" ] && [ "$ask" -lt "$res" ]
  check "[$l] training: a wrong choice is explained" has "$out" "$(msg "$l" train.ui.wrong | sed 's/ *{choice}.*//')"
  check "[$l] training: the debrief" has "$out" "$(msg "$l" train.ui.debrief.title): "
  check "[$l] training: the score" has "$out" "$(msg "$l" train.ui.debrief.score | sed 's/ *{right}.*//')"
done
run train-pick train --lang en < <(printf '?\n1\n'; enters 60)
check "training list: exit status 0 (got $rc)" [ "$rc" = 0 ]
check "training list: the scenarios' titles" has "$tmp/train-pick.out" "  1) $(jq -r '.meta.title.en // .meta.title' "$src/checks/training/$(cd "$src/checks/training" && ls *.json | head -n 1)")"
check "training list: ? shows the training keys" has "$tmp/train-pick.out" "$(msg en plain.help.train | head -n 1)"
check "training list: 1 starts the first scenario" has "$tmp/train-pick.out" "$(msg en train.ui.debrief.title): "
run train-save train aepolicy-disabled --lang en < <(enters 16; printf 's\nq\n')
check "training: s saves the debrief" has "$tmp/train-save.out" "$(msg en train.ui.msg.saved | sed 's/ *{arg}.*//')"
check "training: the debrief file is in the state folder" test -n "$(find "$tmp/state" -name 'training_*.md' -print -quit)"
run train-file train "$demo" --plain --lang en < <(enters 60)
check "training on a trainer's file: exit status 0 (got $rc)" [ "$rc" = 0 ]
check "training on a trainer's file: its title" has "$tmp/train-file.out" "$(jq -r '.meta.title.en // .meta.title' "$demo")"
check "training on a trainer's file: the debrief" has "$tmp/train-file.out" "$(msg en train.ui.debrief.title): "

# files admins have, imported on the way in: a reg export and whoami output
imp=$src/tests/inputs/import
run from --plain --from "$imp/machine.reg" --from "$imp/whoami-all.en.csv" --template Machine --lang en \
  < <(printf '\n2\n'; enters 60)
check "--from: exit status 1 (got $rc; $(head -c 200 "$tmp/from.err"))" [ "$rc" = 1 ]
check "--from: the computer's AEPolicy 0 from the reg export decides" \
  has "$tmp/from.out" "[aepolicy.enroll-off · $(msg en context.machine)]"
check "--from: no disagreement reported (the files agree)" bash -c "! grep -q ' says ' '$tmp/from.err'"
run train-reg train "$imp/machine.reg" --plain --lang en < <(enters 60)
check "training on a reg export: exit status 0 (got $rc)" [ "$rc" = 0 ]

# usage: nothing to walk on this system; --plain outside the wizard
if [ "$(uname -s)" = Linux ]; then
  run nosource --plain --lang en </dev/null
  check "--plain without facts off Windows: exit status 2 (got $rc)" [ "$rc" = 2 ]
  check "--plain without facts: says what to give" has "$tmp/nosource.err" "$(msg en error.plain.no-source | cut -c1-40)"
  check "--plain without facts: nothing on stdout" [ ! -s "$tmp/nosource.out" ]
fi
run plaindiag diagnose --plain --bundle "$demo" --lang de </dev/null
check "diagnose --plain: exit status 2 (got $rc)" [ "$rc" = 2 ]
check "diagnose --plain: one line on stderr" [ "$(wc -l <"$tmp/plaindiag.err")" = 1 ]

echo "plain: $pass passed, $fail failed"
[ "$fail" = 0 ]
