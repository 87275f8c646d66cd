#!/usr/bin/env bash
# test-files.sh: the Windows build's file edges under Wine, as the Linux
# build's tests/hostile/ checks them: inputs must be regular files (a folder
# or a device such as NUL is refused at once with one line and status 2), a
# report never replaces an existing file, a new one is created, and a file
# over the input bound is refused by its size; fleet reads a folder on
# several threads with the result of one, and writes the page the Linux
# build writes.
# Usage: bash tests/windows/test-files.sh [BUILD_DIR]
. "$(dirname "$0")/lib.sh" "$@"

exe="$WIN_BUILD/enrolldoc.exe"
healthy="$WIN_SHARED/scenarios/healthy.json"
cp "$healthy" "$WIN_TMP/h.json"

# refused WHAT NAME ARGS...: status 2, nothing on stdout, one line on stderr
# that names NAME.
refused() {
  local what=$1 name=$2
  shift 2
  timeout 60 wine "$exe" "$@" >"$WIN_TMP/out" 2>"$WIN_TMP/err" </dev/null
  local rc=$?
  tr -d '\r' <"$WIN_TMP/err" >"$WIN_TMP/err.lf"
  check "$what: exit $rc, expected 2 ($(head -c 200 "$WIN_TMP/err.lf"))" [ "$rc" = 2 ]
  check "$what: nothing on stdout" [ ! -s "$WIN_TMP/out" ]
  check "$what: one line on stderr" [ "$(wc -l <"$WIN_TMP/err.lf")" = 1 ]
  check "$what: the line names $name" grep -qF -- "$name" "$WIN_TMP/err.lf"
}

refused "folder as bundle" 'enrolldoc-wine' diagnose --bundle "$(winpath "$WIN_TMP")"
check "folder: says it is a folder" grep -q 'folder' "$WIN_TMP/err.lf"
refused "NUL as bundle" 'NUL' diagnose --bundle NUL
check "NUL: says it is a device" grep -q 'device' "$WIN_TMP/err.lf"
refused "NUL as events" 'NUL' events NUL
refused "missing bundle" 'nothere.json' diagnose --bundle "$(winpath "$WIN_TMP/nothere.json")"

truncate -s 600M "$WIN_TMP/sparse.json"
refused "600 MB bundle" 'sparse.json' diagnose --bundle "$(winpath "$WIN_TMP/sparse.json")"
check "600 MB: says it is too large" grep -q '512 MiB' "$WIN_TMP/err.lf"

echo precious >"$WIN_TMP/existing.md"
refused "existing report" 'existing.md' diagnose --bundle "$(winpath "$WIN_TMP/h.json")" \
  --report "$(winpath "$WIN_TMP/existing.md")"
check "existing report: unchanged" [ "$(cat "$WIN_TMP/existing.md")" = precious ]

timeout 60 wine "$exe" diagnose --bundle "$(winpath "$WIN_TMP/h.json")" \
  --report "$(winpath "$WIN_TMP/new.md")" >/dev/null 2>"$WIN_TMP/err" </dev/null
rc=$?
check "new report: exit $rc, expected 0 ($(head -c 200 "$WIN_TMP/err"))" [ "$rc" = 0 ]
check "new report: written" grep -q 'PC0042' "$WIN_TMP/new.md"
# the same name again: refused, the report stays as it was
cp "$WIN_TMP/new.md" "$WIN_TMP/new.copy"
refused "report again" 'new.md' diagnose --bundle "$(winpath "$WIN_TMP/h.json")" \
  --report "$(winpath "$WIN_TMP/new.md")"
check "report again: unchanged" cmp -s "$WIN_TMP/new.md" "$WIN_TMP/new.copy"

# ---- import: every sample format gives the facts the Linux build gives ----
linux="$WIN_SRC/build/enrolldoc"
if [ -x "$linux" ]; then
  for f in "$WIN_SRC"/tests/inputs/import/*.{csv,reg} "$WIN_SRC"/tests/inputs/certutil/*.txt \
           "$WIN_SRC"/tests/inputs/cert/*.{pem,cer} "$WIN_SRC"/tests/inputs/ldif/*.ldif; do
    n=$(basename "$f")
    timeout 60 wine "$exe" import "$(winpath "$f")" >"$WIN_TMP/imp.win" 2>"$WIN_TMP/imp.err" </dev/null
    rc=$?
    "$linux" import "$f" >"$WIN_TMP/imp.lin" 2>/dev/null
    win=$(tr -d '\r' <"$WIN_TMP/imp.win" | jq -cS '.facts, (.meta.sources[0] | del(.file))' 2>&1)
    lin=$(jq -cS '.facts, (.meta.sources[0] | del(.file))' "$WIN_TMP/imp.lin")
    check "import $n: exit $rc, the facts of the Linux build ($(head -c 200 "$WIN_TMP/imp.err"))" \
      [ "$rc:$win" = "0:$lin" ]
  done
else
  echo "test-files: import comparison skipped ($linux missing)"
fi

# ---- fleet: a folder walked and read on several threads (Win32 threads),
# the same summary on one thread and on four, and the findings of the Linux
# build (the file names differ: Z:\...\ against fleet/...) ----
fleet="$(winpath "$WIN_SRC/tests/inputs/fleet")"
for j in 1 4; do
  timeout 120 wine "$exe" fleet "$fleet" "$fleet" --all-times --jobs "$j" --json \
    >"$WIN_TMP/fleet$j.json" 2>"$WIN_TMP/fleet$j.err" </dev/null
  echo $? >"$WIN_TMP/fleet$j.rc"
done
check "fleet --jobs 1: exit 1 (error findings) ($(head -c 200 "$WIN_TMP/fleet1.err"))" \
  [ "$(cat "$WIN_TMP/fleet1.rc")" = 1 ]
check "fleet --jobs 4: the output of --jobs 1" cmp -s "$WIN_TMP/fleet1.json" "$WIN_TMP/fleet4.json"
# the page: the golden page of the Linux build, but for the folder separators
(cd "$WIN_SRC/tests/inputs" && timeout 120 wine "$exe" fleet fleet --report "$(winpath "$WIN_TMP/fleet.html")" \
  >/dev/null 2>"$WIN_TMP/page.err" </dev/null)
check "fleet --report: the golden page ($(tr -d '\r' <"$WIN_TMP/page.err" | head -c 200))" \
  cmp -s <(tr -d '\r' <"$WIN_TMP/fleet.html" | sed '/^<li>fleet\\/s#\\#/#g') "$WIN_SRC/tests/golden/fleet-report.en.html"
if [ -x "$linux" ]; then
  "$linux" fleet "$WIN_SRC/tests/inputs/fleet" "$WIN_SRC/tests/inputs/fleet" --all-times --json \
    >"$WIN_TMP/fleet.lin" 2>/dev/null
  check "fleet: the findings and counts of the Linux build" \
    [ "$(tr -d '\r' <"$WIN_TMP/fleet4.json" | jq -c '[.findings[] | [.id, .clients]], .clients_total, .files_unread')" = \
      "$(jq -c '[.findings[] | [.id, .clients]], .clients_total, .files_unread' "$WIN_TMP/fleet.lin")" ]
fi

finish
