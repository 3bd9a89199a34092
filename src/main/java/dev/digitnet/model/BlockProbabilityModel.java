package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.function.Supplier;

/** Runs the network in inference mode over plain float arrays. One per thread. */
final class BlockProbabilityModel implements ProbabilityModel {

    private final Block block;
    private final Architecture config;
    private final NDManager manager;
    private final ParameterStore store;

    BlockProbabilityModel(Block block, Architecture config, NDManager modelManager) {
        this.config = config;
        this.block = block;
        this.manager = modelManager.newSubManager();
        this.store = new ParameterStore(manager, false);
    }

    @Override
    public int inputSize() {
        return config.inputSize();
    }

    @Override
    public float[][] logits(float[][] inputs) {
        int side = config.inputSize();
        int pixels = side * side;
        FloatBuffer batch = FloatBuffer.allocate(inputs.length * pixels);
        for (float[] image : inputs) {
            if (image.length != pixels) {
                throw new IllegalArgumentException("expected " + pixels + " pixels per image, got " + image.length);
            }
            batch.put(image);
        }
        batch.flip();
        return withoutGrad(() -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(batch, DigitNetModel.inputShape(config, inputs.length));
                NDArray logits = block.forward(store, new NDList(x), false).singletonOrThrow();
                float[] flat = logits.toFloatArray();
                int classes = config.classes();
                float[][] out = new float[inputs.length][classes];
                for (int i = 0; i < inputs.length; i++) {
                    System.arraycopy(flat, i * classes, out[i], 0, classes);
                }
                return out;
            }
        });
    }

    /**
     * Runs {@code work} with libtorch's grad mode off, then restores it. Grad mode is per thread
     * and on by default; DJL turns it off only on the thread that started the engine. Left on,
     * every op on a pool or HTTP thread records an autograd graph (the weights require gradients)
     * and keeps its inputs alive until the result is freed.
     */
    static <T> T withoutGrad(Supplier<T> work) {
        boolean gradMode = JniUtils.isGradMode();
        if (gradMode) {
            JniUtils.setGradMode(false);
        }
        try {
            return work.get();
        } finally {
            if (gradMode) {
                JniUtils.setGradMode(true);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
