# Sourced by ./digitnet and scripts/test-jvm/bin/java: preloads a caching allocator when the machine has
# one. libtorch allocates large buffers for every op; glibc malloc hands them back to the kernel
# and page-faults them in again each time. A caching allocator made training ~6x faster here.
# DIGITNET_NO_PRELOAD=1 turns it off. When none is found, says once on standard error what to
# install (a fresh clone's `./digitnet evaluate` took 1 m 43 s without one, silently);
# DIGITNET_ALLOCATOR_QUIET=1 (set by scripts/test-jvm) keeps that line back.
if [ -z "${DIGITNET_NO_PRELOAD:-}" ]; then
  digitnet_allocator_found=
  for lib in /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib/x86_64-linux-gnu/libtcmalloc.so.4 \
             /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4 \
             /usr/lib/aarch64-linux-gnu/libjemalloc.so.2; do
    if [ -f "$lib" ]; then
      export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
      digitnet_allocator_found=1
      # jemalloc only: never return freed pages to the kernel (decay off).
      case "$lib" in *jemalloc*) export MALLOC_CONF="${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}";; esac
      break
    fi
  done
  if [ -z "$digitnet_allocator_found" ] && [ -z "${DIGITNET_ALLOCATOR_QUIET:-}" ]; then
    echo "digitnet: no caching allocator found, so libtorch runs several times slower on glibc malloc;" \
         "install one: apt-get install libtcmalloc-minimal4 (or libjemalloc2). DIGITNET_NO_PRELOAD=1 hides this." >&2
  fi
  unset digitnet_allocator_found
fi
