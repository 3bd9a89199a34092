package dev.digitnet.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.digitnet.input.DigitInput;
import dev.digitnet.input.ModelInput;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.predict.DigitClassifier.Classification;
import dev.digitnet.predict.Prediction;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * The API's request handling: the same-origin check, and {@code POST /api/predict} from its query
 * and headers (validated before any body byte is read) through the body (read without a thread),
 * the bounded pool (decode, preprocess, classify) to the JSON answer.
 */
final class Requests {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final Pattern JSON_SUFFIX_TYPE = Pattern.compile("[a-z]+/[a-z0-9.+-]*\\+json.*");

    private final ServedModels models;
    private final DecodePool pool;
    private final BodyReader.Deadlines deadlines;
    private final ServerLimits limits;
    /** Whether the server listens on loopback only: then only loopback names may appear in Host. */
    private final boolean loopbackOnly;

    Requests(ServedModels models, DecodePool pool, ScheduledExecutorService timer, ServerLimits limits, String host) {
        this.models = models;
        this.pool = pool;
        this.deadlines = new BodyReader.Deadlines(timer);
        this.limits = limits;
        this.loopbackOnly = isLoopbackName(host);
    }

    /** Request bodies being read now, each without a thread. */
    int bodiesBeingRead() {
        return deadlines.reading();
    }

    // ------------------------------------------------------------------------------------------
    // Same origin
    // ------------------------------------------------------------------------------------------

    /**
     * Any page the user visits may send requests to a local server; browsers say which page in
     * {@code Origin}. Only the server's own page (Origin equal to {@code http://} + Host) or the
     * {@code --cors} origin may call the API. On loopback, Host itself must be a loopback name, so
     * a site that rebinds its DNS name to 127.0.0.1 is refused too. Clients that send no Origin
     * (curl, scripts) are not browsers' cross-site requests and pass.
     */
    void checkOrigin(Context ctx) {
        String host = ctx.header("Host");
        if (loopbackOnly && host != null && !isLoopbackName(hostName(host))) {
            throw new ApiException(403, "forbidden_host", "Host \"" + abbreviate(host)
                    + "\" is not this server's loopback address; use http://127.0.0.1 or http://localhost");
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        if (limits.corsOrigin() != null && limits.corsOrigin().equalsIgnoreCase(origin)) {
            ctx.header("Access-Control-Allow-Origin", limits.corsOrigin());
            ctx.header("Vary", "Origin");
            ctx.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            ctx.header("Access-Control-Allow-Headers", "Content-Type");
            ctx.header("Access-Control-Max-Age", "600");
            return;
        }
        if (host == null || !origin.equalsIgnoreCase("http://" + host)) {
            throw new ApiException(403, "forbidden_origin", "cross-origin request from " + abbreviate(origin)
                    + " refused; start the server with --cors " + abbreviate(origin) + " to allow that page");
        }
    }

    private static String hostName(String hostHeader) {
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    static boolean isLoopbackName(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("localhost") || n.startsWith("127.") || n.equals("::1") || n.equals("[::1]");
    }

    // ------------------------------------------------------------------------------------------
    // POST /api/predict
    // ------------------------------------------------------------------------------------------

    void predict(Context ctx) {
        long start = System.nanoTime();
        Query query = Query.parse(ctx.queryString());
        ServedModels.Entry model = models.get(query.first("model"));
        Integer queryK = query.k();
        boolean preview = query.preview();
        String type = ctx.req().getContentType();
        String contentType = type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
        if (contentType.startsWith("multipart/") || contentType.startsWith("application/x-www-form-urlencoded")) {
            throw new ApiException(415, "unsupported_media_type", "send the image bytes as the request body "
                    + "(Content-Type image/png or image/jpeg), not as a form");
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > limits.maxBodyBytes()) {
            // Answered before reading a byte; the connection closes instead of draining the body.
            throw BodyReader.tooLarge(declared + " bytes", limits.maxBodyBytes());
        }
        ctx.future(() -> {
            CompletableFuture<byte[]> body;
            try {
                body = BodyReader.read(ctx.req(), limits.maxBodyBytes(), limits.bodyTimeout(), deadlines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return body.thenCompose(bytes -> pool.submit(() -> answer(model, bytes, contentType, queryK, preview, start)))
                    .handle((json, error) -> {
                        if (error != null) {
                            DigitServer.refuse(ctx, error);
                        } else {
                            DigitServer.json(ctx, 200, json);
                        }
                        return null;
                    });
        });
    }

    /** Runs on a pool worker: decode (within the memory budget), classify, and the JSON answer. */
    private String answer(ServedModels.Entry model, byte[] body, String contentType, Integer queryK, boolean preview, long start)
            throws Exception {
        DigitClassifier classifier = model.classifier();
        if (body.length == 0) {
            throw new ApiException(400, "empty_body", "empty request body: send a PNG or JPEG image (Content-Type "
                    + "image/png) or JSON {\"pixels\": [[28 numbers] × 28]} (Content-Type application/json)");
        }
        Integer k = queryK;
        Classification c;
        if (isJson(contentType, body)) {
            // Gson's tree of a numbers array takes up to ~40 bytes per byte of JSON.
            PixelsRequest request = pool.withBudget(64L * body.length, () -> PixelsRequest.parse(new String(body, StandardCharsets.UTF_8)));
            if (request.k() != null) {
                k = request.k();
            }
            c = classifier.classify(DigitInput.fromGrid28(request.pixels()));
        } else {
            ModelInput image = DigitInput.read(body, limits.image(), pool.budget());
            c = classifier.classify(image);
        }
        JsonObject out = new JsonObject();
        JsonArray predictions = new JsonArray();
        List<Prediction> top = c.top(k == null ? DigitServer.DEFAULT_K : k);
        for (Prediction p : top) {
            JsonObject entry = new JsonObject();
            entry.addProperty("digit", p.digit());
            entry.addProperty("probability", round(p.probability(), 6));
            predictions.add(entry);
        }
        out.add("predictions", predictions);
        out.addProperty("empty", c.empty());
        // The verdict is a field of its own, never a missing digit: the top-k above is still the
        // network's reading, for a page to show small beside "not a digit".
        out.addProperty("is_digit", c.isDigit());
        out.add("digit_check", c.check().toJson());
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
        return GSON.toJson(out);
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

    private static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }

    static String abbreviate(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 80 ? clean.substring(0, 77) + "..." : clean;
    }
}
