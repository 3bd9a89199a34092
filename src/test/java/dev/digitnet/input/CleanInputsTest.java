package dev.digitnet.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.MnistSplit;
import dev.digitnet.data.MnistStore;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clean inputs are read exactly as before photos were cleaned: every MNIST test picture (either
 * polarity) and drawings made like the demo page's canvas give the same 28×28 and 32×32 images as
 * the reference (the preprocessing of commit 8109c20), to the bit.
 */
class CleanInputsTest {

    private static MnistSplit test;

    @BeforeAll
    static void load() {
        test = new MnistStore(MnistStore.defaultDirectory(), System.out::println).load().test();
    }

    static BufferedImage mnistPicture(MnistSplit split, int i, boolean inverted) {
        int side = MnistSplit.SIDE;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int p = 0; p < side * side; p++) {
            int v = split.images()[i * side * side + p] & 0xff;
            data[p] = (byte) (inverted ? 255 - v : v);
        }
        return image;
    }

    @Test
    void everyMnistTestPictureGivesTheSameInputAsBefore() throws IOException {
        int differ = 0;
        int notClean = 0;
        for (int i = 0; i < test.count(); i++) {
            for (boolean inverted : new boolean[] {false, true}) {
                BufferedImage picture = mnistPicture(test, i, inverted);
                InputTrace trace = new InputTrace();
                ModelInput now = DigitInput.fromImage(picture, trace);
                ReferencePreprocessor.Preprocessed before = ReferencePreprocessor.fromImage(picture);
                notClean += trace.route() == InputTrace.Route.PHOTO ? 1 : 0;
                differ += maxAbsDiff(now.image28(), before.image28()) > 0 || maxAbsDiff(now.image32(), before.image32()) > 0
                        || now.empty() != before.empty() ? 1 : 0;
            }
        }
        assertEquals(0, notClean, "MNIST pictures taken for photos");
        assertEquals(0, differ, "MNIST pictures whose input changed");
        // And through PNG bytes, as an upload: a tenth of them.
        for (int i = 0; i < test.count(); i += 10) {
            BufferedImage picture = mnistPicture(test, i, i % 20 == 0);
            ModelInput now = DigitInput.read(png(picture));
            assertEquals(0, maxAbsDiff(now.image32(), ReferencePreprocessor.fromImage(picture).image32()), "picture " + i);
        }
    }

    @Test
    void canvasDrawingsGiveTheSameInputAsBefore() throws IOException {
        SplittableRandom random = new SplittableRandom(19);
        int notClean = 0;
        for (int i = 0; i < 300; i++) {
            BufferedImage canvas = canvasDrawing(random, i % 10 == 9);
            byte[] png = png(canvas);
            BufferedImage decoded = ImageDecoder.decode(png, ImageDecoder.Limits.DEFAULT);
            InputTrace trace = new InputTrace();
            ModelInput now = DigitInput.read(png, ImageDecoder.Limits.DEFAULT, ImageDecoder.Budget.NONE, trace);
            ReferencePreprocessor.Preprocessed before = ReferencePreprocessor.fromImage(decoded);
            notClean += trace.route() == InputTrace.Route.PHOTO ? 1 : 0;
            assertEquals(before.empty(), now.empty(), "drawing " + i);
            assertEquals(0, maxAbsDiff(now.image28(), before.image28()), "drawing " + i);
            assertEquals(0, maxAbsDiff(now.image32(), before.image32()), "drawing " + i);
        }
        assertEquals(0, notClean, "drawings taken for photos");
    }

    /**
     * Pictures of one size share a luminance plane per thread: what a picture reads as must not
     * depend on what its thread read before, and an answer must not change when the thread reads
     * the next picture. Clean drawings and a noisy photo-like copy (read through the cleaning)
     * alternate; each is compared with its reading on a thread of its own.
     */
    @Test
    void aPictureReadsTheSameWhateverItsThreadReadBefore() throws Exception {
        SplittableRandom random = new SplittableRandom(23);
        BufferedImage[] pictures = new BufferedImage[6];
        for (int i = 0; i < pictures.length; i += 2) {
            pictures[i] = canvasDrawing(random, false);
            pictures[i + 1] = noisy(pictures[i], random);
        }
        ModelInput[] alone = new ModelInput[pictures.length];
        for (int i = 0; i < pictures.length; i++) {
            BufferedImage picture = pictures[i];
            java.util.concurrent.FutureTask<ModelInput> read = new java.util.concurrent.FutureTask<>(() -> DigitInput.fromImage(picture));
            Thread thread = new Thread(read);
            thread.start();
            alone[i] = read.get();
        }
        ModelInput[] inTurn = new ModelInput[pictures.length];
        float[][] kept = new float[pictures.length][];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < pictures.length; i++) {
                inTurn[i] = DigitInput.fromImage(pictures[i]);
                kept[i] = inTurn[i].image32().clone();
                assertEquals(0, maxAbsDiff(inTurn[i].image32(), alone[i].image32()), "picture " + i + ", round " + round);
            }
            for (int i = 0; i < pictures.length; i++) {
                assertEquals(0, maxAbsDiff(inTurn[i].image32(), kept[i]), "picture " + i + " changed by the later ones");
            }
        }
        int photos = 0;
        for (int i = 1; i < pictures.length; i += 2) {
            InputTrace trace = new InputTrace();
            DigitInput.fromImage(pictures[i], trace);
            photos += trace.route() == InputTrace.Route.PHOTO ? 1 : 0;
        }
        assertEquals(pictures.length / 2, photos, "the noisy copies go through the cleaning");
    }

    /** An opaque copy with camera-like noise (σ 12 of 255), which no longer counts as a clean picture. */
    private static BufferedImage noisy(BufferedImage picture, SplittableRandom random) {
        int w = picture.getWidth(), h = picture.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (picture.getRGB(x, y) >> 8) & 0xff;
                int n = (int) Math.round(v + 12 * gaussian(random));
                n = Math.max(0, Math.min(255, n));
                out.setRGB(x, y, 0xff000000 | n << 16 | n << 8 | n);
            }
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /**
     * A drawing as the demo page makes one: a 336×336 white canvas, a black round pen 28 pixels
     * wide, anti-aliased, 1–3 strokes of straight and curved segments (or one dot), sent as an RGBA PNG.
     */
    static BufferedImage canvasDrawing(SplittableRandom r, boolean dot) {
        int side = 336;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_4BYTE_ABGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, side, side);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(28, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        if (dot) {
            double x = 40 + r.nextDouble() * 250, y = 40 + r.nextDouble() * 250;
            g.fill(new java.awt.geom.Ellipse2D.Double(x - 14, y - 14, 28, 28));
        } else {
            int strokes = 1 + r.nextInt(3);
            for (int s = 0; s < strokes; s++) {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(40 + r.nextDouble() * 256, 40 + r.nextDouble() * 256);
                int segments = 1 + r.nextInt(4);
                for (int k = 0; k < segments; k++) {
                    if (r.nextBoolean()) {
                        p.lineTo(20 + r.nextDouble() * 296, 20 + r.nextDouble() * 296);
                    } else {
                        p.quadTo(r.nextDouble() * 336, r.nextDouble() * 336, 20 + r.nextDouble() * 296, 20 + r.nextDouble() * 296);
                    }
                }
                g.draw(p);
            }
        }
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
