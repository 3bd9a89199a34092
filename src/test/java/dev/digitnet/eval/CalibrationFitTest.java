package dev.digitnet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.DigitImages;
import dev.digitnet.model.Calibration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationFitTest {

    private static final int SIDE = 32;

    /** {@code n} images of a vertical bar: {@code width} pixels wide (the last image {@code widest}). */
    private static DigitImages bars(int n, int width, int widest, int[] labels) {
        float[] pixels = new float[n * SIDE * SIDE];
        for (int i = 0; i < n; i++) {
            int w = i == n - 1 ? widest : width;
            for (int y = 6; y < 26; y++) {
                for (int x = 14; x < 14 + w; x++) {
                    pixels[i * SIDE * SIDE + y * SIDE + x] = 1f;
                }
            }
        }
        return new DigitImages(pixels, labels, SIDE);
    }

    @Test
    void theThresholdsSpendTheRefusalBudgetAndTheBlobLimitIsTheThickestDigit() {
        int n = 2_000;
        SplittableRandom random = new SplittableRandom(7);
        int[] labels = new int[n];
        float[][] logits = new float[n][10];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
            for (int k = 0; k < 10; k++) {
                logits[i][k] = (float) random.nextGaussian();
            }
            logits[i][labels[i]] += (float) (4 + 6 * random.nextDouble()); // energies spread over ~4..10
        }
        DigitImages clean = bars(n, 3, 7, labels); // thickness 2, and one of 4
        CalibrationFit.Result fit = CalibrationFit.fit(clean, logits, clean, logits, 0.01, "synthetic");
        Calibration c = fit.calibration();

        assertEquals(4, c.maxThickness(), "the thickest calibration digit sets the blob limit");
        assertEquals(0.01, fit.refusedClean(), 1e-9, "exactly the budget is refused");
        assertEquals(fit.refusedClean(), CalibrationFit.refusedShare(c, clean, logits), 1e-12);
        assertEquals(TemperatureScaling.fit(concat(logits), concat(labels)), c.temperature(), 1e-9);
        assertTrue(fit.after().nll() <= fit.before().nll() + 1e-12, "scaling never raises the NLL it minimises");
        assertEquals("synthetic", c.fittedOn());

        CalibrationFit.Result none = CalibrationFit.fit(clean, logits, clean, logits, 0, "synthetic");
        assertEquals(0, none.refusedClean(), "a zero budget refuses no calibration digit");
        assertThrows(IllegalArgumentException.class, () -> CalibrationFit.fit(clean, logits, clean, logits, 0.7, "x"));
    }

    private static float[][] concat(float[][] a) {
        float[][] out = java.util.Arrays.copyOf(a, 2 * a.length);
        System.arraycopy(a, 0, out, a.length, a.length);
        return out;
    }

    private static int[] concat(int[] a) {
        int[] out = java.util.Arrays.copyOf(a, 2 * a.length);
        System.arraycopy(a, 0, out, a.length, a.length);
        return out;
    }
}
