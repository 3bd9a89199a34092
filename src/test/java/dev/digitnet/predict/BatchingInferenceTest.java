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

    @Test
    void closedLoopCallersGetBatchesOfAboutTheirNumberPerModel() throws Exception {
        // 8 callers each sending their next image as soon as the last is answered, 2 models: while
        // both models are busy the others' images queue up and go through together (about 3 per
        // batch; an earlier design, where callers took turns with the models, averaged 1.6).
        SlowEcho model = new SlowEcho();
        int callers = 8;
        int rounds = 15;
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        java.util.concurrent.atomic.AtomicInteger batchesWhileAllCalled = new java.util.concurrent.atomic.AtomicInteger(-1);
        try (PredictorPool pool = new PredictorPool(() -> model, 2);
                BatchingInference inference = new BatchingInference(pool, 32)) {
            List<Future<Integer>> loops = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int digit = c;
                loops.add(threads.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        assertEquals(1f, probabilities(inference, image(digit))[digit]);
                    }
                    batchesWhileAllCalled.compareAndSet(-1, model.batchSizes.size());
                    return rounds;
                }));
            }
            for (Future<Integer> loop : loops) {
                assertEquals(rounds, loop.get(30, TimeUnit.SECONDS));
            }
            assertEquals(callers * rounds, model.batchSizes.stream().mapToInt(Integer::intValue).sum());
            // Judge the steady state: from the third batch until the first caller is done (the
            // start and the last callers' tail make small batches whatever the design).
            List<Integer> steady = model.batchSizes.subList(2, batchesWhileAllCalled.get());
            double mean = steady.stream().mapToInt(Integer::intValue).average().orElse(0);
            assertTrue(mean >= 2.2, "mean batch " + mean + " in " + model.batchSizes);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void closingFailsQueuedImagesAndRefusesNewOnes() throws Exception {
        SlowEcho model = new SlowEcho();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        PredictorPool pool = new PredictorPool(() -> model, 1);
        BatchingInference inference = new BatchingInference(pool, 1);
        try {
            List<Future<float[]>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(threads.submit(() -> probabilities(inference, image(3))));
            }
            Thread.sleep(5); // the first is running (20 ms), the rest queue behind it (batches of 1)
            inference.close();
            int refused = 0;
            for (Future<float[]> a : answers) {
                try {
                    assertEquals(1f, a.get(10, TimeUnit.SECONDS)[3]);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
                    refused++;
                }
            }
            assertTrue(refused >= 1, "nothing was still queued at close: " + model.batchSizes);
            assertThrows(IllegalStateException.class, () -> probabilities(inference, image(1)));
        } finally {
            threads.shutdownNow();
            pool.close();
        }
    }
}
