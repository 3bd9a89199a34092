package dev.digitnet;

import dev.digitnet.model.DigitNetModel;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.runtime.Device;
import dev.digitnet.runtime.InferenceEngine;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.runtime.RuntimeOptions;
import dev.digitnet.runtime.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The front door for Java users: a ready classifier over the released model bundled in the jar,
 * or over a model folder or exported {@code .onnx} file of your own, on the engine of your choice
 * ({@link Workload#SINGLE_IMAGES}'s by default: ONNX Runtime).
 *
 * <pre>{@code
 * try (DigitClassifier classifier = DigitNet.classifier()) {
 *     Prediction best = classifier.classify(Path.of("digit.png")).best();
 * }
 * }</pre>
 *
 * <p>Each classifier runs one predictor per core, each forward pass on cores ÷ predictors engine
 * threads (one on most machines), as {@code digitnet serve} does: on PyTorch that is libtorch's
 * process-wide setting while the classifier is open ({@link RuntimeOptions#threads()}).
 */
public final class DigitNet {

    private DigitNet() {}

    /** A thread-safe classifier over the bundled teacher. */
    public static DigitClassifier classifier() {
        return bundled(ModelReference.defaultModel(), Workload.SINGLE_IMAGES.defaultEngine());
    }

    /**
     * A thread-safe classifier over a model bundled in the jar, by name: {@code teacher}, or a
     * distilled student ({@code xs}, {@code sm}, {@code md}; see {@link #bundledModels()}).
     *
     * @throws IllegalArgumentException if this build has no model of that name
     */
    public static DigitClassifier classifier(String name) {
        return classifier(name, Workload.SINGLE_IMAGES.defaultEngine());
    }

    /** {@link #classifier(String)} on the given engine. */
    public static DigitClassifier classifier(String name, InferenceEngine engine) {
        return bundled(ModelReference.bundled(name), engine);
    }

    /** The names of the models inside this build, the teacher first. */
    public static List<String> bundledModels() {
        return DigitNetModel.bundledNames();
    }

    /** A thread-safe classifier over the bundled teacher on the given engine. */
    public static DigitClassifier classifier(InferenceEngine engine) {
        return bundled(ModelReference.defaultModel(), engine);
    }

    /** A thread-safe classifier over a model folder written by {@code digitnet train}, or a {@code .onnx} file. */
    public static DigitClassifier classifier(Path model) throws IOException {
        return classifier(model, ModelReference.of(model).defaultEngine(Workload.SINGLE_IMAGES.defaultEngine()));
    }

    /**
     * A thread-safe classifier over a model folder, or over a {@code .onnx} file written by {@code
     * digitnet export} (which needs {@link InferenceEngine#ONNXRUNTIME}).
     *
     * @throws IllegalArgumentException for an ONNX file with the PyTorch engine
     */
    public static DigitClassifier classifier(Path model, InferenceEngine engine) throws IOException {
        return classifier(ModelReference.of(model), engine);
    }

    /** A thread-safe classifier over any model reference ({@link ModelReference#parse} reads the CLI's forms) on the engine. */
    public static DigitClassifier classifier(ModelReference model, InferenceEngine engine) throws IOException {
        int predictors = Runtime.getRuntime().availableProcessors();
        return classifier(model, new RuntimeOptions(engine, Device.CPU, RuntimeOptions.threadsPerPredictor(predictors)),
                predictors);
    }

    /**
     * A thread-safe classifier over any model reference with every runtime setting given: {@code
     * predictors} forward passes at once, each with {@code options}' engine, device and threads.
     */
    public static DigitClassifier classifier(ModelReference model, RuntimeOptions options, int predictors)
            throws IOException {
        return DigitClassifier.of(model.open(options), predictors);
    }

    private static DigitClassifier bundled(ModelReference model, InferenceEngine engine) {
        try {
            return classifier(model, engine);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + model.describe(), e);
        }
    }
}
