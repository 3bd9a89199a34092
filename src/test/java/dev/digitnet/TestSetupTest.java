package dev.digitnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The test JVM gets the caching allocator the launcher would give the CLI (scripts/test-jvm/bin/java). */
class TestSetupTest {

    @Test
    void testsRunWithTheCachingAllocatorWhenTheMachineHasOne() {
        Path tcmalloc = Stream.of("/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4",
                        "/usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4")
                .map(Path::of).filter(Files::isRegularFile).findFirst().orElse(null);
        Assumptions.assumeTrue(tcmalloc != null, "no tcmalloc on this machine");
        Assumptions.assumeTrue(System.getenv("DIGITNET_NO_PRELOAD") == null, "preloading turned off");
        String preload = System.getenv("LD_PRELOAD");
        assertTrue(preload != null && preload.contains(tcmalloc.toString()), "LD_PRELOAD is " + preload);
    }
}
