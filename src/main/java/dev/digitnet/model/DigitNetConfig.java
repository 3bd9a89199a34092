package dev.digitnet.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The architecture of the model card's network, as plain data: everything needed to rebuild the
 * network before its weights are loaded. Saved next to the weights as {@code config.json}.
 *
 * <p>{@link #layers()} is the one description: an input group norm, stages of residual {@link
 * Layer.DepthwiseResidual} blocks with 2×2 max pooling between them, a 2×2 average pool and a
 * two-layer classifier head with dropout. Input {@code (N, 1, S, S)}, output {@code (N, classes)}
 * logits.
 *
 * @param inputSize side of the square grey-scale input (MNIST 28×28 is resized to 32×32)
 * @param widths channels of each stage
 * @param depths residual blocks in each stage
 * @param kernelSize side of the depthwise convolution kernel
 * @param expansion channel multiplier of the inverted bottleneck (1×1 expand)
 * @param hiddenUnits width of the classifier head's hidden layer
 * @param dropout dropout rate before each head layer
 * @param classes number of output classes
 */
public record DigitNetConfig(
        int inputSize,
        List<Integer> widths,
        List<Integer> depths,
        int kernelSize,
        int expansion,
        int hiddenUnits,
        float dropout,
        int classes) implements Architecture {

    public static final String KIND = "digitnet";

    public DigitNetConfig {
        // Every field is checked, and the network's size counted from its layer records and capped,
        // before anything is built: config.json may come from anywhere (ConfigLimits says why each bound).
        if (widths == null || depths == null || widths.stream().anyMatch(java.util.Objects::isNull)
                || depths.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("widths and depths must be lists of whole numbers, got " + widths + " and " + depths);
        }
        widths = List.copyOf(widths);
        depths = List.copyOf(depths);
        ConfigLimits.check(inputSize, widths, depths, kernelSize, expansion, hiddenUnits, dropout, classes);
        if (kernelSize % 2 == 0) {
            throw new IllegalArgumentException("kernelSize must be odd to keep the spatial size, got " + kernelSize);
        }
        // Each stage but the last halves the image, and the head pools the rest to 2×2.
        int finalSide = inputSize >> (widths.size() - 1);
        if (finalSide < 2 || finalSide % 2 != 0 || finalSide << (widths.size() - 1) != inputSize) {
            throw new IllegalArgumentException(
                    "inputSize " + inputSize + " does not pool down to an even side over " + widths.size() + " stages");
        }
    }

    /** The configuration the model card describes: 24/48/96/192 channels, depths 1-1-3-1. */
    public static DigitNetConfig modelCard() {
        return new DigitNetConfig(32, List.of(24, 48, 96, 192), List.of(1, 1, 3, 1), 5, 4, 64, 0.25f, 10);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Layer> layers() {
        return layers(inputSize, widths, depths, kernelSize, expansion, hiddenUnits, dropout, classes);
    }

    /**
     * The network from its fields, before they are all checked: {@link ConfigLimits} counts it to
     * cap its size, which building only the records makes free. The head's layers are named by
     * their index in the card's head (flatten, dropout, linear, GELU, dropout, linear), so its
     * linear layers' weights keep the names of the card's files, {@code head.2.weight} and {@code
     * head.5.weight}. Its dropout layers are there even at rate 0, as the card's head has them.
     */
    static List<Layer> layers(int inputSize, List<Integer> widths, List<Integer> depths, int kernelSize, int expansion,
            int hiddenUnits, float dropout, int classes) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer.GroupNormalization("stem", 1, 1));
        int in = 1;
        for (int s = 1; s <= widths.size(); s++) {
            int out = widths.get(s - 1);
            for (int b = 0; b < depths.get(s - 1); b++) {
                layers.add(new Layer.DepthwiseResidual("stage" + s + "." + b, b == 0 ? in : out, out, kernelSize, expansion));
            }
            if (s < widths.size()) {
                layers.add(new Layer.MaxPool("stage" + s + ".pool"));
            }
            in = out;
        }
        layers.add(new Layer.AveragePoolTo2x2("pool", inputSize >> (widths.size() - 1)));
        layers.add(new Layer.DropoutLayer("head.1", dropout));
        layers.add(new Layer.Dense("head.2", in * 4, hiddenUnits));
        layers.add(new Layer.Gelu("head.3"));
        layers.add(new Layer.DropoutLayer("head.4", dropout));
        layers.add(new Layer.Dense("head.5", hiddenUnits, classes));
        return layers;
    }

    /**
     * The pooled features the classifier head reads: the last stage averaged to 2×2 and flattened
     * ({@link #headInputs()}). Richer than the head's 64 hidden units, which were trained only to
     * tell digits apart (on validation a not-a-digit head on those let far more non-digits through).
     */
    @Override
    public int features() {
        return headInputs();
    }

    /** Width of the flattened features the head receives (last stage channels × 2 × 2). */
    public int headInputs() {
        return widths.get(widths.size() - 1) * 4;
    }
}
