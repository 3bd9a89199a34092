package dev.digitnet;

import dev.digitnet.model.DigitNetModel;
import dev.digitnet.onnx.InferenceEngine;
import dev.digitnet.model.Calibration;
import dev.digitnet.onnx.InferenceModel;
import dev.digitnet.onnx.OnnxModel;
import dev.digitnet.predict.DigitClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The front door for Java users: a ready classifier over the released model bundled in the jar,
 * or over a model folder of your own, on the engine of your choice.
 *
 * <pre>{@code
 * try (DigitClassifier classifier = DigitNet.classifier()) {
 *     Prediction best = classifier.classify(Path.of("digit.png")).best();
 * }
 * }</pre>
 */
public final class DigitNet {

    /**
     * The engine {@link #classifier()} and {@link #classifier(Path)} use: ONNX Runtime, which
     * answered single images about twice as fast as libtorch here and served more requests per
     * second with a lower p99 (docs/benchmarks.md).
     */
    public static final InferenceEngine DEFAULT_ENGINE = InferenceEngine.ONNXRUNTIME;

    private DigitNet() {}

    /** A thread-safe classifier over the bundled teacher, one predictor per core. */
    public static DigitClassifier classifier() {
        return classifier(DEFAULT_ENGINE);
    }

    /**
     * A thread-safe classifier over a model bundled in the jar, by name: {@code teacher}, or a
     * distilled student ({@code xs}, {@code sm}, {@code md}; see {@link #bundledModels()}).
     *
     * @throws IllegalArgumentException if this build has no model of that name
     */
    public static DigitClassifier classifier(String name) {
        return classifier(name, DEFAULT_ENGINE);
    }

    /** {@link #classifier(String)} on the given engine. */
    public static DigitClassifier classifier(String name, InferenceEngine engine) {
        return classifier(InferenceModel.open(DigitNetModel.loadBundled(name), engine, 1));
    }

    /** The names of the models inside this build, the teacher first. */
    public static List<String> bundledModels() {
        return DigitNetModel.bundledNames();
    }

    /**
     * A thread-safe classifier over the bundled model on the given engine, one predictor per core.
     * On ONNX Runtime each predictor runs on one thread, all sharing one session.
     */
    public static DigitClassifier classifier(InferenceEngine engine) {
        return classifier(InferenceModel.open(DigitNetModel.loadBundled(), engine, 1));
    }

    /** A thread-safe classifier over a model folder written by {@code digitnet train}. */
    public static DigitClassifier classifier(Path modelFolder) throws IOException {
        return classifier(modelFolder, DEFAULT_ENGINE);
    }

    /**
     * A thread-safe classifier over a model folder, or over a {@code .onnx} file written by {@code
     * digitnet export} (which needs {@link InferenceEngine#ONNXRUNTIME}).
     *
     * @throws IllegalArgumentException for an ONNX file with the PyTorch engine
     */
    public static DigitClassifier classifier(Path model, InferenceEngine engine) throws IOException {
        if (Files.isRegularFile(model)) {
            if (engine != InferenceEngine.ONNXRUNTIME) {
                throw new IllegalArgumentException(model + " is an ONNX file, which runs on ONNX Runtime only");
            }
            return classifier(OnnxModel.load(model, 1));
        }
        return classifier(InferenceModel.open(DigitNetModel.load(model), engine, 1));
    }

    private static DigitClassifier classifier(InferenceModel model) {
        return DigitClassifier.create(model::newProbabilityModel, Runtime.getRuntime().availableProcessors(), model,
                Calibration.of(model.card()));
    }
}
