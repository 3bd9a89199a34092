package dev.digitnet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TemperatureScalingTest {

    /**
     * Logits whose labels are drawn from {@code softmax(logits / trueT)}: the temperature that
     * makes them calibrated is {@code trueT}, and the NLL fit must find it.
     */
    private static double recovered(double trueT, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 40_000;
        int classes = 10;
        float[][] logits = new float[n][classes];
        int[] labels = new int[n];
        double[] p = new double[classes];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < classes; k++) {
                logits[i][k] = (float) (random.nextGaussian() * 4);
            }
            CalibrationMetrics.softmax(logits[i], trueT, p);
            double u = random.nextDouble();
            int y = 0;
            for (double acc = p[0]; acc < u && y < classes - 1; acc += p[++y]) {
                // walk the cumulative distribution
            }
            labels[i] = y;
        }
        return TemperatureScaling.fit(logits, labels);
    }

    @Test
    void recoversAKnownTemperatureFromSyntheticLogits() {
        for (double t : new double[] {0.5, 1.0, 2.5}) {
            double fitted = recovered(t, 42);
            assertEquals(t, fitted, 0.05 * t, "fitted " + fitted + " for a true temperature " + t);
        }
    }

    @Test
    void theFitMinimisesTheNll() {
        float[][] logits = {{3f, 0f, -1f}, {0.5f, 1f, 0f}, {2f, 2.5f, -3f}, {1f, -1f, 0f}};
        int[] labels = {0, 0, 1, 2};
        double t = TemperatureScaling.fit(logits, labels);
        double best = TemperatureScaling.nll(logits, labels, t);
        assertTrue(best <= TemperatureScaling.nll(logits, labels, t * 1.01) + 1e-12);
        assertTrue(best <= TemperatureScaling.nll(logits, labels, t / 1.01) + 1e-12);
        assertTrue(t >= TemperatureScaling.MIN && t <= TemperatureScaling.MAX);
    }
}
