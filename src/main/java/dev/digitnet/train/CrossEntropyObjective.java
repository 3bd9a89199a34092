package dev.digitnet.train;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;

/**
 * Plain cross-entropy on the true labels, without label smoothing: the model card's objective,
 * because smoothed targets make a worse distillation teacher (its wrong-class probabilities are
 * what a student learns from).
 */
public final class CrossEntropyObjective implements TrainingObjective {

    @Override
    public NDArray loss(NDArray logits, NDArray labels, NDArray images) {
        return TrainingObjective.crossEntropy(logits, labels);
    }

    @Override
    public JsonObject describe() {
        JsonObject json = new JsonObject();
        json.addProperty("type", "cross-entropy");
        json.addProperty("label_smoothing", 0);
        return json;
    }
}
