package dev.digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImagesAndAffineTest {

    private static final RandomAffine AFFINE = RandomAffine.modelCard();

    private static float[] dot(int size, int x, int y) {
        float[] image = new float[size * size];
        image[y * size + x] = 1f;
        return image;
    }

    private static int brightest(float[] image) {
        int best = 0;
        for (int i = 1; i < image.length; i++) {
            if (image[i] > image[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void resizingAConstantImageKeepsItConstant() {
        float[] src = new float[28 * 28];
        java.util.Arrays.fill(src, 0.25f);
        float[] dst = new float[32 * 32];
        Images.resizeBilinear(src, 28, 28, dst, 32, 32);
        for (float v : dst) {
            assertEquals(0.25f, v, 1e-6f);
        }
    }

    @Test
    void upscaling2x2To4x4UsesHalfPixelCentres() {
        float[] src = {0, 1, 2, 3};
        float[] dst = new float[16];
        Images.resizeBilinear(src, 2, 2, dst, 4, 4);
        // Output x maps to source (x + .5)/2 − .5 = −.25, .25, .75, 1.25 → clamped 0, .25, .75, 1 (same in y).
        float[] expectedRow0 = {0, 0.25f, 0.75f, 1};
        float[] expectedRow1 = {0.5f, 0.75f, 1.25f, 1.5f};
        assertArrayEquals(expectedRow0, java.util.Arrays.copyOfRange(dst, 0, 4), 1e-6f);
        assertArrayEquals(expectedRow1, java.util.Arrays.copyOfRange(dst, 4, 8), 1e-6f);
        assertEquals(3f, dst[15], 1e-6f);
    }

    @Test
    void identityParametersReturnTheSameImage() {
        float[] src = new float[32 * 32];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) random.nextDouble();
        }
        float[] dst = new float[src.length];
        AFFINE.apply(src, dst, 32, 32, RandomAffine.Params.identity());
        assertArrayEquals(src, dst, 1e-6f);
    }

    @Test
    void ninetyDegreesMovesAPixelRightOfCentreToAboveCentre() {
        // 5×5, centre (2, 2); a dot at (4, 2) is right of centre. Counter-clockwise by 90° as seen:
        // right → up, so it lands at (2, 0).
        float[] dst = new float[25];
        AFFINE.apply(dot(5, 4, 2), dst, 5, 5, new RandomAffine.Params(90, 0, 0, 1, 0, 0));
        assertEquals(0 * 5 + 2, brightest(dst));
        assertEquals(1f, dst[2], 1e-6f);
    }

    @Test
    void translationShiftsByExactlyThatManyPixels() {
        float[] dst = new float[32 * 32];
        AFFINE.apply(dot(32, 10, 12), dst, 32, 32, new RandomAffine.Params(0, 3, -4, 1, 0, 0));
        assertEquals((12 - 4) * 32 + 10 + 3, brightest(dst));
        assertEquals(1f, dst[brightest(dst)], 1e-6f);
    }

    @Test
    void sampledParametersStayInTheModelCardRanges() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 2000; i++) {
            RandomAffine.Params p = AFFINE.sample(random, 32, 32);
            assertTrue(Math.abs(p.angleDeg()) <= 30);
            assertTrue(Math.abs(p.tx()) <= Math.round(0.1 * 32) && p.tx() == Math.rint(p.tx()));
            assertTrue(Math.abs(p.ty()) <= Math.round(0.2 * 32) && p.ty() == Math.rint(p.ty()));
            assertTrue(p.scale() >= 0.75 && p.scale() <= 1.25);
            assertTrue(Math.abs(p.shearXDeg()) <= 10);
            assertEquals(0, p.shearYDeg());
        }
    }

    @Test
    void theSameSeedGivesTheSameAugmentation() {
        Augmentation a = new Augmentation(AFFINE, 9);
        assertEquals(AFFINE.sample(a.randomFor(3, 17), 32, 32), AFFINE.sample(a.randomFor(3, 17), 32, 32));
        assertTrue(!AFFINE.sample(a.randomFor(3, 17), 32, 32).equals(AFFINE.sample(a.randomFor(4, 17), 32, 32)));
    }
}
