#!/usr/bin/env bash
# Golden files: the exact output of `diagnose` (JSON, English and German
# text) on every shared scenario and the demo, and of `explain`, compared with
# tests/golden/. Regenerate after an intended change with
#   UPDATE_GOLDEN=1 bash tests/cli/golden.sh build/enrolldoc . ../shared
set -uo pipefail
bin=$1; src=$2; shared=$3
golden=$src/tests/golden
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C LANG=C

check() { # name expected-exit command...
  local name=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ "$rc" != "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want"; cat "$tmp/err"; fail=$((fail+1)); return
  fi
  if [ -s "$tmp/err" ]; then
    echo "FAIL $name: unexpected stderr:"; cat "$tmp/err"; fail=$((fail+1)); return
  fi
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/out" "$golden/$name"
  fi
  if ! diff -u "$golden/$name" "$tmp/out" >"$tmp/diff" 2>&1; then
    echo "FAIL $name: output differs from tests/golden/$name"; head -40 "$tmp/diff"; fail=$((fail+1)); return
  fi
  pass=$((pass+1))
}

mkdir -p "$golden"
for f in "$shared"/scenarios/*.expect.json "$src/checks/demo.json"; do
  case "$f" in
    *.expect.json) name=$(basename "$f" .expect.json); bundle=${f%.expect.json}.json
                   want=$(grep -o '"exit": *[0-9]' "$f" | grep -o '[0-9]$') ;;
    *) name=demo; bundle=$f; want=1 ;;
  esac
  check "$name.json" "$want" "$bin" diagnose --bundle "$bundle" --json
  check "$name.en.txt" "$want" "$bin" diagnose --bundle "$bundle" --lang en
  check "$name.de.txt" "$want" "$bin" diagnose --bundle "$bundle" --lang de
done
for code in 0x800706BA -2146875392 CERTSRV_E_TEMPLATE_DENIED 0x803d0013 1722; do
  check "explain.$code.json" 0 "$bin" explain "$code" --json
  check "explain.$code.en.txt" 0 "$bin" explain "$code" --lang en
  check "explain.$code.de.txt" 0 "$bin" explain "$code" --lang de
done
# the scenario's title in the language of the output
"$bin" diagnose --bundle "$src/checks/demo.json" --lang de >"$tmp/demo.de" 2>/dev/null
if sed -n 2p "$tmp/demo.de" | grep -qx 'Neue Gruppe, altes Ticket'; then pass=$((pass+1)); else echo "FAIL demo: German title missing in --lang de"; fail=$((fail+1)); fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
