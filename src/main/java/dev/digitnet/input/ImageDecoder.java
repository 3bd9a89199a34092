package dev.digitnet.input;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * Decodes untrusted image bytes within bounds that are checked from the header, before any pixel
 * memory is allocated: pixels, sides, bytes of the decoded raster (pixels × bands × bit depth, from
 * the reader's own image type), JPEG scans and frames; and a deadline on the decode itself.
 *
 * <p>Large JPEGs (phone photos) are decoded at a fraction of their size ({@link #subsampling}):
 * the digit reader works on at most {@link #WORKING_SIDE} pixels a side, and a 4000×3000 photo
 * decoded whole takes most of a request's time and 36 MB of raster for nothing.
 *
 * <p>Why each bound: a 16 KB PNG can declare 16,777,216×1 pixels, a 152 KB one 4096×4096 16-bit
 * RGBA (128 MiB decoded), a 443 KB TIFF 100 samples per pixel, and a 47 KB progressive JPEG 400
 * scans that cost ~10 ms of CPU each. Only PNG, JPEG, GIF and BMP are read: the other ImageIO
 * plugins (TIFF, WBMP) are attack surface no digit needs.
 */
public final class ImageDecoder {

    /** Formats read, as ImageIO names them (lower case). */
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "bmp");

    /**
     * The long side that preprocessing works at for photos; JPEGs are decoded no smaller than this
     * (see {@link #subsampling}).
     */
    public static final int WORKING_SIDE = 384;

    private ImageDecoder() {}

    /**
     * Memory that decodes draw from, so that however many run at once, their rasters and
     * preprocessing planes fit: {@link #reserve} may wait until enough is free.
     */
    @FunctionalInterface
    public interface Budget {
        /** No budget: nothing is reserved (the CLI decodes one image at a time). */
        Budget NONE = bytes -> () -> { };

        /** Reserves {@code bytes}; the lease gives them back when closed. */
        Lease reserve(long bytes) throws InterruptedException;
    }

    /** Reserved memory, given back by {@link #close()}. */
    @FunctionalInterface
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** A decoded image and the memory reserved for it and its preprocessing; close the lease after. */
    public record Decoded(BufferedImage image, Lease lease) {}

    /**
     * Bounds on one decode.
     *
     * @param maxPixels width × height
     * @param maxSide either side (a 16,777,216×1 picture fits the pixel bound but makes the
     *     preprocessing's border and resampling arrays as long as the picture)
     * @param maxDecodedBytes bytes of the decoded raster: pixels × bits per pixel ÷ 8
     * @param maxScans JPEG scans (progressive JPEGs decode every scan over the whole picture)
     * @param maxFrames frames or pages (GIF)
     * @param deadline wall time the decode may take before it is abandoned
     */
    public record Limits(long maxPixels, int maxSide, long maxDecodedBytes, int maxScans, int maxFrames, Duration deadline) {

        /**
         * What {@code predict} and the server accept: 4096×4096 pixels (a phone photo of a digit
         * fits), sides up to 16,384, 64 MiB decoded (4096×4096 8-bit RGBA), 32 scans (libjpeg's
         * progressive mode writes 10), 16 frames, 3 s. A 280×280 drawing decodes in about 1 ms.
         */
        public static final Limits DEFAULT = new Limits(4096L * 4096L, 16_384, 64L << 20, 32, 16, Duration.ofSeconds(3));

        public Limits {
            if (maxPixels < 1 || maxSide < 1 || maxDecodedBytes < 1 || maxScans < 1 || maxFrames < 1
                    || deadline == null || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("image limits must be positive");
            }
        }

        /** These limits with another deadline. */
        public Limits withDeadline(Duration d) {
            return new Limits(maxPixels, maxSide, maxDecodedBytes, maxScans, maxFrames, d);
        }
    }

    /**
     * Decodes the first image in {@code bytes} within {@code limits}.
     *
     * @throws UnreadableImageException with a stable {@link UnreadableImageException#code() code}
     *     and a one-line message fit for a user
     */
    public static BufferedImage decode(byte[] bytes, Limits limits) {
        Decoded decoded = decode(bytes, limits, Budget.NONE);
        decoded.lease().close();
        return decoded.image();
    }

    /**
     * Decodes within {@code limits}, first reserving from {@code budget} the memory the header says
     * the image and its preprocessing need ({@link #workingBytes}). The deadline counts from the
     * reservation, so time spent waiting for memory is not taken from the decode.
     */
    public static Decoded decode(byte[] bytes, Limits limits, Budget budget) {
        if (bytes == null || bytes.length == 0) {
            throw new UnreadableImageException("empty image: no bytes to decode");
        }
        DeadlineStream in = new DeadlineStream(bytes, System.nanoTime() + limits.deadline().toNanos());
        ImageReader reader = null;
        try {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                if (in.expired) {
                    // The readers' probes failed on the deadline, not on the bytes.
                    throw timeout(limits);
                }
                throw new UnreadableImageException("not an image: expected PNG or JPEG bytes ("
                        + bytes.length + " bytes of an unknown format)");
            }
            reader = readers.next();
            String format = reader.getFormatName().toLowerCase(Locale.ROOT);
            if (!FORMATS.contains(format)) {
                throw new UnreadableImageException(UnreadableImageException.UNSUPPORTED,
                        "unsupported image format " + format + ": send PNG or JPEG (GIF and BMP are read too)");
            }
            in.seek(0);
            reader.setInput(in, false, true);
            int sub = format.equals("jpeg") ? subsampling(reader.getWidth(0), reader.getHeight(0)) : 1;
            long working = checkHeader(reader, format, bytes, limits, sub);
            Lease lease;
            try {
                lease = budget.reserve(working);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted while waiting for memory to decode an image");
            }
            try {
                in.deadline = System.nanoTime() + limits.deadline().toNanos();
                reader.addIIOReadProgressListener(new AbortAfter(in, reader));
                BufferedImage image = reader.read(0, readParam(reader, format, sub));
                if (in.expired || System.nanoTime() - in.deadline > 0) {
                    throw timeout(limits);
                }
                if (image == null) {
                    throw new UnreadableImageException("not a readable " + reader.getFormatName() + " image");
                }
                Decoded decoded = new Decoded(image, lease);
                lease = null;
                return decoded;
            } finally {
                if (lease != null) {
                    lease.close();
                }
            }
        } catch (UnreadableImageException | java.util.concurrent.CancellationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (in.expired) {
                throw timeout(limits);
            }
            throw new UnreadableImageException("not a readable PNG or JPEG image: " + describe(e), e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    /**
     * PNGs are decoded in the byte order of the file (R, G, B[, A]) when that is the same sRGB
     * picture as ImageIO's default: the default, BGR or ABGR, makes the reader reorder every pixel
     * through the generic raster path, 0.11 ms of a 240×240 RGB drawing's 0.36 ms and 0.28 ms of a
     * 336×336 RGBA canvas's 1.18 ms. The preprocessing reads either layout (by band offsets), and
     * the checked memory ({@link #checkHeader}) is already the raw layout's. A PNG whose default
     * is not plain sRGB bytes (an ICC profile, 16 bits, a palette) decodes to ImageIO's default.
     */
    private static ImageReadParam readParam(ImageReader reader, String format, int sub) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        if (sub > 1) {
            param.setSourceSubsampling(sub, sub, 0, 0);
        }
        if (format.equals("png")) {
            ImageTypeSpecifier raw = reader.getRawImageType(0);
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            ImageTypeSpecifier preferred = types.hasNext() ? types.next() : null;
            if (raw != null && preferred != null && isSrgbBytes(raw) && isSrgbBytes(preferred)
                    && raw.getNumBands() == preferred.getNumBands()) {
                param.setDestinationType(raw);
            }
        }
        return param;
    }

    private static boolean isSrgbBytes(ImageTypeSpecifier type) {
        ColorModel cm = type.getColorModel();
        return cm instanceof ComponentColorModel && cm.getColorSpace().isCS_sRGB() && !cm.isAlphaPremultiplied()
                && type.getSampleModel().getDataType() == DataBuffer.TYPE_BYTE;
    }

    /**
     * The JPEG reader's subsampling step for a picture of {@code w×h}: every {@code s}-th pixel of
     * every {@code s}-th row, the largest whole step that keeps the long side at least {@link
     * #WORKING_SIDE}, and 1 (all pixels) up to twice that. libjpeg still decodes every block, but
     * the colour conversion and the copy into the raster skip the rest: a 4000×3000 photo at step
     * 7 decoded in 35–40 ms against 60–80 ms whole, here (load average 5). Only pictures far larger than a drawing
     * are sampled, so a canvas, a scan or an MNIST picture decodes pixel for pixel as before.
     */
    static int subsampling(long w, long h) {
        long side = Math.max(w, h);
        return side > 2L * WORKING_SIDE ? (int) Math.min(side / WORKING_SIDE, 64) : 1;
    }

    private static UnreadableImageException timeout(Limits limits) {
        return new UnreadableImageException(UnreadableImageException.TIMEOUT,
                "image took longer than " + limits.deadline().toMillis() + " ms to decode; send a smaller, simpler PNG or JPEG");
    }

    /**
     * Heap an image and its preprocessing hold: the decoded raster, the preprocessing's float
     * planes (luminance, alpha, crop: 12 bytes a pixel) and, for a photo, the planes of the
     * cleaning at {@link #WORKING_SIDE} pixels a side at most ({@link PaperCleaner#BYTES_PER_PIXEL}).
     */
    public static long workingBytes(long pixels, long decodedBytes) {
        long working = Math.min(pixels, (long) WORKING_SIDE * WORKING_SIDE);
        return decodedBytes + 12 * pixels + PaperCleaner.BYTES_PER_PIXEL * working;
    }

    /** Every bound the header can tell, before a pixel is decoded; returns {@link #workingBytes}. */
    private static long checkHeader(ImageReader reader, String format, byte[] bytes, Limits limits, int sub)
            throws IOException {
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w <= 0 || h <= 0) {
            throw new UnreadableImageException("image has no pixels");
        }
        if (w > limits.maxSide() || h > limits.maxSide() || w * h > limits.maxPixels()) {
            throw new UnreadableImageException(UnreadableImageException.TOO_LARGE, "image too large: " + w + "×" + h
                    + " pixels (at most " + limits.maxPixels() + " pixels, " + limits.maxSide() + " a side)");
        }
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        }
        if (type == null) {
            throw new UnreadableImageException(UnreadableImageException.UNSUPPORTED, "unsupported " + format + " pixel layout");
        }
        long bits = bitsPerPixel(type.getSampleModel(1, 1));
        long decoded = (w * h * bits + 7) / 8;
        if (decoded > limits.maxDecodedBytes()) {
            throw new UnreadableImageException(UnreadableImageException.TOO_LARGE, "image too large: " + w + "×" + h
                    + " pixels at " + bits + " bits each decode to " + decoded + " bytes (at most "
                    + limits.maxDecodedBytes() + ")");
        }
        if (format.equals("jpeg")) {
            int scans = jpegScans(bytes);
            if (scans > limits.maxScans()) {
                throw new UnreadableImageException(UnreadableImageException.TOO_COMPLEX, "JPEG has " + scans
                        + " scans (at most " + limits.maxScans() + "); save it as a baseline JPEG or a PNG");
            }
        }
        if (format.equals("gif")) {
            // The GIF reader walks the blocks without decoding them: linear in the (bounded) bytes.
            int frames = reader.getNumImages(true);
            if (frames > limits.maxFrames()) {
                throw new UnreadableImageException(UnreadableImageException.TOO_COMPLEX, "image has " + frames
                        + " frames (at most " + limits.maxFrames() + ")");
            }
        }
        // What is held is the sampled raster: ceil(w / sub) × ceil(h / sub) pixels.
        long sw = (w + sub - 1) / sub;
        long sh = (h + sub - 1) / sub;
        return workingBytes(sw * sh, (sw * sh * bits + 7) / 8);
    }

    /** Bits one pixel takes in the decoded raster. */
    static long bitsPerPixel(SampleModel sm) {
        int sample = DataBuffer.getDataTypeSize(sm.getDataType());
        if (sm instanceof SinglePixelPackedSampleModel) {
            return sample;
        }
        if (sm instanceof MultiPixelPackedSampleModel packed) {
            return packed.getPixelBitStride();
        }
        return (long) sm.getNumBands() * sample;
    }

    /**
     * Start-of-scan markers in a JPEG, found by walking its marker segments and skipping each
     * scan's entropy-coded data (where a 0xFF byte is always followed by 0x00 or a restart
     * marker), so bytes inside segments and scans are never mistaken for markers.
     */
    static int jpegScans(byte[] b) {
        int scans = 0;
        int i = 2; // after SOI
        while (i + 1 < b.length) {
            if ((b[i] & 0xff) != 0xff) {
                return scans; // not a marker where one must be: the reader will say what is wrong
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xff) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xd9) {
                return scans; // EOI
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                i += 2; // stand-alone markers
                continue;
            }
            if (i + 3 >= b.length) {
                return scans;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            i += 2 + length;
            if (marker == 0xda) {
                scans++;
                while (i + 1 < b.length) {
                    if ((b[i] & 0xff) != 0xff) {
                        i++;
                        continue;
                    }
                    int next = b[i + 1] & 0xff;
                    if (next == 0x00 || (next >= 0xd0 && next <= 0xd7)) {
                        i += 2;
                    } else if (next == 0xff) {
                        i++;
                    } else {
                        break;
                    }
                }
            }
        }
        return scans;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ");
    }

    /** Aborts the read at the deadline; readers call this between rows and passes. */
    private record AbortAfter(DeadlineStream in, ImageReader reader) implements IIOReadProgressListener {
        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (System.nanoTime() - in.deadline > 0) {
                reader.abort();
            }
        }

        @Override public void sequenceStarted(ImageReader source, int minIndex) {}
        @Override public void sequenceComplete(ImageReader source) {}
        @Override public void imageStarted(ImageReader source, int imageIndex) {}
        @Override public void imageComplete(ImageReader source) {}
        @Override public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {}
        @Override public void thumbnailProgress(ImageReader source, float percentageDone) {}
        @Override public void thumbnailComplete(ImageReader source) {}
        @Override public void readAborted(ImageReader source) {}
    }

    /**
     * The bytes as an image stream that fails every read after the deadline. Readers pull input
     * all through a decode (libjpeg between scans, PNG's inflater between rows), so a decode that
     * runs long stops at its next read. It also spares ImageIO's cache copy of bytes already in memory.
     */
    private static final class DeadlineStream extends ImageInputStreamImpl {
        private final byte[] data;
        /** Reset when the decode proper starts (after the memory reservation). */
        volatile long deadline;
        volatile boolean expired;

        DeadlineStream(byte[] data, long deadline) {
            this.data = data;
            this.deadline = deadline;
        }

        private void check() throws IIOException {
            if (System.nanoTime() - deadline > 0) {
                expired = true;
                throw new IIOException("decode deadline passed");
            }
        }

        @Override
        public int read() throws IOException {
            check();
            bitOffset = 0;
            return streamPos < data.length ? data[(int) streamPos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            bitOffset = 0;
            if (len == 0) {
                return 0;
            }
            if (streamPos >= data.length) {
                return -1;
            }
            int n = (int) Math.min(len, data.length - streamPos);
            System.arraycopy(data, (int) streamPos, b, off, n);
            streamPos += n;
            return n;
        }

        @Override
        public long length() {
            return data.length;
        }
    }
}
