package dev.digitnet.runtime;

import com.google.gson.JsonObject;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ProbabilityModel;

/**
 * A model ready to answer on one engine: where predictors come from, and the card to show. What
 * {@code predict}, {@code evaluate}, {@code serve} and {@code bench} run on, whichever the engine;
 * made by {@link ModelReference#open} (or {@link #open} for weights already in memory).
 */
public interface InferenceModel extends AutoCloseable {

    /** What the model was opened with: engine, device and threads. */
    RuntimeOptions options();

    default InferenceEngine engine() {
        return options().engine();
    }

    /**
     * A new predictor. PyTorch's are not thread-safe (one per thread, or a pool); ONNX Runtime's
     * share one session, whose {@code run} may be called from several threads at once.
     */
    ProbabilityModel newProbabilityModel();

    /** Architecture, parameters, provenance, calibration and figures, as in {@code config.json}. */
    JsonObject card();

    @Override
    void close();

    /**
     * Weights already in memory on the engine the options name. The result owns {@code model}: on
     * PyTorch it runs on it and closes it when closed; ONNX Runtime exports it to a graph in memory
     * and closes it at once (its libtorch tensors are no longer needed).
     *
     * @throws IllegalArgumentException if this build has no such engine, or not on that device
     */
    static InferenceModel open(DigitNetModel model, RuntimeOptions options) {
        return Engines.open(model, options);
    }
}
