package dev.digitnet.data.ood;

import static dev.digitnet.data.ood.Pictures.uniform;

import dev.digitnet.data.DigitImages;
import dev.digitnet.input.DigitInput;
import dev.digitnet.input.ModelInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Digits as people draw them with a mouse on the draw-a-digit page: a few near-straight strokes and
 * plain curves (a 7 as a bar and a slash, a 4 as three lines, a 0 as an oval), from a handful of
 * shapes per digit, placed, sized, turned and bent by a hand's wobble as {@link Doodles} places its
 * drawings, with pens from a fine one to the page's, through {@link DigitInput#fromImage}. MNIST's digits, even
 * redrawn with the pen ({@link PenDigits}), are written with a hand's curves; a not-a-digit gate
 * trained only on them took a ruler-straight 7 for a doodle. Labelled with the digit.
 */
public final class StrokeDigits {

    static {
        Pictures.init();
    }

    private StrokeDigits() {}

    /** {@code count} drawn digits, 0 to 9 in turn, from the seed and the set's name. */
    public static DigitImages generate(String name, long seed, int count) {
        SplittableRandom root = new SplittableRandom(Pictures.seedFor(seed, name));
        int n = ModelInput.MODEL_SIZE * ModelInput.MODEL_SIZE;
        float[] pixels = new float[count * n];
        int[] labels = new int[count];
        int made = 0;
        for (int i = 0; i < count; i++) {
            SplittableRandom r = root.split();
            int digit = i % 10;
            // Pens from a fine one to the page's and a little wider: uploads are drawn with any.
            float pen = (float) (Pictures.PEN * uniform(r, 0.3, 1.2));
            // From a ruler-steady hand (exact lines and ovals, as drawing software makes them) to the doodles' wobble.
            double steadiness = uniform(r, 0, 1);
            ModelInput input = DigitInput.fromImage(Pen.draw(Doodles.place(shape(digit, steadiness, r), false, steadiness, r), pen));
            if (input.empty()) {
                continue;
            }
            System.arraycopy(input.image32(), 0, pixels, made * n, n);
            labels[made++] = digit;
        }
        return new DigitImages(Arrays.copyOf(pixels, made * n), Arrays.copyOf(labels, made), ModelInput.MODEL_SIZE);
    }

    /** One of the digit's shapes, in the [-1, 1]² box (y down), its corners jittered by up to {@code steadiness} × 0.06. */
    static List<double[][]> shape(int digit, double steadiness, SplittableRandom r) {
        List<double[][]> strokes = switch (digit) {
            case 0 -> List.<double[][]>of(oval(0, 0, uniform(r, 0.45, 0.7), 0.9, uniform(r, 0, 0.3)));
            case 1 -> switch (r.nextInt(3)) {
                case 0 -> List.<double[][]>of(line(0, -0.9, 0, 0.9));
                case 1 -> List.<double[][]>of(poly(-0.35, -0.55, 0, -0.9, 0, 0.9));
                default -> List.<double[][]>of(poly(-0.35, -0.55, 0, -0.9, 0, 0.9), line(-0.35, 0.9, 0.35, 0.9));
            };
            case 2 -> r.nextBoolean()
                    ? List.<double[][]>of(poly(-0.6, -0.5, -0.4, -0.85, 0, -0.95, 0.45, -0.8, 0.55, -0.45, 0.3, -0.05, -0.6, 0.9, 0.65, 0.9))
                    : List.<double[][]>of(poly(-0.55, -0.7, 0, -0.95, 0.5, -0.7, 0.45, -0.3, -0.6, 0.9, 0.6, 0.9));
            case 3 -> r.nextBoolean()
                    ? List.<double[][]>of(poly(-0.55, -0.75, 0, -0.95, 0.5, -0.7, 0.45, -0.3, 0, -0.05, 0.5, 0.2, 0.55, 0.6, 0, 0.95, -0.55, 0.75))
                    : List.<double[][]>of(poly(-0.55, -0.9, 0.55, -0.9, 0, -0.1, 0.5, 0.2, 0.55, 0.6, 0, 0.95, -0.55, 0.75));
            case 4 -> r.nextBoolean()
                    ? List.<double[][]>of(poly(0.25, -0.9, -0.6, 0.35, 0.7, 0.35), line(0.35, -0.3, 0.35, 0.95))
                    : List.<double[][]>of(poly(-0.5, -0.9, -0.55, 0.2, 0.6, 0.2), line(0.4, -0.9, 0.4, 0.95));
            case 5 -> List.<double[][]>of(poly(0.55, -0.9, -0.45, -0.9, -0.5, -0.1, 0.1, -0.2, 0.55, 0.1, 0.55, 0.6, 0.1, 0.95, -0.55, 0.8));
            case 6 -> List.<double[][]>of(poly(0.45, -0.9, -0.1, -0.6, -0.5, 0.1, -0.45, 0.7, 0, 0.95, 0.45, 0.65, 0.45, 0.2, 0, 0, -0.45, 0.3));
            case 7 -> r.nextBoolean()
                    ? List.<double[][]>of(poly(-0.6, -0.85, 0.6, -0.85, -0.1, 0.95))
                    : List.<double[][]>of(poly(-0.6, -0.85, 0.6, -0.85, -0.1, 0.95), line(-0.3, 0.05, 0.35, 0.05));
            case 8 -> List.<double[][]>of(eight(uniform(r, 0.35, 0.55)));
            default -> List.<double[][]>of(poly(0.45, -0.3, 0, 0, -0.45, -0.35, -0.4, -0.8, 0, -0.95, 0.45, -0.7, 0.45, -0.3,
                    r.nextBoolean() ? 0.4 : 0.1, 0.95));
        };
        List<double[][]> jittered = new ArrayList<>();
        for (double[][] s : strokes) {
            double[][] j = new double[s.length][];
            for (int k = 0; k < s.length; k++) {
                j[k] = new double[] {s[k][0] + steadiness * uniform(r, -0.06, 0.06), s[k][1] + steadiness * uniform(r, -0.06, 0.06)};
            }
            jittered.add(j);
        }
        return jittered;
    }

    private static double[][] line(double x0, double y0, double x1, double y1) {
        return new double[][] {{x0, y0}, {x1, y1}};
    }

    private static double[][] poly(double... xy) {
        double[][] p = new double[xy.length / 2][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {xy[2 * i], xy[2 * i + 1]};
        }
        return p;
    }

    /** An oval from the top, closed or (with {@code gap} of a turn) left a little open. */
    private static double[][] oval(double cx, double cy, double rx, double ry, double gap) {
        int n = 24;
        double[][] p = new double[n + 1][];
        double sweep = 2 * Math.PI * (1 - gap / 3);
        for (int k = 0; k <= n; k++) {
            double a = -Math.PI / 2 - sweep * k / n;
            p[k] = new double[] {cx + rx * Math.cos(a), cy + ry * Math.sin(a)};
        }
        return p;
    }

    /** A figure eight in one stroke, its loops {@code rx} wide. */
    private static double[][] eight(double rx) {
        int n = 40;
        double[][] p = new double[n + 1][];
        for (int k = 0; k <= n; k++) {
            double t = 2 * Math.PI * k / n;
            p[k] = new double[] {rx * Math.sin(2 * t) * 0.9, -0.9 * Math.cos(t)};
        }
        return p;
    }
}
