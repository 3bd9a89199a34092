package dev.digitnet.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST's IDX format (big-endian magic, dimensions, then unsigned bytes), raw or gzipped,
 * and refuses anything that is not exactly what the header promises.
 */
public final class IdxReader {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    /** MNIST's side; Fashion-MNIST, read here too, shares it. */
    private static final int SIDE = IdxDataset.MNIST.side();

    private IdxReader() {}

    /** Images as stored: {@code count} row-major {@code rows×cols} unsigned bytes. */
    public record IdxImages(int count, int rows, int cols, byte[] pixels) {}

    public static IdxImages readImages(Path file) {
        try (InputStream in = open(file)) {
            return readImages(in, file.toString());
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    public static byte[] readLabels(Path file) {
        try (InputStream in = open(file)) {
            return readLabels(in, file.toString());
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    public static IdxImages readImages(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(maybeGunzip(stream));
        int magic = header(in, name, "magic number");
        if (magic != IMAGES_MAGIC) {
            throw new DataException(name + ": not an IDX image file (magic 0x" + Integer.toHexString(magic)
                    + ", expected 0x803)" + REFETCH);
        }
        int count = header(in, name, "image count");
        int rows = header(in, name, "row count");
        int cols = header(in, name, "column count");
        if (rows != SIDE || cols != SIDE || count < 0) {
            throw new DataException(name + ": images are " + rows + "×" + cols + " (count " + count
                    + "), expected " + SIDE + "×" + SIDE + REFETCH);
        }
        byte[] pixels = payload(in, (long) count * rows * cols, name);
        return new IdxImages(count, rows, cols, pixels);
    }

    public static byte[] readLabels(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(maybeGunzip(stream));
        int magic = header(in, name, "magic number");
        if (magic != LABELS_MAGIC) {
            throw new DataException(name + ": not an IDX label file (magic 0x" + Integer.toHexString(magic)
                    + ", expected 0x801)" + REFETCH);
        }
        int count = header(in, name, "label count");
        if (count < 0) {
            throw new DataException(name + ": negative label count " + count + REFETCH);
        }
        byte[] labels = payload(in, count, name);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 9) {
                throw new DataException(name + ": label " + i + " is " + (labels[i] & 0xff) + ", not a digit" + REFETCH);
            }
        }
        return labels;
    }

    static final String REFETCH = "; run `./digitnet data --force` to fetch it again";

    private static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    /** Gzip is recognized by its two magic bytes, so callers need not know which they have. */
    static InputStream maybeGunzip(InputStream stream) throws IOException {
        InputStream in = stream.markSupported() ? stream : new BufferedInputStream(stream);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    private static int header(DataInputStream in, String name, String field) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataException(name + ": truncated header (no " + field + ")" + REFETCH);
        }
    }

    private static byte[] payload(DataInputStream in, long expected, String name) throws IOException {
        if (expected > Integer.MAX_VALUE - 16) {
            throw new DataException(name + ": header announces " + expected + " bytes, too many" + REFETCH);
        }
        // readNBytes(int) grows its buffer as bytes arrive, so a header that lies about the count
        // costs a short read, not a huge allocation.
        byte[] data = in.readNBytes((int) expected);
        if (data.length < expected) {
            throw new DataException(name + ": truncated: expected " + expected + " data bytes, found " + data.length + REFETCH);
        }
        if (in.read() != -1) {
            throw new DataException(name + ": has bytes after the " + expected + " its header announces" + REFETCH);
        }
        return data;
    }

    private static DataException unreadable(String name, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException(name + ": missing" + REFETCH, e);
        }
        return new DataException(name + ": cannot be read (" + e.getMessage() + ")" + REFETCH, e);
    }
}
