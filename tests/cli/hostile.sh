#!/usr/bin/env bash
# hostile.sh: text from data never reaches a terminal raw. A bundle whose
# every text field carries an OSC title sequence, a clear-screen sequence, a
# C1 CSI (U+009B) and a bidi override (U+202E) goes through diagnose (text,
# Markdown and HTML reports), events and explain, and a file name with ESC
# through an error line: no ESC, BEL, C1 or bidi override comes out raw, and
# the visible form "\u001b" does. --json keeps the data exact (escaped by JSON).
# Usage: bash hostile.sh BINARY SOURCE_DIR SHARED_DIR
set -u
BIN=$1
SHARED=$3
command -v jq >/dev/null 2>&1 || { echo "hostile.sh: jq is needed" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/enrolldoc-hostile.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C
passed=0
failed=0

P=$'\e]0;pwned\a\e[2J\xc2\x9b\xe2\x80\xae'
jq --arg p "$P" '
  walk(if type == "string" then
         gsub("ContosoUser"; "ContosoUser" + $p) | gsub("alice"; "alice" + $p)
         | gsub("Contoso Issuing CA 1"; "Contoso Issuing CA 1" + $p)
       else . end)
  | .meta.host += $p | .meta.title += $p | .meta.os += $p
  | .facts.events |= map(.message += $p)' \
  "$SHARED/scenarios/ca-unreachable.json" >"$TMP/hostile.json" || exit 1

# raw FILE WHAT: FILE holds nothing a terminal would obey, and the visible form.
raw() {
    if grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$1" || grep -q $'\xc2[\x80-\x9f]' "$1" ||
       grep -q $'\xe2\x80[\xaa-\xae]' "$1"; then
        failed=$((failed + 1)); echo "FAIL: $2: raw control characters" >&2
        grep -n $'[\x01-\x08\x0b-\x1f\x7f]\|\xc2[\x80-\x9f]' "$1" | head -3 | cat -v >&2
    elif ! grep -qF '\u001b' "$1"; then
        failed=$((failed + 1)); echo "FAIL: $2: no visible form \\u001b" >&2
    else
        passed=$((passed + 1))
    fi
}

for lang in en de; do
    "$BIN" diagnose --bundle "$TMP/hostile.json" --lang $lang >"$TMP/out" 2>&1
    raw "$TMP/out" "diagnose text ($lang)"
    "$BIN" diagnose --bundle "$TMP/hostile.json" --lang $lang --report "$TMP/r.md" >/dev/null 2>&1
    raw "$TMP/r.md" "report md ($lang)"
    "$BIN" diagnose --bundle "$TMP/hostile.json" --lang $lang --report "$TMP/r.html" >/dev/null 2>&1
    raw "$TMP/r.html" "report html ($lang)"
    rm -f "$TMP/r.md" "$TMP/r.html"
    "$BIN" events "$TMP/hostile.json" --lang $lang >"$TMP/out" 2>&1
    raw "$TMP/out" "events text ($lang)"
    "$BIN" explain $'\e[31m\e]0;pwned\a' --lang $lang >"$TMP/out" 2>&1
    raw "$TMP/out" "explain echo ($lang)"
    "$BIN" diagnose --bundle "$TMP/"$'x\e]0;pwned\a\xc2\x9b.json' --lang $lang >"$TMP/out" 2>&1
    raw "$TMP/out" "error line with a file name ($lang)"
done

# JSON keeps the data exact: the escape as JSON writes it, and it decodes
# back to the very bytes of the bundle.
"$BIN" diagnose --bundle "$TMP/hostile.json" --json >"$TMP/out.json" 2>/dev/null
if grep -q $'[\x01-\x1f]' "$TMP/out.json" ||
   [ "$(jq -r '.findings[0].evidence.config' "$TMP/out.json")" != "ca01.contoso.com\\Contoso Issuing CA 1$P" ]; then
    failed=$((failed + 1)); echo "FAIL: diagnose --json does not keep the data exact" >&2
else
    passed=$((passed + 1))
fi

echo "hostile.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
