package dev.digitnet.data.ood;

import dev.digitnet.data.DataException;
import dev.digitnet.input.ModelInput;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Drawing and collecting helpers shared by the generated sets. */
final class Pictures {

    static {
        // Pictures are drawn off-screen: never ask for a display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Side of the web demo's drawing page, in canvas pixels. */
    static final int PAGE = 336;
    /** The demo's pen: round, 1/12 of the page (an MNIST-like stroke once the drawing fills the 20-pixel box). */
    static final int PEN = PAGE / 12;

    private Pictures() {}

    /** Makes sure the headless property is set before any AWT class asks for a display. */
    static void init() {
        // Loading this class ran the static block.
    }

    /** An 8-bit gray picture filled with {@code background} (0 black … 255 white). */
    static BufferedImage gray(int w, int h, int background) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        if (background != 0) {
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(background, background, background));
            g.fillRect(0, 0, w, h);
            g.dispose();
        }
        return image;
    }

    /** Antialiased graphics with exact (unhinted, unnormalised) geometry, so sub-pixel jitter shows. */
    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        return g;
    }

    /** A gray picture from values in [0, 1] (1 = white). */
    static BufferedImage fromValues(float[] values, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                row[x] = Math.round(255 * Math.max(0f, Math.min(1f, values[y * w + x])));
            }
            image.getRaster().setPixels(0, y, w, 1, row);
        }
        return image;
    }

    /**
     * A set's own seed from the benchmark's seed and its name (a mix, so each set's images stay
     * the same when another set is added or changed).
     */
    static long seedFor(long seed, String set) {
        long z = seed + 0x9E3779B97F4A7C15L * (set.hashCode() + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One generated picture, preprocessed, with its tag. */
    record Made(ModelInput input, String tag) {}

    /** Makes the picture for position {@code index} of a set from its own random stream. */
    @FunctionalInterface
    interface Maker {
        Made make(int index, SplittableRandom random);
    }

    /**
     * Makes {@code count} images: each attempt gets its own random stream split from the set's,
     * so the sequence is fixed by the seed alone. Attempts the preprocessor finds empty are
     * skipped (the classifier never sees a blank input: the caller answers "no digit" before the
     * model), so they are no test of the detector; the same position is tried again with the next
     * stream. A set that cannot be filled that way is a {@link DataException}, one line.
     */
    static OodSet collect(String name, String description, long seed, int count, Maker maker) {
        int side = OodSet.SIDE * OodSet.SIDE;
        float[] pixels = new float[count * side];
        List<String> items = new ArrayList<>(count);
        collect(name, seed, count, maker, (index, made) -> {
            System.arraycopy(made.input().image32(), 0, pixels, index * side, side);
            items.add(made.tag());
        });
        return new OodSet(name, description, pixels, count, items);
    }

    /** Takes one picture that is not blank, the {@code index}-th of its set. */
    @FunctionalInterface
    interface Taker {
        void take(int index, Made made);
    }

    /**
     * The attempts behind {@link #collect(String, String, long, int, Maker)}: hands {@code take}
     * the {@code count} pictures that are not blank, in order, whatever it keeps of them.
     */
    static void collect(String name, long seed, int count, Maker maker, Taker take) {
        SplittableRandom root = new SplittableRandom(seed);
        int made = 0;
        int attempts = 0;
        while (made < count) {
            if (++attempts > 10 * count + 100) {
                throw new DataException(name + ": only " + made + " of " + count
                        + " pictures were not blank after " + (attempts - 1) + " attempts");
            }
            Made picture = maker.make(made, root.split());
            if (picture.input().empty()) {
                continue;
            }
            take.take(made++, picture);
        }
    }

    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }
}
