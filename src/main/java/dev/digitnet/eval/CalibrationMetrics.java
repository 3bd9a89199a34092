package dev.digitnet.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * How far a model's probabilities are from what they promise, on one labelled set: expected
 * calibration error over equal-width confidence bins (Guo et al. 2017), negative log-likelihood
 * and the Brier score, with the bins kept for a reliability diagram. Immutable.
 *
 * @param temperature the temperature the logits were divided by
 * @param ece expected calibration error: the bins' |accuracy − mean confidence|, weighted by size
 * @param nll mean negative log-likelihood of the true class
 * @param brier mean over images of the squared distance between the probabilities and the one-hot
 *     truth, summed over classes (0 perfect, 2 worst)
 * @param bins the confidence bins, lowest first
 */
public record CalibrationMetrics(double temperature, int count, double ece, double nll, double brier, List<Bin> bins) {

    /** Bins of Guo et al.: 15 of equal width over (0, 1]. */
    public static final int BINS = 15;

    /**
     * One confidence bin: the images whose top-1 probability is in {@code (lower, upper]}.
     *
     * @param confidence their mean top-1 probability (NaN when empty)
     * @param accuracy the share of them whose top-1 is right (NaN when empty)
     */
    public record Bin(double lower, double upper, int count, double confidence, double accuracy) {}

    public CalibrationMetrics {
        bins = List.copyOf(bins);
    }

    /** The metrics of {@code softmax(logits / temperature)} against the true labels. */
    public static CalibrationMetrics of(float[][] logits, int[] labels, double temperature) {
        if (logits.length != labels.length || logits.length == 0) {
            throw new IllegalArgumentException(labels.length + " labels for " + logits.length + " rows of logits");
        }
        int[] binCount = new int[BINS];
        double[] binConfidence = new double[BINS];
        int[] binCorrect = new int[BINS];
        double nll = 0;
        double brier = 0;
        double[] p = new double[logits[0].length];
        for (int i = 0; i < logits.length; i++) {
            double logZ = softmax(logits[i], temperature, p);
            int y = labels[i];
            nll += logZ - logits[i][y] / temperature;
            int top = 0;
            for (int k = 0; k < p.length; k++) {
                double d = p[k] - (k == y ? 1 : 0);
                brier += d * d;
                if (p[k] > p[top]) {
                    top = k;
                }
            }
            // (lower, upper]: confidence 1/15 goes in the first bin, 1.0 in the last.
            int b = Math.min(BINS - 1, Math.max(0, (int) Math.ceil(p[top] * BINS) - 1));
            binCount[b]++;
            binConfidence[b] += p[top];
            binCorrect[b] += top == y ? 1 : 0;
        }
        int n = logits.length;
        double ece = 0;
        Bin[] bins = new Bin[BINS];
        for (int b = 0; b < BINS; b++) {
            double confidence = binCount[b] == 0 ? Double.NaN : binConfidence[b] / binCount[b];
            double accuracy = binCount[b] == 0 ? Double.NaN : (double) binCorrect[b] / binCount[b];
            if (binCount[b] > 0) {
                ece += (double) binCount[b] / n * Math.abs(accuracy - confidence);
            }
            bins[b] = new Bin((double) b / BINS, (double) (b + 1) / BINS, binCount[b], confidence, accuracy);
        }
        return new CalibrationMetrics(temperature, n, ece, nll / n, brier / n, List.of(bins));
    }

    /** Writes {@code softmax(logits / t)} into {@code p}; returns its log normaliser {@code log Σ exp(l/t)}. */
    static double softmax(float[] logits, double t, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v / t);
        }
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            p[k] = Math.exp(logits[k] / t - max);
            sum += p[k];
        }
        for (int k = 0; k < logits.length; k++) {
            p[k] /= sum;
        }
        return max + Math.log(sum);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("temperature", temperature);
        json.addProperty("count", count);
        json.addProperty("ece", ece);
        json.addProperty("nll", nll);
        json.addProperty("brier", brier);
        JsonArray array = new JsonArray();
        for (Bin b : bins) {
            JsonObject o = new JsonObject();
            o.addProperty("upper", b.upper());
            o.addProperty("count", b.count());
            if (b.count() > 0) {
                o.addProperty("confidence", b.confidence());
                o.addProperty("accuracy", b.accuracy());
            }
            array.add(o);
        }
        json.add("bins", array);
        return json;
    }
}
