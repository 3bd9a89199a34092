package dev.digitnet.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Photos of paper are cleaned down to the digit: on constructed pictures, ruled and squared lines,
 * uneven light, noise and a shadowed page border are removed, and the 28×28 the model sees is the
 * one the same digit gives on clean paper. Each case also shows that the preprocessing as it was
 * (ReferencePreprocessor) misses the clean digit by far, so the comparison can fail.
 */
class PhotoCleaningTest {

    static final int W = 320, H = 240;

    /** A "4" written in two strokes, about 140 pixels tall, somewhat off-centre. */
    static Path2D.Double four() {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(150, 50);
        p.lineTo(118, 132);
        p.lineTo(190, 132);
        p.moveTo(172, 78);
        p.lineTo(166, 190);
        return p;
    }

    /** A "2": a top arc, a diagonal and a base. */
    static Path2D.Double two() {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(120, 80);
        p.curveTo(125, 35, 200, 35, 195, 85);
        p.curveTo(192, 115, 150, 140, 122, 185);
        p.lineTo(205, 185);
        return p;
    }

    /** The pen's cover of each pixel, 0..1, for a shape drawn with a 13-pixel round pen. */
    static float[] ink(Path2D shape) {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(13, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(shape);
        g.dispose();
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        float[] ink = new float[W * H];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = 1 - (data[i] & 0xff) / 255f;
        }
        return ink;
    }

    /**
     * A photo: paper of brightness {@code paper(x, y)} (light and shadow included), ink of
     * brightness 0.12 over it, then {@code noise} (standard deviation, 0..1) per pixel.
     */
    static BufferedImage photo(float[] ink, DoubleBinaryOperator paper, double noise, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                double p = paper.applyAsDouble(x, y);
                double v = p * (1 - ink[i]) + 0.12 * p * ink[i];
                for (int c = 0; c < 3; c++) {
                    double n = v + noise * random.nextGaussian();
                    data[3 * i + c] = (byte) Math.round(255 * Math.max(0, Math.min(1, n)));
                }
            }
        }
        return image;
    }

    /** Brightness of ruled lines at (x, y): faint, 2 pixels wide, 34 apart, tilted 3°. */
    static double ruled(double x, double y) {
        double v = y - x * Math.tan(Math.toRadians(3));
        double d = Math.abs(((v % 34) + 34) % 34 - 17);
        return d > 16 ? 0.72 : 1;
    }

    static double meanAbsDiff(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    /** The 28×28 of the photo is within {@code bound} of the clean digit's; the old preprocessing's is not. */
    static void assertCleaned(String what, Path2D shape, DoubleBinaryOperator paper, double noise, double bound) {
        float[] ink = ink(shape);
        ModelInput clean = DigitInput.fromImage(photo(ink, (x, y) -> 0.93, 0, 1));
        BufferedImage picture = photo(ink, paper, noise, 2);
        InputTrace trace = new InputTrace();
        ModelInput cleaned = DigitInput.fromImage(picture, trace);
        double now = meanAbsDiff(clean.image28(), cleaned.image28());
        double before = meanAbsDiff(clean.image28(), ReferencePreprocessor.fromImage(picture).image28());
        assertEquals(InputTrace.Route.PHOTO, trace.route(), what);
        assertTrue(cleaned.photo() && !clean.photo(), what + ": the input says which route it took");
        assertTrue(now < bound, what + ": 28×28 differs from the clean digit's by " + now + " on average (bound " + bound + ")");
        assertTrue(before > 2 * bound, what + ": the old preprocessing was already close (" + before + "), the case tests nothing");
    }

    @Test
    void cleanPaperIsTheCleanRoute() {
        InputTrace trace = new InputTrace();
        DigitInput.fromImage(photo(ink(four()), (x, y) -> 0.93, 0, 1), trace);
        assertEquals(InputTrace.Route.CLEAN, trace.route());
    }

    @Test
    void ruledLinesAreRemoved() {
        assertCleaned("ruled lines", two(), PhotoCleaningTest::ruled, 0.01, 0.03);
        assertCleaned("ruled lines, two strokes", four(), PhotoCleaningTest::ruled, 0.01, 0.03);
    }

    @Test
    void squaredPaperIsRemoved() {
        DoubleBinaryOperator squared = (x, y) -> Math.min(ruled(x, y), ruled(y, -x));
        assertCleaned("squared paper", two(), squared, 0.01, 0.03);
    }

    @Test
    void unevenLightIsEvenedOut() {
        assertCleaned("gradient", four(), (x, y) -> 0.95 - 0.5 * x / W, 0.01, 0.03);
        assertCleaned("vignetting", two(), (x, y) -> 0.95 - 0.6 * (Math.pow(x / W - 0.5, 2) + Math.pow(y / H - 0.5, 2)), 0.01, 0.03);
    }

    @Test
    void noiseIsIgnored() {
        assertCleaned("sensor noise", four(), (x, y) -> 0.8, 0.05, 0.03);
    }

    @Test
    void aShadowedPageBorderIsRemoved() {
        // The page's edge: a dark table in the first 30 columns, then paper shadowed towards it and along the top.
        DoubleBinaryOperator border = (x, y) -> x < 30 ? 0.2
                : 0.9 * (1 - 0.45 * Math.exp(-(x - 30) / 25.0)) * (1 - 0.35 * Math.exp(-y / 20.0));
        assertCleaned("shadowed border", two(), border, 0.02, 0.03);
        // A hard shadow across the digit.
        assertCleaned("hard shadow", four(), (x, y) -> x + 0.4 * y > 200 ? 0.45 : 0.92, 0.02, 0.03);
    }

    @Test
    void faintRipplesOnABlackTableAreNotInk() {
        // A page whose left part is a table that photographs as black, with the faint ripples a
        // JPEG leaves above black along the page's edge (6/255, a 5-pixel trough at 0, 6/255).
        // Measured as a share of that near-black "paper", the ripples' troughs were ink as strong
        // as the pen's: a thin line along the page's edge, kept with the digit.
        float[] ink = ink(four());
        float[] lum = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                if (x < 90) {
                    boolean ripple = x >= 76 && (x < 80 || x >= 85) && y >= 60 && y < 130;
                    lum[i] = ripple ? 6 / 255f : 0f;
                } else {
                    lum[i] = 0.9f * (1 - ink[i]) + 0.12f * 0.9f * ink[i];
                }
            }
        }
        MnistNormalizer.Ink read = PaperCleaner.clean(lum, W, H, null);
        // The digit's strokes span x 112..196 (the pen's 13 pixels included): nothing left of them.
        assertTrue(read.x0() > 100, "ink found from x = " + read.x0() + " (the page's edge is at x = 90)");
    }

    @Test
    void chalkOnABoardIsANegative() {
        float[] ink = ink(two());
        ModelInput clean = DigitInput.fromImage(photo(ink, (x, y) -> 0.93, 0, 1));
        // Light strokes on a dark, unevenly lit, noisy board.
        Random random = new Random(5);
        BufferedImage board = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) board.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < W * H; i++) {
            double base = 0.15 + 0.08 * (i % W) / W;
            double v = base + (0.85 - base) * ink[i] + 0.02 * random.nextGaussian();
            for (int c = 0; c < 3; c++) {
                data[3 * i + c] = (byte) Math.round(255 * Math.max(0, Math.min(1, v)));
            }
        }
        InputTrace trace = new InputTrace();
        ModelInput read = DigitInput.fromImage(board, trace);
        assertEquals(InputTrace.Route.PHOTO, trace.route());
        double diff = meanAbsDiff(clean.image28(), read.image28());
        assertTrue(diff < 0.03, "chalk on a board: " + diff);
    }

    @Test
    void aPhotoOfBlankPaperIsBlank() {
        float[] none = new float[W * H];
        for (long seed = 0; seed < 5; seed++) {
            ModelInput blank = DigitInput.fromImage(photo(none, (x, y) -> ruled(x, y) * (0.95 - 0.4 * x / W), 0.03, seed));
            assertTrue(blank.empty(), "lined paper under uneven light, seed " + seed);
        }
    }
}
