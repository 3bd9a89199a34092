package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class NormalizationTest {

    private static float[] forward(AbstractBlock block, NDManager manager, float[] input, Shape shape) {
        block.initialize(manager, DataType.FLOAT32, shape);
        NDArray x = manager.create(input, shape);
        return block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    @Test
    void perChannelGroupNormStandardizesEachChannelOverItsPixels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // One image, two channels of 2×2: channel 0 = 1,2,3,4 and channel 1 = 10,10,10,30.
            float[] input = {1, 2, 3, 4, 10, 10, 10, 30};
            float[] out = forward(GroupNorm.perChannel(2), manager, input, new Shape(1, 2, 2, 2));
            // Channel 0: mean 2.5, variance 1.25 → (x − 2.5)/√(1.25 + 1e-5).
            double s0 = Math.sqrt(1.25 + 1e-5);
            // Channel 1: mean 15, variance 75 → (x − 15)/√(75 + 1e-5).
            double s1 = Math.sqrt(75 + 1e-5);
            float[] expected = {
                (float) (-1.5 / s0), (float) (-0.5 / s0), (float) (0.5 / s0), (float) (1.5 / s0),
                (float) (-5 / s1), (float) (-5 / s1), (float) (-5 / s1), (float) (15 / s1)
            };
            assertArrayEquals(expected, out, 1e-5f);
        }
    }

    @Test
    void singleGroupNormStandardizesTheWholeImageAndAppliesItsAffine() {
        try (NDManager manager = NDManager.newBaseManager()) {
            GroupNorm norm = new GroupNorm(1, 1);
            norm.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 1, 2));
            norm.getParameters().get("weight").getArray().set(new float[] {2f});
            norm.getParameters().get("bias").getArray().set(new float[] {0.5f});
            NDArray x = manager.create(new float[] {0, 4, 5, 5}, new Shape(2, 1, 1, 2));
            float[] out = norm.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            // Image 0: mean 2, variance 4 → ∓1 (scaled by 2, shifted by .5); image 1 is constant → 0 → .5.
            double z = 2 / Math.sqrt(4 + 1e-5);
            assertArrayEquals(new float[] {(float) (-2 * z + 0.5), (float) (2 * z + 0.5), 0.5f, 0.5f}, out, 1e-5f);
        }
    }

    @Test
    void grnWithZeroGammaAndBetaIsTheIdentity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] input = {1, 2, 3, 4, -1, 0, 2, 5};
            float[] out = forward(new GlobalResponseNorm(2), manager, input, new Shape(1, 2, 2, 2));
            assertArrayEquals(input, out, 0f);
        }
    }

    @Test
    void grnScalesEachChannelByItsSpatialNormRelativeToTheChannelMean() {
        try (NDManager manager = NDManager.newBaseManager()) {
            GlobalResponseNorm grn = new GlobalResponseNorm(2);
            Shape shape = new Shape(1, 2, 2, 2);
            grn.initialize(manager, DataType.FLOAT32, shape);
            grn.getParameters().get("gamma").getArray().set(new float[] {1f, 2f});
            grn.getParameters().get("beta").getArray().set(new float[] {0.1f, -0.1f});
            // Channel 0 = 3,4,0,0 (L2 norm 5); channel 1 = 1,1,1,1 (L2 norm 2); mean norm 3.5.
            NDArray x = manager.create(new float[] {3, 4, 0, 0, 1, 1, 1, 1}, shape);
            float[] out = grn.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            double n0 = 5 / (3.5 + 1e-6);
            double n1 = 2 / (3.5 + 1e-6);
            float[] expected = new float[8];
            float[] in = {3, 4, 0, 0, 1, 1, 1, 1};
            for (int i = 0; i < 4; i++) {
                expected[i] = (float) (1 * in[i] * n0 + 0.1 + in[i]);
                expected[i + 4] = (float) (2 * in[i + 4] * n1 - 0.1 + in[i + 4]);
            }
            assertArrayEquals(expected, out, 1e-5f);
        }
    }

    @Test
    void readableParameterNamesFollowPyTorchStyle() {
        assertEquals("stage1.0.expand.weight", ParameterNames.readable("02stage1_01DepthwiseBlock_03expand_weight"));
        assertEquals("head.2.bias", ParameterNames.readable("06head_03Linear_bias"));
        assertEquals("stem.weight", ParameterNames.readable("01stem_weight"));
        // A layer list's children: the name may hold dots, and past 99 the position has three digits.
        assertEquals("stage3.1.grn.gamma", ParameterNames.readable("07stage3.1_04grn_gamma"));
        assertEquals("stage7.40.depthwise.bias", ParameterNames.readable("123stage7.40_01depthwise_bias"));
        assertEquals("s9conv2.weight", ParameterNames.readable("100s9conv2_weight"));
    }
}
