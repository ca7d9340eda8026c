#!/usr/bin/env bash
# Fuzzes each @FuzzTest target in turn with Jazzer (coverage-guided) and reports, per target, the
# executions run and the findings made. See bench/README.md, "Fuzzing".
#
#   bench/fuzz/run.sh [SECONDS] [FILTER]
#
# SECONDS per target (default 150). FILTER is a grep -E pattern on "Class#method" (default: all).
# Targets are found in */src/test/java/**/*FuzzTest.java. A finding fails its target's run; Jazzer
# writes the input to the target's corpus directory in src/test/resources (crash-<sha1>), so that
# the regression run of `mvn verify` replays it from then on; up to KEEP_GOING (default 5) distinct
# findings are collected per target. What the fuzzer learns (the inputs reaching new coverage) is
# kept in <module>/.cifuzz-corpus/ and resumed by the next run. Logs go to bench-results/fuzz/.
# MVN_FLAGS adds Maven flags (default -o: offline).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${1:-150}
filter=${2:-.}
out=bench-results/fuzz
mkdir -p "$out"
summary="$out/summary.txt"
printf '%-46s %8s %7s %12s %8s %8s %s\n' TARGET FUZZ_S WALL_S EXECUTIONS EXEC/S FINDINGS CORPUS |
  tee "$summary"

for source in $(find . -path '*/src/test/java/*' -name '*FuzzTest.java' | sort); do
  module=${source#./}
  module=${module%%/src/test/java/*}
  class=${source#*/src/test/java/}
  class=${class%.java}
  class=${class//\//.}
  for method in $(grep -A2 '@FuzzTest' "$source" | grep -oE 'void [A-Za-z0-9_]+' | cut -d' ' -f2); do
    target="${class##*.}#$method"
    echo "$target" | grep -qE "$filter" || continue
    inputs="$module/src/test/resources/${class%.*}"
    inputs="${inputs//.//}/${class##*.}Inputs/$method"
    before=$(find "$inputs" -regex '.*/\(crash\|timeout\|oom\|leak\)-.*' 2>/dev/null | wc -l)
    log="$out/$target.log"
    started=$(date +%s)
    # jazzer.internal.arg.N: libFuzzer flags after the annotation's, so that these win (argument 0
    # is the program name). hooks: the agent that instruments classes for coverage.
    # shellcheck disable=SC2086
    JAZZER_FUZZ=1 ./mvnw -B ${MVN_FLAGS:--o} -pl "$module" -am test \
      -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
      -Djazzer.hooks=true -Djazzer.keep_going="${KEEP_GOING:-5}" \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
      -Djazzer.internal.arg.2=-timeout=10 -Djazzer.internal.arg.3=-print_final_stats=1 \
      >"$log" 2>&1
    elapsed=$(($(date +%s) - started))
    # libFuzzer's own count of the time spent fuzzing (a run cut short by a finding is shorter).
    fuzzed=$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | grep -oE '[0-9]+ second' | grep -oE '[0-9]+' | tail -1)
    executions=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
    if [ -z "$executions" ]; then
      executions=$(grep -oE '^#[0-9]+' "$log" | tr -d '#' | tail -1)
    fi
    rate=$(grep -oE '^stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
    after=$(find "$inputs" -regex '.*/\(crash\|timeout\|oom\|leak\)-.*' 2>/dev/null | wc -l)
    corpus=$(find "$module/.cifuzz-corpus/$class/$method" -type f 2>/dev/null | wc -l)
    printf '%-46s %8s %7s %12s %8s %8s %s\n' "$target" "${fuzzed:-?}" "$elapsed" \
      "${executions:-?}" "${rate:-?}" "$((after - before))" "$corpus" | tee -a "$summary"
  done
done
echo "Findings, if any, are the crash-, timeout- and oom- files under */src/test/resources/**/*Inputs/; logs in $out/."
