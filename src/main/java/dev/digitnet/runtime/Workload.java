package dev.digitnet.runtime;

/**
 * What a model is opened for, and so which engine answers when none is asked for: {@link
 * RuntimeOptions#DEFAULT_ENGINE} unless a measurement on this project's machine favoured the other
 * for that job (docs/benchmarks.md). The one table of default engines; the CLI's help shows each
 * command's entry.
 */
public enum Workload {

    /**
     * One image at a time ({@code predict}, the Java facade {@code DigitNet}): the default, with the
     * lower batch-1 latency here (1.15–1.18 against 2.01–2.96 ms).
     */
    SINGLE_IMAGES(RuntimeOptions.DEFAULT_ENGINE),

    /** The HTTP server: the default, with the better wrk load test here (479–502 against 359–427 requests/s). */
    SERVING(RuntimeOptions.DEFAULT_ENGINE),

    /**
     * The test sets in batches of 500 ({@code evaluate}): PyTorch, with the higher batch-512
     * throughput on a quiet machine here (1,365–1,404 against 1,255–1,269 images/s; beside a
     * training run ONNX Runtime had been ahead, but that was the load, not the engines).
     */
    TEST_SET(InferenceEngine.PYTORCH),

    /**
     * {@code bench}: PyTorch, the engine that trains, so that its figures continue the series in
     * docs/benchmarks.md; {@code scripts/compare-engines.sh} measures both.
     */
    BENCHMARK(InferenceEngine.PYTORCH);

    private final InferenceEngine defaultEngine;

    Workload(InferenceEngine defaultEngine) {
        this.defaultEngine = defaultEngine;
    }

    public InferenceEngine defaultEngine() {
        return defaultEngine;
    }
}
