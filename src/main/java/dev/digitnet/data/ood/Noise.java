package dev.digitnet.data.ood;

import static dev.digitnet.data.ood.Pictures.uniform;

import dev.digitnet.input.DigitInput;
import dev.digitnet.input.ModelInput;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random noise, three kinds in turn (the tag):
 *
 * <ul>
 *   <li>{@code speckle}: a 28×28 black picture with a random fraction (3–40 %) of pixels lit at
 *       random brightness, preprocessed like an upload;
 *   <li>{@code blobs}: blurred white noise above a random level: solid random shapes, soft-edged;
 *   <li>({@code paper}, a grey page with camera-like Gaussian noise: see {@link #KINDS});
 *   <li>{@code full-frame}: a 28×28 grid of random values sent as pixels (the API's {@code
 *       pixels} path, {@link DigitInput#fromGrid28}): noise over the whole frame, which the
 *       picture path, fitting ink into 20×20, never makes.
 * </ul>
 */
public final class Noise {

    static {
        Pictures.init();
    }

    public static final int COUNT = 1_000;
    /**
     * The kinds made. {@code paper}, a photo of blank paper, is left out: the input path reads it as
     * blank (it is cleaned as a photo, and only noise is left), so it never reaches the model and
     * tests nothing here; PhotoCleaningTest checks that it stays blank.
     */
    static final String[] KINDS = {"speckle", "blobs", "full-frame"};

    private Noise() {}

    public static OodSet generate(long seed) {
        return generate(seed, COUNT);
    }

    static OodSet generate(long seed, int count) {
        return Pictures.collect(OodBenchmark.NOISE, "random noise: sparse speckle, blurred blobs "
                + "and full-frame 28×28 grids; preprocessed like an upload (grids like the API's pixels)",
                Pictures.seedFor(seed, OodBenchmark.NOISE), count, (i, r) -> {
                    String kind = KINDS[i % KINDS.length];
                    return new Pictures.Made(make(kind, r), kind);
                });
    }

    static ModelInput make(String kind, SplittableRandom r) {
        switch (kind) {
            case "speckle": {
                int side = ModelInput.MNIST_SIZE;
                double density = uniform(r, 0.03, 0.4);
                float[] v = new float[side * side];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.nextDouble() < density ? (float) uniform(r, 0.2, 1) : 0f;
                }
                return DigitInput.fromImage(Pictures.fromValues(v, side, side));
            }
            case "blobs": {
                int side = 48;
                float[] v = new float[side * side];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) r.nextDouble();
                }
                int radius = 2 + r.nextInt(4);
                for (int pass = 0; pass < 3; pass++) { // three box blurs ≈ a Gaussian
                    v = boxBlur(v, side, radius);
                }
                float[] sorted = v.clone();
                Arrays.sort(sorted);
                // Above a random level, ramping to full brightness over a sixth of the range left:
                // mostly solid shapes with soft edges (a plain linear ramp left all but the
                // highest peak too faint to see once the preprocessor set that peak to 1).
                float lo = sorted[(int) (uniform(r, 0.6, 0.9) * (sorted.length - 1))];
                float ramp = (sorted[sorted.length - 1] - lo) / 6;
                for (int i = 0; i < v.length; i++) {
                    v[i] = ramp > 0 ? Math.min(1f, Math.max(0f, (v[i] - lo) / ramp)) : 0f;
                }
                return DigitInput.fromImage(Pictures.fromValues(v, side, side));
            }
            case "paper": {
                int side = 64;
                double level = uniform(r, 0.55, 0.95);
                double sigma = uniform(r, 0.04, 0.2);
                float[] v = new float[side * side];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (level + sigma * r.nextGaussian());
                }
                return DigitInput.fromImage(Pictures.fromValues(v, side, side));
            }
            case "full-frame": {
                int side = ModelInput.MNIST_SIZE;
                double density = uniform(r, 0.05, 1);
                double[][] grid = new double[side][side];
                for (double[] row : grid) {
                    for (int x = 0; x < side; x++) {
                        row[x] = r.nextDouble() < density ? r.nextDouble() : 0;
                    }
                }
                return DigitInput.fromGrid28(grid);
            }
            default:
                throw new IllegalArgumentException("unknown noise kind " + kind);
        }
    }

    /** Mean over a (2·radius+1)² window, edges clamped. */
    static float[] boxBlur(float[] src, int side, int radius) {
        float[] tmp = new float[src.length];
        float[] out = new float[src.length];
        int n = 2 * radius + 1;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double s = 0;
                for (int k = -radius; k <= radius; k++) {
                    s += src[y * side + Math.max(0, Math.min(side - 1, x + k))];
                }
                tmp[y * side + x] = (float) (s / n);
            }
        }
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double s = 0;
                for (int k = -radius; k <= radius; k++) {
                    s += tmp[Math.max(0, Math.min(side - 1, y + k)) * side + x];
                }
                out[y * side + x] = (float) (s / n);
            }
        }
        return out;
    }
}
