package dev.digitnet.model;

import java.util.List;

/**
 * Sane ranges for every field of a {@link DigitNetConfig} or {@link ConvNetConfig}, and the
 * network's size counted from its {@link Layer} records alone and capped, so a hostile or mistaken
 * {@code config.json} is refused with one line before a single tensor is allocated. (A ~200-byte
 * file with widths of 16,000 drove the process past 3 GB; widths of 100,000 or a billion hidden
 * units asked libtorch for 160 GB / 3 TB.) The parameter count is exact: the records are what the
 * engine builds; the activations are an estimate ({@link Layer#activations}).
 *
 * <p>The ranges are wide (the model card uses 32, 24–192 channels, depths 1–3, kernel 5, expansion
 * 4, 64 hidden units); the caps sit two orders of magnitude above the model card.
 */
public final class ConfigLimits {

    public static final int MAX_INPUT_SIZE = 256;
    public static final int MAX_STAGES = 8;
    public static final int MAX_WIDTH = 4096;
    public static final int MAX_DEPTH = 64;
    public static final int MAX_KERNEL = 31;
    public static final int MAX_EXPANSION = 16;
    public static final int MAX_HIDDEN_UNITS = 16_384;
    public static final int MAX_CLASSES = 1000;
    /** Parameters: 50 M (the model card has 0.53 M), 200 MB of float32 weights. */
    public static final long MAX_PARAMETERS = 50_000_000L;
    /** Activations of one image's forward pass kept for backward: 64 MiB (the model card: about 6 MB). */
    public static final long MAX_ACTIVATION_BYTES = 64L << 20;

    private ConfigLimits() {}

    /** Checks a {@link DigitNetConfig}'s fields, then its size. @throws IllegalArgumentException naming the first problem */
    static void check(int inputSize, List<Integer> widths, List<Integer> depths, int kernelSize, int expansion,
            int hiddenUnits, float dropout, int classes) {
        checkStages(inputSize, widths, depths, kernelSize);
        range("expansion", expansion, 1, MAX_EXPANSION);
        range("hiddenUnits", hiddenUnits, 1, MAX_HIDDEN_UNITS);
        range("classes", classes, 2, MAX_CLASSES);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        checkSize(size(inputSize, DigitNetConfig.layers(inputSize, widths, depths, kernelSize, expansion, hiddenUnits,
                dropout, classes)));
    }

    /** Checks a {@link ConvNetConfig}'s fields, then its size. @throws IllegalArgumentException naming the first problem */
    static void checkConvNet(int inputSize, List<Integer> widths, List<Integer> depths, int kernelSize, float dropout,
            int classes) {
        checkStages(inputSize, widths, depths, kernelSize);
        if (kernelSize % 2 == 0) {
            throw new IllegalArgumentException("kernelSize must be odd to keep the spatial size, got " + kernelSize);
        }
        range("classes", classes, 2, MAX_CLASSES);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        int finalSide = inputSize >> (widths.size() - 1);
        if (finalSide < 1 || finalSide << (widths.size() - 1) != inputSize) {
            throw new IllegalArgumentException("inputSize " + inputSize + " does not halve evenly over " + widths.size() + " stages");
        }
        checkSize(size(inputSize, ConvNetConfig.layers(widths, depths, kernelSize, dropout, classes)));
    }

    /** What a network costs: its parameters and the bytes of activations one image's training pass keeps. */
    record Size(long parameters, long activationBytes) {}

    /** The size of a layer list, counted from its records (nothing is built). */
    static Size size(int inputSize, List<Layer> layers) {
        long parameters = 0;
        long activations = 0;
        Layer.Dims dims = new Layer.Dims(1, inputSize);
        for (Layer layer : layers) {
            parameters += layer.parameters();
            activations += layer.activations(dims);
            dims = layer.output(dims);
        }
        return new Size(parameters, 4 * activations);
    }

    static void checkSize(Size size) {
        if (size.parameters() > MAX_PARAMETERS) {
            throw new IllegalArgumentException("architecture too large: " + size.parameters() + " parameters (at most "
                    + MAX_PARAMETERS + ")");
        }
        if (size.activationBytes() > MAX_ACTIVATION_BYTES) {
            throw new IllegalArgumentException("architecture too large: about " + (size.activationBytes() >> 20)
                    + " MiB of activations per image (at most " + (MAX_ACTIVATION_BYTES >> 20) + " MiB)");
        }
    }

    /** The fields both kinds share: input size, stages (widths and depths) and kernel. */
    private static void checkStages(int inputSize, List<Integer> widths, List<Integer> depths, int kernelSize) {
        range("inputSize", inputSize, 2, MAX_INPUT_SIZE);
        if (widths.isEmpty() || widths.size() != depths.size()) {
            throw new IllegalArgumentException("widths and depths must name the same, non-zero number of stages");
        }
        range("number of stages", widths.size(), 1, MAX_STAGES);
        for (int s = 0; s < widths.size(); s++) {
            range("widths[" + s + "]", widths.get(s), 1, MAX_WIDTH);
            range("depths[" + s + "]", depths.get(s), 1, MAX_DEPTH);
        }
        range("kernelSize", kernelSize, 1, Math.min(MAX_KERNEL, inputSize));
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got " + value);
        }
    }
}
