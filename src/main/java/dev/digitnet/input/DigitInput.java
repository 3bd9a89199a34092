package dev.digitnet.input;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way a picture becomes the model's input, used by {@code digitnet predict}, the Java API
 * ({@code DigitClassifier}) and both routes of the HTTP API: bytes are decoded within bounds
 * ({@link ImageDecoder}), then
 *
 * <ul>
 *   <li>a clean picture (a drawing, a scan, an MNIST picture: plain paper, see {@link
 *       MnistNormalizer#isClean}) is normalised MNIST-style as it always was;
 *   <li>a photo of paper is cleaned first ({@link PaperCleaner}: lighting, noise, ruled lines,
 *       page edges and shadows), then normalised the same way;
 *   <li>a 28×28 grid of numbers (the API's {@code pixels}) is only resized.
 * </ul>
 *
 * <p>Thread-safe: calls on different threads share nothing; calls on one thread reuse one
 * luminance plane for pictures of the same size (see {@code MnistNormalizer#KEPT_PLANE_PIXELS}),
 * which no answer refers to.
 */
public final class DigitInput {

    private DigitInput() {}

    /** Decodes within {@link ImageDecoder.Limits#DEFAULT} and reads the digit. */
    public static ModelInput read(byte[] encodedImage) {
        return read(encodedImage, ImageDecoder.Limits.DEFAULT, ImageDecoder.Budget.NONE, null);
    }

    /**
     * Decodes within {@code limits}, holding the image's memory from {@code budget} until the digit
     * is read (the server's concurrent requests share one budget).
     *
     * @throws UnreadableImageException (an {@link IllegalArgumentException}) with a one-line message
     */
    public static ModelInput read(byte[] encodedImage, ImageDecoder.Limits limits, ImageDecoder.Budget budget) {
        return read(encodedImage, limits, budget, null);
    }

    /** {@link #read(byte[], ImageDecoder.Limits, ImageDecoder.Budget)}, leaving what it did in {@code trace}. */
    public static ModelInput read(byte[] encodedImage, ImageDecoder.Limits limits, ImageDecoder.Budget budget,
            InputTrace trace) {
        ImageDecoder.Decoded decoded = ImageDecoder.decode(encodedImage, limits, budget);
        try (ImageDecoder.Lease lease = decoded.lease()) {
            return fromImage(decoded.image(), trace);
        }
    }

    /**
     * Reads a PNG or JPEG file (within {@link ImageDecoder.Limits#DEFAULT}).
     *
     * @throws IOException if the file cannot be read
     * @throws UnreadableImageException if it is not a readable image, or too large; the message
     *     starts with the file's name
     */
    public static ModelInput read(Path imageFile, InputTrace trace) throws IOException {
        // Checked before reading: an image file larger than its largest decoded raster is not one we read.
        long size = Files.size(imageFile);
        long max = ImageDecoder.Limits.DEFAULT.maxDecodedBytes();
        if (size > max) {
            throw new UnreadableImageException(UnreadableImageException.TOO_LARGE,
                    imageFile + ": file too large for an image of a digit: " + size + " bytes (at most " + max + ")");
        }
        byte[] bytes = Files.readAllBytes(imageFile);
        try {
            return read(bytes, ImageDecoder.Limits.DEFAULT, ImageDecoder.Budget.NONE, trace);
        } catch (UnreadableImageException e) {
            throw new UnreadableImageException(imageFile + ": " + e.getMessage(), e);
        }
    }

    /** Reads the digit in a picture of any size and kind (RGB, gray, with alpha; either polarity). */
    public static ModelInput fromImage(BufferedImage image) {
        return fromImage(image, null);
    }

    /** {@link #fromImage(BufferedImage)}, leaving what it did in {@code trace} (may be {@code null}). */
    public static ModelInput fromImage(BufferedImage image, InputTrace trace) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] lum = MnistNormalizer.luminance(image, w, h);
        MnistNormalizer.Paper paper = MnistNormalizer.paperOf(lum, w, h);
        ModelInput input;
        if (paper.blank() && paper.range() < MnistNormalizer.MIN_CONTRAST) {
            input = ModelInput.blank();
            if (trace != null) {
                trace.route(InputTrace.Route.BLANK);
            }
        } else if (paper.blank()) {
            // Blank as a clean picture (nothing towards the ink's side of its border), yet with
            // contrast: a dim photo, or one whose border is in shadow, has paper darker than
            // middle grey and was read as light ink on dark. The cleaning decides the polarity.
            if (trace != null) {
                trace.route(InputTrace.Route.PHOTO);
            }
            input = MnistNormalizer.fromInk(PaperCleaner.clean(lum, w, h, trace)).asPhoto();
        } else if (MnistNormalizer.isClean(lum, w, h, paper)) {
            MnistNormalizer.Ink ink = MnistNormalizer.inkOf(lum, w, h, paper);
            if (trace != null) {
                trace.route(InputTrace.Route.CLEAN);
                trace.cleaned(ink.values(), w, h);
            }
            input = MnistNormalizer.fromInk(ink);
        } else {
            if (trace != null) {
                trace.route(InputTrace.Route.PHOTO);
            }
            input = MnistNormalizer.fromInk(PaperCleaner.clean(lum, w, h, trace)).asPhoto();
        }
        if (trace != null) {
            trace.input(input);
        }
        return input;
    }

    /**
     * A 28×28 array that is already MNIST-like (ink bright on dark, centred): values in [0, 1], or
     * in [0, 255] (detected when any value exceeds 1, then divided by 255). It is only resized to
     * 32×32; an all-zero grid is {@linkplain ModelInput#empty() empty}.
     *
     * @throws IllegalArgumentException for a wrong shape or values that are not finite numbers in
     *     [0, 255]
     */
    public static ModelInput fromGrid28(double[][] grid) {
        int side = ModelInput.MNIST_SIZE;
        if (grid == null || grid.length != side) {
            throw new IllegalArgumentException("pixels must be " + side + " rows of " + side + " numbers, got "
                    + (grid == null ? "nothing" : grid.length + " rows"));
        }
        double max = 0;
        for (int y = 0; y < side; y++) {
            if (grid[y] == null || grid[y].length != side) {
                throw new IllegalArgumentException("pixels must be " + side + " rows of " + side + " numbers, row " + y + " has "
                        + (grid[y] == null ? "nothing" : grid[y].length + " numbers"));
            }
            for (int x = 0; x < side; x++) {
                double v = grid[y][x];
                if (!Double.isFinite(v) || v < 0 || v > 255) {
                    throw new IllegalArgumentException("pixel [" + y + "][" + x + "] = " + v
                            + " is outside [0, 1] (or [0, 255])");
                }
                max = Math.max(max, v);
            }
        }
        if (max == 0) {
            return ModelInput.blank();
        }
        double divisor = max > 1 ? 255 : 1;
        float[] image28 = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image28[y * side + x] = (float) (grid[y][x] / divisor);
            }
        }
        return ModelInput.of28(image28);
    }
}
