package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DigitNet's residual unit, a ConvNeXt V2 block: depthwise k×k convolution → per-channel group
 * norm → 1×1 expand (×expansion) → GELU → GRN → 1×1 project, plus the input (through a 1×1
 * convolution when the channel count changes).
 */
public final class DepthwiseBlock extends AbstractBlock {

    private final int inChannels;
    private final int outChannels;
    private final Block depthwise;
    private final Block norm;
    private final Block expand;
    private final Block grn;
    private final Block project;
    private final Block skip;

    public DepthwiseBlock(int inChannels, int outChannels, int kernelSize, int expansion) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        int hidden = outChannels * expansion;
        depthwise = addChildBlock("depthwise", SingleChannelSafeConv.depthwise(inChannels, kernelSize));
        norm = addChildBlock("norm", GroupNorm.perChannel(inChannels));
        expand = addChildBlock("expand", pointwise(hidden));
        grn = addChildBlock("grn", new GlobalResponseNorm(hidden));
        project = addChildBlock("project", pointwise(outChannels));
        skip = inChannels == outChannels ? null : addChildBlock("skip", pointwise(outChannels));
    }

    private static Block pointwise(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters).build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDManager caller = x.getManager();
        // DJL frees op results only when their manager closes; libtorch would free them as soon as
        // nothing refers to them. A scope per block lets the ~10 intermediates of each block go at
        // its end (autograd keeps what backward needs), which caps memory near PyTorch's.
        try (NDManager scope = caller.newSubManager()) {
            x.tempAttach(scope);
            NDList y = depthwise.forward(store, inputs, training);
            y = norm.forward(store, y, training);
            y = expand.forward(store, y, training);
            y = new NDList(Activation.gelu(y.singletonOrThrow()));
            y = grn.forward(store, y, training);
            y = project.forward(store, y, training);
            NDArray residual = skip == null ? x : skip.forward(store, inputs, training).singletonOrThrow();
            // The residual goes into the projection's output in place: the convolution's backward
            // needs its input and weights, not its output.
            NDArray out = y.singletonOrThrow().addi(residual);
            out.attach(caller);
            return new NDList(out);
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        depthwise.initialize(manager, dataType, in);
        norm.initialize(manager, dataType, in);
        expand.initialize(manager, dataType, in);
        Shape hidden = expand.getOutputShapes(new Shape[] {in})[0];
        grn.initialize(manager, dataType, hidden);
        project.initialize(manager, dataType, hidden);
        if (skip != null) {
            skip.initialize(manager, dataType, in);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, in.get(2), in.get(3))};
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }
}
