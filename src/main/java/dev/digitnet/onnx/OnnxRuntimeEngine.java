package dev.digitnet.onnx;

import dev.digitnet.model.DigitNetModel;
import dev.digitnet.runtime.Device;
import dev.digitnet.runtime.EngineProvider;
import dev.digitnet.runtime.InferenceEngine;
import dev.digitnet.runtime.InferenceModel;
import dev.digitnet.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * ONNX Runtime as an engine of the runtime layer: a loaded model is exported to a graph in memory
 * ({@link OnnxExporter}) and run in a session ({@link OnnxModel}); {@code .onnx} files are read
 * directly, without starting libtorch. Runs on the CPU: the build carries ONNX Runtime's CPU
 * package (pom.xml).
 */
public final class OnnxRuntimeEngine implements EngineProvider {

    public OnnxRuntimeEngine() {
        // ServiceLoader's constructor: starts nothing.
    }

    @Override
    public InferenceEngine engine() {
        return InferenceEngine.ONNXRUNTIME;
    }

    @Override
    public Set<Device> devices() {
        return EnumSet.of(Device.CPU);
    }

    /** Exports the weights and closes {@code model}: its libtorch tensors are no longer needed. */
    @Override
    public InferenceModel open(DigitNetModel model, RuntimeOptions options) {
        try (model) {
            return OnnxModel.fromBytes(OnnxExporter.export(model).toByteArray(), "the exported model", options);
        } catch (IOException e) {
            // The graph was made here: a session that cannot take it is a bug, not bad input.
            throw new IllegalStateException("ONNX Runtime rejected the exported graph: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean readsOnnxFiles() {
        return true;
    }

    @Override
    public InferenceModel openOnnx(Path file, RuntimeOptions options) throws IOException {
        return OnnxModel.load(file, options);
    }
}
