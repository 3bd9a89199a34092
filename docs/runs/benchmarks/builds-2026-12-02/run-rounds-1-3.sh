#!/usr/bin/env bash
# Side-by-side, alternating: load test (teacher, default serve engine) and bench (eval images/s,
# batch-1 latency) for three builds. Output: /work/bench/out/*.json
set -u
cd /work/main
export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 OPT_OUT_TRACKING=true
builds="8109c20 02399df 289bb0b"
for round in 1 2 3; do
  for b in $builds; do
    jar=/work/bench/digitnet-$b.jar
    LOAD_TEST_SERVER="java -Xmx1200m -Dai.djl.offline=true -jar $jar" scripts/load-test.sh 30 8 30 \
      > /work/bench/out/load-$b-r$round.json 2> /work/bench/out/load-$b-r$round.err
    echo "$(date +%T) load $b r$round $(cat /work/bench/out/load-$b-r$round.json | head -c 300)"
  done
  for b in $builds; do
    jar=/work/bench/digitnet-$b.jar
    for e in pytorch onnxruntime; do
      java -Xmx1200m -Dai.djl.offline=true -jar $jar bench --engine $e --train-steps 0 --json \
        > /work/bench/out/bench-$b-$e-r$round.json 2> /work/bench/out/bench-$b-$e-r$round.err
      echo "$(date +%T) bench $b $e r$round $(head -c 400 /work/bench/out/bench-$b-$e-r$round.json)"
    done
  done
done
echo DONE
