package dev.digitnet.cli;

import dev.digitnet.runtime.InferenceEngine;
import dev.digitnet.runtime.Workload;
import dev.digitnet.serve.DigitServer;
import dev.digitnet.serve.ServedModels;
import dev.digitnet.serve.ServerBuilder;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code digitnet serve}: the draw-a-digit web demo and its JSON API ({@link DigitServer#builder()}), until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the draw-a-digit web page and the JSON API (POST /api/predict) until Ctrl-C."})
final class ServeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions modelOptions;
    @Mixin EngineOptions engineOptions = new EngineOptions(Workload.SERVING);

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
        ServerBuilder builder = DigitServer.builder().engine(engineOptions.asked()).device(engineOptions.device);
        option("--threads", b -> b.predictors(threads), builder);
        option("--port", b -> b.port(port), builder);
        option("--host", b -> b.host(host), builder);
        option("--cors", b -> b.corsOrigin(cors), builder);
        // Without --model: every bundled model, the teacher first (the page can switch between them).
        if (modelOptions.model == null) {
            builder.bundledModels();
        } else {
            builder.model(modelOptions.reference());
        }
        DigitServer server = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("digitnet serve: stopping");
            server.close();
            stopped.countDown();
        }, "digitnet-serve-shutdown"));
        String url = server.uri().toString();
        var entries = server.models().entries();
        System.out.printf(Locale.ROOT, "DigitNet demo at %s (%s on %s, %d predictor thread%s each)%n", url,
                entries.size() == 1 ? modelOptions.reference().describe()
                        : "models " + entries.stream().map(ServedModels.Entry::name).toList(),
                server.engines().stream().map(InferenceEngine::id).collect(Collectors.joining(" and ")),
                threads, threads == 1 ? "" : "s");
        if (host.equals("0.0.0.0") || host.equals("::")) {
            System.out.printf(Locale.ROOT, "Listening on all interfaces, port %d.%n", server.port());
        }
        System.out.println("API: POST " + url + "api/predict[?model=NAME] (PNG/JPEG body or {\"pixels\": [[28 numbers] × 28]}). Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** Hands an option's value to the builder; a value it refuses is a usage error naming the option. */
    private void option(String name, Consumer<ServerBuilder> set, ServerBuilder builder) {
        try {
            set.accept(builder);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), name + ": " + e.getMessage());
        }
    }
}
