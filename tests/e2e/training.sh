#!/usr/bin/env bash
# training.sh: training mode in tmux. Built-in scenarios walked from the
# first screen to the debrief with right and wrong choices, in English and
# German: after a wrong choice the screen explains it (what the chosen answer
# would have meant) and lets the trainee try again; the debrief's score
# counts only first tries and is saved with s. Also the start-screen entry,
# the picker's pages, and a trainer's own scenario file.
# The right answers come from `enrolldoc diagnose --json` (the shortest path)
# and the texts from the catalogs, so nothing here is hard-coded output.
# Usage: bash tests/e2e/training.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

TREE=$E2E_SRC/checks/tree.json

# The menu entries of the pane as it is now, one per line (the rows between
# the last rule and the status line).
menu_lines() {
  screen | awk '/──────/ { n = NR; delete m; k = 0; next }
                n && /^  / { m[++k] = $0 }
                n && !/^  / { n = 0 }
                END { for (i = 1; i <= k; i++) print m[i] }'
}

# choose LABEL: presses the number of the menu entry showing LABEL and waits
# until the screen changed.
choose() {
  local label=$1 idx before end
  idx=$(menu_lines | grep -nF -- "$label" | head -n1 | cut -d: -f1)
  if [ -z "$idx" ]; then
    fail "no menu entry '$label'"
    show_pane
    return 1
  fi
  before=$(screen)
  send "$idx"
  end=$(($(e2e_ms) + E2E_TIMEOUT * 1000))
  while [ "$(screen)" = "$before" ]; do
    if [ "$(e2e_ms)" -ge "$end" ]; then
      fail "entry '$label' ($idx) changed nothing"
      show_pane
      return 1
    fi
    sleep 0.05
  done
}

# The first 70 characters of a line the pane may wrap (a choice's label
# inside a sentence can be long).
lead() { local s=$1; printf '%s' "${s:0:70}"; }

# A wrong entry of the menu: one that is not LABEL, not tried, not the reveal.
wrong_label() {
  local l=$1 right=$2
  menu_lines | sed 's/^  [> ] //; s/ *$//' | grep -vF -- "$right" | grep -v '^✗' |
    grep -vF -- "$(msg "$l" train.ui.menu.reveal)" | head -n1
}

# The label of the right answer at path step I (JSON of the path in $PATH_JSON).
answer_label() {
  local l=$1 i=$2 node check status finding next q ans
  node=$(jq -r ".[$i].node" <<<"$PATH_JSON")
  check=$(jq -r ".[$i].check // empty" <<<"$PATH_JSON")
  if [ -n "$check" ]; then
    status=$(jq -r ".[$i].status" <<<"$PATH_JSON")
    finding=$(jq -r ".[$i].finding // empty" <<<"$PATH_JSON")
    if [ "$status" = unknown ]; then msg "$l" train.ui.choice.unknown
    elif [ -n "$finding" ]; then title "$l" "$finding"
    else msg "$l" train.ui.choice.ok; fi
    return
  fi
  q=$(jq -r --arg n "$node" '.nodes[] | select(.id == $n) | .question // empty' "$TREE")
  if [ -n "$q" ]; then
    ans=$(jq -r ".[$i].answer" <<<"$PATH_JSON")
    msg "$l" "question.$q.$ans"
    return
  fi
  next=$(jq -r ".[$((i + 1))].node" <<<"$PATH_JSON")
  msg "$l" "node.$next.title"
}

# walk L ID WRONG...: walks the scenario that is on the screen (its first
# step shown) along diagnose's path; at the nodes named in WRONG a wrong
# choice is made first and its explanation checked. Sets SCORE_LINE.
walk() {
  local l=$1 id=$2
  shift 2
  local wrong=" $* " n i node kind nxt right bad decisions=0 first=0 pc
  PATH_JSON=$(jq -c .path < <("$E2E_BIN" diagnose --bundle "$E2E_SRC/checks/training/$id.json" --json))
  n=$(jq length <<<"$PATH_JSON")
  for ((i = 0; i < n; i++)); do
    node=$(jq -r ".[$i].node" <<<"$PATH_JSON")
    kind=$(jq -r --arg n "$node" '.nodes[] | select(.id == $n) | .kind' "$TREE")
    [ "$kind" = conclusion ] && break
    nxt=$(jq -r ".[$((i + 1))].node" <<<"$PATH_JSON")
    if [ "$kind" = info ] &&
       [ "$(jq -r --arg n "$nxt" '.nodes[] | select(.id == $n) | .kind' "$TREE")" != check ]; then
      # an introduction without a decision
      assert_screen_lacks "$(msg "$l" train.ui.ask.next)" "$id ($l): no decision at $node"
      choose "$(msg "$l" train.ui.menu.continue)" || return 1
      continue
    fi
    right=$(answer_label "$l" "$i")
    decisions=$((decisions + 1))
    case $kind in
      check) assert_screen_has "$(msg "$l" train.ui.ask.outcome)" "$id ($l): $node asks what the check shows" ;;
      info) assert_screen_has "$(msg "$l" train.ui.ask.next)" "$id ($l): $node asks for the next check" ;;
    esac
    # the real result is not shown before the decision
    [ "$kind" = check ] && assert_screen_lacks "$(msg "$l" ui.step.result)" "$id ($l): $node hides the result"
    if [[ $wrong == *" $node "* ]]; then
      bad=$(wrong_label "$l" "$right")
      [ -n "$bad" ] || { fail "$id ($l): no wrong choice at $node"; return 1; }
      choose "$bad" || return 1
      wait_for "$(lead "$(msg "$l" train.ui.wrong | sed "s/{choice}/$bad/")")" || return 1
      if [ "$kind" = check ]; then
        assert_screen_has "$(msg "$l" train.ui.wrong.meaning)" "$id ($l): $node explains the wrong answer"
      elif [ "$kind" = info ]; then
        assert_screen_has "$(msg "$l" train.ui.wrong.looks-at)" "$id ($l): $node explains the wrong check"
      fi
      assert_screen_has "✗ $bad" "$id ($l): $node marks the tried choice"
      assert_screen_has "$(msg "$l" train.ui.menu.reveal)" "$id ($l): $node offers the answer"
    else
      first=$((first + 1))
    fi
    choose "$right" || return 1
    if [ "$kind" = check ]; then
      if [[ $wrong == *" $node "* ]]; then
        wait_for "$(lead "$(msg "$l" train.ui.answer | sed "s/{choice}/$right/")")" || return 1
        assert_screen_has "$(lead "$(msg "$l" train.ui.tried | sed "s/{choice}/$bad/")")" "$id ($l): $node recalls the wrong try"
      else
        wait_for "$(lead "$(msg "$l" train.ui.right | sed "s/{choice}/$right/")")" || return 1
      fi
      assert_screen_has "$(msg "$l" ui.step.result)" "$id ($l): $node shows the real result after deciding"
      choose "$(msg "$l" train.ui.menu.continue)" || return 1
    fi
  done
  wait_for "$(msg "$l" train.ui.debrief.title): $(scenario_title "$l" $id)" || return 1
  pc=$(((first * 100 + decisions / 2) / decisions))
  SCORE_LINE=$(msg "$l" train.ui.debrief.score | sed "s/{right}/$first/; s/{total}/$decisions/; s/{percent}/$pc/")
  assert_screen_has "$SCORE_LINE" "$id ($l): debrief score $first/$decisions"
}

# debrief_saved L: s saves the debrief into the state folder, with the score.
debrief_saved() {
  local l=$1 f
  send s
  wait_for "$(msg "$l" train.ui.msg.saved | sed 's/{arg}.*//')" || return 1
  f=$(ls "$E2E_STATE"/enrolldoc/training_*.md 2>/dev/null | head -n1)
  check "debrief ($l) saved as Markdown" test -s "$f"
  check "saved debrief ($l) holds the score" grep -qF -- "$SCORE_LINE" "$f"
}

# 1. English, from the start screen: the Training entry, the picker and its
#    pages, then aepolicy-zero with a wrong context and a wrong AEPolicy guess.
start -- --lang en
wait_for "$(msg en ui.start.title)"
choose "$(msg en train.ui.start-entry)"
wait_for "$(msg en train.ui.pick.title)"
assert_screen_has "$(msg en train.ui.pick.page | sed 's/{page}/1/; s/{pages}.*//')" "the picker has pages"
choose "$(msg en train.ui.pick.more)"
wait_for "$(msg en train.ui.pick.page | sed 's/{page}/2/; s/{pages}.*//')"
assert_screen_has "$(scenario_title en ces-kbr-no-ca-read)" "page 2 lists further scenarios"
send b
wait_for "$(msg en ui.start.title)"
choose "$(msg en train.ui.start-entry)"
wait_for "$(msg en train.ui.pick.title)"
# the story of the entry under the cursor is shown
assert_screen_has "$(scenario_title en aepolicy-disabled)" "picker shows the first scenario"
choose "$(scenario_title en aepolicy-zero)"
wait_for "$(msg en train.ui.story)"
assert_screen_has "$(msg en ui.demo)" "title bar says Training"
walk en aepolicy-zero q.context a.aepolicy && debrief_saved en
assert_screen_has "$(msg en train.ui.menu.another)" "debrief offers another scenario"
assert_screen_has "s $(msg en train.ui.key.save)" "key bar offers s on the debrief"
choose "$(msg en train.ui.menu.another)"
wait_for "$(msg en train.ui.pick.title)"
send q
st=$(wait_exit) && check "q quits from the picker" [ "$st" = 0 ]

# 2. German, straight from the command line: CA unreachable, wrong at the
#    B branch's next check and at the ping's outcome.
start -- train ca-unreachable-firewall --lang de
wait_for "$(scenario_title de ca-unreachable-firewall)"
walk de ca-unreachable-firewall b.intro b.ca-ping && debrief_saved de
send q
wait_exit >/dev/null

# 3. English, CES: wrong at the CES introduction and at the Kerberos check,
#    everything else right.
start -- train ces-no-delegation --lang en
wait_for "$(scenario_title en ces-no-delegation)"
walk en ces-no-delegation ces.intro ces.kerberos
send q
wait_exit >/dev/null

# 4. German, logging: all right at the first try gives 100 %.
start -- train log-run-incomplete --lang de
wait_for "$(scenario_title de log-run-incomplete)"
walk de log-run-incomplete && assert_screen_has "(100 %)" "all first tries: 100 %"
send q
wait_exit >/dev/null

# 5. A trainer's own file: meta.title and meta.description are shown.
cp "$E2E_SRC/checks/training/task-disabled.json" "$E2E_TMP/own.json"
jq '.meta.title = "Mein eigener Fall" | .meta.description = "Eine Geschichte vom Trainer."' \
  "$E2E_SRC/checks/training/task-disabled.json" >"$E2E_TMP/own.json"
start -- train "$E2E_TMP/own.json" --lang de
wait_for "Mein eigener Fall"
assert_screen_has "Eine Geschichte vom Trainer." "the trainer's story is shown"
send q
wait_exit >/dev/null

# A file that is not a bundle: a clear error, exit 2, before any screen.
echo '{"format": "nope"}' >"$E2E_TMP/bad.json"
"$E2E_BIN" train "$E2E_TMP/bad.json" >/dev/null 2>&1
check "train with an invalid file exits 2" [ $? = 2 ]

finish
