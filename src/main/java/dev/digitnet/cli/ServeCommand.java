package dev.digitnet.cli;

import dev.digitnet.input.DigitInput;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.onnx.InferenceEngine;
import dev.digitnet.model.Calibration;
import dev.digitnet.onnx.InferenceModel;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.serve.DigitServer;
import dev.digitnet.serve.ServedModels;
import dev.digitnet.serve.ServerLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code digitnet serve}: the draw-a-digit web demo and its JSON API, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the draw-a-digit web page and the JSON API (POST /api/predict) until Ctrl-C."})
final class ServeCommand implements Callable<Integer> {

    /** Sample drawings per warm-up caller: about a second on a 2-core machine. */
    private static final int WARM_UP_ROUNDS = 200;

    @Spec CommandSpec spec;

    /** The engine with the better wrk load test here (479–502 against 359–427 requests/s, docs/benchmarks.md). */
    static final InferenceEngine DEFAULT_ENGINE = InferenceEngine.ONNXRUNTIME;

    @Mixin ModelOptions modelOptions;
    @Mixin EngineOptions engineOptions;

    @Option(names = "--port", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port = 8080;

    @Option(names = "--host", description = "address to listen on; 0.0.0.0 for all interfaces (default: ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--threads", description = "predictors, i.e. concurrent forward passes, each with cores ÷ predictors engine threads "
            + "(default: the number of cores, ${DEFAULT-VALUE})")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--cors", paramLabel = "ORIGIN", description = "also let pages from this origin (e.g. http://localhost:3000) "
            + "call the API from a browser; by default only the server's own page may")
    String cors;

    @Override
    public Integer call() throws Exception {
        if (cors != null && !cors.matches("https?://[A-Za-z0-9.\\-]+(:\\d{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?")) {
            throw new ParameterException(spec.commandLine(), "--cors takes an origin such as http://localhost:3000 "
                    + "(scheme, host and port; no path), got " + cors);
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, got " + port);
        }
        Threads.sharedBy(threads);
        List<ServedModels.Entry> entries = new ArrayList<>();
        InferenceEngine engine = null;
        DigitServer server;
        try {
            // Without --model: every bundled model, the teacher first (the page can switch between them).
            List<String> names = modelOptions.model == null ? DigitNetModel.bundledNames() : List.of(modelOptions.model);
            for (String name : names) {
                ModelOptions one = new ModelOptions();
                one.model = name;
                InferenceModel model = one.open(engineOptions, DEFAULT_ENGINE, Threads.perPredictor(threads));
                engine = model.engine();
                // The classifier owns the model: closing it closes the predictors, then the weights.
                DigitClassifier classifier = DigitClassifier.create(model::newProbabilityModel, threads, model,
                        Calibration.of(model.card()));
                entries.add(new ServedModels.Entry(name, classifier, model.card()));
                warmUp(classifier, threads);
            }
            server = DigitServer.start(new ServedModels(entries), host, port,
                    ServerLimits.defaults(engine.batchesAcrossRequests()).withCorsOrigin(cors));
        } catch (RuntimeException e) {
            entries.forEach(entry -> entry.classifier().close());
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("digitnet serve: stopping");
            server.close();
            entries.forEach(entry -> entry.classifier().close());
            stopped.countDown();
        }, "digitnet-serve-shutdown"));
        String url = server.uri().toString();
        System.out.printf("DigitNet demo at %s (%s on %s, %d predictor thread%s each)%n", url,
                entries.size() == 1 ? modelOptions.describe() : "models " + entries.stream().map(ServedModels.Entry::name).toList(),
                engine, threads, threads == 1 ? "" : "s");
        if (host.equals("0.0.0.0") || host.equals("::")) {
            System.out.printf("Listening on all interfaces, port %d.%n", server.port());
        }
        System.out.println("API: POST " + url + "api/predict[?model=NAME] (PNG/JPEG body or {\"pixels\": [[28 numbers] × 28]}). Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
        return 0;
    }

    /**
     * Sends a sample drawing through decoding, preprocessing and the predictors from {@code threads}
     * callers at once, so the first visitors do not pay for libtorch's first-call set-up of each
     * predictor and for the JIT compiling the request path (their first requests took 20–70 ms
     * instead of a few).
     */
    private static void warmUp(DigitClassifier classifier, int threads) throws InterruptedException {
        byte[] png = SampleDigit.png();
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Object>> rounds = Collections.nCopies(threads, () -> {
                for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                    classifier.classify(DigitInput.read(png));
                }
                return null;
            });
            for (Future<Object> round : callers.invokeAll(rounds)) {
                round.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("warm-up inference failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            callers.shutdownNow();
        }
    }
}
