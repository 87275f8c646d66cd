# shellcheck shell=bash
# common.sh: what the command-line test scripts share. Sourced after the
# script has set NAME (its name in FAIL lines), pass=0, fail=0, src (the
# source folder) and tmp (its scratch folder):
#   ok / no WHAT            count a pass / a failure (printed "FAIL NAME: WHAT")
#   check WHAT CMD...       a pass when CMD succeeds
#   msg LANG KEY            a catalog text
#   has FILE TEXT           TEXT is in FILE (fixed string)
#   same GOLDEN FILE        FILE equals tests/golden/GOLDEN (UPDATE_GOLDEN=1 rewrites it)
ok() { pass=$((pass + 1)); }
no() { echo "FAIL $NAME: $*"; fail=$((fail + 1)); }
check() { local what=$1; shift; if "$@"; then ok; else no "$what"; fi; }
msg() { jq -er --arg k "$2" '.messages[$k]' "$src/locale/$1.json"; }
has() { grep -qF -- "$2" "$1"; }
same() {
  [ "${UPDATE_GOLDEN:-}" = 1 ] && cp "$2" "$src/tests/golden/$1"
  if diff -u "$src/tests/golden/$1" "$2" >"$tmp/diff" 2>&1; then ok; else no "$1 differs"; head -30 "$tmp/diff"; fi
}
