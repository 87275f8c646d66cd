#!/usr/bin/env bash
# Benchmark: `enrolldoc fleet DIR --json` on FLEET_N generated bundles
# (default 10,000, about 50 KB each, in four sub-folders; see
# tests/bench/gen_fleet.py: every finding represented, distinct hosts, some
# collected several times, some with both contexts, 30 days of collections).
# First a correctness check (it fails the script): the exit status is 0 or 1,
# every file was read, the client count equals the number of distinct host
# and context in the set (read from the files here), every finding of
# doc/findings.md is in the summary, and each client reports the finding of
# the scenario its latest bundle was made from. Then the medians of RUNS
# runs each of the fleet run and of the reference `jq -s length` over the
# same files (one jq process parsing every file), their ratio (goal below 1)
# and the fleet run's peak memory (max RSS; goal below 200 MB). The goals
# are printed, never asserted.
# Usage: bash tests/bench/fleet.sh [--check-only] [BINARY]   (FLEET_N=N, RUNS=N)
#   --check-only   generate and check, no timings (the test cli.fleet_bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
check_only=0
if [ "${1:-}" = --check-only ]; then
  check_only=1
  shift
fi
bin=${1:-build/enrolldoc}
RUNS=${RUNS:-5}
FLEET_N=${FLEET_N:-10000}
. tests/bench/timing.sh
bench_prepare "$bin"
command -v jq >/dev/null || { echo "jq is needed as the reference"; exit 2; }
dir=$TMP/fleet

t0=$(date +%s%N)
python3 tests/bench/gen_fleet.py "$dir" "$FLEET_N" --manifest "$TMP/manifest.json" >"$TMP/gen.json"
t1=$(date +%s%N)
jq -r --arg s "$(du -sm "$dir" | cut -f1)" --arg t "$(( (t1 - t0) / 1000000 ))" \
  '"set: \(.files) bundles, \(.clients) clients, \(.findings | length) scenarios, \($s) MB (\(.bytes) bytes), generated in \($t | tonumber / 1000) s"' \
  "$TMP/gen.json"

# ---- correctness ----
rc=0
"$bin" fleet "$dir" --json >"$TMP/out.json" 2>"$TMP/err" || rc=$?
if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
  echo "FAIL: enrolldoc fleet exited $rc: $(head -5 "$TMP/err")"
  exit 1
fi
python3 - "$dir" "$TMP/out.json" "$TMP/manifest.json" doc/findings.md <<'PY'
import json, os, re, sys
folder, out, manifest, findings_md = sys.argv[1:]
doc = json.load(open(out))
expect = json.load(open(manifest))
ids = re.findall(r"^\| `([a-z]+\.[a-z-]+)` \| (?:error|warning|info) \|", open(findings_md).read(), re.M)
files, clients = 0, set()
for root, _, names in os.walk(folder):
    for n in names:
        b = json.load(open(os.path.join(root, n), encoding="utf-8"))
        clients.add((b["meta"]["host"].lower(), b["context"]))
        files += 1
bad = []
if doc["files"] != files or doc["files_unread"] != 0:
    bad.append("read %d files (%d unread), the set has %d" % (doc["files"], doc["files_unread"], files))
if doc["clients_total"] != len(clients) or len(doc["clients"]) != len(clients):
    bad.append("%d clients, the set has %d distinct host+context" % (doc["clients_total"], len(clients)))
have = {f["id"] for f in doc["findings"]}
missing = [i for i in ids if i not in have]
if not ids or missing:
    bad.append("findings missing from the summary: %s" % (", ".join(missing) or "(doc/findings.md lists none)"))
wrong = []
for c in doc["clients"]:
    want = expect.get("%s/%s" % (c["host"].lower(), c["context"]))
    if want not in {f["id"] for f in c["findings"]}:
        wrong.append("%s/%s: want %s" % (c["host"], c["context"], want))
if wrong:
    bad.append("%d clients without the finding of their latest bundle (%s)" % (len(wrong), "; ".join(wrong[:3])))
if bad:
    print("FAIL: " + "\nFAIL: ".join(bad))
    sys.exit(1)
print("check: %d files read, %d clients = distinct host+context in the set" % (files, len(clients)))
print("check: every finding of doc/findings.md (%d) is in the summary" % len(ids))
print("check: each client reports the finding of its latest bundle")
PY
[ "$check_only" = 1 ] && exit 0

# ---- timings ----
ours=$(median_ns "$RUNS" "$bin" fleet "$dir" --json)
# the reference: one jq parsing every file, named as arguments (relative to
# the set, to keep the command line short); a set too large for one command
# line goes through one pipe instead (cat's time included)
cd "$dir"
files=(site-*/*.json)
if [ "$(printf '%s ' "${files[@]}" | wc -c)" -lt $(( $(getconf ARG_MAX) / 2 )) ]; then
  ref_label="jq -s length"
  ref=$(median_ns "$RUNS" jq -s length "${files[@]}")
else
  ref_label="cat | jq -s length"
  ref=$(median_ns "$RUNS" sh -c 'find . -name "*.json" -exec cat {} + | jq -s length')
fi
cd - >/dev/null
report "enrolldoc fleet --json" "$ours" "$ref_label" "$ref" "(goal below 1)"
kb=$(python3 - "$bin" fleet "$dir" --json <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)
awk -v k="$kb" 'BEGIN { printf "peak memory: %.1f MB (goal below 200)\n", k / 1024 }'
