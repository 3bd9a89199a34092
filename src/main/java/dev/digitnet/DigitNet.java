package dev.digitnet;

import dev.digitnet.model.DigitNetModel;
import dev.digitnet.predict.DigitClassifier;
import java.io.IOException;
import java.nio.file.Path;

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

    /** A thread-safe classifier over the bundled model, one predictor per core. */
    public static DigitClassifier classifier() {
        DigitNetModel model = DigitNetModel.loadBundled();
        return DigitClassifier.create(model::newProbabilityModel, Runtime.getRuntime().availableProcessors(), model);
    }

    /** A thread-safe classifier over a model folder written by {@code digitnet train}. */
    public static DigitClassifier classifier(Path modelFolder) throws IOException {
        DigitNetModel model = DigitNetModel.load(modelFolder);
        return DigitClassifier.create(model::newProbabilityModel, Runtime.getRuntime().availableProcessors(), model);
    }
}
