# shellcheck shell=bash
# lib.sh: what the Wine test scripts of tests/windows/ share. Sourced as
#   . "$(dirname "$0")/lib.sh" "$@"      (arguments: [BUILD_DIR])
# Sets WIN_BUILD (default ./build-windows), WIN_SRC, WIN_SHARED, WIN_TMP and a
# private Wine setup: WINEPREFIX ($WIN_BUILD/wineprefix unless
# ENROLLDOC_WINEPREFIX says otherwise; created on first use), no debug
# output, no Mono/Gecko prompts, no display (no window can ever open). On
# exit, always: this prefix's wineserver is stopped (wineserver -k), the
# private tmux server (if any) is killed, scratch files go.
#   pass WHAT / fail WHAT     count by hand
#   check WHAT CMD...         a pass when CMD succeeds
#   winpath UNIX_PATH         the path as Windows sees it (Z:\...)
#   finish                    prints "N passed, M failed"; exits 1 on failure
set -u

WIN_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WIN_BUILD=${1:-$WIN_SRC/build-windows}
WIN_BUILD=$(cd "$WIN_BUILD" && pwd)
WIN_SHARED=$(cd "${ENROLLDOC_SHARED_DIR:-$WIN_SRC/../shared}" 2>/dev/null && pwd || true)
WIN_NAME=$(basename "$0" .sh)
WIN_PASS=0
WIN_FAIL=0
WIN_TMUX=""

for tool in wine wineserver jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$WIN_NAME: $tool is needed" >&2; exit 1; }
done
[ -f "$WIN_BUILD/enrolldoc.exe" ] || { echo "$WIN_NAME: no $WIN_BUILD/enrolldoc.exe (run tests/windows/build.sh)" >&2; exit 1; }

export WINEPREFIX=${ENROLLDOC_WINEPREFIX:-$WIN_BUILD/wineprefix}
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree=;mshtml="
export DISPLAY=
unset WAYLAND_DISPLAY TMUX TMUX_PANE
# English UI language for Wine (the golden files), UTF-8 for the terminal
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES LC_CTYPE

WIN_TMP=$(mktemp -d "${TMPDIR:-/tmp}/enrolldoc-wine.XXXXXX")
win_cleanup() {
  [ -n "$WIN_TMUX" ] && tmux -L "$WIN_TMUX" kill-server >/dev/null 2>&1
  wineserver -k >/dev/null 2>&1
  rm -rf "$WIN_TMP"
}
trap win_cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -f "$WINEPREFIX/system.reg" ]; then
  t0=$(date +%s%N)
  mkdir -p "$WINEPREFIX"
  wineboot -i >"$WIN_TMP/wineboot.log" 2>&1 || { cat "$WIN_TMP/wineboot.log" >&2; exit 1; }
  wineserver -w
  echo "$WIN_NAME: created the Wine prefix $WINEPREFIX in $((($(date +%s%N) - t0) / 1000000)) ms"
fi

pass() { WIN_PASS=$((WIN_PASS + 1)); }
fail() { WIN_FAIL=$((WIN_FAIL + 1)); echo "FAIL $WIN_NAME: $*"; }
check() {
  local what=$1; shift
  if "$@"; then pass; else fail "$what"; fi
}
winpath() { winepath -w "$1" 2>/dev/null; }
finish() {
  echo "$WIN_NAME: $WIN_PASS passed, $WIN_FAIL failed"
  [ "$WIN_FAIL" = 0 ]
  exit $?
}
