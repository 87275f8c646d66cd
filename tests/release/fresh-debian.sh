#!/usr/bin/env bash
# The README's first command on a fresh machine: a minimal Debian 12 root
# (mmdebstrap --variant=minbase bookworm), a clean copy of the checkout in
# /work/enrolldoc and the shared folder in /work/shared, and in it the first
# line of the README's first ```sh block, run under script(1) for a
# terminal. The wizard must come up; q (and, should it ask, "Quit now")
# must end it with exit status 0.
# The root's tarball is cached in ~/.cache/enrolldoc-fresh (outside the
# checkout) and reused; delete it to start from the mirror again.
# Needs root (chroot, mounts); without root it says "skipped" and exits 0.
# Usage: bash tests/release/fresh-debian.sh
#   ENROLLDOC_SHARED_DIR  the shared folder (default: ../shared beside the checkout)
#   FRESH_INSTALL_SECONDS deadline of the command up to the wizard (default 1200)
#   FRESH_WIZARD_SECONDS  deadline of the wizard's part (default 60)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
t0=$(date +%s)
install_seconds=${FRESH_INSTALL_SECONDS:-1200}
wizard_seconds=${FRESH_WIZARD_SECONDS:-60}

say() { echo "fresh-debian: $*"; }
fail() {
  echo "fresh-debian: FAIL: $*" >&2
  exit 1
}

if [ "$(id -u)" -ne 0 ]; then
  echo "skipped: fresh-debian needs root (mmdebstrap, chroot, bind mounts)"
  exit 0
fi
shared=${ENROLLDOC_SHARED_DIR:-$src/../shared}
[ -d "$shared" ] || fail "no shared folder at $shared (set ENROLLDOC_SHARED_DIR)"
shared=$(cd "$shared" && pwd)
for tool in chroot script mount umount tar git; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed"
done

# The README's first command: the first line of its first ```sh block.
cmd=$(awk '/^```sh[[:space:]]*$/ { inblock = 1; next } inblock { print; exit }' "$src/README.md")
[ -n "$cmd" ] || fail "README.md has no \`\`\`sh block"
say "the README's first command: $cmd"

# ---------------------------------------------------------------- the root
cache=${XDG_CACHE_HOME:-$HOME/.cache}/enrolldoc-fresh
tarball=$cache/bookworm-minbase.tar
if [ ! -s "$tarball" ]; then
  if ! command -v mmdebstrap >/dev/null 2>&1; then
    say "installing mmdebstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mmdebstrap \
      >/dev/null 2>&1 || fail "apt-get install mmdebstrap failed"
  fi
  # The host's Debian mirror: the first URI (deb822 .sources or one-line
  # .list) that serves the main archive, not the security one.
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }')
  if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) { if ($i !~ /security/) { print $i; exit } break } }')
  fi
  mirror=${mirror:-http://deb.debian.org/debian}
  mkdir -p "$cache"
  say "making a minbase root from $mirror (cached in $tarball)"
  if ! timeout 900 mmdebstrap --variant=minbase --quiet bookworm "$cache/partial.tar" "$mirror" \
       >"$cache/mmdebstrap.log" 2>&1; then
    rm -f "$cache/partial.tar"
    fail "mmdebstrap failed: $(grep -m1 -E '^E: ' "$cache/mmdebstrap.log" || tail -n 1 "$cache/mmdebstrap.log") (log: $cache/mmdebstrap.log)"
  fi
  mv "$cache/partial.tar" "$tarball"
else
  say "reusing $tarball"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/enrolldoc-fresh.XXXXXX")
root=$work/root
mounted=()
pid=
# in_root: the ids of the processes whose root directory is the new root
# (the README's command and all it started).
in_root() {
  local d
  for d in /proc/[0-9]*; do
    [ "$(readlink "$d/root" 2>/dev/null)" = "$root" ] && echo "${d#/proc/}"
  done
  return 0
}
cleanup() {
  set +e
  local i m n
  exec 9>&-
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
  fi
  if [ -d "$root" ]; then
    # shellcheck disable=SC2046 # one id per word
    [ -n "$(in_root)" ] && kill $(in_root) 2>/dev/null
    for ((n = 0; n < 10 && $(in_root | wc -l) > 0; n++)); do sleep 0.5; done
    # shellcheck disable=SC2046
    [ -n "$(in_root)" ] && kill -9 $(in_root) 2>/dev/null && sleep 1
  fi
  [ -n "$pid" ] && wait "$pid" 2>/dev/null
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    m=${mounted[i]}
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
      echo "fresh-debian: could not unmount $m" >&2
  done
  mounted=()
  # Remove the root only when nothing is mounted below it any more.
  if ! grep -q " $root/" /proc/self/mounts 2>/dev/null; then
    rm -rf "$work" 2>/dev/null || echo "fresh-debian: could not remove all of $work" >&2
  else
    echo "fresh-debian: left $work (still mounted)" >&2
  fi
  echo "fresh-debian: $(($(date +%s) - t0)) s in all"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

mkdir -p "$root"
tar -xf "$tarball" -C "$root" || fail "unpacking $tarball"

# A clean copy: the files git tracks, as they are in the working tree.
mkdir -p "$root/work/enrolldoc" "$root/work/shared"
(cd "$src" && git ls-files -z --cached | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | tar --null -T - -cf -) | tar -xf - -C "$root/work/enrolldoc" ||
  fail "copying the checkout"
(cd "$shared" && tar --exclude=.git -cf - .) | tar -xf - -C "$root/work/shared" ||
  fail "copying the shared folder"
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

for m in proc dev dev/pts; do
  mkdir -p "$root/$m"
  case $m in
    proc) mount -t proc proc "$root/proc" ;;
    dev) mount --bind /dev "$root/dev" ;;
    dev/pts) mount --bind /dev/pts "$root/dev/pts" ;;
  esac || fail "mounting /$m"
  mounted+=("$root/$m")
done

# ---------------------------------------------------------------- the run
# script(1) gives the command a terminal; its input comes from a FIFO that
# this script writes the keys into, its output goes to a typescript that
# this script polls.
fifo=$work/keys
typescript=$work/typescript
mkfifo "$fifo"
# The command goes into a file in the root, so no quoting stands between
# the README and the shell that runs it.
printf 'cd /work/enrolldoc\n%s\n' "$cmd" >"$root/work/readme-command.sh"
env_inner=(/usr/bin/env -i TERM=xterm-256color LINES=30 COLUMNS=100 HOME=/root
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
timeout -k 10 $((install_seconds + wizard_seconds)) \
  script -q -e -f -c "chroot $root ${env_inner[*]} bash /work/readme-command.sh" \
  "$typescript" <"$fifo" >"$work/script.out" 2>&1 &
pid=$!
exec 9>"$fifo" # hold the FIFO open: script sees no end of input

running() { kill -0 "$pid" 2>/dev/null; }
# seen TEXT: the typescript shows TEXT (escape sequences and all).
seen() { LC_ALL=C grep -aqF -- "$1" "$typescript" 2>/dev/null; }
tail_typescript() {
  echo "---- the last lines of the typescript ----" >&2
  LC_ALL=C sed 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1b[()][A-Z0-9]//g; s/\x1b[=>]//g' \
    "$typescript" 2>/dev/null | tr -d '\r' | grep -av '^[[:space:]]*$' | tail -n 25 >&2
  echo "----" >&2
}

# give_up_after DEADLINE WHY: past DEADLINE (seconds since the epoch), show
# the end of the typescript and fail with WHY.
give_up_after() {
  [ "$(date +%s)" -lt "$1" ] && return 0
  tail_typescript
  fail "$2"
}

# The demo's first screen: its title, from the English catalog.
want=$(sed -n 's/^ *"node.intro.title": *"\(.*\)",\{0,1\}$/\1/p' "$src/locale/en.json")
[ -n "$want" ] || fail "no node.intro.title in locale/en.json"
quit_title=$(sed -n 's/^ *"ui.quit.title": *"\(.*\)",\{0,1\}$/\1/p' "$src/locale/en.json")

deadline=$(($(date +%s) + install_seconds))
until seen "$want"; do
  if ! running; then
    st=0
    wait "$pid" || st=$?
    tail_typescript
    fail "the README's first command ended with status $st before the wizard came up"
  fi
  give_up_after "$deadline" "the wizard did not come up within $install_seconds s"
  sleep 1
done
t_up=$(date +%s)
say "the wizard is up after $((t_up - t0)) s; sending q"
sleep 1
printf 'q' >&9

deadline=$((t_up + wizard_seconds))
asked=0
while running; do
  if [ "$asked" = 0 ] && [ -n "$quit_title" ] && seen "$quit_title"; then
    # The quit question: "Quit now" is the first choice and chosen by Enter.
    say "the wizard asks \"$quit_title\"; choosing Quit now"
    printf '\r' >&9
    asked=1
  fi
  give_up_after "$deadline" "the wizard did not end within $wizard_seconds s after q"
  sleep 1
done
exec 9>&-
st=0
wait "$pid" || st=$?
pid=
if [ "$st" != 0 ]; then
  tail_typescript
  fail "the README's first command ended with status $st"
fi
say "ok: bootstrap, build and wizard on a fresh Debian 12 minbase root, exit status 0"
