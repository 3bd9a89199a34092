package dev.digitnet.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import dev.digitnet.io.AtomicFiles;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.Architecture;
import dev.digitnet.model.Layer;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelWeights;
import dev.digitnet.model.NotDigitGate;
import dev.digitnet.model.NotDigitHead;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Writes a DigitNet as a standard ONNX graph (opset 17, IR version 8): input {@code image} float32
 * {@code [N, 1, S, S]}, output {@code logits} {@code [N, classes]}, and for a model with a {@link
 * NotDigitHead} a second output {@code not_digit} {@code [N, 1]}; the batch axis dynamic.
 *
 * <p>The graph is read from the architecture's {@link Architecture#layers() layer list}, one case
 * per {@link Layer} record, following the engine's inference forward pass op for op, with the
 * weights as initializers under their PyTorch-style names. Only standard operators, each chosen to
 * compute exactly what the Java blocks compute:
 *
 * <ul>
 *   <li>{@code GroupNorm} (the input's single group over one channel, and one group per channel in
 *       each block) normalizes each channel of each image over its own H×W with biased variance
 *       and ε 1e-5, then a per-channel affine: that is {@code InstanceNormalization}. Opset 17
 *       has no {@code GroupNormalization} (opset 18's was redefined in 21), and instance norm is
 *       what runtimes have long fused.
 *   <li>GELU is the exact (erf) form, as libtorch's default that DJL calls: opset 17 has no
 *       {@code Gelu} (opset 20), so {@code x·½·(1 + erf(x/√2))} is written as
 *       {@code Div → Erf → Add → Mul → Mul}, the pattern PyTorch's exporter emits and ONNX Runtime
 *       fuses back into one GELU kernel.
 *   <li>GRN: the spatial L2 norm as {@code Sqrt(ReduceSum(x·x))} over H, W, {@code ReduceMean}
 *       over channels, then {@code x·(γ·N + 1)} with ε 1e-6 added to the mean, as {@code
 *       GlobalResponseNorm}. Two rewrites that compute the same thing faster in ONNX Runtime (batch-1
 *       forward pass of the teacher on one thread 1.17 → 1.03 ms, docs/benchmarks.md): {@code
 *       ReduceL2}'s kernel was slower than the three operators; and GRN's {@code + β} is folded
 *       into the 1×1 projection that follows, {@code W·(x·s + β) + b = W·(x·s) + (W·β + b)}, so the
 *       projection's bias initializer is {@code <block>.project.bias_with_grn_beta} and the
 *       {@code β} parameters are not initializers of their own.
 *   <li>Depthwise convolution: {@code Conv} with {@code group} = channels and "same" padding; the
 *       1×1 convolutions: {@code Conv}; 2×2 max pooling: {@code MaxPool}; the head's pooling to
 *       2×2: {@code AveragePool}; flatten: {@code Flatten}; linear layers: {@code Gemm} with
 *       {@code transB} (weights are stored [out, in], as PyTorch's).
 *   <li>Dropout is the identity at inference and is left out.
 * </ul>
 */
public final class OnnxExporter {

    public static final String INPUT = "image";
    public static final String OUTPUT = "logits";
    /**
     * The second output of a model with a not-a-digit head, float32 {@code [N, 1]}: refuse an
     * input whose value exceeds the calibration's {@code digit_check.max_not_digit} (docs/onnx.md).
     */
    public static final String NOT_DIGIT = NotDigitHead.OUTPUT;
    public static final int OPSET = 17;
    /** IR version 8: what ONNX 1.10–1.12 write for opset 15–17, so older checkers accept the file. */
    public static final long IR_VERSION = 8;

    /** Metadata property keys. */
    public static final String LABELS = "labels";
    public static final String PREPROCESSING = "preprocessing";
    public static final String EVALUATION = "evaluation";
    public static final String PROVENANCE = "provenance";
    public static final String ARCHITECTURE = "architecture";
    /**
     * The temperature and the digit check ({@code Calibration}): a caller outside Java divides the
     * logits by {@code temperature} before the softmax and refuses inputs whose {@code
     * logsumexp(logits)} is below {@code digit_check.min_score} (docs/onnx.md).
     */
    public static final String CALIBRATION = Calibration.KEY;
    /** The whole {@code config.json}, so a loaded .onnx file shows the same card as the model folder. */
    public static final String CONFIG = "digitnet_config";

    /** What a caller must do to a picture before {@code image}, in words (docs/onnx.md has it as code). */
    public static final String PREPROCESSING_TEXT = "image: float32 [N, 1, 32, 32], values in [0, 1], ink bright "
            + "(1) on a dark (0) background, no mean/std normalization. From an MNIST 28x28 uint8 image: divide by 255, "
            + "then resize 28x28 -> 32x32 bilinearly with half-pixel centres (PyTorch's F.interpolate(mode='bilinear', "
            + "align_corners=False) without antialiasing). From any other picture, first make it MNIST-like: grey, ink "
            + "bright on dark, crop to the ink, scale it to fit 20x20 keeping its aspect ratio, paste it into 28x28 with "
            + "its centre of mass at the centre (DigitNet's DigitInput). Output: logits [N, 10]; softmax gives "
            + "the probabilities of the labels in order.";

    private static final float GROUP_NORM_EPSILON = 1e-5f;
    private static final float GRN_EPSILON = 1e-6f;

    private OnnxExporter() {}

    /** Exports the model to a file, written atomically. */
    public static void write(DigitNetModel model, Path file) throws IOException {
        byte[] bytes = export(model).toByteArray();
        AtomicFiles.write(file, bytes);
    }

    /** The model as an ONNX {@code ModelProto}, its metadata among the properties. */
    public static ModelProto export(DigitNetModel model) {
        Architecture config = model.config();
        Graph g = new Graph(model);
        String features = network(g, config.layers(), OUTPUT);
        g.checkAllWeightsUsed();
        g.graph.setName("digitnet")
                .addInput(tensorInfo(INPUT, "N", 1, config.inputSize(), config.inputSize()))
                .addOutput(tensorInfo(OUTPUT, "N", config.classes()));
        model.notDigitHead().ifPresent(head -> {
            notDigitHead(g, head, features);
            g.graph.addOutput(tensorInfo(NOT_DIGIT, "N", 1));
        });
        model.notDigitGate().ifPresent(gate -> {
            notDigitGate(g, gate);
            g.graph.addOutput(tensorInfo(NOT_DIGIT, "N", 1));
        });
        GraphProto graph = g.graph.build();
        ModelProto.Builder proto = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("DigitNet for Java")
                .setProducerVersion(producerVersion(model.metadata()))
                .setDomain("dev.digitnet")
                .setModelVersion(1)
                .setDocString("DigitNet, an MNIST digit classifier (" + config.kind() + "). " + PREPROCESSING_TEXT)
                .setGraph(graph);
        metadata(model.metadata(), config).forEach((k, v) ->
                proto.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return proto.build();
    }

    /**
     * The network from its layer list, a case per {@link Layer} record; returns the name of the
     * pooled features ({@link Layer#pooledFeatures()}). A student's BatchNorms are folded into the
     * convolution before each ({@code W' = W·γ/√(σ²+ε)}, {@code b' = β − μ·γ/√(σ²+ε)}, in double),
     * so its graph is {@code Conv → Relu} pairs, {@code MaxPool}s, {@code GlobalAveragePool},
     * {@code Flatten} and one {@code Gemm}.
     */
    private static String network(Graph g, List<Layer> layers, String output) {
        String x = INPUT;
        String features = null;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            boolean last = i == layers.size() - 1;
            if (layer instanceof Layer.Conv conv) {
                if (!(i + 1 < layers.size() && layers.get(i + 1) instanceof Layer.BatchNormalization bn)) {
                    throw new IllegalStateException(conv.name() + " is not followed by a BatchNorm to fold");
                }
                String[] folded = g.foldBatchNorm(conv.name(), bn.name(), Layer.BatchNormalization.EPSILON);
                int pad = conv.kernel() / 2;
                x = g.node("Conv", conv.name(), List.of(x, folded[0], folded[1]),
                        Attr.ints("kernel_shape", conv.kernel(), conv.kernel()), Attr.ints("pads", pad, pad, pad, pad),
                        Attr.i("group", conv.groups()));
                i++; // the BatchNorm is inside the convolution now
            } else if (layer instanceof Layer.GroupNormalization norm) {
                if (norm.groups() != norm.channels()) {
                    throw new IllegalStateException(norm.name() + ": only a group norm with one channel per group is an instance norm");
                }
                x = g.node("InstanceNormalization", norm.name(), List.of(x, g.flat(norm.name() + ".weight"),
                        g.flat(norm.name() + ".bias")), Attr.f("epsilon", GROUP_NORM_EPSILON));
            } else if (layer instanceof Layer.DepthwiseResidual block) {
                x = block(g, block, x);
            } else if (layer instanceof Layer.Relu) {
                x = g.node("Relu", layer.name(), List.of(x));
            } else if (layer instanceof Layer.Gelu) {
                x = gelu(g, layer.name(), x);
            } else if (layer instanceof Layer.MaxPool) {
                x = g.node("MaxPool", layer.name(), List.of(x), Attr.ints("kernel_shape", 2, 2), Attr.ints("strides", 2, 2));
            } else if (layer instanceof Layer.GlobalAveragePool) {
                x = g.node("GlobalAveragePool", layer.name(), List.of(x));
                x = g.node("Flatten", layer.name() + ".flatten", List.of(x), Attr.i("axis", 1));
            } else if (layer instanceof Layer.AveragePoolTo2x2 pool) {
                x = g.node("AveragePool", pool.name(), List.of(x), Attr.ints("kernel_shape", pool.window(), pool.window()),
                        Attr.ints("strides", pool.window(), pool.window()));
                x = g.node("Flatten", pool.name() + ".flatten", List.of(x), Attr.i("axis", 1));
            } else if (layer instanceof Layer.DropoutLayer) {
                continue; // the identity at inference
            } else if (layer instanceof Layer.Dense dense) {
                List<String> inputs = List.of(x, g.weight(dense.name() + ".weight"), g.weight(dense.name() + ".bias"));
                if (last) {
                    g.node("Gemm", dense.name(), inputs, List.of(output), Attr.i("transB", 1));
                    x = output;
                } else {
                    x = g.node("Gemm", dense.name(), inputs, Attr.i("transB", 1));
                }
            } else {
                throw new IllegalStateException("no ONNX operator for " + layer);
            }
            if (layer.pooledFeatures()) {
                features = x;
            }
        }
        if (!output.equals(x) || features == null) {
            throw new IllegalStateException("a network must pool its features and end in a linear classifier");
        }
        return features;
    }

    /**
     * The not-a-digit head on the pooled features (a student's final linear layer's input, the
     * teacher's flattened pool), as {@link
     * NotDigitHead#score} computes it: {@code Gemm → Relu → Gemm} (one {@code Gemm} without a hidden
     * layer) into the output {@value #NOT_DIGIT}, {@code [N, 1]}. The logits' nodes are untouched.
     */
    private static void notDigitHead(Graph g, NotDigitHead head, String features) {
        String x = features;
        if (head.hidden() > 0) {
            x = g.node("Gemm", "not_digit.hidden", List.of(x,
                    g.constant("not_digit.hidden.weight", head.hiddenWeight(), head.hidden(), head.inputs()),
                    g.constant("not_digit.hidden.bias", head.hiddenBias(), head.hidden())), Attr.i("transB", 1));
            x = g.node("Relu", "not_digit.relu", List.of(x));
        }
        float[] w = head.outWeight();
        g.node("Gemm", "not_digit.out", List.of(x, g.constant("not_digit.out.weight", w, 1, w.length),
                g.constant("not_digit.out.bias", new float[] {head.outBias()}, 1)), List.of(NOT_DIGIT), Attr.i("transB", 1));
    }

    /**
     * The not-a-digit gate as a second branch from {@code image}: its network from its own layer
     * list ({@link #network}, names under {@code not_digit_gate.}), then {@code logits · [−1, 1]ᵀ}
     * into {@value #NOT_DIGIT}: {@code logit[1] − logit[0]} exactly as {@link NotDigitGate#scores}
     * computes it (both products are exact, one rounding in the sum).
     */
    private static void notDigitGate(Graph g, NotDigitGate gate) {
        Graph branch = g.branch(gate.network(), NotDigitGate.KEY + ".");
        String logits = NotDigitGate.KEY + ".logits";
        network(branch, gate.network().config().layers(), logits);
        branch.checkAllWeightsUsed();
        float[] difference = new float[2];
        difference[NotDigitGate.DIGIT] = -1f;
        difference[NotDigitGate.NOT_DIGIT] = 1f;
        g.node("Gemm", NotDigitGate.KEY + ".score", List.of(logits, g.constant(NotDigitGate.KEY + ".difference", difference, 2, 1)),
                List.of(NOT_DIGIT));
    }

    /** The metadata properties: labels, preprocessing, the card's figures, provenance, architecture, config. */
    static Map<String, String> metadata(JsonObject card, Architecture config) {
        Map<String, String> props = new LinkedHashMap<>();
        JsonArray labels = new JsonArray();
        for (int c = 0; c < config.classes(); c++) {
            labels.add(Integer.toString(c));
        }
        props.put(LABELS, labels.toString());
        props.put(PREPROCESSING, PREPROCESSING_TEXT);
        for (String key : new String[] {EVALUATION, PROVENANCE, ARCHITECTURE, CALIBRATION, NotDigitHead.KEY, NotDigitGate.KEY}) {
            JsonElement value = card.get(key);
            if (value != null) {
                props.put(key, value.toString());
            }
        }
        props.put(CONFIG, card.toString());
        return props;
    }

    private static String producerVersion(JsonObject card) {
        try {
            return card.getAsJsonObject("provenance").getAsJsonObject("versions").get("digitnet").getAsString();
        } catch (RuntimeException e) {
            return "1.0.0";
        }
    }

    /**
     * One {@code DepthwiseBlock}: depthwise conv → per-channel norm → 1×1 expand → GELU → GRN → 1×1
     * project, plus the input (through the 1×1 skip when the width changes).
     */
    private static String block(Graph g, Layer.DepthwiseResidual block, String x) {
        String name = block.name();
        int in = block.in();
        int kernel = block.kernel();
        int pad = kernel / 2;
        String y = g.node("Conv", name + ".depthwise", List.of(x, g.weight(name + ".depthwise.weight"),
                g.weight(name + ".depthwise.bias")), Attr.i("group", in), Attr.ints("kernel_shape", kernel, kernel),
                Attr.ints("pads", pad, pad, pad, pad));
        y = g.node("InstanceNormalization", name + ".norm", List.of(y, g.flat(name + ".norm.weight"),
                g.flat(name + ".norm.bias")), Attr.f("epsilon", GROUP_NORM_EPSILON));
        y = g.node("Conv", name + ".expand", List.of(y, g.weight(name + ".expand.weight"), g.weight(name + ".expand.bias")));
        y = gelu(g, name + ".gelu", y);
        y = grn(g, name + ".grn", y);
        y = g.node("Conv", name + ".project", List.of(y, g.weight(name + ".project.weight"),
                g.biasWithInput(name + ".project", name + ".grn.beta", name + ".project.bias_with_grn_beta")));
        String residual = in == block.out() ? x : g.node("Conv", name + ".skip", List.of(x, g.weight(name + ".skip.weight"),
                g.weight(name + ".skip.bias")));
        return g.node("Add", name + ".residual", List.of(y, residual));
    }

    /** Exact GELU, {@code x · ½ · (1 + erf(x / √2))}. */
    private static String gelu(Graph g, String name, String x) {
        String scaled = g.node("Div", name + ".div", List.of(x, g.scalar("sqrt2", (float) Math.sqrt(2))));
        String erf = g.node("Erf", name + ".erf", List.of(scaled));
        String plusOne = g.node("Add", name + ".add", List.of(erf, g.scalar("one", 1f)));
        String times = g.node("Mul", name + ".mul", List.of(x, plusOne));
        return g.node("Mul", name + ".half", List.of(times, g.scalar("half", 0.5f)));
    }

    /**
     * GRN as {@code GlobalResponseNorm} computes it, {@code x · (γ · G/(mean_c G + ε) + 1)}, less its
     * {@code + β}, which the projection after it adds ({@link Graph#biasWithInput}).
     */
    private static String grn(Graph g, String name, String x) {
        String squares = g.node("Mul", name + ".square", List.of(x, x));
        String sum = g.node("ReduceSum", name + ".sum_squares", List.of(squares, g.longs("spatial_axes", 2, 3)),
                Attr.i("keepdims", 1));
        String norm = g.node("Sqrt", name + ".l2", List.of(sum));
        String mean = g.node("ReduceMean", name + ".mean", List.of(norm), Attr.ints("axes", 1), Attr.i("keepdims", 1));
        String denominator = g.node("Add", name + ".eps", List.of(mean, g.scalar("grn_epsilon", GRN_EPSILON)));
        String relative = g.node("Div", name + ".relative", List.of(norm, denominator));
        String gammaN = g.node("Mul", name + ".times_gamma", List.of(relative, g.weight(name + ".gamma")));
        String scale = g.node("Add", name + ".scale", List.of(gammaN, g.scalar("one", 1f)));
        return g.node("Mul", name + ".apply", List.of(x, scale));
    }

    private static ValueInfoProto tensorInfo(String name, String batch, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** A node attribute. */
    private record Attr(AttributeProto proto) {
        static Attr i(String name, long value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
                    .setI(value).build());
        }

        static Attr f(String name, float value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                    .setF(value).build());
        }

        static Attr ints(String name, long... values) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
            for (long v : values) {
                a.addInts(v);
            }
            return new Attr(a.build());
        }
    }

    /** The graph under construction: nodes, and initializers made from the model's named parameters. */
    private static final class Graph {
        final GraphProto.Builder graph;
        final Map<String, Parameter> parameters;
        final Set<String> used = new HashSet<>();
        final Set<String> initializers;
        /** Put before every node and initializer name: empty for the model, the gate's for its branch. */
        final String prefix;

        Graph(DigitNetModel model) {
            this(GraphProto.newBuilder(), model, new HashSet<>(), "");
        }

        private Graph(GraphProto.Builder graph, DigitNetModel model, Set<String> initializers, String prefix) {
            this.graph = graph;
            this.parameters = ModelWeights.parameters(model.block());
            this.initializers = initializers;
            this.prefix = prefix;
        }

        /** Another network's nodes in this graph, its names under {@code prefix}. */
        Graph branch(DigitNetModel model, String prefix) {
            return new Graph(graph, model, initializers, prefix);
        }

        /** Adds a node whose single output is named after it; returns that name. */
        String node(String op, String name, List<String> inputs, Attr... attrs) {
            node(op, name, inputs, List.of(prefix + name), attrs);
            return prefix + name;
        }

        void node(String op, String name, List<String> inputs, List<String> outputs, Attr... attrs) {
            NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(prefix + name).addAllInput(inputs)
                    .addAllOutput(outputs);
            for (Attr a : attrs) {
                n.addAttribute(a.proto());
            }
            graph.addNode(n);
        }

        /** The named parameter as an initializer of its own shape. */
        String weight(String name) {
            NDArray array = parameter(name);
            return initializer(name, array.toFloatArray(), array.getShape().getShape());
        }

        /** The named parameter flattened to one axis (InstanceNormalization wants [C] scale and bias). */
        String flat(String name) {
            float[] values = parameter(name).toFloatArray();
            return initializer(name, values, new long[] {values.length});
        }

        /**
         * The bias of the 1×1 convolution {@code conv} when a per-channel constant {@code shift} (shape
         * [1, in, 1, 1]) is added to its input: {@code b + W·shift}, summed in double, as the
         * initializer {@code name}.
         */
        String biasWithInput(String conv, String shift, String name) {
            NDArray weight = parameter(conv + ".weight");
            long[] shape = weight.getShape().getShape();
            float[] w = weight.toFloatArray();
            float[] b = parameter(conv + ".bias").toFloatArray();
            float[] s = parameter(shift).toFloatArray();
            int out = (int) shape[0];
            int in = (int) shape[1];
            if (shape.length != 4 || shape[2] != 1 || shape[3] != 1 || b.length != out || s.length != in) {
                throw new IllegalStateException("cannot fold " + shift + " into " + conv + " (weight "
                        + weight.getShape() + ", bias " + b.length + ", shift " + s.length + ")");
            }
            float[] folded = new float[out];
            for (int o = 0; o < out; o++) {
                double v = b[o];
                for (int i = 0; i < in; i++) {
                    v += (double) w[o * in + i] * s[i];
                }
                folded[o] = (float) v;
            }
            return initializer(name, folded, new long[] {out});
        }

        /**
         * The convolution {@code conv} (no bias) with the BatchNorm {@code bn} after it folded in:
         * initializers {@code <conv>.weight_folded} and {@code <conv>.bias_folded}, computed in double.
         */
        String[] foldBatchNorm(String conv, String bn, float epsilon) {
            NDArray weight = parameter(conv + ".weight");
            long[] shape = weight.getShape().getShape();
            float[] w = weight.toFloatArray();
            float[] gamma = parameter(bn + ".gamma").toFloatArray();
            float[] beta = parameter(bn + ".beta").toFloatArray();
            float[] mean = parameter(bn + ".runningMean").toFloatArray();
            float[] variance = parameter(bn + ".runningVar").toFloatArray();
            int out = (int) shape[0];
            int perFilter = w.length / out;
            float[] foldedWeight = new float[w.length];
            float[] foldedBias = new float[out];
            for (int o = 0; o < out; o++) {
                double scale = gamma[o] / Math.sqrt((double) variance[o] + epsilon);
                for (int k = 0; k < perFilter; k++) {
                    foldedWeight[o * perFilter + k] = (float) (w[o * perFilter + k] * scale);
                }
                foldedBias[o] = (float) (beta[o] - mean[o] * scale);
            }
            return new String[] {initializer(conv + ".weight_folded", foldedWeight, shape),
                initializer(conv + ".bias_folded", foldedBias, new long[] {out})};
        }

        /** An int64 vector constant (operator inputs such as ReduceSum's axes), shared by name. */
        String longs(String unprefixed, long... values) {
            String name = prefix + unprefixed;
            if (initializers.add(name)) {
                ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                raw.asLongBuffer().put(values);
                graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                        .addDims(values.length).setRawData(ByteString.copyFrom(raw.array())));
            }
            return name;
        }

        /** A float initializer that is not one of the network's parameters (the not-a-digit head's). */
        String constant(String name, float[] values, long... dims) {
            return initializer(name, values, dims);
        }

        /** A scalar constant, shared by every node that uses it. */
        String scalar(String name, float value) {
            return initializer(name, new float[] {value}, new long[0]);
        }

        private NDArray parameter(String name) {
            Parameter p = parameters.get(name);
            if (p == null) {
                throw new IllegalStateException("the network has no parameter '" + name + "' to export");
            }
            used.add(name);
            return p.getArray();
        }

        private String initializer(String unprefixed, float[] values, long[] dims) {
            String name = prefix + unprefixed;
            if (initializers.add(name)) {
                ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                raw.asFloatBuffer().put(values);
                TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                        .setRawData(ByteString.copyFrom(raw.array()));
                for (long d : dims) {
                    t.addDims(d);
                }
                graph.addInitializer(t);
            }
            return name;
        }

        /** Every parameter must be in the graph: one the exporter does not know would be silently dropped. */
        void checkAllWeightsUsed() {
            List<String> left = new ArrayList<>(parameters.keySet());
            left.removeAll(used);
            if (!left.isEmpty()) {
                throw new IllegalStateException("the ONNX export does not cover parameters " + left);
            }
        }
    }
}
