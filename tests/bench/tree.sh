#!/usr/bin/env bash
# Benchmark: loading and validating a large decision tree. Writes a valid
# tree of NODES nodes (default 40,000; a binary tree of question, info and
# conclusion nodes) and the two catalogs it needs (the built-in ones plus a
# title and a body per node), then runs `enrolldoc diagnose --bundle
# healthy.json --tree big.json --catalogs DIR --json`: the start node asks a
# question no fact answers, so the walk stops at once and the run is the
# load and validation of the three files. The reference, measured in the same
# run, is `python3 -c 'json.load'` on the same three files and the bundle
# (merely parsing them). Prints the medians of RUNS runs each and the ratio
# enrolldoc / python (printed, never asserted).
# Usage: bash tests/bench/tree.sh [BINARY]      (NODES=N, RUNS=N to change)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/enrolldoc}
RUNS=${RUNS:-7}
NODES=${NODES:-40000}
. tests/bench/timing.sh
bench_prepare "$bin"
mkdir "$TMP/locale"
python3 - "$TMP" "$NODES" <<'PY'
import json, sys
out, n = sys.argv[1], int(sys.argv[2])
ids = ["bench.%06d" % i for i in range(n)]
nodes = []
for i in range(n):
    kids = [ids[k] for k in (2 * i + 1, 2 * i + 2) if k < n]
    nd = {"id": ids[i], "branch": "-"}
    if len(kids) == 2:
        nd.update(kind="question", question="bench",
                  choices=[{"id": "c%d" % c, "next": k} for c, k in enumerate(kids)])
    elif kids:
        nd.update(kind="info", next=kids[0])
    else:
        nd.update(kind="conclusion")
    nodes.append(nd)
json.dump({"format": "enrolldoc-tree/1", "start": ids[0], "nodes": nodes},
          open(out + "/big.json", "w"), indent=1)
for lang in ("de", "en"):
    cat = json.load(open("locale/%s.json" % lang))
    msgs = cat["messages"]
    msgs["question.bench.text"] = "Bench?"
    msgs["question.bench.c0"] = "left"
    msgs["question.bench.c1"] = "right"
    for i in ids:
        msgs["node.%s.title" % i] = "Node %s" % i
        msgs["node.%s.body" % i] = "Body of node %s." % i
    json.dump(cat, open("%s/locale/%s.json" % (out, lang), "w"), ensure_ascii=False, indent=1)
PY
bundle="$SHARED/scenarios/healthy.json"
echo "tree: $(du -h "$TMP/big.json" | cut -f1), $NODES nodes; catalogs: $(du -ch "$TMP"/locale/*.json | tail -1 | cut -f1)"

run=("$bin" diagnose --bundle "$bundle" --tree "$TMP/big.json" --catalogs "$TMP/locale" --json)
"${run[@]}" >/dev/null 2>"$TMP/err" || [ $? -eq 1 ] || { cat "$TMP/err"; exit 1; }
ours=$(median_ns "$RUNS" "${run[@]}")
ref=$(median_ns "$RUNS" python3 -c 'import json,sys; [json.load(open(f)) for f in sys.argv[1:]]' \
  "$TMP/big.json" "$TMP/locale/de.json" "$TMP/locale/en.json" "$bundle")
report "enrolldoc diagnose --tree" "$ours" "python3 json.load (same files)" "$ref"
