package dev.digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.digitnet.data.Augmentation;
import dev.digitnet.data.DigitImages;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

    private static DigitImages images(int count, int side) {
        Random random = new Random(5);
        float[] pixels = new float[count * side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
        }
        return new DigitImages(pixels, labels, side);
    }

    @Test
    void aReusedBufferGivesTheSameBatchAsANewOne() {
        DigitImages images = images(10, 8);
        for (Augmentation augmentation : new Augmentation[] {null, Augmentation.modelCard(3)}) {
            BatchPlan plan = new BatchPlan(images, 4, 2, 11, augmentation);
            // A buffer holding another batch's pixels, to be overwritten completely.
            float[] reuse = plan.batch(1).pixels().clone();
            Batch fresh = plan.batch(0);
            Batch reused = plan.batch(0, reuse);
            assertSame(reuse, reused.pixels());
            assertArrayEquals(fresh.pixels(), reused.pixels(), 0f);
            assertArrayEquals(fresh.labels(), reused.labels());
        }
    }

    @Test
    void aBufferOfAnotherSizeIsNotUsed() {
        DigitImages images = images(10, 8);
        BatchPlan plan = new BatchPlan(images, 4, 1, 11, null);
        float[] full = plan.batch(0).pixels();
        // The last batch holds 2 images, not 4: it must not come back 4 images long.
        Batch last = plan.batch(2, full);
        assertNotSame(full, last.pixels());
        assertEquals(2 * 64, last.pixels().length);
        assertArrayEquals(plan.batch(2).pixels(), last.pixels(), 0f);
    }

    @Test
    void transferImagesFollowTheDigitsUnlabelledAndTheDigitsStayAsTheyWere() {
        DigitImages images = images(10, 8);
        Augmentation augmentation = Augmentation.modelCard(3);
        BatchPlan plain = new BatchPlan(images, 4, 2, 11, augmentation);
        BatchPlan mixed = new BatchPlan(images, 4, 2, 11, augmentation, new MixedDigits(0.5));
        for (int b = 0; b < plain.batches(); b++) {
            Batch digits = plain.batch(b);
            Batch batch = mixed.batch(b);
            int extra = new MixedDigits(0.5).count(digits.size());
            assertEquals(digits.size() + extra, batch.size());
            assertEquals(digits.size(), batch.labelled());
            assertArrayEquals(digits.labels(), Arrays.copyOf(batch.labels(), digits.size()));
            for (int k = digits.size(); k < batch.size(); k++) {
                assertEquals(MixedDigits.UNLABELLED, batch.labels()[k]);
            }
            assertArrayEquals(digits.pixels(), Arrays.copyOf(batch.pixels(), digits.pixels().length), 0f);
            // Resumed or rebuilt, a batch's transfer images are the same pictures.
            assertArrayEquals(batch.pixels(), mixed.batch(b, new float[batch.pixels().length]).pixels(), 0f);
        }
        assertEquals(2, mixed.batch(0).size() - plain.batch(0).size(), "4 digits, share 0.5");
        assertEquals(1, mixed.batch(2).size() - plain.batch(2).size(), "the last batch holds 2 digits");
    }
}
