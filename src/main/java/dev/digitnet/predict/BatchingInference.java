package dev.digitnet.predict;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Single-image inference that batches whatever arrives concurrently, with no waiting timer.
 *
 * <p>Each caller queues its image, then borrows a model from the pool and runs every image
 * queued by then (its own and other callers') as one forward pass. A caller whose image another
 * caller took just waits for that answer. When requests come one at a time nothing changes (a
 * batch of one, no added delay); under load, libtorch's per-operation overhead, which dominates a
 * batch-1 pass of this small network, is paid once per batch instead of once per image.
 */
final class BatchingInference {

    private final PredictorPool pool;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

    BatchingInference(PredictorPool pool, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.pool = Objects.requireNonNull(pool, "pool");
        this.maxBatch = maxBatch;
    }

    /** One image waiting for its probabilities; {@code taken} once a caller has put it in a batch. */
    private record Pending(float[] input, CompletableFuture<float[]> result, AtomicBoolean taken) {}

    /**
     * The model's probabilities for one 32×32 input.
     *
     * @throws PredictorPool.PoolTimeoutException if no model became free in time
     */
    float[] probabilities(float[] input) {
        Pending mine = new Pending(input, new CompletableFuture<>(), new AtomicBoolean());
        queue.add(mine);
        while (!mine.taken().get()) {
            try {
                pool.withModel(model -> {
                    runQueued(model);
                    return null;
                });
            } catch (RuntimeException e) {
                // No model (timeout, closed pool): withdraw the image unless a batch already has it.
                if (queue.remove(mine)) {
                    throw e;
                }
            }
        }
        try {
            return mine.result().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Runs up to {@code maxBatch} queued images through {@code model}, answering each. */
    private void runQueued(ProbabilityModel model) {
        List<Pending> batch = new ArrayList<>();
        Pending p;
        while (batch.size() < maxBatch && (p = queue.poll()) != null) {
            p.taken().set(true);
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            float[][] inputs = new float[batch.size()][];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = batch.get(i).input();
            }
            float[][] outputs = model.probabilities(inputs);
            for (int i = 0; i < inputs.length; i++) {
                batch.get(i).result().complete(outputs[i]);
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(b -> b.result().completeExceptionally(e));
        }
    }
}
