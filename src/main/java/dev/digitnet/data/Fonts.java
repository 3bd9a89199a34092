package dev.digitnet.data;

import dev.digitnet.io.Sha256;
import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fonts DigitNet draws text with: shipped in its jar ({@value #RESOURCES}, with their
 * licences and where they come from), never the machine's. The rendered letters of the
 * out-of-distribution benchmark and the captions of every picture and chart are drawn in them,
 * so those files are the same on every machine whatever fonts it has installed: with the
 * machine's fonts, a symbol font that maps A–Z to icons (FontAwesome, which common Debian
 * packages pull in) turned a third of the letters blank, and each machine measured its own set.
 *
 * <p>Each face is checked when it is first used: its SHA-256 against the one declared here (so
 * these are exactly the files the project's figures were made with), its family name, and, for
 * the letters, that it draws every character asked for ({@link #checkCoverage}). A failure is a
 * {@link DataException} with one line naming the file.
 */
public final class Fonts {

    static {
        // Fonts are used off-screen: never ask for a display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Where the font files are, on the classpath. */
    public static final String RESOURCES = "/dev/digitnet/fonts/";
    /** The family captions and chart labels are set in. */
    public static final String CAPTIONS = "DejaVu Sans";
    /** The styles each family ships a face for. */
    public static final List<Integer> STYLES = List.of(Font.PLAIN, Font.BOLD, Font.ITALIC);

    /** One font file: a family in one style. */
    private record Face(String family, int style, String file, String sha256) {}

    /**
     * Six families, sorted by name: a sans, a serif and a monospaced design from each of DejaVu
     * 2.37 (Debian's fonts-dejavu-core and fonts-dejavu-extra 2.37-6) and Liberation 2.1.5
     * (fonts-liberation2 2.1.5-1), regular, bold and italic (oblique for DejaVu's sans designs),
     * the files unmodified.
     */
    private static final List<Face> FACES = List.of(
            new Face("DejaVu Sans", Font.PLAIN, "dejavu/DejaVuSans.ttf",
                    "abdc775b21b1bc470d50c97e790d276f2054b7504e56e5bd3e64f48d68582322"),
            new Face("DejaVu Sans", Font.BOLD, "dejavu/DejaVuSans-Bold.ttf",
                    "0d977336a6d5fba34eab8e3199eb218327161b5143749f802982c2bc34df0c96"),
            new Face("DejaVu Sans", Font.ITALIC, "dejavu/DejaVuSans-Oblique.ttf",
                    "eef1a593cc0a4654f147fd1aa9a11e7d327eb8be6f3a35099182db6aeb5d28fe"),
            new Face("DejaVu Sans Mono", Font.PLAIN, "dejavu/DejaVuSansMono.ttf",
                    "0f5db4f1749979d961019838b160bec74abdf7f9eca69553fe1aa856bbff49a4"),
            new Face("DejaVu Sans Mono", Font.BOLD, "dejavu/DejaVuSansMono-Bold.ttf",
                    "2964f6dac8e6e9d71613928340f17bf868e9ea51692cca333c79e74962f02233"),
            new Face("DejaVu Sans Mono", Font.ITALIC, "dejavu/DejaVuSansMono-Oblique.ttf",
                    "db15e83c273e57cd52731c10ebb5b6bbcb0b3e9e5860dec33a66b60a5294f2df"),
            new Face("DejaVu Serif", Font.PLAIN, "dejavu/DejaVuSerif.ttf",
                    "13e61509f5c81d7c3132810f4f903e3523df89c802bf6e0674621e8f659cdfe1"),
            new Face("DejaVu Serif", Font.BOLD, "dejavu/DejaVuSerif-Bold.ttf",
                    "e2fd85eba2de65ac270d1cdb1685e252eb827f600850cf62af2d20c41b22e945"),
            new Face("DejaVu Serif", Font.ITALIC, "dejavu/DejaVuSerif-Italic.ttf",
                    "889a2b9daff9f091f7cf1ff6c88e5c1a5b55b3afb221571393ccb71ec9301ec9"),
            new Face("Liberation Mono", Font.PLAIN, "liberation/LiberationMono-Regular.ttf",
                    "6b3809450cf6253b36d157198dc15004a5fbade9abad5543c377feb7bb29139c"),
            new Face("Liberation Mono", Font.BOLD, "liberation/LiberationMono-Bold.ttf",
                    "29534b0aad22fa386843365da6f04102df8d6a076e06a2a5ce270f83dd1bf351"),
            new Face("Liberation Mono", Font.ITALIC, "liberation/LiberationMono-Italic.ttf",
                    "b35c3fc2f2d607782bcac01367f419a4a36d0fc48b2115ce6d17498343c3086e"),
            new Face("Liberation Sans", Font.PLAIN, "liberation/LiberationSans-Regular.ttf",
                    "8d91388f1d3604b3b8ae0e3ee2d140e50cd6122f9214514f4aca772540a4076d"),
            new Face("Liberation Sans", Font.BOLD, "liberation/LiberationSans-Bold.ttf",
                    "ba0e0dc3f7aca5b0afbc31e800531ee43be3aa79ae35b2ef1f6470a9547765c4"),
            new Face("Liberation Sans", Font.ITALIC, "liberation/LiberationSans-Italic.ttf",
                    "01f559e5c501d3d5777647c6a92b3ff37a4523bcf4f3b6e97ae052af567618b1"),
            new Face("Liberation Serif", Font.PLAIN, "liberation/LiberationSerif-Regular.ttf",
                    "29d12439831b7f59194efec85872f24f54eff05738933f9a860220d2abff88ba"),
            new Face("Liberation Serif", Font.BOLD, "liberation/LiberationSerif-Bold.ttf",
                    "446a4421f297698427170fd7db20e59169a4188baaaf940e9bea58af6341a723"),
            new Face("Liberation Serif", Font.ITALIC, "liberation/LiberationSerif-Italic.ttf",
                    "c1830c433ab41379f1139fac388989d37c9f08c81e1bd643efdcc7946db30753"));

    /** Each face loaded once (at size 1, as {@link Font#createFont} makes it); sizes are derived. */
    private static final Map<Face, Font> LOADED = new ConcurrentHashMap<>();

    private Fonts() {}

    /** The shipped families, sorted by name. */
    public static List<String> families() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        FACES.forEach(f -> names.add(f.family()));
        return List.copyOf(names);
    }

    /**
     * The shipped font files, relative to {@value #RESOURCES}: for each of {@link #families()} in
     * turn, its face in each of {@link #STYLES}.
     */
    public static List<String> files() {
        return FACES.stream().map(Face::file).toList();
    }

    /**
     * {@code family} in {@code style} ({@link Font#PLAIN}, {@link Font#BOLD} or {@link
     * Font#ITALIC}) at {@code size} points, from its own file: the style is the face's design, not
     * one Java imitates.
     *
     * @throws DataException if the family or style is not shipped, or its file is missing, damaged
     *     or not the one declared
     */
    public static Font font(String family, int style, float size) {
        Face face = FACES.stream().filter(f -> f.family().equals(family) && f.style() == style).findFirst()
                .orElseThrow(() -> new DataException("fonts: no " + styleName(style) + " face of \"" + family
                        + "\" is shipped; the families are " + String.join(", ", families())));
        // The file's face is already bold or italic: asking Java for the style again would embolden or slant it twice.
        return LOADED.computeIfAbsent(face, Fonts::load).deriveFont(size);
    }

    /** The caption family ({@value #CAPTIONS}): bold for any bold style, else italic or plain. */
    public static Font caption(int style, float size) {
        int shipped = (style & Font.BOLD) != 0 ? Font.BOLD : (style & Font.ITALIC) != 0 ? Font.ITALIC : Font.PLAIN;
        return font(CAPTIONS, shipped, size);
    }

    /**
     * Checks that every shipped face draws every character of {@code text}.
     *
     * @throws DataException naming the first face and character that fail
     */
    public static void checkCoverage(String text) {
        for (Face face : FACES) {
            Font font = LOADED.computeIfAbsent(face, Fonts::load);
            int missing = font.canDisplayUpTo(text);
            if (missing >= 0) {
                int c = text.codePointAt(missing);
                throw new DataException("fonts: " + RESOURCES + face.file() + " (" + face.family() + ") cannot draw \""
                        + new String(Character.toChars(c)) + "\" (U+" + String.format(Locale.ROOT, "%04X", c) + ")");
            }
        }
    }

    private static Font load(Face face) {
        String where = RESOURCES + face.file();
        byte[] bytes;
        try (InputStream in = Fonts.class.getResourceAsStream(where)) {
            if (in == null) {
                throw new DataException("fonts: " + where + " is missing from the classpath; rebuild the jar");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new DataException("fonts: cannot read " + where + " (" + e.getMessage() + "); rebuild the jar", e);
        }
        String actual = Sha256.of(bytes);
        if (!actual.equals(face.sha256())) {
            throw new DataException("fonts: " + where + " is not the declared file (SHA-256 " + actual + ", expected "
                    + face.sha256() + "); restore it from " + face.family() + "'s package, see " + RESOURCES + "README.md");
        }
        Font font;
        try {
            font = Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(bytes));
        } catch (FontFormatException | IOException | RuntimeException e) {
            throw new DataException("fonts: Java cannot open " + where + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("\\s+", " ")) + ")", e);
        }
        String family = font.getFamily(Locale.ROOT);
        if (!family.equals(face.family())) {
            throw new DataException("fonts: " + where + " holds \"" + family + "\", declared as \"" + face.family() + "\"");
        }
        return font;
    }

    private static String styleName(int style) {
        List<String> names = new ArrayList<>();
        if ((style & Font.BOLD) != 0) {
            names.add("bold");
        }
        if ((style & Font.ITALIC) != 0) {
            names.add("italic");
        }
        return names.isEmpty() ? "plain" : String.join(" ", names);
    }
}
