package dev.digitnet.data.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.DigitImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OodSetTest {

    /** Three images: image i is all (i + 1) / 4, tagged a, b, c. */
    private static OodSet three() {
        float[] pixels = new float[3 * 1024];
        for (int i = 0; i < 3; i++) {
            Arrays.fill(pixels, i * 1024, (i + 1) * 1024, (i + 1) / 4f);
        }
        return new OodSet("test", "three flat images", pixels, 3, List.of("a", "b", "c"));
    }

    @Test
    void refusesPixelsOrTagsThatDoNotMatchTheCount() {
        assertThrows(IllegalArgumentException.class, () -> new OodSet("x", "", new float[1023], 1, List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> new OodSet("x", "", new float[1024], 1, List.of()));
    }

    @Test
    void selectsByPositionTagAndPrefix() {
        OodSet set = three();
        assertEquals(0.75f, set.image(2)[1023]);
        assertEquals("b", set.item(1));
        OodSet picked = set.select(new int[] {2, 0});
        assertEquals(List.of("c", "a"), picked.items());
        assertArrayEquals(set.image(0), picked.image(1));
        assertEquals(List.of("a", "c"), set.where(t -> !t.equals("b")).items());
        assertEquals(List.of("a", "b"), set.first(2).items());
        assertEquals(3, set.first(10).count());
    }

    @Test
    void asDigitImagesLabelsEveryImageMinusOne() {
        DigitImages images = three().asDigitImages();
        assertEquals(3, images.count());
        assertEquals(32, images.side());
        assertTrue(Arrays.stream(images.labels()).allMatch(l -> l == -1));
    }

    @Test
    void theContactSheetShowsEachSetInARow(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("sub/sheet.png");
        ContactSheet.writePng(List.of(three(), three().first(1)), 5, png);
        BufferedImage sheet = ImageIO.read(png.toFile());
        assertTrue(sheet.getWidth() > 5 * 64 && sheet.getHeight() > 2 * 64,
                sheet.getWidth() + "×" + sheet.getHeight());
        try (var files = Files.list(png.getParent())) {
            assertEquals(List.of(png), files.toList(), "no temporary file left");
        }
        assertEquals(3, ContactSheet.pick(3, 5).length);
        assertEquals(5, Arrays.stream(ContactSheet.pick(1000, 5)).distinct().count());
    }
}
