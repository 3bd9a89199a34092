package dev.digitnet.data.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.DataException;
import dev.digitnet.io.Sha256;
import dev.digitnet.input.ModelInput;
import dev.digitnet.data.IdxFile;
import dev.digitnet.data.IdxReaderTest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fashion-MNIST cache, with {@code apt-get} and {@code dpkg-deb} replaced by small shell
 * scripts that "download" a package holding three tiny images (no network); and once with the
 * real package in the product's cache, where {@code apt-get} exists and reaches its archive (only
 * on the first run: later runs find it cached).
 */
class FashionMnistTest {

    private static final byte[] LABELS = {0, 5, 9};

    @BeforeAll
    static void needsAPosixShell() {
        Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"),
                "the fake apt-get and dpkg-deb are POSIX shell scripts");
    }

    /** Three 28×28 images: pixel j of image i is (i * 7 + j) mod 256. */
    static byte[] imagesIdx() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x803);
        out.writeInt(LABELS.length);
        out.writeInt(28);
        out.writeInt(28);
        for (int i = 0; i < LABELS.length; i++) {
            for (int j = 0; j < 784; j++) {
                out.writeByte((i * 7 + j) % 256);
            }
        }
        return bytes.toByteArray();
    }

    static byte[] labelsIdx() throws IOException {
        return IdxReaderTest.labels(LABELS.length, LABELS);
    }

    static String sha256(byte[] bytes) {
        return Sha256.of(bytes);
    }

    static IdxFile spec(String name, byte[] raw) throws Exception {
        return new IdxFile(name, LABELS.length, sha256(raw), raw.length);
    }

    /** A test bed: a cache folder, a package folder the fake dpkg-deb "unpacks", and a log of apt-get calls. */
    private record Bed(Path tmp, Path cache, Path packageFiles, Path calls) {

        static Bed in(Path tmp) throws IOException {
            Path files = Files.createDirectories(tmp.resolve("package/usr/share/datasets/fashion-mnist"));
            return new Bed(tmp, tmp.resolve("cache"), files, tmp.resolve("calls.txt"));
        }

        void put(String name, byte[] content) throws IOException {
            Files.write(packageFiles.resolve(name), content);
        }

        /** A fake command: a shell script running {@code body}. */
        List<String> script(String name, String body) throws IOException {
            Path script = Files.writeString(tmp.resolve(name + ".sh"), "#!/bin/sh\n" + body + "\n");
            return List.of("sh", script.toString());
        }

        /** apt-get that records its arguments and writes a (fake) .deb into the folder it runs in. */
        List<String> aptGet() throws IOException {
            return script("apt-get", "echo \"$@\" >> '" + calls + "'\nprintf 'not really a deb' > dataset-fashion-mnist_0.0_all.deb");
        }

        /** dpkg-deb -x DEB DIR: copies the package folder's files to DIR/usr/share/datasets/fashion-mnist. */
        List<String> dpkgDeb() throws IOException {
            return script("dpkg-deb", "[ \"$1\" = -x ] && [ -f \"$2\" ] || exit 2\n"
                    + "mkdir -p \"$3/usr/share/datasets/fashion-mnist\"\n"
                    + "cp '" + packageFiles + "'/* \"$3/usr/share/datasets/fashion-mnist/\"");
        }

        FashionMnist store(List<String> aptGet, IdxFile images, IdxFile labels) throws IOException {
            return new FashionMnist(cache, s -> { }, aptGet, dpkgDeb(), tmp.resolve("not-installed"), images, labels,
                    Duration.ofSeconds(30));
        }

        long aptGetCalls() throws IOException {
            return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
        }

        /** Everything in the cache folder, hidden leftovers included. */
        List<String> cached() throws IOException {
            if (!Files.isDirectory(cache)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(cache)) {
                return files.map(p -> p.getFileName().toString()).sorted().toList();
            }
        }
    }

    /** A bed whose package holds the three-image set, gzipped as Debian ships it. */
    private static Bed goodBed(Path tmp) throws Exception {
        Bed bed = Bed.in(tmp);
        bed.put("t10k-images-idx3-ubyte.gz", IdxReaderTest.gzip(imagesIdx()));
        bed.put("t10k-labels-idx1-ubyte.gz", IdxReaderTest.gzip(labelsIdx()));
        bed.put("train-images-idx3-ubyte.gz", IdxReaderTest.gzip("not wanted".getBytes()));
        return bed;
    }

    private static FashionMnist goodStore(Bed bed) throws Exception {
        return bed.store(bed.aptGet(), spec("t10k-images-idx3-ubyte", imagesIdx()), spec("t10k-labels-idx1-ubyte", labelsIdx()));
    }

    @Test
    void fetchesThePackageVerifiesTheFilesAndUsesTheCacheTheSecondTime(@TempDir Path tmp) throws Exception {
        Bed bed = goodBed(tmp);

        OodSet first = goodStore(bed).load();

        assertEquals(List.of("download dataset-fashion-mnist"), Files.readAllLines(bed.calls()));
        assertEquals(List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"), bed.cached(),
                "only the two verified files, no temporary leftovers");
        assertArrayEquals(imagesIdx(), Files.readAllBytes(bed.cache().resolve("t10k-images-idx3-ubyte")), "stored decompressed");
        assertEquals(OodBenchmark.FASHION, first.name());
        assertEquals(3, first.count());
        assertEquals(List.of("T-shirt/top", "Sandal", "Ankle boot"), first.items());
        // Image 1 resized exactly like an MNIST digit.
        float[] image28 = new float[784];
        for (int j = 0; j < 784; j++) {
            image28[j] = ((7 + j) % 256) / 255f;
        }
        assertArrayEquals(ModelInput.to32(image28), first.image(1));

        OodSet second = goodStore(bed).load();

        assertEquals(1, bed.aptGetCalls(), "the second load reads the cache without calling apt-get");
        assertArrayEquals(first.pixels(), second.pixels());
    }

    @Test
    void aCopyWithTheWrongChecksumIsRefused(@TempDir Path tmp) throws Exception {
        Bed bed = goodBed(tmp);
        byte[] other = imagesIdx();
        other[100] ^= 1;
        FashionMnist store = bed.store(bed.aptGet(), spec("t10k-images-idx3-ubyte", other),
                spec("t10k-labels-idx1-ubyte", labelsIdx()));

        FashionUnavailableException e = assertThrows(FashionUnavailableException.class, store::load);

        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte: checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get"), "says what was tried: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertEquals(List.of("t10k-labels-idx1-ubyte"), bed.cached(), "the bad file never enters the cache");
    }

    @Test
    void aFileLargerThanTheRealOneIsRefusedWithoutUnpackingItAll(@TempDir Path tmp) throws Exception {
        Bed bed = Bed.in(tmp);
        byte[] padded = Arrays.copyOf(imagesIdx(), imagesIdx().length + 5_000_000);
        bed.put("t10k-images-idx3-ubyte.gz", IdxReaderTest.gzip(padded));
        bed.put("t10k-labels-idx1-ubyte.gz", IdxReaderTest.gzip(labelsIdx()));

        FashionUnavailableException e = assertThrows(FashionUnavailableException.class, () -> goodStore(bed).load());

        assertTrue(e.getMessage().contains("larger than " + imagesIdx().length + " bytes"), e.getMessage());
        assertEquals(List.of("t10k-labels-idx1-ubyte"), bed.cached());
    }

    @Test
    void aMissingAptGetIsAClearOneLineError(@TempDir Path tmp) throws Exception {
        Bed bed = goodBed(tmp);
        FashionMnist store = bed.store(List.of(tmp.resolve("no-such-apt-get").toString()),
                spec("t10k-images-idx3-ubyte", imagesIdx()), spec("t10k-labels-idx1-ubyte", labelsIdx()));

        FashionUnavailableException e = assertThrows(FashionUnavailableException.class, store::load);

        assertTrue(e.getMessage().startsWith("Fashion-MNIST unavailable: "), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-apt-get download dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("is not available"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertEquals(List.of(), bed.cached(), "no work folder left behind");
    }

    @Test
    void aFailingAptGetIsReportedWithItsOutputOnOneLine(@TempDir Path tmp) throws Exception {
        Bed bed = goodBed(tmp);
        List<String> aptGet = bed.script("apt-get", "echo 'Reading package lists...'\n"
                + "echo 'E: Unable to locate package dataset-fashion-mnist' >&2\nexit 100");

        FashionUnavailableException e = assertThrows(FashionUnavailableException.class,
                () -> bed.store(aptGet, spec("t10k-images-idx3-ubyte", imagesIdx()),
                        spec("t10k-labels-idx1-ubyte", labelsIdx())).load());

        assertTrue(e.getMessage().contains("failed (exit 100)"), e.getMessage());
        assertTrue(e.getMessage().contains("E: Unable to locate package dataset-fashion-mnist"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void aHangingAptGetIsStoppedAtTheTimeout(@TempDir Path tmp) throws Exception {
        Bed bed = goodBed(tmp);
        FashionMnist store = new FashionMnist(bed.cache(), s -> { }, bed.script("apt-get", "sleep 60"), bed.dpkgDeb(),
                tmp.resolve("not-installed"), spec("t10k-images-idx3-ubyte", imagesIdx()),
                spec("t10k-labels-idx1-ubyte", labelsIdx()), Duration.ofMillis(300));
        long start = System.nanoTime();

        FashionUnavailableException e = assertThrows(FashionUnavailableException.class, store::load);

        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "returned soon after the timeout");
    }

    @Test
    void aDamagedCachedFileIsFetchedAgain(@TempDir Path tmp) throws Exception {
        Bed bed = goodBed(tmp);
        goodStore(bed).load();
        byte[] damaged = imagesIdx();
        damaged[500] ^= 0x40; // same size: only the checksum tells
        Files.write(bed.cache().resolve("t10k-images-idx3-ubyte"), damaged);

        OodSet again = goodStore(bed).load();

        assertEquals(2, bed.aptGetCalls());
        assertArrayEquals(imagesIdx(), Files.readAllBytes(bed.cache().resolve("t10k-images-idx3-ubyte")));
        assertEquals(3, again.count());
    }

    @Test
    void theInstalledPackagesFilesNeedNoDownload(@TempDir Path tmp) throws Exception {
        Bed bed = goodBed(tmp);
        FashionMnist store = new FashionMnist(bed.cache(), s -> { }, bed.aptGet(), bed.dpkgDeb(), bed.packageFiles(),
                spec("t10k-images-idx3-ubyte", imagesIdx()), spec("t10k-labels-idx1-ubyte", labelsIdx()),
                Duration.ofSeconds(30));

        assertEquals(3, store.load().count());
        assertEquals(0, bed.aptGetCalls());
    }

    @Test
    void anUnwritableCacheIsAnErrorNotUnavailability(@TempDir Path tmp) throws Exception {
        Bed bed = goodBed(tmp);
        Path notADirectory = Files.writeString(tmp.resolve("a-file"), "x");
        FashionMnist store = new FashionMnist(notADirectory.resolve("cache"), s -> { }, bed.aptGet(), bed.dpkgDeb(),
                tmp.resolve("not-installed"), spec("t10k-images-idx3-ubyte", imagesIdx()),
                spec("t10k-labels-idx1-ubyte", labelsIdx()), Duration.ofSeconds(30));

        DataException e = assertThrows(DataException.class, store::load);

        assertFalse(e instanceof FashionUnavailableException, e.getMessage());
        assertTrue(e.getMessage().contains("cannot write the Fashion-MNIST cache"), e.getMessage());
    }

    /**
     * The real set, in the product's own cache ({@link FashionMnist#defaultDirectory()}, which
     * {@code ./digitnet evaluate --ood} fills too): fetched once, then verified by size and SHA-256
     * and read from there on every later run, as the product does.
     */
    @Test
    void theRealPackageHoldsTheKnownTestSet() {
        Assumptions.assumeTrue(onPath("apt-get") && onPath("dpkg-deb"),
                "apt-get and dpkg-deb are not on the PATH (not a Debian-like system)");
        OodSet fashion;
        try {
            fashion = new FashionMnist(FashionMnist.defaultDirectory(), s -> { }).load();
        } catch (FashionUnavailableException e) {
            // Offline, or no archive that carries the package: nothing to test here. A wrong
            // checksum or size is a failure, not a skip.
            Assumptions.assumeFalse(e.getMessage().contains("download dataset-fashion-mnist` failed"),
                    "apt-get could not fetch the package: " + e.getMessage());
            throw e;
        }
        assertEquals(10_000, fashion.count());
        assertEquals("Ankle boot", fashion.item(0), "the test set's first label is 9");
        Map<String, Long> perClass = fashion.items().stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        assertEquals(10, perClass.size());
        perClass.forEach((name, n) -> assertEquals(1_000L, n, name));
        for (float v : fashion.pixels()) {
            assertTrue(v >= 0f && v <= 1f);
        }
        // Cached now: the next load reads the verified files and fetches nothing.
        List<String> log = new java.util.ArrayList<>();
        OodSet again = new FashionMnist(FashionMnist.defaultDirectory(), log::add).load();
        assertEquals(List.of(), log, "nothing fetched or refused on a rerun");
        assertArrayEquals(fashion.pixels(), again.pixels());
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }
}
