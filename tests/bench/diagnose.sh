#!/usr/bin/env bash
# Benchmark: `enrolldoc diagnose --json` on a bundle with 50,000 events and
# 2,000 certificates (per store), against `python3 -c 'import json;
# json.load(open(F))'` on the same file, measured in the same run. Prints the
# medians of RUNS runs each and the ratio (enrolldoc / python; below 1.0 means
# faster than merely parsing the file in Python).
# Usage: bash tests/bench/diagnose.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/enrolldoc}
RUNS=${RUNS:-7}
command -v python3 >/dev/null || { echo "python3 is needed as the reference"; exit 2; }
[ -x "$bin" ] || bash tests/bootstrap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 tests/bench/gen_bundle.py "$tmp/big.json"
echo "bundle: $(du -h "$tmp/big.json" | cut -f1), 50000 events, 2000 certificates per store"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ns() {
  local s e
  s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
  echo $((e - s))
}
"$bin" diagnose --bundle "$tmp/big.json" --json >/dev/null || [ $? -eq 1 ]
ours=$(for _ in $(seq "$RUNS"); do time_ns "$bin" diagnose --bundle "$tmp/big.json" --json; done | median)
ref=$(for _ in $(seq "$RUNS"); do time_ns python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/big.json"; done | median)
awk -v o="$ours" -v r="$ref" 'BEGIN {
  printf "enrolldoc diagnose --json: %.1f ms (median)\n", o / 1e6
  printf "python3 json.load:         %.1f ms (median)\n", r / 1e6
  printf "ratio: %.2f\n", o / r }'
