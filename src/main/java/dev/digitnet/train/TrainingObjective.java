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
     * @param labels true classes, [batch] (int64); {@link MixedDigits#UNLABELLED} on transfer images
     * @param images the exact (augmented) batch the network saw, [batch, 1, side, side]
     */
    NDArray loss(NDArray logits, NDArray labels, NDArray images);

    /**
     * Unlabelled transfer images this objective wants appended to every batch, or {@code null}:
     * only an objective that can score a picture without a label (distillation, from its teacher)
     * asks for them. Their rows carry the label {@link MixedDigits#UNLABELLED}.
     */
    default MixedDigits transferImages() {
        return null;
    }

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

    /**
     * Mean cross-entropy over the rows that have a true label; rows labelled
     * {@link MixedDigits#UNLABELLED} are left out (their label is masked to class 0 for the one-hot,
     * then their term multiplied by 0). A batch without labelled rows gives 0.
     */
    static NDArray crossEntropyOfLabelled(NDArray logits, NDArray labels) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray labelled = labels.gte(0);
        NDArray mask = labelled.toType(logProbabilities.getDataType(), false);
        NDArray safe = labels.mul(labelled.toType(labels.getDataType(), false));
        NDArray oneHot = safe.oneHot((int) logits.getShape().get(1)).toType(logProbabilities.getDataType(), false);
        NDArray perRow = logProbabilities.mul(oneHot).sum(new int[] {1}).neg();
        return perRow.mul(mask).sum().div(mask.sum().maximum(1f));
    }
}
