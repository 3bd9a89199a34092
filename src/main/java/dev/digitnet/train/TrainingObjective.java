package dev.digitnet.train;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;

/**
 * What a training step minimises: the part of the trainer that plain training and distillation do
 * differently. The trainer owns everything else (batches, augmentation, optimizer, listeners).
 */
public interface TrainingObjective {

    /**
     * The mean loss of one batch, differentiable in {@code logits}.
     *
     * @param logits the network's raw scores, [batch, classes]
     * @param labels true classes, [batch] (int64)
     * @param images the exact (augmented) batch the network saw, [batch, 1, side, side]
     */
    NDArray loss(NDArray logits, NDArray labels, NDArray images);

    /**
     * What this objective is, for the model's provenance and the checkpoints: a resumed run must
     * continue with the same objective.
     */
    JsonObject describe();

    /** Mean cross-entropy of logits against true labels. */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray oneHot = labels.oneHot((int) logits.getShape().get(1)).toType(logProbabilities.getDataType(), false);
        return logProbabilities.mul(oneHot).sum(new int[] {1}).neg().mean();
    }
}
