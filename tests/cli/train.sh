#!/usr/bin/env bash
# `enrolldoc train NAME` with a NAME that is neither a built-in scenario nor
# a file: one line saying so, then every built-in scenario's id with its
# title in the chosen language, on stderr, exit status 2, no wizard. A name
# that looks like a path keeps the file's own error.
# Usage: bash tests/cli/train.sh BINARY SOURCE_DIR SHARED_DIR
set -uo pipefail
bin=$1; src=$2
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 LANG=C.UTF-8
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }
msg() { jq -er --arg k "$2" '.messages[$k]' "$src/locale/$1.json"; }

ids=$(cd "$src/checks/training" && ls *.json | sed 's/\.json$//')
[ "$(wc -l <<<"$ids")" -ge 20 ] && ok || bad "fewer built-in scenarios than expected"

for l in en de; do
  "$bin" train no-such-scenario --lang "$l" </dev/null >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ "$rc" = 2 ] && ok || bad "[$l] exit status $rc, expected 2"
  [ -s "$tmp/out" ] && bad "[$l] something on stdout: $(head -c 200 "$tmp/out")" || ok
  head -n 1 "$tmp/err" | grep -qF "no-such-scenario" && ok || bad "[$l] the first line does not name the scenario: $(head -n 1 "$tmp/err")"
  want=$(msg "$l" error.train.unknown-list | sed 's/{id}.*//')
  head -n 1 "$tmp/err" | grep -qF -- "$want" && ok || bad "[$l] the first line is not the catalog's: $(head -n 1 "$tmp/err")"
  n=$(tail -n +2 "$tmp/err" | wc -l)
  [ "$n" = "$(wc -l <<<"$ids")" ] && ok || bad "[$l] $n scenarios listed, expected $(wc -l <<<"$ids")"
  while read -r id; do
    title=$(jq -r --arg l "$l" '.meta.title | if type == "object" then (.[$l] // .en // .de) else . end' \
      "$src/checks/training/$id.json")
    grep -E "^ +$id +" "$tmp/err" | grep -qF -- "$title" && ok || bad "[$l] $id ($title) is not listed"
  done <<<"$ids"
done

# a path: the file's error, not the list
"$bin" train "$tmp/missing.json" --lang en </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] && ok || bad "missing file: exit status $rc, expected 2"
grep -qF "missing.json" "$tmp/err" && ok || bad "missing file: not named: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/err")" = 1 ] && ok || bad "missing file: more than one line on stderr"

echo "train: $pass passed, $fail failed"
[ "$fail" = 0 ]
