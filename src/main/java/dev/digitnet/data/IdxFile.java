package dev.digitnet.data;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One IDX file of a dataset: its name (as in the cache folder), its item count, the SHA-256 of its
 * decompressed bytes (lower-case hex), and its sizes: decompressed (exact: the IDX header plus one
 * byte per label or pixel) and, where the dataset is downloaded as the classic {@code .gz} files,
 * the size of that file. Downloads and decompression are capped by these sizes, so a hostile
 * source cannot fill the disk before the checksum rejects its file.
 *
 * @param gzipBytes size of the classic {@code .gz} file; empty where the dataset is not
 *     downloaded file by file (Fashion-MNIST comes in a Debian package, which apt verifies as a
 *     whole), so no download cap applies
 */
public record IdxFile(String fileName, int count, String sha256, long bytes, OptionalLong gzipBytes) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public IdxFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(gzipBytes, "gzipBytes");
        if (fileName.isBlank()) {
            throw new IllegalArgumentException("an IDX file needs a name");
        }
        if (count <= 0 || bytes <= 0) {
            throw new IllegalArgumentException(fileName + ": count and size must be positive, got " + count + " and "
                    + bytes);
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(fileName + ": the SHA-256 must be 64 lower-case hex digits, got " + sha256);
        }
        if (gzipBytes.isPresent() && gzipBytes.getAsLong() <= 0) {
            throw new IllegalArgumentException(fileName + ": the .gz size must be positive, got " + gzipBytes.getAsLong());
        }
    }

    /** A file downloaded as the classic {@code .gz} file of {@code gzipBytes} bytes. */
    public IdxFile(String fileName, int count, String sha256, long bytes, long gzipBytes) {
        this(fileName, count, sha256, bytes, OptionalLong.of(gzipBytes));
    }

    /** A file that is not downloaded on its own, so has no {@code .gz} size to cap a download at. */
    public IdxFile(String fileName, int count, String sha256, long bytes) {
        this(fileName, count, sha256, bytes, OptionalLong.empty());
    }

    /**
     * Most bytes a download of the {@code .gz} file may take: the classic file's size plus an
     * eighth, for a mirror that compressed the same bytes with another tool.
     *
     * @throws IllegalStateException for a file with no {@code .gz} size
     */
    public long maxDownloadBytes() {
        long gzip = gzipBytes.orElseThrow(() -> new IllegalStateException(fileName + " is not downloaded as a .gz file"));
        return gzip + gzip / 8;
    }
}
