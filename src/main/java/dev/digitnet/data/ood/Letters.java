package dev.digitnet.data.ood;

import dev.digitnet.input.DigitInput;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Letters A–Z and a–z rendered from the machine's fonts, white on black, each with a seeded
 * random affine jitter (rotation, shear, aspect) and a style (plain, bold, italic), then through
 * {@link DigitInput#fromImage}, the MNIST-style crop and centring that real uploads get.
 * Each image is tagged with its letter.
 *
 * <p>The images depend on the installed fonts: the same seed gives the same pixels on machines
 * with the same font files; {@link #fontFamilies()} says which were used.
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
    static final int[] STYLES = {Font.PLAIN, Font.BOLD, Font.ITALIC};
    /** Java's logical fonts: aliases of physical ones, so used only when no physical font can write the alphabet. */
    static final List<String> LOGICAL = List.of("SansSerif", "Serif", "Monospaced");
    private static final Set<String> ALL_LOGICAL = Set.of("Dialog", "DialogInput", "SansSerif", "Serif", "Monospaced");
    /** Point size: glyphs some 35–50 pixels tall, large enough that the shrink to the 20-pixel box antialiases them. */
    private static final int FONT_SIZE = 48;
    private static final int CANVAS = 112;

    private Letters() {}

    /** Whether {@code letter} is one of {@link #DIGIT_LIKE}. */
    public static boolean digitLike(String letter) {
        return DIGIT_LIKE.contains(letter);
    }

    /**
     * The font families used: the installed ones that can draw all 52 letters, sorted by name
     * (so the choice does not depend on the order the system lists them in); the logical
     * SansSerif, Serif and Monospaced when there are none.
     */
    public static List<String> fontFamilies() {
        String[] names = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT);
        List<String> families = new ArrayList<>();
        for (String name : names) {
            if (ALL_LOGICAL.contains(name)) {
                continue;
            }
            Font font = new Font(name, Font.PLAIN, FONT_SIZE);
            // A family Java cannot open falls back to Dialog under the asked-for name: keep only real ones.
            if (font.getFamily(Locale.ROOT).equals(name) && font.canDisplayUpTo(ALPHABET) == -1) {
                families.add(name);
            }
        }
        families.sort(null);
        return families.isEmpty() ? LOGICAL : List.copyOf(families);
    }

    /** {@link #PER_LETTER} images of each letter, in the fonts found here. */
    public static OodSet generate(long seed) {
        return generate(seed, PER_LETTER, fontFamilies());
    }

    static OodSet generate(long seed, int perLetter, List<String> families) {
        // Round k draws every letter once, in family k mod F and a style that advances each time
        // the families wrap around, so families and styles are spread evenly over the letters.
        String description = "letters A–Z a–z, " + perLetter + " each, white on black in " + families.size()
                + " font families (" + String.join(", ", families) + "), plain/bold/italic, seeded rotation, "
                + "shear and aspect jitter, preprocessed like an upload";
        return Pictures.collect(OodBenchmark.LETTERS, description, Pictures.seedFor(seed, OodBenchmark.LETTERS),
                perLetter * ALPHABET.length(), (i, r) -> {
                    int k = i / ALPHABET.length();
                    String ch = String.valueOf(ALPHABET.charAt(i % ALPHABET.length()));
                    String family = families.get(k % families.size());
                    int style = STYLES[(k / families.size()) % STYLES.length];
                    return new Pictures.Made(DigitInput.fromImage(render(ch, family, style, r)), ch);
                });
    }

    /** One letter, jittered, centred on a black canvas (a sub-pixel offset too, so antialiasing varies). */
    static BufferedImage render(String letter, String family, int style, SplittableRandom r) {
        Font font = new Font(family, style, FONT_SIZE);
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
