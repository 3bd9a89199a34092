package dev.digitnet.data.ood;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The draw-a-digit page's pen, off-screen: a white {@value Pictures#PAGE}-pixel page and a black
 * round pen {@link Pictures#PEN} wide (app.js: {@code lineWidth = canvas.width / 12}, round caps,
 * strokes joined point to point with {@code lineTo}, a click without a move drawn as a filled disk
 * of the pen's width). What {@link Doodles} and {@link PenDigits} draw with, so their pictures are
 * the page's pictures.
 */
final class Pen {

    static {
        Pictures.init();
    }

    private Pen() {}

    /**
     * A page with the strokes drawn on it.
     *
     * @param strokes each a list of points {@code {x, y}} in page pixels; a stroke of one point is
     *     a click
     */
    static BufferedImage draw(List<double[][]> strokes) {
        return draw(strokes, Pictures.PEN);
    }

    /** {@link #draw(List)} with a pen {@code width} pixels wide instead of the page's. */
    static BufferedImage draw(List<double[][]> strokes, float width) {
        int page = Pictures.PAGE;
        BufferedImage image = Pictures.gray(page, page, 255);
        Graphics2D g = Pictures.graphics(image);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (double[][] stroke : strokes) {
            if (stroke.length == 0) {
                continue;
            }
            if (stroke.length == 1) {
                g.fill(new Ellipse2D.Double(stroke[0][0] - width / 2, stroke[0][1] - width / 2, width, width));
                continue;
            }
            Path2D.Double path = new Path2D.Double();
            path.moveTo(stroke[0][0], stroke[0][1]);
            for (int i = 1; i < stroke.length; i++) {
                path.lineTo(stroke[i][0], stroke[i][1]);
            }
            g.draw(path);
        }
        g.dispose();
        return image;
    }
}
