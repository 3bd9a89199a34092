package dev.digitnet.data.ood;

import static dev.digitnet.data.ood.Pictures.uniform;

import dev.digitnet.data.MnistSplit;
import dev.digitnet.input.DigitInput;
import dev.digitnet.input.ModelInput;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Pen doodles that are not digits, drawn as a person draws them on the draw-a-digit page: shapes,
 * symbols, faces, pictures and capital letters, each a few strokes of the page's round pen
 * ({@link Pen}), placed, sized, turned and sheared at random, with a hand's slow wobble, then
 * through {@link DigitInput#fromImage}, the path the page's PNG takes. Tagged with the kind.
 *
 * <p>The kinds are split once, by kind: a not-a-digit detector may be trained against the {@link
 * Split#TRAINED} kinds only; the {@link Split#HELD_OUT} kinds (stars, faces, houses, hearts,
 * lightning, clouds, spirals and the capitals N–Z) measure whether it refuses non-digits it never
 * saw. A kind is in exactly one split (the enum gives each one), and {@code DoodlesTest} checks it.
 *
 * <p>Shapes a digit is commonly written as are left out or bent away from it: there is no circle or
 * oval (that is how a 0 is drawn: a first set of heads trained against round and wide circles
 * refused the browser test's drawn 0 and many MNIST 0s), a zigzag has at least four strokes (three are a Z, a 2),
 * tally marks are four lines and a slash (one line is a 1), and the letters exclude B, I, O, S, Z,
 * which are written like 8, 1, 0, 5 and 2 ({@link Letters#DIGIT_LIKE}).
 */
public final class Doodles {

    static {
        Pictures.init();
    }

    /** Which side of the held-out line a kind is on. */
    public enum Split {
        /** A detector may be trained against these (with seeds other than the benchmark's). */
        TRAINED("trained"),
        /** Never trained against: the benchmark's measure of generalisation. */
        HELD_OUT("held-out");

        private final String id;

        Split(String id) {
            this.id = id;
        }

        /** How sets and reports name the split's kinds ("held-out kinds"). */
        public String id() {
            return id;
        }
    }

    /** The kinds of doodle, each with its split and its strokes in a [-1, 1]² box (y down). */
    public enum Kind {
        SQUARE("square", Split.TRAINED),
        TRIANGLE("triangle", Split.TRAINED),
        DIAMOND("diamond", Split.TRAINED),
        POLYGON("polygon", Split.TRAINED),
        ARROW("arrow", Split.TRAINED),
        ZIGZAG("zigzag", Split.TRAINED),
        WAVE("wave", Split.TRAINED),
        LOOPS("loops", Split.TRAINED),
        HASH("hash", Split.TRAINED),
        PLUS("plus", Split.TRAINED),
        CROSS("cross", Split.TRAINED),
        ASTERISK("asterisk", Split.TRAINED),
        CHECK("check mark", Split.TRAINED),
        TALLY("tally", Split.TRAINED),
        CRESCENT("crescent", Split.TRAINED),
        SUN("sun", Split.TRAINED),
        LETTERS_A_M("letters A-M", Split.TRAINED),
        STAR("star", Split.HELD_OUT),
        SMILEY("smiley", Split.HELD_OUT),
        HOUSE("house", Split.HELD_OUT),
        HEART("heart", Split.HELD_OUT),
        LIGHTNING("lightning", Split.HELD_OUT),
        CLOUD("cloud", Split.HELD_OUT),
        SPIRAL("spiral", Split.HELD_OUT),
        LETTERS_N_Z("letters N-Z", Split.HELD_OUT);

        private final String id;
        private final Split split;

        Kind(String id, Split split) {
            this.id = id;
            this.split = split;
        }

        /** The tag its pictures carry. */
        public String id() {
            return id;
        }

        public Split split() {
            return split;
        }
    }

    /** Capitals drawn for {@link Kind#LETTERS_A_M} and {@link Kind#LETTERS_N_Z} (no B, I, O, S, Z). */
    static final String TRAINED_LETTERS = "ACDEFGHJKLM";
    static final String HELD_OUT_LETTERS = "NPQRTUVWXY";

    /** Held-out kinds per image in the benchmark's {@value OodBenchmark#DOODLES} set. */
    public static final int PER_HELD_OUT_KIND = 100;
    /** Trained kinds per image in the benchmark's {@value OodBenchmark#DOODLES_TRAINED} set (fresh pictures). */
    public static final int PER_TRAINED_KIND = 40;

    private Doodles() {}

    /** The kinds of a split, in declaration order. */
    public static List<Kind> kinds(Split split) {
        return Arrays.stream(Kind.values()).filter(k -> k.split() == split).toList();
    }

    /** The benchmark's held-out set: {@link #PER_HELD_OUT_KIND} doodles of each held-out kind. */
    public static OodSet heldOut(long seed) {
        return generate(OodBenchmark.DOODLES, seed, Split.HELD_OUT, PER_HELD_OUT_KIND * kinds(Split.HELD_OUT).size());
    }

    /** The benchmark's fresh doodles of the trained kinds ({@link #PER_TRAINED_KIND} each). */
    public static OodSet trainedKinds(long seed) {
        return generate(OodBenchmark.DOODLES_TRAINED, seed, Split.TRAINED, PER_TRAINED_KIND * kinds(Split.TRAINED).size());
    }

    /**
     * {@code count} doodles of the split's kinds in turn, from the seed and the set's name (so a
     * training set of another name or seed draws other pictures).
     */
    public static OodSet generate(String name, long seed, Split split, int count) {
        return generate(name, seed, kinds(split), split.id(), count);
    }

    /**
     * {@code count} doodles of the given kinds in turn (for a fit that leaves some trained kinds out
     * to measure how it does on kinds it did not see), described as {@code which} kinds.
     */
    public static OodSet generate(String name, long seed, List<Kind> kinds, String which, int count) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no doodle kinds to draw for " + name);
        }
        String description = String.format(Locale.ROOT, "pen doodles, %s kinds (%s), drawn with the page's round pen "
                + "on its white page, preprocessed like a drawing", which,
                String.join(", ", kinds.stream().map(Kind::id).toList()));
        return Pictures.collect(name, description, Pictures.seedFor(seed, name), count, (i, r) -> {
            Kind kind = kinds.get(i % kinds.size());
            return new Pictures.Made(DigitInput.fromImage(draw(kind, r)), kind.id());
        });
    }

    /**
     * {@code count} doodles of the given kinds in turn as MNIST pictures: the page's drawing through
     * {@link DigitInput#fromImage}, its 28×28 stage as unsigned bytes, labelled with the kind's
     * ordinal. For makers that put MNIST-style ink into a scene of their own, such as a photo of
     * paper ({@link Photographed}); drawn from the seed and {@code name}, so other names draw other doodles.
     */
    public static MnistSplit asMnist(String name, long seed, List<Kind> kinds, int count) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no doodle kinds to draw for " + name);
        }
        int n = ModelInput.MNIST_SIZE * ModelInput.MNIST_SIZE;
        byte[] images = new byte[count * n];
        byte[] labels = new byte[count];
        // The same attempts as generate's for this name and seed, so the same doodles.
        Pictures.collect(name, Pictures.seedFor(seed, name), count, (i, r) -> {
            Kind kind = kinds.get(i % kinds.size());
            return new Pictures.Made(DigitInput.fromImage(draw(kind, r)), kind.id());
        }, (i, made) -> {
            float[] ink = made.input().image28();
            for (int p = 0; p < n; p++) {
                images[i * n + p] = (byte) Math.round(Math.min(1f, Math.max(0f, ink[p])) * 255);
            }
            labels[i] = (byte) kinds.get(i % kinds.size()).ordinal();
        });
        return new MnistSplit(images, labels, count);
    }

    /** A doodle as the page would send it: its kind and the white page with the pen's strokes. */
    public record Drawing(Kind kind, BufferedImage page) {}

    /**
     * The pages behind {@link #generate}'s first {@code count} pictures for the same name, seed and
     * split, before preprocessing: what a test posts to the HTTP API as PNGs.
     */
    public static List<Drawing> drawings(String name, long seed, Split split, int count) {
        List<Kind> kinds = kinds(split);
        SplittableRandom root = new SplittableRandom(Pictures.seedFor(seed, name));
        List<Drawing> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Kind kind = kinds.get(i % kinds.size());
            out.add(new Drawing(kind, draw(kind, root.split())));
        }
        return out;
    }

    /** One doodle of the kind on the page. */
    static BufferedImage draw(Kind kind, SplittableRandom r) {
        return Pen.draw(place(strokes(kind, r), kind == Kind.ARROW, r));
    }

    // ------------------------------------------------------------------------------------------
    // Placing a drawing on the page, as a hand would
    // ------------------------------------------------------------------------------------------

    /**
     * From the [-1, 1]² box to page pixels: a random size (a third of the page to most of it), place,
     * turn (any direction for arrows, ±15° otherwise), aspect and shear; each stroke resampled every
     * few pixels and bent by a slow wobble, as a mouse or finger moves.
     */
    static List<double[][]> place(List<double[][]> unit, boolean anyDirection, SplittableRandom r) {
        return place(unit, anyDirection, 1, r);
    }

    /** {@link #place(List, boolean, SplittableRandom)} with the wobble scaled by {@code steadiness} (0: none). */
    static List<double[][]> place(List<double[][]> unit, boolean anyDirection, double steadiness, SplittableRandom r) {
        int page = Pictures.PAGE;
        double half = uniform(r, 0.18, 0.36) * page;
        double aspect = uniform(r, 0.8, 1.25);
        double sx = half * Math.sqrt(aspect);
        double sy = half / Math.sqrt(aspect);
        double angle = anyDirection ? uniform(r, 0, 2 * Math.PI) : Math.toRadians(uniform(r, -15, 15));
        double shear = uniform(r, -0.15, 0.15);
        double cx = page / 2.0 + uniform(r, -0.08, 0.08) * page;
        double cy = page / 2.0 + uniform(r, -0.08, 0.08) * page;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double wobble = uniform(r, 0.005, 0.02) * 2 * half * steadiness;
        double margin = Pictures.PEN / 2.0 + 2;
        List<double[][]> out = new ArrayList<>();
        for (double[][] stroke : unit) {
            double[][] pts = stroke.length == 1 ? stroke : resample(stroke, 0.04);
            double phase1 = uniform(r, 0, 2 * Math.PI);
            double phase2 = uniform(r, 0, 2 * Math.PI);
            double[][] placed = new double[pts.length][];
            double along = 0;
            for (int i = 0; i < pts.length; i++) {
                if (i > 0) {
                    along += Math.hypot(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]);
                }
                double x = (pts[i][0] + shear * pts[i][1]) * sx;
                double y = pts[i][1] * sy;
                double px = cx + cos * x - sin * y + wobble * Math.sin(2.1 * along + phase1);
                double py = cy + sin * x + cos * y + wobble * Math.sin(1.7 * along + phase2);
                placed[i] = new double[] {clamp(px, margin, page - margin), clamp(py, margin, page - margin)};
            }
            out.add(placed);
        }
        return out;
    }

    /** The polyline with points at most {@code step} apart (in box units). */
    static double[][] resample(double[][] stroke, double step) {
        List<double[]> out = new ArrayList<>();
        out.add(stroke[0]);
        for (int i = 1; i < stroke.length; i++) {
            double[] a = stroke[i - 1];
            double[] b = stroke[i];
            int n = (int) Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / step));
            for (int k = 1; k <= n; k++) {
                out.add(new double[] {a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n});
            }
        }
        return out.toArray(new double[0][]);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    // ------------------------------------------------------------------------------------------
    // The kinds, in the [-1, 1]² box
    // ------------------------------------------------------------------------------------------

    static List<double[][]> strokes(Kind kind, SplittableRandom r) {
        return switch (kind) {
            case SQUARE -> {
                double h = uniform(r, 0.75, 1);
                yield lines(poly(-1, -h, 1, -h, 1, h, -1, h, -1, -h));
            }
            case TRIANGLE -> {
                double apex = uniform(r, -0.4, 0.4);
                yield lines(poly(apex, -1, 1, 0.85, -1, 0.85, apex, -1));
            }
            case DIAMOND -> lines(poly(0, -1, 0.75, 0, 0, 1, -0.75, 0, 0, -1));
            case POLYGON -> {
                int n = 5 + r.nextInt(3);
                yield lines(regular(n, 1, uniform(r, 0, 2 * Math.PI / n), 1));
            }
            case ARROW -> {
                double head = uniform(r, 0.35, 0.6);
                List<double[][]> s = new ArrayList<>();
                s.add(poly(-1, 0, 1, 0));
                if (r.nextBoolean()) {
                    s.add(poly(1 - head, -head, 1, 0, 1 - head, head));
                } else {
                    s.add(poly(1 - head, -head, 1, 0));
                    s.add(poly(1 - head, head, 1, 0));
                }
                yield s;
            }
            case ZIGZAG -> {
                int n = 4 + r.nextInt(4);
                double amp = uniform(r, 0.3, 0.7);
                double[] xy = new double[2 * (n + 1)];
                for (int k = 0; k <= n; k++) {
                    xy[2 * k] = -1 + 2.0 * k / n;
                    xy[2 * k + 1] = (k % 2 == 0 ? -amp : amp);
                }
                yield lines(poly(xy));
            }
            case WAVE -> {
                double periods = uniform(r, 1.5, 3);
                double amp = uniform(r, 0.25, 0.5);
                double phase = uniform(r, 0, 2 * Math.PI);
                double[][] pts = new double[60][];
                for (int k = 0; k < pts.length; k++) {
                    double t = (double) k / (pts.length - 1);
                    pts[k] = new double[] {-1 + 2 * t, amp * Math.sin(2 * Math.PI * periods * t + phase)};
                }
                yield lines(pts);
            }
            case LOOPS -> {
                // A prolate trochoid: a row of cursive loops, "llll" lying down.
                // Loops spaced wider than the pen, so they stay loops once scaled down.
                int loops = 2 + r.nextInt(3);
                double radius = uniform(r, 0.4, 0.6);
                double[][] pts = new double[40 * loops][];
                double span = 2 * Math.PI * loops;
                for (int k = 0; k < pts.length; k++) {
                    double t = span * k / (pts.length - 1);
                    pts[k] = new double[] {t / span * 1.7 - 0.85 - 0.3 * Math.sin(t), -radius * Math.cos(t)};
                }
                yield lines(pts);
            }
            case HASH -> {
                double a = uniform(r, 0.3, 0.5);
                double lean = uniform(r, 0, 0.25);
                yield lines(poly(-1, -a, 1, -a), poly(-1, a, 1, a), poly(-a + lean, -1, -a - lean, 1),
                        poly(a + lean, -1, a - lean, 1));
            }
            case PLUS -> lines(poly(-1, 0, 1, 0), poly(0, -1, 0, 1));
            case CROSS -> lines(poly(-1, -1, 1, 1), poly(1, -1, -1, 1));
            case ASTERISK -> {
                int n = 3 + r.nextInt(2);
                List<double[][]> s = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    double a = Math.PI * k / n + Math.PI / 2;
                    s.add(poly(Math.cos(a), Math.sin(a), -Math.cos(a), -Math.sin(a)));
                }
                yield s;
            }
            case CHECK -> lines(poly(-1, 0, -0.4, 0.7, 1, -0.9));
            case TALLY -> {
                List<double[][]> s = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    double x = -0.75 + 0.5 * k;
                    s.add(poly(x, -0.9, x, 0.9));
                }
                s.add(poly(-1, 0.6, 1, -0.6));
                yield s;
            }
            case CRESCENT -> {
                // A moon: most of a circle, closed by an inner curve that bulges the same way.
                double open = uniform(r, 0.9, 1.5);
                double[][] outer = arc(0, 0, 1, 1, open / 2, 2 * Math.PI - open / 2);
                double[][] inner = bezier(outer[outer.length - 1], new double[] {uniform(r, -0.4, 0), 0}, outer[0]);
                yield lines(concat(outer, inner));
            }
            case SUN -> {
                List<double[][]> s = new ArrayList<>();
                s.add(arc(0, 0, 0.45, 0.45, 0, 2 * Math.PI + 0.2));
                int rays = 6 + r.nextInt(5);
                double turn = uniform(r, 0, Math.PI);
                for (int k = 0; k < rays; k++) {
                    double a = turn + 2 * Math.PI * k / rays;
                    s.add(poly(0.65 * Math.cos(a), 0.65 * Math.sin(a), Math.cos(a), Math.sin(a)));
                }
                yield s;
            }
            case LETTERS_A_M -> letter(TRAINED_LETTERS.charAt(r.nextInt(TRAINED_LETTERS.length())));
            case STAR -> {
                // A pentagram in one stroke: every second point of a pentagon.
                double turn = -Math.PI / 2 + uniform(r, -0.2, 0.2);
                double[][] pts = new double[6][];
                for (int k = 0; k <= 5; k++) {
                    double a = turn + 2 * Math.PI * (2 * k % 5) / 5;
                    pts[k] = new double[] {Math.cos(a), Math.sin(a)};
                }
                yield lines(pts);
            }
            case SMILEY -> {
                List<double[][]> s = new ArrayList<>();
                double start = uniform(r, 0, 2 * Math.PI);
                s.add(arc(0, 0, 1, uniform(r, 0.85, 1.1), start, start + 2 * Math.PI + uniform(r, -0.05, 0.3)));
                double eyeY = uniform(r, -0.45, -0.25);
                double eyeX = uniform(r, 0.3, 0.45);
                if (r.nextBoolean()) {
                    s.add(new double[][] {{-eyeX, eyeY}});
                    s.add(new double[][] {{eyeX, eyeY}});
                } else {
                    s.add(poly(-eyeX, eyeY - 0.12, -eyeX, eyeY + 0.12));
                    s.add(poly(eyeX, eyeY - 0.12, eyeX, eyeY + 0.12));
                }
                double mouth = uniform(r, 0.45, 0.65);
                s.add(arc(0, 0.1, mouth, uniform(r, 0.3, 0.5), Math.toRadians(20), Math.toRadians(160)));
                yield s;
            }
            case HOUSE -> {
                List<double[][]> s = new ArrayList<>();
                s.add(poly(-0.8, -0.2, -0.8, 1, 0.8, 1, 0.8, -0.2));
                s.add(poly(-1, -0.1, 0, -1, 1, -0.1));
                if (r.nextBoolean()) {
                    s.add(poly(-0.2, 1, -0.2, 0.4, 0.2, 0.4, 0.2, 1));
                }
                yield s;
            }
            case HEART -> {
                // One stroke: from the point up the left lobe, over both lobes, back down to the point.
                double[][] leftLobe = arc(-0.48, -0.35, 0.5, 0.5, Math.PI * 0.8, Math.PI * 2);
                double[][] rightLobe = arc(0.48, -0.35, 0.5, 0.5, Math.PI, Math.PI * 2.2);
                yield lines(concat(poly(0, 1), leftLobe, rightLobe, poly(0, 1)));
            }
            case LIGHTNING -> lines(poly(0.35, -1, -0.45, 0.1, 0.2, 0.05, -0.35, 1, 0.55, -0.1, -0.05, -0.05, 0.35, -1));
            case CLOUD -> {
                int bumps = 4 + r.nextInt(3);
                double[][] pts = new double[120][];
                for (int k = 0; k < pts.length; k++) {
                    double a = 2 * Math.PI * k / (pts.length - 1);
                    double rad = 0.75 + 0.25 * Math.abs(Math.sin(bumps * a / 2));
                    pts[k] = new double[] {rad * Math.cos(a), 0.7 * rad * Math.sin(a)};
                }
                yield lines(pts);
            }
            case SPIRAL -> {
                // Few enough turns that they stay apart at the pen's width.
                double turns = uniform(r, 1.6, 2.4);
                double start = uniform(r, 0, 2 * Math.PI);
                double[][] pts = new double[(int) (50 * turns)][];
                for (int k = 0; k < pts.length; k++) {
                    double t = (double) k / (pts.length - 1);
                    double a = start + 2 * Math.PI * turns * t;
                    pts[k] = new double[] {(0.15 + 0.85 * t) * Math.cos(a), (0.15 + 0.85 * t) * Math.sin(a)};
                }
                yield lines(pts);
            }
            case LETTERS_N_Z -> letter(HELD_OUT_LETTERS.charAt(r.nextInt(HELD_OUT_LETTERS.length())));
        };
    }

    /** A capital as a person prints it, in strokes. */
    static List<double[][]> letter(char c) {
        double w = 0.75;
        return switch (c) {
            case 'A' -> lines(poly(-w, 1, 0, -1, w, 1), poly(-w / 2, 0.25, w / 2, 0.25));
            case 'C' -> lines(arc(0, 0, w, 1, Math.toRadians(-40), Math.toRadians(-320)));
            case 'D' -> lines(poly(-w, -1, -w, 1), concat(poly(-w, -1), arc(-w, 0, 2 * w * 0.95, 1, -Math.PI / 2, Math.PI / 2),
                    poly(-w, 1)));
            case 'E' -> lines(poly(w, -1, -w, -1, -w, 1, w, 1), poly(-w, 0, w * 0.6, 0));
            case 'F' -> lines(poly(w, -1, -w, -1, -w, 1), poly(-w, 0, w * 0.6, 0));
            case 'G' -> lines(concat(arc(0, 0, w, 1, Math.toRadians(-40), Math.toRadians(-360)), poly(w, 0.1, 0.1, 0.1)));
            case 'H' -> lines(poly(-w, -1, -w, 1), poly(w, -1, w, 1), poly(-w, 0, w, 0));
            case 'J' -> lines(poly(-0.2, -1, w, -1), concat(poly(w * 0.6, -1, w * 0.6, 0.5),
                    arc(0, 0.5, w * 0.6, 0.5, 0, Math.PI)));
            case 'K' -> lines(poly(-w, -1, -w, 1), poly(w, -1, -w, 0.1, w, 1));
            case 'L' -> lines(poly(-w, -1, -w, 1, w, 1));
            case 'M' -> lines(poly(-w, 1, -w, -1, 0, 0.4, w, -1, w, 1));
            case 'N' -> lines(poly(-w, 1, -w, -1, w, 1, w, -1));
            case 'P' -> lines(concat(poly(-w, 1, -w, -1), arc(-w, -0.5, 2 * w * 0.9, 0.5, -Math.PI / 2, Math.PI / 2),
                    poly(-w, 0)));
            case 'Q' -> lines(arc(0, 0, w, 1, 0, 2 * Math.PI + 0.2), poly(0.2, 0.5, w + 0.15, 1.05));
            case 'R' -> lines(concat(poly(-w, 1, -w, -1), arc(-w, -0.5, 2 * w * 0.9, 0.5, -Math.PI / 2, Math.PI / 2),
                    poly(-w, 0, w, 1)));
            case 'T' -> lines(poly(-w, -1, w, -1), poly(0, -1, 0, 1));
            case 'U' -> lines(concat(poly(-w, -1, -w, 0.2), arc(0, 0.2, w, 0.8, Math.PI, 0), poly(w, -1)));
            case 'V' -> lines(poly(-w, -1, 0, 1, w, -1));
            case 'W' -> lines(poly(-1, -1, -0.5, 1, 0, -0.3, 0.5, 1, 1, -1));
            case 'X' -> lines(poly(-w, -1, w, 1), poly(w, -1, -w, 1));
            case 'Y' -> lines(poly(-w, -1, 0, 0, w, -1), poly(0, 0, 0, 1));
            default -> throw new IllegalArgumentException("no strokes for the letter " + c);
        };
    }

    /** Strokes as a list (not {@code List.of}, which would take one stroke's points for the elements). */
    static List<double[][]> lines(double[][]... strokes) {
        return List.of(strokes);
    }

    static double[][] poly(double... xy) {
        double[][] pts = new double[xy.length / 2][];
        for (int k = 0; k < pts.length; k++) {
            pts[k] = new double[] {xy[2 * k], xy[2 * k + 1]};
        }
        return pts;
    }

    /** An elliptic arc from angle {@code a0} to {@code a1} (radians, y down, either direction). */
    static double[][] arc(double cx, double cy, double rx, double ry, double a0, double a1) {
        int n = (int) Math.max(8, Math.ceil(Math.abs(a1 - a0) / (2 * Math.PI) * 64));
        double[][] pts = new double[n + 1][];
        for (int k = 0; k <= n; k++) {
            double a = a0 + (a1 - a0) * k / n;
            pts[k] = new double[] {cx + rx * Math.cos(a), cy + ry * Math.sin(a)};
        }
        return pts;
    }

    /** A quadratic Bézier from {@code a} through control {@code c} to {@code b}. */
    static double[][] bezier(double[] a, double[] c, double[] b) {
        int n = 24;
        double[][] pts = new double[n + 1][];
        for (int k = 0; k <= n; k++) {
            double t = (double) k / n;
            double u = 1 - t;
            pts[k] = new double[] {u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]};
        }
        return pts;
    }

    /** A regular polygon, closed. */
    static double[][] regular(int n, double radius, double turn, double aspect) {
        double[][] pts = new double[n + 1][];
        for (int k = 0; k <= n; k++) {
            double a = turn + 2 * Math.PI * k / n;
            pts[k] = new double[] {radius * Math.cos(a), aspect * radius * Math.sin(a)};
        }
        return pts;
    }

    static double[][] concat(double[][]... parts) {
        List<double[]> all = new ArrayList<>();
        for (double[][] p : parts) {
            all.addAll(Arrays.asList(p));
        }
        return all.toArray(new double[0][]);
    }
}
