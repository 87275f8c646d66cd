# timing.sh: sourced by benchmarks (from the top of the clone).

# bench_prepare BINARY: makes sure python3 (which writes the inputs and
# times the runs) and BINARY are there, sets SHARED (the shared specs and
# scenarios, ENROLLDOC_SHARED_DIR or ../shared) and TMP (a folder removed on
# exit).
bench_prepare() {
  command -v python3 >/dev/null || { echo "python3 is needed to write the input"; exit 2; }
  [ -x "$1" ] || bash tests/bootstrap.sh
  SHARED=${ENROLLDOC_SHARED_DIR:-../shared}
  [ -d "$SHARED/scenarios" ] || { echo "$SHARED/scenarios not found (set ENROLLDOC_SHARED_DIR)"; exit 2; }
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
}

# median_ns RUNS COMMAND... runs COMMAND
# RUNS times (output discarded, exit status ignored) and prints the median
# wall time in nanoseconds, taken with a monotonic clock (Python's
# time.monotonic_ns) around each run alone, so the harness's own start is
# not counted.
median_ns() {
  python3 - "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    t = time.monotonic_ns()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append(time.monotonic_ns() - t)
times.sort()
print(times[(len(times) - 1) // 2])
PY
}

# report LABEL_OURS NS_OURS LABEL_REF NS_REF [NOTE]: the two medians and
# their ratio (NOTE after it, such as the goal).
report() {
  awk -v lo="$1" -v o="$2" -v lr="$3" -v r="$4" -v n="${5:-}" 'BEGIN {
    printf "%-34s %9.1f ms (median)\n", lo ":", o / 1e6
    printf "%-34s %9.1f ms (median)\n", lr ":", r / 1e6
    printf "ratio: %.2f%s\n", o / r, n == "" ? "" : " " n }'
}
