#!/usr/bin/env bash
# The whole test suite, as CI runs it:
#   1. install what is missing, build with -Werror, run every test (CTest);
#   2. the same suite again in an ASan+UBSan build (clang, leak checking on),
#      and the tests of what runs on several threads under TSan;
#   3. each libFuzzer harness for FUZZ_SECONDS (default 20) on a corpus seeded
#      from the tests;
#   4. the Windows cross build (mingw-w64, libraries from Debian's sources,
#      cached in ~/.cache/enrolldoc-mingw) and its tests under Wine;
#   5. the directory probe against a throw-away Samba AD DC on 127.0.0.1
#      (tests/directory/): the ASan build, and the Windows build under Wine
#      (needs root for ports 389/636/88);
#   6. the release packages: the .deb (cpack, unpacked into a scratch root and
#      checked) and the Windows .zip (tests/release/check-packages.sh);
#   7. the README's first command on a fresh Debian 12 minbase root
#      (mmdebstrap, root tarball cached in ~/.cache/enrolldoc-fresh, needs root):
#      it must install, build and bring up the wizard, and q must end it
#      (tests/release/fresh-debian.sh).
# Usage: bash tests/run.sh [--no-fuzz]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
fuzz=1
[ "${1:-}" = "--no-fuzz" ] && fuzz=0
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
jobs=$(nproc)
# The shared contracts and scenarios the tests check against: ../shared
# beside the checkout, or ENROLLDOC_SHARED_DIR.
shared=${ENROLLDOC_SHARED_DIR:-$root/../shared}
if [ ! -f "$shared/spec/findings.md" ] || [ ! -d "$shared/scenarios" ]; then
  echo "run.sh: no shared folder at $shared (spec/findings.md, scenarios/): clone next to" \
       "../shared, or set ENROLLDOC_SHARED_DIR" >&2
  exit 2
fi
export ENROLLDOC_SHARED_DIR=$(cd "$shared" && pwd)

bash tests/bootstrap.sh --tests clang libclang-rt-dev tmux jq time python3 chromium \
  gcc-mingw-w64-x86-64 wine wine64 dpkg-dev groff-base \
  samba samba-dsdb-modules samba-vfs-modules samba-ad-provision ldb-tools ldap-utils \
  krb5-user libsasl2-modules-gssapi-mit

echo "== 1/7 tests (gcc, -Werror)"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== 2/7 tests (clang, ASan+UBSan)"
CC=clang cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DENROLLDOC_WERROR=ON \
  -DENROLLDOC_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"
# what runs on several threads (fleet), under ThreadSanitizer
CC=clang cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DENROLLDOC_WERROR=ON -DENROLLDOC_TSAN=ON >/dev/null
cmake --build build-tsan -j"$jobs" --target enrolldoc test_thread test_fleet >/dev/null
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan --output-on-failure -j"$jobs" \
  -R '^(unit\.test_thread|unit\.test_fleet|cli\.fleet)$'

if [ "$fuzz" = 1 ]; then
  echo "== 3/7 fuzzing, ${FUZZ_SECONDS}s per harness"
  CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DENROLLDOC_WERROR=ON \
    -DENROLLDOC_SANITIZE=ON -DENROLLDOC_FUZZ=ON -DENROLLDOC_TESTS=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs" >/dev/null
  corpus=build-fuzz/corpus
  rm -rf "$corpus"
  mkdir -p "$corpus"/{bundle,tree,catalog,sddl,codes,sd_binary,events,import,cert,certutil,ldif,evxml,evtx,fleet}
  cp tests/scenarios/*.json "$corpus/bundle/"
  cp "$ENROLLDOC_SHARED_DIR"/scenarios/*.json "$corpus/bundle/"
  cp checks/tree.json "$corpus/tree/"
  cp locale/*.json "$corpus/catalog/"
  cp tests/fuzz/seeds/sddl/* "$corpus/sddl/"
  cp tests/fuzz/seeds/codes/* "$corpus/codes/"
  cp tests/fuzz/seeds/sd_binary/* "$corpus/sd_binary/"
  cp tests/fuzz/seeds/events/* "$corpus/events/"
  cp tests/fuzz/seeds/events/* tests/inputs/import/*.{csv,reg} tests/inputs/*/*.{txt,pem,cer,ldif} \
     tests/inputs/events/evtx-scenario.{xml,evtx} "$corpus/import/"
  cp tests/inputs/cert/*.pem tests/inputs/cert/*.cer "$corpus/cert/"
  cp tests/inputs/certutil/*.txt "$corpus/certutil/"
  cp tests/inputs/ldif/*.ldif "$corpus/ldif/"
  cp tests/inputs/events/evtx-scenario.xml tests/inputs/events/evtx-scenario.rendered.xml "$corpus/evxml/"
  cp tests/inputs/events/evtx-scenario.xml tests/inputs/events/evtx-scenario.evtx "$corpus/events/"
  # fleet: its bundles and diagnose --json documents, broken ones too
  find tests/inputs/fleet -name '*.json' | while read -r f; do
    cp "$f" "$corpus/fleet/$(echo "$f" | tr / _)"
  done
  # fuzz_evtx puts the signature in front: its seeds are the files without it
  for f in tests/inputs/events/evtx-scenario.evtx tests/data/evtx/*.evtx; do
    tail -c +9 "$f" >"$corpus/evtx/$(basename "$f")"
  done
  grep -ho '"sddl": *"[^"]*"' tests/scenarios/*.json | sed 's/"sddl": *"//; s/"$//' | sort -u |
    awk -v d="$corpus/sddl" '{ f = d "/scn" NR; printf "%s", $0 > f; close(f) }'
  total=0
  for h in bundle tree catalog sddl codes sd_binary events import cert certutil ldif evxml evtx fleet; do
    log=build-fuzz/fuzz_$h.log
    if ! LSAN_OPTIONS=suppressions="$PWD/tests/fuzz/lsan.supp" ASAN_OPTIONS=detect_leaks=1 build-fuzz/tests/fuzz/fuzz_$h "$corpus/$h" -max_total_time="$FUZZ_SECONDS" \
         -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
      echo "fuzz_$h FAILED:"; tail -40 "$log"; exit 1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    total=$((total + runs))
    echo "fuzz_$h: $runs executions, no crash, no leak"
  done
  echo "fuzzing: $total executions in all"
fi

echo "== 4/7 Windows build (mingw-w64) and Wine tests"
if command -v wine >/dev/null 2>&1 && command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  bash tests/windows/build.sh build-windows
  for t in tests/windows/test-*.sh; do
    bash "$t" build-windows
  done
else
  echo "skipped: wine or x86_64-w64-mingw32-gcc is not installed"
fi
echo "== 5/7 directory probe against a Samba AD DC (Linux and Wine)"
if [ "$(id -u)" = 0 ]; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    bash tests/directory/test-directory.sh build-asan build-windows
else
  echo "skipped: the Samba DC needs root (ports 389, 636, 88)"
fi
echo "== 6/7 packages (.deb, Windows .zip)"
bash tests/release/check-packages.sh build build-windows
echo "== 7/7 the README's first command on a fresh Debian 12 root"
bash tests/release/fresh-debian.sh
echo "all tests passed"
