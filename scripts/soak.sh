#!/usr/bin/env bash
# Soak test: scripts/load-test.sh (wrk, 8 connections: the well-behaved client) against
# ./digitnet serve while scripts/HostileClient.java attacks the same server with image bombs, slow
# and endless bodies and protocol garbage, from before the measured run starts until after it ends.
# Prints one JSON line: wrk's summary (its non_200 and socket_errors are the well-behaved client's
# errors), the hostile client's counts, and the server's resident memory (KiB) and thread count
# after the warm-up (before the attack), at their peak, when the attack has ended, and 35 s later
# (idle worker threads end after 30 s).
# Usage: scripts/soak.sh [seconds] [connections] [warm-up seconds] [hostile requests/s per kind, 0 = unpaced]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-60}"
connections="${2:-8}"
warmup="${3:-30}"
rate="${4:-50}"
port="${LOAD_TEST_PORT:-18080}"
export LOAD_TEST_PORT="$port"
samples="$(mktemp)"

./digitnet serve --port "$port" >/tmp/digitnet-soak-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -f "$samples"' EXIT
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  sleep 0.5
done
pid="$(pgrep -f "digitnet.jar serve --port $port" | head -1)"
[ -n "$pid" ] || { echo "soak: server did not start" >&2; cat /tmp/digitnet-soak-server.log >&2; exit 1; }
memory() { ps -o rss=,nlwp= -p "$pid" | awk '{printf "{\"rss_kib\":%d,\"threads\":%d}", $1, $2}' || echo null; }

# Warm-up under the well-behaved load alone (the JIT compiles the request path for ~30 s).
[ "$warmup" -gt 0 ] && LOAD_TEST_EXTERNAL=1 scripts/load-test.sh "$warmup" "$connections" 0 >/dev/null
before="$(memory)"
( while kill -0 "$pid" 2>/dev/null; do ps -o rss=,nlwp= -p "$pid" >> "$samples" || true; sleep 1; done ) &
sampler=$!
# The attack runs 10 s longer than the measurement and starts ~5 s before it (the client compiles
# from source and builds its payloads in ~2-3 s), so it covers the whole measured run.
hostile_out="$(mktemp)"
java scripts/HostileClient.java "http://127.0.0.1:$port" "$((seconds + 10))" "$rate" > "$hostile_out" &
hostile=$!
sleep 5
wrk_json="$(LOAD_TEST_EXTERNAL=1 scripts/load-test.sh "$seconds" "$connections" 0)"
wait "$hostile"
after="$(memory)"
sleep 35
settled="$(memory)"
kill "$sampler" 2>/dev/null || true
peak="$(awk 'BEGIN{r=0;t=0} {if ($1>r) r=$1; if ($2>t) t=$2} END{printf "{\"rss_kib\":%d,\"threads\":%d}", r, t}' "$samples")"
printf '{"wrk":%s,"hostile":%s,"server":{"before":%s,"peak":%s,"after":%s,"settled":%s}}\n' \
  "$wrk_json" "$(cat "$hostile_out")" "$before" "$peak" "$after" "$settled"
rm -f "$hostile_out"
