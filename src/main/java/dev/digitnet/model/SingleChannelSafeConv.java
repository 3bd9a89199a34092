package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A k×k convolution, padded to keep the size, that is safe to train on a single input channel:
 * either depthwise (one filter per channel, with bias) or dense from one channel to {@code filters}
 * (no bias: a convolutional student's first layer, which a BatchNorm follows).
 *
 * <p>A dense convolution from one input channel is what libtorch's CPU backward was seen to return
 * NaN gradients for at batch sizes ≥ 64 (1→1 in the teacher's blocks; 1→10, 1→12 and 1→24 in the
 * students from the first step, while 1→8 and 1→16 trained). For that case the batch is folded
 * into the channel axis and the filters shared across it, which turns the op into a grouped
 * convolution (one group per image) with the same result and gradients (the shared filters'
 * gradient is the sum).
 */
public final class SingleChannelSafeConv extends AbstractBlock {

    private final int channels;
    private final int filters;
    private final int kernelSize;
    private final Parameter weight;
    private final Parameter bias;

    private SingleChannelSafeConv(int channels, int filters, int kernelSize, boolean withBias) {
        this.channels = channels;
        this.filters = filters;
        this.kernelSize = kernelSize;
        weight = addParameter(Parameter.builder()
                .setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(filters, 1, kernelSize, kernelSize)).build());
        bias = withBias ? addParameter(Parameter.builder()
                .setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(filters)).build()) : null;
    }

    /** A depthwise convolution over {@code channels} channels with a square odd kernel. */
    public static SingleChannelSafeConv depthwise(int channels, int kernelSize) {
        return new SingleChannelSafeConv(channels, channels, kernelSize, true);
    }

    /** A dense convolution from one channel to {@code filters}, without bias. */
    public static SingleChannelSafeConv fromOneChannel(int filters, int kernelSize) {
        return new SingleChannelSafeConv(1, filters, kernelSize, false);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
        Shape padding = new Shape(kernelSize / 2, kernelSize / 2);
        Shape unit = new Shape(1, 1);
        // The NaN gradients are a backward-pass problem: inference takes the plain convolution.
        if (channels > 1 || !training) {
            return Conv2d.conv2d(x, w, b, unit, padding, unit, channels);
        }
        Shape shape = x.getShape();
        long batch = shape.get(0);
        // Broadcasting from a batch-owned tensor keeps the per-batch copies out of the model's manager.
        NDArray perImage = x.getManager().ones(new Shape(batch, 1, 1, 1, 1));
        NDArray sharedWeight = perImage.mul(w.expandDims(0)).reshape(batch * filters, 1, kernelSize, kernelSize);
        NDArray sharedBias = b == null ? null : perImage.reshape(batch, 1).mul(b.expandDims(0)).reshape(batch * filters);
        NDArray folded = x.reshape(1, batch, shape.get(2), shape.get(3));
        NDArray out = Conv2d.conv2d(folded, sharedWeight, sharedBias, unit, padding, unit, (int) batch).singletonOrThrow();
        return new NDList(out.reshape(batch, filters, shape.get(2), shape.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, in.get(2), in.get(3))};
    }

    public int channels() {
        return channels;
    }
}
