#!/usr/bin/env bash
# malformed.sh: enrolldoc must refuse every malformed input cleanly.
# Usage: bash malformed.sh BINARY SOURCE_DIR SHARED_DIR
#
# For each input: exit status exactly 2, nothing on stdout, exactly one line
# on stderr that begins with "enrolldoc: " and names the file (and, for JSON
# syntax errors, line:column; for type errors, the JSON path); finished
# within 10 s and not killed by a signal. Bundle cases run in English and in
# German. MALFORMED_VERBOSE=1 shows every line checked. Inputs are made here in a temporary folder, except those that
# cannot be made reproducibly in bash (tests/inputs/).
set -u

if [ $# -ne 3 ]; then
    echo "usage: bash malformed.sh BINARY SOURCE_DIR SHARED_DIR" >&2
    exit 2
fi
BIN=$1
SRC=$2
SHARED=$3
HEALTHY=$SHARED/scenarios/healthy.json
INPUTS=$SRC/tests/inputs

for f in "$BIN" "$HEALTHY" "$INPUTS/random.bin"; do
    if [ ! -e "$f" ]; then
        echo "malformed.sh: missing $f" >&2
        exit 1
    fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/enrolldoc-malformed.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

export LC_ALL=C
passed=0
failed=0
failures=()

fail() {
    failed=$((failed + 1))
    failures+=("$1: $2")
    printf 'FAIL %s: %s\n' "$1" "$2"
}

# run_case NAME PATTERN... -- ARGS...
# Runs the binary with ARGS; the single stderr line must match every PATTERN
# (extended regular expressions; an empty one matches anything).
run_case() {
    local name=$1
    shift
    local patterns=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        patterns+=("$1")
        shift
    done
    shift
    local out=$TMP/stdout err=$TMP/stderr rc
    timeout 10 "$BIN" "$@" >"$out" 2>"$err" </dev/null
    rc=$?
    local bad=""
    if [ "$rc" -eq 124 ]; then
        bad="did not finish within 10 s"
    elif [ "$rc" -ge 128 ]; then
        bad="killed by signal $((rc - 128))"
    elif [ "$rc" -ne 2 ]; then
        bad="exit status $rc, expected 2"
    fi
    if [ -z "$bad" ] && [ -s "$out" ]; then
        bad="stdout not empty: $(head -c 200 "$out" | tr '\n' ' ')"
    fi
    if [ -z "$bad" ]; then
        local lines
        lines=$(wc -l <"$err")
        if [ "$lines" -ne 1 ] || [ "$(tail -c 1 "$err" | od -An -c | tr -d ' ')" != '\n' ]; then
            bad="stderr is not exactly one line: $(head -c 300 "$err" | tr '\n' '|')"
        fi
    fi
    if [ -z "$bad" ]; then
        local line pat
        line=$(cat "$err")
        case $line in
        "enrolldoc: "*) ;;
        *) bad="stderr does not begin with \"enrolldoc: \": $line" ;;
        esac
        for pat in "${patterns[@]}"; do
            if [ -z "$bad" ] && ! printf '%s\n' "$line" | grep -Eq -- "$pat"; then
                bad="stderr does not match /$pat/: $line"
            fi
        done
    fi
    if [ -n "$bad" ]; then
        fail "$name" "$bad"
    else
        passed=$((passed + 1))
        if [ -n "${MALFORMED_VERBOSE:-}" ]; then
            printf 'ok   %s: %s\n' "$name" "$(cat "$err")"
        fi
    fi
}

# Escapes a string for use inside an extended regular expression.
re_quote() {
    printf '%s' "$1" | sed 's/[][\.*^$+?(){}|/]/\\&/g'
}

# bundle_case NAME FILE PATTERN: diagnose on FILE in both languages; the
# line must name the file and match PATTERN.
bundle_case() {
    local name=$1 file=$2 pattern=$3 qf lang
    qf=$(re_quote "$file")
    for lang in en de; do
        run_case "$name [$lang]" "$qf" "$pattern" -- diagnose --bundle "$file" --json --lang "$lang"
    done
}

# syntax_case NAME FILE LINE COL: a JSON syntax error at exactly LINE:COL.
syntax_case() {
    local qf
    qf=$(re_quote "$2")
    bundle_case "$1" "$2" "${qf}:$3:$4([^0-9]|\$)"
}

# path_case NAME FILE PATH: a type or value error naming the JSON PATH.
path_case() {
    local qp
    qp=$(re_quote "$3")
    bundle_case "$1" "$2" "(^|[^A-Za-z0-9_.])${qp}([^A-Za-z0-9_.[]|\$)"
}

mk() { # mk NAME CONTENT -> path of a new file holding CONTENT (printf %s)
    printf '%s' "$2" >"$TMP/$1"
    printf '%s' "$TMP/$1"
}

HEAD='{"format": "enrolldoc-bundle/1", '

# ---- encoding and syntax ------------------------------------------------

f=$(mk empty.json '')
bundle_case empty "$f" ""

f=$(mk blank.json $'  \n\t\r\n   \n')
bundle_case whitespace "$f" ""

# healthy.json cut short: the text ends in the middle of a value, and the
# place named is the end of the text (the file is ASCII, so columns are bytes)
size=$(wc -c <"$HEALTHY")
for part in 2 3 7; do
    f=$TMP/truncated-$part.json
    head -c $((size / part)) "$HEALTHY" >"$f"
    el=$(($(tr -dc '\n' <"$f" | wc -c) + 1))
    text=$(cat "$f"; printf x)
    text=${text%x}
    last=${text##*$'\n'} # what follows the last newline (maybe nothing)
    syntax_case "truncated to 1/$part" "$f" "$el" $((${#last} + 1))
done

# trailing comma, small: at its '}'
f=$(mk comma-small.json '{"format": "enrolldoc-bundle/1",}')
syntax_case "trailing comma (one line)" "$f" 1 "$(awk '{ print index($0, "}") }' "$f")"

# trailing comma in a real file (ends with a newline): after "runas": false
f=$TMP/comma.json
sed 's/"runas": false$/"runas": false,/' "$HEALTHY" >"$f"
cl=$(grep -n '"runas": false,$' "$f" | cut -d: -f1)
if [ -z "$cl" ]; then
    fail "trailing comma" "could not make the input from healthy.json"
else
    bl=$((cl + 1))
    bc=$(sed -n "${bl}p" "$f" | awk '{ print index($0, "}") }')
    syntax_case "trailing comma (healthy.json)" "$f" "$bl" "$bc"
fi

# a missing comma between two members, several lines down
f=$(mk missing-comma.json $'{\n  "format": "enrolldoc-bundle/1",\n  "context": "user"\n  "template": "X"\n}\n')
syntax_case "missing comma" "$f" 4 3

f=$(mk array.json '[{"format": "enrolldoc-bundle/1"}]')
bundle_case "top-level array" "$f" ""

f=$(mk string.json '"enrolldoc-bundle/1"')
bundle_case "top-level string" "$f" ""

# UTF-16 (what Windows PowerShell 5.1 writes with > and Out-File) is no
# malformed input: decoded, it gives the diagnosis of the UTF-8 file
"$BIN" diagnose --bundle "$HEALTHY" --json >"$TMP/utf8.out" 2>/dev/null
for form in "LE with BOM:UTF-16LE:\xff\xfe" "BE with BOM:UTF-16BE:\xfe\xff" "LE without BOM:UTF-16LE:" \
            "BE without BOM:UTF-16BE:"; do
    IFS=: read -r what enc mark <<<"$form"
    f=$TMP/utf16.json
    { printf "$mark"; iconv -f UTF-8 -t "$enc" "$HEALTHY"; } >"$f"
    timeout 10 "$BIN" diagnose --bundle "$f" --json >"$TMP/utf16.out" 2>"$TMP/utf16.err"
    rc=$?
    if [ "$rc" = 0 ] && cmp -s "$TMP/utf8.out" "$TMP/utf16.out"; then
        passed=$((passed + 1))
    else
        fail "UTF-16 $what" "exit $rc, or not the diagnosis of the UTF-8 file: $(head -c 200 "$TMP/utf16.err")"
    fi
    rm -f "$f"
done
# a UTF-16 bundle with a syntax error: line and column in its characters
f=$TMP/utf16-bad.json
{ printf '\xff\xfe'; printf '{\n  "format": "enrolldoc-bundle/1",\n  x\n}\n' | iconv -f UTF-8 -t UTF-16LE; } >"$f"
syntax_case "UTF-16 LE, syntax error" "$f" 3 3

f=$TMP/latin1.json
printf '{"format": "enrolldoc-bundle/1",\n "meta": {"title": "M\xfcller"}}\n' >"$f"
syntax_case "Latin-1 byte" "$f" 2 22

f=$TMP/nul.json
printf '{"format": "enrolldoc-bundle/1",\n "context": "us\0er"}\n' >"$f"
syntax_case "NUL byte" "$f" 2 16

bundle_case "random bytes" "$INPUTS/random.bin" ""

# 100,000 levels: reported at the first bracket beyond 256 levels
prefix='{"format": "enrolldoc-bundle/1", "facts": {"x": '
f=$TMP/deep.json
{ printf '%s' "$prefix"; head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; printf '}}\n'; } >"$f"
# two '{' already open: the 255th '[' is level 257
syntax_case "nesting 100000 deep" "$f" 1 $((${#prefix} + 255))

f=$TMP/deep-open.json
{ printf '%s' "$prefix"; head -c 100000 /dev/zero | tr '\0' '['; } >"$f"
syntax_case "nesting 100000 deep, unclosed" "$f" 1 $((${#prefix} + 255))

# ---- types and values ---------------------------------------------------

f=$(mk t-aepolicy.json "$HEAD"'"facts": {"aepolicy": {"user": "7"}}}')
path_case "aepolicy.user string" "$f" facts.aepolicy.user

f=$TMP/t-aepolicy-healthy.json
sed '0,/"user": 7,/s//"user": "0x7",/' "$HEALTHY" >"$f"
path_case "aepolicy.user string (healthy.json)" "$f" facts.aepolicy.user

f=$(mk t-exists.json "$HEAD"'"facts": {"tasks": {"user": {"exists": 1}}}}')
path_case "tasks.user.exists number" "$f" facts.tasks.user.exists

f=$(mk t-templates.json "$HEAD"'"facts": {"templates": {"name": "ContosoUser"}}}')
path_case "templates not an array" "$f" facts.templates

f=$(mk t-templates-str.json "$HEAD"'"facts": {"templates": ["ContosoUser"]}}')
path_case "templates item not an object" "$f" 'facts.templates[0]'

f=$(mk t-notafter.json "$HEAD"'"facts": {"certificates": {"user": [{"thumbprint": "AB12"}, {"not_after": "yesterday"}]}}}')
path_case "not_after yesterday" "$f" 'facts.certificates.user[1].not_after'

f=$(mk t-code.json "$HEAD"'"facts": {"ca_ping": [{"config": "ca01\\CA", "ok": false, "error": "banana"}]}}')
path_case "error code banana" "$f" 'facts.ca_ping[0].error'

f=$(mk t-code-task.json "$HEAD"'"facts": {"tasks": {"machine": {"exists": true, "last_result": "banana"}}}}')
path_case "last_result banana" "$f" facts.tasks.machine.last_result

f=$(mk t-sid.json "$HEAD"'"facts": {"identity": {"user": {"name": "CONTOSO\\alice", "sid": "alice"}}}}')
path_case "SID alice" "$f" facts.identity.user.sid

f=$(mk t-sid-group.json "$HEAD"'"facts": {"identity": {"user": {"token_groups": ["S-1-1-0", "alice"]}}}}')
path_case "group SID alice" "$f" 'facts.identity.user.token_groups[1]'

f=$(mk t-sddl.json "$HEAD"'"facts": {"templates": [{"name": "ContosoUser", "sddl": "D:(A;;ZZ;;;WD"}]}}')
path_case "broken SDDL" "$f" 'facts.templates[0].sddl'

f=$(mk t-sddl-ca.json "$HEAD"'"facts": {"cas": [{"name": "CA"}, {"name": "CA2", "sddl": "O:BAG:DUD:(OA;;CR;not-a-guid;;AU)"}]}}')
path_case "broken SDDL in a CA" "$f" 'facts.cas[1].sddl'

f=$(mk t-context.json "$HEAD"'"context": "banana"}')
path_case "context banana" "$f" context

f=$(mk t-format.json '{"format": "enrolldoc-bundle/2", "facts": {}}')
bundle_case "wrong format" "$f" ""

f=$(mk t-format-num.json '{"format": 1}')
bundle_case "format a number" "$f" ""

f=$(mk t-noformat.json '{"facts": {"loglevel": 4}}')
bundle_case "no format" "$f" ""

f=$(mk t-dup.json "$HEAD"'"facts": {"loglevel": 4, "loglevel": 2}}')
path_case "duplicate key" "$f" facts

f=$(mk t-dup-top.json "$HEAD"'"context": "user", "context": "machine"}')
bundle_case "duplicate key at the top" "$f" ""

# ---- files that are not there or not files ------------------------------

bundle_case "missing file" "$TMP/does-not-exist.json" ""
mkdir "$TMP/a-directory.json"
bundle_case "directory" "$TMP/a-directory.json" ""

# ---- the command line -----------------------------------------------------

run_case "unknown option" "" -- --no-such-option
run_case "unknown option after diagnose" "" -- diagnose --bundle "$HEALTHY" --no-such-option
run_case "unknown command" "" -- frobnicate
run_case "explain garbage" "" -- explain garbage
run_case "explain garbage --json" "" -- explain 0xZZZZ --json
run_case "explain without argument" "" -- explain
run_case "explain with two codes" "" -- explain 0x800706BA 1722
run_case "--context banana" "banana" -- diagnose --bundle "$HEALTHY" --context banana --json
run_case "--lang xx" "xx" -- diagnose --bundle "$HEALTHY" --lang xx --json
run_case "--bundle without a value" "" -- diagnose --bundle

total=$((passed + failed))
if [ "$failed" -eq 0 ]; then
    echo "$passed passed, 0 failed"
    exit 0
fi
echo
echo "Failures:"
for x in "${failures[@]}"; do
    echo "  $x"
done
echo "$passed passed, $failed failed (of $total)"
exit 1
