package dev.digitnet.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.Locale;

/**
 * One layer of a sequential network, as data. Every {@link Architecture} is a list of these ({@link
 * Architecture#layers()}); the engine block ({@link LayerStack}, each layer's {@link #block()}),
 * the ONNX graph (the exporter reads the same records), the parameter and FLOP counts, the size
 * {@link ConfigLimits} caps and the summary rows all come from the records, so a new design is a
 * new list, not four edits kept in step.
 *
 * <p>A record is as coarse as its parts are inseparable: the card's residual block is one {@link
 * DepthwiseResidual} (its skip joins its own input and output), while a student's convolution,
 * BatchNorm and ReLU are three, because the exporter folds the BatchNorm into the convolution.
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

    /**
     * The name its parameters carry, e.g. {@code s1conv2} (weights {@code s1conv2.weight}) or the
     * card's {@code stage3.1} (weights {@code stage3.1.expand.weight} and so on). Never holds
     * {@code _}, which separates DJL's key segments ({@link ParameterNames}).
     */
    String name();

    Dims output(Dims in);

    /** Trainable scalars. */
    long parameters();

    /** Forward FLOPs for one image entering with {@code in}. */
    default long flops(Dims in) {
        return 0;
    }

    /**
     * Floats of activations one image's training forward pass keeps for backward ({@link
     * ConfigLimits} caps it): by default the layer's output.
     */
    default long activations(Dims in) {
        Dims out = output(in);
        return (long) out.channels() * out.side() * out.side();
    }

    /**
     * Whether this layer's output is the network's pooled features ({@link Architecture#features()}):
     * its last feature map pooled and flattened, what the classifier reads and a {@link
     * NotDigitHead} reads too.
     */
    default boolean pooledFeatures() {
        return false;
    }

    /** The engine block; DJL infers input channels at initialization. */
    Block block();

    /** The row {@code info} prints. */
    String describe();

    /**
     * k×k convolution, stride 1, "same" padding, no bias (a BatchNorm follows). With {@code groups}
     * &gt; 1 the channels split into that many independent convolutions side by side (group g's
     * outputs read only group g's inputs): networks of an {@link EnsembleConfig} computed as one.
     */
    record Conv(String name, int in, int out, int kernel, int groups) implements Layer {
        public Conv {
            if (groups < 1 || in % groups != 0 || out % groups != 0) {
                throw new IllegalArgumentException(name + ": " + in + "→" + out + " channels do not split into " + groups + " groups");
            }
        }

        /** An ordinary (one-group) convolution. */
        public Conv(String name, int in, int out, int kernel) {
            this(name, in, out, kernel, 1);
        }

        public Dims output(Dims d) {
            return new Dims(out, d.side());
        }

        public long parameters() {
            return (long) in / groups * out * kernel * kernel;
        }

        public long flops(Dims d) {
            return 2L * d.side() * d.side() * in / groups * out * kernel * kernel;
        }

        public Block block() {
            if (in == 1) {
                return SingleChannelSafeConv.fromOneChannel(out, kernel);
            }
            return Conv2d.builder().setFilters(out).setKernelShape(new Shape(kernel, kernel))
                    .optPadding(new Shape(kernel / 2, kernel / 2)).optGroups(groups).optBias(false).build();
        }

        public String describe() {
            return String.format("%s: conv %d×%d %d→%d%s", name, kernel, kernel, in, out, groups == 1 ? "" : " in " + groups + " groups");
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

    /** 2×2 max pooling, stride 2 ({@link MaxPool2x2}). */
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

        @Override
        public boolean pooledFeatures() {
            return true;
        }

        public Block block() {
            return new SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        }

        public String describe() {
            return name + ": global average pool, flatten";
        }
    }

    /**
     * Average pooling of a {@code side}×{@code side} map to 2×2 (window and stride {@code side/2}),
     * then flatten to {@code (N, 4·C)}: the card's pooled features, which keep where in the image
     * the ink lies, as a global pool would not.
     */
    record AveragePoolTo2x2(String name, int side) implements Layer {
        public Dims output(Dims d) {
            return new Dims(d.channels() * 4, 1);
        }

        public long parameters() {
            return 0;
        }

        @Override
        public boolean pooledFeatures() {
            return true;
        }

        /** The pooling window's side: half the map's. */
        public int window() {
            return side / 2;
        }

        public Block block() {
            if (side < 2 || side % 2 != 0) {
                throw new IllegalStateException(name + ": a " + side + "×" + side + " map does not pool to 2×2");
            }
            Shape window = new Shape(window(), window());
            return new SequentialBlock()
                    .add(Pool.avgPool2dBlock(window, window, new Shape(0, 0), false, true))
                    .add(Blocks.batchFlattenBlock());
        }

        public String describe() {
            return name + ": average pool to 2×2, flatten";
        }
    }

    /**
     * Group normalization with a per-channel affine ({@link GroupNorm}, ε 1e-5): the card's stem is
     * one group over the one input channel.
     */
    record GroupNormalization(String name, int groups, int channels) implements Layer {
        public Dims output(Dims d) {
            return d;
        }

        public long parameters() {
            return 2L * channels;
        }

        public Block block() {
            return new GroupNorm(groups, channels);
        }

        public String describe() {
            return name + ": GroupNorm(" + groups + (groups == 1 ? " group)" : " groups)");
        }
    }

    /**
     * The card's residual unit ({@link DepthwiseBlock}, a ConvNeXt V2 block): depthwise k×k
     * convolution with bias → per-channel GroupNorm → 1×1 expand to {@code out × expansion} → GELU
     * → GRN → 1×1 project, plus the input, through a 1×1 skip convolution when {@code in ≠ out}.
     * Stride 1, "same" padding.
     */
    record DepthwiseResidual(String name, int in, int out, int kernel, int expansion) implements Layer {
        public Dims output(Dims d) {
            return new Dims(out, d.side());
        }

        /** Channels between the expand and the project. */
        public int hidden() {
            return out * expansion;
        }

        public long parameters() {
            long hidden = hidden();
            long params = (long) in * kernel * kernel + in  // depthwise convolution and bias
                    + 2L * in                               // per-channel group norm γ, β
                    + in * hidden + hidden                  // 1×1 expand
                    + 2 * hidden                            // GRN γ, β
                    + hidden * out + out;                   // 1×1 project
            return in == out ? params : params + (long) in * out + out; // 1×1 skip
        }

        public long flops(Dims d) {
            long pixels = (long) d.side() * d.side();
            long hidden = hidden();
            long macs = (long) in * kernel * kernel + in * hidden + hidden * out + (in == out ? 0 : (long) in * out);
            return 2 * pixels * macs;
        }

        /**
         * Its input, the depthwise and norm outputs, and four hidden-width tensors (expand, GELU,
         * GRN and their products) and two output-width ones, at its side.
         */
        @Override
        public long activations(Dims d) {
            return (long) d.side() * d.side() * (3L * in + 4L * hidden() + 2L * out);
        }

        public Block block() {
            return new DepthwiseBlock(in, out, kernel, expansion);
        }

        public String describe() {
            return String.format(Locale.ROOT, "%s: DepthwiseBlock %d→%d (k%d, ×%d, GRN)", name, in, out, kernel, expansion);
        }
    }

    /** GELU, the exact (erf) form: libtorch's default, which DJL calls. */
    record Gelu(String name) implements Layer {
        public Dims output(Dims d) {
            return d;
        }

        public long parameters() {
            return 0;
        }

        public Block block() {
            return Activation.geluBlock();
        }

        public String describe() {
            return name + ": GELU";
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
