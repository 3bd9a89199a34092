#!/usr/bin/env bash
# Soak test: scripts/load-test.sh (wrk, 8 connections, the well-behaved client) against
# ./digitnet serve while scripts/HostileClient.java attacks the same server for the same time with
# image bombs, slow and endless bodies and protocol garbage. Prints one JSON line: wrk's summary
# (its non_200 and socket_errors are the well-behaved client's errors), the hostile client's counts,
# and the server's resident memory (KiB) and thread count after the warm-up (before the attack),
# at its peak, and when the attack ends.
# Usage: scripts/soak.sh [seconds] [connections] [warm-up seconds]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-60}"
connections="${2:-8}"
warmup="${3:-30}"
port="${LOAD_TEST_PORT:-18080}"
export LOAD_TEST_PORT="$port"
wrk_out="$(mktemp)"
samples="$(mktemp)"
trap 'rm -f "$wrk_out" "$samples"' EXIT

scripts/load-test.sh "$seconds" "$connections" "$warmup" > "$wrk_out" &
load=$!
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  sleep 0.5
done
pid="$(pgrep -f "digitnet.jar serve --port $port" | head -1)"
[ -n "$pid" ] || { echo "soak: server did not start" >&2; exit 1; }
memory() { ps -o rss=,nlwp= -p "$pid" | awk '{printf "{\"rss_kib\":%d,\"threads\":%d}", $1, $2}'; }

# The hostile client takes ~2 s to compile and build its payloads: start it that much before the
# measured wrk run begins, so the two overlap for the whole run.
sleep "$((warmup > 2 ? warmup - 2 : 0))"
before="$(memory)"
( while kill -0 "$pid" 2>/dev/null; do ps -o rss=,nlwp= -p "$pid" >> "$samples" || true; sleep 1; done ) &
sampler=$!
hostile="$(java scripts/HostileClient.java "http://127.0.0.1:$port" "$seconds")"
after="$(memory)"
wait "$load"
kill "$sampler" 2>/dev/null || true
peak="$(awk 'BEGIN{r=0;t=0} {if ($1>r) r=$1; if ($2>t) t=$2} END{printf "{\"rss_kib\":%d,\"threads\":%d}", r, t}' "$samples")"
printf '{"wrk":%s,"hostile":%s,"server":{"before":%s,"peak":%s,"after":%s}}\n' \
  "$(grep '^{' "$wrk_out" | tail -1)" "$hostile" "$before" "$peak" "$after"
