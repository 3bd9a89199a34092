package dev.digitnet.serve;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP load test of {@code POST /api/predict} on loopback: {@code concurrency} clients send
 * {@code requests} requests in total, each waiting for its answer before sending the next.
 */
public final class LoadBenchmark {

    private LoadBenchmark() {}

    /**
     * What a run measured. Latencies are per request, client side, in milliseconds; a request is
     * an error unless it got a 200.
     */
    public record Result(
            int requests,
            int concurrency,
            int errors,
            double seconds,
            double requestsPerSecond,
            double latencyP50Ms,
            double latencyP90Ms,
            double latencyP99Ms,
            double latencyMaxMs,
            String firstError) {

        public JsonObject toJson() {
            return new GsonBuilder().create().toJsonTree(this).getAsJsonObject();
        }

        @Override
        public String toString() {
            return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(this);
        }
    }

    /**
     * Posts {@code pngBody} (as {@code image/png}) to {@code base}'s {@code /api/predict}.
     *
     * @param base the server, e.g. {@code http://127.0.0.1:8080/}; must be a loopback address
     * @throws IllegalArgumentException if {@code base} is not on loopback or the counts are not positive
     */
    public static Result run(URI base, byte[] pngBody, int requests, int concurrency) throws InterruptedException {
        if (requests < 1 || concurrency < 1) {
            throw new IllegalArgumentException("requests and concurrency must be positive, got " + requests + " and " + concurrency);
        }
        requireLoopback(base);
        URI target = base.resolve("/api/predict");
        int clients = Math.min(concurrency, requests);
        ExecutorService httpThreads = Executors.newFixedThreadPool(2, daemon("bench-http"));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(httpThreads)
                .build();
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pngBody))
                .build();

        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients, daemon("bench-client"));
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < requests) {
                        long t = System.nanoTime();
                        String error = null;
                        try {
                            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (response.statusCode() != 200) {
                                error = "HTTP " + response.statusCode() + ": "
                                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
                            }
                        } catch (IOException e) {
                            error = e.toString();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        latencies[i] = System.nanoTime() - t;
                        if (error != null) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, error);
                        }
                    }
                }));
            }
            for (Future<?> w : workers) {
                try {
                    w.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a benchmark client failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            httpThreads.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Result(requests, clients, errors.get(), round(seconds), round(requests / seconds),
                ms(percentile(latencies, 0.50)), ms(percentile(latencies, 0.90)), ms(percentile(latencies, 0.99)),
                ms(latencies[latencies.length - 1]), firstError.get());
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void requireLoopback(URI base) {
        String host = base.getHost();
        try {
            if (host != null && InetAddress.getByName(host).isLoopbackAddress()) {
                return;
            }
        } catch (IOException e) {
            // not resolvable: refused below
        }
        throw new IllegalArgumentException("the load benchmark only targets loopback addresses, not " + base);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
