package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.digitnet.model.ProbabilityModel;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class InferenceThreadsTest {

    @Test
    void gradModeIsOffDuringInferenceOnAFreshThreadAndRestoredAfter() throws Exception {
        Engine.getInstance();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            boolean[] seen = pool.submit(() -> {
                boolean before = JniUtils.isGradMode();
                boolean inside = BlockProbabilityModel.withoutGrad(JniUtils::isGradMode);
                return new boolean[] {before, inside, JniUtils.isGradMode()};
            }).get();
            // The premise: libtorch starts every new thread with grad mode on.
            assertTrue(seen[0], "a fresh thread starts in grad mode");
            assertFalse(seen[1], "inference runs without grad");
            assertTrue(seen[2], "the thread's own mode is restored");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPredictionOnAnotherThreadEqualsOneOnTheEngineThread() throws Exception {
        float[][] images = new float[2][32 * 32];
        Random random = new Random(3);
        for (float[] image : images) {
            for (int i = 0; i < image.length; i++) {
                image[i] = random.nextFloat();
            }
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (DigitNetModel model = DigitNetModel.create(DigitNetConfig.modelCard(), 5);
                ProbabilityModel here = model.newProbabilityModel();
                ProbabilityModel there = model.newProbabilityModel()) {
            float[][] expected = here.probabilities(images);
            float[][] actual = pool.submit(() -> there.probabilities(images)).get();
            for (int i = 0; i < images.length; i++) {
                assertArrayEquals(expected[i], actual[i], 1e-6f);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
