#!/usr/bin/env bash
set -u
cd /work/main
export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 OPT_OUT_TRACKING=true
for round in 4 5 6; do
  for b in 289bb0b 02399df; do
    jar=/work/bench/digitnet-$b.jar
    LOAD_TEST_SERVER="java -Xmx1200m -Dai.djl.offline=true -jar $jar" scripts/load-test.sh 30 8 30 \
      > /work/bench/out/load-$b-r$round.json 2> /work/bench/out/load-$b-r$round.err
    echo "$(date +%T) load $b r$round $(head -c 300 /work/bench/out/load-$b-r$round.json) $(uptime | sed 's/.*average//')"
  done
done
echo DONE
