package dev.digitnet.runtime;

import dev.digitnet.model.DigitNetModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * One inference engine a build can run. Engines are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/dev.digitnet.runtime.EngineProvider}), so this package does
 * not depend on the packages that implement them ({@code onnx} depends on it): a new engine is an
 * {@link InferenceEngine} constant, a provider in its own package, and one line in that file.
 * Implementations need a public no-argument constructor that starts nothing.
 */
public interface EngineProvider {

    InferenceEngine engine();

    /** The devices this build's engine can run on. */
    Set<Device> devices();

    /**
     * The model on this engine with these options (their engine is this one, their device one of
     * {@link #devices()}). Takes ownership of {@code model}, also when it fails.
     */
    InferenceModel open(DigitNetModel model, RuntimeOptions options);

    /** Whether {@link #openOnnx} reads {@code .onnx} files written by {@code digitnet export}. */
    default boolean readsOnnxFiles() {
        return false;
    }

    /**
     * A {@code .onnx} file written by {@code digitnet export} on this engine.
     *
     * @throws IOException naming the file when it is missing or not a DigitNet graph
     */
    default InferenceModel openOnnx(Path file, RuntimeOptions options) throws IOException {
        throw new UnsupportedOperationException(engine() + " does not read ONNX files");
    }
}
