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
. tests/bench/timing.sh
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

"$bin" events "$tmp/Application.evtx" --json >/dev/null || [ $? -eq 1 ]
ours=$(median_ns "$RUNS" "$bin" events "$tmp/Application.evtx" --json)
ref=$(median_ns "$RUNS" evtxexport "$tmp/Application.evtx")
report "enrolldoc events --json" "$ours" "evtxexport" "$ref" "(goal: below 1)"
