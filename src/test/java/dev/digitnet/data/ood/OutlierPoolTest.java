package dev.digitnet.data.ood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.digitnet.data.DigitImages;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outliers to train against: generated ones only (Fashion-MNIST needs its package). */
class OutlierPoolTest {

    private static final long SEED = 5;

    @Test
    void theBenchmarksSeedsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OutlierPool.checkSeed(OodBenchmark.DEFAULT_SEED));
        assertThrows(IllegalArgumentException.class, () -> OutlierPool.checkSeed(OutlierPool.VALIDATION_SEED));
        assertThrows(IllegalArgumentException.class, () -> OutlierPool.build(null, 0, 8, 1, s -> {}));
        OutlierPool.checkSeed(OutlierPool.DEFAULT_SEED);
    }

    @Test
    void generatedOutliersAreHalfScribblesAndNeverLetters() {
        OutlierPool pool = OutlierPool.build(null, 0, 10, SEED, s -> {});
        assertEquals(List.of("scribbles", "noise", "near-blank"), pool.sets().stream().map(OodSet::name).toList());
        assertEquals(List.of(5, 2, 3), pool.sets().stream().map(OodSet::count).toList());
        assertEquals(10, pool.count());
        assertEquals(SEED, pool.describe().get("seed").getAsLong());
    }

    @Test
    void outliersAreAppendedToTheDigitsLabelledMinusOne() {
        OutlierPool pool = OutlierPool.build(null, 0, 4, SEED, s -> {});
        int n = OodSet.SIDE * OodSet.SIDE;
        float[] digitPixels = new float[2 * n];
        Arrays.fill(digitPixels, 0.5f);
        DigitImages mixed = pool.appendTo(new DigitImages(digitPixels, new int[] {3, 7}, OodSet.SIDE));
        assertEquals(6, mixed.count());
        assertEquals(List.of(3, 7, -1, -1, -1, -1), Arrays.stream(mixed.labels()).boxed().toList());
        assertEquals(0.5f, mixed.pixels()[2 * n - 1]);
        assertEquals(Arrays.toString(pool.sets().get(0).image(0)), Arrays.toString(mixed.image(2)));
    }

    @Test
    void anotherSeedGivesOtherPicturesThanTheBenchmarks() {
        OodSet training = Scribbles.generate(OutlierPool.DEFAULT_SEED, 20);
        OodSet benchmark = Scribbles.generate(OodBenchmark.DEFAULT_SEED, 20);
        OodSet validation = Scribbles.generate(OutlierPool.VALIDATION_SEED, 20);
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 20; j++) {
                assertFalse(Arrays.equals(training.image(i), benchmark.image(j)), i + " vs benchmark " + j);
                assertFalse(Arrays.equals(training.image(i), validation.image(j)), i + " vs validation " + j);
            }
        }
    }
}
