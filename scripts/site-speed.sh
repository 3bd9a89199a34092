#!/usr/bin/env bash
# The exported static site beside the served page, in headless Chromium (issue 22): per round, a
# cold load of each in a fresh browser profile (ms until it can answer with its default model and
# with every model, bytes transferred), then pen-up → final answer for the default model and the
# teacher, 18 drawings each. One JSON line per page and round, appended to OUTPUT (default
# docs/runs/site/site-speed.jsonl). Needs chromium, chromium-driver, npm (or ONNX Runtime Web in
# its cache) and the test classes: ./mvnw -B -q -o -DskipTests test-compile first.
# Usage: scripts/site-speed.sh [ROUNDS] [OUTPUT]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cp=$(mktemp)
trap 'rm -f "$cp"' EXIT
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null || { echo "site-speed: could not resolve the classpath (./mvnw dependency:build-classpath)" >&2; exit 1; }
# shellcheck source=scripts/allocator.sh
source scripts/allocator.sh
exec java -Dai.djl.offline=true -cp "target/classes:target/test-classes:$(cat "$cp")" \
    dev.digitnet.site.SiteSpeed "${1:-3}" "${2:-docs/runs/site/site-speed.jsonl}"
