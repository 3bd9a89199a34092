package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** Inference takes faster paths (in-place arithmetic, pooling without indices) than training. */
class InferencePathTest {

    @Test
    void aBlockGivesTheSameOutputInInferenceAsInTrainingAndLeavesItsInputAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(3);
            for (int[] channels : new int[][] {{1, 24}, {24, 48}, {48, 48}}) {
                DepthwiseBlock block = new DepthwiseBlock(channels[0], channels[1], 5, 4);
                block.setInitializer(new FanInUniformInitializer(), Parameter.Type.WEIGHT);
                Shape shape = new Shape(4, channels[0], 8, 8);
                block.initialize(manager, DataType.FLOAT32, shape);
                // Non-trivial norm affines and GRN (a fresh GRN is the identity).
                for (var p : block.getParameters()) {
                    Parameter.Type type = p.getValue().getType();
                    if (type == Parameter.Type.GAMMA || type == Parameter.Type.BETA) {
                        NDArray a = p.getValue().getArray();
                        a.set(manager.randomUniform(-1, 1, a.getShape()).toFloatArray());
                    }
                }
                NDArray x = manager.randomUniform(0, 1, shape);
                float[] before = x.toFloatArray();
                ParameterStore store = new ParameterStore(manager, false);
                float[] trained = block.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
                float[] inferred = block.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
                assertEquals(4L * channels[1] * 64, inferred.length);
                assertArrayEquals(trained, inferred, 1e-5f, channels[0] + "→" + channels[1]);
                assertArrayEquals(before, x.toFloatArray(), 0f, "the block's input was modified");
            }
        }
    }
}
