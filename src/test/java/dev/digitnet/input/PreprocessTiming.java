package dev.digitnet.input;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Side-by-side timing on one thread (not a test; scripts/preprocess-timing.sh runs it):
 *
 * <ol>
 *   <li>docs/seven.png, the load test's picture, decoded once: the preprocessing as it was
 *       (ReferencePreprocessor) and the input path now (DigitInput.fromImage), alternating in
 *       rounds of {@code CALLS} calls, the median call of each round printed;
 *   <li>a 4000×3000 JPEG photo of a digit on ruled paper (drawn here, quality 85): bytes to model
 *       input (decode and preprocessing), then each on its own, every run printed.
 * </ol>
 */
public final class PreprocessTiming {

    static final int CALLS = 2000;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        byte[] seven = Files.readAllBytes(Path.of(args.length > 1 ? args[1] : "docs/seven.png"));
        BufferedImage image = ImageDecoder.decode(seven, ImageDecoder.Limits.DEFAULT);
        // The two must agree, or the timing compares different work.
        if (!Arrays.equals(ReferencePreprocessor.fromImage(image).image32(), DigitInput.fromImage(image).image32())) {
            throw new IllegalStateException("docs/seven.png: the old and new preprocessing disagree");
        }
        System.out.println("docs/seven.png " + image.getWidth() + "x" + image.getHeight() + ", one thread, median of "
                + CALLS + " calls per round, ms");
        double[] old = new double[rounds];
        double[] now = new double[rounds];
        for (int warm = 0; warm < 3; warm++) {
            timeOld(image);
            timeNew(image);
        }
        for (int r = 0; r < rounds; r++) {
            // Alternate which goes first, so drift within a round falls on both.
            if (r % 2 == 0) {
                old[r] = timeOld(image);
                now[r] = timeNew(image);
            } else {
                now[r] = timeNew(image);
                old[r] = timeOld(image);
            }
            System.out.printf(Locale.ROOT, "round %2d  old %.4f  new %.4f  new-old %+.4f%n", r + 1, old[r], now[r], now[r] - old[r]);
        }
        System.out.printf(Locale.ROOT, "median    old %.4f  new %.4f  new-old %+.4f%n", median(old), median(now),
                median(now) - median(old));

        byte[] photo = bigPhoto();
        System.out.println("\n4000x3000 JPEG (" + photo.length + " bytes), one thread, ms per run");
        for (int warm = 0; warm < 5; warm++) {
            DigitInput.read(photo);
        }
        // Wall time, and the thread's CPU time: on a machine busy with other work the wall time
        // includes waiting for a core, which is not this code's cost.
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] total = new double[rounds];
        double[] totalCpu = new double[rounds];
        double[] decodeCpu = new double[rounds];
        double[] prepCpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            ModelInput in = DigitInput.read(photo);
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            BufferedImage decoded = ImageDecoder.decode(photo, ImageDecoder.Limits.DEFAULT);
            long c2 = cpu.getCurrentThreadCpuTime();
            DigitInput.fromImage(decoded);
            long c3 = cpu.getCurrentThreadCpuTime();
            total[r] = (t1 - t0) / 1e6;
            totalCpu[r] = (c1 - c0) / 1e6;
            decodeCpu[r] = (c2 - c1) / 1e6;
            prepCpu[r] = (c3 - c2) / 1e6;
            System.out.printf(Locale.ROOT, "run %2d  bytes->input wall %.1f, cpu %.1f  (cpu: decode %.1f to %dx%d, preprocess %.1f)%s%n",
                    r + 1, total[r], totalCpu[r], decodeCpu[r], decoded.getWidth(), decoded.getHeight(), prepCpu[r],
                    in.empty() ? "  EMPTY" : "");
        }
        System.out.printf(Locale.ROOT, "median  bytes->input wall %.1f, cpu %.1f  (cpu: decode %.1f, preprocess %.1f)%n",
                median(total), median(totalCpu), median(decodeCpu), median(prepCpu));
    }

    private static double timeOld(BufferedImage image) {
        long[] t = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long s = System.nanoTime();
            ReferencePreprocessor.fromImage(image);
            t[i] = System.nanoTime() - s;
        }
        return medianNanos(t);
    }

    private static double timeNew(BufferedImage image) {
        long[] t = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long s = System.nanoTime();
            DigitInput.fromImage(image);
            t[i] = System.nanoTime() - s;
        }
        return medianNanos(t);
    }

    private static double medianNanos(long[] t) {
        Arrays.sort(t);
        return t[t.length / 2] / 1e6;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /** A phone photo: a 4 on ruled paper, light falling off to one side, sensor noise, JPEG quality 85. */
    static byte[] bigPhoto() throws Exception {
        int w = 4000, h = 3000;
        BufferedImage ink = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = ink.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(12.5f * 13, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        AffineTransform t = AffineTransform.getScaleInstance(12.5, 12.5);
        g.draw(t.createTransformedShape(PhotoCleaningTest.four()));
        g.dispose();
        byte[] mask = ((DataBufferByte) ink.getRaster().getDataBuffer()).getData();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        Random random = new Random(4);
        for (int y = 0; y < h; y++) {
            double line = Math.abs(((y - 0.05 * 0) % 420 + 420) % 420 - 210) > 205 ? 0.75 : 1;
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double paper = (0.95 - 0.35 * x / w) * line;
                double m = 1 - (mask[i] & 0xff) / 255.0;
                double v = paper * (1 - 0.85 * m) + 0.012 * random.nextGaussian();
                int b = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
                data[3 * i] = (byte) Math.min(255, b + 8);
                data[3 * i + 1] = (byte) b;
                data[3 * i + 2] = (byte) b;
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.85f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream os = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(os);
            writer.write(null, new IIOImage(out, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
