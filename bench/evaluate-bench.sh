#!/usr/bin/env bash
# Whole-suite benchmark (not a test): evaluates a suite at --speed max against one or more
# architectures and reports, per architecture, wall time, simulated seconds per wall second, peak
# memory (maximum resident set size of the JVM) and the total score.
#
# Usage: bench/evaluate-bench.sh [SUITE] [ARCHITECTURE...]
#   default: suite "default", architecture water-treatment-purdue-dmz-dpi
# Example: bench/evaluate-bench.sh default water-treatment-flat water-treatment-purdue-dmz \
#            water-treatment-purdue-dmz-dpi water-treatment-vendor-backdoor
# Needs GNU time (/usr/bin/time) for the peak memory; JVM options beyond ./otlab's own via
# OTLAB_JAVA_OPTS; seeds per scenario via SEEDS (default 5, as otlab evaluate; the total is then
# the mean over them).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
suite=${1:-default}
shift || true
archs=("$@")
if [ ${#archs[@]} -eq 0 ]; then
  archs=(water-treatment-purdue-dmz-dpi)
fi

"$top/otlab" --version >/dev/null # builds the jar once, outside the measurement
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

printf '%-36s %10s %12s %14s %10s %8s\n' ARCHITECTURE "WALL s" "SIMULATED s" "SIM s/WALL s" "PEAK MiB" TOTAL
for arch in "${archs[@]}"; do
  start=$(date +%s.%N)
  set +e
  # Through the launcher (it execs the JVM, so time sees its peak), with the launcher's JVM
  # options: the numbers are those of ./otlab evaluate as a user runs it.
  /usr/bin/time -f '%M' -o "$out/mem" \
    "$top/otlab" evaluate --architecture "$arch" --suite "$suite" --speed max --seeds "${SEEDS:-5}" --json \
    --pki "$out/pki" >"$out/$arch.json" 2>"$out/$arch.progress"
  status=$?
  set -e
  end=$(date +%s.%N)
  if [ $status -ne 0 ]; then
    echo "evaluate failed for $arch:" >&2
    cat "$out/$arch.progress" >&2
    exit 1
  fi
  sim=$(grep -o '"simulatedSeconds" : [0-9.]*' "$out/$arch.json" | awk '{print $3}')
  total=$(grep -o '"total" : [0-9.]*' "$out/$arch.json" | head -n 1 | awk '{print $3}')
  wall=$(echo "$end - $start" | bc -l)
  printf '%-36s %10.1f %12.0f %14.1f %10.0f %8s\n' "$arch" "$wall" "$sim" \
    "$(echo "$sim / $wall" | bc -l)" "$(echo "$(cat "$out/mem") / 1024" | bc -l)" "$total"
  if [ -n "${BENCH_KEEP:-}" ]; then
    mkdir -p "$BENCH_KEEP" && cp "$out/$arch.json" "$BENCH_KEEP/"
  fi
done
