package dev.digitnet.serve;

import dev.digitnet.input.ImageDecoder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool where requests are decoded and classified, off Jetty's threads: a fixed number
 * of workers, a fixed queue, and beyond that an immediate 503 (back-pressure), never a new thread.
 * Decodes draw on a memory budget: each reserves what its header says the image and its
 * preprocessing need before decoding, and waits while the budget is spent, so however many
 * requests are in flight, their decoded images fit in the heap (a drawing needs ~1 MB; the largest
 * accepted image ~256 MB).
 */
final class DecodePool implements AutoCloseable {

    /** Seconds a client told 503 should wait before trying again. */
    static final int RETRY_AFTER_SECONDS = 1;
    /** Budget accounting unit: permits are KiB, so a 2 GiB budget fits an int. */
    private static final int UNIT = 1024;

    private final ThreadPoolExecutor workers;
    private final Semaphore budget;
    private final int budgetUnits;

    DecodePool(int workers, int queue, long budgetBytes) {
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS,
                queue == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "digitnet-request-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.workers.allowCoreThreadTimeOut(true);
        this.budgetUnits = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetBytes / UNIT));
        // Fair: a large image waiting its turn is not overtaken forever by small ones.
        this.budget = new Semaphore(budgetUnits, true);
    }

    /**
     * The memory budget decodes reserve from. A reservation larger than the whole budget takes
     * all of it (the image then decodes alone).
     */
    ImageDecoder.Budget budget() {
        return bytes -> {
            int units = (int) Math.min(budgetUnits, Math.max(1, (bytes + UNIT - 1) / UNIT));
            budget.acquire(units);
            AtomicBoolean open = new AtomicBoolean(true);
            return () -> {
                if (open.getAndSet(false)) {
                    budget.release(units);
                }
            };
        };
    }

    /** Runs {@code work} holding {@code bytes} of the budget (for parsing JSON bodies). */
    <T> T withBudget(long bytes, Callable<T> work) throws Exception {
        try (ImageDecoder.Lease lease = budget().reserve(bytes)) {
            return work.call();
        }
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

    /** Requests waiting in the queue for a worker. */
    int waiting() {
        return workers.getQueue().size();
    }

    static ApiException busy() {
        return new ApiException(503, "busy", "server busy: every worker is taken and the queue is full; retry in "
                + RETRY_AFTER_SECONDS + " s");
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
