package dev.digitnet.runtime;

import java.util.Objects;

/**
 * How a model is run: on which engine, on which device, with how many threads per forward pass.
 * Handed whole to every engine when a model is opened ({@link ModelReference#open}), so an
 * engine's settings never travel as system properties or loose numbers.
 *
 * @param engine the engine
 * @param device where it runs; an engine refuses a device its build does not have
 * @param threads intra-op threads of one forward pass: ONNX Runtime's per session; libtorch's are
 *     one setting for the whole process, which the PyTorch engine holds at the value of the model
 *     opened last while that model is open
 */
public record RuntimeOptions(InferenceEngine engine, Device device, int threads) {

    /**
     * The engine used wherever a job has no measured reason for another ({@link Workload}): ONNX
     * Runtime, which answered single images about twice as fast as libtorch here and served more
     * requests per second with a lower p99 (docs/benchmarks.md).
     */
    public static final InferenceEngine DEFAULT_ENGINE = InferenceEngine.ONNXRUNTIME;

    public RuntimeOptions {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(device, "device");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** The engine on the CPU with one thread per forward pass. */
    public static RuntimeOptions of(InferenceEngine engine) {
        return new RuntimeOptions(engine, Device.CPU, 1);
    }

    /** {@link #DEFAULT_ENGINE} on the CPU with one thread per forward pass. */
    public static RuntimeOptions defaults() {
        return of(DEFAULT_ENGINE);
    }

    public RuntimeOptions withEngine(InferenceEngine engine) {
        return new RuntimeOptions(engine, device, threads);
    }

    public RuntimeOptions withDevice(Device device) {
        return new RuntimeOptions(engine, device, threads);
    }

    public RuntimeOptions withThreads(int threads) {
        return new RuntimeOptions(engine, device, threads);
    }

    /**
     * Threads for each of {@code predictors} concurrent forward passes: cores ÷ predictors, at
     * least one, so that together they never oversubscribe the machine (at batch 1, sharing this
     * small network's operations between threads costs more than it saves).
     */
    public static int threadsPerPredictor(int predictors) {
        if (predictors < 1) {
            throw new IllegalArgumentException("predictors must be at least 1, got " + predictors);
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / predictors);
    }
}
