package dev.digitnet.data;

import static dev.digitnet.data.IdxDataset.MNIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistStoreTest {

    /** A source that serves whatever files it is given, or fails as if unreachable. */
    private record FakeSource(String name, Map<IdxFile, byte[]> files, boolean reachable) implements MnistSource {
        @Override
        public String describe() {
            return name;
        }

        @Override
        public Map<IdxFile, Path> fetch(Set<IdxFile> wanted, Path workDir, Consumer<String> log) throws IOException {
            if (!reachable) {
                throw new IOException("unreachable");
            }
            Map<IdxFile, Path> got = new LinkedHashMap<>();
            for (IdxFile f : wanted) {
                if (files.containsKey(f)) {
                    got.put(f, Files.write(workDir.resolve(f.fileName()), files.get(f)));
                }
            }
            return got;
        }
    }

    private static Map<IdxFile, byte[]> garbage() {
        Map<IdxFile, byte[]> files = new LinkedHashMap<>();
        for (IdxFile f : MNIST.files()) {
            files.put(f, ("not " + f.fileName()).getBytes());
        }
        return files;
    }

    @Test
    void corruptCachedFileIsReportedAsChecksumMismatchWithTheForceHint(@TempDir Path dir) throws IOException {
        for (IdxFile f : MNIST.files()) {
            Files.writeString(dir.resolve(f.fileName()), "corrupt");
        }
        MnistStore store = new MnistStore(dir, s -> { }, List.of());
        DataException e = assertThrows(DataException.class, store::load);
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
    }

    @Test
    void aGzipBombIsNotExpandedPastTheKnownSize(@TempDir Path dir) throws IOException {
        // 64 MiB of zeros in ~64 KB: the labels file is 10,008 bytes, so unpacking stops there.
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(packed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
        }
        List<String> log = new ArrayList<>();
        MnistStore store = new MnistStore(dir, log::add, List.of(
                new FakeSource("bomb", Map.of(MNIST.testLabels(), packed.toByteArray()), true)));
        assertThrows(DataException.class, store::load);
        assertTrue(log.stream().anyMatch(l -> l.contains("larger than " + MNIST.testLabels().bytes() + " bytes")), log.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing left behind");
        }
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
    void checksumsAndSourcesAreListedInFileOrder() {
        Map<IdxFile, String> shuffled = new HashMap<>();
        for (IdxFile f : List.of(MNIST.testLabels(), MNIST.trainImages(), MNIST.testImages(), MNIST.trainLabels())) {
            shuffled.put(f, f.fileName());
        }
        MnistSplit empty = new MnistSplit(new byte[0], new byte[0], 0);
        MnistData data = new MnistData(empty, empty, shuffled, shuffled);
        assertEquals(MNIST.files(), List.copyOf(data.sha256().keySet()));
        assertEquals(MNIST.files(), List.copyOf(data.sources().keySet()));
    }

    // The tests below need files matching the real SHA-256s, which cannot be made up: they use
    // MNIST from the default cache, fetching it there first (as ./digitnet data does) if needed.

    private static Map<IdxFile, byte[]> realMnist() throws IOException {
        Path cache = MnistStore.defaultDirectory();
        new MnistStore(cache, System.out::println).load();
        Map<IdxFile, byte[]> files = new LinkedHashMap<>();
        for (IdxFile f : MNIST.files()) {
            files.put(f, Files.readAllBytes(cache.resolve(f.fileName())));
        }
        return files;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void verifiedFilesAreMovedIntoPlaceFromTheFirstSourceThatHasThemAndNothingElseIsLeft(@TempDir Path dir)
            throws IOException {
        Map<IdxFile, byte[]> real = realMnist();
        Map<IdxFile, byte[]> partial = new LinkedHashMap<>();
        partial.put(MNIST.testLabels(), IdxReaderTest.gzip(real.get(MNIST.testLabels())));
        partial.put(MNIST.trainLabels(), "not MNIST".getBytes());
        List<String> log = new ArrayList<>();
        MnistStore store = new MnistStore(dir, log::add, List.of(
                new FakeSource("dead mirror", Map.of(), false),
                new FakeSource("partial mirror", partial, true),
                new FakeSource("full source", real, true)));

        MnistData data = store.load();

        assertEquals(60_000, data.train().count());
        assertEquals(10_000, data.test().count());
        assertEquals("partial mirror", data.sources().get(MNIST.testLabels()), "gunzipped and verified");
        assertEquals("full source", data.sources().get(MNIST.trainLabels()), "a bad copy falls through to the next source");
        assertEquals("full source", data.sources().get(MNIST.trainImages()));
        assertTrue(log.contains("  t10k-labels-idx1-ubyte: verified, from partial mirror"), log.toString());
        assertEquals(List.of("sources.json", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
                "train-images-idx3-ubyte", "train-labels-idx1-ubyte"), names(dir), "no temporary file is left");
        assertEquals(data.sources(), new MnistStore(dir, s -> { }, List.of()).load().sources(),
                "sources.json remembers where each file came from");
    }

    @Test
    void forceFetchReplacesACorruptCachedFile(@TempDir Path dir) throws IOException {
        Map<IdxFile, byte[]> real = realMnist();
        for (IdxFile f : MNIST.files()) {
            Files.write(dir.resolve(f.fileName()), real.get(f));
        }
        byte[] corrupt = real.get(MNIST.trainLabels()).clone();
        corrupt[100] ^= 1;
        Files.write(dir.resolve(MNIST.trainLabels().fileName()), corrupt);
        MnistStore store = new MnistStore(dir, s -> { }, List.of(new FakeSource("mirror", real, true)));

        DataException e = assertThrows(DataException.class, store::load);
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte: checksum mismatch"), e.getMessage());

        MnistData data = store.fetch(true);
        assertEquals(MNIST.trainLabels().sha256(), data.sha256().get(MNIST.trainLabels()));
        assertEquals("mirror", data.sources().get(MNIST.trainLabels()));
    }

    @Test
    void realMnistInTheCacheVerifiesAndParses() {
        Path dir = MnistStore.defaultDirectory();
        new MnistStore(dir, System.out::println).load();
        // No sources: everything must now come from the cache, verified.
        MnistData data = new MnistStore(dir, s -> { }, List.of()).load();
        assertEquals(60_000, data.train().count());
        assertEquals(10_000, data.test().count());
        assertEquals(7, data.test().label(0), "the first MNIST test digit is a 7");
        assertEquals(5, data.train().label(0), "the first MNIST training digit is a 5");
        assertEquals(MNIST.trainImages().sha256(), data.sha256().get(MNIST.trainImages()));
        assertFalse(data.sources().isEmpty());
    }
}
