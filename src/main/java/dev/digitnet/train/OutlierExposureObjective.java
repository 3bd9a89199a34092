package dev.digitnet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
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

    /** The label that marks an outlier row. */
    public static final int OUTLIER = -1;

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
        int classes = (int) logits.getShape().get(1);
        NDArray logP = logits.logSoftmax(1);
        NDArray isDigit = labels.gte(0);
        NDArray digitMask = isDigit.toType(logP.getDataType(), false);
        NDArray outlierMask = digitMask.neg().add(1f);
        // Outliers' labels become class 0 for the one-hot; their row is then multiplied by 0.
        NDArray safeLabels = labels.mul(isDigit.toType(DataType.INT64, false));
        NDArray oneHot = safeLabels.oneHot(classes).toType(logP.getDataType(), false);
        NDArray digitCe = logP.mul(oneHot).sum(new int[] {1}).neg();
        NDArray uniformCe = logP.mean(new int[] {1}).neg();
        NDArray digits = digitCe.mul(digitMask).sum().div(digitMask.sum().maximum(1f));
        if (lambda == 0) {
            return digits;
        }
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
