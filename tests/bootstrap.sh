#!/usr/bin/env bash
# Installs what enrolldoc needs to build on Debian/Ubuntu (only what is
# missing), then builds it into ./build. Usage: bash tests/bootstrap.sh [PACKAGES...]
# Extra package names are installed as well (the test run adds its own).
set -euo pipefail
cd "$(dirname "$0")/.."

need=(cmake make gcc pkg-config libcjson-dev libncurses-dev libldap-dev "$@")
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DENROLLDOC_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "bootstrap: built build/enrolldoc"
