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
    /** The model's not-a-digit head, or null. */
    private final NotDigitHead head;
    /** A predictor over the model's not-a-digit gate network, or null (never with a head). */
    private final ProbabilityModel gate;

    BlockProbabilityModel(Block block, Architecture config, NDManager modelManager, NotDigitHead head, ProbabilityModel gate) {
        this.config = config;
        this.block = block;
        this.manager = modelManager.newSubManager();
        this.store = new ParameterStore(manager, false);
        this.head = head;
        this.gate = gate;
    }

    @Override
    public int inputSize() {
        return config.inputSize();
    }

    @Override
    public boolean hasNotDigit() {
        return head != null || gate != null;
    }

    /**
     * With a head: the block's logits and features from one pass ({@link FeatureBlock}: the same
     * logits as {@link #logits}), the head applied to the features here, in Java.
     */
    @Override
    public Outputs outputs(float[][] inputs) {
        if (gate != null) {
            // The gate reads the same pixels in a forward pass of its own.
            return new Outputs(logits(inputs), NotDigitGate.scores(gate.logits(inputs)));
        }
        if (head == null) {
            return ProbabilityModel.super.outputs(inputs);
        }
        float[][][] both = logitsAndFeatures(inputs);
        return new Outputs(both[0], head.scores(both[1]));
    }

    @Override
    public Features features(float[][] inputs) {
        float[][][] both = logitsAndFeatures(inputs);
        return new Features(both[0], both[1]);
    }

    private float[][][] logitsAndFeatures(float[][] inputs) {
        FloatBuffer batch = batch(inputs);
        return withoutGrad(() -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(batch, DigitNetModel.inputShape(config, inputs.length));
                NDArray[] out = ((FeatureBlock) block).logitsAndFeatures(store, x);
                return new float[][][] {rows(out[0].toFloatArray(), inputs.length, config.classes()),
                    rows(out[1].toFloatArray(), inputs.length, config.features())};
            }
        });
    }

    private static float[][] rows(float[] flat, int n, int width) {
        if (flat.length != n * width) {
            throw new IllegalStateException("expected " + n + " rows of " + width + " values, got " + flat.length);
        }
        float[][] out = new float[n][width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * width, out[i], 0, width);
        }
        return out;
    }

    private FloatBuffer batch(float[][] inputs) {
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
        return batch;
    }

    @Override
    public float[][] logits(float[][] inputs) {
        FloatBuffer batch = batch(inputs);
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
        if (gate != null) {
            gate.close();
        }
        manager.close();
    }
}
