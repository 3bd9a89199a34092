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

    @Test
    void thePhotoThresholdSpendsTheSameBudgetOnPhotographedDigitsAndIsNeverStricter() {
        int n = 1_000;
        int[] labels = new int[n];
        float[][] logits = new float[n][10];
        float[] notDigit = new float[n];
        for (int i = 0; i < n; i++) {
            logits[i][0] = 9f;
            notDigit[i] = -5f + i / 1000f; // clean digits: not_digit from -5 to -4
        }
        DigitImages clean = bars(n, 3, 3, labels);
        CalibrationFit.Result fit = CalibrationFit.fit(clean, new dev.digitnet.model.ProbabilityModel.Outputs(logits, notDigit), clean,
                new dev.digitnet.model.ProbabilityModel.Outputs(logits, notDigit), 0.01, 0, "synthetic");
        double cleanThreshold = fit.calibration().maxNotDigit();
        assertEquals(0.01, fit.refusedClean(), 1e-9);

        // Photographed digits score higher: not_digit from -2 to -1; one in a hundred must be refused.
        float[] photoNotDigit = new float[n];
        for (int i = 0; i < n; i++) {
            photoNotDigit[i] = -2f + i / 1000f;
        }
        var photoOut = new dev.digitnet.model.ProbabilityModel.Outputs(logits, photoNotDigit);
        CalibrationFit.Result withPhotos = CalibrationFit.withPhotos(fit, clean, photoOut, 0.01);
        Calibration c = withPhotos.calibration();
        assertEquals(cleanThreshold, c.maxNotDigit(), "the clean threshold is kept");
        assertEquals(-2f + 989 / 1000f, c.maxNotDigitPhoto(), 1e-6, "the 990th lowest photo score: 10 of 1,000 above it");
        assertEquals(0.01, withPhotos.refusedPhotos(), 1e-9);
        assertEquals(n, withPhotos.photos());
        assertEquals(0.01, withPhotos.refusedClean(), 1e-9, "clean pictures are refused as before");

        // Photos that score lower than clean digits never make the photo threshold the stricter one.
        var lower = new dev.digitnet.model.ProbabilityModel.Outputs(logits, new float[n]);
        java.util.Arrays.fill(lower.notDigit(), -9f);
        assertEquals(cleanThreshold, CalibrationFit.withPhotos(fit, clean, lower, 0.01).calibration().maxNotDigitPhoto());
    }
}
