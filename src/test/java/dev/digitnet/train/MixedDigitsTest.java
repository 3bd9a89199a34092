package dev.digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MixedDigitsTest {

    private static final int PIXELS = 16;

    /** {@code digits} images of random pixels, room for {@code extra} more after them. */
    private static float[] batch(int digits, int extra, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[(digits + extra) * PIXELS];
        for (int i = 0; i < digits * PIXELS; i++) {
            pixels[i] = random.nextFloat();
        }
        return pixels;
    }

    @Test
    void eachTransferImageBlendsTwoDifferentDigitsOfTheBatch() {
        MixedDigits mix = new MixedDigits(1);
        int digits = 8;
        float[] pixels = batch(digits, mix.count(digits), 1);
        mix.mixInto(pixels, digits, PIXELS, 42, 3, 7);
        for (int k = digits; k < digits + mix.count(digits); k++) {
            boolean found = false;
            for (int a = 0; a < digits && !found; a++) {
                for (int b = 0; b < digits && !found; b++) {
                    found = a != b && isBlend(pixels, k, a, b);
                }
            }
            assertTrue(found, "transfer image " + k + " is λ·a + (1 − λ)·b of two different digits");
        }
    }

    /** Whether image k is λ·a + (1 − λ)·b for one λ in [0, 1], λ read off the first pixel. */
    private static boolean isBlend(float[] p, int k, int a, int b) {
        double lambda = (p[k * PIXELS] - p[b * PIXELS]) / (double) (p[a * PIXELS] - p[b * PIXELS]);
        if (!(lambda >= -1e-5 && lambda <= 1 + 1e-5)) {
            return false;
        }
        for (int i = 0; i < PIXELS; i++) {
            double expected = lambda * p[a * PIXELS + i] + (1 - lambda) * p[b * PIXELS + i];
            if (Math.abs(expected - p[k * PIXELS + i]) > 1e-4) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theBlendDependsOnSeedEpochAndBatchOnly() {
        MixedDigits mix = new MixedDigits(0.5);
        float[] first = batch(6, 3, 2);
        float[] again = first.clone();
        mix.mixInto(first, 6, PIXELS, 42, 1, 0);
        mix.mixInto(again, 6, PIXELS, 42, 1, 0);
        assertArrayEquals(first, again, 0f);
        float[] otherBatch = batch(6, 3, 2);
        mix.mixInto(otherBatch, 6, PIXELS, 42, 1, 1);
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(otherBatch));
    }

    @Test
    void countsAndBadSharesAreRefused() {
        assertEquals(64, new MixedDigits(0.5).count(128));
        assertEquals(256, new MixedDigits(2).count(128));
        assertEquals(0, new MixedDigits(1).count(1), "one digit has nothing to blend with");
        for (double bad : new double[] {0, -0.5, 4.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new MixedDigits(bad), "share " + bad);
        }
    }
}
