package dev.digitnet.eval;

import dev.digitnet.data.IdxDataset;
import dev.digitnet.io.AtomicFiles;
import dev.digitnet.data.Fonts;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A grid of test digits, each captioned with the prediction, its probability and the true label;
 * mistakes are framed and captioned in red. A picture of images, so plain Java2D is the tool;
 * captions in the shipped caption font ({@link Fonts#caption}) and {@link Locale#ROOT} numbers, so
 * the picture is the same on every machine.
 */
public final class ExamplesGrid {

    /** The digits' classes, 0 to 9. */
    private static final int CLASSES = IdxDataset.MNIST.classes().size();
    private static final int ZOOM = 3;
    private static final int CAPTION = 30;
    private static final int GAP = 8;
    private static final int TITLE = 34;
    private static final Color MISTAKE = new Color(0xD0, 0x21, 0x2C);
    private static final Color CORRECT = new Color(0x1E, 0x7B, 0x34);

    private ExamplesGrid() {}

    public static void writePng(float[][] images, int size, int[] trueLabels, int[] predicted, float[] confidence,
            int columns, String title, Path png) throws IOException {
        int cell = size * ZOOM;
        int rows = (images.length + columns - 1) / columns;
        int width = columns * (cell + GAP) + GAP;
        int height = TITLE + rows * (cell + CAPTION + GAP) + GAP;
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.DARK_GRAY);
        g.setFont(Fonts.caption(Font.BOLD, 15));
        g.drawString(title, GAP, 22);
        Font caption = Fonts.caption(Font.PLAIN, 11);
        for (int i = 0; i < images.length; i++) {
            int x = GAP + (i % columns) * (cell + GAP);
            int y = TITLE + (i / columns) * (cell + CAPTION + GAP);
            g.drawImage(digit(images[i], size), x, y, cell, cell, null);
            boolean wrong = predicted[i] != trueLabels[i];
            g.setColor(wrong ? MISTAKE : CORRECT);
            if (wrong) {
                g.setStroke(new BasicStroke(3));
                g.drawRect(x - 1, y - 1, cell + 1, cell + 1);
            }
            g.setFont(caption);
            g.drawString(String.format(Locale.ROOT, "pred %d (%.0f%%)", predicted[i], 100 * confidence[i]), x, y + cell + 12);
            g.setColor(wrong ? MISTAKE : Color.GRAY);
            g.drawString("true " + trueLabels[i], x, y + cell + 25);
        }
        g.dispose();
        AtomicFiles.writeFile(png, AtomicFiles.Policy.OWNED, tmp -> ImageIO.write(canvas, "png", tmp.toFile()));
    }

    /** Bright ink on dark, as the model sees it. */
    private static BufferedImage digit(float[] pixels, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < pixels.length; i++) {
            int v = Math.round(255 * Math.max(0f, Math.min(1f, pixels[i])));
            image.getRaster().setSample(i % size, i / size, 0, v);
        }
        return image;
    }

    /**
     * Up to {@code n} indices: a third of them mistakes (so readers see failure modes), the rest a
     * seeded spread of correct digits, cycling through the classes. Deterministic.
     */
    public static int[] pickExamples(int[] trueLabels, int[] predicted, int n, long seed) {
        Random random = new Random(seed);
        List<Integer> mistakes = new ArrayList<>();
        List<List<Integer>> correctByClass = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            correctByClass.add(new ArrayList<>());
        }
        for (int i = 0; i < trueLabels.length; i++) {
            if (trueLabels[i] != predicted[i]) {
                mistakes.add(i);
            } else if (trueLabels[i] >= 0 && trueLabels[i] < CLASSES) {
                correctByClass.get(trueLabels[i]).add(i);
            }
        }
        java.util.Collections.shuffle(mistakes, random);
        correctByClass.forEach(list -> java.util.Collections.shuffle(list, random));
        List<Integer> picked = new ArrayList<>(mistakes.subList(0, Math.min(mistakes.size(), n / 3)));
        int[] next = new int[CLASSES];
        for (int c = 0; picked.size() < n; c = (c + 1) % CLASSES) {
            boolean any = false;
            for (int k = 0; k < CLASSES && !any; k++) {
                int cls = (c + k) % CLASSES;
                if (next[cls] < correctByClass.get(cls).size()) {
                    picked.add(correctByClass.get(cls).get(next[cls]++));
                    c = cls;
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        picked.sort(null);
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }
}
