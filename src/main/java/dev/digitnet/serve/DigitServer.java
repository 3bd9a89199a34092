package dev.digitnet.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.predict.PredictorPool;
import dev.digitnet.runtime.InferenceEngine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JsonMapper;
import dev.digitnet.input.ImageDecoder;
import dev.digitnet.input.UnreadableImageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.net.BindException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web demo and its JSON API, on Javalin.
 *
 * <ul>
 *   <li>{@code GET /} — the draw-a-digit page;
 *   <li>{@code GET /api/health} — {@code {"status":"ok"}};
 *   <li>{@code GET /api/models} — the served models: the default's name, and each one's size and accuracy;
 *   <li>{@code GET /api/model} — a served model's card (architecture, parameters, accuracy), the
 *       default's or {@code ?name=NAME}'s;
 *   <li>{@code POST /api/predict} — a PNG/JPEG body ({@code image/png}, {@code image/jpeg} or
 *       {@code application/octet-stream}), or JSON {@code {"pixels": [[28 numbers] × 28], "k": 3}};
 *       answers {@code {"predictions": [{"digit": 7, "probability": 0.98}, ...], "empty": false,
 *       "latency_ms": 1.8}}, plus {@code "input28"} (784 numbers) with {@code ?preview=true}. Query
 *       parameter {@code k} (1–10, default 3) sets how many predictions come back, {@code model}
 *       which served model answers (default: the first); the answer names it ({@code "model"}).
 * </ul>
 *
 * <p>Every error is JSON {@code {"error": "code", "message": "one line"}} with a stable code (listed
 * in docs/reliability.md), Jetty's own protocol errors included. Nothing a client sends can hold
 * the server's threads or memory beyond {@link ServerLimits}: bodies are read without a thread and
 * within a deadline, a declared length over the limit is refused before any byte is read, decoding
 * and classification run on a bounded {@link DecodePool} that answers 503 when full, and images are
 * bounded from their headers ({@link ImageDecoder}). API calls from other origins' pages are
 * refused unless allowed with {@code --cors}.
 */
public final class DigitServer implements AutoCloseable {

    /** Largest request body accepted: 1 MiB. */
    public static final int MAX_BODY_BYTES = ServerLimits.MAX_BODY_BYTES;
    /** Predictions returned when the request does not say. */
    public static final int DEFAULT_K = 3;

    private static final Logger LOG = LoggerFactory.getLogger(DigitServer.class);
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final String JSON = "application/json; charset=utf-8";
    private static final String RESOURCES = "/dev/digitnet/serve/";
    private static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** Methods of every route, for 405's {@code Allow} header. */
    private static final Map<String, String> ALLOW = Map.of(
            "/", "GET, HEAD", "/index.html", "GET, HEAD", "/app.js", "GET, HEAD", "/app.css", "GET, HEAD",
            "/favicon.svg", "GET, HEAD", "/favicon.ico", "GET, HEAD", "/api/health", "GET, HEAD",
            "/api/model", "GET, HEAD", "/api/models", "GET, HEAD", "/api/predict", "POST, OPTIONS");

    private final Javalin app;
    private final String host;
    private final DecodePool pool;
    private final Requests requests;
    private final ScheduledExecutorService timer;
    private final ServedModels models;
    private final Set<InferenceEngine> engines;
    private final List<? extends AutoCloseable> owned;
    private volatile boolean closed;

    private DigitServer(Javalin app, String host, DecodePool pool, Requests requests, ScheduledExecutorService timer,
            ServedModels models, Set<InferenceEngine> engines, List<? extends AutoCloseable> owned) {
        this.app = app;
        this.host = host;
        this.pool = pool;
        this.requests = requests;
        this.timer = timer;
        this.models = models;
        this.engines = engines;
        this.owned = owned;
    }

    /**
     * A server assembled from model references: each model opened on its engine, a classifier with
     * a pool of predictors over it, warmed up, then served. What {@code digitnet serve} runs:
     *
     * <pre>{@code
     * try (DigitServer server = DigitServer.builder().model("teacher").port(8080).start()) {
     *     System.out.println("serving at " + server.uri());
     *     ...
     * }
     * }</pre>
     */
    public static ServerBuilder builder() {
        return new ServerBuilder();
    }

    /** Starts serving with {@link ServerLimits#defaults()}. */
    public static DigitServer start(DigitClassifier classifier, JsonObject modelInfo, String host, int port) {
        return start(classifier, modelInfo, host, port, ServerLimits.defaults());
    }

    /**
     * Starts serving on {@code host:port} ({@code port} 0 picks a free port).
     *
     * @param modelInfo what {@code GET /api/model} returns (typically {@code DigitNetModel.card()})
     * @throws IllegalArgumentException if the address cannot be bound (say, the port is in use)
     */
    public static DigitServer start(DigitClassifier classifier, JsonObject modelInfo, String host, int port,
            ServerLimits limits) {
        Objects.requireNonNull(classifier, "classifier");
        return start(ServedModels.of("model", classifier, modelInfo), host, port, limits);
    }

    /** Starts serving several models with {@link ServerLimits#defaults()}. */
    public static DigitServer start(ServedModels models, String host, int port) {
        return start(models, host, port, ServerLimits.defaults());
    }

    /**
     * Starts serving several models on {@code host:port}; requests choose one with {@code ?model=NAME}
     * and get the first one otherwise.
     *
     * @throws IllegalArgumentException if the address cannot be bound (say, the port is in use)
     */
    public static DigitServer start(ServedModels models, String host, int port, ServerLimits limits) {
        return start(models, host, port, limits, Set.of(), List.of());
    }

    /**
     * Starts serving; {@code owned} (the builder's classifiers) are closed with the server, and
     * {@code engines} are those the models run on, for {@link #engines()}.
     */
    static DigitServer start(ServedModels models, String host, int port, ServerLimits limits,
            Set<InferenceEngine> engines, List<? extends AutoCloseable> owned) {
        Objects.requireNonNull(limits, "limits");
        String modelsJson = GSON.toJson(models.summary());
        Map<String, Asset> assets = Map.of(
                "/", Asset.load("index.html", "text/html; charset=utf-8"),
                "/app.js", Asset.load("app.js", "text/javascript; charset=utf-8"),
                "/app.css", Asset.load("app.css", "text/css; charset=utf-8"),
                "/favicon.svg", Asset.load("favicon.svg", "image/svg+xml"));
        DecodePool pool = new DecodePool(limits.workers(), limits.queue(), limits.decodeBudgetBytes());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "digitnet-body-deadlines");
            t.setDaemon(true);
            return t;
        });
        Requests requests = new Requests(models, pool, timer, limits, host);

        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            // Bodies are read (and limited) by the handler itself; Javalin's own limit sits above ours
            // so it never answers first.
            config.http.maxRequestSize = limits.maxBodyBytes() + 1L;
            config.jsonMapper(new GsonMapper());
            // Handlers never block on a client, so a small fixed pool serves any number of connections.
            QueuedThreadPool threads = new QueuedThreadPool(limits.jettyThreads(), Math.min(8, limits.jettyThreads()), 60_000);
            threads.setName("digitnet-http");
            config.jetty.threadPool = threads;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                // Jetty waits for the first body byte before calling a handler: a request declaring
                // 10^12 bytes and sending none got its 413 only at the 30 s idle timeout. Bodies are
                // read asynchronously anyway, so dispatching at once costs no thread.
                http.setDelayDispatchUntilContent(false);
            });
        });
        app.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Content-Security-Policy", CSP);
        });
        app.before("/api/*", requests::checkOrigin);
        assets.forEach((path, asset) -> app.get(path, ctx -> asset.send(ctx)));
        app.get("/index.html", ctx -> ctx.redirect("/"));
        app.get("/favicon.ico", ctx -> ctx.redirect("/favicon.svg"));
        app.get("/api/health", ctx -> json(ctx, 200, "{\"status\":\"ok\"}"));
        app.get("/api/models", ctx -> json(ctx, 200, modelsJson));
        app.get("/api/model", ctx -> json(ctx, 200, GSON.toJson(models.get(Query.parse(ctx.queryString()).first("name")).card())));
        app.post("/api/predict", requests::predict);
        app.options("/api/predict", ctx -> {
            ctx.header("Allow", ALLOW.get("/api/predict"));
            ctx.status(204);
        });

        app.exception(HttpResponseException.class, (e, ctx) -> refuse(ctx, e));
        app.exception(Exception.class, (e, ctx) -> refuse(ctx, e));
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                notFound(ctx);
            }
        });
        app.error(405, ctx -> {
            if (ctx.result() == null) {
                notFound(ctx);
            }
        });

        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            try {
                app.stop();
            } catch (RuntimeException ignored) {
                // nothing was started
            }
            pool.close();
            timer.shutdownNow();
            if (hasCause(e, BindException.class)) {
                throw new IllegalArgumentException("cannot listen on " + host + ":" + port
                        + " (address in use or not available); try another --port", e);
            }
            throw e;
        }
        return new DigitServer(app, host, pool, requests, timer, models, Set.copyOf(engines), List.copyOf(owned));
    }

    /** The models this server answers with, the default first. */
    public ServedModels models() {
        return models;
    }

    /** The engines the models run on, when a {@link #builder()} opened them; empty for classifiers handed in. */
    public Set<InferenceEngine> engines() {
        return engines;
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    /** The server's base address, {@code http://host:port/} (loopback when bound to all interfaces). */
    public URI uri() {
        String h = host;
        if (h == null || h.isBlank() || h.equals("0.0.0.0")) {
            h = "127.0.0.1";
        } else if (h.equals("::") || h.equals("[::]")) {
            h = "[::1]";
        } else if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return URI.create("http://" + h + ":" + port() + "/");
    }

    /** Request bodies being read now (each without a thread): what tests wait on instead of sleeping. */
    int bodiesBeingRead() {
        return requests.bodiesBeingRead();
    }

    /** Requests waiting for a worker. */
    int waitingForAWorker() {
        return pool.waiting();
    }

    /**
     * Stops accepting requests and shuts Jetty down, then closes the classifiers a {@link #builder()}
     * made (and their models); classifiers handed to {@code start} stay open for their owner to
     * close. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            app.stop();
            pool.close();
            timer.shutdownNow();
            ServerBuilder.closeAll(owned, null);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Refusals
    // ------------------------------------------------------------------------------------------

    /** Answers any failure as JSON with a stable code: refusals as such, anything else as a logged 500. */
    static void refuse(Context ctx, Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof ApiException api) {
            if (api.status() == 413 || api.status() == 408 || "bad_body".equals(api.code())) {
                // The rest of the body stays unread: close rather than make the next request wait for it.
                ctx.header("Connection", "close");
            }
            if (api.status() == 503) {
                ctx.header("Retry-After", String.valueOf(DecodePool.RETRY_AFTER_SECONDS));
            }
            error(ctx, api.status(), api.code(), api.getMessage());
        } else if (e instanceof UnreadableImageException bad) {
            error(ctx, bad.code().equals(UnreadableImageException.UNSUPPORTED) ? 415 : 400, bad.code(),
                    bad.getMessage());
        } else if (e instanceof PredictorPool.PoolTimeoutException busy) {
            ctx.header("Retry-After", String.valueOf(DecodePool.RETRY_AFTER_SECONDS));
            error(ctx, 503, "busy", "server busy: " + busy.getMessage());
        } else if (e instanceof IllegalArgumentException bad) {
            error(ctx, 400, "bad_request", bad.getMessage());
        } else if (e instanceof HttpResponseException http && (http.getStatus() == 404 || http.getStatus() == 405)) {
            notFound(ctx);
        } else if (e instanceof HttpResponseException http) {
            error(ctx, http.getStatus(), JsonErrorHandler.code(http.getStatus()), httpMessage(ctx, http));
        } else if (closedClassifier(e)) {
            ctx.header("Retry-After", String.valueOf(DecodePool.RETRY_AFTER_SECONDS));
            error(ctx, 503, "shutting_down", "server is shutting down");
        } else {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal_error", "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** 405 with {@code Allow} for a known path asked with another method; 404 otherwise. */
    private static void notFound(Context ctx) {
        String allow = ALLOW.get(ctx.path());
        if (allow != null) {
            ctx.header("Allow", allow);
            error(ctx, 405, "method_not_allowed", "method not allowed: " + ctx.method() + " " + ctx.path()
                    + " (allowed: " + allow + ")");
        } else {
            error(ctx, 404, "not_found", "not found: " + ctx.method() + " " + ctx.path());
        }
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    static void json(Context ctx, int status, String body) {
        ctx.status(status);
        ctx.contentType(JSON);
        ctx.header("Cache-Control", "no-store");
        ctx.result(body);
    }

    private static void error(Context ctx, int status, String code, String message) {
        json(ctx, status, JsonErrorHandler.body(code, message == null || message.isBlank() ? "error " + status : message));
    }

    private static String httpMessage(Context ctx, HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "not found: " + ctx.method() + " " + ctx.path();
            case 405 -> "method not allowed: " + ctx.method() + " " + ctx.path();
            case 413 -> "request body too large";
            default -> e.getMessage();
        };
    }

    private static boolean closedClassifier(Throwable e) {
        return e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().contains("closed");
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** A page asset from the classpath, read once. */
    private record Asset(byte[] bytes, String contentType) {

        static Asset load(String name, String contentType) {
            try (InputStream in = DigitServer.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing web asset " + RESOURCES + name);
                }
                return new Asset(in.readAllBytes(), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void send(Context ctx) {
            ctx.contentType(contentType);
            ctx.header("Cache-Control", "no-cache");
            ctx.result(bytes);
        }
    }

    /** Javalin's {@code ctx.json} and body parsing through Gson (Jackson is not on the classpath). */
    private static final class GsonMapper implements JsonMapper {
        @Override
        public String toJsonString(Object obj, Type type) {
            return GSON.toJson(obj, type);
        }

        @Override
        public <T> T fromJsonString(String json, Type targetType) {
            return GSON.fromJson(json, targetType);
        }
    }
}
