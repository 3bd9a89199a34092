package dev.digitnet.data.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.Fonts;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.font.FontRenderContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
 * does. The font registered is the kind that broke the benchmark: a family that says it draws
 * A–Z but draws nothing (as a symbol font mapping letters to icons can), so any search of the
 * machine's fonts for ones that cover the alphabet would take it, and its letters would come out
 * blank. Letters drawn before and after it appears must be the same families and pixels.
 */
class LettersTest {

    /** Every shipped face in turn: 3 styles × 6 families. */
    private static final int ROUNDS = Fonts.STYLES.size() * Fonts.families().size();

    /**
     * "Registered Mono": a shipped file with "Liberation" renamed in its name table (same length,
     * so every offset holds) and every glyph emptied (each 'loca' entry 0), its character map
     * intact. Java checks neither the table checksums nor that glyphs have outlines.
     */
    static byte[] blankFontClaimingTheAlphabet() throws Exception {
        byte[] bytes;
        try (InputStream in = Fonts.class.getResourceAsStream(Fonts.RESOURCES + "liberation/LiberationMono-Regular.ttf")) {
            bytes = in.readAllBytes();
        }
        for (Charset names : List.of(StandardCharsets.UTF_16BE, StandardCharsets.ISO_8859_1)) {
            replaceAll(bytes, "Liberation".getBytes(names), "Registered".getBytes(names));
        }
        ByteBuffer font = ByteBuffer.wrap(bytes);
        int tables = font.getShort(4) & 0xFFFF;
        for (int i = 0; i < tables; i++) {
            int entry = 12 + 16 * i;
            String tag = new String(bytes, entry, 4, StandardCharsets.US_ASCII);
            if (tag.equals("loca")) {
                Arrays.fill(bytes, font.getInt(entry + 8), font.getInt(entry + 8) + font.getInt(entry + 12), (byte) 0);
            }
        }
        return bytes;
    }

    private static void replaceAll(byte[] bytes, byte[] from, byte[] to) {
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
            }
        }
    }

    @Test
    void aFontOnTheMachineThatDrawsBlankLettersChangesNoPixel() throws Exception {
        OodSet before = Letters.generate(OodBenchmark.DEFAULT_SEED, ROUNDS, Letters.fontFamilies());
        GraphicsEnvironment machine = GraphicsEnvironment.getLocalGraphicsEnvironment();
        Font blank = Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(blankFontClaimingTheAlphabet()));
        assertEquals("Registered Mono", blank.getFamily(Locale.ROOT));
        assertEquals(-1, blank.canDisplayUpTo(Letters.ALPHABET), "it claims every letter");
        assertTrue(blank.deriveFont(48f).createGlyphVector(new FontRenderContext(null, true, true), Letters.ALPHABET)
                .getOutline().getBounds2D().isEmpty(), "and draws none");
        machine.registerFont(blank);
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
