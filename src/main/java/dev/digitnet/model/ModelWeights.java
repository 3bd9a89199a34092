package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes a block's parameters as safetensors, keyed by {@link ParameterNames readable}
 * names, so the weights open in PyTorch ({@code safetensors.torch.load_file}) as well as here.
 */
public final class ModelWeights {

    private ModelWeights() {}

    /** The block's parameters by readable name, in the block's order. */
    public static Map<String, Parameter> parameters(Block block) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byName.put(ParameterNames.readable(p.getKey()), p.getValue());
        }
        return byName;
    }

    /** Total number of scalars in the block's parameters. */
    public static long count(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            total += p.getValue().getArray().size();
        }
        return total;
    }

    /** Writes named copies of the arrays as one safetensors document. */
    public static void write(Map<String, NDArray> arrays, OutputStream out) throws IOException {
        NDList list = new NDList();
        try (NDManager scratch = NDManager.newBaseManager()) {
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                NDArray copy = e.getValue().duplicate();
                copy.attach(scratch);
                copy.setName(e.getKey());
                list.add(copy);
            }
            list.encode(out, NDList.Encoding.SAFETENSORS);
        }
    }

    /** Writes the block's parameters as safetensors. */
    public static void write(Block block, OutputStream out) throws IOException {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        parameters(block).forEach((name, p) -> arrays.put(name, p.getArray()));
        write(arrays, out);
    }

    /** Reads a safetensors document into arrays owned by {@code manager}, by name. */
    public static Map<String, NDArray> read(NDManager manager, InputStream in) throws IOException {
        NDList list = NDList.decode(manager, in);
        Map<String, NDArray> byName = new HashMap<>();
        for (NDArray array : list) {
            byName.put(array.getName(), array);
        }
        return byName;
    }

    /**
     * Copies weights into an initialized block, checking that every parameter is present with the
     * right shape and that nothing is left over.
     *
     * @throws IllegalArgumentException naming the first mismatch
     */
    public static void load(Block block, Map<String, NDArray> weights) {
        Map<String, Parameter> params = parameters(block);
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray source = weights.get(e.getKey());
            NDArray target = e.getValue().getArray();
            if (source == null) {
                throw new IllegalArgumentException("weights lack parameter '" + e.getKey() + "'");
            }
            if (!source.getShape().equals(target.getShape())) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' has shape " + source.getShape()
                        + " in the weights but " + target.getShape() + " in the model");
            }
            target.set(source.toType(target.getDataType(), false).toByteBuffer());
        }
        for (String name : weights.keySet()) {
            if (!params.containsKey(name)) {
                throw new IllegalArgumentException("weights hold '" + name + "', which this architecture does not have");
            }
        }
    }
}
