package dev.digitnet.train;

import dev.digitnet.data.Shuffle;
import dev.digitnet.model.NotDigitHead;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a {@link NotDigitHead} on features already extracted: binary cross-entropy of "not a
 * digit" (outliers 1, digits 0), the two classes weighted equally whatever their counts, AdamW,
 * mini-batches in a seeded order. Plain Java in double precision: the head is a few thousand
 * weights on vectors of at most a few hundred numbers, so a run over some 80,000 feature vectors
 * takes seconds, and it needs no engine. The features are standardised for training (per feature,
 * over all rows) and the standardisation folded into the first layer afterwards, so the head reads
 * the model's raw features.
 */
public final class NotDigitHeadTrainer {

    /**
     * @param hidden hidden units (0: a linear head, logistic regression on the features)
     * @param epochs passes over the data
     * @param batchSize rows per step
     * @param learningRate AdamW's step size, constant
     * @param weightDecay decoupled weight decay on the weights (not the biases)
     * @param seed initial weights and the order of rows
     */
    public record Settings(int hidden, int epochs, int batchSize, double learningRate, double weightDecay, long seed) {
        public Settings {
            if (hidden < 0 || epochs < 1 || batchSize < 1 || !(learningRate > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("bad head training settings: hidden " + hidden + ", epochs " + epochs
                        + ", batch " + batchSize + ", lr " + learningRate + ", weight decay " + weightDecay);
            }
        }

        /** The values the bundled heads were trained with: 20 epochs of 256, lr 1e-3, weight decay 1e-4. */
        public static Settings defaults(int hidden, long seed) {
            return new Settings(hidden, 20, 256, 1e-3, 1e-4, seed);
        }
    }

    private NotDigitHeadTrainer() {}

    /**
     * A head trained to score {@code outliers} high and {@code digits} low.
     *
     * @param digits feature rows of digits (label 0)
     * @param outliers feature rows of non-digits (label 1)
     */
    public static NotDigitHead train(float[][] digits, float[][] outliers, Settings s, Consumer<String> log) {
        if (digits.length == 0 || outliers.length == 0) {
            throw new IllegalArgumentException("a not-a-digit head needs digits and outliers, got " + digits.length + " and "
                    + outliers.length);
        }
        int f = digits[0].length;
        int n = digits.length + outliers.length;
        // Standardisation over all rows.
        double[] mean = new double[f];
        double[] std = new double[f];
        for (int i = 0; i < n; i++) {
            float[] x = row(digits, outliers, i);
            if (x.length != f) {
                throw new IllegalArgumentException("feature rows of " + x.length + " and " + f + " values");
            }
            for (int k = 0; k < f; k++) {
                mean[k] += x[k];
            }
        }
        for (int k = 0; k < f; k++) {
            mean[k] /= n;
        }
        for (int i = 0; i < n; i++) {
            float[] x = row(digits, outliers, i);
            for (int k = 0; k < f; k++) {
                double d = x[k] - mean[k];
                std[k] += d * d;
            }
        }
        for (int k = 0; k < f; k++) {
            // A feature that barely varies is left nearly as it is rather than blown up.
            std[k] = Math.max(Math.sqrt(std[k] / n), 1e-3);
        }
        int h = s.hidden();
        int outIn = h == 0 ? f : h;
        Random random = new Random(s.seed());
        double[] w1 = new double[h * f];
        double[] b1 = new double[h];
        double[] w2 = new double[outIn];
        double[] b2 = new double[1];
        double bound1 = 1 / Math.sqrt(f);
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (2 * random.nextDouble() - 1) * bound1;
        }
        double bound2 = 1 / Math.sqrt(outIn);
        for (int i = 0; i < w2.length; i++) {
            w2[i] = (2 * random.nextDouble() - 1) * bound2;
        }
        Adam a1 = new Adam(w1.length);
        Adam ab1 = new Adam(b1.length);
        Adam a2 = new Adam(w2.length);
        Adam ab2 = new Adam(1);
        // Each class weighs half the loss.
        double weightDigit = 0.5 / digits.length;
        double weightOutlier = 0.5 / outliers.length;
        double[] x = new double[f];
        double[] hidden = new double[h];
        double[] g1 = new double[w1.length];
        double[] gb1 = new double[h];
        double[] g2 = new double[outIn];
        double[] gb2 = new double[1];
        int step = 0;
        for (int epoch = 1; epoch <= s.epochs(); epoch++) {
            int[] order = Shuffle.permutation(n, random);
            double epochLoss = 0;
            for (int from = 0; from < n; from += s.batchSize()) {
                int to = Math.min(n, from + s.batchSize());
                java.util.Arrays.fill(g1, 0);
                java.util.Arrays.fill(gb1, 0);
                java.util.Arrays.fill(g2, 0);
                gb2[0] = 0;
                double batchWeight = 0;
                for (int j = from; j < to; j++) {
                    int i = order[j];
                    boolean outlier = i >= digits.length;
                    double weight = outlier ? weightOutlier : weightDigit;
                    batchWeight += weight;
                    float[] raw = row(digits, outliers, i);
                    for (int k = 0; k < f; k++) {
                        x[k] = (raw[k] - mean[k]) / std[k];
                    }
                    double z = b2[0];
                    if (h == 0) {
                        for (int k = 0; k < f; k++) {
                            z += w2[k] * x[k];
                        }
                    } else {
                        for (int u = 0; u < h; u++) {
                            double a = b1[u];
                            for (int k = 0; k < f; k++) {
                                a += w1[u * f + k] * x[k];
                            }
                            hidden[u] = Math.max(a, 0);
                            z += w2[u] * hidden[u];
                        }
                    }
                    double y = outlier ? 1 : 0;
                    double p = 1 / (1 + Math.exp(-z));
                    epochLoss += weight * (Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))));
                    double dz = weight * (p - y);
                    gb2[0] += dz;
                    if (h == 0) {
                        for (int k = 0; k < f; k++) {
                            g2[k] += dz * x[k];
                        }
                    } else {
                        for (int u = 0; u < h; u++) {
                            g2[u] += dz * hidden[u];
                            if (hidden[u] > 0) {
                                double da = dz * w2[u];
                                gb1[u] += da;
                                for (int k = 0; k < f; k++) {
                                    g1[u * f + k] += da * x[k];
                                }
                            }
                        }
                    }
                }
                // Mean over the batch's weight, so a step's size does not depend on the class mix.
                step++;
                a1.step(w1, g1, batchWeight, s.learningRate(), s.weightDecay(), step);
                ab1.step(b1, gb1, batchWeight, s.learningRate(), 0, step);
                a2.step(w2, g2, batchWeight, s.learningRate(), s.weightDecay(), step);
                ab2.step(b2, gb2, batchWeight, s.learningRate(), 0, step);
            }
            if (epoch == 1 || epoch == s.epochs() || epoch % 5 == 0) {
                log.accept(String.format(Locale.ROOT, "  head (hidden %d) epoch %d/%d: balanced loss %.4f", h, epoch, s.epochs(),
                        epochLoss));
            }
        }
        // Fold the standardisation into the first layer: W·((x − μ)/σ) + b = (W/σ)·x + (b − Σ W·μ/σ).
        float[] fw1 = new float[h * f];
        float[] fb1 = new float[h];
        float[] fw2 = new float[outIn];
        float fb2;
        if (h == 0) {
            double bias = b2[0];
            for (int k = 0; k < f; k++) {
                fw2[k] = (float) (w2[k] / std[k]);
                bias -= w2[k] * mean[k] / std[k];
            }
            fb2 = (float) bias;
        } else {
            for (int u = 0; u < h; u++) {
                double bias = b1[u];
                for (int k = 0; k < f; k++) {
                    fw1[u * f + k] = (float) (w1[u * f + k] / std[k]);
                    bias -= w1[u * f + k] * mean[k] / std[k];
                }
                fb1[u] = (float) bias;
                fw2[u] = (float) w2[u];
            }
            fb2 = (float) b2[0];
        }
        return new NotDigitHead(f, h, fw1, fb1, fw2, fb2);
    }

    private static float[] row(float[][] digits, float[][] outliers, int i) {
        return i < digits.length ? digits[i] : outliers[i - digits.length];
    }

    /** AdamW's moments for one tensor (β 0.9 / 0.999, ε 1e-8, decoupled weight decay). */
    private static final class Adam {
        private final double[] m;
        private final double[] v;

        Adam(int size) {
            m = new double[size];
            v = new double[size];
        }

        void step(double[] w, double[] grad, double scale, double lr, double decay, int t) {
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < w.length; i++) {
                double g = grad[i] / scale;
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                w[i] -= lr * (m[i] / c1 / (Math.sqrt(v[i] / c2) + 1e-8) + decay * w[i]);
            }
        }
    }
}
