#!/usr/bin/env bash
# Installs what enrolldoc needs to build on Debian/Ubuntu (only what is
# missing), then builds it into ./build.
# Usage: bash tests/bootstrap.sh [--tests] [PACKAGES...]
#   --tests      also build the tests (adds libcmocka-dev); tests/run.sh
#                passes it. Without it the build leaves the tests out, so
#                the wizard needs no test library.
#   PACKAGES     installed as well (the test run adds its own tools).
# What apt-get, CMake and the build print goes to build/bootstrap.log; on a
# failure one line names the step (and the packages or the first error) and
# the script exits non-zero. Works as root without sudo, and on a fresh
# system whose package lists are still empty.
set -euo pipefail
cd "$(dirname "$0")/.."

tests=OFF
if [ "${1:-}" = "--tests" ]; then
  tests=ON
  shift
fi

mkdir -p build
log=$(pwd)/build/bootstrap.log
: >"$log"

# fail STEP: one line on stderr, then exit 1.
fail() {
  echo "bootstrap: $1 (full log: $log)" >&2
  exit 1
}

# first_error PATTERN: the first line of the log matching PATTERN, trimmed.
first_error() {
  grep -m1 -E "$1" "$log" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//' || true
}

need=(cmake make gcc pkg-config libcjson-dev libncurses-dev libldap-dev libexpat1-dev libevtx-dev libbfio-dev)
# the benchmark tests/bench/evtx.sh compares with evtxexport
[ "$tests" = ON ] && need+=(libevtx-utils)
[ "$tests" = ON ] && need+=(libcmocka-dev)
need+=("$@")
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 ||
      fail "not root and no sudo: cannot install ${missing[*]}"
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update >>"$log" 2>&1 ||
    fail "apt-get update failed: $(first_error '^(E|W): ')"
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    fail "apt-get install failed for: ${missing[*]}: $(first_error '^E: ')"
  fi
fi

echo "bootstrap: building (tests $tests)"
if ! cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DENROLLDOC_WERROR=ON \
     -DENROLLDOC_TESTS="$tests" >>"$log" 2>&1; then
  # CMake writes "CMake Error at FILE:LINE (command):" and the message
  # indented on the next line: both, in one line.
  err=$(awk '/^CMake Error/ { e = $0; found = 1; next }
             found && NF { sub(/^[[:space:]]+/, ""); print e " " $0; exit }' "$log")
  fail "cmake configure failed: ${err:-see the log}"
fi
if ! cmake --build build -j"$(nproc)" >>"$log" 2>&1; then
  fail "build failed: $(first_error 'error:|Error [0-9]+|undefined reference')"
fi
echo "bootstrap: built build/enrolldoc"
