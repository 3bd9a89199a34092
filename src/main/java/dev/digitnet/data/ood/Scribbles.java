package dev.digitnet.data.ood;

import static dev.digitnet.data.ood.Pictures.uniform;

import dev.digitnet.input.DigitInput;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Random pen scribbles on the web demo's page (336×336, white, black round pen of 28 pixels):
 * 1–4 smooth strokes, each of 1–3 joined quadratic or cubic curves, within a random part of the
 * page, then {@link DigitInput#fromImage}. Tagged {@code 1 stroke} … {@code 4 strokes}.
 *
 * <p>Not a digit by construction, but only statistically: a single curve can happen to look like a
 * 1, 7 or 0, as a quick scribble by a person can.
 */
public final class Scribbles {

    static {
        Pictures.init();
    }

    public static final int COUNT = 2_000;

    private Scribbles() {}

    public static OodSet generate(long seed) {
        return generate(seed, COUNT);
    }

    static OodSet generate(long seed, int count) {
        return Pictures.collect(OodBenchmark.SCRIBBLES, "random scribbles: 1–4 smooth pen strokes (quadratic and cubic "
                + "curves) drawn like on the demo's page, preprocessed like a drawing", Pictures.seedFor(seed,
                OodBenchmark.SCRIBBLES), count, (i, r) -> {
                    int strokes = 1 + r.nextInt(4);
                    return new Pictures.Made(DigitInput.fromImage(draw(strokes, r)),
                            strokes + (strokes == 1 ? " stroke" : " strokes"));
                });
    }

    static BufferedImage draw(int strokes, SplittableRandom r) {
        int page = Pictures.PAGE;
        // The part of the page scribbled on: a small part makes strokes thick relative to the drawing.
        double size = uniform(r, 0.35, 0.9) * page;
        double margin = Pictures.PEN;
        double x0 = uniform(r, margin, page - margin - size);
        double y0 = uniform(r, margin, page - margin - size);
        BufferedImage image = Pictures.gray(page, page, 255);
        Graphics2D g = Pictures.graphics(image);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke((float) (Pictures.PEN * uniform(r, 0.7, 1.3)), BasicStroke.CAP_ROUND,
                BasicStroke.JOIN_ROUND));
        for (int s = 0; s < strokes; s++) {
            Path2D.Double path = new Path2D.Double();
            double px = x0 + size * r.nextDouble();
            double py = y0 + size * r.nextDouble();
            path.moveTo(px, py);
            // The previous curve's last control point, mirrored through the joint, keeps the stroke smooth.
            double cx = Double.NaN;
            double cy = Double.NaN;
            int segments = 1 + r.nextInt(3);
            for (int k = 0; k < segments; k++) {
                double c1x = Double.isNaN(cx) ? x0 + size * r.nextDouble() : clamp(2 * px - cx, x0, x0 + size);
                double c1y = Double.isNaN(cy) ? y0 + size * r.nextDouble() : clamp(2 * py - cy, y0, y0 + size);
                double ex = x0 + size * r.nextDouble();
                double ey = y0 + size * r.nextDouble();
                if (r.nextBoolean()) {
                    path.quadTo(c1x, c1y, ex, ey);
                    cx = c1x;
                    cy = c1y;
                } else {
                    double c2x = x0 + size * r.nextDouble();
                    double c2y = y0 + size * r.nextDouble();
                    path.curveTo(c1x, c1y, c2x, c2y, ex, ey);
                    cx = c2x;
                    cy = c2y;
                }
                px = ex;
                py = ey;
            }
            g.draw(path);
        }
        g.dispose();
        return image;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
