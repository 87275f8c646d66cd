#!/usr/bin/env bash
# `enrolldoc events FILE [--json]`: exact output (JSON, English and German
# text) on the CSV inputs in tests/inputs/events/, compared with
# tests/golden/events.*; exit statuses; input errors as one line naming the
# file and line. Regenerate after an intended change with
#   UPDATE_GOLDEN=1 bash tests/cli/events.sh build/enrolldoc . ../shared
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); src=$(cd "$2" && pwd); shared=$3
golden=$src/tests/golden
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C LANG=C
cd "$src/tests/inputs/events" || exit 1

check() { # golden-name expected-exit command...
  local name=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ "$rc" != "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want"; cat "$tmp/err"; fail=$((fail+1)); return
  fi
  if [ -s "$tmp/err" ]; then
    echo "FAIL $name: unexpected stderr:"; cat "$tmp/err"; fail=$((fail+1)); return
  fi
  [ "${UPDATE_GOLDEN:-}" = 1 ] && cp "$tmp/out" "$golden/$name"
  if ! diff -u "$golden/$name" "$tmp/out" >"$tmp/diff" 2>&1; then
    echo "FAIL $name: output differs from tests/golden/$name"; head -40 "$tmp/diff"; fail=$((fail+1)); return
  fi
  pass=$((pass+1))
}

input_error() { # label pattern command...: exit 2, nothing on stdout, one line on stderr matching pattern
  local label=$1 pat=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ "$rc" != 2 ] || [ -s "$tmp/out" ] || [ "$(wc -l <"$tmp/err")" != 1 ] || ! grep -q -- "$pat" "$tmp/err"; then
    echo "FAIL $label: exit $rc, stderr:"; cat "$tmp/err"; fail=$((fail+1)); return
  fi
  pass=$((pass+1))
}

for f in de-healthy:0 us-stopped-65:1 uk-error-6:1 iso-multiline:1 provider-column:1 many-runs:1; do
  name=${f%%:*}; want=${f##*:}
  check "events.$name.json" "$want" "$bin" events "$name.csv" --json
  check "events.$name.en.txt" "$want" "$bin" events "$name.csv" --lang en
  check "events.$name.de.txt" "$want" "$bin" events "$name.csv" --lang de
done

# the other forms read to the same runs
for f in type-line ambiguous; do
  "$bin" events "$f.csv" --json >"$tmp/j" 2>&1; rc=$?
  if [ "$rc" = 0 ] && grep -q '"completed": true' "$tmp/j"; then pass=$((pass+1)); else echo "FAIL $f: exit $rc"; fail=$((fail+1)); fi
done
# standard input, and a bundle
"$bin" events - --json <us-stopped-65.csv >"$tmp/j" 2>&1; rc=$?
if [ "$rc" = 1 ] && diff -q "$tmp/j" "$golden/events.us-stopped-65.json" >/dev/null; then pass=$((pass+1)); else echo "FAIL stdin: exit $rc"; fail=$((fail+1)); fi
"$bin" events "$src/tests/scenarios/events.run-incomplete.fire.json" --json >"$tmp/j" 2>&1; rc=$?
if [ "$rc" = 1 ] && grep -q '"id": "events.run-incomplete"' "$tmp/j"; then pass=$((pass+1)); else echo "FAIL bundle: exit $rc"; cat "$tmp/j"; fail=$((fail+1)); fi

# input errors: one line naming the file (and the line where the broken row starts)
input_error truncated-quote 'truncated-quote.csv, line 6:' "$bin" events truncated-quote.csv --lang en
input_error truncated-quote.de 'truncated-quote.csv, Zeile 6:' "$bin" events truncated-quote.csv --lang de --json
input_error truncated-fields 'truncated-fields.csv, line 3:' "$bin" events truncated-fields.csv --lang en
: >"$tmp/empty.csv"
input_error empty "$tmp/empty.csv: the file is empty" "$bin" events "$tmp/empty.csv" --lang en
input_error not-csv 'make_inputs.py, line 1: not an events export' "$bin" events make_inputs.py --lang en
input_error missing 'nothere.csv' "$bin" events nothere.csv --lang en
input_error no-file 'exactly one file' "$bin" events --lang en
input_error binary 'not a text file' "$bin" events "$src/tests/inputs/random.bin" --lang en

# many runs: the text shows the last 10 in detail and sums up the 4 before
# them (golden above); --all shows every run; --all belongs to events only
runs_in() { grep -cE '^(Run|Lauf) [0-9]+, ' "$1"; }
"$bin" events many-runs.csv --lang en >"$tmp/t" 2>&1
if [ "$(runs_in "$tmp/t")" = 10 ] && grep -q '^Earlier runs: 4, ' "$tmp/t" && grep -q '^Run 5, ' "$tmp/t"; then
  pass=$((pass+1)); else echo "FAIL many-runs: not the last 10 with a summary"; fail=$((fail+1)); fi
"$bin" events many-runs.csv --all --lang de >"$tmp/t" 2>&1
if [ "$(runs_in "$tmp/t")" = 14 ] && ! grep -q 'Frühere Läufe' "$tmp/t" && grep -q '^Lauf 1, ' "$tmp/t"; then
  pass=$((pass+1)); else echo "FAIL many-runs --all: not every run"; fail=$((fail+1)); fi
"$bin" events de-healthy.csv --all --lang en >"$tmp/t" 2>&1
if diff -q "$tmp/t" "$golden/events.de-healthy.en.txt" >/dev/null; then pass=$((pass+1)); else echo "FAIL --all with one run"; fail=$((fail+1)); fi
input_error all-diagnose '--all belongs to enrolldoc events' "$bin" diagnose --bundle "$src/tests/scenarios/events.run-incomplete.fire.json" --all --lang en
input_error all-explain.de '--all gehört zu enrolldoc events' "$bin" explain 0x5 --all --lang de

# --help names the command in both languages
grep -q 'enrolldoc events FILE \[--json\] \[--all\]' <<<"$("$bin" --help --lang en)" && pass=$((pass+1)) || { echo "FAIL help en"; fail=$((fail+1)); }
grep -q 'enrolldoc events DATEI \[--json\] \[--all\]' <<<"$("$bin" --help --lang de)" && pass=$((pass+1)) || { echo "FAIL help de"; fail=$((fail+1)); }

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
