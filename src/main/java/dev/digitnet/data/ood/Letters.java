package dev.digitnet.data.ood;

import dev.digitnet.data.DataException;
import dev.digitnet.data.Fonts;
import dev.digitnet.input.DigitInput;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Letters A–Z and a–z rendered from the fonts DigitNet ships ({@link Fonts}), white on black,
 * each with a seeded random affine jitter (rotation, shear, aspect) and a style (plain, bold,
 * italic), then through {@link DigitInput#fromImage}, the one input path that real uploads take.
 * Each image is tagged with its letter.
 *
 * <p>The fonts are the project's, not the machine's, so the same seed gives the same pixels on
 * every machine, whatever fonts it has installed; {@link #fontFamilies()} says which were used.
 */
public final class Letters {

    static {
        Pictures.init();
    }

    /** The 52 letters, in the order each round of images cycles through them. */
    public static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /**
     * Letters that handwriting makes look like a digit, so a digit detector may fairly accept
     * them: O o (0), I l (1), S s (5), Z z (2), B (8), b (6), g q (9). The rest are "not written
     * like a digit": a detector should reject them.
     */
    public static final List<String> DIGIT_LIKE = List.of("O", "o", "I", "l", "S", "s", "Z", "z", "B", "b", "g", "q");
    /** Images per letter: 1,560 in all. */
    public static final int PER_LETTER = 30;
    /** The styles cycled through for each family. */
    static final List<Integer> STYLES = Fonts.STYLES;
    /** Point size: glyphs some 35–50 pixels tall, large enough that the shrink to the 20-pixel box antialiases them. */
    private static final int FONT_SIZE = 48;
    private static final int CANVAS = 112;

    private Letters() {}

    /** Whether {@code letter} is one of {@link #DIGIT_LIKE}. */
    public static boolean digitLike(String letter) {
        return DIGIT_LIKE.contains(letter);
    }

    /**
     * The font families the letters are drawn in: every family DigitNet ships, in their fixed
     * order, once each face is checked to draw all 52 letters.
     *
     * @throws DataException if a shipped font is missing, damaged or lacks a letter
     */
    public static List<String> fontFamilies() {
        Fonts.checkCoverage(ALPHABET);
        return Fonts.families();
    }

    /** {@link #PER_LETTER} images of each letter, in the shipped fonts. */
    public static OodSet generate(long seed) {
        return generate(seed, PER_LETTER, fontFamilies());
    }

    static OodSet generate(long seed, int perLetter, List<String> families) {
        String description = "letters A–Z a–z, " + perLetter + " each, white on black in the " + families.size()
                + " font families DigitNet ships (" + String.join(", ", families) + "), plain/bold/italic, seeded rotation, "
                + "shear and aspect jitter, preprocessed like an upload";
        return Pictures.collect(OodBenchmark.LETTERS, description, Pictures.seedFor(seed, OodBenchmark.LETTERS),
                perLetter * ALPHABET.length(), (i, r) -> {
                    String ch = String.valueOf(ALPHABET.charAt(i % ALPHABET.length()));
                    Face face = faceOfRound(i / ALPHABET.length(), families);
                    return new Pictures.Made(DigitInput.fromImage(render(ch, face.family(), face.style(), r)), ch);
                });
    }

    /** A font family in one style. */
    record Face(String family, int style) {}

    /**
     * The face round {@code k} draws every letter in: family k mod F, and a style that advances
     * each time the families wrap around, so families and styles are spread evenly over the letters.
     */
    static Face faceOfRound(int k, List<String> families) {
        return new Face(families.get(k % families.size()), STYLES.get((k / families.size()) % STYLES.size()));
    }

    /** One letter, jittered, centred on a black canvas (a sub-pixel offset too, so antialiasing varies). */
    static BufferedImage render(String letter, String family, int style, SplittableRandom r) {
        Font font = Fonts.font(family, style, FONT_SIZE);
        Shape glyph = font.createGlyphVector(new FontRenderContext(null, true, true), letter).getOutline();
        AffineTransform jitter = new AffineTransform();
        jitter.rotate(Math.toRadians(Pictures.uniform(r, -12, 12)));
        jitter.shear(Pictures.uniform(r, -0.2, 0.2), 0);
        jitter.scale(Pictures.uniform(r, 0.8, 1.2), 1);
        Shape shaped = jitter.createTransformedShape(glyph);
        Rectangle2D bounds = shaped.getBounds2D();
        double fit = Math.min(1, (CANVAS - 8) / Math.max(bounds.getWidth(), bounds.getHeight()));
        BufferedImage image = Pictures.gray(CANVAS, CANVAS, 0);
        Graphics2D g = Pictures.graphics(image);
        g.translate(CANVAS / 2.0 + r.nextDouble(), CANVAS / 2.0 + r.nextDouble());
        g.scale(fit, fit);
        g.translate(-bounds.getCenterX(), -bounds.getCenterY());
        g.setColor(Color.WHITE);
        g.fill(shaped);
        g.dispose();
        return image;
    }

    /** The letters in {@link #ALPHABET} that are not {@link #DIGIT_LIKE}. */
    public static List<String> notDigitLike() {
        return Arrays.stream(ALPHABET.split("")).filter(l -> !digitLike(l)).toList();
    }
}
