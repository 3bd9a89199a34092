package dev.digitnet.data.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistSplit;
import dev.digitnet.model.DigitCheck;
import org.junit.jupiter.api.Test;

/** MNIST digits redrawn with the page's pen. */
class PenDigitsTest {

    private static final int SIDE = MnistSplit.SIDE;

    /** A 28×28 split of two made-up digits: a thick vertical bar (a 1) and a thick ring (a 0). */
    private static MnistSplit twoDigits() {
        byte[] images = new byte[2 * SIDE * SIDE];
        for (int y = 4; y < 24; y++) {
            for (int x = 12; x < 17; x++) {
                images[y * SIDE + x] = (byte) 255;
            }
        }
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double d = Math.hypot((x - 13.5) / 7, (y - 13.5) / 10);
                if (d > 0.75 && d < 1.1) {
                    images[SIDE * SIDE + y * SIDE + x] = (byte) 255;
                }
            }
        }
        return new MnistSplit(images, new byte[] {1, 0}, 2);
    }

    @Test
    void thinningLeavesALineOnePixelWide() {
        MnistSplit split = twoDigits();
        boolean[] bar = new boolean[SIDE * SIDE];
        for (int i = 0; i < bar.length; i++) {
            bar[i] = split.images()[i] != 0;
        }
        boolean[] line = PenDigits.thin(bar, SIDE);
        int pixels = 0;
        for (int y = 0; y < SIDE; y++) {
            int inRow = 0;
            for (int x = 0; x < SIDE; x++) {
                inRow += line[y * SIDE + x] ? 1 : 0;
            }
            assertTrue(inRow <= 1, "row " + y + " has " + inRow + " pixels of line");
            pixels += inRow;
        }
        assertTrue(pixels >= 10, "the bar's line is " + pixels + " pixels long");
    }

    @Test
    void redrawnDigitsKeepTheirLabelsAreStrokesAndAreSeeded() {
        DigitImages a = PenDigits.redraw(twoDigits(), 0, 2, 5);
        DigitImages b = PenDigits.redraw(twoDigits(), 0, 2, 5);
        DigitImages c = PenDigits.redraw(twoDigits(), 0, 2, 6);
        assertEquals(2, a.count());
        assertArrayEquals(new int[] {1, 0}, a.labels());
        assertArrayEquals(a.pixels(), b.pixels());
        assertTrue(!java.util.Arrays.equals(a.pixels(), c.pixels()), "another seed draws at another size or place");
        for (int i = 0; i < a.count(); i++) {
            // Pen strokes, as the page's: never a blob the digit check would refuse.
            assertTrue(DigitCheck.thickness(a.image(i), a.side()) <= 4, "digit " + i);
        }
    }
}
