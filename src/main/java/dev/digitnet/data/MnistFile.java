package dev.digitnet.data;

/**
 * The four MNIST IDX files, with their item counts, the SHA-256 of their decompressed bytes, and
 * their sizes: decompressed (exact: the IDX header plus one byte per label or pixel) and as the
 * classic {@code .gz} files the mirrors serve. Downloads and decompression are capped by these
 * sizes, so a hostile mirror cannot fill the disk before the checksum rejects its file.
 */
public enum MnistFile {
    TRAIN_IMAGES("train-images-idx3-ubyte", 60_000, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            16 + 60_000L * 28 * 28, 9_912_422),
    TRAIN_LABELS("train-labels-idx1-ubyte", 60_000, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            8 + 60_000L, 28_881),
    TEST_IMAGES("t10k-images-idx3-ubyte", 10_000, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            16 + 10_000L * 28 * 28, 1_648_877),
    TEST_LABELS("t10k-labels-idx1-ubyte", 10_000, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
            8 + 10_000L, 4_542);

    private final String fileName;
    private final int count;
    private final String sha256;
    private final long bytes;
    private final long gzipBytes;

    MnistFile(String fileName, int count, String sha256, long bytes, long gzipBytes) {
        this.fileName = fileName;
        this.count = count;
        this.sha256 = sha256;
        this.bytes = bytes;
        this.gzipBytes = gzipBytes;
    }

    /** Size of the IDX file: nothing that decompresses to more can be it. */
    public long bytes() {
        return bytes;
    }

    /**
     * Most bytes a download of the {@code .gz} file may take: the classic file's size plus an
     * eighth, for a mirror that compressed the same bytes with another tool.
     */
    public long maxDownloadBytes() {
        return gzipBytes + gzipBytes / 8;
    }

    /** The raw IDX file name, as in the cache folder. */
    public String fileName() {
        return fileName;
    }

    public int count() {
        return count;
    }

    /** SHA-256 of the decompressed IDX file, lower-case hex. */
    public String sha256() {
        return sha256;
    }
}
