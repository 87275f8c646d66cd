# shellcheck shell=bash
# lib.sh: helpers for the end-to-end tests of the wizard in tmux.
#
# A test script sources this file with its three arguments:
#   bash tests/e2e/NAME.sh BINARY SOURCE_DIR SHARED_DIR
#   . "$(dirname "$0")/lib.sh" "$@"
#
# Every script gets its own tmux server (tmux -L <unique socket>, an empty
# config), so parallel runs and the developer's own tmux are never touched;
# the server and the scratch directory are removed on exit, always.
#
#   start [-s WxH] [-e VAR=VALUE]... -- ARGS...
#       starts `BINARY ARGS...` in a fresh session (the previous one is
#       killed) with LANG=C.UTF-8, a private XDG_STATE_HOME ($E2E_STATE),
#       TERM as tmux sets it, remain-on-exit on (so the exit status can be read)
#   send KEYS...           tmux send-keys (key names: Enter, BSpace, Up, ...)
#   send_lit TEXT          the characters of TEXT, literally
#   screen                 the pane as text (capture-pane)
#   wait_for TEXT [SECS]   polls the pane (~50 ms) until TEXT is shown; counts
#                          a pass, or a failure printing the pane (default 5 s)
#   wait_gone TEXT [SECS]  the same, until TEXT is no longer shown
#   wait_exit [SECS]       waits for the program to end; prints its exit status
#   app_pid                the program's process id
#   read_mark / wait_consumed MARK NBYTES
#                          the program has read NBYTES more bytes of input and
#                          waits for more (for keys that change nothing visible)
#   assert_screen_has TEXT [WHAT] / assert_screen_lacks TEXT [WHAT]
#                          checks the pane as it is now
#   check WHAT CMD...      runs CMD; a pass if it succeeds, else a failure
#   pass WHAT / fail WHAT  count by hand
#   finish                 prints "N passed, M failed"; exits 1 on any failure
#   title LANG FINDING_ID  the finding's title from locale/LANG.json
#   msg LANG KEY           any catalog text
#   all_pages              the whole text pane, paging down with Space while
#                          the pane shows its "more below" mark
set -u

E2E_BIN=${1:?usage: $0 BINARY SOURCE_DIR SHARED_DIR}
E2E_SRC=${2:?usage: $0 BINARY SOURCE_DIR SHARED_DIR}
E2E_SHARED=${3:?usage: $0 BINARY SOURCE_DIR SHARED_DIR}
case $E2E_BIN in /*) ;; *) E2E_BIN=$(pwd)/$E2E_BIN ;; esac

E2E_NAME=$(basename "$0" .sh)
E2E_PASS=0
E2E_FAIL=0
E2E_TIMEOUT=${E2E_TIMEOUT:-5}
E2E_SIZE=${E2E_SIZE:-100x30}   # the size of every session unless start -s says otherwise
E2E_COLS=${E2E_SIZE%x*}
E2E_ROWS=${E2E_SIZE#*x}
E2E_STATE=
E2E_SESSION=w

export LANG=C.UTF-8
unset LC_ALL LC_CTYPE LC_MESSAGES TMUX TMUX_PANE

for tool in tmux jq; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$E2E_NAME: $tool is needed (apt-get install $tool)" >&2
    exit 1
  fi
done
if [ ! -x "$E2E_BIN" ]; then
  echo "$E2E_NAME: no binary at $E2E_BIN" >&2
  exit 1
fi

E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/enrolldoc-e2e.XXXXXX")
E2E_SOCK="enrolldoc-e2e-$E2E_NAME-$$-$RANDOM"
cat >"$E2E_TMP/tmux.conf" <<'EOF'
set -g status off
set -g remain-on-exit on
set -g history-limit 2000
set -g escape-time 0
set -g default-terminal screen
set -g default-shell /bin/sh
EOF

e2e_cleanup() {
  tmux -L "$E2E_SOCK" kill-server >/dev/null 2>&1
  # tmux leaves its socket file behind
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$E2E_SOCK"
  rm -rf "$E2E_TMP"
}
trap e2e_cleanup EXIT
trap 'exit 130' INT TERM

tmx() {
  tmux -L "$E2E_SOCK" -f "$E2E_TMP/tmux.conf" "$@"
}

# ---- counting ----

pass() {
  E2E_PASS=$((E2E_PASS + 1))
  [ -n "${E2E_VERBOSE:-}" ] && echo "ok   $*"
  return 0
}

fail() {
  E2E_FAIL=$((E2E_FAIL + 1))
  echo "FAIL [$E2E_NAME] $*"
  return 1
}

# Prints the pane framed, for a failure report.
show_pane() {
  echo "---- pane (${E2E_COLS}x${E2E_ROWS}) ----"
  screen | sed 's/^/|/'
  echo "---- end of pane ----"
}

check() {
  local what=$1
  shift
  if "$@" >/dev/null; then pass "$what"; else fail "$what"; fi
}

finish() {
  echo "$E2E_NAME: $E2E_PASS passed, $E2E_FAIL failed"
  [ "$E2E_FAIL" -eq 0 ] && [ "$E2E_PASS" -gt 0 ]
  exit $?
}

# ---- the session ----

start() {
  local size=$E2E_SIZE envs=()
  while [ $# -gt 0 ]; do
    case $1 in
      -s) size=$2; shift 2 ;;
      -e) envs+=("$2"); shift 2 ;;
      --) shift; break ;;
      *) break ;;
    esac
  done
  E2E_COLS=${size%x*}
  E2E_ROWS=${size#*x}
  tmx kill-session -t "$E2E_SESSION" >/dev/null 2>&1
  E2E_STATE=$(mktemp -d "$E2E_TMP/state.XXXXXX")
  E2E_PIDFILE=$E2E_STATE.pid
  E2E_STATUSFILE=$E2E_STATE.status
  # The command line for the pane's shell: a child shell notes its pid and
  # becomes the program (exec), the pane's shell notes the exit status
  # (tmux's own #{pane_dead_status} is not always filled in).
  local argv=(env -u LC_ALL -u LC_CTYPE -u LC_MESSAGES -u NO_COLOR LANG=C.UTF-8
              "XDG_STATE_HOME=$E2E_STATE" "${envs[@]}" "$E2E_BIN" "$@")
  local cmd x
  cmd="sh -c 'echo \$\$ >\"\$0\"; exec \"\$@\"' $(printf '%q' "$E2E_PIDFILE")"
  for x in "${argv[@]}"; do cmd+=" $(printf '%q' "$x")"; done
  cmd+="; echo \$? >$(printf '%q' "$E2E_STATUSFILE")"
  tmx new-session -d -s "$E2E_SESSION" -x "$E2E_COLS" -y "$E2E_ROWS" "$cmd"
}

send() {
  tmx send-keys -t "$E2E_SESSION" "$@"
}

send_lit() {
  tmx send-keys -t "$E2E_SESSION" -l "$1"
}

screen() {
  tmx capture-pane -p -t "$E2E_SESSION" 2>/dev/null
}

resize() {
  E2E_COLS=$1
  E2E_ROWS=$2
  tmx resize-window -t "$E2E_SESSION" -x "$1" -y "$2"
}

pane_dead() {
  [ "$(tmx display-message -p -t "$E2E_SESSION" '#{pane_dead}' 2>/dev/null)" = 1 ]
}

# Current time in milliseconds.
e2e_ms() {
  local t
  t=$(date +%s%N)
  echo $((t / 1000000))
}

# wait_for TEXT [SECS]: polls until TEXT (fixed string) is on the pane.
wait_for() {
  local text=$1 secs=${2:-$E2E_TIMEOUT} end
  end=$(($(e2e_ms) + ${secs%.*} * 1000))
  while :; do
    if screen | grep -qF -- "$text"; then
      pass "screen shows '$text'"
      return 0
    fi
    if [ "$(e2e_ms)" -ge "$end" ]; then
      fail "waited ${secs}s for '$text'"
      show_pane
      return 1
    fi
    sleep 0.05
  done
}

# wait_gone TEXT [SECS]: polls until TEXT is no longer on the pane.
wait_gone() {
  local text=$1 secs=${2:-$E2E_TIMEOUT} end
  end=$(($(e2e_ms) + ${secs%.*} * 1000))
  while :; do
    if ! screen | grep -qF -- "$text"; then
      pass "screen no longer shows '$text'"
      return 0
    fi
    if [ "$(e2e_ms)" -ge "$end" ]; then
      fail "waited ${secs}s for '$text' to go away"
      show_pane
      return 1
    fi
    sleep 0.05
  done
}

# app_pid: the program's process id.
app_pid() {
  local end
  end=$(($(e2e_ms) + E2E_TIMEOUT * 1000))
  while [ ! -s "$E2E_PIDFILE" ]; do
    [ "$(e2e_ms)" -ge "$end" ] && return 1
    sleep 0.05
  done
  cat "$E2E_PIDFILE"
}

# wait_exit [SECS]: waits until the program has ended; prints its exit
# status on stdout (128+N when killed by signal N). Returns 1 (without
# counting) when it is still running at the deadline.
wait_exit() {
  local secs=${1:-$E2E_TIMEOUT} end
  end=$(($(e2e_ms) + ${secs%.*} * 1000))
  while [ ! -s "$E2E_STATUSFILE" ]; do
    [ "$(e2e_ms)" -ge "$end" ] && return 1
    sleep 0.05
  done
  cat "$E2E_STATUSFILE"
}

# Reading keys that leave the screen as it is (e.g. while the window is too
# small) needs another sign that the program has taken them:
#   m=$(read_mark); send ...; wait_consumed "$m" NBYTES
# waits until the program has read NBYTES more bytes (/proc/PID/io rchar)
# and sleeps again (waiting for the next key). Counts nothing itself;
# returns 1 at the deadline.
read_mark() {
  local pid
  pid=$(app_pid) || return 1
  awk '/^rchar:/ { print $2 }' "/proc/$pid/io"
}

wait_consumed() {
  local base=$1 n=$2 secs=${3:-$E2E_TIMEOUT} pid end now st
  pid=$(app_pid) || return 1
  end=$(($(e2e_ms) + ${secs%.*} * 1000))
  while :; do
    now=$(awk '/^rchar:/ { print $2 }' "/proc/$pid/io" 2>/dev/null) || return 1
    st=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
    if [ -n "$now" ] && [ "$now" -ge $((base + n)) ] && [ "$st" = S ]; then
      return 0
    fi
    [ "$(e2e_ms)" -ge "$end" ] && return 1
    sleep 0.05
  done
}

assert_screen_has() {
  local text=$1 what=${2:-screen shows '$1'}
  if screen | grep -qF -- "$text"; then
    pass "$what"
  else
    fail "$what: '$text' not on the screen"
    show_pane
    return 1
  fi
}

assert_screen_lacks() {
  local text=$1 what=${2:-screen does not show '$1'}
  if screen | grep -qF -- "$text"; then
    fail "$what: '$text' is on the screen"
    show_pane
    return 1
  else
    pass "$what"
  fi
}

# ---- texts ----

# msg LANG KEY: a catalog text (exactly as in locale/LANG.json).
msg() {
  jq -er --arg k "$2" '.messages[$k]' "$E2E_SRC/locale/$1.json"
}

# scenario_title LANG ID: the title of built-in training scenario ID in LANG
scenario_title() {
  jq -er --arg l "$1" '.meta.title | if type == "object" then .[$l] else . end' \
    "$E2E_SRC/checks/training/$2.json"
}

title() {
  msg "$1" "finding.$2.title"
}

# ---- reading long panes ----

# True when the text pane shows its "more below" mark: a 'v' in the
# second-to-last column (text never reaches it) of a row above the key bar.
has_more() {
  screen | head -n $((E2E_ROWS - 2)) | awk -v c="$E2E_COLS" '
    length($0) == c - 1 && substr($0, c - 1, 1) == "v" { found = 1 }
    END { exit !found }'
}

# all_pages: prints every page of the text pane (the screen, then Space
# until the end), leaving the pane at its end.
all_pages() {
  local prev cur i end
  cur=$(screen)
  printf '%s\n' "$cur"
  for i in $(seq 1 40); do
    has_more || return 0
    prev=$cur
    send Space
    end=$(($(e2e_ms) + E2E_TIMEOUT * 1000))
    while cur=$(screen); [ "$cur" = "$prev" ]; do
      [ "$(e2e_ms)" -ge "$end" ] && return 1
      sleep 0.05
    done
    printf '%s\n' "$cur"
  done
}

# Run directly (CTest runs every tests/e2e/*.sh), this file tests itself:
# the helpers against the real wizard, including that a failure is caught.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  start -- --demo --lang en
  wait_for "$(msg en node.intro.title)"
  check "app_pid is the wizard" [ -r "/proc/$(app_pid)/io" ]
  m=$(read_mark)
  send Enter
  check "wait_consumed sees one key read" wait_consumed "$m" 1
  assert_screen_has "$(msg en ui.step.n) 2" "the key moved the walk"
  # a missing text fails (counted in a subshell, so the real counters stay)
  if (E2E_TIMEOUT=1 wait_for "no such text on any screen" >/dev/null); then
    fail "wait_for succeeded on a missing text"
  else
    pass "wait_for fails on a missing text"
  fi
  if (assert_screen_lacks "$(msg en ui.step.n) 2" >/dev/null); then
    fail "assert_screen_lacks passed on a shown text"
  else
    pass "assert_screen_lacks fails on a shown text"
  fi
  send q
  st=$(wait_exit) && check "wait_exit reads the exit status (0)" [ "$st" = 0 ] || fail "wait_exit timed out"
  finish
fi
