#!/usr/bin/env bash
# Benchmark: `enrolldoc diagnose --json` on a bundle with 50,000 events and
# 2,000 certificates (per store), against `python3 -c 'import json;
# json.load(open(F))'` on the same file, measured in the same run. Prints the
# medians of RUNS runs each and the ratio (enrolldoc / python; below 1.0 means
# faster than merely parsing the file in Python).
# Usage: bash tests/bench/diagnose.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/bench/timing.sh
bin=${1:-build/enrolldoc}
RUNS=${RUNS:-7}
command -v python3 >/dev/null || { echo "python3 is needed as the reference"; exit 2; }
[ -x "$bin" ] || bash tests/bootstrap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 tests/bench/gen_bundle.py "$tmp/big.json"
echo "bundle: $(du -h "$tmp/big.json" | cut -f1), 50000 events, 2000 certificates per store"

"$bin" diagnose --bundle "$tmp/big.json" --json >/dev/null || [ $? -eq 1 ]
ours=$(median_ns "$RUNS" "$bin" diagnose --bundle "$tmp/big.json" --json)
ref=$(median_ns "$RUNS" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/big.json")
report "enrolldoc diagnose --json" "$ours" "python3 json.load" "$ref"
