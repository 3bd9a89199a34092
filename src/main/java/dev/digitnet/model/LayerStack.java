package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine block of an {@link Architecture}: its {@link Layer}s in order, each a named child, so
 * parameters are saved as {@code <layer>.<parameter>} (a student's {@code s1conv1.weight}, the
 * card's {@code stage1.0.depthwise.weight} and {@code head.2.weight}). Children are initialized in
 * list order, which is the order a seeded network draws its initial weights in.
 */
public final class LayerStack extends AbstractBlock implements FeatureBlock {

    private final Architecture architecture;
    private final List<Block> layers = new ArrayList<>();
    /** Index of the layer whose output is the pooled features ({@link Layer#pooledFeatures()}). */
    private final int features;

    LayerStack(Architecture architecture) {
        this.architecture = architecture;
        int pooled = -1;
        for (Layer layer : architecture.layers()) {
            if (layer.pooledFeatures()) {
                pooled = layers.size();
            }
            layers.add(addChildBlock(layer.name(), layer.block()));
        }
        if (pooled < 0) {
            throw new IllegalArgumentException("no layer of " + architecture + " gives the pooled features");
        }
        features = pooled;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (Block layer : layers) {
            x = layer.forward(store, x, training);
        }
        return x;
    }

    @Override
    public NDArray[] logitsAndFeatures(ParameterStore store, NDArray batch) {
        NDList x = new NDList(batch);
        NDArray pooled = null;
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(store, x, false);
            if (i == features) {
                pooled = x.singletonOrThrow();
            }
        }
        return new NDArray[] {x.singletonOrThrow(), pooled};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (Block layer : layers) {
            layer.initialize(manager, dataType, shape);
            shape = layer.getOutputShapes(new Shape[] {shape})[0];
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), architecture.classes())};
    }

    public Architecture architecture() {
        return architecture;
    }
}
