#!/usr/bin/env bash
# The whole test suite, as CI runs it:
#   1. install what is missing, build with -Werror, run every test (CTest);
#   2. the same suite again in an ASan+UBSan build (clang, leak checking on);
#   3. each libFuzzer harness for FUZZ_SECONDS (default 30) on a corpus seeded
#      from the tests;
#   4. the Windows cross build (mingw-w64, libraries from Debian's sources,
#      cached in ~/.cache/enrolldoc-mingw) and its tests under Wine.
# Usage: bash tests/run.sh [--no-fuzz]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
fuzz=1
[ "${1:-}" = "--no-fuzz" ] && fuzz=0
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
jobs=$(nproc)

bash tests/bootstrap.sh clang libcmocka-dev libclang-rt-dev tmux jq time \
  gcc-mingw-w64-x86-64 wine wine64 dpkg-dev

echo "== 1/4 tests (gcc, -Werror)"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== 2/4 tests (clang, ASan+UBSan)"
CC=clang cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DENROLLDOC_WERROR=ON \
  -DENROLLDOC_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

if [ "$fuzz" = 1 ]; then
  echo "== 3/4 fuzzing, ${FUZZ_SECONDS}s per harness"
  CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DENROLLDOC_WERROR=ON \
    -DENROLLDOC_SANITIZE=ON -DENROLLDOC_FUZZ=ON -DENROLLDOC_TESTS=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs" >/dev/null
  corpus=build-fuzz/corpus
  rm -rf "$corpus"
  mkdir -p "$corpus"/{bundle,tree,catalog,sddl,codes}
  cp tests/scenarios/*.json "$corpus/bundle/"
  [ -d ../shared/scenarios ] && cp ../shared/scenarios/*.json "$corpus/bundle/"
  cp checks/tree.json "$corpus/tree/"
  cp locale/*.json "$corpus/catalog/"
  cp tests/fuzz/seeds/sddl/* "$corpus/sddl/"
  cp tests/fuzz/seeds/codes/* "$corpus/codes/"
  grep -ho '"sddl": *"[^"]*"' tests/scenarios/*.json | sed 's/"sddl": *"//; s/"$//' | sort -u |
    awk -v d="$corpus/sddl" '{ f = d "/scn" NR; printf "%s", $0 > f; close(f) }'
  total=0
  for h in bundle tree catalog sddl codes; do
    log=build-fuzz/fuzz_$h.log
    if ! ASAN_OPTIONS=detect_leaks=1 build-fuzz/tests/fuzz/fuzz_$h "$corpus/$h" -max_total_time="$FUZZ_SECONDS" \
         -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
      echo "fuzz_$h FAILED:"; tail -40 "$log"; exit 1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    total=$((total + runs))
    echo "fuzz_$h: $runs executions, no crash, no leak"
  done
  echo "fuzzing: $total executions in all"
fi

echo "== 4/4 Windows build (mingw-w64) and Wine tests"
if command -v wine >/dev/null 2>&1 && command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  bash tests/windows/build.sh build-windows
  for t in tests/windows/test-*.sh; do
    bash "$t" build-windows
  done
else
  echo "skipped: wine or x86_64-w64-mingw32-gcc is not installed"
fi
echo "all tests passed"
