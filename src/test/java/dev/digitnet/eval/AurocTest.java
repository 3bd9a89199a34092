package dev.digitnet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AurocTest {

    @Test
    void perfectReversedAndChanceSeparation() {
        assertEquals(1.0, Auroc.of(new double[] {3, 4, 5}, new double[] {0, 1, 2}), 1e-12);
        assertEquals(0.0, Auroc.of(new double[] {0, 1}, new double[] {2, 3}), 1e-12);
        assertEquals(0.5, Auroc.of(new double[] {1, 1}, new double[] {1, 1, 1}), 1e-12);
    }

    @Test
    void matchesPairCountingWithTiesAsHalf() {
        double[] pos = {0.9, 0.8, 0.5, 0.5};
        double[] neg = {0.7, 0.5, 0.1};
        // Pairs (pos > neg) + ½(ties), counted by hand: 0.9 beats 3; 0.8 beats 3; 0.5 beats 0.1, ties 0.5 (½),
        // loses to 0.7: 1.5, twice → 3 + 3 + 1.5 + 1.5 = 9 of 12.
        assertEquals(9.0 / 12, Auroc.of(pos, neg), 1e-12);
    }

    @Test
    void emptySidesAndNaNAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[0], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[] {Double.NaN}, new double[] {1}));
    }
}
