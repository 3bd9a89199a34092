package dev.digitnet.onnx;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which runtime runs a DigitNet's forward pass: DJL's PyTorch engine (libtorch), which also trains,
 * or ONNX Runtime, over the same weights exported to an ONNX graph ({@link OnnxExporter}).
 */
public enum InferenceEngine {
    PYTORCH("pytorch"),
    ONNXRUNTIME("onnxruntime");

    private final String id;

    InferenceEngine(String id) {
        this.id = id;
    }

    /** The name on the command line and in JSON: {@code pytorch} or {@code onnxruntime}. */
    public String id() {
        return id;
    }

    /**
     * The engine of that name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the choices
     */
    public static InferenceEngine of(String name) {
        for (InferenceEngine engine : values()) {
            if (engine.id.equals(name.toLowerCase(Locale.ROOT))) {
                return engine;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + name + "': use "
                + Arrays.stream(values()).map(InferenceEngine::id).collect(Collectors.joining(" or ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
