package dev.digitnet.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * One layer of a sequential network, as data. A {@link ConvNetConfig} is a list of these; the
 * engine block ({@link #block()}), the ONNX graph (the exporter reads the same records), the
 * parameter and FLOP counts and the summary row all come from the record, so a new design is a new
 * list, not four edits kept in step.
 *
 * <p>FLOPs count convolutions and linear layers as 2 × multiply-accumulates (PyTorch's {@code
 * flop_counter} convention); norms, activations and pooling are not counted.
 */
public sealed interface Layer {

    /** A feature map's size: channels × side × side (side 1 once flattened). */
    record Dims(int channels, int side) {
        @Override
        public String toString() {
            return side == 1 ? String.valueOf(channels) : channels + "×" + side + "×" + side;
        }
    }

    /** The name its parameters carry, e.g. {@code s1conv2} (weights {@code s1conv2.weight}). */
    String name();

    Dims output(Dims in);

    /** Trainable scalars. */
    long parameters();

    /** Forward FLOPs for one image entering with {@code in}. */
    default long flops(Dims in) {
        return 0;
    }

    /** The engine block; DJL infers input channels at initialization. */
    Block block();

    /** The row {@code info} prints. */
    String describe();

    /** k×k convolution, stride 1, "same" padding, no bias (a BatchNorm follows). */
    record Conv(String name, int in, int out, int kernel) implements Layer {
        public Dims output(Dims d) {
            return new Dims(out, d.side());
        }

        public long parameters() {
            return (long) in * out * kernel * kernel;
        }

        public long flops(Dims d) {
            return 2L * d.side() * d.side() * in * out * kernel * kernel;
        }

        public Block block() {
            if (in == 1) {
                return SingleChannelSafeConv.fromOneChannel(out, kernel);
            }
            return Conv2d.builder().setFilters(out).setKernelShape(new Shape(kernel, kernel))
                    .optPadding(new Shape(kernel / 2, kernel / 2)).optBias(false).build();
        }

        public String describe() {
            return String.format("%s: conv %d×%d %d→%d", name, kernel, kernel, in, out);
        }
    }

    /**
     * Batch normalization over channels (ε 1e-5, PyTorch's momentum 0.1). For inference and export
     * it is folded into the convolution before it: {@code W' = W·γ/σ}, {@code b' = β − μ·γ/σ}.
     */
    record BatchNormalization(String name, int channels) implements Layer {
        public static final float EPSILON = 1e-5f;

        public Dims output(Dims d) {
            return d;
        }

        public long parameters() {
            return 2L * channels;
        }

        public Block block() {
            return BatchNorm.builder().optEpsilon(EPSILON).optMomentum(0.9f).build();
        }

        public String describe() {
            return name + ": BatchNorm (folded at inference)";
        }
    }

    record Relu(String name) implements Layer {
        public Dims output(Dims d) {
            return d;
        }

        public long parameters() {
            return 0;
        }

        public Block block() {
            return Activation.reluBlock();
        }

        public String describe() {
            return name + ": ReLU";
        }
    }

    /** 2×2 max pooling, stride 2. */
    record MaxPool(String name) implements Layer {
        public Dims output(Dims d) {
            return new Dims(d.channels(), d.side() / 2);
        }

        public long parameters() {
            return 0;
        }

        public Block block() {
            return new MaxPool2x2();
        }

        public String describe() {
            return name + ": max pool 2×2";
        }
    }

    /** Average over the whole map, then flatten to {@code (N, C)}. */
    record GlobalAveragePool(String name) implements Layer {
        public Dims output(Dims d) {
            return new Dims(d.channels(), 1);
        }

        public long parameters() {
            return 0;
        }

        public Block block() {
            return new ai.djl.nn.SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        }

        public String describe() {
            return name + ": global average pool, flatten";
        }
    }

    /** Dropout: training only, the identity at inference (and absent from the ONNX graph). */
    record DropoutLayer(String name, float rate) implements Layer {
        public Dims output(Dims d) {
            return d;
        }

        public long parameters() {
            return 0;
        }

        public Block block() {
            return Dropout.builder().optRate(rate).build();
        }

        public String describe() {
            return name + ": dropout " + rate;
        }
    }

    /** Fully connected, with bias; weights stored [out, in] as PyTorch's. */
    record Dense(String name, int in, int out) implements Layer {
        public Dims output(Dims d) {
            return new Dims(out, 1);
        }

        public long parameters() {
            return (long) in * out + out;
        }

        public long flops(Dims d) {
            return 2L * in * out;
        }

        public Block block() {
            return Linear.builder().setUnits(out).build();
        }

        public String describe() {
            return String.format("%s: linear %d→%d", name, in, out);
        }
    }
}
