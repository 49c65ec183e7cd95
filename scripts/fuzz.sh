#!/usr/bin/env bash
# Builds the libFuzzer executable once (own scratch path .build-fuzz, release, coverage +
# AddressSanitizer in our modules) and runs every fuzz target in turn (Docs/FUZZING.md).
#
#   FUZZ_SECONDS=30   seconds per target (default 30)
#   FUZZ_RUNS=N       stop each target after N inputs instead (0 = no limit; FUZZ_SECONDS still caps)
#   FUZZ_TARGETS="json spdx"   a subset (default: all)
#   FUZZ_SANITIZERS=fuzzer     drop AddressSanitizer (faster; default fuzzer,address)
#
# Exits non-zero if any target crashes or breaks a property, printing the saved input's path.
# Working corpora grow in .build-fuzz/corpus/<target>; the seeds in Fuzz/corpus are only read.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
SWIFT=${SWIFT:-swift}
ALL="transaction block commit receipt record json jsonlogic spdx genesis rpc"
TARGETS=${FUZZ_TARGETS:-$ALL}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-30}
RUNS=${FUZZ_RUNS:-0}
export DESCI_FUZZ=1
export DESCI_FUZZ_SANITIZERS=${FUZZ_SANITIZERS:-fuzzer,address}
SCRATCH=.build-fuzz

start=$(date +%s)
"$SWIFT" build -c release --scratch-path "$SCRATCH" --product desci-fuzz
echo "fuzz build: $(( $(date +%s) - start )) s"
bin="$("$SWIFT" build -c release --scratch-path "$SCRATCH" --show-bin-path)/desci-fuzz"

# ASan: libFuzzer handles leaks itself; Swift runtime metadata caches are not leaks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
failed=()
summary=()
total=0
for target in $TARGETS; do
    [ -d "Fuzz/corpus/$target" ] || { echo "unknown target '$target' (no Fuzz/corpus/$target)" >&2; exit 2; }
    work="$SCRATCH/corpus/$target"
    artifacts="$SCRATCH/artifacts/$target"
    log="$SCRATCH/logs/$target.log"
    mkdir -p "$work" "$artifacts" "$(dirname "$log")"
    rm -f "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* "$artifacts"/oom-*
    echo "== fuzz $target (at most ${SECONDS_PER_TARGET} s$( [ "$RUNS" = 0 ] || echo ", $RUNS inputs"))"
    status=0
    DESCI_FUZZ_TARGET="$target" "$bin" "$work" "Fuzz/corpus/$target" \
        -max_total_time="$SECONDS_PER_TARGET" -runs="$( [ "$RUNS" = 0 ] && echo -1 || echo "$RUNS")" \
        -timeout=10 -rss_limit_mb=3072 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
    total=$(( total + ${execs:-0} ))
    crash=$(ls "$artifacts" 2>/dev/null | grep -E "^(crash|leak|timeout|oom)-" | head -1 || true)
    if [ "$status" -ne 0 ] || [ -n "$crash" ]; then
        echo "!! $target FAILED (exit $status) after $execs inputs"
        grep -E "desci-fuzz: property violated|ERROR: (libFuzzer|AddressSanitizer)|Fatal error" "$log" | head -5 || true
        [ -n "$crash" ] && echo "!! crashing input: $artifacts/$crash  (keep it: cp it to Fuzz/regressions/$target/)"
        echo "!! full log: $log"
        failed+=("$target")
    fi
    summary+=("$(printf '%-12s %12s inputs' "$target" "$execs")")
done
echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
echo "total        $(printf '%12s' "$total") inputs"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz FAILED: ${failed[*]}" >&2
    exit 1
fi
