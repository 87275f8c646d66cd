#!/usr/bin/env bash
# test-events.sh: `enrolldoc.exe events` under Wine: the CSV inputs of
# tests/inputs/events/ give exactly the golden JSON of the Linux build; the
# same events as event XML (UTF-8 and UTF-16) and as .evtx give the golden
# analysis of their CSV (Wine's EvtQuery is a stub: the .evtx file is refused
# with one line; read through fixtures/mockwevtapi.c, a stand-in wevtapi.dll,
# it gives that analysis too); and
# a UTF-16 export of 30,000 rows (read in many pieces, with surrogate pairs
# and umlauts in its messages) gives the runs it was written with, and the
# same document as the Linux build when one is there (build/enrolldoc).
# Usage: bash tests/windows/test-events.sh [BUILD_DIR]
. "$(dirname "$0")/lib.sh" "$@"

exe="$WIN_BUILD/enrolldoc.exe"
for f in de-healthy:0 us-stopped-65:1 uk-error-6:1 iso-multiline:1 provider-column:1; do
  name=${f%%:*}; want=${f##*:}
  wine "$exe" events "$(winpath "$WIN_SRC/tests/inputs/events/$name.csv")" --json \
    >"$WIN_TMP/out" 2>"$WIN_TMP/err"
  rc=$?
  tr -d '\r' <"$WIN_TMP/out" >"$WIN_TMP/out.lf"
  check "events $name: exit $rc, expected $want" [ "$rc" = "$want" ]
  check "events $name: the golden JSON" cmp -s "$WIN_TMP/out.lf" "$WIN_SRC/tests/golden/events.$name.json"
done

# 30,000 rows, newest first, one run of six events per 10 seconds whose last
# event is an error with 0x800706ba
python3 - "$WIN_TMP/big.csv" <<'PY'
import sys
rows = 30000
seq = [
    (2, "Die automatische Zertifikatregistrierung für CONTOSO\\alice wurde gestartet. \U0001D11E"),
    (4, "Die automatische Zertifikatregistrierung für CONTOSO\\alice hat die API aufgerufen."),
    (1, "Der Zertifikatdiensteclient wurde gestartet."),
    (3, "Der Zertifikatdiensteclient hat eine Netzwerkverbindung erkannt."),
    (65, "Die Zertifikatregistrierung für CONTOSO\\alice wurde \"\"authentifiziert\"\".\r\nZweite Zeile"),
    (6, "Die automatische Zertifikatregistrierung für CONTOSO\\alice ist fehlgeschlagen (0x800706ba)"),
]
out = ['"TimeCreated","Id","LevelDisplayName","Message"']
for i in range(rows - 1, -1, -1):
    eid, msg = seq[i % 6]
    s = i // 6 * 10 + i % 6
    when = "%02d.%02d.2026 %02d:%02d:%02d" % (1 + s // 86400 % 28, 1 + s // (86400 * 28) % 12,
                                            s // 3600 % 24, s // 60 % 60, s % 60)
    out.append('"%s","%d","%s","%s"' % (when, eid, "Fehler" if eid == 6 else "Informationen", msg))
open(sys.argv[1], "wb").write(b"\xff\xfe" + ("\r\n".join(out) + "\r\n").encode("utf-16-le"))
PY
wine "$exe" events "$(winpath "$WIN_TMP/big.csv")" --json >"$WIN_TMP/big.out" 2>"$WIN_TMP/big.err"
rc=$?
tr -d '\r' <"$WIN_TMP/big.out" >"$WIN_TMP/big.json"
check "events 30,000 rows: exit $rc, expected 1" [ "$rc" = 1 ]
check "events 30,000 rows: the runs as written" jq -e '
  .events == 30000 and (.runs | length) == 5000 and
  ([.runs[] | .completed] | unique) == [false] and
  ([.runs[] | .errors[0].codes[0]] | unique) == ["0x800706BA"] and
  ([.runs[] | .last_step.id] | unique) == [65] and
  .runs[0].account == "CONTOSO\\alice" and .findings[0].id == "events.run-incomplete"' "$WIN_TMP/big.json" >/dev/null
# the same events as CSV, event XML and .evtx: one analysis
ev=$WIN_SRC/tests/inputs/events
gold=$WIN_SRC/tests/golden/events.evtx-scenario.json
for f in evtx-scenario.csv evtx-scenario.xml evtx-scenario.rendered.xml; do
  wine "$exe" events "$(winpath "$ev/$f")" --json >"$WIN_TMP/out" 2>"$WIN_TMP/err"
  rc=$?
  tr -d '\r' <"$WIN_TMP/out" >"$WIN_TMP/out.lf"
  check "events $f: exit $rc, expected 1" [ "$rc" = 1 ]
  check "events $f: the analysis of the CSV" cmp -s "$WIN_TMP/out.lf" "$gold"
done
# Wine's EvtQuery answers NULL with error 0: refused in one line, exit 2
wine "$exe" events "$(winpath "$ev/evtx-scenario.evtx")" --json >"$WIN_TMP/out" 2>"$WIN_TMP/err"
rc=$?
check "events .evtx with Wine's wevtapi: exit $rc, expected 2" [ "$rc" = 2 ]
check "events .evtx with Wine's wevtapi: one line naming the file" \
  bash -c "[ \"\$(wc -l <'$WIN_TMP/err')\" = 1 ] && grep -q 'evtx-scenario.evtx: this system cannot open .evtx files (EvtQuery failed, error 0)' '$WIN_TMP/err'"
# with the stand-in wevtapi.dll, whose log holds the events of evtx-scenario.xml
mockdir=$WIN_TMP/mockevt
mkdir -p "$mockdir"
cp "$exe" "$mockdir/enrolldoc.exe"
x86_64-w64-mingw32-gcc -std=c11 -O2 -Wall -Wextra -Werror -shared -o "$mockdir/wevtapi.dll" \
  "$WIN_SRC/tests/windows/fixtures/mockwevtapi.c" "$WIN_SRC/tests/windows/fixtures/mockwevtapi.def"
(
  export WINEDLLOVERRIDES="$WINEDLLOVERRIDES;wevtapi=n" MOCKEVT_XML="$(winpath "$ev/evtx-scenario.xml")"
  wine "$mockdir/enrolldoc.exe" events "$(winpath "$ev/evtx-scenario.evtx")" --json >"$WIN_TMP/mock.out" 2>"$WIN_TMP/mock.err"
  echo $? >"$WIN_TMP/mock.rc"
  wine "$mockdir/enrolldoc.exe" events - --json <"$ev/evtx-scenario.evtx" >"$WIN_TMP/mockin.out" 2>&1
)
tr -d '\r' <"$WIN_TMP/mock.out" >"$WIN_TMP/mock.lf"
tr -d '\r' <"$WIN_TMP/mockin.out" >"$WIN_TMP/mockin.lf"
check "events .evtx through EvtQuery (stand-in): exit $(cat "$WIN_TMP/mock.rc"), expected 1; $(head -c 200 "$WIN_TMP/mock.err")" \
  [ "$(cat "$WIN_TMP/mock.rc")" = 1 ]
check "events .evtx through EvtQuery (stand-in): the analysis of the CSV" cmp -s "$WIN_TMP/mock.lf" "$gold"
check "events .evtx from standard input (a temporary file for EvtQuery): the same" cmp -s "$WIN_TMP/mockin.lf" "$gold"

linux="$WIN_SRC/build/enrolldoc"
if [ -x "$linux" ]; then
  "$linux" events "$WIN_TMP/big.csv" --json >"$WIN_TMP/big.linux" 2>/dev/null
  check "events 30,000 rows: the same document as the Linux build" cmp -s "$WIN_TMP/big.json" "$WIN_TMP/big.linux"
fi
finish
