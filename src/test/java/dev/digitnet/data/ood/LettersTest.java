package dev.digitnet.data.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.Fonts;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The letters do not depend on the machine's fonts. A machine's fonts are what Java's graphics
 * environment lists; installing a font package adds to that list, as registering a font here
 * does. Letters drawn before and after a new font family appears must be the same families and
 * the same pixels: with fonts looked up on the machine, the new family (it draws A–Z) would have
 * joined the letters.
 */
class LettersTest {

    /** Every shipped face in turn: 3 styles × 6 families. */
    private static final int ROUNDS = Fonts.STYLES.size() * Fonts.families().size();

    /**
     * A family no machine has: a shipped file with "Liberation" renamed in its name table (same
     * length, so every offset holds; Java does not check the table checksums).
     */
    private static Font unknownFamily() throws Exception {
        byte[] bytes;
        try (InputStream in = Fonts.class.getResourceAsStream(Fonts.RESOURCES + "liberation/LiberationMono-Regular.ttf")) {
            bytes = in.readAllBytes();
        }
        for (Charset names : List.of(StandardCharsets.UTF_16BE, StandardCharsets.ISO_8859_1)) {
            replaceAll(bytes, "Liberation".getBytes(names), "Registered".getBytes(names));
        }
        return Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(bytes));
    }

    private static void replaceAll(byte[] bytes, byte[] from, byte[] to) {
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
            }
        }
    }

    @Test
    void aNewFontOnTheMachineChangesNoPixel() throws Exception {
        OodSet before = Letters.generate(OodBenchmark.DEFAULT_SEED, ROUNDS, Letters.fontFamilies());
        GraphicsEnvironment machine = GraphicsEnvironment.getLocalGraphicsEnvironment();
        Font added = unknownFamily();
        assertEquals("Registered Mono", added.getFamily(Locale.ROOT));
        assertEquals(-1, added.canDisplayUpTo(Letters.ALPHABET), "it draws every letter, so a search of the machine would take it");
        machine.registerFont(added);
        assertTrue(Set.of(machine.getAvailableFontFamilyNames(Locale.ROOT)).contains("Registered Mono"),
                "the machine now has the new family");

        OodSet after = Letters.generate(OodBenchmark.DEFAULT_SEED, ROUNDS, Letters.fontFamilies());

        assertEquals(Fonts.families(), Letters.fontFamilies());
        assertEquals(before.description(), after.description());
        assertEquals(before.items(), after.items());
        assertEquals(before.pixelsSha256(), after.pixelsSha256());
        assertArrayEquals(before.pixels(), after.pixels());
    }

    @Test
    void eachRoundIsOneFaceAndTheRoundsCycleThroughThemAll() {
        List<String> families = Fonts.families();
        assertEquals(new Letters.Face(families.get(0), Font.PLAIN), Letters.faceOfRound(0, families));
        assertEquals(new Letters.Face(families.get(1), Font.PLAIN), Letters.faceOfRound(1, families));
        assertEquals(new Letters.Face(families.get(0), Font.BOLD), Letters.faceOfRound(families.size(), families));
        assertEquals(ROUNDS, java.util.stream.IntStream.range(0, ROUNDS)
                .mapToObj(k -> Letters.faceOfRound(k, families)).distinct().count());
    }
}
