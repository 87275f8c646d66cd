#!/usr/bin/env bash
# test-runner.sh: platform_run (src/platform/win32/process.c) under Wine:
# runner_test.exe starts runner_child.exe with tricky arguments, reads its
# two streams, exit codes, encodings, the 1 MiB cap, and kills a hanging
# child together with its grandchild at the deadline.
# Usage: bash tests/windows/test-runner.sh [BUILD_DIR]
. "$(dirname "$0")/lib.sh" "$@"

for exe in runner_test.exe runner_child.exe; do
  [ -f "$WIN_BUILD/$exe" ] || { echo "test-runner: no $WIN_BUILD/$exe (run tests/windows/build.sh)" >&2; exit 1; }
done

t0=$(date +%s%N)
wine "$WIN_BUILD/runner_test.exe" >"$WIN_TMP/out" 2>"$WIN_TMP/err"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
cat "$WIN_TMP/out"
[ -s "$WIN_TMP/err" ] && { echo "stderr:"; cat "$WIN_TMP/err"; }
# the program's own count, taken over as this script's
summary=$(tr -d '\r' <"$WIN_TMP/out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
if [ -z "$summary" ]; then
  fail "runner_test.exe ended without a summary (exit $rc)"
else
  WIN_PASS=$((WIN_PASS + ${summary%% passed*}))
  n=${summary#*, }
  WIN_FAIL=$((WIN_FAIL + ${n%% failed}))
  [ "$rc" = 0 ] || [ "${n%% failed}" != 0 ] || fail "runner_test.exe exit $rc with no failure counted"
fi
echo "test-runner: runner_test.exe took $ms ms"
finish
