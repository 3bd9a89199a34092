package dev.digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class IdxReaderTest {

    static byte[] images(int magic, int count, int rows, int cols, int payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < payload; i++) {
            out.writeByte(i % 256);
        }
        return bytes.toByteArray();
    }

    /** An IDX labels file: the header, then {@code values} (tests elsewhere build theirs with it). */
    public static byte[] labels(int count, byte... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.LABELS_MAGIC);
        out.writeInt(count);
        out.write(values);
        return bytes.toByteArray();
    }

    /** {@code raw} gzipped, as the classic dataset files are served. */
    public static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    private static Path write(Path dir, String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void readsValidRawAndGzippedImages(@TempDir Path dir) throws IOException {
        byte[] raw = images(IdxReader.IMAGES_MAGIC, 2, 28, 28, 2 * 784);
        for (Path file : new Path[] {write(dir, "raw-idx3", raw), write(dir, "gz-idx3", gzip(raw))}) {
            IdxReader.IdxImages read = IdxReader.readImages(file);
            assertEquals(2, read.count());
            assertEquals(28, read.rows());
            assertEquals((byte) 200, read.pixels()[200]);
            assertArrayEquals(Arrays.copyOfRange(raw, 16, raw.length), read.pixels());
        }
    }

    @Test
    void readsValidLabels(@TempDir Path dir) throws IOException {
        byte[] read = IdxReader.readLabels(write(dir, "labels", gzip(labels(3, (byte) 7, (byte) 0, (byte) 9))));
        assertArrayEquals(new byte[] {7, 0, 9}, read);
    }

    private static void assertRejected(Path file, String expectedText, boolean imagesFile) {
        DataException e = assertThrows(DataException.class,
                () -> {
                    if (imagesFile) {
                        IdxReader.readImages(file);
                    } else {
                        IdxReader.readLabels(file);
                    }
                });
        assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expectedText), e.getMessage());
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
    }

    @Test
    void rejectsWrongMagic(@TempDir Path dir) throws IOException {
        assertRejected(write(dir, "f", images(0x0801, 1, 28, 28, 784)), "magic", true);
        assertRejected(write(dir, "g", images(0x0803, 1, 28, 28, 784)), "magic", false);
    }

    @Test
    void rejectsTruncatedPayload(@TempDir Path dir) throws IOException {
        assertRejected(write(dir, "f", images(IdxReader.IMAGES_MAGIC, 2, 28, 28, 784 + 5)), "truncated", true);
    }

    @Test
    void rejectsTrailingBytes(@TempDir Path dir) throws IOException {
        assertRejected(write(dir, "f", images(IdxReader.IMAGES_MAGIC, 1, 28, 28, 785)), "after", true);
    }

    @Test
    void rejectsWrongImageDimensions(@TempDir Path dir) throws IOException {
        assertRejected(write(dir, "f", images(IdxReader.IMAGES_MAGIC, 1, 32, 32, 1024)), "expected 28×28", true);
    }

    @Test
    void rejectsLabelsThatAreNotDigits(@TempDir Path dir) throws IOException {
        assertRejected(write(dir, "f", labels(2, (byte) 3, (byte) 12)), "not a digit", false);
    }

    @Test
    void aHeaderPromisingFarMoreThanTheFileHoldsIsReportedAsTruncated(@TempDir Path dir) throws IOException {
        // 2.5 million images would be a 2 GB buffer if it were allocated before reading.
        assertRejected(write(dir, "f", images(IdxReader.IMAGES_MAGIC, 2_500_000, 28, 28, 784)),
                "expected 1960000000 data bytes, found 784", true);
    }

    @Test
    void streamsAreNamedInMessagesToo() throws IOException {
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(
                new ByteArrayInputStream(gzip(labels(1, (byte) 10))), "upload.gz"));
        assertTrue(e.getMessage().startsWith("upload.gz: "), e.getMessage());
    }

    @Test
    void rejectsEmptyFile(@TempDir Path dir) throws IOException {
        assertRejected(write(dir, "f", new byte[0]), "truncated header", true);
    }
}
