package dev.digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outlier-exposure loss against values worked out by hand. Two rows, three classes, logits
 * s₁ = (1, 2, 0.5), s₂ = (0, −1, 3) (as in DistillationObjectiveTest). In double precision:
 * −log softmax(s₁)[0] = 1.46436878, −log softmax(s₂)[2] = 0.06588390, and the cross-entropies to
 * the uniform distribution, −⅓ Σₖ log softmax(sᵢ)ₖ, are u₁ = 1.29770212 and u₂ = 2.39921724. So:
 * labels (0, 2): (1.46436878 + 0.06588390) / 2 = 0.76512634 whatever λ;
 * labels (0, −1), λ 0.5: 1.46436878 + 0.5 · 2.39921724 = 2.66397740;
 * labels (−1, 2), λ 1: 0.06588390 + 1.29770212 = 1.36358602;
 * labels (−1, −1), λ 0.5: 0.5 · (1.29770212 + 2.39921724) / 2 = 0.92422984.
 */
class OutlierExposureObjectiveTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray logits() {
        return manager.create(new float[] {1, 2, 0.5f, 0, -1, 3}, new Shape(2, 3));
    }

    private static NDArray labels(long... values) {
        return manager.create(values);
    }

    private static float loss(double lambda, long... labels) {
        return OutlierExposureObjective.loss(logits(), labels(labels), lambda).getFloat();
    }

    @Test
    void aBatchWithoutOutliersIsPlainCrossEntropy() {
        for (double lambda : new double[] {0, 0.5, 3}) {
            assertEquals(0.76512634f, loss(lambda, 0, 2), 1e-6f, "lambda " + lambda);
        }
        assertEquals(TrainingObjective.crossEntropy(logits(), labels(0, 2)).getFloat(), loss(0.5, 0, 2), 1e-6f);
    }

    @Test
    void outliersAddLambdaTimesTheirCrossEntropyToUniform() {
        assertEquals(2.66397740f, loss(0.5, 0, -1), 1e-5f);
        assertEquals(1.36358602f, loss(1, -1, 2), 1e-5f);
    }

    @Test
    void aBatchOfOnlyOutliersHasNoDigitTerm() {
        assertEquals(0.92422984f, loss(0.5, -1, -1), 1e-6f);
        assertEquals(0f, loss(0, -1, -1), 0f);
    }

    @Test
    void lambdaZeroIgnoresOutliers() {
        assertEquals(1.46436878f, loss(0, 0, -1), 1e-5f);
    }

    @Test
    void throughTheObjectiveInterface() {
        OutlierExposureObjective objective = new OutlierExposureObjective(0.5, new JsonObject());
        NDArray images = manager.zeros(new Shape(2, 1, 32, 32));
        assertEquals(2.66397740f, objective.loss(logits(), labels(0, -1), images).getFloat(), 1e-5f);
    }

    @Test
    void gradientsPullOutliersTowardsUniformAndDigitsTowardsTheirLabel() {
        // d/ds of CE(s, y) is softmax(s) − onehot(y); of CE(s, uniform) it is softmax(s) − 1/K.
        // Each term is a mean over one row here, so row 1 gets the first, row 2 λ times the second.
        NDArray s = logits();
        s.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(OutlierExposureObjective.loss(s, labels(0, -1), 0.5));
        }
        float[] grad = s.getGradient().toFloatArray();
        double[] p1 = softmax(1, 2, 0.5);
        double[] p2 = softmax(0, -1, 3);
        float[] expected = {
            (float) (p1[0] - 1), (float) p1[1], (float) p1[2],
            (float) (0.5 * (p2[0] - 1.0 / 3)), (float) (0.5 * (p2[1] - 1.0 / 3)), (float) (0.5 * (p2[2] - 1.0 / 3))};
        assertArrayEquals(expected, grad, 1e-6f);
    }

    private static double[] softmax(double... z) {
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i]);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Test
    void confidentLogitsGiveFiniteLosses() {
        NDArray sure = manager.create(new float[] {1000, -1000, 0, -1000, 1000, 0}, new Shape(2, 3));
        float value = OutlierExposureObjective.loss(sure, labels(0, -1), 0.5).getFloat();
        assertTrue(Float.isFinite(value), "got " + value);
    }

    @Test
    void describesLambdaAndOutliersForProvenance() {
        JsonObject outliers = new JsonObject();
        outliers.addProperty("seed", 7);
        JsonObject json = new OutlierExposureObjective(0.5, outliers).describe();
        assertEquals("outlier-exposure", json.get("type").getAsString());
        assertEquals(0.5, json.get("lambda").getAsDouble());
        assertEquals(7, json.getAsJsonObject("outliers").get("seed").getAsLong());
    }

    @Test
    void badLambdasAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OutlierExposureObjective.checkLambda(-0.1));
        assertThrows(IllegalArgumentException.class, () -> OutlierExposureObjective.checkLambda(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> OutlierExposureObjective.checkLambda(Double.POSITIVE_INFINITY));
    }
}
