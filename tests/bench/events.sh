#!/usr/bin/env bash
# Benchmark: `enrolldoc events FILE --json` on 100,000 rows of an events
# export as Export-Csv -Encoding Unicode writes it (UTF-16 LE with BOM, every
# field quoted, CRLF, multi-line messages, German culture), against
# `iconv -f UTF-16 -t UTF-8 FILE | wc -l` on the same file (merely converting
# and counting it), measured in the same run. Prints the medians of RUNS runs
# each and the ratio enrolldoc / iconv (the goal is below 2; printed, never
# asserted).
# Usage: bash tests/bench/events.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/bench/timing.sh
bin=${1:-build/enrolldoc}
RUNS=${RUNS:-7}
ROWS=${ROWS:-100000}
command -v python3 >/dev/null || { echo "python3 is needed to write the input"; exit 2; }
command -v iconv >/dev/null || { echo "iconv is needed as the reference"; exit 2; }
[ -x "$bin" ] || bash tests/bootstrap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp/events.csv" "$ROWS" <<'PY'
import sys
path, rows = sys.argv[1], int(sys.argv[2])
seq = [
    (2, "Die automatische Zertifikatregistrierung für CONTOSO\\alice wurde gestartet."),
    (4, "Die automatische Zertifikatregistrierung für CONTOSO\\alice hat die Registrierungs-API aufgerufen."),
    (1, "Der Zertifikatdiensteclient wurde erfolgreich gestartet."),
    (3, "Der Zertifikatdiensteclient hat eine Netzwerkverbindung erkannt."),
    (65, "Die Zertifikatregistrierung für CONTOSO\\alice wurde vom Richtlinienserver {3A0B6C0E-1F5D-4C7A-9E2B-5D8F0A1C2B3D}\r\n"
         "mit dem Authentifizierungsmechanismus Kerberos authentifiziert (Anmeldeinformationen: \"\")."),
    (6, "Die automatische Zertifikatregistrierung für CONTOSO\\alice ist fehlgeschlagen (0x800706ba)\r\n"
        "Der RPC-Server ist nicht verfügbar."),
]
out = ['"TimeCreated","Id","LevelDisplayName","Message"']
for i in range(rows):
    t = rows - i            # newest first, as Sort-Object -Descending leaves it
    eid, msg = seq[t % len(seq)]
    s = t // 2
    when = "%02d.%02d.2026 %02d:%02d:%02d" % (1 + s // 86400 % 28, 1 + s // (86400 * 28) % 12,
                                            s // 3600 % 24, s // 60 % 60, s % 60)
    lvl = "Fehler" if eid == 6 else "Informationen"
    out.append('"%s","%d","%s","%s"' % (when, eid, lvl, msg.replace('"', '""')))
with open(path, "wb") as f:
    f.write(b"\xff\xfe" + ("\r\n".join(out) + "\r\n").encode("utf-16-le"))
PY
echo "input: $(du -h "$tmp/events.csv" | cut -f1), $ROWS rows, UTF-16 LE with BOM"

"$bin" events "$tmp/events.csv" --json >/dev/null || [ $? -eq 1 ]
ours=$(median_ns "$RUNS" "$bin" events "$tmp/events.csv" --json)
ref=$(median_ns "$RUNS" sh -c 'iconv -f UTF-16 -t UTF-8 "$1" | wc -l' sh "$tmp/events.csv")
report "enrolldoc events --json" "$ours" "iconv | wc -l" "$ref" "(goal: below 2)"
