package dev.digitnet.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.Images;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class MnistNormalizerTest {

    /** A "2"-like shape in a 100×100 design space: a top arc, a diagonal and a base. */
    private static Path2D.Double two() {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(25, 30);
        p.curveTo(30, 5, 75, 5, 72, 32);
        p.curveTo(70, 50, 40, 65, 25, 88);
        p.lineTo(78, 88);
        return p;
    }

    /** A "7": a bar and a long diagonal, mass far from the bounding box centre. */
    private static Path2D.Double seven() {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(20, 12);
        p.lineTo(80, 12);
        p.lineTo(45, 92);
        return p;
    }

    /** A tall thin "1". */
    private static Path2D.Double one() {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(42, 22);
        p.lineTo(55, 10);
        p.lineTo(55, 90);
        return p;
    }

    /**
     * Draws {@code shape} (100×100 design units, stroke 11 units) scaled by {@code scale} at
     * {@code (ox, oy)} onto a {@code w×h} image of the given type and colours.
     */
    static BufferedImage draw(Path2D shape, int w, int h, int type, Color background, Color ink,
            double scale, double ox, double oy) {
        BufferedImage image = new BufferedImage(w, h, type);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        if (background == null) {
            g.setComposite(AlphaComposite.Clear);
            g.fillRect(0, 0, w, h);
            g.setComposite(AlphaComposite.SrcOver);
        } else {
            g.setColor(background);
            g.fillRect(0, 0, w, h);
        }
        g.setColor(ink);
        g.setStroke(new BasicStroke((float) (11 * scale), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        AffineTransform t = new AffineTransform();
        t.translate(ox, oy);
        t.scale(scale, scale);
        g.draw(t.createTransformedShape(shape));
        g.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    private static double[] centreOfMass(float[] image, int side) {
        double m = 0, x = 0, y = 0;
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                double v = image[r * side + c];
                m += v;
                x += v * (c + 0.5);
                y += v * (r + 0.5);
            }
        }
        return new double[] {x / m, y / m};
    }

    /** {x0, y0, x1, y1} of pixels above {@code threshold}. */
    private static int[] bbox(float[] image, int side, double threshold) {
        int x0 = side, y0 = side, x1 = -1, y1 = -1;
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                if (image[r * side + c] > threshold) {
                    x0 = Math.min(x0, c);
                    x1 = Math.max(x1, c);
                    y0 = Math.min(y0, r);
                    y1 = Math.max(y1, r);
                }
            }
        }
        return new int[] {x0, y0, x1, y1};
    }

    private static void assertMnistLike(ModelInput p) {
        assertFalse(p.empty());
        assertEquals(28 * 28, p.image28().length);
        assertEquals(32 * 32, p.image32().length);
        float max = 0;
        for (float v : p.image28()) {
            assertTrue(v >= 0 && v <= 1, "value " + v + " outside [0, 1]");
            max = Math.max(max, v);
        }
        assertEquals(1f, max, 1e-5, "the strongest ink is 1");
        double[] com = centreOfMass(p.image28(), 28);
        assertEquals(14, com[0], 0.5, "centre of mass x");
        assertEquals(14, com[1], 0.5, "centre of mass y");
        int[] box = bbox(p.image28(), 28, 0);
        assertTrue(box[2] - box[0] + 1 <= 20 && box[3] - box[1] + 1 <= 20,
                "ink box " + (box[2] - box[0] + 1) + "×" + (box[3] - box[1] + 1) + " exceeds 20×20");
        assertEquals(20, Math.max(box[2] - box[0] + 1, box[3] - box[1] + 1), "the long side fills 20 pixels");
    }

    @Test
    void smallOffCentreDarkOnLightMatchesBigCentredLightOnDark() {
        BufferedImage small = draw(two(), 200, 150, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK, 0.6, 8, 5);
        BufferedImage big = draw(two(), 640, 640, BufferedImage.TYPE_INT_RGB, Color.BLACK, Color.WHITE, 4.0, 120, 120);
        ModelInput a = DigitInput.fromImage(small);
        ModelInput b = DigitInput.fromImage(big);
        assertMnistLike(a);
        assertMnistLike(b);
        double diff28 = meanAbsDiff(a.image28(), b.image28());
        assertTrue(diff28 < 0.03, "28×28 images differ by " + diff28 + " on average");
        assertTrue(meanAbsDiff(a.image32(), b.image32()) < 0.03);
    }

    @Test
    void centreOfMassIsCentredEvenWhenTheBoxIsNot() {
        for (Path2D shape : new Path2D[] {two(), seven(), one()}) {
            ModelInput p = DigitInput.fromImage(
                    draw(shape, 300, 300, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK, 2.0, 30, 40));
            assertMnistLike(p);
        }
        // The 7's mass sits high and right of its box: the box itself must move off-centre.
        ModelInput seven = DigitInput.fromImage(
                draw(seven(), 300, 300, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK, 2.0, 30, 40));
        int[] box = bbox(seven.image28(), 28, 0);
        assertTrue(box[1] > 4, "the 7 is pushed down so its top-heavy mass is centred, box " + box[1] + ".." + box[3]);
    }

    @Test
    void tallThinDigitKeepsItsAspectRatio() {
        ModelInput p = DigitInput.fromImage(
                draw(one(), 400, 400, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK, 3.0, 20, 20));
        assertMnistLike(p);
        int[] box = bbox(p.image28(), 28, 0.2);
        int w = box[2] - box[0] + 1;
        int h = box[3] - box[1] + 1;
        assertTrue(h >= 19 && w <= 10, "a 1 stays tall and thin: " + w + "×" + h);
    }

    @Test
    void tinyInputsAreUpscaled() {
        ModelInput p = DigitInput.fromImage(
                draw(two(), 16, 16, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK, 0.12, 2, 2));
        assertMnistLike(p);
    }

    @Test
    void blankImagesAreEmpty() {
        Random random = new Random(7);
        BufferedImage noisy = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 90; y++) {
            for (int x = 0; x < 120; x++) {
                int v = 200 + random.nextInt(15);
                noisy.setRGB(x, y, new Color(v, v, v).getRGB());
            }
        }
        BufferedImage white = draw(new Path2D.Double(), 280, 280, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK, 1, 0, 0);
        BufferedImage black = draw(new Path2D.Double(), 50, 50, BufferedImage.TYPE_BYTE_GRAY, Color.BLACK, Color.WHITE, 1, 0, 0);
        BufferedImage transparent = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        for (BufferedImage image : new BufferedImage[] {white, black, noisy, transparent, new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)}) {
            ModelInput p = DigitInput.fromImage(image);
            assertTrue(p.empty(), "blank " + image.getWidth() + "×" + image.getHeight() + " image is empty");
            assertArrayEquals(new float[784], p.image28());
            assertArrayEquals(new float[1024], p.image32());
        }
    }

    @Test
    void transparentCanvasWithStrokesWorksInEitherColour() throws IOException {
        ModelInput opaque = DigitInput.fromImage(
                draw(two(), 280, 280, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK, 2.2, 30, 25));
        for (Color ink : new Color[] {Color.BLACK, Color.WHITE, new Color(20, 40, 160)}) {
            byte[] png = encode(draw(two(), 280, 280, BufferedImage.TYPE_INT_ARGB, null, ink, 2.2, 30, 25), "png");
            ModelInput p = DigitInput.read(png);
            assertMnistLike(p);
            assertTrue(meanAbsDiff(opaque.image28(), p.image28()) < 0.03, "transparent canvas with " + ink + " strokes");
        }
    }

    @Test
    void grayPngAndJpegDecodeLikeRgb() throws IOException {
        ModelInput rgb = DigitInput.fromImage(
                draw(seven(), 200, 200, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK, 1.6, 20, 20));
        ModelInput gray = DigitInput.read(encode(
                draw(seven(), 200, 200, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE, Color.BLACK, 1.6, 20, 20), "png"));
        ModelInput jpeg = DigitInput.read(encode(
                draw(seven(), 200, 200, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK, 1.6, 20, 20), "jpg"));
        assertMnistLike(gray);
        assertMnistLike(jpeg);
        assertTrue(meanAbsDiff(rgb.image28(), gray.image28()) < 0.02);
        assertTrue(meanAbsDiff(rgb.image28(), jpeg.image28()) < 0.04);
    }

    @Test
    void undecodableBytesAreAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DigitInput.read("definitely not a picture".getBytes()));
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
        assertThrows(UnreadableImageException.class, () -> DigitInput.read(new byte[0]));
        byte[] truncated;
        try {
            byte[] png = encode(draw(two(), 100, 100, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK, 1, 0, 0), "png");
            truncated = java.util.Arrays.copyOf(png, png.length / 2);
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
        assertThrows(UnreadableImageException.class, () -> DigitInput.read(truncated));
    }

    @Test
    void grid28IsOnlyRescaledAndResized() {
        double[][] grid = new double[28][28];
        grid[10][12] = 255;
        grid[11][12] = 127.5;
        ModelInput p = DigitInput.fromGrid28(grid);
        assertFalse(p.empty());
        assertEquals(1f, p.image28()[10 * 28 + 12], 1e-6);
        assertEquals(0.5f, p.image28()[11 * 28 + 12], 1e-6);
        double[][] unit = new double[28][28];
        unit[10][12] = 1;
        unit[11][12] = 0.5;
        assertArrayEquals(p.image28(), DigitInput.fromGrid28(unit).image28());
        assertArrayEquals(ModelInput.to32(p.image28()), p.image32());
        float[] expected = new float[32 * 32];
        Images.resizeBilinear(p.image28(), 28, 28, expected, 32, 32);
        assertArrayEquals(expected, p.image32(), "the same resize as the training data");

        assertTrue(DigitInput.fromGrid28(new double[28][28]).empty());
        assertThrows(IllegalArgumentException.class, () -> DigitInput.fromGrid28(new double[27][28]));
        assertThrows(IllegalArgumentException.class, () -> DigitInput.fromGrid28(new double[28][29]));
        double[][] bad = new double[28][28];
        bad[3][3] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> DigitInput.fromGrid28(bad));
        bad[3][3] = -1;
        assertThrows(IllegalArgumentException.class, () -> DigitInput.fromGrid28(bad));
    }

    @Test
    void resizeIsPyTorchHalfPixelBilinearAsInTraining() {
        // torch.nn.functional.interpolate(t.view(1,1,2,2), size=(4,4), mode="bilinear", align_corners=False)
        float[] out = new float[16];
        Images.resizeBilinear(new float[] {1, 2, 3, 4}, 2, 2, out, 4, 4);
        assertArrayEquals(new float[] {
            1.0f, 1.25f, 1.75f, 2.0f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.5f, 2.75f, 3.25f, 3.5f,
            3.0f, 3.25f, 3.75f, 4.0f}, out, 1e-6f);
    }

    @Test
    void byteRgbAndRgbaImagesReadTheSameInkAsThroughTheColourModel() throws IOException {
        Random random = new Random(9);
        int w = 57;
        int h = 41;
        // The fast row reader (3- and 4-byte rasters, as PNG and JPEG decode) against getRGB's path.
        int[][] pairs = {{BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB},
            {BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_ARGB}};
        for (int[] types : pairs) {
            BufferedImage fast = new BufferedImage(w, h, types[0]);
            BufferedImage reference = new BufferedImage(w, h, types[1]);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean ink = Math.abs(x - w / 2) < 4 && y > 5 && y < h - 5;
                    int grey = ink ? random.nextInt(40) : 200 + random.nextInt(56);
                    int alpha = types[0] == BufferedImage.TYPE_4BYTE_ABGR && x < 3 ? 128 : 255;
                    int argb = alpha << 24 | grey << 16 | (grey ^ random.nextInt(8)) << 8 | grey;
                    fast.setRGB(x, y, argb);
                    reference.setRGB(x, y, argb);
                }
            }
            assertEquals(box(MnistNormalizer.inkOf(reference, w, h)), box(MnistNormalizer.inkOf(fast, w, h)));
            assertArrayEquals(MnistNormalizer.inkOf(reference, w, h).values(), MnistNormalizer.inkOf(fast, w, h).values());
            // And decoded from PNG bytes, the form the server sees.
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(fast, "png", png);
            BufferedImage decoded = ImageDecoder.decode(png.toByteArray(), ImageDecoder.Limits.DEFAULT);
            assertArrayEquals(MnistNormalizer.inkOf(reference, w, h).values(), MnistNormalizer.inkOf(decoded, w, h).values());
        }
    }

    private static List<Integer> box(MnistNormalizer.Ink ink) {
        return List.of(ink.x0(), ink.y0(), ink.x1(), ink.y1());
    }

    @Test
    void inkIsStretchedToOneAndBoxedExactlyInEitherPolarity() {
        // Ink touching the picture's first column and last row, one faint pixel under the box
        // threshold, one just above it; dark on light and light on dark give the same ink.
        int w = 30;
        int h = 20;
        for (boolean darkOnLight : new boolean[] {true, false}) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int paper = darkOnLight ? 250 : 5;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    image.setRGB(x, y, grey(paper));
                }
            }
            int full = darkOnLight ? 10 : 245;
            for (int y = 5; y < h; y++) {
                image.setRGB(0, y, grey(full)); // a stroke from row 5 down the first column
            }
            image.setRGB(12, 3, grey(full));
            // Normalised ink (|v − paper|/contrast − 0.1)/0.9: 12/240 → below the 0.05 threshold, 40/240 → above.
            image.setRGB(20, 1, grey(darkOnLight ? paper - 12 : paper + 12));
            image.setRGB(25, 2, grey(darkOnLight ? paper - 40 : paper + 40));
            MnistNormalizer.Ink ink = MnistNormalizer.inkOf(image, w, h);
            assertEquals(List.of(0, 2, 25, h - 1), box(ink), "dark on light: " + darkOnLight);
            assertEquals(1f, ink.values()[(h - 1) * w], 1e-6f);
            assertEquals(0f, ink.values()[1 * w + 20]);
            assertEquals((40 / 240.0 - 0.1) / 0.9, ink.values()[2 * w + 25], 1e-5);
            assertEquals(0f, ink.values()[0]);
        }
    }

    private static int grey(int v) {
        return v << 16 | v << 8 | v;
    }

    @Test
    void luminanceIsTheRec601WeightedSumForEveryColour() {
        // The integer form must give exactly the float of the double products below, for all 2^24 colours,
        // so that it changes no model input.
        int differ = 0;
        for (int r = 0; r < 256; r++) {
            for (int g = 0; g < 256; g++) {
                for (int b = 0; b < 256; b++) {
                    if (MnistNormalizer.luminance(r, g, b) != (float) ((0.299 * r + 0.587 * g + 0.114 * b) * (1 / 255.0))) {
                        differ++;
                    }
                }
            }
        }
        assertEquals(0, differ);
        assertEquals(0f, MnistNormalizer.luminance(0, 0, 0));
        assertEquals(1f, MnistNormalizer.luminance(255, 255, 255));
    }
}
