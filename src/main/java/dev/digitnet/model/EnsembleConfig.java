package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code members} networks of one {@link ConvNetConfig} design, side by side as one network whose
 * logits are the mean of theirs: the first convolution stacks their filters (all read the one
 * input channel), every later convolution is grouped, one group a member, BatchNorms and pools act
 * per channel anyway, and the linear classifier reads every member's pooled features with their
 * weights divided by {@code members} and the mean of their biases. So an ensemble runs on every
 * engine, and exports to one ONNX graph, as a single network: nothing downstream needs a second
 * path. Built from trained members by {@link #average}; its layers come from the member's {@link
 * ConvNetConfig#layers()}.
 *
 * @param member the design every member shares
 * @param members how many networks, 2 to {@value #MAX_MEMBERS}
 */
public record EnsembleConfig(ConvNetConfig member, int members) implements Architecture {

    public static final String KIND = "ensemble";
    public static final int MAX_MEMBERS = 8;

    public EnsembleConfig {
        if (member == null) {
            throw new IllegalArgumentException("an ensemble needs its member's design");
        }
        if (members < 2 || members > MAX_MEMBERS) {
            throw new IllegalArgumentException("members must be in [2, " + MAX_MEMBERS + "], got " + members);
        }
        ConfigLimits.checkSize(ConfigLimits.size(member.inputSize(), layers(member, members)));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int inputSize() {
        return member.inputSize();
    }

    @Override
    public int classes() {
        return member.classes();
    }

    @Override
    public List<Layer> layers() {
        return layers(member, members);
    }

    /** The member's layers, widened: the names stay, so parameters map member to ensemble by name. */
    private static List<Layer> layers(ConvNetConfig member, int k) {
        List<Layer> layers = new ArrayList<>();
        for (Layer layer : member.layers()) {
            if (layer instanceof Layer.Conv c) {
                layers.add(c.in() == 1
                        ? new Layer.Conv(c.name(), 1, c.out() * k, c.kernel())
                        : new Layer.Conv(c.name(), c.in() * k, c.out() * k, c.kernel(), k));
            } else if (layer instanceof Layer.BatchNormalization bn) {
                layers.add(new Layer.BatchNormalization(bn.name(), bn.channels() * k));
            } else if (layer instanceof Layer.Dense d) {
                layers.add(new Layer.Dense(d.name(), d.in() * k, d.out()));
            } else if (layer instanceof Layer.Relu || layer instanceof Layer.MaxPool || layer instanceof Layer.GlobalAveragePool
                    || layer instanceof Layer.DropoutLayer) {
                layers.add(layer); // per channel, or the identity at inference
            } else {
                throw new IllegalArgumentException("no ensemble form for " + layer);
            }
        }
        return layers;
    }

    /** Every member's pooled features, member after member. */
    @Override
    public int features() {
        return member.features() * members;
    }

    /**
     * The ensemble of trained networks of one design: a new network computing the mean of their
     * logits (within float rounding), their weights copied in.
     *
     * @throws IllegalArgumentException unless there are 2 to {@value #MAX_MEMBERS} networks of one {@link ConvNetConfig}
     */
    public static DigitNetModel average(List<DigitNetModel> networks) {
        if (networks.isEmpty() || !(networks.get(0).config() instanceof ConvNetConfig design)) {
            throw new IllegalArgumentException("an ensemble averages convolutional networks ("
                    + ConvNetConfig.KIND + "), got " + (networks.isEmpty() ? "none" : networks.get(0).config().kind()));
        }
        for (DigitNetModel n : networks) {
            if (!design.equals(n.config())) {
                throw new IllegalArgumentException("ensemble members must share one design: " + design.spec() + " and "
                        + n.config());
            }
        }
        EnsembleConfig config = new EnsembleConfig(design, networks.size());
        String classifier = null;
        for (Layer layer : design.layers()) {
            if (layer instanceof Layer.Dense d) {
                classifier = d.name();
            }
        }
        DigitNetModel merged = DigitNetModel.create(config, 0);
        try {
            try (NDManager manager = merged.manager().newSubManager()) {
                Map<String, NDArray> weights = new LinkedHashMap<>();
                for (String name : ModelWeights.parameters(networks.get(0).block()).keySet()) {
                    NDList parts = new NDList();
                    for (DigitNetModel n : networks) {
                        parts.add(ModelWeights.parameters(n.block()).get(name).getArray().duplicate());
                    }
                    parts.forEach(a -> a.attach(manager));
                    NDArray combined;
                    if (name.equals(classifier + ".weight")) {
                        combined = NDArrays.concat(parts, 1).div(networks.size()); // [classes, k·features]
                    } else if (name.equals(classifier + ".bias")) {
                        combined = NDArrays.stack(parts).mean(new int[] {0});
                    } else {
                        combined = NDArrays.concat(parts, 0); // filters, BatchNorm channels
                    }
                    weights.put(name, combined);
                }
                ModelWeights.load(merged.block(), weights);
            }
            return merged;
        } catch (RuntimeException e) {
            merged.close();
            throw e;
        }
    }
}
