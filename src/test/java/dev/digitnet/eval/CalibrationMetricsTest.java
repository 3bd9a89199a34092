package dev.digitnet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CalibrationMetricsTest {

    /** Logits whose softmax (T = 1) over two classes is exactly {p, 1-p}. */
    private static float[] twoClass(double p) {
        return new float[] {(float) Math.log(p), (float) Math.log(1 - p)};
    }

    @Test
    void eceNllAndBrierMatchHandComputedValues() {
        // Four images, two classes. Confidences 0.9, 0.9, 0.6, 0.8 (top-1 class 0 each time).
        float[][] logits = {twoClass(0.9), twoClass(0.9), twoClass(0.6), twoClass(0.8)};
        int[] labels = {0, 1, 0, 0};
        CalibrationMetrics m = CalibrationMetrics.of(logits, labels, 1);

        // Bins of width 1/15: 0.9 in (0.8667, 0.9333], 0.8 in (0.7333, 0.8], 0.6 in (0.5333, 0.6].
        // Bin 0.9: acc 1/2, conf 0.9 → |0.5−0.9| = 0.4, weight 2/4. Bins 0.8 and 0.6: acc 1 → 0.2 and 0.4, weight 1/4.
        assertEquals(0.5 * 0.4 + 0.25 * 0.2 + 0.25 * 0.4, m.ece(), 1e-6);
        // NLL: −(ln 0.9 + ln 0.1 + ln 0.6 + ln 0.8) / 4.
        assertEquals(-(Math.log(0.9) + Math.log(0.1) + Math.log(0.6) + Math.log(0.8)) / 4, m.nll(), 1e-6);
        // Brier: Σ_k (p_k − y_k)²: 2·0.1², 2·0.9², 2·0.4², 2·0.2², averaged.
        assertEquals((0.02 + 1.62 + 0.32 + 0.08) / 4, m.brier(), 1e-6);
        assertEquals(4, m.bins().stream().mapToInt(CalibrationMetrics.Bin::count).sum());
        assertEquals(2, m.bins().get(13).count());
    }

    @Test
    void temperatureSoftensTheProbabilities() {
        float[][] logits = {{2f, 0f}};
        int[] labels = {0};
        // softmax([1, 0]) at T = 2: p0 = e / (e + 1).
        double p0 = Math.E / (Math.E + 1);
        CalibrationMetrics m = CalibrationMetrics.of(logits, labels, 2);
        assertEquals(-Math.log(p0), m.nll(), 1e-6);
        assertEquals(1 - p0, m.ece(), 1e-6); // one image, right, confidence p0
        assertEquals(2 * (1 - p0) * (1 - p0), m.brier(), 1e-6);
    }

    @Test
    void confidenceOneLandsInTheLastBinAndAPerfectModelHasNoError() {
        float[][] logits = {{100f, -100f}, {-100f, 100f}};
        CalibrationMetrics m = CalibrationMetrics.of(logits, new int[] {0, 1}, 1);
        assertEquals(2, m.bins().get(CalibrationMetrics.BINS - 1).count());
        assertEquals(0, m.ece(), 1e-9);
        assertEquals(0, m.nll(), 1e-9);
    }

    @Test
    void mismatchedSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CalibrationMetrics.of(new float[][] {{1f, 0f}}, new int[] {0, 1}, 1));
    }
}
