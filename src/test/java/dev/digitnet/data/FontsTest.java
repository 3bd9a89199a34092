package dev.digitnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.PathIterator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class FontsTest {

    @Test
    void sixFamiliesShipInThreeStylesEachFromTheirOwnFiles() {
        List<String> families = Fonts.families();
        assertEquals(6, families.size(), families.toString());
        assertEquals(families.stream().sorted().toList(), families, "a fixed order");
        assertEquals(families.size() * Fonts.STYLES.size(), Fonts.files().size());
        assertEquals(Fonts.files().size(), Fonts.files().stream().distinct().count(), "one file per face");
        for (String family : families) {
            for (int style : Fonts.STYLES) {
                Font font = Fonts.font(family, style, 20);
                assertEquals(family, font.getFamily(Locale.ROOT));
                assertEquals(20f, font.getSize2D());
                // The face is bold or italic by design; Java must not be asked to imitate the style on top.
                assertEquals(Font.PLAIN, font.getStyle(), family + " " + style);
            }
            String regular = Fonts.font(family, Font.PLAIN, 20).getFontName(Locale.ROOT);
            assertFalse(regular.equals(Fonts.font(family, Font.BOLD, 20).getFontName(Locale.ROOT)), family);
            assertFalse(regular.equals(Fonts.font(family, Font.ITALIC, 20).getFontName(Locale.ROOT)), family);
        }
    }

    /** A glyph outline as numbers: segment types and coordinates. */
    private static List<Double> outline(Font font, String text) {
        List<Double> path = new java.util.ArrayList<>();
        double[] c = new double[6];
        for (PathIterator it = font.createGlyphVector(new FontRenderContext(null, true, true), text).getOutline()
                .getPathIterator(null); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            path.add((double) type);
            for (int i = 0; i < 6; i++) {
                path.add(c[i]);
            }
        }
        return path;
    }

    @Test
    void glyphsComeFromTheShippedFilesNotTheMachinesFontsOfTheSameName() throws Exception {
        // This machine may have a family of the same name in another version (Liberation 1.07
        // beside the shipped 2.1.5, as Debian's chromium installs it) or lack it (then Java would
        // substitute another font): either draws other outlines than the shipped file.
        for (String family : Fonts.families()) {
            for (int i = 0; i < Fonts.STYLES.size(); i++) {
                int style = Fonts.STYLES.get(i);
                String file = Fonts.files().get(Fonts.families().indexOf(family) * Fonts.STYLES.size() + i);
                Font own;
                try (InputStream in = Fonts.class.getResourceAsStream(Fonts.RESOURCES + file)) {
                    own = Font.createFont(Font.TRUETYPE_FONT, in).deriveFont(48f);
                }
                assertTrue(outline(own, "AgQ").equals(outline(Fonts.font(family, style, 48), "AgQ")),
                        family + " in style " + style + " draws other outlines than " + file);
            }
        }
    }

    @Test
    void everyShippedFileHasItsLicenceBesideIt() {
        for (String file : Fonts.files()) {
            String folder = file.substring(0, file.indexOf('/') + 1);
            assertTrue(Fonts.class.getResource(Fonts.RESOURCES + folder + "copyright") != null, folder);
        }
        assertTrue(Fonts.class.getResource(Fonts.RESOURCES + "README.md") != null);
    }

    @Test
    void captionsUseTheCaptionFamilyInTheNearestShippedStyle() {
        assertEquals(Fonts.CAPTIONS, Fonts.caption(Font.PLAIN, 11).getFamily(Locale.ROOT));
        assertEquals(Fonts.font(Fonts.CAPTIONS, Font.BOLD, 13).getFontName(Locale.ROOT),
                Fonts.caption(Font.BOLD | Font.ITALIC, 13).getFontName(Locale.ROOT));
        assertEquals(Fonts.font(Fonts.CAPTIONS, Font.ITALIC, 13).getFontName(Locale.ROOT),
                Fonts.caption(Font.ITALIC, 13).getFontName(Locale.ROOT));
    }

    @Test
    void whatIsNotShippedIsAOneLineError() {
        DataException family = assertThrows(DataException.class, () -> Fonts.font("FontAwesome", Font.PLAIN, 12));
        assertTrue(family.getMessage().contains("\"FontAwesome\"") && family.getMessage().contains("DejaVu Sans"),
                family.getMessage());
        assertFalse(family.getMessage().contains("\n"));
        DataException style = assertThrows(DataException.class, () -> Fonts.font("DejaVu Sans", Font.BOLD | Font.ITALIC, 12));
        assertTrue(style.getMessage().contains("bold italic"), style.getMessage());
        // U+0378 is unassigned: no font draws it.
        DataException coverage = assertThrows(DataException.class, () -> Fonts.checkCoverage("Ab\u0378"));
        assertTrue(coverage.getMessage().contains("U+0378") && coverage.getMessage().contains(".ttf"), coverage.getMessage());
        assertFalse(coverage.getMessage().contains("\n"));
    }

    @Test
    void theShippedFilesAreTheDeclaredOnesByteForByte(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        // Loading checks each file's SHA-256; this checks the check, against a hash taken independently.
        for (String file : Fonts.files()) {
            Path copy = tmp.resolve(file.replace('/', '-'));
            try (InputStream in = Fonts.class.getResourceAsStream(Fonts.RESOURCES + file)) {
                Files.copy(in, copy);
            }
            String readme = new String(Fonts.class.getResourceAsStream(Fonts.RESOURCES + "README.md").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(readme.contains(dev.digitnet.io.Sha256.of(copy) + "  " + file), file + " is listed in the README with its SHA-256");
        }
    }
}
