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

    /** The table of a layer list ({@link Architecture#layers()}), each row from its {@link dev.digitnet.model.Layer}. */
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
