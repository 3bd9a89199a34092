package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole network: an input group norm, stages of {@link DepthwiseBlock}s with 2×2 max pooling
 * between them, a 2×2 average pool and a two-layer classifier head with dropout. Input {@code (N, 1,
 * S, S)}, output {@code (N, classes)} logits.
 */
public final class DigitNetBlock extends AbstractBlock implements FeatureBlock {

    private static final Shape NO_PADDING = new Shape(0, 0);

    private final DigitNetConfig config;
    private final Block stem;
    private final List<Block> stages = new ArrayList<>();
    private final Block head;

    public DigitNetBlock(DigitNetConfig config) {
        this.config = config;
        stem = addChildBlock("stem", new GroupNorm(1, 1));
        int in = 1;
        for (int s = 0; s < config.widths().size(); s++) {
            int out = config.widths().get(s);
            SequentialBlock stage = new SequentialBlock();
            for (int b = 0; b < config.depths().get(s); b++) {
                stage.add(new DepthwiseBlock(b == 0 ? in : out, out, config.kernelSize(), config.expansion()));
            }
            stages.add(addChildBlock("stage" + (s + 1), stage));
            in = out;
        }
        head = addChildBlock("head", new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Dropout.builder().optRate(config.dropout()).build())
                .add(Linear.builder().setUnits(config.hiddenUnits()).build())
                .add(Activation.geluBlock())
                .add(Dropout.builder().optRate(config.dropout()).build())
                .add(Linear.builder().setUnits(config.classes()).build()));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = stem.forward(store, inputs, training);
        for (int s = 0; s < stages.size(); s++) {
            x = stages.get(s).forward(store, x, training);
            if (s < stages.size() - 1) {
                x = new NDList(MaxPool2x2.pool(x.singletonOrThrow(), training));
            }
        }
        x = new NDList(averagePoolTo2x2(x.singletonOrThrow()));
        return head.forward(store, x, training);
    }

    @Override
    public NDArray[] logitsAndFeatures(ParameterStore store, NDArray batch) {
        NDList x = stem.forward(store, new NDList(batch), false);
        for (int s = 0; s < stages.size(); s++) {
            x = stages.get(s).forward(store, x, false);
            if (s < stages.size() - 1) {
                x = new NDList(MaxPool2x2.pool(x.singletonOrThrow(), false));
            }
        }
        x = new NDList(averagePoolTo2x2(x.singletonOrThrow()));
        // The head's children in order (what SequentialBlock.forward runs); the features are the
        // flattened pool, the first child's output.
        List<Block> parts = new ArrayList<>(head.getChildren().values());
        x = parts.get(0).forward(store, x, false);
        NDArray features = x.singletonOrThrow();
        for (int i = 1; i < parts.size(); i++) {
            x = parts.get(i).forward(store, x, false);
        }
        return new NDArray[] {x.singletonOrThrow(), features};
    }

    private NDArray averagePoolTo2x2(NDArray features) {
        Shape window = new Shape(config.finalFeatureSide() / 2, config.finalFeatureSide() / 2);
        return Pool.avgPool2d(features, window, window, NO_PADDING, false, true);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        stem.initialize(manager, dataType, shape);
        for (int s = 0; s < stages.size(); s++) {
            Block stage = stages.get(s);
            stage.initialize(manager, dataType, shape);
            shape = stage.getOutputShapes(new Shape[] {shape})[0];
            if (s < stages.size() - 1) {
                shape = new Shape(shape.get(0), shape.get(1), shape.get(2) / 2, shape.get(3) / 2);
            }
        }
        head.initialize(manager, dataType, new Shape(shape.get(0), shape.get(1), 2, 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.classes())};
    }

    public DigitNetConfig config() {
        return config;
    }
}
