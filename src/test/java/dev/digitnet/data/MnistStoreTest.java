package dev.digitnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistStoreTest {

    /** A source that serves whatever files it is given, or fails as if unreachable. */
    private record FakeSource(String name, Map<MnistFile, byte[]> files, boolean reachable) implements MnistSource {
        @Override
        public String describe() {
            return name;
        }

        @Override
        public Map<MnistFile, Path> fetch(Set<MnistFile> wanted, Path workDir, Consumer<String> log) throws IOException {
            if (!reachable) {
                throw new IOException("unreachable");
            }
            Map<MnistFile, Path> got = new EnumMap<>(MnistFile.class);
            for (MnistFile f : wanted) {
                if (files.containsKey(f)) {
                    got.put(f, Files.write(workDir.resolve(f.fileName()), files.get(f)));
                }
            }
            return got;
        }
    }

    private static Map<MnistFile, byte[]> garbage() {
        Map<MnistFile, byte[]> files = new EnumMap<>(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            files.put(f, ("not " + f.fileName()).getBytes());
        }
        return files;
    }

    @Test
    void corruptCachedFileIsReportedAsChecksumMismatchWithTheForceHint(@TempDir Path dir) throws IOException {
        for (MnistFile f : MnistFile.values()) {
            Files.writeString(dir.resolve(f.fileName()), "corrupt");
        }
        MnistStore store = new MnistStore(dir, s -> { }, List.of());
        DataException e = assertThrows(DataException.class, store::load);
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
    }

    @Test
    void downloadsFailingVerificationAreNotInstalledAndEverySourceIsTried(@TempDir Path dir) throws IOException {
        List<String> log = new ArrayList<>();
        MnistStore store = new MnistStore(dir, log::add, List.of(
                new FakeSource("dead mirror", Map.of(), false),
                new FakeSource("bad mirror", garbage(), true)));
        DataException e = assertThrows(DataException.class, store::load);
        assertTrue(e.getMessage().contains("dead mirror") && e.getMessage().contains("bad mirror"), e.getMessage());
        assertTrue(log.stream().anyMatch(l -> l.contains("checksum mismatch")), log.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing unverified, and no temporary file, is left behind");
        }
    }

    @Test
    void defaultDirectoryHonoursTheEnvironmentOrTheUserCache() {
        Path dir = MnistStore.defaultDirectory();
        String env = System.getenv(MnistStore.DIR_ENV);
        if (env != null && !env.isBlank()) {
            assertEquals(Path.of(env), dir);
        } else {
            assertTrue(dir.endsWith(Path.of("digitnet", "mnist")), dir.toString());
        }
    }

    @Test
    void realMnistInTheCacheVerifiesAndParses() {
        Path dir = MnistStore.defaultDirectory();
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve(MnistFile.TEST_LABELS.fileName())),
                "MNIST is not cached in " + dir + " (./digitnet data fetches it)");
        MnistData data = new MnistStore(dir, s -> { }, List.of()).load();
        assertEquals(60_000, data.train().count());
        assertEquals(10_000, data.test().count());
        assertEquals(7, data.test().label(0), "the first MNIST test digit is a 7");
        assertEquals(MnistFile.TRAIN_IMAGES.sha256(), data.sha256().get(MnistFile.TRAIN_IMAGES));
        assertFalse(data.sources().isEmpty());
    }
}
