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
 * The engine block of a {@link ConvNetConfig}: its {@link Layer}s in order, each a named child, so
 * parameters are saved as {@code <layer>.<parameter>} (e.g. {@code s1conv1.weight}).
 */
public final class LayerStack extends AbstractBlock implements FeatureBlock {

    private final ConvNetConfig config;
    private final List<Block> layers = new ArrayList<>();

    LayerStack(ConvNetConfig config) {
        this.config = config;
        for (Layer layer : config.layers()) {
            layers.add(addChildBlock(layer.name(), layer.block()));
        }
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
        for (int i = 0; i < layers.size() - 1; i++) {
            x = layers.get(i).forward(store, x, false);
        }
        NDArray features = x.singletonOrThrow();
        NDArray logits = layers.get(layers.size() - 1).forward(store, x, false).singletonOrThrow();
        return new NDArray[] {logits, features};
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
        return new Shape[] {new Shape(inputShapes[0].get(0), config.classes())};
    }

    public ConvNetConfig config() {
        return config;
    }
}
