package dev.digitnet.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.digitnet.data.DigitPreprocessor;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.predict.DigitClassifier.Classification;
import dev.digitnet.predict.Prediction;
import dev.digitnet.predict.PredictorPool;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
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
 * <p>Every error is JSON {@code {"error": "..."}}: 400 for an undecodable image, bad JSON, wrong
 * shape or non-numeric values, or an empty body; 413 for a body over {@link #MAX_BODY_BYTES}; 503
 * when every model stays busy too long. Inference is bounded by the classifier's pool.
 */
public final class DigitServer implements AutoCloseable {

    /** Largest request body accepted: 1 MiB. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Predictions returned when the request does not say. */
    public static final int DEFAULT_K = 3;

    private static final Logger LOG = LoggerFactory.getLogger(DigitServer.class);
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final String JSON = "application/json; charset=utf-8";
    /** Structured-syntax JSON media types, such as {@code application/problem+json}. */
    private static final Pattern JSON_SUFFIX_TYPE = Pattern.compile("[a-z]+/[a-z0-9.+-]*\\+json.*");
    private static final String RESOURCES = "/dev/digitnet/serve/";
    /** Bytes of an over-long body read (and discarded) before answering 413, so the client sees the answer. */
    private static final long DRAIN_LIMIT = 32L << 20;
    private static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Javalin app;
    private final String host;
    private volatile boolean closed;

    private DigitServer(Javalin app, String host) {
        this.app = app;
        this.host = host;
    }

    /**
     * Starts serving on {@code host:port} ({@code port} 0 picks a free port).
     *
     * @param modelInfo what {@code GET /api/model} returns (typically {@code DigitNetModel.card()})
     * @throws IllegalArgumentException if the address cannot be bound (say, the port is in use)
     */
    public static DigitServer start(DigitClassifier classifier, JsonObject modelInfo, String host, int port) {
        Objects.requireNonNull(classifier, "classifier");
        return start(ServedModels.of("model", classifier, modelInfo), host, port);
    }

    /**
     * Starts serving several models on {@code host:port}; requests choose one with {@code ?model=NAME}
     * and get the first one otherwise.
     *
     * @throws IllegalArgumentException if the address cannot be bound (say, the port is in use)
     */
    public static DigitServer start(ServedModels models, String host, int port) {
        String modelsJson = GSON.toJson(models.summary());
        Map<String, Asset> assets = Map.of(
                "/", Asset.load("index.html", "text/html; charset=utf-8"),
                "/app.js", Asset.load("app.js", "text/javascript; charset=utf-8"),
                "/app.css", Asset.load("app.css", "text/css; charset=utf-8"),
                "/favicon.svg", Asset.load("favicon.svg", "image/svg+xml"));

        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            // Bodies are read (and limited) by the handler itself; Javalin's own limit sits above ours
            // so it never answers first with a non-JSON 413.
            config.http.maxRequestSize = MAX_BODY_BYTES + 1L;
            config.jsonMapper(new GsonMapper());
        });
        app.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Content-Security-Policy", CSP);
        });
        assets.forEach((path, asset) -> app.get(path, ctx -> asset.send(ctx)));
        app.get("/index.html", ctx -> ctx.redirect("/"));
        app.get("/favicon.ico", ctx -> ctx.redirect("/favicon.svg"));
        app.get("/api/health", ctx -> json(ctx, 200, "{\"status\":\"ok\"}"));
        app.get("/api/models", ctx -> json(ctx, 200, modelsJson));
        app.get("/api/model", ctx -> json(ctx, 200, GSON.toJson(models.get(ctx.queryParam("name")).card())));
        app.post("/api/predict", ctx -> predict(ctx, models.get(ctx.queryParam("model"))));

        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(DigitPreprocessor.UnreadableImageException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(PredictorPool.PoolTimeoutException.class, (e, ctx) -> error(ctx, 503, "server busy: " + e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), httpMessage(ctx, e)));
        app.exception(Exception.class, (e, ctx) -> {
            if (closedClassifier(e)) {
                error(ctx, 503, "server is shutting down");
                return;
            }
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, "not found: " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(405, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 405, "method not allowed: " + ctx.method() + " " + ctx.path());
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
            if (hasCause(e, BindException.class)) {
                throw new IllegalArgumentException("cannot listen on " + host + ":" + port
                        + " (address in use or not available); try another --port", e);
            }
            throw e;
        }
        return new DigitServer(app, host);
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

    /** Stops accepting requests and shuts Jetty down. The classifier stays open (its owner closes it). Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            app.stop();
        }
    }

    // ------------------------------------------------------------------------------------------
    // POST /api/predict
    // ------------------------------------------------------------------------------------------

    private static void predict(Context ctx, ServedModels.Entry model) throws IOException {
        long start = System.nanoTime();
        DigitClassifier classifier = model.classifier();
        byte[] body = readBody(ctx);
        if (body.length == 0) {
            throw new ApiException(400, "empty request body: send a PNG or JPEG image (Content-Type image/png) "
                    + "or JSON {\"pixels\": [[28 numbers] × 28]} (Content-Type application/json)");
        }
        Integer k = queryK(ctx);
        Classification c;
        String type = ctx.req().getContentType();
        type = type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
        if (type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded")) {
            throw new ApiException(415, "send the image bytes as the request body (Content-Type image/png or "
                    + "image/jpeg), not as a form");
        }
        if (isJson(type, body)) {
            PixelsRequest request = PixelsRequest.parse(new String(body, StandardCharsets.UTF_8));
            if (request.k() != null) {
                k = request.k();
            }
            c = classifier.classifyGrid28(request.pixels());
        } else {
            c = classifier.classifyPreprocessed(DigitPreprocessor.read(body));
        }
        boolean preview = "true".equalsIgnoreCase(ctx.queryParam("preview")) || "1".equals(ctx.queryParam("preview"));
        JsonObject out = new JsonObject();
        JsonArray predictions = new JsonArray();
        for (Prediction p : c.top(k == null ? DEFAULT_K : k)) {
            JsonObject entry = new JsonObject();
            entry.addProperty("digit", p.digit());
            entry.addProperty("probability", round(p.probability(), 6));
            predictions.add(entry);
        }
        out.add("predictions", predictions);
        out.addProperty("empty", c.empty());
        out.addProperty("model", model.name());
        out.addProperty("latency_ms", round((System.nanoTime() - start) / 1e6, 3));
        if (preview) {
            JsonArray pixels = new JsonArray(c.input28().length);
            for (float v : c.input28()) {
                double r = round(v, 3);
                if (r == 0) {
                    pixels.add(0);
                } else if (r == 1) {
                    pixels.add(1);
                } else {
                    pixels.add(r);
                }
            }
            out.add("input28", pixels);
        }
        json(ctx, 200, GSON.toJson(out));
    }

    private static boolean isJson(String type, byte[] body) {
        if (type.startsWith("application/json") || JSON_SUFFIX_TYPE.matcher(type).matches()) {
            return true;
        }
        if (!type.isEmpty()) {
            return false;
        }
        for (byte b : body) {
            if (b == '{' || b == '[') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    private static Integer queryK(Context ctx) {
        String k = ctx.queryParam("k");
        if (k == null || k.isBlank()) {
            return null;
        }
        try {
            int v = Integer.parseInt(k.trim());
            if (v >= 1 && v <= 10) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new ApiException(400, "query parameter k must be a whole number from 1 to 10, got \"" + k + "\"");
    }

    /** Reads the body, at most {@link #MAX_BODY_BYTES}; longer bodies are a 413 (after draining a bounded amount). */
    private static byte[] readBody(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        InputStream in = ctx.req().getInputStream();
        if (declared > MAX_BODY_BYTES) {
            drain(in, ctx);
            throw tooLarge(declared + " bytes");
        }
        byte[] buffer = new byte[declared > 0 ? (int) declared : 16 * 1024];
        int n = 0;
        while (true) {
            if (n == buffer.length) {
                if (buffer.length > MAX_BODY_BYTES) {
                    drain(in, ctx);
                    throw tooLarge("more than " + MAX_BODY_BYTES + " bytes");
                }
                buffer = Arrays.copyOf(buffer, Math.min(MAX_BODY_BYTES + 1, buffer.length * 2));
            }
            int r = in.read(buffer, n, buffer.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n > MAX_BODY_BYTES) {
            throw tooLarge(n + " bytes");
        }
        return n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
    }

    private static ApiException tooLarge(String size) {
        return new ApiException(413, "request body too large: " + size + " (limit " + MAX_BODY_BYTES + " bytes = 1 MiB)");
    }

    /** Reads and discards what is left, up to a bound, so the client reads our 413 rather than a reset. */
    private static void drain(InputStream in, Context ctx) {
        byte[] sink = new byte[64 * 1024];
        long total = 0;
        try {
            int r;
            while (total < DRAIN_LIMIT && (r = in.read(sink)) >= 0) {
                total += r;
            }
        } catch (IOException ignored) {
            // the client went away; nothing to drain
        }
        if (total >= DRAIN_LIMIT) {
            ctx.header("Connection", "close");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    private static void json(Context ctx, int status, String body) {
        ctx.status(status);
        ctx.contentType(JSON);
        ctx.header("Cache-Control", "no-store");
        ctx.result(body);
    }

    private static void error(Context ctx, int status, String message) {
        JsonObject error = new JsonObject();
        error.addProperty("error", message == null || message.isBlank() ? "error " + status : message);
        json(ctx, status, GSON.toJson(error));
    }

    private static String httpMessage(Context ctx, HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "not found: " + ctx.method() + " " + ctx.path();
            case 405 -> "method not allowed: " + ctx.method() + " " + ctx.path();
            case 413 -> "request body too large (limit " + MAX_BODY_BYTES + " bytes = 1 MiB)";
            default -> e.getMessage();
        };
    }

    private static boolean closedClassifier(Exception e) {
        return e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().contains("closed");
    }

    private static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
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
