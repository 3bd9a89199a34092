package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class SingleChannelSafeConvTest {

    @Test
    void foldedTrainingPathAndPlainInferencePathGiveTheSameOutput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(11);
            SingleChannelSafeConv conv = SingleChannelSafeConv.depthwise(1, 5);
            conv.setInitializer(new FanInUniformInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            Shape shape = new Shape(6, 1, 8, 8);
            conv.initialize(manager, DataType.FLOAT32, shape);
            conv.getParameters().get("bias").getArray().set(new float[] {0.25f});
            NDArray x = manager.randomUniform(0, 1, shape);
            ParameterStore store = new ParameterStore(manager, false);
            float[] folded = conv.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
            float[] plain = conv.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            assertEquals(6 * 64, plain.length);
            assertArrayEquals(plain, folded, 1e-5f);
        }
    }

    @Test
    void fanInUniformInitializerStaysWithinOneOverRootFanIn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // A depthwise 5×5 kernel has fan-in 25 (bound 0.2); a 1×1 conv from 96 channels, 96.
            for (Shape shape : new Shape[] {new Shape(24, 1, 5, 5), new Shape(24, 96, 1, 1), new Shape(10, 64)}) {
                float bound = (float) (1 / Math.sqrt(shape.size() / shape.get(0)));
                float[] w = new FanInUniformInitializer().initialize(manager, shape, DataType.FLOAT32).toFloatArray();
                double max = 0;
                double sumSquares = 0;
                for (float v : w) {
                    max = Math.max(max, Math.abs(v));
                    sumSquares += v * v;
                }
                assertTrue(max <= bound, shape + ": " + max + " > " + bound);
                // Uniform on ±b has standard deviation b/√3; the sample's should be close to it.
                double std = Math.sqrt(sumSquares / w.length);
                assertEquals(bound / Math.sqrt(3), std, 0.15 * bound, shape.toString());
            }
        }
    }
}
