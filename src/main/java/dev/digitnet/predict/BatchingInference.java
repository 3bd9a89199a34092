package dev.digitnet.predict;

import dev.digitnet.model.ProbabilityModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Single-image inference that batches whatever arrives concurrently, with no waiting timer.
 *
 * <p>One worker thread per pooled model takes the oldest queued image and every other image queued
 * by then (up to {@code maxBatch}) and runs them as one forward pass. A lone request runs at once,
 * as a batch of one; under load, images pile up while the workers are busy and go through
 * together, so libtorch's per-operation overhead, which dominates a batch-1 pass of this small
 * network, is paid once per batch instead of once per image.
 *
 * <p>Callers only wait for their answer. (An earlier design let each caller borrow a model and run
 * the queue itself: callers whose images another caller had already taken still queued for a
 * model, took it in turn and ran whatever had just arrived, so batches averaged 1.4 images with 8
 * concurrent callers.)
 */
final class BatchingInference implements AutoCloseable {

    private final PredictorPool pool;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    BatchingInference(PredictorPool pool, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.pool = Objects.requireNonNull(pool, "pool");
        this.maxBatch = maxBatch;
        for (int i = 0; i < pool.size(); i++) {
            Thread worker = new Thread(this::work, "digitnet-inference-" + (i + 1));
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** One image waiting for its outputs. */
    private record Pending(float[] input, CompletableFuture<Answer> result) {}

    /**
     * The model's raw outputs for one image.
     *
     * @param logits the logits (the caller calibrates them)
     * @param notDigit the not-a-digit head's score, NaN for a model without one
     */
    record Answer(float[] logits, float notDigit) {}

    /** The model's raw logits for one 32×32 input: {@link #answer}'s. */
    float[] logits(float[] input) {
        return answer(input).logits();
    }

    /**
     * The model's raw outputs for one 32×32 input (the caller calibrates them).
     *
     * @throws PredictorPool.PoolTimeoutException if no worker took the image within the pool's
     *     timeout, or no model became free for its batch in time
     * @throws IllegalStateException if the inference is closed
     */
    Answer answer(float[] input) {
        Pending mine = new Pending(input, new CompletableFuture<>());
        if (closed) {
            throw closedError();
        }
        queue.add(mine);
        if (closed && queue.remove(mine)) {
            throw closedError(); // closed while queueing: the workers may be gone
        }
        try {
            return awaitAnswer(mine);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            queue.remove(mine);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for inference", e);
        }
    }

    private Answer awaitAnswer(Pending mine) throws ExecutionException, InterruptedException {
        try {
            return mine.result().get(pool.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (queue.remove(mine)) {
                throw new PredictorPool.PoolTimeoutException("all " + pool.size() + " predictors busy for "
                        + pool.timeout().toMillis() + " ms; try again later");
            }
            return mine.result().get(); // already in a running batch: its answer is moments away
        }
    }

    private void work() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, maxBatch - 1);
            run(batch);
            batch.clear();
        }
        failQueued();
    }

    private void run(List<Pending> batch) {
        try {
            float[][] inputs = new float[batch.size()][];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = batch.get(i).input();
            }
            ProbabilityModel.Outputs outputs = pool.withModel(model -> model.outputs(inputs));
            for (int i = 0; i < inputs.length; i++) {
                batch.get(i).result().complete(new Answer(outputs.logits()[i], outputs.notDigit()[i]));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    /** Images queued for a worker now. */
    int queued() {
        return queue.size();
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("the classifier is closed");
    }

    private void failQueued() {
        Pending p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(closedError());
        }
    }

    /** Stops the workers (a running batch finishes first) and refuses what is still queued. */
    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        failQueued();
    }
}
