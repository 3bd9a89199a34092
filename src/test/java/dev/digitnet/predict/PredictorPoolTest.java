package dev.digitnet.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PredictorPoolTest {

    @Test
    void neverLendsOneModelToTwoThreadsAndNeverExceedsItsSize() throws Exception {
        List<FakeModels.Base> made = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (PredictorPool pool = new PredictorPool(() -> {
            FakeModels.Base m = (FakeModels.Base) FakeModels.fixed(1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            made.add(m);
            return m;
        }, 3)) {
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<Float>> results = new java.util.ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    results.add(threads.submit(() -> pool.withModel(model -> {
                        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                        try {
                            Thread.onSpinWait();
                            return model.probabilities(new float[][] {new float[1024]})[0][0];
                        } finally {
                            running.decrementAndGet();
                        }
                    })));
                }
                for (Future<Float> f : results) {
                    assertEquals(1f, f.get(10, TimeUnit.SECONDS));
                }
            } finally {
                threads.shutdownNow();
            }
            assertTrue(peak.get() <= 3, "at most 3 at once, saw " + peak.get());
            assertTrue(made.size() <= 3, "created " + made.size());
            assertFalse(made.stream().anyMatch(m -> m.usedConcurrently), "a model was shared between threads");
        }
        assertTrue(made.stream().allMatch(m -> m.closed.get()), "close() closes every model");
    }

    @Test
    void timesOutWhenEveryModelIsBusyAndRecovers() throws Exception {
        try (PredictorPool pool = new PredictorPool(FakeModels::shape, 1, Duration.ofMillis(100))) {
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = holdAModelUntil(pool, release);
            assertThrows(PredictorPool.PoolTimeoutException.class, () -> pool.withModel(m -> 1));
            release.countDown();
            holder.join(5000);
            assertEquals(Integer.valueOf(2), pool.<Integer>withModel(m -> 2));
        }
    }

    @Test
    void aFailingCallReturnsTheModel() {
        try (PredictorPool pool = new PredictorPool(FakeModels::shape, 1, Duration.ofMillis(200))) {
            assertThrows(ArithmeticException.class, () -> pool.withModel(m -> 1 / 0));
            assertEquals(Integer.valueOf(3), pool.<Integer>withModel(m -> 3));
        }
    }

    @Test
    void closedPoolRefusesWorkAndClosesModelsInUseWhenReturned() throws Exception {
        FakeModels.Base[] model = new FakeModels.Base[1];
        PredictorPool pool = new PredictorPool(() -> model[0] = (FakeModels.Base) FakeModels.shape(), 1);
        CountDownLatch release = new CountDownLatch(1);
        Thread user = holdAModelUntil(pool, release);
        pool.close();
        assertFalse(model[0].closed.get(), "not closed while in use");
        release.countDown();
        user.join(5000);
        assertTrue(model[0].closed.get(), "closed once returned");
        assertThrows(IllegalStateException.class, () -> pool.withModel(m -> 1));
        pool.close(); // idempotent
        assertThrows(IllegalArgumentException.class, () -> new PredictorPool(FakeModels::shape, 0));
    }

    /** Borrows one of the pool's models on another thread and keeps it until {@code release} opens. */
    static Thread holdAModelUntil(PredictorPool pool, CountDownLatch release) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Thread holder = new Thread(() -> pool.withModel(m -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        assertTrue(holding.await(5, TimeUnit.SECONDS), "the holder never got a model");
        return holder;
    }
}
