package dev.digitnet.data.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.DigitImages;
import org.junit.jupiter.api.Test;

/** Digits drawn as a few strokes are digits: labelled in turn, seeded, and read as their label by the teacher. */
class StrokeDigitsTest {

    @Test
    void drawnDigitsAreSeededLabelledInTurnAndReadAsTheirLabel() {
        DigitImages d = StrokeDigits.generate("stroke-digits-test", 7, 200);
        assertEquals(200, d.count());
        for (int i = 0; i < d.count(); i++) {
            assertEquals(i % 10, d.labels()[i]);
        }
        assertArrayEquals(d.pixels(), StrokeDigits.generate("stroke-digits-test", 7, 200).pixels(), "same seed, same pictures");
        int right = TeacherReads.asTheirLabel(d);
        assertTrue(right >= 0.9 * d.count(), "the teacher reads " + right + " of 200 drawn digits as their label");
    }
}
