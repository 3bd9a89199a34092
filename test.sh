#!/usr/bin/env bash
# DigitNet's test command (README, .ci/run): finds or installs what the suite needs, then runs
# every test with the Maven wrapper.
#  - a caching allocator (tcmalloc/jemalloc): libtorch is several times slower without one;
#  - Debian's chromium + chromium-driver for the draw-a-digit browser test (skipped with the
#    reason if they cannot be had).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

have_pkg_tools() { command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; }
apt_updated=""
apt_install() {
  have_pkg_tools || return 1
  [ -n "$apt_updated" ] || { apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >/dev/null 2>&1
}

if ! ls /usr/lib/*/libtcmalloc_minimal.so.4 /usr/lib/*/libjemalloc.so.2 >/dev/null 2>&1; then
  echo "test.sh: installing tcmalloc (libtcmalloc-minimal4)..."
  apt_install libtcmalloc-minimal4 || echo "test.sh: no tcmalloc; tests will run slower"
fi
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "test.sh: installing chromium and chromium-driver for the browser test..."
  apt_install chromium chromium-driver || echo "test.sh: chromium unavailable; the browser test will be reported as skipped"
fi

for lib in /usr/lib/*/libtcmalloc_minimal.so.4 /usr/lib/*/libjemalloc.so.2; do
  if [ -f "$lib" ]; then
    export LD_PRELOAD="$lib"
    case "$lib" in *jemalloc*) export MALLOC_CONF="dirty_decay_ms:-1,muzzy_decay_ms:-1";; esac
    break
  fi
done
export OPT_OUT_TRACKING=true
exec ./mvnw -B verify "$@"
