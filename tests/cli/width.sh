#!/usr/bin/env bash
# width.sh: text output is wrapped to the terminal's width when standard
# output is a terminal (here a pty of 120 and of 30 columns, made by script(1)
# and stty), and to 80 columns through a pipe; the actions' command lines
# stand whole on lines of their own.
# Usage: bash width.sh BINARY SOURCE_DIR SHARED_DIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); src=$(cd "$2" && pwd); shared=$3
for c in script python3; do
  command -v $c >/dev/null 2>&1 || { echo "width.sh: $c is needed" >&2; exit 1; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/enrolldoc-width.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 LANG=C.UTF-8 COLUMNS=300
pass=0; fail=0
ok() { pass=$((pass+1)); }
no() { echo "FAIL $*"; fail=$((fail+1)); }

# The widest line of FILE in characters (UTF-8), carriage returns aside.
widest() { python3 -c 'import sys; print(max((len(x.rstrip("\r\n")) for x in open(sys.argv[1], encoding="utf-8")), default=0))' "$1"; }

demo=$src/checks/demo.json
scenario=$shared/scenarios/aepolicy-enroll-off.json

# in a pty of COLS columns: diagnose BUNDLE --lang LANG into FILE
in_pty() { # cols bundle lang file
  script -qec "stty cols $1 rows 40; '$bin' diagnose --bundle '$2' --lang $3" /dev/null >"$4" 2>&1
  tr -d '\r' <"$4" >"$4.txt"
}

for lang in en de; do
  in_pty 120 "$demo" $lang "$tmp/pty120.$lang"
  w=$(widest "$tmp/pty120.$lang.txt")
  if [ "$w" -gt 80 ] && [ "$w" -le 120 ]; then ok; else no "pty 120 ($lang): widest line $w"; fi

  "$bin" diagnose --bundle "$demo" --lang $lang >"$tmp/pipe.$lang" 2>/dev/null
  w=$(widest "$tmp/pipe.$lang")
  if [ "$w" -gt 78 ] && [ "$w" -le 80 ]; then ok; else no "pipe ($lang): widest line $w (COLUMNS must not count)"; fi

  # the same words either way: only the line breaks differ
  if [ "$(tr -s ' \n' '  ' <"$tmp/pty120.$lang.txt")" = "$(tr -s ' \n' '  ' <"$tmp/pipe.$lang")" ]; then ok
  else no "pty 120 and pipe ($lang) differ in more than line breaks"; fi
done

# a narrow terminal is held to 40 columns; the command line stays whole
in_pty 30 "$scenario" en "$tmp/pty30"
if grep -qx '        gpupdate /force /target:user' "$tmp/pty30.txt"; then ok; else no "pty 30: command line broken"; fi
# (a single word longer than the line, a registry path, stands alone)
grep -v '^        gpupdate' "$tmp/pty30.txt" | grep '[^ ] [^ ]' >"$tmp/pty30.prose"
w=$(widest "$tmp/pty30.prose")
if [ "$w" -gt 30 ] && [ "$w" -le 40 ]; then ok; else no "pty 30: widest line $w, expected 31..40"; fi

# explain and events follow the terminal too
script -qec "stty cols 120 rows 40; '$bin' explain 0x80094012 --lang en" /dev/null | tr -d '\r' >"$tmp/explain"
w=$(widest "$tmp/explain")
if [ "$w" -gt 80 ] && [ "$w" -le 120 ]; then ok; else no "explain in pty 120: widest line $w"; fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
