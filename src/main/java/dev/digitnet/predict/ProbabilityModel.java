package dev.digitnet.predict;

/**
 * Turns model-ready inputs into class probabilities.
 *
 * <p>Inputs are 32×32 images, row-major, values in [0, 1], ink bright on a dark background (the
 * MNIST convention, after {@code dev.digitnet.data.DigitPreprocessor}). Implementations wrap a
 * native predictor and are <b>not thread-safe</b>: use one per thread, or a pool.
 */
public interface ProbabilityModel extends AutoCloseable {

    /** Side of the square input image the model expects. */
    int INPUT_SIZE = 32;

    /**
     * @param inputs one array of {@code 32*32} floats per image
     * @return one array of 10 probabilities (softmax) per image, in the same order
     */
    float[][] probabilities(float[][] inputs);

    /**
     * Probabilities for {@code count} images stored one after another in {@code pixels}, computed
     * {@code batchSize} at a time.
     */
    default float[][] probabilities(float[] pixels, int count, int batchSize) {
        int n = INPUT_SIZE * INPUT_SIZE;
        float[][] out = new float[count][];
        for (int from = 0; from < count; from += batchSize) {
            int size = Math.min(batchSize, count - from);
            float[][] batch = new float[size][];
            for (int i = 0; i < size; i++) {
                batch[i] = java.util.Arrays.copyOfRange(pixels, (from + i) * n, (from + i + 1) * n);
            }
            System.arraycopy(probabilities(batch), 0, out, from, size);
        }
        return out;
    }

    @Override
    void close();
}
