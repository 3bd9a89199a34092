package dev.digitnet.bench;

import com.google.gson.JsonObject;
import dev.digitnet.data.DigitImages;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.runtime.InferenceModel;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.runtime.RuntimeOptions;
import java.io.IOException;
import java.util.Arrays;

/** Evaluation throughput (batches of 512) and batch-1 latency of a model on an engine. */
public final class InferenceBenchmark {

    /** Images per forward pass of the throughput measurement. */
    static final int EVAL_BATCH = 512;
    /** Timed single-image inferences, after {@link #UNTIMED} untimed ones. */
    static final int TIMED = 1000;
    static final int UNTIMED = 100;

    private InferenceBenchmark() {}

    /**
     * Opens the model with {@code options} and measures {@code engine}, {@code eval_images_per_sec}
     * and {@code eval_batch} over the test images, then {@code batch1_latency_ms_median} and {@code
     * …_p99}; then the same latencies with one engine thread ({@code …_one_thread}), the server's
     * configuration, on a second opening with one thread.
     */
    public static JsonObject run(ModelReference model, RuntimeOptions options, DigitImages test) throws IOException {
        JsonObject out = new JsonObject();
        try (InferenceModel opened = model.open(options); ProbabilityModel predictor = opened.newProbabilityModel()) {
            out.addProperty("engine", opened.engine().id());
            predictor.probabilities(test.pixels(), 1024, EVAL_BATCH);
            long start = System.nanoTime();
            predictor.probabilities(test.pixels(), test.count(), EVAL_BATCH);
            out.addProperty("eval_images_per_sec", test.count() / ((System.nanoTime() - start) / 1e9));
            out.addProperty("eval_batch", EVAL_BATCH);

            addLatencies(out, "", batchOneLatencies(predictor, test));
            // An engine's threads are fixed when a model is opened (an ONNX Runtime session's, and
            // libtorch's while the model opened last is open): a second opening, one thread.
            try (InferenceModel oneThread = model.open(options.withThreads(1));
                    ProbabilityModel single = oneThread.newProbabilityModel()) {
                addLatencies(out, "_one_thread", batchOneLatencies(single, test));
            }
        }
        return out;
    }

    /** Median and p99 of sorted latencies, as {@code batch1_latency_ms_median<suffix>} and {@code …_p99<suffix>}. */
    private static void addLatencies(JsonObject out, String suffix, double[] sorted) {
        out.addProperty("batch1_latency_ms_median" + suffix, sorted[sorted.length / 2]);
        out.addProperty("batch1_latency_ms_p99" + suffix, sorted[(int) (sorted.length * 0.99) - 1]);
    }

    /** {@link #TIMED} single-image inferences after {@link #UNTIMED} untimed ones, sorted, in milliseconds. */
    static double[] batchOneLatencies(ProbabilityModel predictor, DigitImages test) {
        double[] latencies = new double[TIMED];
        for (int i = -UNTIMED; i < latencies.length; i++) {
            float[][] one = {test.image(Math.floorMod(i, test.count()))};
            long t = System.nanoTime();
            predictor.probabilities(one);
            if (i >= 0) {
                latencies[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        Arrays.sort(latencies);
        return latencies;
    }
}
