#!/usr/bin/env bash
# Run by `./mvnw verify` before the tests (never fails the build): installs what the suite wants
# when it runs as root on Debian and the pieces are missing —
#  - a caching allocator (tcmalloc): libtorch is several times slower without one;
#  - Debian's chromium + chromium-driver for the draw-a-digit browser test (without them that test
#    is reported as skipped, with the reason).
have_pkg_tools() { command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; }
apt_updated=""
apt_install() {
  have_pkg_tools || return 1
  [ -n "$apt_updated" ] || { apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >/dev/null 2>&1
}

if ! compgen -G '/usr/lib/*/libtcmalloc_minimal.so.4' >/dev/null && ! compgen -G '/usr/lib/*/libjemalloc.so.2' >/dev/null; then
  echo "test-prerequisites: installing tcmalloc (libtcmalloc-minimal4)..."
  apt_install libtcmalloc-minimal4 || echo "test-prerequisites: no tcmalloc; tests will run slower"
fi
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "test-prerequisites: installing chromium and chromium-driver for the browser test..."
  apt_install chromium chromium-driver || echo "test-prerequisites: chromium unavailable; the browser test will be reported as skipped"
fi
if ! /usr/bin/python3 -c 'import onnx' >/dev/null 2>&1; then
  echo "test-prerequisites: installing python3-onnx for the ONNX checker test..."
  apt_install python3-onnx || echo "test-prerequisites: python3-onnx unavailable; the ONNX checker test will be reported as skipped"
fi
exit 0
