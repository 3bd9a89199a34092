package dev.digitnet.predict;

import dev.digitnet.model.ProbabilityModel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A bounded pool of {@link ProbabilityModel}s, which are not thread-safe: each caller borrows one
 * model for the duration of {@link #withModel}, so at most {@code size} inferences run at once.
 *
 * <p>The first model is created eagerly (a broken factory fails at once), the others on demand.
 * Closing the pool closes every model, including those in use when they come back.
 */
public final class PredictorPool implements AutoCloseable {

    /** How long {@link #withModel} waits for a free model by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** No model became free within the pool's timeout (the server answers 503). */
    public static final class PoolTimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PoolTimeoutException(String message) {
            super(message);
        }
    }

    private final Supplier<ProbabilityModel> factory;
    private final int size;
    private final long timeoutNanos;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<ProbabilityModel> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public PredictorPool(Supplier<ProbabilityModel> factory, int size) {
        this(factory, size, DEFAULT_TIMEOUT);
    }

    public PredictorPool(Supplier<ProbabilityModel> factory, int size, Duration timeout) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, got " + size);
        }
        this.factory = Objects.requireNonNull(factory, "factory");
        this.size = size;
        this.timeoutNanos = timeout.toNanos();
        this.permits = new Semaphore(size, true);
        idle.push(create());
    }

    /** The most models that can exist (and inferences run) at once. */
    public int size() {
        return size;
    }

    /** How long {@link #withModel} waits for a free model. */
    public Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }

    /**
     * Runs {@code work} with a model of its own, then returns the model to the pool (also when
     * {@code work} throws).
     *
     * @throws PoolTimeoutException if no model became free within the timeout
     * @throws IllegalStateException if the pool is closed
     */
    public <T> T withModel(Function<ProbabilityModel, T> work) {
        ProbabilityModel model = borrow();
        try {
            return work.apply(model);
        } finally {
            giveBack(model);
        }
    }

    private ProbabilityModel borrow() {
        ensureOpen();
        boolean acquired;
        try {
            acquired = permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a free model", e);
        }
        if (!acquired) {
            throw new PoolTimeoutException("all " + size + " models busy for "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms; try again later");
        }
        try {
            ensureOpen();
            ProbabilityModel model = idle.poll();
            return model != null ? model : create();
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    private void giveBack(ProbabilityModel model) {
        idle.push(model);
        permits.release();
        if (closed) {
            closeIdle();
        }
    }

    private ProbabilityModel create() {
        return Objects.requireNonNull(factory.get(), "the model factory returned null");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the predictor pool is closed");
        }
    }

    private void closeIdle() {
        ProbabilityModel model;
        while ((model = idle.poll()) != null) {
            try {
                model.close();
            } catch (RuntimeException ignored) {
                // closing is best effort; the others still get closed
            }
        }
    }

    /** Closes the idle models now and the borrowed ones as they come back. Idempotent. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }
}
