package dev.digitnet.serve;

import dev.digitnet.input.ImageDecoder;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What one server accepts and how much of the machine a request may hold; every bound a hostile
 * client could otherwise push on (see docs/reliability.md for the refusal each one gives).
 *
 * @param maxBodyBytes largest request body; a larger {@code Content-Length} is refused before reading
 * @param bodyTimeout time the whole body may take to arrive (bodies are read without holding a
 *     thread, so a slow client costs a connection, not a thread)
 * @param workers requests decoded and classified at once (each waits for its forward pass; the
 *     inference batches what they send together)
 * @param queue requests waiting for a worker; beyond it the answer is 503 with Retry-After
 * @param decodeBudgetBytes heap the decodes in flight may hold together; each reserves its image's
 *     working memory ({@link ImageDecoder#workingBytes}) from it before decoding
 * @param image bounds on each decoded image
 * @param jettyThreads Jetty's own threads (they only parse, route and answer)
 * @param corsOrigin an origin (such as {@code http://localhost:3000}) allowed to call the API from
 *     a browser besides the server's own; {@code null} allows only same-origin pages
 */
public record ServerLimits(int maxBodyBytes, Duration bodyTimeout, int workers, int queue, long decodeBudgetBytes,
        ImageDecoder.Limits image, int jettyThreads, String corsOrigin) {

    /** Largest request body by default: 1 MiB. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    /** What a browser sends as {@code Origin}: scheme, host (a name or a bracketed IPv6 address) and port, no path. */
    private static final Pattern ORIGIN =
            Pattern.compile("https?://[A-Za-z0-9.\\-]+(:\\d{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

    public ServerLimits {
        if (maxBodyBytes < 1 || workers < 1 || queue < 0 || decodeBudgetBytes < 1 || jettyThreads < 8
                || bodyTimeout == null || bodyTimeout.isNegative() || bodyTimeout.isZero() || image == null) {
            throw new IllegalArgumentException("server limits must be positive (and Jetty needs at least 8 threads)");
        }
        if (corsOrigin != null && !ORIGIN.matcher(corsOrigin).matches()) {
            throw new IllegalArgumentException("a CORS origin is an origin such as http://localhost:3000 "
                    + "(scheme, host and port; no path), got " + corsOrigin);
        }
    }

    /** Workers for an engine that batches concurrent requests: enough requests in flight to meet in batches. */
    static final int BATCHING_WORKERS = 32;

    /**
     * The defaults for an engine that does not batch concurrent requests (ONNX Runtime; see {@link
     * #defaults(boolean)}): 1 MiB bodies within 10 s; one worker per core and one more, and the rest of 96
     * requests waiting; decodes share half the heap (600 MB with the launcher's 1.2 GB: two of the
     * largest images accepted, or hundreds of drawings); 32 Jetty threads, more on many cores
     * (Jetty needs some per core for its selectors).
     *
     * <p>A worker holds its request through decoding and the forward pass, so the workers bound
     * the requests in flight; the others wait in arrival order. With as many workers as requests
     * (32), 8 connections on 2 cores all decoded at once, sharing the cores, and every request
     * finished late: the same requests/s, p99 19–22 ms. With cores + 1 (3 here) the next request's
     * decode overlaps the forward passes and the rest queue: p99 15.3–15.8 ms
     * (docs/benchmarks.md, "Requests in flight"). The queue is 96 − workers long (at least 64), so
     * up to 32 workers the server holds 96 requests however many of them are workers: fewer workers
     * mean a longer queue, not fewer requests accepted before a 503.
     */
    public static ServerLimits defaults() {
        return defaults(false);
    }

    /**
     * The defaults for models whose engine gains from batching concurrent requests ({@code
     * batching}, libtorch) or not (ONNX Runtime). Batching needs requests in flight to meet: with
     * cores + 1 workers the PyTorch server answered 530 requests/s against 763 with 32 (p99 24.8
     * against 20.6 ms, alternating, docs/benchmarks.md), so a batching engine gets 32 workers.
     */
    public static ServerLimits defaults(boolean batching) {
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = batching ? BATCHING_WORKERS : cores + 1;
        return new ServerLimits(MAX_BODY_BYTES, Duration.ofSeconds(10), workers, Math.max(64, 96 - workers),
                Runtime.getRuntime().maxMemory() / 2, ImageDecoder.Limits.DEFAULT, Math.max(32, 8 + 2 * cores), null);
    }

    public ServerLimits withCorsOrigin(String origin) {
        return new ServerLimits(maxBodyBytes, bodyTimeout, workers, queue, decodeBudgetBytes, image, jettyThreads, origin);
    }

    public ServerLimits withBodyTimeout(Duration timeout) {
        return new ServerLimits(maxBodyBytes, timeout, workers, queue, decodeBudgetBytes, image, jettyThreads, corsOrigin);
    }

    public ServerLimits withWorkers(int workers, int queue) {
        return new ServerLimits(maxBodyBytes, bodyTimeout, workers, queue, decodeBudgetBytes, image, jettyThreads, corsOrigin);
    }

    public ServerLimits withImage(ImageDecoder.Limits image) {
        return new ServerLimits(maxBodyBytes, bodyTimeout, workers, queue, decodeBudgetBytes, image, jettyThreads, corsOrigin);
    }
}
