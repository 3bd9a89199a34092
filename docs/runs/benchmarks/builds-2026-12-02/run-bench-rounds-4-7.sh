#!/usr/bin/env bash
set -u
cd /work/main
export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 OPT_OUT_TRACKING=true
builds="8109c20 02399df 289bb0b"
for round in 4 5 6 7; do
  for b in $builds; do
    jar=/work/bench/digitnet-$b.jar
    for e in pytorch onnxruntime; do
      java -Xmx1200m -Dai.djl.offline=true -jar $jar bench --engine $e --train-steps 0 --json \
        > /work/bench/out/bench-$b-$e-r$round.json 2> /work/bench/out/bench-$b-$e-r$round.err
      echo "$(date +%T) bench $b $e r$round"
    done
  done
done
echo DONE
