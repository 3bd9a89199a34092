# Sourced by ./digitnet and scripts/test-jvm/bin/java: preloads a caching allocator when the machine has
# one. libtorch allocates large buffers for every op; glibc malloc hands them back to the kernel
# and page-faults them in again each time. A caching allocator made training ~6x faster here.
# DIGITNET_NO_PRELOAD=1 turns it off.
if [ -z "${DIGITNET_NO_PRELOAD:-}" ]; then
  for lib in /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib/x86_64-linux-gnu/libtcmalloc.so.4 \
             /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4 \
             /usr/lib/aarch64-linux-gnu/libjemalloc.so.2; do
    if [ -f "$lib" ]; then
      export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
      # jemalloc only: never return freed pages to the kernel (decay off).
      case "$lib" in *jemalloc*) export MALLOC_CONF="${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}";; esac
      break
    fi
  done
fi
