package dev.digitnet.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which runtime runs a DigitNet's forward pass: DJL's PyTorch engine (libtorch), which also trains,
 * or ONNX Runtime, over the same weights exported to an ONNX graph ({@code onnx.OnnxExporter}).
 * Which of them a build can run, and on which {@link Device}s, is said by its {@link
 * EngineProvider}s.
 */
public enum InferenceEngine {
    PYTORCH("pytorch", true),
    ONNXRUNTIME("onnxruntime", false);

    private final String id;
    private final boolean batches;

    InferenceEngine(String id, boolean batches) {
        this.id = id;
        this.batches = batches;
    }

    /**
     * Whether a forward pass of several images costs less per image than one pass each, so that a
     * server gains by letting concurrent requests meet in one batch. libtorch pays a per-operation
     * overhead that dominates a batch-1 pass of this small network; ONNX Runtime's passes cost the
     * same per image at batch 1 to 8 (1.13, 2.28, 3.25, 4.22 and 8.28 ms for 1, 2, 3, 4 and 8
     * images on one thread here, docs/benchmarks.md).
     */
    public boolean batchesAcrossRequests() {
        return batches;
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
