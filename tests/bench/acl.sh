#!/usr/bin/env bash
# Benchmark: the permission checks on a large security descriptor. Writes a
# bundle (the shared healthy scenario) whose template's descriptor has NACES
# ACEs (default 5,000: allows and denies for groups the account does not
# hold, Enroll and AutoEnroll for two of its groups near the end) and whose
# account has NGROUPS groups (default 5,000, the same in the token and in the
# directory), then runs `enrolldoc diagnose --bundle big.json --json`. The
# reference, measured in the same run, is `python3 -c 'json.load'` on the
# same file (merely parsing it). Prints the medians of RUNS runs each and the
# ratio enrolldoc / python (printed, never asserted).
# Usage: bash tests/bench/acl.sh [BINARY]      (NACES=N, NGROUPS=N, RUNS=N)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/enrolldoc}
RUNS=${RUNS:-7}
NACES=${NACES:-5000}
NGROUPS=${NGROUPS:-5000}
. tests/bench/timing.sh
bench_prepare "$bin"
base="$SHARED/scenarios/healthy.json"

python3 - "$base" "$TMP/big.json" "$NACES" "$NGROUPS" <<'PY'
import json, sys
base, out, naces, ngroups = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
enroll, auto = "0e10c968-78fb-11d2-90d4-00c04f79dc55", "a05b8cc2-17bc-4802-a710-e7c15ab866a2"
b = json.load(open(base))
ctx = b.get("context", "user")
ident = b["facts"]["identity"][ctx]
dom = ident["sid"].rsplit("-", 1)[0]
groups = ["%s-%d" % (dom, 100000 + g) for g in range(ngroups)]
ident["token_groups"] = groups
ident["directory_groups"] = groups
aces = []
for i in range(naces - 2):
    kind = "OD" if i % 5 == 0 else "OA"          # not held: RIDs 200000 and up
    guid = enroll if i % 2 else auto
    aces.append("(%s;;CR;%s;;%s-%d)" % (kind, guid, dom, 200000 + i))
aces.append("(OA;;CR;%s;;%s)" % (enroll, groups[-1]))
aces.append("(OA;;CR;%s;;%s)" % (auto, groups[len(groups) // 2]))
tmpl = b.get("template")
for t in b["facts"]["templates"]:
    if t["name"] == tmpl:
        t["sddl"] = "O:EAG:EAD:PAI" + "".join(aces)
json.dump(b, open(out, "w"), indent=1)
PY
echo "bundle: $(du -h "$TMP/big.json" | cut -f1), $NACES ACEs, $NGROUPS groups"

run=("$bin" diagnose --bundle "$TMP/big.json" --json)
"${run[@]}" >/dev/null 2>"$TMP/err" || [ $? -eq 1 ] || { cat "$TMP/err"; exit 1; }
ours=$(median_ns "$RUNS" "${run[@]}")
ref=$(median_ns "$RUNS" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/big.json")
report "enrolldoc diagnose --json" "$ours" "python3 json.load" "$ref"
