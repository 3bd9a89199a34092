package dev.digitnet.model;

import java.util.Arrays;

/**
 * Turns model-ready inputs into raw class scores (logits) and probabilities.
 *
 * <p>Lives beside the model because training (validation, a distillation teacher), evaluation and
 * prediction all use it. Inputs are square images of {@link #inputSize()} pixels a side, row-major,
 * values in [0, 1], ink bright on a dark background (the MNIST convention, after the input
 * package's {@code DigitInput}). Implementations wrap a native predictor and are <b>not
 * thread-safe</b>: use one per thread, or a pool.
 */
public interface ProbabilityModel extends AutoCloseable {

    /** Side of the square input image the model expects (from the model's config). */
    int inputSize();

    /**
     * @param inputs one array of {@code inputSize()²} floats per image
     * @return one array of raw class scores (before softmax) per image, in the same order
     */
    float[][] logits(float[][] inputs);

    /**
     * What one forward pass gives for a batch: the logits and, for a model with a {@link
     * NotDigitHead}, its {@code not_digit} score per image (NaN for every image without one).
     */
    record Outputs(float[][] logits, float[] notDigit) {
        public Outputs {
            if (logits.length != notDigit.length) {
                throw new IllegalArgumentException(logits.length + " rows of logits but " + notDigit.length + " not_digit scores");
            }
        }
    }

    /** Whether {@link #outputs} gives a {@code not_digit} score (the model has a head). */
    default boolean hasNotDigit() {
        return false;
    }

    /**
     * The logits and the {@code not_digit} scores of one forward pass. The logits are the very
     * numbers {@link #logits(float[][])} gives.
     */
    default Outputs outputs(float[][] inputs) {
        float[][] logits = logits(inputs);
        float[] none = new float[logits.length];
        Arrays.fill(none, Float.NaN);
        return new Outputs(logits, none);
    }

    /** {@link #outputs(float[][])} for {@code count} images stored one after another, {@code batchSize} at a time. */
    default Outputs outputs(float[] pixels, int count, int batchSize) {
        int n = inputSize() * inputSize();
        float[][] logits = new float[count][];
        float[] notDigit = new float[count];
        for (int from = 0; from < count; from += batchSize) {
            int size = Math.min(batchSize, count - from);
            float[][] batch = new float[size][];
            for (int i = 0; i < size; i++) {
                batch[i] = Arrays.copyOfRange(pixels, (from + i) * n, (from + i + 1) * n);
            }
            Outputs out = outputs(batch);
            System.arraycopy(out.logits(), 0, logits, from, size);
            System.arraycopy(out.notDigit(), 0, notDigit, from, size);
        }
        return new Outputs(logits, notDigit);
    }

    /**
     * The logits and the features of a batch from one pass.
     *
     * @param logits one row of raw class scores per image
     * @param features one row per image: the pooled features ({@link Architecture#features()}),
     *     what a {@link NotDigitHead} is trained on
     */
    record Features(float[][] logits, float[][] features) {}

    /**
     * {@link Features} of each input.
     *
     * @throws UnsupportedOperationException on an engine that does not expose them
     */
    default Features features(float[][] inputs) {
        throw new UnsupportedOperationException("this engine does not give a model's features; use PyTorch");
    }

    /** {@link #features(float[][])} for {@code count} images stored one after another, {@code batchSize} at a time. */
    default Features features(float[] pixels, int count, int batchSize) {
        int n = inputSize() * inputSize();
        float[][] logits = new float[count][];
        float[][] features = new float[count][];
        for (int from = 0; from < count; from += batchSize) {
            int size = Math.min(batchSize, count - from);
            float[][] batch = new float[size][];
            for (int i = 0; i < size; i++) {
                batch[i] = Arrays.copyOfRange(pixels, (from + i) * n, (from + i + 1) * n);
            }
            Features f = features(batch);
            System.arraycopy(f.logits(), 0, logits, from, size);
            System.arraycopy(f.features(), 0, features, from, size);
        }
        return new Features(logits, features);
    }

    /** Class probabilities: the softmax of {@link #logits(float[][])}. */
    default float[][] probabilities(float[][] inputs) {
        float[][] logits = logits(inputs);
        for (float[] row : logits) {
            softmaxInPlace(row);
        }
        return logits;
    }

    /**
     * Probabilities for {@code count} images stored one after another in {@code pixels}, computed
     * {@code batchSize} at a time.
     */
    default float[][] probabilities(float[] pixels, int count, int batchSize) {
        float[][] out = logits(pixels, count, batchSize);
        for (float[] row : out) {
            softmaxInPlace(row);
        }
        return out;
    }

    /** Logits for {@code count} images stored one after another, {@code batchSize} at a time. */
    default float[][] logits(float[] pixels, int count, int batchSize) {
        int n = inputSize() * inputSize();
        float[][] out = new float[count][];
        for (int from = 0; from < count; from += batchSize) {
            int size = Math.min(batchSize, count - from);
            float[][] batch = new float[size][];
            for (int i = 0; i < size; i++) {
                batch[i] = Arrays.copyOfRange(pixels, (from + i) * n, (from + i + 1) * n);
            }
            System.arraycopy(logits(batch), 0, out, from, size);
        }
        return out;
    }

    /** Numerically stable softmax of one row, written over it. */
    static void softmaxInPlace(float[] row) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < row.length; k++) {
            double e = Math.exp(row[k] - max);
            row[k] = (float) e;
            sum += e;
        }
        for (int k = 0; k < row.length; k++) {
            row[k] = (float) (row[k] / sum);
        }
    }

    @Override
    void close();
}
