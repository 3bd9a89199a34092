package dev.digitnet.data.photos;

import dev.digitnet.data.MnistSplit;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Photo-like pictures of handwritten digits, made from MNIST's test digits: each digit is written
 * as pen (or pencil) ink onto a page of some paper, with lines, under some light, then "taken"
 * by a camera (tilt, blur, sensor noise, JPEG). Each picture is a function of the seed, the style
 * and its index alone, so the benchmark is the same on every machine.
 *
 * <p>Geometry: a page is drawn in its own coordinates (u along the lines, v across), turned by the
 * camera's tilt about the picture's centre. The digit is the MNIST picture scaled so that its
 * 20-pixel box is the digit's height, and sharpened into a pen's edge (bilinear enlargement of 28
 * pixels is blurry); how far the edge sits into MNIST's grey ramp sets the pen's width.
 */
public final class PhotoBenchmark {

    /** Side of an MNIST picture, the digits written here. */
    static final int SIDE = MnistSplit.SIDE;
    /** Side of the box MNIST fits each digit into inside its picture: the digit's height on the page. */
    static final int MNIST_BOX = 20;

    /** The seed of the published figures (docs/photos.md). */
    public static final long DEFAULT_SEED = 19;

    /**
     * One picture.
     *
     * @param jpeg the photo, as a camera would save it
     * @param label the digit written
     * @param mnistIndex which MNIST test digit it is
     */
    public record Photo(PhotoStyle style, int index, int mnistIndex, int label, byte[] jpeg, int width, int height) {}

    private final MnistSplit test;
    private final long seed;

    public PhotoBenchmark(MnistSplit test, long seed) {
        if (test.count() == 0) {
            throw new IllegalArgumentException("no MNIST test digits to write");
        }
        this.test = test;
        this.seed = seed;
    }

    /** The {@code index}-th picture of a style. */
    public Photo make(PhotoStyle style, int index) {
        SplittableRandom r = new SplittableRandom(mix(seed, style.ordinal(), index));
        return make(style, index, r.nextInt(test.count()), r);
    }

    /**
     * The {@code index}-th picture of a style with picture {@code written} of the split on it: the
     * scene of {@link #make(PhotoStyle, int)}'s, for a split whose pictures are taken in turn
     * (photographed doodles, say).
     */
    public Photo make(PhotoStyle style, int index, int written) {
        if (written < 0 || written >= test.count()) {
            throw new IllegalArgumentException("no picture " + written + " among " + test.count());
        }
        SplittableRandom r = new SplittableRandom(mix(seed, style.ordinal(), index));
        r.nextInt(test.count()); // the pick make(style, index) would make, so that the scene is the same
        return make(style, index, written, r);
    }

    private Photo make(PhotoStyle style, int index, int mnist, SplittableRandom r) {
        Scene s = Scene.of(style, r);
        BufferedImage image = s.render(digit(mnist), r);
        return new Photo(style, index, mnist, test.label(mnist), jpeg(image, s.quality), s.w, s.h);
    }

    /** The rendered picture before JPEG (for tests). */
    BufferedImage render(PhotoStyle style, int index) {
        SplittableRandom r = new SplittableRandom(mix(seed, style.ordinal(), index));
        int mnist = r.nextInt(test.count());
        return Scene.of(style, r).render(digit(mnist), r);
    }

    private float[] digit(int i) {
        int pixels = SIDE * SIDE;
        float[] d = new float[pixels];
        for (int p = 0; p < pixels; p++) {
            d[p] = (test.images()[i * pixels + p] & 0xff) / 255f;
        }
        return d;
    }

    static long mix(long seed, int style, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + style * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static byte[] jpeg(BufferedImage image, int quality) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    /** Everything about one picture but the digit. */
    static final class Scene {
        enum Lines { NONE, RULED, SQUARED, DOTS }

        int w, h;
        float[] paper = {0.95f, 0.95f, 0.93f};
        double texture = 0.015;
        Lines lines = Lines.NONE;
        double spacing, lineWidth = 1.2, lineOpacity = 0.35, lineOffset;
        float[] lineColour = {0.45f, 0.6f, 0.9f};
        double[] margins = {};
        float[] marginColour = {0.9f, 0.35f, 0.35f};
        float[] pen = {0.08f, 0.08f, 0.1f};
        double penOpacity = 0.92, edge = 0.35;
        boolean pencil;
        double tilt, digitHeight, digitU, digitV;
        double gradient, gradientAngle, vignette;
        double shadow, shadowAngle, shadowOffset, shadowSoftness = 3;
        /** Page edges in page coordinates (u or v beyond them is table), NaN for none. */
        double pageLeft = Double.NaN, pageTop = Double.NaN;
        float[] table = {0.25f, 0.18f, 0.12f};
        double blur = 0.6, noise = 3;
        int quality = 80;

        static Scene of(PhotoStyle style, SplittableRandom r) {
            Scene s = new Scene();
            int longSide = (int) uniform(r, 240, 480);
            double aspect = new double[] {1, 4 / 3.0, 3 / 4.0}[r.nextInt(3)];
            s.w = aspect >= 1 ? longSide : (int) Math.round(longSide * aspect);
            s.h = aspect >= 1 ? (int) Math.round(longSide / aspect) : longSide;
            s.tilt = Math.toRadians(uniform(r, -5, 5));
            s.digitHeight = uniform(r, 0.35, 0.6) * Math.min(s.w, s.h);
            s.gradient = uniform(r, 0, 0.25);
            s.gradientAngle = uniform(r, 0, 2 * Math.PI);
            s.noise = uniform(r, 2, 5);
            s.quality = (int) uniform(r, 70, 90);
            s.edge = uniform(r, 0.3, 0.55);
            double tone = uniform(r, 0.88, 0.98);
            s.paper = new float[] {(float) tone, (float) tone, (float) (tone - uniform(r, 0, 0.05))};
            if (r.nextBoolean()) {
                s.pen = new float[] {0.12f, 0.16f, 0.45f}; // blue ballpoint
            }
            switch (style) {
                case PLAIN -> { }
                case RULED -> {
                    s.ruled(r, uniform(r, 0.8, 1.4));
                    s.gradient = uniform(r, 0.1, 0.4);
                    s.noise = uniform(r, 3, 6);
                    s.quality = (int) uniform(r, 60, 85);
                    if (r.nextBoolean()) {
                        s.margins = new double[] {-uniform(r, 0.2, 0.45) * s.w};
                    }
                }
                case SQUARED -> {
                    s.lines = Lines.SQUARED;
                    s.spacing = uniform(r, 0.25, 0.5) * s.digitHeight;
                    s.lineColour = new float[] {0.5f, 0.6f, 0.75f};
                    s.lineOpacity = uniform(r, 0.25, 0.5);
                    s.lineWidth = uniform(r, 0.8, 1.6);
                    s.lineOffset = uniform(r, 0, s.spacing);
                    s.pen = new float[] {0.08f, 0.08f, 0.1f};
                    s.vignette = uniform(r, 0.2, 0.4);
                }
                case PENCIL -> {
                    s.pencil = true;
                    s.pen = new float[] {0.3f, 0.3f, 0.32f};
                    s.penOpacity = uniform(r, 0.5, 0.8);
                    s.edge = uniform(r, 0.2, 0.45);
                    if (r.nextBoolean()) {
                        s.ruled(r, uniform(r, 0.9, 1.4));
                    }
                    s.gradient = uniform(r, 0.1, 0.35);
                }
                case SHADOW -> {
                    s.shadow = uniform(r, 0.3, 0.6);
                    s.shadowAngle = uniform(r, 0, 2 * Math.PI);
                    s.shadowOffset = uniform(r, -0.25, 0.3) * Math.min(s.w, s.h);
                    s.shadowSoftness = uniform(r, 1, 8);
                    if (r.nextBoolean()) {
                        s.ruled(r, uniform(r, 0.9, 1.4));
                    }
                }
                case DIM -> {
                    double light = uniform(r, 0.35, 0.55);
                    for (int c = 0; c < 3; c++) {
                        s.paper[c] *= (float) light;
                    }
                    s.pen = new float[] {0.05f, 0.05f, 0.07f};
                    s.noise = uniform(r, 6, 12);
                    s.blur = uniform(r, 1.0, 1.5);
                    s.quality = (int) uniform(r, 60, 75);
                    s.gradient = uniform(r, 0.1, 0.3);
                }
                case LEGAL_PAD -> {
                    s.paper = new float[] {0.98f, 0.93f, (float) uniform(r, 0.55, 0.7)};
                    s.ruled(r, uniform(r, 0.6, 1.0));
                    s.lineColour = new float[] {0.45f, 0.7f, 0.75f};
                    double m = -uniform(r, 0.2, 0.4) * s.w;
                    s.margins = new double[] {m, m + uniform(r, 3, 6)};
                    s.pen = r.nextBoolean() ? new float[] {0.05f, 0.05f, 0.08f} : new float[] {0.1f, 0.15f, 0.5f};
                    s.edge = uniform(r, 0.18, 0.3); // a felt tip: broad strokes
                    s.gradient = uniform(r, 0.1, 0.35);
                }
                case DESK_EDGE -> {
                    s.ruled(r, uniform(r, 0.9, 1.4));
                    s.tilt = Math.toRadians(uniform(r, -8, 8));
                    double shorter = Math.min(s.w, s.h);
                    s.digitHeight = uniform(r, 0.3, 0.45) * shorter;
                    s.pageLeft = -s.w / 2.0 + uniform(r, 0.1, 0.25) * s.w;
                    if (r.nextBoolean()) {
                        s.pageTop = -s.h / 2.0 + uniform(r, 0.1, 0.2) * s.h;
                    }
                    double wood = uniform(r, 0.15, 0.4);
                    s.table = new float[] {(float) wood, (float) (wood * 0.75), (float) (wood * 0.5)};
                    s.gradient = uniform(r, 0.1, 0.3);
                }
                case DOT_GRID -> {
                    s.lines = Lines.DOTS;
                    s.spacing = uniform(r, 0.3, 0.5) * s.digitHeight;
                    s.lineWidth = uniform(r, 1.5, 2.5);
                    s.lineOpacity = uniform(r, 0.35, 0.6);
                    s.lineColour = new float[] {0.55f, 0.55f, 0.6f};
                    s.lineOffset = uniform(r, 0, s.spacing);
                    s.edge = uniform(r, 0.5, 0.65); // a fine liner: thin strokes
                    s.paper = new float[] {(float) (s.paper[0] - 0.03), s.paper[1], (float) Math.min(1, s.paper[2] + 0.04)};
                    s.vignette = uniform(r, 0.15, 0.35);
                }
                case PHONE_BIG -> {
                    int big = (int) uniform(r, 1600, 2400);
                    s.w = aspect >= 1 ? big : (int) Math.round(big * aspect);
                    s.h = aspect >= 1 ? (int) Math.round(big / aspect) : big;
                    s.digitHeight = uniform(r, 0.2, 0.35) * Math.min(s.w, s.h);
                    if (r.nextBoolean()) {
                        s.ruled(r, uniform(r, 0.9, 1.4));
                        s.lineWidth *= s.w / 360.0;
                    } else {
                        s.lines = Lines.SQUARED;
                        s.spacing = uniform(r, 0.25, 0.5) * s.digitHeight;
                        s.lineColour = new float[] {0.5f, 0.6f, 0.75f};
                        s.lineOpacity = uniform(r, 0.25, 0.45);
                        s.lineWidth = uniform(r, 2, 5);
                        s.lineOffset = uniform(r, 0, s.spacing);
                    }
                    s.blur = uniform(r, 1.5, 2.5);
                    s.quality = (int) uniform(r, 75, 90);
                }
                default -> throw new IllegalStateException("style " + style);
            }
            // The digit anywhere on the page away from the picture's edge (and on the page).
            double freeU = Math.max(0, s.w / 2.0 - 0.6 * s.digitHeight);
            double freeV = Math.max(0, s.h / 2.0 - 0.6 * s.digitHeight);
            double loU = Double.isNaN(s.pageLeft) ? -freeU : Math.min(freeU, s.pageLeft + 0.6 * s.digitHeight);
            double loV = Double.isNaN(s.pageTop) ? -freeV : Math.min(freeV, s.pageTop + 0.6 * s.digitHeight);
            s.digitU = uniform(r, loU, freeU) * 0.6;
            s.digitV = uniform(r, loV, freeV) * 0.6;
            return s;
        }

        /** Ruled lines {@code perDigit} digit heights apart. */
        void ruled(SplittableRandom r, double perDigit) {
            lines = Lines.RULED;
            spacing = perDigit * digitHeight;
            lineColour = new float[] {0.45f, 0.62f, 0.9f};
            lineOpacity = uniform(r, 0.25, 0.5);
            lineWidth = uniform(r, 0.8, 1.8);
            lineOffset = uniform(r, 0, spacing);
        }

        BufferedImage render(float[] mnist, SplittableRandom r) {
            int n = w * h;
            float[][] rgb = {new float[n], new float[n], new float[n]};
            double cos = Math.cos(tilt), sin = Math.sin(tilt);
            double scale = digitHeight / MNIST_BOX; // picture pixels per MNIST pixel: MNIST's 20-pixel box is the digit's height
            float[] grid = new float[7 * 7];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = (float) ((r.nextDouble() * 2 - 1) * texture);
            }
            double gx = Math.cos(gradientAngle), gy = Math.sin(gradientAngle);
            double sx = Math.cos(shadowAngle), sy = Math.sin(shadowAngle);
            double half = Math.hypot(w / 2.0, h / 2.0);
            long grain = r.nextLong();
            for (int y = 0; y < h; y++) {
                double py = y + 0.5 - h / 2.0;
                for (int x = 0; x < w; x++) {
                    double px = x + 0.5 - w / 2.0;
                    double u = cos * px + sin * py;
                    double v = -sin * px + cos * py;
                    int i = y * w + x;
                    boolean onPage = !(u < pageLeft) && !(v < pageTop);
                    float[] base = onPage ? paper : table;
                    float tex = texture(grid, (double) x / w, (double) y / h);
                    float cr = base[0] + tex, cg = base[1] + tex, cb = base[2] + tex;
                    if (onPage) {
                        double a = lineCover(u, v) * lineOpacity;
                        cr = (float) (cr * (1 - a) + lineColour[0] * a);
                        cg = (float) (cg * (1 - a) + lineColour[1] * a);
                        cb = (float) (cb * (1 - a) + lineColour[2] * a);
                        for (double m : margins) {
                            double cover = clamp01(0.5 + lineWidth / 2 + 0.3 - Math.abs(u - m));
                            double am = cover * 0.6;
                            cr = (float) (cr * (1 - am) + marginColour[0] * am);
                            cg = (float) (cg * (1 - am) + marginColour[1] * am);
                            cb = (float) (cb * (1 - am) + marginColour[2] * am);
                        }
                        double mx = (u - digitU) / scale + SIDE / 2.0;
                        double my = (v - digitV) / scale + SIDE / 2.0;
                        if (mx > -1 && mx < 29 && my > -1 && my < 29) {
                            double m = sample(mnist, mx - 0.5, my - 0.5);
                            double ink = smoothstep(edge - 0.12, edge + 0.12, m) * penOpacity;
                            if (pencil) {
                                ink *= 0.55 + 0.45 * hash(grain, x, y);
                            }
                            cr = (float) (cr * (1 - ink) + pen[0] * ink);
                            cg = (float) (cg * (1 - ink) + pen[1] * ink);
                            cb = (float) (cb * (1 - ink) + pen[2] * ink);
                        }
                    } else {
                        // The page's shadow on the table, along its edge.
                        double d = Math.min(Double.isNaN(pageLeft) ? 1e9 : pageLeft - u, Double.isNaN(pageTop) ? 1e9 : pageTop - v);
                        double dark = 0.5 * Math.exp(-d / (0.03 * half));
                        cr *= (float) (1 - dark);
                        cg *= (float) (1 - dark);
                        cb *= (float) (1 - dark);
                    }
                    double light = 1 - gradient * (0.5 + 0.5 * (gx * px + gy * py) / half);
                    light *= 1 - vignette * (px * px + py * py) / (half * half);
                    if (shadow > 0) {
                        double side = sx * px + sy * py - shadowOffset;
                        light *= 1 - shadow * smoothstep(-shadowSoftness, shadowSoftness, side);
                    }
                    rgb[0][i] = (float) (cr * light);
                    rgb[1][i] = (float) (cg * light);
                    rgb[2][i] = (float) (cb * light);
                }
            }
            for (float[] c : rgb) {
                gaussianBlur(c, w, h, blur);
            }
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            double sigma = noise / 255;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    double v = rgb[c][i] + sigma * r.nextGaussian();
                    data[3 * i + (2 - c)] = (byte) Math.round(255 * clamp01(v));
                }
            }
            return image;
        }

        /** How much of a pixel at page point (u, v) a line covers, 0..1 (anti-aliased). */
        double lineCover(double u, double v) {
            switch (lines) {
                case RULED:
                    return cover(v);
                case SQUARED:
                    return Math.max(cover(u), cover(v));
                case DOTS: {
                    double du = Math.abs(mod(u - lineOffset + spacing / 2, spacing) - spacing / 2);
                    double dv = Math.abs(mod(v - lineOffset + spacing / 2, spacing) - spacing / 2);
                    return clamp01(lineWidth / 2 + 0.5 - Math.hypot(du, dv));
                }
                default:
                    return 0;
            }
        }

        private double cover(double t) {
            double d = Math.abs(mod(t - lineOffset + spacing / 2, spacing) - spacing / 2);
            return clamp01(lineWidth / 2 + 0.5 - d);
        }
    }

    static double mod(double a, double m) {
        double r = a % m;
        return r < 0 ? r + m : r;
    }

    static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    static double smoothstep(double lo, double hi, double v) {
        double t = clamp01((v - lo) / (hi - lo));
        return t * t * (3 - 2 * t);
    }

    /** Bilinear sample of a 28×28 picture at (x, y) in pixel-centre coordinates; 0 outside. */
    static double sample(float[] p, double x, double y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        return (1 - fy) * ((1 - fx) * at(p, x0, y0) + fx * at(p, x0 + 1, y0))
                + fy * ((1 - fx) * at(p, x0, y0 + 1) + fx * at(p, x0 + 1, y0 + 1));
    }

    private static double at(float[] p, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0 : p[y * SIDE + x];
    }

    /** Smooth paper texture: a 7×7 grid of offsets, bilinear over the picture. */
    static float texture(float[] grid, double fx, double fy) {
        double x = fx * 6, y = fy * 6;
        int x0 = Math.min(5, (int) x), y0 = Math.min(5, (int) y);
        double ax = x - x0, ay = y - y0;
        return (float) ((1 - ay) * ((1 - ax) * grid[y0 * 7 + x0] + ax * grid[y0 * 7 + x0 + 1])
                + ay * ((1 - ax) * grid[(y0 + 1) * 7 + x0] + ax * grid[(y0 + 1) * 7 + x0 + 1]));
    }

    /** A value in [0, 1) from a pixel's position (pencil grain). */
    static double hash(long seed, int x, int y) {
        long z = seed ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL);
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return ((z ^ (z >>> 33)) >>> 11) * 0x1.0p-53;
    }

    /** Separable Gaussian blur in place, edges clamped. */
    static void gaussianBlur(float[] p, int w, int h, double sigma) {
        if (sigma <= 0.1) {
            return;
        }
        int radius = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] tmp = new float[p.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 0;
                for (int j = -radius; j <= radius; j++) {
                    v += k[j + radius] * p[y * w + Math.max(0, Math.min(w - 1, x + j))];
                }
                tmp[y * w + x] = (float) v;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 0;
                for (int j = -radius; j <= radius; j++) {
                    v += k[j + radius] * tmp[Math.max(0, Math.min(h - 1, y + j)) * w + x];
                }
                p[y * w + x] = (float) v;
            }
        }
    }
}
