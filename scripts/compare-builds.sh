#!/usr/bin/env bash
# Side-by-side measurements of two or more builds of DigitNet (jars saved from `./mvnw package`,
# e.g. cp target/digitnet.jar /tmp/before.jar), alternating A, B, ... in each round so that the
# machine's drift falls on every build alike. Per round and build: `bench --train-steps 0 --json`
# on ONNX Runtime (batch-1 latency on one thread, evaluation images/s), unless BENCH=0, then the
# wrk load test (scripts/load-test.sh: 8 connections, SECONDS after SECONDS of warm-up). One JSON
# line per measurement, with the time, the jar and the 1-minute load average.
# Usage: scripts/compare-builds.sh ROUNDS SECONDS A.jar B.jar ...
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="$1"; seconds="$2"; shift 2
wrappers=$(mktemp -d)
trap 'rm -rf "$wrappers"' EXIT
for round in $(seq 1 "$rounds"); do
  for jar in "$@"; do
    # The launcher's set-up (allocator, offline DJL, heap) around the given jar.
    wrapper="$wrappers/$(basename "$jar" .jar)"
    printf '#!/usr/bin/env bash\n. %q\nexec java ${DIGITNET_JAVA_OPTS:--Xmx1200m} -Dai.djl.offline=true -jar %q "$@"\n' \
        "$PWD/scripts/allocator.sh" "$(realpath "$jar")" > "$wrapper"
    chmod +x "$wrapper"
    stamp() { printf '"time":"%s","round":%d,"jar":"%s","load1":%s' "$(date -u +%H:%M:%S)" "$round" "$jar" \
        "$(cut -d' ' -f1 /proc/loadavg)"; }
    if [ "${BENCH:-1}" != 0 ]; then
      bench=$("$wrapper" bench --engine onnxruntime --train-steps 0 --json 2>/dev/null \
          | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)))')
      echo "{$(stamp),\"bench\":$bench}"
    fi
    wrk=$(LOAD_TEST_SERVER="$wrapper" scripts/load-test.sh "$seconds" 8 "$seconds" 2>/tmp/compare-builds.err)
    echo "{$(stamp),\"wrk\":$wrk,\"server\":\"$(tr -d '\n"' < /tmp/compare-builds.err)\"}"
  done
done
