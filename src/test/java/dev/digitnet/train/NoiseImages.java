package dev.digitnet.train;

import dev.digitnet.data.DigitImages;
import java.util.Random;

/** Random "images" with random labels: enough to exercise every moving part of a training step. */
final class NoiseImages {

    private NoiseImages() {}

    static DigitImages of(int count, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[count * 32 * 32];
        int[] labels = new int[count];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(10);
        }
        return new DigitImages(pixels, labels, 32);
    }
}
