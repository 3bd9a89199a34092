package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Group normalization (Wu & He, 2018) with a per-channel affine, as PyTorch's {@code
 * nn.GroupNorm(groups, channels)}. DigitNet uses two cases: one group per channel inside each block,
 * and a single group over the whole input image.
 *
 * <p>DJL has no group norm, so each group is flattened and normalized by libtorch's fused layer
 * norm, which keeps the backward pass a single native op.
 */
public final class GroupNorm extends AbstractBlock {

    private static final float EPSILON = 1e-5f;

    private final int groups;
    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;
    /** Constant ones/zeros handed to layer norm, by group size; shared read-only by all threads. */
    private final java.util.Map<Long, NDArray[]> identityAffine = new java.util.concurrent.ConcurrentHashMap<>();

    public GroupNorm(int groups, int channels) {
        if (groups <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels cannot be split into " + groups + " groups");
        }
        this.groups = groups;
        this.channels = channels;
        Shape affine = new Shape(1, channels, 1, 1);
        gamma = addParameter(Parameter.builder()
                .setName("weight").setType(Parameter.Type.GAMMA)
                .optShape(affine).optInitializer(Initializer.ONES).build());
        beta = addParameter(Parameter.builder()
                .setName("bias").setType(Parameter.Type.BETA)
                .optShape(affine).optInitializer(Initializer.ZEROS).build());
    }

    /** One group per channel: each channel normalized over its own spatial positions. */
    public static GroupNorm perChannel(int channels) {
        return new GroupNorm(channels, channels);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        long groupSize = shape.size() / (shape.get(0) * groups);
        NDArray grouped = x.reshape(shape.get(0), groups, groupSize);
        // Layer norm wants an elementwise affine of the normalized shape; ours is per channel, so
        // pass the identity (made once per group size, owned with the weights) and apply ours after.
        Shape normalized = new Shape(groupSize);
        NDArray w = store.getValue(gamma, x.getDevice(), training);
        NDArray b = store.getValue(beta, x.getDevice(), training);
        NDArray[] identity = identityAffine.computeIfAbsent(groupSize, n -> new NDArray[] {
            w.getManager().ones(normalized, DataType.FLOAT32), w.getManager().zeros(normalized, DataType.FLOAT32)});
        NDArray normed = grouped.getNDArrayInternal().layerNorm(grouped, normalized, identity[0], identity[1], EPSILON).head();
        // The batch tensor comes first in each op so results land in the batch's manager. At
        // inference the affine goes in place: no autograd graph needs the normalized values. In
        // training the multiply's backward needs them, but nothing needs its product: add in place.
        NDArray standardized = normed.reshape(shape);
        return new NDList(training ? standardized.mul(w).addi(b) : standardized.muli(w).addi(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    public int groups() {
        return groups;
    }

    public int channels() {
        return channels;
    }
}
