package dev.digitnet.train;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;

/**
 * Outlier exposure (Hendrycks, Mazeika and Dietterich, 2019): batches mix digits with pictures
 * that are not digits, marked by the label {@value #OUTLIER}; the network keeps learning the
 * digits and learns to spread its belief evenly over the ten classes on the others,
 *
 * <pre>
 *   loss = mean over digits of CE(s, y) + λ · mean over outliers of CE(s, uniform)
 *   CE(s, uniform) = −(1/K) Σₖ log softmax(s)ₖ
 * </pre>
 *
 * which lowers an outlier's maximum probability and its energy score {@code logsumexp(s)} (the
 * digit check's), relative to digits. Each mean is over its own rows; a batch without digits (or
 * without outliers) has that term 0. Outlier rows never reach a one-hot encoding: their label is
 * masked to class 0 and their cross-entropy to the labels multiplied by 0.
 */
public final class OutlierExposureObjective implements TrainingObjective {

    /** The label that marks an outlier row: like a transfer image's, no true class. */
    public static final int OUTLIER = MixedDigits.UNLABELLED;

    private final double lambda;
    private final JsonObject outliers;

    /**
     * @param lambda weight λ ≥ 0 of the outlier term (0.5 in the paper for vision)
     * @param outliers what the outliers are (sets, counts, seed), recorded as given in {@link #describe()}
     */
    public OutlierExposureObjective(double lambda, JsonObject outliers) {
        checkLambda(lambda);
        this.lambda = lambda;
        this.outliers = outliers == null ? new JsonObject() : outliers.deepCopy();
    }

    /** @throws IllegalArgumentException unless λ is finite and not negative */
    public static void checkLambda(double lambda) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number ≥ 0, got " + lambda);
        }
    }

    @Override
    public NDArray loss(NDArray logits, NDArray labels, NDArray images) {
        return loss(logits, labels, lambda);
    }

    /** The loss for given logits and labels (see the class comment). */
    static NDArray loss(NDArray logits, NDArray labels, double lambda) {
        // Outlier rows have no true class: the digits' term leaves them out, as it does transfer images.
        NDArray digits = TrainingObjective.crossEntropyOfLabelled(logits, labels);
        if (lambda == 0) {
            return digits;
        }
        NDArray logP = logits.logSoftmax(1);
        NDArray outlierMask = labels.lt(0).toType(logP.getDataType(), false);
        NDArray uniformCe = logP.mean(new int[] {1}).neg();
        NDArray outlierTerm = uniformCe.mul(outlierMask).sum().div(outlierMask.sum().maximum(1f));
        return digits.add(outlierTerm.mul((float) lambda));
    }

    @Override
    public JsonObject describe() {
        JsonObject json = new JsonObject();
        json.addProperty("type", "outlier-exposure");
        json.addProperty("lambda", lambda);
        json.addProperty("in_distribution", "cross-entropy on the true labels, no label smoothing");
        json.addProperty("outlier_term", "cross-entropy to the uniform distribution over the classes, rows labelled "
                + OUTLIER);
        json.add("outliers", outliers.deepCopy());
        return json;
    }

    public double lambda() {
        return lambda;
    }
}
