package dev.digitnet.model;

import ai.djl.nn.Block;
import java.util.List;

/**
 * A network design as plain data: what {@code config.json} stores under {@code architecture} and
 * everything needed to rebuild the network before its weights are loaded. Two kinds exist: the
 * model card's {@link DigitNetConfig} (residual depthwise-separable blocks: the teacher) and the
 * {@link ConvNetConfig} students (3×3 convolution + BatchNorm stacks). Each is described once, as
 * its {@link #layers()}; the engine block, the ONNX graph, the parameter and FLOP counts, the size
 * {@link ConfigLimits} caps and {@code info}'s table are all derived from that list.
 */
public sealed interface Architecture permits DigitNetConfig, ConvNetConfig, EnsembleConfig {

    /** The {@code kind} written beside the fields in {@code config.json}. */
    String kind();

    /** Side of the square grey-scale input. */
    int inputSize();

    /** Number of output classes. */
    int classes();

    /** The network, layer by layer: the one description everything else is read from. */
    List<Layer> layers();

    /**
     * Width of the pooled features a {@link NotDigitHead} reads: the network's last feature map,
     * pooled and flattened, as its classifier receives it (a student's global average pool, which
     * its one linear layer reads; the card's 2×2 average pool, which its two-layer head reads): the
     * output of the layer whose {@link Layer#pooledFeatures()} holds.
     */
    int features();

    /** A new, uninitialized engine block computing this network. */
    default Block newBlock() {
        return new LayerStack(this);
    }

    /** The layer-by-layer table: output shapes, parameters and forward FLOPs. */
    default ModelSummary summary() {
        return ModelSummary.of(inputSize(), layers());
    }

    /** Trainable scalars (BatchNorm's running statistics are state, not parameters). */
    default long parameters() {
        return summary().parameters();
    }
}
