package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MaxPoolTest {

    @Test
    void inferencePoolingGivesTheSameValuesAsThePoolingKernelUsedInTraining() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(5);
            NDArray x = manager.randomNormal(new Shape(3, 4, 8, 6));
            // Ties and a flat region, as blank background gives.
            x.set(new NDIndex("0, 0, 0:4, 0:4"), 0f);
            x.set(new NDIndex("1, 2, 2:4, 2:4"), 1.5f);
            NDArray kernel = MaxPool2x2.pool(x, true);
            NDArray views = MaxPool2x2.pool(x, false);
            assertEquals(new Shape(3, 4, 4, 3), views.getShape());
            assertArrayEquals(kernel.toFloatArray(), views.toFloatArray(), 0f);
        }
    }

    @Test
    void inferencePoolingTakesTheLargestOfEachTwoByTwoWindow() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {
                1, 9, 2, 0,
                3, 4, 8, 5,
                -1, -2, 0, 7,
                -3, -4, 6, 1}, new Shape(1, 1, 4, 4));
            assertArrayEquals(new float[] {9, 8, -1, 7}, MaxPool2x2.pool(x, false).toFloatArray(), 0f);
        }
    }
}
