package dev.digitnet.input;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * The MNIST-style normalisation of a picture of a single digit: it becomes the 28×28 image MNIST
 * would have made of it, then the model's 32×32 input. {@link DigitInput} runs it on every
 * picture, after {@link PaperCleaner} when the picture is a photo rather than a clean drawing.
 *
 * <p>Steps for a clean picture:
 *
 * <ol>
 *   <li>grayscale luminance; transparent pixels are composited onto a background that contrasts
 *       with the strokes, so a transparent canvas with dark (or light) strokes works;
 *   <li>polarity: the background is the median colour of the border; ink becomes bright on dark,
 *       stretched so the strongest ink is 1 and faint paper texture is 0;
 *   <li>the bounding box of the ink (pixels clearly above the background); none → {@linkplain
 *       ModelInput#empty() empty};
 *   <li>the box is scaled to fit 20×20 keeping its aspect ratio (area averaging when shrinking,
 *       bilinear when enlarging);
 *   <li>it is pasted into 28×28 so that its centre of mass lands on the centre (14, 14), shifted
 *       by whole pixels and clamped to stay inside, as MNIST was made;
 *   <li>the 28×28 image is resized to 32×32 with {@link dev.digitnet.data.Images#resizeBilinear} (PyTorch's
 *       half-pixel bilinear rule), the very code that prepares the training data.
 * </ol>
 *
 * <p>Coordinates: pixel {@code i} covers {@code [i, i+1)}, so the centre of a 28×28 image is 14.0.
 */
final class MnistNormalizer {

    private static final int MNIST_SIZE = ModelInput.MNIST_SIZE;
    /** Side of the box the digit is scaled to fit, as in MNIST. */
    static final int BOX_SIZE = 20;

    /** Below this contrast (max ink − background, on a 0..1 scale) a picture is blank. */
    static final double MIN_CONTRAST = 0.12;
    /** Normalised ink at or below this is paper texture / noise and becomes 0. */
    static final double NOISE_FLOOR = 0.1;
    /** Normalised ink above this counts for the bounding box. */
    static final double INK_THRESHOLD = 0.05;

    private MnistNormalizer() {}

    /**
     * The MNIST-style input for a picture's ink: the box cropped, fit into 20×20, centred by its
     * centre of mass in 28×28, resized to 32×32. Blank when there is no ink.
     */
    static ModelInput fromInk(Ink ink) {
        if (ink == null || ink.x1() < 0) {
            return ModelInput.blank();
        }
        int w = ink.w();
        int x0 = ink.x0(), y0 = ink.y0(), x1 = ink.x1(), y1 = ink.y1();
        int bw = x1 - x0 + 1;
        int bh = y1 - y0 + 1;
        // Fit 20×20 keeping the aspect ratio, read straight from the box inside the plane.
        double scale = (double) BOX_SIZE / Math.max(bw, bh);
        int dw = clamp((int) Math.round(bw * scale), 1, BOX_SIZE);
        int dh = clamp((int) Math.round(bh * scale), 1, BOX_SIZE);
        float[] box = resample(ink.values(), y0 * w + x0, w, bw, bh, dw, dh);
        float max = 0;
        for (float v : box) {
            max = Math.max(max, v);
        }
        if (max <= 0) {
            return ModelInput.blank();
        }
        for (int i = 0; i < box.length; i++) {
            box[i] = Math.min(1f, box[i] / max); // strongest ink is 1, like MNIST
        }
        // Centre of mass of the box, in its own continuous coordinates.
        double mass = 0, mx = 0, my = 0;
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                double v = box[y * dw + x];
                mass += v;
                mx += v * (x + 0.5);
                my += v * (y + 0.5);
            }
        }
        int ox = clamp((int) Math.round(MNIST_SIZE / 2.0 - mx / mass), 0, MNIST_SIZE - dw);
        int oy = clamp((int) Math.round(MNIST_SIZE / 2.0 - my / mass), 0, MNIST_SIZE - dh);
        float[] image28 = new float[MNIST_SIZE * MNIST_SIZE];
        for (int y = 0; y < dh; y++) {
            System.arraycopy(box, y * dw, image28, (oy + y) * MNIST_SIZE + ox, dw);
        }
        return ModelInput.of28(image28);
    }

    // ------------------------------------------------------------------------------------------
    // Luminance, alpha and polarity
    // ------------------------------------------------------------------------------------------

    /**
     * Ink per pixel of a {@code w}-wide plane, row-major, in [0, 1] (bright = ink), and the bounding
     * box of clear ink (pixels above {@link #INK_THRESHOLD}), {@code x1 < 0} when there is none.
     */
    record Ink(float[] values, int w, int h, int x0, int y0, int x1, int y1) {}

    /**
     * The paper a picture's ink is measured from.
     *
     * @param background the median luminance of the border
     * @param sign -1 when the background is light (ink is darker), 1 when it is dark
     * @param contrast how far the strongest ink is from the background, in [0, 1]
     * @param range brightest minus darkest pixel
     */
    record Paper(float background, float sign, float contrast, float range) {

        /** Too little contrast towards the ink's side: a blank page, if it is a clean one. */
        boolean blank() {
            return contrast < MIN_CONTRAST;
        }
    }

    /**
     * Luminance in [0, 1], row-major, with translucent pixels composited onto a background that
     * contrasts with the strokes. The picture's size is most of a request's preprocessing cost, so
     * each pass over its pixels is a tight loop.
     */
    static float[] luminance(BufferedImage image, int w, int h) {
        int n = w * h;
        float[] lum = plane(n);
        // Opaque pictures (most PNGs and every JPEG) need no alpha plane.
        float[] alpha = image.getColorModel().hasAlpha() ? new float[n] : null;
        boolean translucent = readLuminance(image, w, h, lum, alpha);
        if (translucent) {
            compositeAlpha(lum, alpha, w, h);
        }
        return lum;
    }

    /**
     * Pictures of at most this many pixels (a 1024×1024 photo) have their luminance plane kept per
     * thread for the next picture of the same size: at 240×240 it is 230 KB of the ~500 KB a
     * server request allocated, and the young collections that allocation set off every ~0.2 s
     * under load paused every request in flight. Larger pictures are rare and get a plane of their
     * own, so a thread keeps at most 4 MB.
     */
    static final int KEPT_PLANE_PIXELS = 1 << 20;

    private static final ThreadLocal<float[]> PLANE = new ThreadLocal<>();

    /**
     * A plane of exactly {@code n} pixels (every pass reads {@code length} as the picture's size)
     * that nothing else on this thread holds: the plane never outlives the reading of one picture
     * ({@link DigitInput#fromImage} copies what it keeps, and so does {@link InputTrace}).
     */
    private static float[] plane(int n) {
        if (n > KEPT_PLANE_PIXELS) {
            return new float[n];
        }
        float[] kept = PLANE.get();
        if (kept == null || kept.length != n) {
            kept = new float[n];
            PLANE.set(kept);
        }
        return kept;
    }

    /** The picture's paper (see {@link Paper#blank()}). */
    static Paper paperOf(float[] lum, int w, int h) {
        int n = w * h;
        float background = borderMedian(lum, w, h);
        boolean lightBackground = background >= 0.5f;
        // Ink is the distance from the background towards the other polarity, max(0, sign·(lum − background)).
        // The strongest ink (the contrast) is that of the darkest or brightest pixel: subtracting the
        // background is monotonic in floating point too, so this is the maximum over the pixels.
        // (Both extremes in one loop ran in half the time of either one alone: 23 against 43 µs.)
        float darkest = lum[0];
        float brightest = lum[0];
        // Comparisons rather than Math.min/max: luminance is never NaN, and the JIT's NaN-exact
        // float min/max took most of this loop's time.
        for (int i = 1; i < n; i++) {
            float v = lum[i];
            darkest = v < darkest ? v : darkest;
            brightest = v > brightest ? v : brightest;
        }
        float sign = lightBackground ? -1f : 1f;
        float contrast = Math.max(0f, sign * ((lightBackground ? darkest : brightest) - background));
        return new Paper(background, sign, contrast, brightest - darkest);
    }

    /** Off the paper by more than this (on 0..1) a pixel is not plain paper: 5 of 255 levels. */
    static final float PAPER_TOLERANCE = 5 / 255f;
    /** Ink at least this share of the contrast is a stroke's core. */
    static final float CORE = 0.5f;
    /** A clean picture has at most this many pixels off the paper per pixel of stroke core. */
    static final int OFF_PAPER_PER_CORE = 3;

    /**
     * Whether a picture is clean: plain paper (a drawing, a scan, an MNIST picture) on which
     * everything that is not exactly the paper's colour is a stroke or its anti-aliased edge. Two
     * counts against the pixels of stroke core (ink above half the contrast) tell:
     *
     * <ul>
     *   <li>pixels off the paper by more than {@link #PAPER_TOLERANCE}: at most {@link
     *       #OFF_PAPER_PER_CORE} per core pixel (uneven light, shadows and ruled lines are off the
     *       paper and no stroke);
     *   <li>pixels off the paper by less than that, but off it: at most one per two core pixels
     *       and one per four pixels of exactly the paper's colour (a clean picture's paper is one
     *       exact colour, only the outermost edge of a stroke is faintly off it; a camera's noise
     *       puts most of a photo's paper there, a shadow's or a dim photo's included).
     * </ul>
     *
     * Clean pictures are read as they always were; the rest go through {@link PaperCleaner}.
     */
    static boolean isClean(float[] lum, int w, int h, Paper paper) {
        float bg = paper.background();
        float sign = paper.sign();
        float core = CORE * paper.contrast();
        // Counted on a grid of about CLEAN_SAMPLES pixels: every pixel of a small picture, every
        // step-th pixel of every step-th row of a larger one. The counts are compared as ratios,
        // which a regular sample keeps, and this runs on every clean request (0.09 ms for all the
        // pixels of a 240×240 drawing, the whole budget of the check).
        int step = Math.max(1, (int) Math.sqrt((double) w * h / CLEAN_SAMPLES));
        int sampled = 0;
        int faint = 0;
        int exact = 0;
        int cores = 0;
        for (int y = step / 2; y < h; y += step) {
            int row = y * w;
            for (int x = step / 2; x < w; x += step) {
                float d = lum[row + x] - bg;
                float a = Math.abs(d);
                faint += a > 0 && a <= PAPER_TOLERANCE ? 1 : 0;
                exact += a == 0 ? 1 : 0;
                cores += sign * d > core ? 1 : 0;
                sampled++;
            }
        }
        int offPaper = sampled - exact - faint;
        return offPaper <= OFF_PAPER_PER_CORE * cores && 2 * faint <= cores && 4 * faint <= exact;
    }

    /** About how many pixels {@link #isClean} looks at. */
    static final int CLEAN_SAMPLES = 4096;

    /** The ink of a clean picture, computed in place in {@code lum}, and its bounding box. */
    static Ink inkOf(float[] lum, int w, int h, Paper paper) {
        int n = w * h;
        float background = paper.background();
        float sign = paper.sign();
        float contrast = paper.contrast();
        // Stretched so the strongest ink is 1 and the noise floor is 0: max(0, (v/contrast − floor)/(1 − floor)).
        // A loop of its own, without branches, so that the JIT vectorizes it.
        float gain = (float) (1 / (contrast * (1 - NOISE_FLOOR)));
        float offset = (float) (NOISE_FLOOR / (1 - NOISE_FLOOR));
        float[] ink = lum;
        for (int i = 0; i < n; i++) {
            ink[i] = Math.max(0f, Math.max(0f, sign * (lum[i] - background)) * gain - offset);
        }
        return boxed(ink, w, h);
    }

    /** The bounding box of clear ink: each row searched from its left end, and from its right end when it has ink. */
    static Ink boxed(float[] ink, int w, int h) {
        int x0 = w, y0 = -1, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int end = row + w;
            int first = row;
            while (first < end && !(ink[first] > INK_THRESHOLD)) {
                first++;
            }
            if (first == end) {
                continue;
            }
            int last = end - 1;
            while (!(ink[last] > INK_THRESHOLD)) {
                last--;
            }
            x0 = Math.min(x0, first - row);
            x1 = Math.max(x1, last - row);
            if (y0 < 0) {
                y0 = y;
            }
            y1 = y;
        }
        return new Ink(ink, w, h, x0, y0, x1, y1);
    }

    /** A picture's ink as a clean picture's (for tests): {@code null} when blank. */
    static Ink inkOf(BufferedImage image, int w, int h) {
        // A plane of its own: the test keeps the ink while it reads other pictures.
        float[] lum = luminance(image, w, h).clone();
        Paper paper = paperOf(lum, w, h);
        return paper.blank() ? null : inkOf(lum, w, h, paper);
    }

    /**
     * Fills luminance and, when given (the picture has alpha), alpha, both 0..1; returns whether
     * any pixel is not fully opaque.
     */
    private static boolean readLuminance(BufferedImage image, int w, int h, float[] lum, float[] alpha) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        boolean translucent = false;
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && (bands == 1 || bands == 2)
                && cm.getComponentSize(0) <= 16) {
            // Gray images: read the stored values; getRGB would re-map them through a linear-gray
            // colour space and lighten them.
            double grayMax = (1 << cm.getComponentSize(0)) - 1;
            double alphaMax = bands == 2 ? (1 << cm.getComponentSize(1)) - 1 : 1;
            int[] row = new int[w * bands];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    lum[i] = (float) (row[x * bands] / grayMax);
                    if (alpha != null) {
                        alpha[i] = bands == 2 ? (float) (row[x * bands + 1] / alphaMax) : 1f;
                        translucent |= alpha[i] < 1f;
                    }
                }
            }
            return translucent;
        }
        if (cm instanceof ComponentColorModel && cm.getColorSpace().isCS_sRGB() && !cm.isAlphaPremultiplied()
                && (bands == 3 || bands == 4) && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getNumBanks() == 1) {
            return readByteRgb(raster, sm, buffer, w, h, lum, alpha);
        }
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                int i = y * w + x;
                lum[i] = luminance((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
                if (alpha != null) {
                    alpha[i] = ALPHA[(p >>> 24) & 0xff];
                    translucent |= alpha[i] < 1f;
                }
            }
        }
        return translucent;
    }

    /**
     * Rec. 601 luma of 8-bit sRGB components, in [0, 1]: {@code (0.299·r + 0.587·g + 0.114·b) / 255},
     * computed as an integer weighted sum scaled once, which gives the same float for every one of
     * the 2²⁴ colours as the three double products did (checked exhaustively by a test) in fewer
     * instructions: this runs on every pixel of every request.
     */
    static float luminance(int r, int g, int b) {
        return (float) ((299 * r + 587 * g + 114 * b) * (1 / 255_000.0));
    }

    /** {@code v / 255f} for each 8-bit alpha, looked up rather than divided for every pixel. */
    private static final float[] ALPHA = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            ALPHA[v] = v / 255f;
        }
    }

    /**
     * 8-bit interleaved RGB(A) rasters, the usual PNG and JPEG case, read straight from their byte
     * array. {@code getRGB} goes through the colour model pixel by pixel and was most of a
     * request's time in the server.
     */
    private static boolean readByteRgb(Raster raster, PixelInterleavedSampleModel sm, DataBufferByte buffer,
            int w, int h, float[] lum, float[] alpha) {
        byte[] data = buffer.getData();
        int[] band = sm.getBandOffsets();
        int r = band[0], g = band[1], b = band[2];
        int a = band.length == 4 && alpha != null ? band[3] : -1;
        int pixelStride = sm.getPixelStride();
        int scanline = sm.getScanlineStride();
        int base = buffer.getOffset() - raster.getSampleModelTranslateY() * scanline
                - raster.getSampleModelTranslateX() * pixelStride;
        boolean translucent = false;
        if (pixelStride == 3 && r == 0 && g == 1 && b == 2) {
            // Opaque RGB or BGR, the usual PNG and JPEG raster: a constant stride and no alpha test
            // in the loop made this pass a third as fast again (the preprocessing of the load
            // test's picture 0.43 → 0.29 ms with the loop below, docs/photos.md).
            for (int y = 0; y < h; y++) {
                int j = base + y * scanline;
                int i = y * w;
                for (int end = i + w; i < end; i++, j += 3) {
                    lum[i] = luminance(data[j] & 0xff, data[j + 1] & 0xff, data[j + 2] & 0xff);
                }
            }
            return false;
        }
        for (int y = 0; y < h; y++) {
            int j = base + y * scanline;
            int i = y * w;
            for (int x = 0; x < w; x++, i++, j += pixelStride) {
                lum[i] = luminance(data[j + r] & 0xff, data[j + g] & 0xff, data[j + b] & 0xff);
                if (a >= 0) {
                    alpha[i] = ALPHA[data[j + a] & 0xff];
                    translucent |= alpha[i] < 1f;
                }
            }
        }
        return translucent;
    }

    /**
     * Composites translucent pixels onto a background: when the border is mostly transparent (a
     * transparent canvas with strokes), the background contrasts with the strokes' mean
     * luminance; otherwise it is the opaque border's own colour, so stray transparency is
     * background either way.
     */
    private static void compositeAlpha(float[] lum, float[] alpha, int w, int h) {
        int transparentBorder = 0;
        int border = 0;
        float[] opaqueBorder = new float[2 * (w + h)];
        int opaque = 0;
        for (int i : borderIndices(w, h)) {
            border++;
            if (alpha[i] < 0.5f) {
                transparentBorder++;
            } else {
                opaqueBorder[opaque++] = lum[i];
            }
        }
        float background;
        if (transparentBorder * 2 >= border) {
            double weighted = 0;
            double weight = 0;
            for (int i = 0; i < lum.length; i++) {
                // Transparent pixels, most of a canvas, add nothing: skipping them changes no sum.
                if (alpha[i] > 0) {
                    weighted += alpha[i] * lum[i];
                    weight += alpha[i];
                }
            }
            double strokes = weight > 0 ? weighted / weight : 0;
            background = strokes < 0.5 ? 1f : 0f;
        } else {
            background = median(opaqueBorder, opaque);
        }
        for (int i = 0; i < lum.length; i++) {
            lum[i] = alpha[i] * lum[i] + (1 - alpha[i]) * background;
        }
    }

    private static float borderMedian(float[] lum, int w, int h) {
        int[] idx = borderIndices(w, h);
        float[] values = new float[idx.length];
        for (int k = 0; k < idx.length; k++) {
            values[k] = lum[idx[k]];
        }
        return median(values, values.length);
    }

    /** Indices of the outermost ring of pixels, each once. */
    private static int[] borderIndices(int w, int h) {
        if (w <= 2 || h <= 2) {
            int[] all = new int[w * h];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] idx = new int[2 * w + 2 * (h - 2)];
        int k = 0;
        for (int x = 0; x < w; x++) {
            idx[k++] = x;
            idx[k++] = (h - 1) * w + x;
        }
        for (int y = 1; y < h - 1; y++) {
            idx[k++] = y * w;
            idx[k++] = y * w + w - 1;
        }
        return idx;
    }

    private static float median(float[] values, int count) {
        if (count == 0) {
            return 1f;
        }
        float[] copy = Arrays.copyOf(values, count);
        Arrays.sort(copy);
        return copy[count / 2];
    }

    // ------------------------------------------------------------------------------------------
    // Resampling
    // ------------------------------------------------------------------------------------------

    /**
     * Resizes with good quality in both directions, each axis on its own: area averaging (exact
     * box coverage) when shrinking, half-pixel bilinear when enlarging.
     */
    static float[] resample(float[] src, int sw, int sh, int dw, int dh) {
        return resample(src, 0, sw, sw, sh, dw, dh);
    }

    /**
     * {@link #resample(float[], int, int, int, int)} of the {@code sw×sh} window of a plane whose
     * rows are {@code stride} long, starting at {@code origin}.
     */
    static float[] resample(float[] src, int origin, int stride, int sw, int sh, int dw, int dh) {
        Axis ax = Axis.of(sw, dw);
        Axis ay = Axis.of(sh, dh);
        float[] tmp = new float[dw * sh];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < dw; x++) {
                double v = 0;
                for (int k = ax.start[x]; k < ax.start[x + 1]; k++) {
                    v += ax.weight[k] * src[origin + y * stride + ax.index[k]];
                }
                tmp[y * dw + x] = (float) v;
            }
        }
        float[] out = new float[dw * dh];
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                double v = 0;
                for (int k = ay.start[y]; k < ay.start[y + 1]; k++) {
                    v += ay.weight[k] * tmp[ay.index[k] * dw + x];
                }
                out[y * dw + x] = (float) v;
            }
        }
        return out;
    }

    /** Sparse 1-D resampling weights: destination {@code d} reads {@code index[start[d]..start[d+1])}. */
    private record Axis(int[] start, int[] index, double[] weight) {

        static Axis of(int src, int dst) {
            int[] start = new int[dst + 1];
            int cap = dst * (src / dst + 3);
            int[] index = new int[Math.max(cap, 2 * dst)];
            double[] weight = new double[index.length];
            int k = 0;
            if (dst < src) {
                double r = (double) src / dst;
                for (int d = 0; d < dst; d++) {
                    start[d] = k;
                    double lo = d * r;
                    double hi = (d + 1) * r;
                    for (int s = (int) Math.floor(lo); s < Math.min(src, (int) Math.ceil(hi)); s++) {
                        double overlap = Math.min(hi, s + 1) - Math.max(lo, s);
                        if (overlap > 0) {
                            index[k] = s;
                            weight[k++] = overlap / r;
                        }
                    }
                }
            } else {
                double r = (double) src / dst;
                for (int d = 0; d < dst; d++) {
                    start[d] = k;
                    double s = Math.max(0, (d + 0.5) * r - 0.5);
                    int i0 = Math.min((int) s, src - 1);
                    int i1 = Math.min(i0 + 1, src - 1);
                    double f = s - i0;
                    index[k] = i0;
                    weight[k++] = 1 - f;
                    index[k] = i1;
                    weight[k++] = f;
                }
            }
            start[dst] = k;
            return new Axis(start, index, weight);
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
