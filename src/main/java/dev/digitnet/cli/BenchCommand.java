package dev.digitnet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.digitnet.bench.InferenceBenchmark;
import dev.digitnet.bench.MachineInfo;
import dev.digitnet.bench.ServerBenchmark;
import dev.digitnet.bench.TrainingBenchmark;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistData;
import dev.digitnet.runtime.InferenceEngine;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.runtime.RuntimeOptions;
import dev.digitnet.runtime.Workload;
import dev.digitnet.serve.SampleDigit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code digitnet bench}: steady-state training throughput, evaluation throughput, batch-1
 * latency and peak memory; with {@code --serve}, an HTTP load test on loopback (the benchmarks of
 * {@code dev.digitnet.bench}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training/evaluation images/s, batch-1 latency and peak RSS (or, with --serve, HTTP load).")
final class BenchCommand implements Callable<Integer> {

    @Mixin DataOptions data;
    @Mixin ModelOptions modelOptions;
    @Mixin EngineOptions engineOptions = new EngineOptions(Workload.BENCHMARK);

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--train-steps", description = "timed training steps after warm-up; 0 skips training (default: ${DEFAULT-VALUE})")
    int trainSteps = 40;

    @Option(names = "--warmup-steps", description = "untimed warm-up steps (default: ${DEFAULT-VALUE})")
    int warmupSteps = 5;

    @Option(names = "--no-augment", description = "time training steps on clean images (the plain-PyTorch reference script's step) instead of the recipe's augmented ones")
    boolean noAugment;

    @Option(names = "--serve", description = "benchmark the HTTP server instead: POST /api/predict on loopback")
    boolean serve;

    @Option(names = "--requests", description = "HTTP requests with --serve (default: ${DEFAULT-VALUE})")
    int requests = 10_000;

    @Option(names = "--concurrency", description = "concurrent HTTP clients with --serve (default: ${DEFAULT-VALUE})")
    int concurrency = 8;

    @Option(names = "--image", description = "PNG posted with --serve (default: a test digit)")
    Path image;

    @Override
    public Integer call() throws Exception {
        ModelReference model = modelOptions.reference();
        int cores = Runtime.getRuntime().availableProcessors();
        RuntimeOptions options = engineOptions.runtime(model, cores);
        JsonObject result;
        if (serve) {
            byte[] body = image != null ? Files.readAllBytes(image) : SampleDigit.png();
            result = ServerBenchmark.run(model, options.engine(), body, requests, concurrency);
        } else {
            MnistData mnist = data.load();
            result = new JsonObject();
            if (trainSteps > 0) {
                TrainingBenchmark.run(TrainingBenchmark.architectureOf(model), DigitImages.of(mnist.train()), warmupSteps,
                        trainSteps, !noAugment).addTo(result);
            }
            InferenceBenchmark.run(model, options, DigitImages.of(mnist.test())).entrySet()
                    .forEach(e -> result.add(e.getKey(), e.getValue()));
            result.addProperty("peak_rss_mb", MachineInfo.peakRssMb());
        }
        result.add("machine", MachineInfo.describe(InferenceEngine.of(result.get("engine").getAsString())));
        if (json) {
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
        } else {
            result.entrySet().forEach(e -> System.out.println(e.getKey() + ": " + e.getValue()));
        }
        return 0;
    }
}
