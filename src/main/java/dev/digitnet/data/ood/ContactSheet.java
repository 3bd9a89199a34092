package dev.digitnet.data.ood;

import dev.digitnet.io.AtomicFiles;
import dev.digitnet.data.Fonts;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A PNG with a row of images from each set, as the model sees them (bright on dark), each
 * captioned with its tag: to look at what the benchmark holds. (The evaluation's examples grid
 * captions predictions against labels, which these images have not.) Captions are set in the
 * shipped caption font ({@link Fonts#caption}), so the sheet is the same on every machine.
 */
public final class ContactSheet {

    static {
        Pictures.init();
    }

    private static final int ZOOM = 2;
    private static final int GAP = 6;
    private static final int CAPTION = 14;
    private static final int LABEL = 110;

    private ContactSheet() {}

    /**
     * Writes up to {@code perSet} images of each set, a seeded pick, to {@code png}, atomically.
     */
    public static void writePng(List<OodSet> sets, int perSet, Path png) throws IOException {
        int cell = OodSet.SIDE * ZOOM;
        int width = LABEL + perSet * (cell + GAP) + GAP;
        int rowHeight = cell + CAPTION + GAP;
        int height = GAP + sets.size() * rowHeight;
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Font title = Fonts.caption(Font.BOLD, 13);
        Font small = Fonts.caption(Font.PLAIN, 10);
        for (int s = 0; s < sets.size(); s++) {
            OodSet set = sets.get(s);
            int y = GAP + s * rowHeight;
            g.setColor(Color.DARK_GRAY);
            g.setFont(title);
            g.drawString(set.name(), GAP, y + cell / 2);
            g.setFont(small);
            g.drawString(set.count() + " images", GAP, y + cell / 2 + 14);
            int[] picked = pick(set.count(), perSet);
            for (int k = 0; k < picked.length; k++) {
                int i = picked[k];
                int x = LABEL + k * (cell + GAP);
                g.drawImage(image(set.image(i)), x, y, cell, cell, null);
                g.setColor(Color.GRAY);
                String tag = set.item(i);
                g.drawString(tag.length() > 11 ? tag.substring(0, 10) + "…" : tag, x, y + cell + 11);
            }
        }
        g.dispose();
        AtomicFiles.writeFile(png, AtomicFiles.Policy.OWNED, tmp -> ImageIO.write(canvas, "png", tmp.toFile()));
    }

    /**
     * Up to {@code n} distinct positions, seeded and in order. Evenly spaced ones would fall in
     * step with a set that cycles through letters or kinds and show the same few.
     */
    static int[] pick(int count, int n) {
        return new Random(count).ints(0, count).distinct().limit(Math.min(n, count)).sorted().toArray();
    }

    private static BufferedImage image(float[] pixels) {
        BufferedImage image = new BufferedImage(OodSet.SIDE, OodSet.SIDE, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < pixels.length; i++) {
            int v = Math.round(255 * Math.max(0f, Math.min(1f, pixels[i])));
            image.getRaster().setSample(i % OodSet.SIDE, i / OodSet.SIDE, 0, v);
        }
        return image;
    }
}
