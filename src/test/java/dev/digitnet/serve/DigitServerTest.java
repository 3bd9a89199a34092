package dev.digitnet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.predict.FakeModels;
import dev.digitnet.predict.TestDigits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DigitServerTest {

    private static final List<FakeModels.Base> MODELS = new CopyOnWriteArrayList<>();
    private static DigitClassifier classifier;
    private static DigitServer server;
    private static HttpClient http;
    private static byte[] onePng;

    @BeforeAll
    static void start() {
        classifier = DigitClassifier.create(() -> {
            FakeModels.Base m = (FakeModels.Base) FakeModels.shape();
            MODELS.add(m);
            return m;
        }, 2);
        JsonObject card = new JsonObject();
        card.addProperty("name", "DigitNet");
        card.addProperty("parameters", 12345);
        JsonObject evaluation = new JsonObject();
        evaluation.addProperty("test_accuracy", 0.995);
        card.add("evaluation", evaluation);
        server = DigitServer.start(classifier, card, "127.0.0.1", 0);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        onePng = TestDigits.png(TestDigits.ONE, 280, false);
    }

    @AfterAll
    static void stop() {
        server.close();
        classifier.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String contentType, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(30)).POST(body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return post(path, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static HttpResponse<String> postJson(String json) throws IOException, InterruptedException {
        return post("/api/predict", "application/json", HttpRequest.BodyPublishers.ofString(json));
    }

    private static JsonObject json(HttpResponse<String> r) {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "JSON content type, got " + r.headers().firstValue("Content-Type"));
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /**
     * Asserts a JSON error with this status, a code ({@code error}) and a one-line message, then
     * that the server still answers a good request; returns the message.
     */
    private static String assertError(int status, HttpResponse<String> r) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject body = json(r);
        assertTrue(body.has("error") && body.get("error").getAsString().matches("[a-z_0-9]+"), r.body());
        String message = body.get("message").getAsString();
        assertTrue(!message.isBlank() && !message.contains("\n"), r.body());
        assertGood();
        return message;
    }

    /** The stable code of a JSON error. */
    private static String code(HttpResponse<String> r) {
        return json(r).get("error").getAsString();
    }

    private static void assertGood() throws Exception {
        HttpResponse<String> ok = post("/api/predict", "image/png", onePng);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(1, json(ok).getAsJsonArray("predictions").get(0).getAsJsonObject().get("digit").getAsInt());
    }

    private static String grid(int rows, int cols, String value) {
        StringBuilder s = new StringBuilder("[");
        for (int y = 0; y < rows; y++) {
            s.append(y == 0 ? "[" : ",[");
            for (int x = 0; x < cols; x++) {
                s.append(x == 0 ? "" : ",").append(x >= 13 && x <= 14 && y >= 4 && y < 24 ? value : "0");
            }
            s.append(']');
        }
        return s.append(']').toString();
    }

    @Test
    void healthAndModel() throws Exception {
        HttpResponse<String> health = get("/api/health");
        assertEquals(200, health.statusCode());
        assertEquals("ok", json(health).get("status").getAsString());
        HttpResponse<String> model = get("/api/model");
        assertEquals(200, model.statusCode());
        assertEquals(12345, json(model).get("parameters").getAsInt());
        assertEquals(0.995, json(model).getAsJsonObject("evaluation").get("test_accuracy").getAsDouble(), 1e-9);
    }

    @Test
    void servesThePage() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        for (String id : new String[] {"id=\"canvas\"", "id=\"clear\"", "id=\"prediction\"", "id=\"bars\"", "id=\"preview\"", "id=\"status\""}) {
            assertTrue(page.body().contains(id), id);
        }
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "nothing external");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        HttpResponse<String> js = get("/app.js");
        assertEquals(200, js.statusCode());
        assertTrue(js.body().contains("/api/predict"));
        assertEquals(200, get("/app.css").statusCode());
        assertEquals(200, get("/favicon.svg").statusCode());
    }

    @Test
    void predictsFromPng() throws Exception {
        HttpResponse<String> r = post("/api/predict", "image/png", onePng);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject body = json(r);
        JsonArray predictions = body.getAsJsonArray("predictions");
        assertEquals(3, predictions.size());
        assertEquals(1, predictions.get(0).getAsJsonObject().get("digit").getAsInt());
        assertEquals(0.9, predictions.get(0).getAsJsonObject().get("probability").getAsDouble(), 1e-5);
        assertFalse(body.get("empty").getAsBoolean());
        assertTrue(body.get("latency_ms").getAsDouble() >= 0);
        assertFalse(body.has("input28"), "input28 only with ?preview=true");

        JsonObject preview = json(post("/api/predict?preview=true&k=10", "image/png", onePng));
        assertEquals(10, preview.getAsJsonArray("predictions").size());
        JsonArray input28 = preview.getAsJsonArray("input28");
        assertEquals(784, input28.size());
        double max = 0;
        for (int i = 0; i < 784; i++) {
            double v = input28.get(i).getAsDouble();
            assertEquals(v, Math.round(v * 1000) / 1000.0, 1e-12, "3 decimals");
            max = Math.max(max, v);
        }
        assertEquals(1.0, max, 1e-9);

        // JPEG, octet-stream and no content type at all are images too.
        byte[] jpeg = TestDigits.encode(TestDigits.image(TestDigits.ZERO, 200, true), "jpg");
        assertEquals(0, json(post("/api/predict", "image/jpeg", jpeg)).getAsJsonArray("predictions").get(0).getAsJsonObject().get("digit").getAsInt());
        assertEquals(200, post("/api/predict", "application/octet-stream", onePng).statusCode());
        assertEquals(200, post("/api/predict", null, onePng).statusCode());
    }

    @Test
    void blankCanvasIsEmptyNotAPrediction() throws Exception {
        byte[] blank = TestDigits.encode(new java.awt.image.BufferedImage(280, 280, java.awt.image.BufferedImage.TYPE_INT_ARGB), "png");
        HttpResponse<String> r = post("/api/predict?preview=true", "image/png", blank);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject body = json(r);
        assertTrue(body.get("empty").getAsBoolean());
        assertEquals(0, body.getAsJsonArray("predictions").size());
        assertEquals(784, body.getAsJsonArray("input28").size());
    }

    @Test
    void predictsFromPixelsJson() throws Exception {
        HttpResponse<String> r = postJson("{\"pixels\": " + grid(28, 28, "255") + ", \"k\": 2}");
        assertEquals(200, r.statusCode(), r.body());
        JsonArray predictions = json(r).getAsJsonArray("predictions");
        assertEquals(2, predictions.size());
        assertEquals(1, predictions.get(0).getAsJsonObject().get("digit").getAsInt());
        assertEquals(200, postJson("{\"pixels\": " + grid(28, 28, "0.75") + "}").statusCode());
        // A flat array of 784 numbers is accepted too.
        double[] flat = new double[784];
        Arrays.fill(flat, 0);
        for (int y = 4; y < 24; y++) {
            flat[y * 28 + 14] = 1;
        }
        assertEquals(200, postJson("{\"pixels\": " + Arrays.toString(flat) + "}").statusCode());
        JsonObject empty = json(postJson("{\"pixels\": " + grid(28, 28, "0") + "}"));
        assertTrue(empty.get("empty").getAsBoolean());
        // Structured-syntax JSON types count as JSON too.
        HttpResponse<String> suffixed = post("/api/predict", "application/vnd.digitnet+json",
                HttpRequest.BodyPublishers.ofString("{\"pixels\": " + grid(28, 28, "255") + "}"));
        assertEquals(200, suffixed.statusCode(), suffixed.body());
    }

    @Test
    void garbageImageIs400() throws Exception {
        byte[] garbage = new byte[5000];
        new Random(1).nextBytes(garbage);
        String error = assertError(400, post("/api/predict", "image/png", garbage));
        assertTrue(error.toLowerCase().contains("image"), error);
        byte[] png = TestDigits.png(TestDigits.SEVEN, 100, false);
        assertError(400, post("/api/predict", "image/png", Arrays.copyOf(png, png.length / 2)));
    }

    @Test
    void emptyBodyIs400() throws Exception {
        String error = assertError(400, post("/api/predict", "image/png", new byte[0]));
        assertTrue(error.contains("empty"), error);
        assertError(400, post("/api/predict", "application/json", new byte[0]));
    }

    @Test
    void tooLargeBodyIs413Json() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024];
        new Random(2).nextBytes(big);
        String error = assertError(413, post("/api/predict", "image/png", big));
        assertTrue(error.contains("too large"), error);
        // Without a Content-Length (chunked), the limit still holds.
        assertError(413, post("/api/predict", "image/png",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        // Exactly at the limit is read (and refused only as a bad image).
        assertError(400, post("/api/predict", "application/octet-stream", Arrays.copyOf(big, DigitServer.MAX_BODY_BYTES)));
        assertError(413, post("/api/predict", "application/octet-stream", Arrays.copyOf(big, DigitServer.MAX_BODY_BYTES + 1)));
    }

    @Test
    void wrongShapesAre400() throws Exception {
        assertTrue(assertError(400, postJson("{\"pixels\": " + grid(27, 28, "1") + "}")).contains("27"));
        assertTrue(assertError(400, postJson("{\"pixels\": " + grid(28, 27, "1") + "}")).contains("27"));
        assertError(400, postJson("{\"pixels\": []}"));
        assertError(400, postJson("{\"pixels\": 5}"));
        assertError(400, postJson("{\"pixels\": [1, 2, 3]}"));
        assertError(400, postJson("{\"image\": []}"));
        assertError(400, postJson("[1, 2, 3]"));
    }

    @Test
    void nonNumericAndOutOfRangeValuesAre400() throws Exception {
        assertTrue(assertError(400, postJson("{\"pixels\": " + grid(28, 28, "\"x\"") + "}")).contains("not a number"));
        assertError(400, postJson("{\"pixels\": " + grid(28, 28, "\"0.5\"") + "}"));
        assertError(400, postJson("{\"pixels\": " + grid(28, 28, "null") + "}"));
        assertError(400, postJson("{\"pixels\": " + grid(28, 28, "true") + "}"));
        assertError(400, postJson("{\"pixels\": " + grid(28, 28, "[1]") + "}"));
        assertError(400, postJson("{\"pixels\": " + grid(28, 28, "-3") + "}"));
        assertError(400, postJson("{\"pixels\": " + grid(28, 28, "256") + "}"));
        assertError(400, postJson("{\"pixels\": " + grid(28, 28, "1") + ", \"k\": 11}"));
        assertError(400, postJson("{\"pixels\": " + grid(28, 28, "1") + ", \"k\": \"three\"}"));
        assertError(400, post("/api/predict?k=0", "image/png", onePng));
    }

    @Test
    void badJsonIs400() throws Exception {
        assertTrue(assertError(400, postJson("{\"pixels\": [[1, 2], ")).contains("invalid JSON"));
        assertError(400, postJson("{pixels: 1}"));
        assertError(400, postJson("not json at all"));
        assertError(400, postJson("{\"pixels\": " + grid(28, 28, "1") + "} trailing"));
        assertError(400, postJson("{\"pixels\": " + grid(28, 28, "NaN") + "}"));
    }

    @Test
    void unknownRoutesAreJsonErrors() throws Exception {
        HttpResponse<String> missing = get("/api/nope");
        assertEquals(404, missing.statusCode());
        assertEquals("not_found", code(missing));
        assertTrue(json(missing).get("message").getAsString().contains("/api/nope"));
        HttpResponse<String> wrongMethod = get("/api/predict");
        assertTrue(wrongMethod.statusCode() == 404 || wrongMethod.statusCode() == 405, "status " + wrongMethod.statusCode());
        json(wrongMethod);
        assertError(415, post("/api/predict", "multipart/form-data; boundary=x", "--x--".getBytes()));
    }

    @Test
    void concurrentRequestsAllSucceed() throws Exception {
        byte[] zeroPng = TestDigits.png(TestDigits.ZERO, 200, false);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 50; i++) {
                        boolean one = (thread + i) % 2 == 0;
                        HttpResponse<String> r = post("/api/predict", "image/png", one ? onePng : zeroPng);
                        if (r.statusCode() == 200 && json(r).getAsJsonArray("predictions").get(0).getAsJsonObject()
                                .get("digit").getAsInt() == (one ? 1 : 0)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : results) {
                ok += f.get();
            }
            assertEquals(400, ok);
        } finally {
            threads.shutdownNow();
        }
        assertTrue(MODELS.size() <= 2, "pool of 2 made " + MODELS.size() + " models");
        assertFalse(MODELS.stream().anyMatch(m -> m.usedConcurrently), "a predictor was shared between threads");
    }

    @Test
    void loadBenchmarkMeasuresWithoutErrors() throws Exception {
        LoadBenchmark.Result r = LoadBenchmark.run(server.uri(), onePng, 120, 4);
        assertEquals(120, r.requests());
        assertEquals(0, r.errors(), r.firstError());
        assertTrue(r.requestsPerSecond() > 0);
        assertTrue(r.latencyP50Ms() <= r.latencyP90Ms() && r.latencyP90Ms() <= r.latencyP99Ms() && r.latencyP99Ms() <= r.latencyMaxMs());
        JsonObject json = r.toJson();
        assertTrue(json.has("requestsPerSecond") && json.has("latencyP99Ms"), json.toString());

        LoadBenchmark.Result bad = LoadBenchmark.run(server.uri(), new byte[] {1, 2, 3}, 5, 2);
        assertEquals(5, bad.errors());
        assertTrue(bad.firstError().contains("400"), bad.firstError());
        assertThrows(IllegalArgumentException.class, () -> LoadBenchmark.run(URI.create("http://192.0.2.1:80/"), onePng, 1, 1));
    }

    @Test
    void startsAndStopsCleanly() throws Exception {
        try (DigitClassifier c = DigitClassifier.create(FakeModels::shape, 1)) {
            DigitServer s = DigitServer.start(c, new JsonObject(), "127.0.0.1", 0);
            int port = s.port();
            assertTrue(port > 0);
            assertEquals("http://127.0.0.1:" + port + "/", s.uri().toString());
            assertEquals(200, http.send(HttpRequest.newBuilder(s.uri().resolve("/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            IllegalArgumentException inUse = assertThrows(IllegalArgumentException.class,
                    () -> DigitServer.start(c, new JsonObject(), "127.0.0.1", port));
            assertTrue(inUse.getMessage().contains(String.valueOf(port)), inUse.getMessage());
            s.close();
            s.close();
            HttpClient fresh = HttpClient.newHttpClient();
            assertThrows(IOException.class, () -> fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }
}
