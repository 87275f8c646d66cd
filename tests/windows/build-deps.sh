#!/usr/bin/env bash
# Builds the libraries the mingw-w64 cross build of enrolldoc links against,
# from Debian's own source packages, into CACHE_DIR:
#   ncursesw (static, win32 console driver), cJSON (static) and expat (static).
# Nothing is vendored: the sources come from `apt-get source` through a
# private apt setup (deb-src lines derived from the system's mirror, private
# lists and caches), so the system's apt configuration is left untouched.
# A stamp file records the versions; a matching stamp means nothing to do.
# Usage: bash tests/windows/build-deps.sh [CACHE_DIR]
#   default CACHE_DIR: ${XDG_CACHE_HOME:-~/.cache}/enrolldoc-mingw
set -euo pipefail

HOST=x86_64-w64-mingw32
cache=${1:-${ENROLLDOC_MINGW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/enrolldoc-mingw}}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

command -v "$HOST-gcc" >/dev/null || { echo "build-deps: $HOST-gcc missing (gcc-mingw-w64-x86-64)" >&2; exit 2; }
command -v dpkg-source >/dev/null || { echo "build-deps: dpkg-source missing (dpkg-dev)" >&2; exit 2; }

# The versions wanted: the same source versions as the installed Linux
# development packages (so both builds use one ncurses and one cJSON), or
# whatever apt offers when those are not installed.
srcver() { dpkg-query -W -f='${source:Version}' "$1" 2>/dev/null || true; }
ncurses_ver=$(srcver libncurses-dev)
cjson_ver=$(srcver libcjson-dev)
expat_ver=$(srcver libexpat1-dev)
gcc_ver=$("$HOST-gcc" -dumpversion)
script_sum=$(sha256sum "$0" | cut -c1-16)
want="ncurses=${ncurses_ver:-any} cjson=${cjson_ver:-any} expat=${expat_ver:-any} gcc=$gcc_ver script=$script_sum"

stamp="$cache/stamp"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
   [ -f "$cache/lib/libncursesw.a" ] && [ -f "$cache/lib/libcjson.a" ] && [ -f "$cache/lib/libexpat.a" ]; then
  echo "build-deps: cached in $cache ($want)"
  exit 0
fi

t0=$(date +%s)
rm -rf "$cache/src" "$cache/lib" "$cache/include" "$cache/share" "$cache/bin" "$stamp"
mkdir -p "$cache/src" "$cache/apt/sources.list.d" "$cache/apt/lists/partial" \
         "$cache/apt/cache/archives/partial"

# ---- a private apt setup with deb-src entries for the system's mirror ----
apt_dir="$cache/apt"
: >"$apt_dir/sources.list"
if [ -f /etc/apt/sources.list ]; then
  sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list >>"$apt_dir/sources.list"
fi
for f in /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >>"$apt_dir/sources.list"
done
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  # deb822: each stanza that carries binary packages also gets its sources
  sed 's/^Types:.*/Types: deb-src/I' "$f" >"$apt_dir/sources.list.d/$(basename "$f")"
done
if ! grep -qs . "$apt_dir/sources.list" && ! ls "$apt_dir/sources.list.d/"*.sources >/dev/null 2>&1; then
  echo "build-deps: no Debian mirror found in /etc/apt" >&2
  exit 2
fi
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list"
          -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
          -o "Dir::State::Lists=$apt_dir/lists"
          -o "Dir::Cache=$apt_dir/cache"
          -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
          -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
echo "build-deps: fetching source indexes (private apt lists in $apt_dir)"
apt-get "${apt_opts[@]}" -qq update

fetch() { # PACKAGE VERSION
  local spec=$1 v
  [ -n "$2" ] && spec="$1=$2"
  (cd "$cache/src" && apt-get "${apt_opts[@]}" -qq source "$spec" >/dev/null 2>"$cache/src/$1.fetch.log") && return 0
  [ -n "$2" ] && echo "build-deps: $spec not available, taking another version of $1" >&2
  # every version the indexes offer, newest first: a mirror may lack one
  # (a security update's source), another then serves
  for v in $(apt-cache "${apt_opts[@]}" showsrc "$1" 2>/dev/null | sed -n 's/^Version: //p' | sort -rV | uniq); do
    (cd "$cache/src" && apt-get "${apt_opts[@]}" -qq source "$1=$v" >/dev/null 2>>"$cache/src/$1.fetch.log") && return 0
  done
  cat "$cache/src/$1.fetch.log" >&2
  return 1
}
fetch ncurses "$ncurses_ver"
fetch cjson "$cjson_ver"
fetch expat "$expat_ver"
t1=$(date +%s)

# ---- ncursesw: static, with the win32 console driver ----
ncdir=$(find "$cache/src" -maxdepth 1 -type d -name 'ncurses-*' | head -1)
[ -n "$ncdir" ] || { echo "build-deps: ncurses source missing" >&2; exit 1; }
echo "build-deps: building $(basename "$ncdir") for $HOST"
(
  cd "$ncdir"
  ./configure --host=$HOST --prefix="$cache" \
    --enable-term-driver --enable-sp-funcs --enable-widec --disable-shared \
    --without-ada --without-cxx-binding --without-progs --without-tests \
    --without-manpages --without-debug --disable-home-terminfo --enable-exp-win32 \
    --disable-db-install --without-pkg-config \
    >"$cache/src/ncurses.configure.log" 2>&1 || { tail -30 "$cache/src/ncurses.configure.log" >&2; exit 1; }
  make -j"$jobs" libs >"$cache/src/ncurses.make.log" 2>&1 || { tail -40 "$cache/src/ncurses.make.log" >&2; exit 1; }
  make install.libs >>"$cache/src/ncurses.make.log" 2>&1 || { tail -40 "$cache/src/ncurses.make.log" >&2; exit 1; }
)
t2=$(date +%s)

# ---- cJSON: the one source file, as a static library ----
cjdir=$(find "$cache/src" -maxdepth 1 -type d -name 'cjson-*' | head -1)
[ -n "$cjdir" ] || { echo "build-deps: cjson source missing" >&2; exit 1; }
echo "build-deps: building $(basename "$cjdir") for $HOST"
mkdir -p "$cache/include/cjson" "$cache/lib"
"$HOST-gcc" -std=c89 -O2 -c "$cjdir/cJSON.c" -o "$cjdir/cJSON.o"
rm -f "$cache/lib/libcjson.a"
"$HOST-ar" rcs "$cache/lib/libcjson.a" "$cjdir/cJSON.o"
cp "$cjdir/cJSON.h" "$cache/include/cjson/cJSON.h"
t3=$(date +%s)

# ---- expat: the three library sources, as a static library ----
exdir=$(find "$cache/src" -maxdepth 1 -type d -name 'expat-*' | head -1)
[ -n "$exdir" ] || { echo "build-deps: expat source missing" >&2; exit 1; }
[ -d "$exdir/expat/lib" ] && exdir="$exdir/expat"
echo "build-deps: building $(basename "$exdir") for $HOST"
# the settings configure would write: the DTD and namespace parts in, little endian
cat >"$exdir/lib/expat_config.h" <<'CFG'
#define BYTEORDER 1234
#define HAVE_MEMMOVE 1
#define XML_CONTEXT_BYTES 1024
#define XML_DTD 1
#define XML_GE 1
#define XML_NS 1
CFG
exobj=()
for c in xmlparse xmlrole xmltok; do
  "$HOST-gcc" -std=c99 -O2 -DXML_STATIC -DHAVE_EXPAT_CONFIG_H -I"$exdir/lib" \
    -c "$exdir/lib/$c.c" -o "$exdir/lib/$c.o"
  exobj+=("$exdir/lib/$c.o")
done
rm -f "$cache/lib/libexpat.a"
"$HOST-ar" rcs "$cache/lib/libexpat.a" "${exobj[@]}"
cp "$exdir/lib/expat.h" "$exdir/lib/expat_external.h" "$cache/include/"
t4=$(date +%s)

for f in "$cache/lib/libncursesw.a" "$cache/include/ncursesw/curses.h" "$cache/lib/libcjson.a" \
         "$cache/lib/libexpat.a" "$cache/include/expat.h"; do
  [ -f "$f" ] || { echo "build-deps: $f was not produced" >&2; exit 1; }
done
# the sources are not needed any more; the libraries and headers stay
rm -rf "$cache/src" "$cache/apt/cache"
echo "$want" >"$stamp"
echo "build-deps: done in $((t4 - t0)) s (fetch $((t1 - t0)) s, ncurses $((t2 - t1)) s, cJSON $((t3 - t2)) s, expat $((t4 - t3)) s) -> $cache"
