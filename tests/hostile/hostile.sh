#!/usr/bin/env bash
# hostile.sh: what a careless or hostile file system, file or terminal does
# to enrolldoc, and what enrolldoc must do back: refuse at once with exit
# status 2 and one line on stderr that names the file, or do the right thing;
# never hang, crash, write through a link or over a file, or pass a control
# character from the data to the terminal.
# Usage: bash hostile.sh BINARY SOURCE_DIR SHARED_DIR
#
# Each case runs under a bound measured here, not assumed: at most
# HOSTILE_SECONDS (10) of wall time and HOSTILE_MB (600) of peak memory,
# measured by GNU time. In the sanitizer build (CTest runs this suite there
# too) any AddressSanitizer or UndefinedBehaviorSanitizer report fails the case.
# Classes the fuzzers cannot reach: FIFOs, devices, folders, sockets, links,
# existing reports, a 1 GiB sparse file, unbounded standard input, escape
# sequences in every text field of a bundle, duplicate names, contradictory
# facts, repeated options, catalogs for the wrong language, a 100,000-node tree.
set -u

if [ $# -ne 3 ]; then
    echo "usage: bash hostile.sh BINARY SOURCE_DIR SHARED_DIR" >&2
    exit 2
fi
BIN=$1
SRC=$2
SHARED=$3
HEALTHY=$SHARED/scenarios/healthy.json
SECONDS_MAX=${HOSTILE_SECONDS:-10}
MB_MAX=${HOSTILE_MB:-600}
for tool in /usr/bin/time jq python3 timeout; do
    if [ ! -x "$tool" ] && ! command -v "$tool" >/dev/null; then
        echo "hostile.sh: $tool is needed (Debian: time, jq, python3, coreutils)" >&2
        exit 2
    fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/enrolldoc-hostile.XXXXXX") || exit 1
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT
export LC_ALL=C.UTF-8
unset LANG LC_MESSAGES
export XDG_STATE_HOME=$TMP/state
passed=0
failed=0

fail() {
    failed=$((failed + 1))
    printf 'FAIL %s: %s\n' "$1" "$2"
}

# run NAME STDIN -- ARGS...: runs the binary with ARGS and STDIN (a file),
# bounded; sets rc, out, err (files) and checks time, memory and sanitizers.
# Returns 1 (after reporting) when a bound was broken.
run() {
    local name=$1 input=$2
    shift 3
    out=$TMP/out err=$TMP/err
    local meas=$TMP/meas
    /usr/bin/time -o "$meas" -f '%e %M' timeout -k 2 "$SECONDS_MAX" "$BIN" "$@" <"$input" >"$out" 2>"$err"
    rc=$?
    local secs kb
    read -r secs kb < <(tail -n 1 "$meas")
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        fail "$name" "did not finish within ${SECONDS_MAX} s"
        return 1
    fi
    if grep -qE 'Sanitizer|runtime error:' "$err"; then
        fail "$name" "sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error:' "$err")"
        return 1
    fi
    if [ "$rc" -ge 128 ]; then
        fail "$name" "killed by signal $((rc - 128))"
        return 1
    fi
    if [ -n "$kb" ] && [ "$kb" -gt $((MB_MAX * 1024)) ]; then
        fail "$name" "peak memory $((kb / 1024)) MB > $MB_MAX MB"
        return 1
    fi
    if awk -v s="$secs" -v m="$SECONDS_MAX" 'BEGIN { exit !(s > m) }'; then
        fail "$name" "took $secs s > $SECONDS_MAX s"
        return 1
    fi
    return 0
}

# refused NAME FILE-IN-MESSAGE STDIN -- ARGS...: status 2, nothing on stdout,
# exactly one line on stderr, naming the file.
refused() {
    local name=$1 file=$2 input=$3
    shift 4
    run "$name" "$input" -- "$@" || return
    local lines
    lines=$(wc -l <"$err")
    if [ "$rc" -ne 2 ]; then
        fail "$name" "exit status $rc, expected 2 ($(head -c 200 "$err"))"
    elif [ -s "$out" ]; then
        fail "$name" "wrote to stdout: $(head -c 120 "$out")"
    elif [ "$lines" -ne 1 ]; then
        fail "$name" "$lines lines on stderr, expected 1: $(head -c 300 "$err")"
    elif ! grep -qF -- "$file" "$err"; then
        fail "$name" "the line does not name $file: $(cat "$err")"
    elif ! grep -q '^enrolldoc: ' "$err"; then
        fail "$name" "the line does not begin with 'enrolldoc: ': $(cat "$err")"
    else
        passed=$((passed + 1))
    fi
}

# loaded NAME: the last run read its input (status 0 or 1).
loaded() {
    if [ "$rc" -gt 1 ]; then
        fail "$1" "status $rc: $(head -c 300 "$err")"
        return 1
    fi
}

# no_raw_controls NAME FILE: FILE holds no ESC, BEL, other C0 control but
# tab and line feed, DEL, or C1 control (UTF-8 C2 80..C2 9F).
no_raw_controls() {
    if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$2"; then
        fail "$1" "a raw control character reached the output: $(LC_ALL=C grep -aoP '.{0,20}[\x00-\x08\x0b-\x1f\x7f].{0,10}' "$2" | head -1 | od -c | head -2 | tr -s ' ' | tr '\n' ' ')"
    else
        passed=$((passed + 1))
    fi
}

NULLIN=/dev/null

# ---- not files --------------------------------------------------------------
mkfifo "$TMP/fifo"
refused fifo.bundle "$TMP/fifo" $NULLIN -- diagnose --bundle "$TMP/fifo"
refused fifo.events "$TMP/fifo" $NULLIN -- events "$TMP/fifo"
refused fifo.tree "$TMP/fifo" $NULLIN -- diagnose --bundle "$HEALTHY" --tree "$TMP/fifo"
refused fifo.train "$TMP/fifo" $NULLIN -- train "$TMP/fifo"
refused fifo.wizard "$TMP/fifo" $NULLIN -- --bundle "$TMP/fifo"
mkdir -p "$TMP/cat-fifo"
mkfifo "$TMP/cat-fifo/de.json" "$TMP/cat-fifo/en.json"
refused fifo.catalogs "$TMP/cat-fifo/" $NULLIN -- --catalogs "$TMP/cat-fifo" --version
# a FIFO that a writer keeps open and never finishes: still refused at once
sleep 60 >"$TMP/fifo" &
pids+=($!)
refused fifo.writer "$TMP/fifo" $NULLIN -- diagnose --bundle "$TMP/fifo"
refused device.zero /dev/zero $NULLIN -- diagnose --bundle /dev/zero
refused device.events /dev/zero $NULLIN -- events /dev/zero
refused device.null /dev/null $NULLIN -- events /dev/null
refused folder.bundle "$TMP" $NULLIN -- diagnose --bundle "$TMP"
refused folder.events "$TMP" $NULLIN -- events "$TMP"
refused folder.tree "$TMP" $NULLIN -- diagnose --bundle "$HEALTHY" --tree "$TMP"
refused folder.catalogs "$TMP/nothere" $NULLIN -- --catalogs "$TMP/nothere" --version
if python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$TMP/sock" 2>/dev/null; then
    refused socket.bundle "$TMP/sock" $NULLIN -- diagnose --bundle "$TMP/sock"
fi
ln -s "$TMP/fifo" "$TMP/link-fifo"
ln -s /dev/zero "$TMP/link-zero"
refused link.fifo "$TMP/link-fifo" $NULLIN -- diagnose --bundle "$TMP/link-fifo"
refused link.device "$TMP/link-zero" $NULLIN -- events "$TMP/link-zero"

# ---- too large ----------------------------------------------------------------
truncate -s 1G "$TMP/sparse.json"
refused sparse.bundle "$TMP/sparse.json" $NULLIN -- diagnose --bundle "$TMP/sparse.json"
refused sparse.events "$TMP/sparse.json" $NULLIN -- events "$TMP/sparse.json"
truncate -s 1G "$TMP/sparse.csv"
refused sparse.stdin - "$TMP/sparse.csv" -- events -
refused zero.stdin - /dev/zero -- diagnose --bundle -

# ---- writes never destroy -----------------------------------------------------
cp "$HEALTHY" "$TMP/h.json"
echo "precious" >"$TMP/existing.md"
refused report.existing "$TMP/existing.md" $NULLIN -- diagnose --bundle "$TMP/h.json" --report "$TMP/existing.md"
if [ "$(cat "$TMP/existing.md")" != "precious" ]; then
    fail report.existing "the existing file was changed"
fi
echo "precious" >"$TMP/target"
ln -s "$TMP/target" "$TMP/link.md"
refused report.link "$TMP/link.md" $NULLIN -- diagnose --bundle "$TMP/h.json" --report "$TMP/link.md"
ln -s "$TMP/nowhere" "$TMP/dangling.md"
refused report.dangling "$TMP/dangling.md" $NULLIN -- diagnose --bundle "$TMP/h.json" --report "$TMP/dangling.md"
if [ "$(cat "$TMP/target")" != "precious" ] || [ -e "$TMP/nowhere" ]; then
    fail report.link "a file was written through a link"
else
    passed=$((passed + 1))
fi
if run report.new $NULLIN -- diagnose --bundle "$TMP/h.json" --report "$TMP/new.md"; then
    if [ "$rc" -ne 0 ] || [ "$(stat -c %a "$TMP/new.md" 2>/dev/null)" != 600 ]; then
        fail report.new "status $rc, mode $(stat -c %a "$TMP/new.md" 2>/dev/null), expected 0 and 600"
    else
        passed=$((passed + 1))
    fi
fi
mkdir "$TMP/ro"
chmod 500 "$TMP/ro"
if [ ! -w "$TMP/ro" ]; then # root writes anywhere: then this case says nothing
    refused report.readonly "$TMP/ro/r.md" $NULLIN -- diagnose --bundle "$TMP/h.json" --report "$TMP/ro/r.md"
fi

# ---- data that would steer the terminal -------------------------------------
ESC=$(printf '\033')
jq --arg e "${ESC}]0;pwned$(printf '\007')${ESC}[2J$(printf '\302\233')31m" '
  walk(if type == "string" and (test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T") | not) and
          (test("^(0x|S-1-|enrolldoc-|user$|machine$|ready$|running$|error$|warning$|information$|none$|O:|D:)") | not)
       then . + $e else . end)' "$HEALTHY" >"$TMP/esc.json"
if ! jq -e . "$TMP/esc.json" >/dev/null 2>&1; then
    fail escape.bundle "the bundle with escape sequences could not be made"
else
    for lang in en de; do
        run "escape.diagnose.$lang" $NULLIN -- --lang $lang diagnose --bundle "$TMP/esc.json" &&
            loaded "escape.diagnose.$lang" && no_raw_controls "escape.diagnose.$lang" "$out"
        run "escape.events.$lang" $NULLIN -- --lang $lang events "$TMP/esc.json" &&
            loaded "escape.events.$lang" && no_raw_controls "escape.events.$lang" "$out"
        rm -f "$TMP/esc-$lang.md"
        run "escape.report.$lang" $NULLIN -- --lang $lang diagnose --bundle "$TMP/esc.json" --report "$TMP/esc-$lang.md" &&
            loaded "escape.report.$lang" && no_raw_controls "escape.report.$lang" "$TMP/esc-$lang.md"
    done
    run escape.json $NULLIN -- diagnose --bundle "$TMP/esc.json" --json
    if jq -e . "$out" >/dev/null; then passed=$((passed + 1)); else fail escape.json "not JSON"; fi
fi
run escape.explain $NULLIN -- explain "${ESC}[31mred"
no_raw_controls escape.explain "$err"
refused escape.filename "$TMP/a" $NULLIN -- diagnose --bundle "$TMP/a${ESC}]0;x$(printf '\007')"
no_raw_controls escape.filename "$err"

# ---- verdicts that do not depend on order or luck -----------------------------
jq '.facts.templates += [.facts.templates[0] | .name |= ascii_upcase]' "$HEALTHY" >"$TMP/dup.json"
refused duplicate.templates "$TMP/dup.json" $NULLIN -- diagnose --bundle "$TMP/dup.json"
grep -q 'facts.templates\[0\].name' "$err" && grep -q 'facts.templates\[[1-9][0-9]*\].name' "$err" ||
    fail duplicate.templates "both paths are not named: $(cat "$err")"
refused duplicate.events "$TMP/dup.json" $NULLIN -- events "$TMP/dup.json"
refused repeated.bundle "--bundle" $NULLIN -- diagnose --bundle "$HEALTHY" --bundle "$HEALTHY"
refused repeated.report "--report" $NULLIN -- diagnose --bundle "$HEALTHY" --report a.md --report b.md
refused repeated.lang "--lang" $NULLIN -- --lang de --lang=en diagnose --bundle "$HEALTHY"
jq '.facts.tasks.user.exists = false | .facts.tasks.user.state = "running"
    | .facts.session.domain_joined = false | .facts.session.dc_reachable = true' "$HEALTHY" >"$TMP/contra.json"
if run contradiction $NULLIN -- diagnose --bundle "$TMP/contra.json" --json; then
    if [ "$(jq '[.notes[] | select(.id == "facts.contradiction")] | length' "$out")" = 2 ]; then
        passed=$((passed + 1))
    else
        fail contradiction "the contradictions are not named: $(jq -c .notes "$out")"
    fi
fi
mkdir -p "$TMP/swapped"
cp "$SRC/locale/en.json" "$TMP/swapped/de.json"
cp "$SRC/locale/de.json" "$TMP/swapped/en.json"
refused catalogs.swapped "$TMP/swapped/" $NULLIN -- --catalogs "$TMP/swapped" --version
if grep -qE 'error\.|catalog\.reason' "$err"; then
    fail catalogs.swapped "an internal key reached the user: $(cat "$err")"
fi

# ---- a tree of 100,000 nodes: validated in linear time --------------------------
python3 - "$SRC/checks/tree.json" "$TMP/big-tree.json" <<'PY'
import json, sys
tree = json.load(open(sys.argv[1], encoding="utf-8"))
nodes = tree["nodes"]
# 100,000 nodes: the real ones, then a chain of copies of the first info node
# under new ids that nothing reaches, the last of which repeats an id
info = next(n for n in nodes if n["kind"] == "info")
extra = []
for i in range(100000 - len(nodes)):
    n = dict(info)
    n["id"] = "x%06d" % i
    extra.append(n)
extra[-1]["id"] = extra[0]["id"]
tree["nodes"] = nodes + extra
json.dump(tree, open(sys.argv[2], "w"))
PY
refused tree.100k "$TMP/big-tree.json" $NULLIN -- diagnose --bundle "$HEALTHY" --tree "$TMP/big-tree.json"

echo "hostile: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
