package dev.digitnet.data.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.DigitImages;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ProbabilityModel;
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
        int right = 0;
        try (DigitNetModel teacher = DigitNetModel.loadBundled(); ProbabilityModel p = teacher.newProbabilityModel()) {
            float[][] logits = p.outputs(d.pixels(), d.count(), 100).logits();
            for (int i = 0; i < d.count(); i++) {
                int best = 0;
                for (int k = 1; k < logits[i].length; k++) {
                    best = logits[i][k] > logits[i][best] ? k : best;
                }
                right += best == d.labels()[i] ? 1 : 0;
            }
        }
        assertTrue(right >= 0.9 * d.count(), "the teacher reads " + right + " of 200 drawn digits as their label");
    }
}
