#!/usr/bin/env bash
# Side-by-side HTTP load tests of `./digitnet serve` under different JVM options (garbage
# collector, heap), alternating A, B, C, ... in each round so that the machine's drift falls on
# every variant alike. One JSON line per run: the round, the options, wrk's summary.
# Usage: scripts/compare-jvm-options.sh ROUNDS SECONDS "OPTIONS A" "OPTIONS B" ...
# e.g.   scripts/compare-jvm-options.sh 2 20 "-Xmx1200m" "-Xmx1200m -XX:+UseParallelGC"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="$1"; seconds="$2"; shift 2
for round in $(seq 1 "$rounds"); do
  for options in "$@"; do
    summary=$(DIGITNET_JAVA_OPTS="$options" scripts/load-test.sh "$seconds" 8 "$seconds" 2>/tmp/compare-jvm-options.err)
    echo "{\"round\":$round,\"java_opts\":\"$options\",\"wrk\":$summary}"
  done
done
