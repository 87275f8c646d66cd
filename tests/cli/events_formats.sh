#!/usr/bin/env bash
# `enrolldoc events FILE` on the same events as CSV, event XML (wevtutil's
# form, UTF-8, no RenderingInfo; Event Viewer's form, UTF-16, rendered) and
# .evtx (tests/inputs/events/evtx-scenario.*, made by tests/tools/make_evtx.py):
# one analysis, compared with tests/golden/events.evtx-scenario.json; a real
# Windows log (tests/data/evtx/) read without error; broken files refused with
# one line naming the file and the place (line:column, byte offset), exit 2.
# Regenerate the golden file after an intended change with
#   UPDATE_GOLDEN=1 bash tests/cli/events_formats.sh build/enrolldoc . ../shared
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); src=$(cd "$2" && pwd)
golden=$src/tests/golden/events.evtx-scenario.json
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C LANG=C
cd "$src/tests/inputs/events" || exit 1

ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }

"$bin" events evtx-scenario.csv --json >"$tmp/csv.json" 2>"$tmp/err"; rc=$?
[ "${UPDATE_GOLDEN:-}" = 1 ] && cp "$tmp/csv.json" "$golden"
if [ "$rc" = 1 ] && [ ! -s "$tmp/err" ] && diff -u "$golden" "$tmp/csv.json"; then ok; else bad "csv: exit $rc"; fi
"$bin" events evtx-scenario.csv --lang en | sed '1,/^$/d' >"$tmp/csv.en"
"$bin" events evtx-scenario.csv --lang de | sed '1,/^$/d' >"$tmp/csv.de"

for f in evtx-scenario.xml evtx-scenario.rendered.xml evtx-scenario.evtx; do
  "$bin" events "$f" --json >"$tmp/j" 2>"$tmp/err"; rc=$?
  if [ "$rc" = 1 ] && [ ! -s "$tmp/err" ] && diff -u "$golden" "$tmp/j"; then ok; else bad "$f: exit $rc, not the CSV's analysis"; cat "$tmp/err"; fi
  for l in en de; do
    "$bin" events "$f" --lang $l | sed '1,/^$/d' >"$tmp/t"
    if diff -q "$tmp/csv.$l" "$tmp/t" >/dev/null; then ok; else bad "$f --lang $l: text differs from the CSV's"; diff "$tmp/csv.$l" "$tmp/t" | head; fi
  done
done
# standard input: the .evtx bytes and the UTF-16 XML
for f in evtx-scenario.evtx evtx-scenario.rendered.xml; do
  "$bin" events - --json <"$f" >"$tmp/j" 2>&1; rc=$?
  if [ "$rc" = 1 ] && diff -q "$golden" "$tmp/j" >/dev/null; then ok; else bad "stdin $f: exit $rc"; fi
done
# a real Application log written by Windows: read, no events of ours
"$bin" events "$src/tests/data/evtx/Application_no_crc32.evtx" --json >"$tmp/j" 2>"$tmp/err"; rc=$?
if [ "$rc" -le 1 ] && [ ! -s "$tmp/err" ] && grep -q '"events": 0,' "$tmp/j"; then ok; else bad "real log: exit $rc"; cat "$tmp/err"; fi

input_error() { # label pattern file
  "$bin" events "$3" --lang "${4:-en}" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ "$rc" != 2 ] || [ -s "$tmp/out" ] || [ "$(wc -l <"$tmp/err")" != 1 ] || ! grep -q -- "$2" "$tmp/err"; then
    bad "$1: exit $rc, stderr:"; cat "$tmp/err"; return
  fi
  ok
}
head -c 5000 evtx-scenario.xml >"$tmp/cut.xml"
input_error xml-cut "cut.xml:[0-9]*:[0-9]*: not valid event XML" "$tmp/cut.xml"
printf '<?xml version="1.0"?>\r\n<Events>\r\n<Event><System></Sys></Event></Events>\r\n' >"$tmp/tag.xml"
input_error xml-tag 'tag.xml:3:18: kein gültiges Ereignis-XML: mismatched tag' "$tmp/tag.xml" de
printf '<Configuration><x/></Configuration>\n' >"$tmp/other.xml"
input_error xml-other 'other.xml:1:1: not event XML: <Configuration>' "$tmp/other.xml"
head -c 20000 evtx-scenario.evtx >"$tmp/cut.evtx"
input_error evtx-cut 'cut.evtx, byte offset 20000: the .evtx file is damaged or truncated' "$tmp/cut.evtx"
python3 - "$tmp/junk.evtx" <<'PY'
import sys
d = bytearray(open("evtx-scenario.evtx", "rb").read())
d[4096 + 512 + 40:4096 + 512 + 640] = b"\xee" * 600
open(sys.argv[1], "wb").write(d)
PY
input_error evtx-junk 'junk.evtx, Byte-Offset 4096: Die .evtx-Datei ist beschädigt' "$tmp/junk.evtx" de

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
