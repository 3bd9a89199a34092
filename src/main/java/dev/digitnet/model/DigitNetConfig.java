package dev.digitnet.model;

import java.util.List;

/**
 * The architecture of a DigitNet, as plain data: everything needed to rebuild the network before
 * its weights are loaded. Saved next to the weights as {@code config.json}.
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
        // Every field is checked, and the network's size estimated and capped, before anything is
        // built: config.json may come from anywhere (ConfigLimits says why each bound).
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
    public ai.djl.nn.Block newBlock() {
        return new DigitNetBlock(this);
    }

    @Override
    public ModelSummary summary() {
        return ModelSummary.of(this);
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

    /** Side of the feature map entering the head's 2×2 average pool. */
    public int finalFeatureSide() {
        return inputSize >> (widths.size() - 1);
    }

    /** Width of the flattened features the head receives (last stage channels × 2 × 2). */
    public int headInputs() {
        return widths.get(widths.size() - 1) * 4;
    }
}
