package dev.digitnet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A layer-by-layer table of a DigitNet: output shape, parameters and forward FLOPs per image.
 *
 * <p>FLOPs count convolutions and linear layers as 2 × multiply-accumulates, the convention of
 * PyTorch's {@code torch.utils.flop_counter} (which the original model card used); norms,
 * activations and pooling are cheap by comparison and are not counted.
 */
public record ModelSummary(List<Layer> layers, long parameters, long flops) {

    /** One row: a layer's name, its output shape (C×H×W or features), parameters and FLOPs. */
    public record Layer(String name, String output, long parameters, long flops) {}

    public static ModelSummary of(DigitNetConfig config) {
        List<Layer> layers = new ArrayList<>();
        int side = config.inputSize();
        layers.add(new Layer("stem: GroupNorm(1 group)", shape(1, side), 2, 0));
        int in = 1;
        for (int s = 0; s < config.widths().size(); s++) {
            int out = config.widths().get(s);
            for (int b = 0; b < config.depths().get(s); b++) {
                int cin = b == 0 ? in : out;
                layers.add(block("stage" + (s + 1) + "." + b, cin, out, side, config));
            }
            if (s < config.widths().size() - 1) {
                side /= 2;
                layers.add(new Layer("max pool 2×2", shape(out, side), 0, 0));
            }
            in = out;
        }
        layers.add(new Layer("avg pool → 2×2, flatten", String.valueOf(config.headInputs()), 0, 0));
        long hidden = (long) config.headInputs() * config.hiddenUnits();
        layers.add(new Layer("dropout " + config.dropout() + ", linear, GELU", String.valueOf(config.hiddenUnits()),
                hidden + config.hiddenUnits(), 2 * hidden));
        long logits = (long) config.hiddenUnits() * config.classes();
        layers.add(new Layer("dropout " + config.dropout() + ", linear", String.valueOf(config.classes()),
                logits + config.classes(), 2 * logits));
        long params = layers.stream().mapToLong(Layer::parameters).sum();
        long flops = layers.stream().mapToLong(Layer::flops).sum();
        return new ModelSummary(List.copyOf(layers), params, flops);
    }

    /** The table of a layer list ({@link ConvNetConfig#layers()}), each row from its {@link dev.digitnet.model.Layer}. */
    public static ModelSummary of(int inputSize, List<dev.digitnet.model.Layer> network) {
        List<Layer> layers = new ArrayList<>();
        dev.digitnet.model.Layer.Dims dims = new dev.digitnet.model.Layer.Dims(1, inputSize);
        for (dev.digitnet.model.Layer layer : network) {
            long flops = layer.flops(dims);
            dims = layer.output(dims);
            layers.add(new Layer(layer.describe(), dims.toString(), layer.parameters(), flops));
        }
        long params = layers.stream().mapToLong(Layer::parameters).sum();
        long flops = layers.stream().mapToLong(Layer::flops).sum();
        return new ModelSummary(List.copyOf(layers), params, flops);
    }

    private static Layer block(String name, int in, int out, int side, DigitNetConfig config) {
        long pixels = (long) side * side;
        int k = config.kernelSize();
        int hidden = out * config.expansion();
        long params = (long) in * k * k + in      // depthwise conv + bias
                + 2L * in                          // group norm affine
                + (long) in * hidden + hidden      // expand
                + 2L * hidden                      // GRN γ, β
                + (long) hidden * out + out;       // project
        long macs = pixels * ((long) in * k * k + (long) in * hidden + (long) hidden * out);
        if (in != out) {
            params += (long) in * out + out;       // 1×1 skip projection
            macs += pixels * in * out;
        }
        String title = String.format(Locale.ROOT, "%s: DepthwiseBlock %d→%d (k%d, ×%d, GRN)", name, in, out, k, config.expansion());
        return new Layer(title, shape(out, side), params, 2 * macs);
    }

    private static String shape(int channels, int side) {
        return channels + "×" + side + "×" + side;
    }

    /** A plain-text table for the terminal. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-52s %-12s %12s %14s%n", "layer", "output", "parameters", "FLOPs"));
        for (Layer l : layers) {
            text.append(String.format(Locale.ROOT, "%-52s %-12s %,12d %,14d%n", l.name(), l.output(), l.parameters(), l.flops()));
        }
        text.append(String.format(Locale.ROOT, "%-52s %-12s %,12d %,14d%n", "total", "", parameters, flops));
        return text.toString();
    }
}
