package dev.digitnet.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.digitnet.runtime.InferenceEngine;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.serve.DigitServer;
import dev.digitnet.serve.LoadBenchmark;
import dev.digitnet.serve.ServerLimits;
import java.io.IOException;

/**
 * An HTTP load test of {@code POST /api/predict} ({@link LoadBenchmark}) against a server started
 * on loopback for it, one predictor per core; a first, shorter run warms it up.
 */
public final class ServerBenchmark {

    /** Requests of the untimed warm-up run, at most. */
    static final int WARM_UP_REQUESTS = 500;

    private ServerBenchmark() {}

    /**
     * The load test's result ({@link LoadBenchmark.Result}'s fields), plus {@code engine} and {@code
     * peak_rss_mb}. The server runs with {@link ServerLimits#defaults()}, the limits this benchmark's
     * series in docs/benchmarks.md was measured with, whichever the engine.
     */
    public static JsonObject run(ModelReference model, InferenceEngine engine, byte[] body, int requests, int concurrency)
            throws IOException, InterruptedException {
        try (DigitServer server = DigitServer.builder().model(model).engine(engine).host("127.0.0.1").port(0)
                .predictors(Math.max(1, Runtime.getRuntime().availableProcessors()))
                .limits(ServerLimits.defaults()).warmUp(false).start()) {
            LoadBenchmark.run(server.uri(), body, Math.min(WARM_UP_REQUESTS, requests), concurrency);
            LoadBenchmark.Result result = LoadBenchmark.run(server.uri(), body, requests, concurrency);
            JsonObject out = new GsonBuilder().create().toJsonTree(result).getAsJsonObject();
            out.addProperty("engine", engine.id());
            out.addProperty("peak_rss_mb", MachineInfo.peakRssMb());
            return out;
        }
    }
}
