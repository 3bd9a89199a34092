#!/usr/bin/env bash
# HTTP load test of the draw-a-digit server with wrk (Debian: apt-get install wrk), a separate
# process on loopback: POST /api/predict of docs/seven.png from 8 connections for 30 s (wrk runs
# for a time, not a count: at the rates measured here that is well over 10,000 requests), after a
# warm-up under the same load (30 s: the JIT went on compiling the request path for about that long
# here, and throughput rose from ~410 to ~610 requests/s over it). Starts ./digitnet serve, prints
# wrk's JSON summary, then the server's peak resident memory on standard error, stops the server.
# Usage: scripts/load-test.sh [seconds] [connections] [warm-up seconds]
# LOAD_TEST_EXTERNAL=1 measures a server already running on LOAD_TEST_PORT instead (scripts/soak.sh);
# a warm-up of 0 skips the warm-up.
# LOAD_TEST_SERVE_ARGS adds serve options (e.g. "--engine onnxruntime"); LOAD_TEST_SERVER replaces
# ./digitnet (e.g. "java -jar target/digitnet-serve-onnx.jar").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-30}"
connections="${2:-8}"
warmup="${3:-30}"
port="${LOAD_TEST_PORT:-18080}"
command -v wrk >/dev/null || { echo "load-test: wrk not found (apt-get install wrk)" >&2; exit 2; }

if [ -z "${LOAD_TEST_EXTERNAL:-}" ]; then
  # Another server on the port would answer the health check and be measured instead of ours.
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "load-test: port $port is already in use (set LOAD_TEST_PORT)" >&2; exit 2
  fi
  ${LOAD_TEST_SERVER:-./digitnet} serve --port "$port" ${LOAD_TEST_SERVE_ARGS:-} >/tmp/digitnet-load-test-server.log 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
fi
url="http://127.0.0.1:$port/api/predict"
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && { [ -z "${server:-}" ] || kill -0 "$server" 2>/dev/null; } \
  || { echo "load-test: server did not start" >&2; cat /tmp/digitnet-load-test-server.log >&2; exit 1; }

if [ "$warmup" -gt 0 ]; then
  wrk -t2 -c"$connections" -d"${warmup}s" -s scripts/load-test.lua "$url" >/dev/null
fi
wrk -t2 -c"$connections" -d"${seconds}s" -s scripts/load-test.lua "$url" | grep '^{'
# ./digitnet execs java, so $server is the JVM itself.
if [ -n "${server:-}" ]; then
  echo "load-test: server peak RSS $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$server/status")" >&2
fi
