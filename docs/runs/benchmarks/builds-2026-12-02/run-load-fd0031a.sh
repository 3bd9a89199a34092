#!/usr/bin/env bash
set -u
cd /work/main
export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 OPT_OUT_TRACKING=true
for round in 1 2 3; do
  for mode in all teacher; do
    args=""; [ $mode = teacher ] && args="--model teacher"
    LOAD_TEST_SERVE_ARGS="$args" LOAD_TEST_SERVER="java -Xmx1200m -Dai.djl.offline=true -jar /work/bench/digitnet-fd0031a.jar" scripts/load-test.sh 30 8 30 \
      > /work/bench/out/load-fd0031a-$mode-r$round.json 2>/dev/null
    echo "$(date +%T) $mode r$round $(head -c 220 /work/bench/out/load-fd0031a-$mode-r$round.json)"
  done
done
echo DONE
