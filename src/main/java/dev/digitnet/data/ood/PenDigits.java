package dev.digitnet.data.ood;

import static dev.digitnet.data.ood.Pictures.uniform;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistSplit;
import dev.digitnet.input.DigitInput;
import dev.digitnet.input.ModelInput;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Real MNIST digits redrawn with the draw-a-digit page's pen: each digit's ink is thinned to its
 * centre line (Zhang &amp; Suen 1984), the line traced with the page's round pen ({@link Pen}) at a
 * random size and place on the white page, and the page put through {@link DigitInput#fromImage},
 * as the page's PNG is. The digits a not-a-digit detector must keep accepting when they come from
 * the page: pen strokes of one width, not MNIST's pressure-varying ink. Labelled with the digit.
 *
 * <p>Which MNIST images are redrawn is the caller's choice, so training, validation and test can
 * use disjoint ones (training images 0–49,999, the calibration split 50,000–59,999, the test set).
 */
public final class PenDigits {

    static {
        Pictures.init();
    }

    /** MNIST ink above this (of 255) is part of the stroke that is thinned. */
    static final int INK = 90;

    private PenDigits() {}

    /**
     * The digits at positions {@code from … from + count - 1} of the split, redrawn. A digit whose
     * centre line is empty (none in MNIST) is skipped, so fewer may come back.
     */
    public static DigitImages redraw(MnistSplit split, int from, int count, long seed) {
        if (from < 0 || count < 0 || from + count > split.count()) {
            throw new IllegalArgumentException("images " + from + "–" + (from + count - 1) + " are not in a split of "
                    + split.count());
        }
        SplittableRandom root = new SplittableRandom(Pictures.seedFor(seed, "pen-digits"));
        int n = ModelInput.MODEL_SIZE * ModelInput.MODEL_SIZE;
        float[] pixels = new float[count * n];
        int[] labels = new int[count];
        int made = 0;
        int side = MnistSplit.SIDE;
        for (int i = from; i < from + count; i++) {
            SplittableRandom r = root.split();
            boolean[] ink = new boolean[side * side];
            for (int p = 0; p < ink.length; p++) {
                ink[p] = (split.images()[i * side * side + p] & 0xff) > INK;
            }
            List<double[][]> strokes = strokes(thin(ink, side), side, r);
            if (strokes.isEmpty()) {
                continue;
            }
            ModelInput input = DigitInput.fromImage(draw(strokes));
            if (input.empty()) {
                continue;
            }
            System.arraycopy(input.image32(), 0, pixels, made * n, n);
            labels[made++] = split.label(i);
        }
        return new DigitImages(Arrays.copyOf(pixels, made * n), Arrays.copyOf(labels, made), ModelInput.MODEL_SIZE);
    }

    static BufferedImage draw(List<double[][]> strokes) {
        return Pen.draw(strokes);
    }

    /**
     * The centre line as pen strokes on the page: a segment between every two neighbouring
     * centre-line pixels (a lone pixel is a click), the digit 45–85 % of the page tall, placed near
     * the middle.
     */
    static List<double[][]> strokes(boolean[] line, int side, SplittableRandom r) {
        int minX = side;
        int minY = side;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (line[y * side + x]) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        List<double[][]> strokes = new ArrayList<>();
        if (maxX < 0) {
            return strokes;
        }
        int page = Pictures.PAGE;
        double height = uniform(r, 0.45, 0.85) * page;
        double scale = height / Math.max(maxY - minY + 1, (maxX - minX + 1) * 0.9);
        double cx = page / 2.0 + uniform(r, -0.06, 0.06) * page;
        double cy = page / 2.0 + uniform(r, -0.06, 0.06) * page;
        double midX = (minX + maxX) / 2.0;
        double midY = (minY + maxY) / 2.0;
        int[][] next = {{1, 0}, {0, 1}, {1, 1}, {-1, 1}};
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (!line[y * side + x]) {
                    continue;
                }
                double[] p = {cx + (x - midX) * scale, cy + (y - midY) * scale};
                boolean joined = false;
                for (int[] d : next) {
                    int nx = x + d[0];
                    int ny = y + d[1];
                    if (nx >= 0 && nx < side && ny < side && line[ny * side + nx]) {
                        strokes.add(new double[][] {p, {cx + (nx - midX) * scale, cy + (ny - midY) * scale}});
                        joined = true;
                    }
                }
                if (!joined && !hasEarlierNeighbour(line, side, x, y)) {
                    strokes.add(new double[][] {p});
                }
            }
        }
        return strokes;
    }

    private static boolean hasEarlierNeighbour(boolean[] line, int side, int x, int y) {
        int[][] before = {{-1, 0}, {0, -1}, {-1, -1}, {1, -1}};
        for (int[] d : before) {
            int nx = x + d[0];
            int ny = y + d[1];
            if (nx >= 0 && nx < side && ny >= 0 && line[ny * side + nx]) {
                return true;
            }
        }
        return false;
    }

    /** Zhang–Suen thinning: the ink worn down to a one-pixel centre line, its shape and joins kept. */
    static boolean[] thin(boolean[] ink, int side) {
        boolean[] img = ink.clone();
        boolean changed = true;
        List<Integer> remove = new ArrayList<>();
        while (changed) {
            changed = false;
            for (int step = 0; step < 2; step++) {
                remove.clear();
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        if (!img[y * side + x]) {
                            continue;
                        }
                        // P2..P9: north, then clockwise.
                        boolean[] p = {at(img, side, x, y - 1), at(img, side, x + 1, y - 1), at(img, side, x + 1, y),
                            at(img, side, x + 1, y + 1), at(img, side, x, y + 1), at(img, side, x - 1, y + 1),
                            at(img, side, x - 1, y), at(img, side, x - 1, y - 1)};
                        int b = 0;
                        int a = 0;
                        for (int k = 0; k < 8; k++) {
                            b += p[k] ? 1 : 0;
                            a += !p[k] && p[(k + 1) % 8] ? 1 : 0;
                        }
                        if (b < 2 || b > 6 || a != 1) {
                            continue;
                        }
                        boolean n = p[0];
                        boolean e = p[2];
                        boolean s = p[4];
                        boolean w = p[6];
                        boolean ok = step == 0 ? !(n && e && s) && !(e && s && w) : !(n && e && w) && !(n && s && w);
                        if (ok) {
                            remove.add(y * side + x);
                        }
                    }
                }
                for (int i : remove) {
                    img[i] = false;
                }
                changed |= !remove.isEmpty();
            }
        }
        return img;
    }

    private static boolean at(boolean[] img, int side, int x, int y) {
        return x >= 0 && y >= 0 && x < side && y < side && img[y * side + x];
    }
}
