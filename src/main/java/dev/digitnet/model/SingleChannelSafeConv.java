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
 * A depthwise k×k convolution (one filter per channel, with bias), padded to keep the size.
 *
 * <p>With a single channel this is a dense 1-in/1-out convolution, whose libtorch CPU backward was
 * seen to return NaN gradients at batch sizes ≥ 64. For that case the batch is folded into the
 * channel axis and the one filter shared across it, which turns the op into an ordinary depthwise
 * convolution with the same result and gradients (the shared filter's gradient is the sum).
 */
public final class SingleChannelSafeConv extends AbstractBlock {

    private final int channels;
    private final int kernelSize;
    private final Parameter weight;
    private final Parameter bias;

    private SingleChannelSafeConv(int channels, int kernelSize) {
        this.channels = channels;
        this.kernelSize = kernelSize;
        weight = addParameter(Parameter.builder()
                .setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(channels, 1, kernelSize, kernelSize)).build());
        bias = addParameter(Parameter.builder()
                .setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(channels)).build());
    }

    /** A depthwise convolution over {@code channels} channels with a square odd kernel. */
    public static SingleChannelSafeConv depthwise(int channels, int kernelSize) {
        return new SingleChannelSafeConv(channels, kernelSize);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = store.getValue(bias, x.getDevice(), training);
        Shape padding = new Shape(kernelSize / 2, kernelSize / 2);
        Shape unit = new Shape(1, 1);
        // The NaN gradients are a backward-pass problem: inference takes the plain convolution.
        if (channels > 1 || !training) {
            return Conv2d.conv2d(x, w, b, unit, padding, unit, channels);
        }
        Shape shape = x.getShape();
        long batch = shape.get(0);
        // Broadcasting from a batch-owned tensor keeps the per-batch copies out of the model's manager.
        NDArray perImage = x.getManager().ones(new Shape(batch, 1, 1, 1));
        NDArray sharedWeight = perImage.mul(w);
        NDArray sharedBias = perImage.reshape(batch).mul(b);
        NDArray folded = x.reshape(1, batch, shape.get(2), shape.get(3));
        NDArray out = Conv2d.conv2d(folded, sharedWeight, sharedBias, unit, padding, unit, (int) batch).singletonOrThrow();
        return new NDList(out.reshape(shape));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    public int channels() {
        return channels;
    }
}
