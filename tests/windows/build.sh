#!/usr/bin/env bash
# Cross-builds enrolldoc.exe for 64-bit Windows with mingw-w64 (static, with
# -Werror), plus the test programs of tests/windows/ (runner_test.exe and
# runner_child.exe). The libraries come from tests/windows/build-deps.sh.
# Usage: bash tests/windows/build.sh [BUILD_DIR] [CACHE_DIR]
#   defaults: BUILD_DIR ./build-windows, CACHE_DIR as build-deps.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build-windows}
cache=${2:-${ENROLLDOC_MINGW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/enrolldoc-mingw}}
jobs=$(nproc 2>/dev/null || echo 2)
HOST=x86_64-w64-mingw32

t0=$(date +%s)
bash "$here/build-deps.sh" "$cache"
cache=$(cd "$cache" && pwd)
t1=$(date +%s)

mkdir -p "$build"
build=$(cd "$build" && pwd)
cmake -S "$root" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-w64.cmake" \
  -DENROLLDOC_MINGW_PREFIX="$cache" -DCMAKE_BUILD_TYPE=Release -DENROLLDOC_WERROR=ON \
  -DENROLLDOC_TESTS=OFF >"$build/configure.log" 2>&1 || { cat "$build/configure.log" >&2; exit 1; }
if ! cmake --build "$build" -j"$jobs" >"$build/build.log" 2>&1; then
  grep -E 'error|warning' "$build/build.log" | head -40 >&2 || tail -40 "$build/build.log" >&2
  exit 1
fi
t2=$(date +%s)

# The test programs: the runner test links the core library (platform_run).
warn=(-Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes -Wvla -Werror
      -Wno-format -Wno-float-conversion)
libs=(advapi32 ole32 oleaut32 crypt32 ncrypt taskschd wevtapi netapi32 secur32 wtsapi32 shell32 wldap32)
"$HOST-gcc" -std=c11 -O2 "${warn[@]}" -D__USE_MINGW_ANSI_STDIO=1 -I"$root/src" \
  -o "$build/runner_test.exe" "$here/runner_test.c" "$build/libenrolldoc_core.a" \
  "$cache/lib/libcjson.a" "$cache/lib/libexpat.a" "${libs[@]/#/-l}" -static
"$HOST-gcc" -std=c11 -O2 -municode "${warn[@]}" -o "$build/runner_child.exe" "$here/runner_child.c" \
  -lshell32 -static
t3=$(date +%s)
echo "windows build: $build/enrolldoc.exe ($(stat -c %s "$build/enrolldoc.exe") bytes);" \
     "deps $((t1 - t0)) s, enrolldoc.exe $((t2 - t1)) s, test programs $((t3 - t2)) s"
