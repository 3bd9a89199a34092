package dev.digitnet.onnx;

import com.google.gson.JsonObject;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ProbabilityModel;

/**
 * A model ready to answer on one engine: where predictors come from, and the card to show. What
 * {@code predict}, {@code evaluate}, {@code serve} and {@code bench} run on, whichever the engine.
 */
public interface InferenceModel extends AutoCloseable {

    InferenceEngine engine();

    /**
     * A new predictor. PyTorch's are not thread-safe (one per thread, or a pool); ONNX Runtime's
     * share one session, whose {@code run} may be called from several threads at once.
     */
    ProbabilityModel newProbabilityModel();

    /** Architecture, parameters, provenance and figures, as in {@code config.json}. */
    JsonObject card();

    @Override
    void close();

    /**
     * The model on the given engine. On ONNX Runtime the weights are exported to an ONNX graph in
     * memory and {@code model} is closed (its libtorch tensors are no longer needed); on PyTorch
     * the result owns {@code model}.
     *
     * @param threads ONNX Runtime's intra-op threads per forward pass; PyTorch's are set by the
     *     {@code ai.djl.pytorch.num_threads} property before its engine starts
     */
    static InferenceModel open(DigitNetModel model, InferenceEngine engine, int threads) {
        if (engine == InferenceEngine.PYTORCH) {
            return new PyTorchModel(model);
        }
        try (model) {
            return OnnxModel.fromBytes(OnnxExporter.export(model).toByteArray(), "the exported model", threads);
        } catch (java.io.IOException e) {
            // The graph was made here: a session that cannot take it is a bug, not bad input.
            throw new IllegalStateException("ONNX Runtime rejected the exported graph: " + e.getMessage(), e);
        }
    }

    /** DJL's PyTorch engine over a loaded {@link DigitNetModel}. */
    record PyTorchModel(DigitNetModel model) implements InferenceModel {

        @Override
        public InferenceEngine engine() {
            return InferenceEngine.PYTORCH;
        }

        @Override
        public ProbabilityModel newProbabilityModel() {
            return model.newProbabilityModel();
        }

        @Override
        public JsonObject card() {
            return model.card();
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
