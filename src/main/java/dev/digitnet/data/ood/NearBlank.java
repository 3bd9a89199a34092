package dev.digitnet.data.ood;

import static dev.digitnet.data.ood.Pictures.uniform;

import dev.digitnet.input.DigitInput;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Nearly empty pages, as on the web demo's page (336×336, white, black round pen of 28 pixels),
 * four kinds in turn (the tag):
 *
 * <ul>
 *   <li>{@code dot}: one click, a filled disk the size of the pen tip; the preprocessor scales it
 *       to fill the 20×20 box, so the model sees a big solid disk;
 *   <li>{@code specks}: 1–3 tiny specks (dust, a stray touch), 1–5 pixels across;
 *   <li>{@code dash}: one short stroke, up to twice the pen's width long, never near vertical
 *       (a short vertical bar scales into a fat but fair "1");
 *   <li>{@code faint}: a dot, speck or dash in pale grey (contrast 0.13–0.35), which the
 *       preprocessor stretches to full ink.
 * </ul>
 *
 * <p>Pages the preprocessor finds blank are skipped (see {@link Pictures#collect}): they never
 * reach the model.
 */
public final class NearBlank {

    static {
        Pictures.init();
    }

    public static final int COUNT = 1_000;
    static final String[] KINDS = {"dot", "specks", "dash", "faint"};

    private NearBlank() {}

    public static OodSet generate(long seed) {
        return generate(seed, COUNT);
    }

    static OodSet generate(long seed, int count) {
        return Pictures.collect(OodBenchmark.NEAR_BLANK, "near-blank pages: one pen dot, tiny specks, a short dash, "
                + "a faint mark, drawn like on the demo's page, preprocessed like a drawing",
                Pictures.seedFor(seed, OodBenchmark.NEAR_BLANK), count, (i, r) -> {
                    String kind = KINDS[i % KINDS.length];
                    return new Pictures.Made(DigitInput.fromImage(draw(kind, r)), kind);
                });
    }

    static BufferedImage draw(String kind, SplittableRandom r) {
        int page = Pictures.PAGE;
        BufferedImage image = Pictures.gray(page, page, 255);
        Graphics2D g = Pictures.graphics(image);
        String mark = kind;
        if (kind.equals("faint")) {
            int ink = (int) Math.round(255 * (1 - uniform(r, 0.13, 0.35)));
            g.setColor(new Color(ink, ink, ink));
            mark = new String[] {"dot", "specks", "dash"}[r.nextInt(3)];
        } else {
            g.setColor(Color.BLACK);
        }
        double margin = Pictures.PEN;
        switch (mark) {
            case "dot" -> {
                double radius = Pictures.PEN / 2.0 * uniform(r, 0.8, 1.2);
                g.fill(new Ellipse2D.Double(uniform(r, margin, page - margin) - radius,
                        uniform(r, margin, page - margin) - radius, 2 * radius, 2 * radius));
            }
            case "specks" -> {
                int specks = 1 + r.nextInt(3);
                for (int k = 0; k < specks; k++) {
                    double radius = uniform(r, 0.6, 2.5);
                    g.fill(new Ellipse2D.Double(uniform(r, margin, page - margin) - radius,
                            uniform(r, margin, page - margin) - radius, 2 * radius, 2 * radius));
                }
            }
            case "dash" -> {
                double length = Pictures.PEN * uniform(r, 0.3, 2);
                double angle = Math.toRadians(uniform(r, -60, 60));
                double cx = uniform(r, 2 * margin, page - 2 * margin);
                double cy = uniform(r, 2 * margin, page - 2 * margin);
                double dx = Math.cos(angle) * length / 2;
                double dy = Math.sin(angle) * length / 2;
                g.setStroke(new BasicStroke(Pictures.PEN, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Line2D.Double(cx - dx, cy - dy, cx + dx, cy + dy));
            }
            default -> throw new IllegalArgumentException("unknown near-blank kind " + kind);
        }
        g.dispose();
        return image;
    }
}
