#!/usr/bin/env bash
# Benchmark: the time `enrolldoc collect` spends in the local probes under
# Wine, Wine's own start excluded (collect reports it when
# ENROLLDOC_BENCH_PROBES=1), on the seeded prefix of the probe tests; as the
# reference measured in the same run, the start of `wine enrolldoc.exe
# --version`. Medians of RUNS runs (default 7). Goal: probes under 300 ms.
# Usage: bash tests/bench/collect.sh [WINDOWS_BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-build-windows}
[ -x "$dir/enrolldoc.exe" ] || bash tests/windows/build.sh "$dir"
out=$(BENCH_RUNS=${RUNS:-7} bash tests/windows/test-probes.sh "$dir" 2>&1 | grep '^BENCH' | sed 's/^BENCH //')
echo "$out"
probes=$(echo "$out" | grep -o 'probes_ms=[0-9]*' | grep -o '[0-9]*$')
start=$(echo "$out" | grep -o 'wine_start_ms=[0-9]*' | grep -o '[0-9]*$')
awk -v p="$probes" -v s="$start" 'BEGIN {
  printf "local probes in collect: %d ms (median), goal under 300 ms: %s\n", p, (p < 300 ? "PASS" : "over")
  printf "wine start of enrolldoc.exe --version: %d ms; ratio probes / wine start: %.2f\n", s, p / s }'
