#!/usr/bin/env bash
# fleet.sh: `enrolldoc fleet` on the small fleet of tests/inputs/fleet/
# (scenario bundles with their own hosts and times, a diagnose --json
# document, an older bundle of one host, broken files): the text (English
# and German), JSON, CSV, NDJSON and the HTML report (English and German)
# equal their golden files; the report fetches nothing; the exit
# statuses (1 errors, 4 unread files only, 0, 2 usage); filters; output
# files never replace one; the same output on one thread and on many; a
# folder linked into itself is not walked twice; pipes, devices, dangling
# links and huge files in a share are listed, never waited on.
# Regenerate the golden files after an intended change with
#   UPDATE_GOLDEN=1 bash tests/cli/fleet.sh build/enrolldoc . ../shared
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); src=$(cd "$2" && pwd)
golden=$src/tests/golden
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C LANG=C
NAME=fleet
. "$src/tests/cli/lib/common.sh"
status() { # WANT GOT WHAT
  [ "$1" = "$2" ] && ok || no "$3: exit $2, want $1: $(head -3 "$tmp/err")"
}

cd "$src/tests/inputs" || exit 1
for l in en de; do
  "$bin" fleet fleet --lang "$l" >"$tmp/out.$l" 2>"$tmp/err"
  status 1 $? "[$l] text"
  same "fleet.$l.txt" "$tmp/out.$l"
done
"$bin" fleet fleet --json --csv "$tmp/f.csv" --ndjson "$tmp/f.ndjson" >"$tmp/out.json" 2>"$tmp/err"
status 1 $? "json, csv, ndjson"
same fleet.json "$tmp/out.json"
same fleet.csv "$tmp/f.csv"
same fleet.ndjson "$tmp/f.ndjson"
grep -q "^enrolldoc: wrote $tmp/f.csv: 7 records$" "$tmp/err" && ok || no "csv: $(cat "$tmp/err")"
jq -e . "$tmp/out.json" >/dev/null && ok || no "the JSON is no JSON"
# the German document: the same but for the reasons of unread files
"$bin" fleet fleet --json --lang de >"$tmp/out.de.json" 2>"$tmp/err"
status 1 $? "json, German"
same fleet.de.json "$tmp/out.de.json"
# every NDJSON line one object, the record ids unique
[ "$(jq -c . "$tmp/f.ndjson" | wc -l)" = "$(wc -l <"$tmp/f.ndjson")" ] &&
  [ "$(jq -r .record_id "$tmp/f.ndjson" | sort -u | wc -l)" = "$(wc -l <"$tmp/f.ndjson")" ] &&
  ok || no "ndjson: not one object per line, or ids repeat"
# the same files again: the same record ids (re-ingesting does not duplicate)
"$bin" fleet fleet --ndjson "$tmp/g.ndjson" >/dev/null 2>&1
cmp -s "$tmp/f.ndjson" "$tmp/g.ndjson" && ok || no "ndjson differs between two runs"

# the HTML report in both languages: one page that names nothing outside
for l in en de; do
  "$bin" fleet fleet --lang "$l" --report "$tmp/r.$l.html" >/dev/null 2>"$tmp/err"
  status 1 $? "[$l] --report"
  same "fleet-report.$l.html" "$tmp/r.$l.html"
  has "$tmp/err" "$(msg "$l" fleet.wrote.html | sed "s|{file}|$tmp/r.$l.html|; s|{count}|7|")" && ok || no "[$l] wrote: $(cat "$tmp/err")"
  grep -qiE 'https?://|src=|<script|url\(|@import' "$tmp/r.$l.html" && no "[$l] the report names something outside" || ok
  has "$tmp/r.$l.html" "<html lang=\"$l\">" && has "$tmp/r.$l.html" "default-src 'none'" && ok || no "[$l] lang or CSP"
  [ "$(grep -c '<svg class="chart"' "$tmp/r.$l.html")" = 2 ] && ok || no "[$l] not two charts"
done
# what comes from the files is escaped: a host and a finding id with markup
mkdir -p "$tmp/evil"
jq '.host = "<b>PC&amp;\"1</b>" | .findings[0].id = "x.<script>alert(1)</script>"' \
  fleet/site-b/pc0203.diagnosis.json >"$tmp/evil/e.json"
"$bin" fleet "$tmp/evil" --report "$tmp/evil.html" >/dev/null 2>&1
grep -qF '&lt;b&gt;PC&amp;amp;&quot;1&lt;/b&gt;' "$tmp/evil.html" && ! grep -q '<script\|<b>' "$tmp/evil.html" &&
  ok || no "--report: markup from a file not escaped"
# --report: .html only, never over a file, not the file of --csv
"$bin" fleet fleet --report "$tmp/r.htm" >"$tmp/out" 2>"$tmp/err"; status 2 $? "--report .htm"
has "$tmp/err" "must end in .html" && [ ! -e "$tmp/r.htm" ] && [ ! -s "$tmp/out" ] && ok || no "--report .htm: $(cat "$tmp/err")"
"$bin" fleet fleet --lang de --report "$tmp/r.md" 2>"$tmp/err"; status 2 $? "[de] --report .md"
has "$tmp/err" "auf .html enden" && ok || no "[de] --report .md: $(cat "$tmp/err")"
"$bin" fleet fleet --report "$tmp/r.en.html" >"$tmp/out" 2>"$tmp/err"; status 2 $? "--report over a file"
[ ! -s "$tmp/out" ] && cmp -s "$tmp/r.en.html" "$golden/fleet-report.en.html" && has "$tmp/err" "already exists" &&
  ok || no "--report over a file: $(cat "$tmp/err")"
"$bin" fleet fleet --csv "$tmp/x.html" --report "$tmp/x.html" 2>"$tmp/err"; status 2 $? "--csv and --report one file"
has "$tmp/err" "give each its own file" && [ ! -e "$tmp/x.html" ] && ok || no "--csv and --report one file: $(cat "$tmp/err")"
"$bin" diagnose --bundle fleet/ces/pc0301.json --report "$tmp/d.html" >/dev/null 2>&1
[ -s "$tmp/d.html" ] && ok || no "diagnose --report no longer writes its report"

# an existing output file is refused before any work, and kept
"$bin" fleet fleet --csv "$tmp/f.csv" >"$tmp/out" 2>"$tmp/err"
status 2 $? "--csv over a file"
[ ! -s "$tmp/out" ] && cmp -s "$tmp/f.csv" "$golden/fleet.csv" && grep -q "already exists" "$tmp/err" &&
  ok || no "--csv over a file: $(cat "$tmp/err")"

# only unread files, no client with an error: 4; healthy only: 0
"$bin" fleet fleet/broken >"$tmp/out" 2>"$tmp/err"
status 4 $? "broken files only"
grep -q "Files that could not be read (3):" "$tmp/out" && ok || no "broken: $(cat "$tmp/out")"
"$bin" fleet fleet/site-a/pc0101.json fleet/broken >/dev/null 2>"$tmp/err"
status 4 $? "healthy and broken"
"$bin" fleet fleet/site-a/pc0101.json >"$tmp/out" 2>"$tmp/err"
status 0 $? "healthy"
grep -q "No client reports a finding" "$tmp/out" && ok || no "healthy: $(cat "$tmp/out")"

# filters: --since, --host, --finding, --all-times
"$bin" fleet fleet --json --since 2026-11-19 --host 'pc02*' >"$tmp/out" 2>"$tmp/err"
status 1 $? "--since --host"
[ "$(jq -c '[.clients[].host]' "$tmp/out")" = '["PC0201","PC0202","PC0203"]' ] && ok || no "--since --host: $(jq -c '[.clients[].host]' "$tmp/out")"
"$bin" fleet fleet --json --finding ca.denied >"$tmp/out" 2>"$tmp/err"
[ "$(jq -c '[.clients[].host]' "$tmp/out")" = '["PC0202","PC0203"]' ] && ok || no "--finding: $(jq -c '[.clients[].host]' "$tmp/out")"
"$bin" fleet fleet --json --all-times --host 'PC0101' >"$tmp/out" 2>"$tmp/err"
status 1 $? "--all-times"
[ "$(jq -c '[.clients[].collected_at]' "$tmp/out")" = '["2026-11-18T09:00:00Z","2026-11-20T09:00:00Z"]' ] &&
  ok || no "--all-times: $(jq -c '[.clients[].collected_at]' "$tmp/out")"

# what Windows PowerShell 5.1 writes with > (UTF-16 LE with a mark): read
# like the UTF-8 files, bundles and diagnose --json documents alike
mkdir -p "$tmp/u16"
for f in fleet/site-a/pc0102.json fleet/site-b/pc0203.diagnosis.json; do
  { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$f"; } >"$tmp/u16/$(basename "$f")"
done
"$bin" fleet "$tmp/u16" --json >"$tmp/out" 2>"$tmp/err"
status 1 $? "UTF-16 files"
"$bin" fleet fleet/site-a/pc0102.json fleet/site-b/pc0203.diagnosis.json --json >"$tmp/out8" 2>/dev/null
[ "$(jq -c '[.files_unread, .clients_total, [.findings[] | [.id, .clients]]]' "$tmp/out")" = \
  "$(jq -c '[.files_unread, .clients_total, [.findings[] | [.id, .clients]]]' "$tmp/out8")" ] &&
  [ "$(jq '.clients_total' "$tmp/out")" = 2 ] && ok || no "UTF-16 files: $(jq -c '.unread' "$tmp/out")"

# parts of a client's facts (an .evtx log, a reg export) are said to be no
# client, the log without being read through
mkdir -p "$tmp/parts"
cp "$src/tests/data/evtx/Application_no_crc32.evtx" "$tmp/parts/app.evtx"
cp "$src/tests/inputs/import/machine.reg" "$tmp/parts/"
"$bin" fleet "$tmp/parts" --json >"$tmp/out" 2>"$tmp/err"
status 4 $? "parts of facts"
[ "$(jq -c '[.unread[].error]' "$tmp/out")" = '["fleet.error.not-client","fleet.error.not-client"]' ] &&
  grep -q "app.evtx: this is evtx" "$tmp/out" && ok || no "parts of facts: $(jq -c '.unread' "$tmp/out")"

# --since Nd: N days before now (a daily job over the same share)
mkdir -p "$tmp/recent"
for ago in 2 20; do
  printf '{"format":"enrolldoc-diagnosis/1","host":"PC%s","context":"user","template":"User","collected_at":"%s","findings":[]}' \
    "$ago" "$(date -u -d "$ago days ago" +%Y-%m-%dT%H:%M:%SZ)" >"$tmp/recent/pc$ago.json"
done
"$bin" fleet "$tmp/recent" --since 7d --json >"$tmp/out" 2>"$tmp/err"
status 0 $? "--since 7d"
[ "$(jq -c '[.clients[].host]' "$tmp/out")" = '["PC2"]' ] && ok || no "--since 7d: $(jq -c '[.clients[].host]' "$tmp/out")"
for v in 0d 3651d 7 x7d; do
  "$bin" fleet "$tmp/recent" --since "$v" 2>"$tmp/err"; status 2 $? "--since $v"
done

# the text shows the last 7 days with documents and counts the earlier ones
mkdir -p "$tmp/days"
for d in 01 03 04 05 06 07 08 10 11 12; do
  printf '{"format":"enrolldoc-diagnosis/1","host":"PC%s","context":"user","template":"User","collected_at":"2026-11-%sT08:00:00Z","findings":[%s]}' \
    "$d" "$d" "$([ "$d" = 12 ] && echo '{"id":"ca.denied","severity":"error"}')" >"$tmp/days/pc$d.json"
done
"$bin" fleet "$tmp/days" >"$tmp/out" 2>"$tmp/err"
status 1 $? "ten days"
[ "$(grep -c '^  2026-11-' "$tmp/out")" = 7 ] && grep -q "^  2026-11-05: 0 of 1 failing$" "$tmp/out" && ! grep -q "2026-11-04" "$tmp/out" &&
  grep -q "^  2026-11-12: 1 of 1 failing$" "$tmp/out" && grep -q "^  3 earlier days with documents: see --json or --report$" "$tmp/out" &&
  ok || no "ten days: $(sed -n '/per day/,$p' "$tmp/out")"

# a folder linked into itself: walked once, the link not followed
mkdir -p "$tmp/loop" && cp fleet/site-b/pc0201.json "$tmp/loop/" && ln -s .. "$tmp/loop/up" && ln -s "$tmp/loop" "$tmp/loop/self"
timeout 20 "$bin" fleet "$tmp/loop" --json >"$tmp/out" 2>"$tmp/err"
status 1 $? "linked folders"
[ "$(jq -c '[.files, .clients_total]' "$tmp/out")" = '[1,1]' ] && ok || no "linked folders: $(jq -c '[.files, .clients_total]' "$tmp/out")"

# what a share holds besides bundles: a pipe, a link to a device, a link to
# nothing, a file over the bound, binary bytes; each listed with why, none
# blocks, the bundles beside them still count (4: no error finding, files unread)
h=$tmp/hostile; mkdir -p "$h" && cp fleet/site-a/pc0101*.json "$h/" && mkfifo "$h/pipe.json" &&
  ln -s /dev/zero "$h/zero.json" && ln -s "$tmp/nothing" "$h/dangling.json" && truncate -s 600M "$h/big.json" &&
  printf '\000\377\376 not a bundle' >"$h/bin.json"
timeout 20 "$bin" fleet "$h" --json --jobs 2 >"$tmp/out" 2>"$tmp/err"
status 4 $? "a share with pipes, devices and huge files"
[ "$(jq -c '[.files, .files_unread, .clients_total, [.unread[].error]]' "$tmp/out")" = \
  '[7,5,1,["error.file.read","error.import.unknown","error.file.read","error.file.read","error.file.read"]]' ] &&
  ok || no "hostile share: $(jq -c '[.files, .files_unread, .clients_total, [.unread[].error]]' "$tmp/out")"
rm -f "$h/big.json"

# usage
"$bin" fleet 2>"$tmp/err"; status 2 $? "no paths"
grep -q "fleet needs at least one file or folder" "$tmp/err" && ok || no "no paths: $(cat "$tmp/err")"
"$bin" fleet fleet --since yesterday 2>"$tmp/err"; status 2 $? "--since yesterday"
"$bin" fleet fleet --finding no.such 2>"$tmp/err"; status 2 $? "--finding no.such"
"$bin" fleet fleet --csv "$tmp/x" --ndjson "$tmp/x" 2>"$tmp/err"; status 2 $? "the same file twice"
"$bin" diagnose --bundle fleet/ces/pc0301.json --csv "$tmp/y" 2>"$tmp/err"; status 2 $? "--csv with diagnose"
for j in 0 65 two; do
  "$bin" fleet fleet --jobs "$j" 2>"$tmp/err"; status 2 $? "--jobs $j"
done
grep -q "^enrolldoc: --jobs takes a number of threads between 1 and 64, not \"two\"$" "$tmp/err" && ok ||
  no "--jobs two: $(cat "$tmp/err")"
"$bin" diagnose --bundle fleet/ces/pc0301.json --jobs 2 2>"$tmp/err"; status 2 $? "--jobs with diagnose"

# on one thread or many, the same output to the byte (the folder twice and
# all times kept: ties between equal documents must fall the same way)
for j in 1 3 16; do
  "$bin" fleet fleet fleet --all-times --jobs "$j" --json --csv "$tmp/j$j.csv" >"$tmp/j$j.json" 2>/dev/null
  "$bin" fleet fleet fleet --jobs "$j" >"$tmp/j$j.txt" 2>/dev/null
done
for j in 3 16; do
  cmp -s "$tmp/j1.json" "$tmp/j$j.json" && cmp -s "$tmp/j1.csv" "$tmp/j$j.csv" && cmp -s "$tmp/j1.txt" "$tmp/j$j.txt" &&
    ok || no "--jobs $j: not the output of --jobs 1"
done

# collecting for a fleet: --out-dir is checked before anything is probed
"$bin" collect --out-dir "$tmp" -o "$tmp/z.json" 2>"$tmp/err"; status 2 $? "collect --out-dir with -o"
grep -q "give one of them" "$tmp/err" && ok || no "--out-dir with -o: $(cat "$tmp/err")"
"$bin" collect --out-dir "$tmp/no-such-folder" 2>"$tmp/err"; status 2 $? "collect --out-dir without a folder"
grep -q "not a folder" "$tmp/err" && ok || no "--out-dir without a folder: $(cat "$tmp/err")"

echo "fleet: $pass passed, $fail failed"
[ "$fail" = 0 ]
