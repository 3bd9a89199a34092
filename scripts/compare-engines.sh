#!/usr/bin/env bash
# Both inference engines side by side on this machine, A/B alternating so that the machine's drift
# (±15 % here) falls on both alike. Each round runs, for pytorch then onnxruntime:
#   ./digitnet bench --train-steps 0 --json   batch-512 evaluation images/s, batch-1 latency median/p99
#                                             on all cores and on one thread, peak RSS
#   scripts/load-test.sh                      wrk, 8 connections, 30 s after a 30 s warm-up, and the
#                                             server's peak RSS
# then (once) the ONNX Runtime server without libtorch: target/digitnet-serve-onnx.jar serving an
# exported file (built with -Pserve-onnx when missing). Every run is one JSON line in the output file,
# with the engine, the round, and what else was running (the lead's training runs share the cores).
# Usage: scripts/compare-engines.sh [rounds] [output.jsonl]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${1:-3}"
out="${2:-docs/runs/benchmarks/bench-engines.jsonl}"
: > "$out"

secs="${COMPARE_LOAD_SECONDS:-30}"  # shorter only for a dry run of this script
# A port of its own: a load test of another checkout on load-test.sh's default port must not be
# answered (and measured) in place of ours.
export LOAD_TEST_PORT="${LOAD_TEST_PORT:-18391}"
others() { pgrep -fa '\.jar (train|distill)' | grep -c . || true; }

record() {  # record KIND ENGINE ROUND EXTRA_JSON < json
  jq -c --arg kind "$1" --arg engine "$2" --argjson round "$3" --argjson others "$(others)" --argjson load "$(cut -d' ' -f1 /proc/loadavg)" \
     --arg at "$(date -u +%FT%TZ)" --argjson extra "$4" \
     '{kind: $kind, engine: $engine, round: $round, finished_at: $at, concurrent_training_jvms: $others, load_average_1min: $load} + . + $extra' >> "$out"
}

./digitnet info >/dev/null  # builds the jar first, if the sources changed
for round in $(seq 1 "$rounds"); do
  for engine in pytorch onnxruntime; do
    # Into a variable first, so that the time, load and training JVMs are taken as the run ends.
    result="$(./digitnet bench --train-steps 0 --engine "$engine" --json 2>/dev/null | jq -c 'del(.machine)')"
    echo "$result" | record bench "$engine" "$round" '{}'
    tail -1 "$out"
  done
  for engine in pytorch onnxruntime; do
    result="$(LOAD_TEST_SERVE_ARGS="--engine $engine" scripts/load-test.sh "$secs" 8 "$secs" 2>/tmp/compare-engines-load.err)"
    rss="$(grep -o '[0-9]* MB' /tmp/compare-engines-load.err | grep -o '[0-9]*')"
    echo "$result" | record wrk "$engine" "$round" "{\"server_peak_rss_mb\": ${rss:-null}}"
    tail -1 "$out"
  done
done

[ -f target/digitnet-serve-onnx.jar ] && [ -z "$(find src/main pom.xml -newer target/digitnet-serve-onnx.jar -print -quit)" ] \
  || ./mvnw -B -q -Pserve-onnx -DskipTests package >&2
./digitnet export --out /tmp/compare-engines.onnx >/dev/null 2>&1
. scripts/allocator.sh
result="$(LOAD_TEST_SERVER="java -Xmx1200m -jar target/digitnet-serve-onnx.jar" \
  LOAD_TEST_SERVE_ARGS="--model /tmp/compare-engines.onnx" scripts/load-test.sh "$secs" 8 "$secs" 2>/tmp/compare-engines-load.err)"
rss="$(grep -o '[0-9]* MB' /tmp/compare-engines-load.err | grep -o '[0-9]*')"
echo "$result" | record wrk onnxruntime-serve-only-jar 1 \
  "{\"server_peak_rss_mb\": ${rss:-null}, \"jar_mb\": $(du -m target/digitnet-serve-onnx.jar | cut -f1), \"full_jar_mb\": $(du -m target/digitnet.jar | cut -f1)}"
tail -1 "$out"
