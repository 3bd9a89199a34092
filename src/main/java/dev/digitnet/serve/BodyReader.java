package dev.digitnet.serve;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Reads a request body without holding a thread while the client sends it (the servlet's
 * non-blocking {@link ReadListener}), at most {@code max} bytes and within {@code timeout}.
 *
 * <p>A blocking read holds a server thread per slow client: about 300 clients trickling their
 * bodies stopped all service. Here a slow client costs only its connection and buffer, and is cut
 * off with 408 when its time is up.
 */
final class BodyReader implements ReadListener {

    private final ServletInputStream in;
    private final int max;
    private final long deadline;
    private final Duration timeout;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private byte[] buffer;
    private int size;

    private BodyReader(ServletInputStream in, int max, long declared, Duration timeout) {
        this.in = in;
        this.max = max;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
        // The declared length is at most max here (checked by the caller); without one, start small.
        this.buffer = new byte[declared >= 0 ? (int) declared + 1 : 16 * 1024];
    }

    /**
     * The bodies being read, checked against their deadlines a few times a second by one timer
     * task (a timer per request cost a scheduling and a wake-up each).
     */
    static final class Deadlines {
        private final Set<BodyReader> reading = ConcurrentHashMap.newKeySet();

        Deadlines(ScheduledExecutorService timer) {
            timer.scheduleWithFixedDelay(this::expire, 100, 100, TimeUnit.MILLISECONDS);
        }

        /** Bodies being read now. */
        int reading() {
            return reading.size();
        }

        private void expire() {
            long now = System.nanoTime();
            for (BodyReader r : reading) {
                if (now - r.deadline > 0) {
                    r.result.completeExceptionally(new ApiException(408, "body_timeout",
                            "the request body did not arrive within " + r.timeout.toMillis() + " ms"));
                }
            }
        }
    }

    /**
     * Starts reading; the request must be in async mode. The future fails with an {@link
     * ApiException}: 413 past {@code max} bytes, 408 past {@code timeout}, 400 for a malformed
     * body (a broken chunk, a body shorter than its Content-Length).
     */
    static CompletableFuture<byte[]> read(HttpServletRequest request, int max, Duration timeout, Deadlines deadlines)
            throws IOException {
        BodyReader reader = new BodyReader(request.getInputStream(), max, request.getContentLengthLong(), timeout);
        deadlines.reading.add(reader);
        reader.result.whenComplete((body, error) -> deadlines.reading.remove(reader));
        reader.in.setReadListener(reader);
        return reader.result;
    }

    static ApiException tooLarge(String size, int max) {
        return new ApiException(413, "body_too_large", "request body too large: " + size + " (limit " + max + " bytes"
                + (max == ServerLimits.MAX_BODY_BYTES ? " = 1 MiB" : "") + ")");
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!result.isDone() && in.isReady()) {
            if (size == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(max + 1, buffer.length * 2));
            }
            int r = in.read(buffer, size, buffer.length - size);
            if (r < 0) {
                return; // onAllDataRead follows
            }
            size += r;
            if (size > max) {
                result.completeExceptionally(tooLarge("more than " + max + " bytes", max));
                return;
            }
        }
    }

    @Override
    public void onAllDataRead() {
        result.complete(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
    }

    @Override
    public void onError(Throwable t) {
        String why = t instanceof BadMessageException bad ? bad.getReason() : t.getMessage();
        result.completeExceptionally(new ApiException(400, "bad_body", "the request body is malformed or incomplete"
                + (why == null || why.isBlank() ? "" : " (" + why.replaceAll("\\s+", " ") + ")")));
    }
}
