#!/usr/bin/env bash
# Side-by-side preprocessing timing on one thread (issue 19): docs/seven.png through the old
# preprocessing and the input path now, alternating in rounds, then a 4000x3000 JPEG photo from
# bytes to model input. Needs the test classes: ./mvnw -B -q -DskipTests test-compile first.
# Usage: scripts/preprocess-timing.sh [ROUNDS]
# The classpath comes from maven-dependency-plugin at a pinned version, resolved by Maven like any
# build plugin (from the local repository, or once from the registry on a fresh machine).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cp=$(mktemp)
trap 'rm -f "$cp"' EXIT
./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile="$cp" >/dev/null
exec java -XX:ActiveProcessorCount=1 -cp "target/classes:target/test-classes:$(cat "$cp")" \
    dev.digitnet.input.PreprocessTiming "${1:-10}" docs/seven.png
