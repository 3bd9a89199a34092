package dev.digitnet.predict;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.awt.Shape;
import javax.imageio.ImageIO;

/** Synthetic digit pictures for tests (shapes in a 100×100 design space, stroke 10). */
public final class TestDigits {

    private TestDigits() {}

    public static final Shape ONE = path(new double[][] {{45, 22}, {56, 10}, {56, 90}});
    public static final Shape SEVEN = path(new double[][] {{20, 12}, {80, 12}, {45, 92}});
    public static final Shape ZERO = new Ellipse2D.Double(25, 10, 50, 80);

    private static Path2D path(double[][] points) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(points[0][0], points[0][1]);
        for (int i = 1; i < points.length; i++) {
            p.lineTo(points[i][0], points[i][1]);
        }
        return p;
    }

    /** A {@code size×size} picture: black on white, or white on black when {@code lightOnDark}. */
    public static BufferedImage image(Shape shape, int size, boolean lightOnDark) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(lightOnDark ? Color.BLACK : Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.setColor(lightOnDark ? Color.WHITE : Color.BLACK);
        double scale = size / 100.0;
        g.setStroke(new BasicStroke((float) (10 * scale), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(AffineTransform.getScaleInstance(scale, scale).createTransformedShape(shape));
        g.dispose();
        return image;
    }

    public static byte[] png(Shape shape, int size, boolean lightOnDark) {
        return encode(image(shape, size, lightOnDark), "png");
    }

    public static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
