#!/usr/bin/env bash
# import.sh: `enrolldoc import` and --from on the samples of
# tests/inputs/import/: the merged bundle and the disagreement lines (English
# and German) equal their golden files; -o never replaces a file; an
# unknown file is one line with exit 2; diagnose --from FILE... says what
# diagnose says on the imported bundle; standard input; usage errors.
# Regenerate the golden files after an intended change with
#   UPDATE_GOLDEN=1 bash tests/cli/import.sh build/enrolldoc . ../shared
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); src=$(cd "$2" && pwd)
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C LANG=C
NAME=import
. "$src/tests/cli/lib/common.sh"

cd "$src/tests/inputs/import" || exit 1
samples=(whoami-all.en.csv whoami-groups.de.csv user-policy.reg machine.reg)
for l in en de; do
  "$bin" import "${samples[@]}" --lang "$l" >"$tmp/out.json" 2>"$tmp/err.$l"
  rc=$?
  [ $rc = 0 ] && ok || no "[$l] exit $rc: $(cat "$tmp/err.$l")"
  same "import.samples.$l.stderr" "$tmp/err.$l"
done
same import.samples.json "$tmp/out.json"

# -o: a new file, with one line saying so; an existing one is refused
"$bin" import "${samples[@]}" -o "$tmp/b.json" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] && cmp -s "$tmp/b.json" "$tmp/out.json" && grep -q "^enrolldoc: wrote $tmp/b.json: the facts of 4 files$" "$tmp/err" &&
  ok || no "-o: exit $rc: $(cat "$tmp/err")"
"$bin" import machine.reg -o "$tmp/b.json" 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && cmp -s "$tmp/b.json" "$tmp/out.json" &&
  ok || no "-o over an existing file: exit $rc: $(cat "$tmp/err")"

# an unknown file: one line naming it, exit 2, nothing written
printf 'nothing enrolldoc knows\n' >"$tmp/junk.txt"
"$bin" import machine.reg "$tmp/junk.txt" -o "$tmp/c.json" 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "$tmp/junk.txt: not a format enrolldoc reads" "$tmp/err" &&
  [ ! -e "$tmp/c.json" ] && ok || no "unknown file: exit $rc: $(cat "$tmp/err")"
# a broken reg export: its line
printf 'REGEDIT4\n[HKEY_CURRENT_USER\\X]\n"A"=dword:12\n' >"$tmp/broken.reg"
"$bin" import "$tmp/broken.reg" --lang de 2>"$tmp/err" >/dev/null
rc=$?
[ $rc = 2 ] && grep -q "broken.reg, Zeile 3: keine Zeile eines Registrierungsexports" "$tmp/err" &&
  ok || no "broken reg: exit $rc: $(cat "$tmp/err")"

# standard input
"$bin" import - <machine.reg >"$tmp/stdin.json" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] && [ "$(jq -c .facts "$tmp/stdin.json")" = '{"aepolicy":{"machine":0},"loglevel":4}' ] &&
  ok || no "stdin: exit $rc $(cat "$tmp/err")"

# diagnose --from FILE... says what diagnose says on the imported bundle
for l in en de; do
  "$bin" diagnose --bundle "$tmp/b.json" --template User --lang "$l" >"$tmp/d1" 2>/dev/null
  rc1=$?
  "$bin" diagnose --from whoami-all.en.csv --from whoami-groups.de.csv --from user-policy.reg --from machine.reg \
    --template User --lang "$l" >"$tmp/d2" 2>"$tmp/e2"
  rc2=$?
  [ $rc1 = $rc2 ] && cmp -s "$tmp/d1" "$tmp/d2" && cmp -s "$tmp/e2" "$tmp/err.$l" &&
    ok || no "[$l] diagnose --from differs from the imported bundle ($rc1/$rc2)"
done
# --bundle takes any format too
"$bin" diagnose --bundle machine.reg --json >"$tmp/d3" 2>/dev/null
rc=$?
[ $rc -le 1 ] && jq -e '.findings | map(.id) | index("aepolicy.enroll-off") != null' "$tmp/d3" >/dev/null &&
  ok || no "diagnose --bundle machine.reg: exit $rc"

# the same events as .evtx and as event XML: one set, nothing to disagree on
ev=$src/tests/inputs/events
"$bin" import "$ev/evtx-scenario.evtx" "$ev/evtx-scenario.xml" >"$tmp/ev.json" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/err" ] &&
  [ "$(jq -c '[.meta.sources[].format, (.facts.events | length)]' "$tmp/ev.json")" = '["evtx","event-xml",13]' ] &&
  ok || no "evtx + xml: exit $rc $(cat "$tmp/err")"

# usage
"$bin" import 2>"$tmp/err"; [ $? = 2 ] && grep -q "import needs at least one file" "$tmp/err" && ok || no "no files"
"$bin" explain 0x5 --from machine.reg 2>"$tmp/err"; [ $? = 2 ] && ok || no "--from with explain"
"$bin" import machine.reg --merge machine.reg 2>"$tmp/err"
[ $? = 2 ] && grep -q "merge takes a bundle" "$tmp/err" && ok || no "--merge of a reg file: $(cat "$tmp/err")"

echo "import: $pass passed, $fail failed"
[ $fail = 0 ]
