package dev.digitnet.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistData;
import dev.digitnet.model.Architecture;
import dev.digitnet.model.DigitNetConfig;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.onnx.InferenceEngine;
import dev.digitnet.model.Calibration;
import dev.digitnet.onnx.InferenceModel;
import ai.onnxruntime.OrtEnvironment;
import dev.digitnet.serve.DigitServer;
import dev.digitnet.serve.LoadBenchmark;
import dev.digitnet.train.DigitNetTrainer;
import dev.digitnet.train.StepResult;
import dev.digitnet.train.TrainingListener;
import dev.digitnet.train.TrainingRecipe;
import dev.digitnet.train.TrainingSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code digitnet bench}: steady-state training throughput, evaluation throughput, batch-1
 * latency and peak memory; with {@code --serve}, an HTTP load test on loopback.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training/evaluation images/s, batch-1 latency and peak RSS (or, with --serve, HTTP load).")
final class BenchCommand implements Callable<Integer> {

    /**
     * The engine that trains, so that bench's figures continue the series in docs/benchmarks.md;
     * --engine onnxruntime measures the other (scripts/compare-engines.sh runs both).
     */
    static final InferenceEngine DEFAULT_ENGINE = InferenceEngine.PYTORCH;

    @Mixin DataOptions data;
    @Mixin ModelOptions modelOptions;
    @Mixin EngineOptions engineOptions;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--train-steps", description = "timed training steps after warm-up; 0 skips training (default: ${DEFAULT-VALUE})")
    int trainSteps = 40;

    @Option(names = "--warmup-steps", description = "untimed warm-up steps (default: ${DEFAULT-VALUE})")
    int warmupSteps = 5;

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
        JsonObject result = serve ? serveBenchmark() : modelBenchmark();
        result.add("machine", machine(result.get("engine").getAsString()));
        if (json) {
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
        } else {
            result.entrySet().forEach(e -> System.out.println(e.getKey() + ": " + e.getValue()));
        }
        return 0;
    }

    private JsonObject modelBenchmark() throws Exception {
        MnistData mnist = data.load();
        JsonObject out = new JsonObject();
        if (trainSteps > 0) {
            trainingBenchmark(mnist, out);
        }
        DigitImages test = DigitImages.of(mnist.test());
        int cores = Runtime.getRuntime().availableProcessors();
        try (InferenceModel model = modelOptions.open(engineOptions, DEFAULT_ENGINE, cores);
                ProbabilityModel predictor = model.newProbabilityModel()) {
            out.addProperty("engine", model.engine().id());
            predictor.probabilities(test.pixels(), 1024, 512);
            long start = System.nanoTime();
            predictor.probabilities(test.pixels(), test.count(), 512);
            out.addProperty("eval_images_per_sec", test.count() / ((System.nanoTime() - start) / 1e9));
            out.addProperty("eval_batch", 512);

            addLatencies(out, "", batchOneLatencies(predictor, test));
            // The server's configuration: each predictor runs on one engine thread. At batch 1,
            // sharing this small network's ops between threads costs more than it saves.
            if (model.engine() == InferenceEngine.PYTORCH) {
                int threads = JniUtils.getNumThreads();
                JniUtils.setNumThreads(1);
                try {
                    addLatencies(out, "_one_thread", batchOneLatencies(predictor, test));
                } finally {
                    JniUtils.setNumThreads(threads);
                }
            } else {
                // ONNX Runtime fixes a session's threads when it is made: a second session, one thread.
                try (InferenceModel oneThread = modelOptions.open(engineOptions, DEFAULT_ENGINE, 1);
                        ProbabilityModel single = oneThread.newProbabilityModel()) {
                    addLatencies(out, "_one_thread", batchOneLatencies(single, test));
                }
            }
        }
        out.addProperty("peak_rss_mb", peakRssMb());
        return out;
    }

    /** The released recipe's step (AdamW, augmentation, its weight decay and averaging), at its peak rate, on the model's architecture. */
    private void trainingBenchmark(MnistData mnist, JsonObject out) throws Exception {
        Architecture architecture = DigitNetConfig.modelCard();
        if (modelOptions.onnxFile() == null) {
            try (DigitNetModel model = modelOptions.load()) {
                architecture = model.config();
            }
        }
        TrainingRecipe card = TrainingRecipe.modelCard();
        int batch = card.batchSize();
        int steps = warmupSteps + trainSteps;
        DigitImages train = DigitImages.of(mnist.train()).first(batch * steps);
        TrainingRecipe recipe = card.toBuilder().epochs(1).batchSize(batch).warmupSteps(0)
                .schedule(TrainingRecipe.Schedule.CONSTANT).finalLearningRateRatio(1).build();
        StepTimer timer = new StepTimer(warmupSteps);
        try (TrainingSession session = TrainingSession.start(recipe, architecture)) {
            DigitNetTrainer.builder().listener(timer).build().fit(session, train, train.first(0));
        }
        out.addProperty("train_images_per_sec", timer.imagesPerSecond());
        out.addProperty("train_batch", batch);
        out.addProperty("train_timed_steps", trainSteps);
        out.addProperty("peak_rss_mb_training", peakRssMb());
    }

    /** Median and p99 of sorted latencies, as {@code batch1_latency_ms_median<suffix>} and {@code …_p99<suffix>}. */
    private static void addLatencies(JsonObject out, String suffix, double[] sorted) {
        out.addProperty("batch1_latency_ms_median" + suffix, sorted[sorted.length / 2]);
        out.addProperty("batch1_latency_ms_p99" + suffix, sorted[(int) (sorted.length * 0.99) - 1]);
    }

    /** 1,000 single-image inferences after 100 untimed ones, sorted, in milliseconds. */
    private static double[] batchOneLatencies(ProbabilityModel predictor, DigitImages test) {
        double[] latencies = new double[1000];
        for (int i = -100; i < latencies.length; i++) {
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

    private JsonObject serveBenchmark() throws Exception {
        byte[] body = image != null ? Files.readAllBytes(image) : SampleDigit.png();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        Threads.sharedBy(threads);
        try (InferenceModel model = modelOptions.open(engineOptions, DEFAULT_ENGINE, Threads.perPredictor(threads));
                DigitClassifier classifier = DigitClassifier.create(model::newProbabilityModel, threads, null,
                        Calibration.of(model.card()));
                DigitServer server = DigitServer.start(classifier, model.card(), "127.0.0.1", 0)) {
            LoadBenchmark.run(server.uri(), body, Math.min(500, requests), concurrency);
            LoadBenchmark.Result result = LoadBenchmark.run(server.uri(), body, requests, concurrency);
            JsonObject out = new GsonBuilder().create().toJsonTree(result).getAsJsonObject();
            out.addProperty("engine", model.engine().id());
            out.addProperty("peak_rss_mb", peakRssMb());
            return out;
        }
    }

    /** Times steps after the warm-up ones. */
    private static final class StepTimer implements TrainingListener {
        private final int warmup;
        private long start;
        private long seenAtStart;
        private long images;
        private double seconds;

        StepTimer(int warmup) {
            this.warmup = warmup;
        }

        @Override
        public void onStep(StepResult step) {
            long now = System.nanoTime();
            if (step.step() == warmup) {
                start = now;
                seenAtStart = step.imagesSeen();
            } else if (step.step() > warmup) {
                images = step.imagesSeen() - seenAtStart;
                seconds = (now - start) / 1e9;
            }
        }

        double imagesPerSecond() {
            return images / seconds;
        }
    }

    /** The process's peak resident set (VmHWM), in MB; -1 where /proc is unavailable. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The machine and library versions; libtorch's only when it ran (asking would start it). */
    private static JsonObject machine(String engine) {
        JsonObject m = new JsonObject();
        m.addProperty("cores", Runtime.getRuntime().availableProcessors());
        m.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.addProperty("java", System.getProperty("java.version"));
        m.addProperty("djl", Engine.getDjlVersion());
        if (InferenceEngine.of(engine) == InferenceEngine.PYTORCH) {
            m.addProperty("pytorch", Engine.getInstance().getVersion());
        } else {
            m.addProperty("onnxruntime", OrtEnvironment.getEnvironment().getVersion());
        }
        m.addProperty("cpu", cpuModel());
        String preload = System.getenv("LD_PRELOAD");
        m.addProperty("allocator", preload == null || preload.isBlank() ? "glibc malloc" : preload);
        return m;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
