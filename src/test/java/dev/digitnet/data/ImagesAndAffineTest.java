package dev.digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
        Arrays.fill(src, 0.25f);
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
        assertArrayEquals(expectedRow0, Arrays.copyOfRange(dst, 0, 4), 1e-6f);
        assertArrayEquals(expectedRow1, Arrays.copyOfRange(dst, 4, 8), 1e-6f);
        assertEquals(3f, dst[15], 1e-6f);
    }

    @Test
    void bytesAreReadUnsignedAndScaledToUnitRange() {
        byte[] pixels = {9, 0, (byte) 255, (byte) 128};
        assertArrayEquals(new float[] {0f, 1f, 128 / 255f}, Images.toUnitFloats(pixels, 1, 3), 1e-7f);
    }

    @Test
    void mnistTo32ResizesEveryImageInOrder() {
        byte[] images = new byte[3 * 784];
        Arrays.fill(images, 784, 2 * 784, (byte) 255);
        float[] out = Images.mnistTo32(new MnistSplit(images, new byte[3], 3));
        assertEquals(3 * 1024, out.length);
        assertEquals(0f, out[1023]);
        assertEquals(1f, out[1024], 1e-6f);
        assertEquals(1f, out[2047], 1e-6f);
        assertEquals(0f, out[2048]);
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
    void positiveNinetyDegreesTurnsClockwiseLikeTorchvisionAffine() {
        // 5×5, centre (2, 2); a dot at (4, 2) is right of centre. torchvision's F.affine (and so
        // RandomAffine) turns positive angles clockwise as seen, y down: right → below, at (2, 4).
        float[] dst = new float[25];
        AFFINE.apply(dot(5, 4, 2), dst, 5, 5, new RandomAffine.Params(90, 0, 0, 1, 0, 0));
        assertEquals(4 * 5 + 2, brightest(dst));
        assertEquals(1f, dst[4 * 5 + 2], 1e-6f);
    }

    @Test
    void rotationScaleShearAndShiftTogetherMatchTorchvision() {
        // Reference: torchvision 0.28 F.affine(img, angle=17, translate=[1, -1], scale=1.1,
        // shear=[8, 0], interpolation=BILINEAR, fill=[0.0]) on the 6×6 ramp 0/35 … 35/35. The
        // bottom-left corner shows torchvision's fill blend dimming pixels that straddle the border.
        float[] src = new float[36];
        for (int i = 0; i < 36; i++) {
            src[i] = i / 35f;
        }
        float[] expected = {
            0.000013f, 0.223970f, 0.292510f, 0.270717f, 0.248924f, 0.227132f,
            0.079705f, 0.474422f, 0.452629f, 0.430837f, 0.409044f, 0.387251f,
            0.405112f, 0.634541f, 0.612749f, 0.590956f, 0.569163f, 0.547371f,
            0.816453f, 0.794661f, 0.772868f, 0.751076f, 0.729283f, 0.707490f,
            0.137125f, 0.393158f, 0.792643f, 0.911195f, 0.889402f, 0.867610f,
            0.000000f, 0.000000f, 0.003191f, 0.100499f, 0.341004f, 0.585586f,
        };
        float[] dst = new float[36];
        AFFINE.apply(src, dst, 6, 6, new RandomAffine.Params(17, 1, -1, 1.1, 8, 0));
        assertArrayEquals(expected, dst, 1e-5f);
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
