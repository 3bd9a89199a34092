package dev.digitnet;

import dev.digitnet.model.DigitNetModel;
import dev.digitnet.predict.DigitClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The front door for Java users: a ready classifier over the released model bundled in the jar,
 * or over a model folder of your own.
 *
 * <pre>{@code
 * try (DigitClassifier classifier = DigitNet.classifier()) {
 *     Prediction best = classifier.classify(Path.of("digit.png")).best();
 * }
 * }</pre>
 */
public final class DigitNet {

    private DigitNet() {}

    /** A thread-safe classifier over the bundled teacher, one predictor per core. */
    public static DigitClassifier classifier() {
        return classifier(DigitNetModel.loadBundled());
    }

    /**
     * A thread-safe classifier over a model bundled in the jar, by name: {@code teacher}, or a
     * distilled student ({@code xs}, {@code sm}, {@code md}, {@code lg}; see {@link #bundledModels()}).
     *
     * @throws IllegalArgumentException if this build has no model of that name
     */
    public static DigitClassifier classifier(String name) {
        return classifier(DigitNetModel.loadBundled(name));
    }

    /** The names of the models inside this build, the teacher first. */
    public static List<String> bundledModels() {
        return DigitNetModel.bundledNames();
    }

    /** A thread-safe classifier over a model folder written by {@code digitnet train}. */
    public static DigitClassifier classifier(Path modelFolder) throws IOException {
        return classifier(DigitNetModel.load(modelFolder));
    }

    /** The classifier owns the model: closing it closes the predictors, then the weights. */
    private static DigitClassifier classifier(DigitNetModel model) {
        return DigitClassifier.create(model::newProbabilityModel, Runtime.getRuntime().availableProcessors(), model);
    }
}
