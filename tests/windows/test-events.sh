#!/usr/bin/env bash
# test-events.sh: `enrolldoc.exe events` under Wine: the CSV inputs of
# tests/inputs/events/ give exactly the golden JSON of the Linux build, and
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
linux="$WIN_SRC/build/enrolldoc"
if [ -x "$linux" ]; then
  "$linux" events "$WIN_TMP/big.csv" --json >"$WIN_TMP/big.linux" 2>/dev/null
  check "events 30,000 rows: the same document as the Linux build" cmp -s "$WIN_TMP/big.json" "$WIN_TMP/big.linux"
fi
finish
