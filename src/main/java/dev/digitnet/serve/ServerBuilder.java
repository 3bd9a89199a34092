package dev.digitnet.serve;

import com.google.gson.JsonObject;
import dev.digitnet.input.DigitInput;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.runtime.Device;
import dev.digitnet.runtime.InferenceEngine;
import dev.digitnet.runtime.InferenceModel;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.runtime.RuntimeOptions;
import dev.digitnet.runtime.Workload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Assembles a {@link DigitServer} from model references ({@link DigitServer#builder()}): opens each
 * model on its engine, makes a classifier with a pool of predictors over it, warms it up, and
 * starts serving them; the server closes them when it closes. {@code digitnet serve} is this plus
 * Ctrl-C.
 */
public final class ServerBuilder {

    /** Sample drawings per warm-up caller: about a second on a 2-core machine. */
    private static final int WARM_UP_ROUNDS = 200;

    private final List<ModelReference> models = new ArrayList<>();
    private InferenceEngine engine;
    private Device device = Device.CPU;
    private int predictors = Runtime.getRuntime().availableProcessors();
    private String host = "127.0.0.1";
    private int port = 8080;
    private String corsOrigin;
    private ServerLimits limits;
    private boolean warmUp = true;

    ServerBuilder() {}

    /**
     * Serves this model, under its name as given (a bundled name, or the folder or file); the
     * first one added is the default. References are opened by {@link #start()}.
     */
    public ServerBuilder model(ModelReference model) {
        models.add(Objects.requireNonNull(model, "model"));
        return this;
    }

    /** {@link #model(ModelReference)} for a reference as the command line writes it ({@link ModelReference#parse}). */
    public ServerBuilder model(String reference) {
        return model(ModelReference.parse(Objects.requireNonNull(reference, "reference")));
    }

    /** Serves every model bundled in this build, the teacher first: the page can switch between them. */
    public ServerBuilder bundledModels() {
        DigitNetModel.bundledNames().forEach(name -> model(ModelReference.bundled(name)));
        return this;
    }

    /**
     * The engine every model runs on; {@code null} (the default) gives each model the serving
     * default ({@link Workload#SERVING}), ONNX Runtime for a {@code .onnx} file.
     */
    public ServerBuilder engine(InferenceEngine engine) {
        this.engine = engine;
        return this;
    }

    /** Where the engines run (default: the CPU). */
    public ServerBuilder device(Device device) {
        this.device = Objects.requireNonNull(device, "device");
        return this;
    }

    /**
     * Concurrent forward passes per model (default: one per core), each with cores ÷ predictors
     * engine threads ({@link RuntimeOptions#threadsPerPredictor}).
     */
    public ServerBuilder predictors(int predictors) {
        if (predictors < 1) {
            throw new IllegalArgumentException("predictors must be at least 1, got " + predictors);
        }
        this.predictors = predictors;
        return this;
    }

    /** The address to listen on (default: 127.0.0.1; 0.0.0.0 for all interfaces). */
    public ServerBuilder host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /** The TCP port (default: 8080); 0 picks a free one ({@link DigitServer#port()} says which). */
    public ServerBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
        }
        this.port = port;
        return this;
    }

    /**
     * Also lets pages from this origin (say {@code http://localhost:3000}) call the API from a
     * browser; by default only the server's own page may. {@code null} for none.
     */
    public ServerBuilder corsOrigin(String origin) {
        if (origin != null) {
            ServerLimits.defaults().withCorsOrigin(origin); // refuses what is not an origin, now rather than at start
        }
        this.corsOrigin = origin;
        return this;
    }

    /**
     * The server's limits (default: {@link ServerLimits#defaults(boolean)} for the engines, batching
     * if any of them batches concurrent requests); a {@link #corsOrigin} is applied on top.
     */
    public ServerBuilder limits(ServerLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /**
     * Whether to send a sample drawing through decoding, preprocessing and each model's predictors
     * from as many callers as predictors before serving (default: yes), so that the first visitors
     * do not pay for libtorch's first-call set-up of each predictor and for the JIT compiling the
     * request path (their first requests took 20–70 ms instead of a few).
     */
    public ServerBuilder warmUp(boolean warmUp) {
        this.warmUp = warmUp;
        return this;
    }

    /**
     * Opens the models, warms them up and starts serving. On failure whatever was opened is closed.
     *
     * @throws IllegalArgumentException without models, for a model or engine this build cannot run,
     *     or if the address cannot be bound
     * @throws IOException naming a model folder or file that cannot be read
     */
    public DigitServer start() throws IOException {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one model: add one with model(...) or bundledModels()");
        }
        int threads = RuntimeOptions.threadsPerPredictor(predictors);
        List<ServedModels.Entry> entries = new ArrayList<>();
        List<DigitClassifier> classifiers = new ArrayList<>();
        Set<InferenceEngine> engines = EnumSet.noneOf(InferenceEngine.class);
        try {
            for (ModelReference reference : models) {
                InferenceEngine chosen = engine != null ? engine : reference.defaultEngine(Workload.SERVING.defaultEngine());
                InferenceModel model = reference.open(new RuntimeOptions(chosen, device, threads));
                JsonObject card = model.card();
                // The classifier owns the model: closing it closes the predictors, then the weights.
                DigitClassifier classifier = DigitClassifier.of(model, predictors);
                classifiers.add(classifier);
                engines.add(chosen);
                entries.add(new ServedModels.Entry(reference.name(), classifier, card));
                if (warmUp) {
                    warmUp(classifier, predictors);
                }
            }
            ServerLimits chosenLimits = limits != null ? limits
                    : ServerLimits.defaults(engines.stream().anyMatch(InferenceEngine::batchesAcrossRequests));
            if (corsOrigin != null) {
                chosenLimits = chosenLimits.withCorsOrigin(corsOrigin);
            }
            return DigitServer.start(new ServedModels(entries), host, port, chosenLimits, engines, classifiers);
        } catch (IOException | RuntimeException | Error e) {
            closeAll(classifiers, e);
            throw e;
        }
    }

    private static void warmUp(DigitClassifier classifier, int callers) {
        byte[] png = SampleDigit.png();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Callable<Object>> rounds = Collections.nCopies(callers, () -> {
                for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                    classifier.classify(DigitInput.read(png));
                }
                return null;
            });
            for (Future<Object> round : pool.invokeAll(rounds)) {
                round.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("warm-up inference failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming up the models", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Closes each, going on past failures; they are added to {@code failure} when there is one, else the first is thrown. */
    static void closeAll(List<? extends AutoCloseable> resources, Throwable failure) {
        RuntimeException first = null;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException("closing " + resource + " failed", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
