package dev.digitnet.predict;

import dev.digitnet.model.ProbabilityModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchingInferenceTest {

    /** Answers with the input's first pixel as "digit", after a pause, recording batch sizes. */
    static final class SlowEcho extends FakeModels.Base {
        final List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public float[][] probabilities(float[][] inputs) {
            batchSizes.add(inputs.length);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.probabilities(inputs);
        }

        @Override
        float[] one(float[] input) {
            float[] p = new float[10];
            p[(int) input[0]] = 1;
            return p;
        }
    }

    /** The softmax of the logits the batching hands back. */
    private static float[] probabilities(BatchingInference inference, float[] image) {
        float[] row = inference.logits(image);
        dev.digitnet.model.ProbabilityModel.softmaxInPlace(row);
        return row;
    }

    private static float[] image(int digit) {
        float[] input = new float[32 * 32];
        input[0] = digit;
        return input;
    }

    @Test
    void concurrentCallersShareForwardPassesAndEachGetsItsOwnAnswer() throws Exception {
        SlowEcho model = new SlowEcho();
        int callers = 24;
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try (PredictorPool pool = new PredictorPool(() -> model, 1)) {
            BatchingInference inference = new BatchingInference(pool, 32);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<float[]>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int digit = i % 10;
                answers.add(threads.submit(() -> {
                    go.await();
                    return probabilities(inference, image(digit));
                }));
            }
            go.countDown();
            for (int i = 0; i < callers; i++) {
                assertEquals(1f, answers.get(i).get(10, TimeUnit.SECONDS)[i % 10], "caller " + i + " got another's answer");
            }
            assertEquals(callers, model.batchSizes.stream().mapToInt(Integer::intValue).sum());
            assertTrue(model.batchSizes.size() < callers, "no batching happened: " + model.batchSizes);
            assertFalse(model.usedConcurrently);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aLoneCallerRunsABatchOfOne() {
        SlowEcho model = new SlowEcho();
        try (PredictorPool pool = new PredictorPool(() -> model, 2)) {
            BatchingInference inference = new BatchingInference(pool, 32);
            for (int d = 0; d < 3; d++) {
                assertEquals(1f, probabilities(inference, image(d))[d]);
            }
            assertEquals(List.of(1, 1, 1), model.batchSizes);
        }
    }

    @Test
    void batchesNeverExceedTheLimit() throws Exception {
        SlowEcho model = new SlowEcho();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try (PredictorPool pool = new PredictorPool(() -> model, 1)) {
            BatchingInference inference = new BatchingInference(pool, 3);
            List<Future<float[]>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(threads.submit(() -> probabilities(inference, image(7))));
            }
            for (Future<float[]> a : answers) {
                assertEquals(1f, a.get(10, TimeUnit.SECONDS)[7]);
            }
            assertTrue(model.batchSizes.stream().allMatch(n -> n <= 3), model.batchSizes.toString());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFailingForwardPassFailsEveryCallerInItsBatchAndTheNextCallWorks() {
        AtomicInteger images = new AtomicInteger();
        ProbabilityModel flaky = new FakeModels.Base() {
            @Override
            float[] one(float[] input) {
                if (images.incrementAndGet() == 1) {
                    throw new IllegalStateException("native failure");
                }
                return new float[10];
            }
        };
        try (PredictorPool pool = new PredictorPool(() -> flaky, 1)) {
            BatchingInference inference = new BatchingInference(pool, 8);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> probabilities(inference, image(1)));
            assertEquals("native failure", e.getMessage());
            assertEquals(10, probabilities(inference, image(1)).length);
        }
    }

    @Test
    void aCallerThatGetsNoModelInTimeIsRefusedAndLeavesNothingQueued() throws Exception {
        SlowEcho model = new SlowEcho();
        try (PredictorPool pool = new PredictorPool(() -> model, 1, Duration.ofMillis(50))) {
            BatchingInference inference = new BatchingInference(pool, 8);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = PredictorPoolTest.holdAModelUntil(pool, release);
            assertThrows(PredictorPool.PoolTimeoutException.class, () -> probabilities(inference, image(2)));
            release.countDown();
            holder.join();
            assertEquals(1f, probabilities(inference, image(4))[4]);
            assertEquals(List.of(1), model.batchSizes, "the refused image must not have been run later");
        }
    }

    /**
     * Answers like {@link SlowEcho}, but each forward pass waits for a permit ({@link #pass}) after
     * saying it has started ({@link #started}): the test decides when batches finish.
     */
    static final class GatedEcho extends FakeModels.Base {
        final List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
        final Semaphore started = new Semaphore(0);
        final Semaphore pass = new Semaphore(0);
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public float[][] probabilities(float[][] inputs) {
            batchSizes.add(inputs.length);
            started.release();
            boolean wasInterrupted = false;
            while (true) {
                try {
                    pass.acquire();
                    break;
                } catch (InterruptedException e) {
                    // close() interrupts the workers: note it, and finish the batch once let through.
                    wasInterrupted = true;
                    interrupted.countDown();
                }
            }
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
            return super.probabilities(inputs);
        }

        @Override
        float[] one(float[] input) {
            float[] p = new float[10];
            p[(int) input[0]] = 1;
            return p;
        }

        void awaitStarted(int batches) throws InterruptedException {
            assertTrue(started.tryAcquire(batches, 10, TimeUnit.SECONDS), "forward passes started: " + batchSizes);
        }
    }

    /** Waits until {@code condition} holds, failing after 10 s: a latch on state the inference cannot signal. */
    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(1);
        }
    }

    @Test
    void imagesQueuedWhileEveryModelIsBusyGoThroughAsOneBatch() throws Exception {
        // 2 models, both busy with one image each, while 6 more callers queue: the first model
        // freed takes all 6 at once (an earlier design, where callers took turns with the models,
        // ran what had just arrived and averaged 1.6 images per batch with 8 callers).
        GatedEcho model = new GatedEcho();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (PredictorPool pool = new PredictorPool(() -> model, 2);
                BatchingInference inference = new BatchingInference(pool, 32)) {
            List<Future<float[]>> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int digit = i;
                answers.add(threads.submit(() -> probabilities(inference, image(digit))));
                model.awaitStarted(1);
            }
            for (int i = 2; i < 8; i++) {
                int digit = i;
                answers.add(threads.submit(() -> probabilities(inference, image(digit))));
            }
            await("6 images queue", () -> inference.queued() == 6);

            model.pass.release(1);
            model.awaitStarted(1);

            assertEquals(List.of(1, 1, 6), model.batchSizes);
            model.pass.release(100);
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(1f, answers.get(i).get(10, TimeUnit.SECONDS)[i], "caller " + i + " got another's answer");
            }
            assertEquals(List.of(1, 1, 6), model.batchSizes);
            assertFalse(model.usedConcurrently);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void closingFailsQueuedImagesAndRefusesNewOnes() throws Exception {
        GatedEcho model = new GatedEcho();
        ExecutorService threads = Executors.newFixedThreadPool(5);
        PredictorPool pool = new PredictorPool(() -> model, 1);
        BatchingInference inference = new BatchingInference(pool, 1);
        try {
            Future<float[]> running = threads.submit(() -> probabilities(inference, image(3)));
            model.awaitStarted(1);
            List<Future<float[]>> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                queued.add(threads.submit(() -> probabilities(inference, image(3))));
            }
            await("3 images queue behind the running one", () -> inference.queued() == 3);

            Future<?> closing = threads.submit(inference::close);
            // close() interrupts the worker once it has marked the inference closed.
            assertTrue(model.interrupted.await(10, TimeUnit.SECONDS), "close() reached the worker");
            model.pass.release(100);
            closing.get(10, TimeUnit.SECONDS);

            assertEquals(1f, running.get(10, TimeUnit.SECONDS)[3], "the running batch finishes");
            for (Future<float[]> q : queued) {
                java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> q.get(10, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
            }
            assertEquals(List.of(1), model.batchSizes, "no queued image ran after close");
            assertThrows(IllegalStateException.class, () -> probabilities(inference, image(1)));
        } finally {
            model.pass.release(100);
            threads.shutdownNow();
            pool.close();
        }
    }
}
