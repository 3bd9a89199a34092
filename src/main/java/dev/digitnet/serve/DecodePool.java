package dev.digitnet.serve;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool where requests are decoded and classified, off Jetty's threads: a fixed number
 * of workers, a fixed queue, and beyond that an immediate 503 (back-pressure), never a new thread.
 * Decoding itself takes one of a few slots, so only that many decoded images (and their
 * preprocessing planes) are in memory at once, however many requests are in flight.
 */
final class DecodePool implements AutoCloseable {

    /** Seconds a client told 503 should wait before trying again. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final ThreadPoolExecutor workers;
    private final Semaphore decodeSlots;

    DecodePool(int workers, int queue, int decodeSlots) {
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS,
                queue == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "digitnet-request-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.workers.allowCoreThreadTimeOut(true);
        this.decodeSlots = new Semaphore(decodeSlots, true);
    }

    /**
     * Runs {@code task} on a worker.
     *
     * @return its result; fails with a 503 {@link ApiException} at once when every worker is busy
     *     and the queue is full
     */
    <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                try {
                    result.complete(task.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(busy());
        }
        return result;
    }

    static ApiException busy() {
        return new ApiException(503, "busy", "server busy: every worker is taken and the queue is full; retry in "
                + RETRY_AFTER_SECONDS + " s");
    }

    /** Runs a decode in one of the slots (called on a worker). */
    <T> T decode(Callable<T> decode) throws Exception {
        decodeSlots.acquire();
        try {
            return decode.call();
        } finally {
            decodeSlots.release();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
