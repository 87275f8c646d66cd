#!/usr/bin/env bash
# breadcrumb.sh: the breadcrumb of the walk (row 2) keeps its last item
# whole at every width: when the walk is longer than the row, earlier items
# give way to "… " from the left, never the end of the latest one. The demo
# is walked step by step at 80, 100, 120, 121 and 200 columns, in English
# and German, against the items seen in a window wide enough for all.
# Usage: bash tests/e2e/breadcrumb.sh BINARY SOURCE_DIR SHARED_DIR
. "$(dirname "$0")/lib.sh" "$@"

LAST_STEP=13

# last_item: the breadcrumb's last item as shown now.
last_item() {
  screen | sed -n 2p | sed 's/ *$//; s/.* › //; s/^ *//; s/^… //'
}

# crumbs L WxH: the last item of the breadcrumb at every step of the demo,
# one line per step (from step 2).
crumbs() {
  local l=$1 size=$2 n
  start -s "$size" -- --demo --lang "$l"
  wait_for "$(msg "$l" node.intro.title)" >/dev/null || return 1
  for ((n = 2; n <= LAST_STEP; n++)); do
    send Enter
    wait_for "$(msg "$l" ui.step.n) $n" >/dev/null || return 1
    last_item
  done
}

for l in en de; do
  want=$(crumbs "$l" 400x30) || { fail "[$l] the demo at 400 columns"; continue; }
  # the reference itself: a full breadcrumb ends with the item of the step
  check "[$l] the wide breadcrumb ends with the conclusion" \
    grep -qxF -- "$(msg "$l" ui.crumb.end)" <<<"$(tail -n 1 <<<"$want")"
  for cols in 80 100 120 121 200; do
    got=$(crumbs "$l" "${cols}x30") || { fail "[$l] the demo at $cols columns"; continue; }
    if [ "$got" = "$want" ]; then
      pass "[$l] $cols columns: the breadcrumb's last item is whole at every step"
    else
      fail "[$l] $cols columns: the breadcrumb's last item is cut"
      diff <(echo "$want") <(echo "$got") | head -n 10
    fi
  done
done

finish
