#!/usr/bin/env bash
# fleet_bench.sh: the fleet benchmark does not rot. tests/bench/fleet.sh
# --check-only on a small generated set (60 bundles from the .fire
# scenarios, in the script's own temporary folder): every file read, one
# client per distinct host and context, every finding of doc/findings.md in
# the summary, each client with the finding of its latest bundle. No timings.
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); src=$(cd "$2" && pwd)
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export ENROLLDOC_SHARED_DIR=$3 LC_ALL=C LANG=C
NAME=fleet_bench
. "$src/tests/cli/lib/common.sh"

FLEET_N=60 bash "$src/tests/bench/fleet.sh" --check-only "$bin" >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
[ "$rc" = 0 ] && ok || no "fleet.sh --check-only exited $rc"
has "$tmp/out" "check: 60 files read" && ok || no "not every file read"
has "$tmp/out" "check: every finding of doc/findings.md" && ok || no "a finding is missing"
has "$tmp/out" "check: each client reports the finding of its latest bundle" && ok || no "latest bundles"

echo "fleet_bench: $pass passed, $fail failed"
[ "$fail" = 0 ]
