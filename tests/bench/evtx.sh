#!/usr/bin/env bash
# Benchmark: `enrolldoc events FILE.evtx --json` on a large Application log
# (tests/tools/make_evtx.py big: foreign providers' records with a run of the
# certificate services' now and then, about SIZE_MB megabytes), against
# `evtxexport FILE.evtx` (libevtx-utils: the same library reading and
# rendering every record) on the same file, measured in the same run. enrolldoc
# reads each record's provider first and renders only its own providers'
# records. Prints the medians of RUNS runs each and the ratio enrolldoc /
# evtxexport (the goal is below 1; printed, never asserted).
# Usage: bash tests/bench/evtx.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/enrolldoc}
RUNS=${RUNS:-5}
SIZE_MB=${SIZE_MB:-100}
command -v python3 >/dev/null || { echo "python3 is needed to write the input"; exit 2; }
command -v evtxexport >/dev/null || { echo "evtxexport (libevtx-utils) is needed as the reference"; exit 2; }
[ -x "$bin" ] || bash tests/bootstrap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 tests/tools/make_evtx.py big "$tmp/Application.evtx" "$SIZE_MB"
echo "input: $(du -h "$tmp/Application.evtx" | cut -f1), .evtx written by tests/tools/make_evtx.py"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ns() {
  local s e
  s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
  echo $((e - s))
}
"$bin" events "$tmp/Application.evtx" --json >/dev/null || [ $? -eq 1 ]
ours=$(for _ in $(seq "$RUNS"); do time_ns "$bin" events "$tmp/Application.evtx" --json; done | median)
ref=$(for _ in $(seq "$RUNS"); do time_ns evtxexport "$tmp/Application.evtx"; done | median)
awk -v o="$ours" -v r="$ref" 'BEGIN {
  printf "enrolldoc events --json:  %.1f ms (median)\n", o / 1e6
  printf "evtxexport:               %.1f ms (median)\n", r / 1e6
  printf "ratio: %.2f (goal: below 1)\n", o / r }'
