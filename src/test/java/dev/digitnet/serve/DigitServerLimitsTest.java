package dev.digitnet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.digitnet.input.HostileImages;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.predict.FakeModels;
import dev.digitnet.predict.TestDigits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client can send: image bombs, slow and endless bodies, protocol garbage, wrong
 * methods and query values, other sites' pages. Each is refused with a JSON error and a stable
 * code, quickly, and the server keeps serving everyone else.
 */
class DigitServerLimitsTest {

    private static final Duration BODY_TIMEOUT = Duration.ofMillis(600);
    private static DigitClassifier classifier;
    private static DigitServer server;
    private static HttpClient http;
    private static byte[] onePng;

    @BeforeAll
    static void start() {
        classifier = DigitClassifier.create(FakeModels::shape, 2);
        server = DigitServer.start(classifier, new JsonObject(), "127.0.0.1", 0,
                ServerLimits.defaults().withBodyTimeout(BODY_TIMEOUT));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        onePng = TestDigits.png(TestDigits.ONE, 280, false);
    }

    @AfterAll
    static void stop() {
        server.close();
        classifier.close();
    }

    private static HttpResponse<String> post(URI uri, String query, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri.resolve("/api/predict" + query))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        b.header("Content-Type", "image/png");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(int status, String code, HttpResponse<String> r) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        JsonObject body = com.google.gson.JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals(code, body.get("error").getAsString(), r.body());
        assertTrue(!body.get("message").getAsString().isBlank(), r.body());
        assertGood();
    }

    private static void assertRefused(int status, String code, RawHttp.Response r) throws Exception {
        assertEquals(status, r.status(), r.head() + r.body());
        assertTrue(r.isJson(), r.head());
        assertEquals(code, r.json().get("error").getAsString(), r.body());
        assertGood();
    }

    private static void assertGood() throws Exception {
        HttpResponse<String> ok = post(server.uri(), "", onePng);
        assertEquals(200, ok.statusCode(), ok.body());
    }

    private static String head(String method, String path, String... lines) {
        StringBuilder s = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n");
        for (String line : lines) {
            s.append(line).append("\r\n");
        }
        return s.append("\r\n").toString();
    }

    @Test
    void imageBombsAreRefusedFromTheirHeaders() throws Exception {
        assertRefused(400, "image_too_large", post(server.uri(), "", HostileImages.pngHeader(3000, 3000, 16, 6)));
        assertRefused(400, "image_too_large", post(server.uri(), "", HostileImages.pngHeader(16_777_216, 1, 8, 0)));
        assertRefused(400, "image_too_complex", post(server.uri(), "", HostileImages.progressiveJpeg(128, 400)));
        assertRefused(415, "unsupported_image", post(server.uri(), "",
                HostileImages.encode(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "tiff")));
    }

    @Test
    void hugeDeclaredLengthIsRefusedBeforeTheBody() throws Exception {
        // Not one body byte is sent: a server that waited for the body could only answer 408 once
        // the body timeout passed (or nothing, with Jetty holding the request for its first byte).
        RawHttp.Response r = RawHttp.exchange(server.port(), head("POST", "/api/predict", "Content-Type: image/png",
                "Content-Length: 1000000000000"), 5000);
        assertRefused(413, "body_too_large", r);
        assertEquals("close", r.header("Connection"), r.head());
    }

    /** Waits until {@code condition} holds, failing after 10 s: a latch on server state the test cannot be told of. */
    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(5);
        }
    }

    /** Opens a connection that sends a request head and 4 of its 5,000 body bytes, then nothing. */
    private static Socket slowBody(DigitServer to) throws IOException {
        Socket s = new Socket("127.0.0.1", to.port());
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1:" + to.port()
                + "\r\nContent-Type: image/png\r\nContent-Length: 5000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        out.flush();
        return s;
    }

    @Test
    void slowBodiesHoldNoThreads() throws Exception {
        // More slow bodies than Jetty has threads, and a body timeout no test run reaches: were a
        // thread held per slow body, they could not all be taken in, and nothing else would be
        // served until their bodies timed out.
        ServerLimits limits = ServerLimits.defaults().withBodyTimeout(Duration.ofMinutes(5));
        int clients = limits.jettyThreads() + 8;
        DigitServer few = DigitServer.start(classifier, new JsonObject(), "127.0.0.1", 0, limits);
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                slow.add(slowBody(few));
            }
            await("the server reads all " + clients + " bodies", () -> few.bodiesBeingRead() == clients);

            HttpResponse<String> ok = post(few.uri(), "", onePng);
            assertEquals(200, ok.statusCode(), ok.body());
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(few.uri().resolve("/api/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());

            assertEquals(clients, few.bodiesBeingRead(), "served while the slow bodies still trickle in");
            for (Socket s : slow) {
                assertEquals(0, s.getInputStream().available(), "no slow client has had an answer yet");
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
            few.close();
        }
    }

    @Test
    void aSlowBodyTimesOutWith408() throws Exception {
        try (Socket s = slowBody(server)) {
            // Answered once the body timeout (600 ms) passes; the socket's 5 s read timeout only
            // catches a server that never answers.
            RawHttp.Response timedOut = RawHttp.read(s.getInputStream());
            assertEquals(408, timedOut.status(), timedOut.head());
            assertEquals("body_timeout", timedOut.json().get("error").getAsString());
        }
        assertGood();
    }

    @Test
    void protocolErrorsAreJson() throws Exception {
        // A malformed chunk inside a dispatched request.
        assertRefused(400, "bad_body", RawHttp.exchange(server.port(), head("POST", "/api/predict",
                "Content-Type: image/png", "Transfer-Encoding: chunked") + "ZZ\r\nhello\r\n0\r\n\r\n", 5000));
        // Requests Jetty cannot parse at all.
        RawHttp.Response garbage = RawHttp.exchange(server.port(), head("GET", "/api/health", "NoColonHere"), 5000);
        assertEquals(400, garbage.status(), garbage.head());
        assertTrue(garbage.isJson(), garbage.head());
        assertEquals("bad_request", garbage.json().get("error").getAsString());
        RawHttp.Response headers = RawHttp.exchange(server.port(), head("GET", "/api/health", "X-Big: " + "a".repeat(20_000)), 5000);
        assertEquals(431, headers.status(), headers.head());
        assertTrue(headers.isJson(), headers.head());
        assertEquals("headers_too_large", headers.json().get("error").getAsString());
        // A body shorter than declared, then the client stops: 408 after the body timeout, as JSON.
        assertRefused(408, "body_timeout", RawHttp.exchange(server.port(), head("POST", "/api/predict",
                "Content-Type: image/png", "Content-Length: 100") + "abc", 5000));
    }

    @Test
    void knownRoutesWithTheWrongMethodAre405WithAllow() throws Exception {
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/predict")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(405, "method_not_allowed", get);
        assertEquals("POST, OPTIONS", get.headers().firstValue("Allow").orElse(null));
        HttpResponse<String> postHealth = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/health"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertRefused(405, "method_not_allowed", postHealth);
        assertEquals("GET, HEAD", postHealth.headers().firstValue("Allow").orElse(null));
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/nothing")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(404, "not_found", missing);
    }

    @Test
    void badQueryValuesAre400() throws Exception {
        assertRefused(400, "bad_query", post(server.uri(), "?k=", onePng));
        assertRefused(400, "bad_query", post(server.uri(), "?k=abc", onePng));
        assertRefused(400, "bad_query", post(server.uri(), "?k=3&k=4", onePng));
        assertRefused(400, "bad_query", post(server.uri(), "?k=%2B3", onePng));
        assertRefused(400, "bad_query", post(server.uri(), "?preview=yes", onePng));
        assertEquals(200, post(server.uri(), "?k=10&preview=false", onePng).statusCode());
    }

    @Test
    void brokenPercentEncodingIs400NotTheDefault() throws Exception {
        // Over a raw socket: Java's HTTP client will not send a malformed URI.
        for (String query : List.of("?k=%ZZ", "?k=%2", "?k=3%", "?%ZZ=1&k=3", "?preview=%G1", "?model=%ZZ")) {
            RawHttp.Response r = RawHttp.exchange(server.port(), head("POST", "/api/predict" + query, "Content-Type: image/png",
                    "Content-Length: " + onePng.length) + new String(onePng, StandardCharsets.ISO_8859_1), 5000);
            assertRefused(400, "bad_query", r);
            assertTrue(r.body().contains("percent-encoding"), query + ": " + r.body());
        }
        assertRefused(400, "bad_query", RawHttp.exchange(server.port(), head("GET", "/api/model?name=%ZZ"), 5000));
        // Well-formed encodings still decode: %33 is "3", + a space.
        HttpResponse<String> three = post(server.uri(), "?k=%33", onePng);
        assertEquals(200, three.statusCode(), three.body());
        assertEquals(3, com.google.gson.JsonParser.parseString(three.body()).getAsJsonObject().getAsJsonArray("predictions").size());
        assertRefused(400, "bad_query", post(server.uri(), "?k=+3", onePng));
    }

    @Test
    void crossOriginPostsAreRefusedUnlessAllowed() throws Exception {
        assertRefused(403, "forbidden_origin", post(server.uri(), "", onePng, "Origin", "http://evil.example"));
        assertRefused(403, "forbidden_origin", post(server.uri(), "", onePng, "Origin", "null"));
        // The server's own page posts with its own origin.
        assertEquals(200, post(server.uri(), "", onePng, "Origin", "http://127.0.0.1:" + server.port()).statusCode());
        // A site whose name resolves to 127.0.0.1 (DNS rebinding) is same-origin with itself, but not loopback.
        RawHttp.Response rebound = RawHttp.exchange(server.port(), "GET /api/model HTTP/1.1\r\nHost: evil.example:"
                + server.port() + "\r\nOrigin: http://evil.example:" + server.port() + "\r\n\r\n", 5000);
        assertRefused(403, "forbidden_host", rebound);

        try (DigitClassifier c = DigitClassifier.create(FakeModels::shape, 1)) {
            DigitServer open = DigitServer.start(c, new JsonObject(), "127.0.0.1", 0,
                    ServerLimits.defaults().withCorsOrigin("http://localhost:3000"));
            try {
                HttpResponse<String> allowed = post(open.uri(), "", onePng, "Origin", "http://localhost:3000");
                assertEquals(200, allowed.statusCode(), allowed.body());
                assertEquals("http://localhost:3000", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
                HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(open.uri().resolve("/api/predict"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:3000")
                        .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(204, preflight.statusCode());
                assertNotNull(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
                assertEquals(403, post(open.uri(), "", onePng, "Origin", "http://evil.example").statusCode());
            } finally {
                open.close();
            }
        }
    }

    /** A model that holds every forward pass until released, and says when one has started. */
    private static final class HeldModel implements ProbabilityModel {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release;

        HeldModel(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public int inputSize() {
            return 32;
        }

        @Override
        public float[][] logits(float[][] inputs) {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new float[inputs.length][10];
        }

        @Override
        public void close() {}
    }

    @Test
    void aFullPoolAnswers503WithRetryAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HeldModel model = new HeldModel(release);
        try (DigitClassifier c = DigitClassifier.create(() -> model, 1)) {
            DigitServer small = DigitServer.start(c, new JsonObject(), "127.0.0.1", 0,
                    ServerLimits.defaults().withWorkers(1, 1));
            ExecutorService clients = Executors.newFixedThreadPool(2);
            try {
                // One request holds the only worker (its forward pass has started) ...
                List<Future<HttpResponse<String>>> held = new ArrayList<>();
                held.add(clients.submit(() -> post(small.uri(), "", onePng)));
                assertTrue(model.started.await(10, TimeUnit.SECONDS), "the first request reached the model");
                // ... one waits in the queue of one ...
                held.add(clients.submit(() -> post(small.uri(), "", onePng)));
                await("the second request waits for the worker", () -> small.waitingForAWorker() == 1);
                // ... so the next is told to come back, at once, instead of taking a thread.
                HttpResponse<String> busy = post(small.uri(), "", onePng);
                assertEquals(503, busy.statusCode(), busy.body());
                assertEquals("busy", com.google.gson.JsonParser.parseString(busy.body()).getAsJsonObject().get("error").getAsString());
                assertEquals("1", busy.headers().firstValue("Retry-After").orElse(null));
                release.countDown();
                for (Future<HttpResponse<String>> f : held) {
                    assertEquals(200, f.get(10, TimeUnit.SECONDS).statusCode());
                }
            } finally {
                release.countDown();
                clients.shutdownNow();
                small.close();
            }
        }
    }

    @Test
    void requestsInFlightFollowWhetherTheEngineBatches() {
        int cores = Runtime.getRuntime().availableProcessors();
        // ONNX Runtime: a request's decode overlaps the forward passes and the rest wait their turn.
        ServerLimits plain = ServerLimits.defaults(dev.digitnet.runtime.InferenceEngine.ONNXRUNTIME.batchesAcrossRequests());
        assertEquals(cores + 1, plain.workers());
        assertEquals(plain.workers(), ServerLimits.defaults().workers());
        // libtorch: concurrent requests must be in flight together to meet in one batch.
        ServerLimits batching = ServerLimits.defaults(dev.digitnet.runtime.InferenceEngine.PYTORCH.batchesAcrossRequests());
        assertEquals(ServerLimits.BATCHING_WORKERS, batching.workers());
        assertTrue(batching.workers() > plain.workers());
        // Either way the server holds the same number of requests at most.
        assertEquals(Math.max(96, cores + 1 + 64), plain.workers() + plain.queue());
        assertEquals(96, batching.workers() + batching.queue());
    }
}
