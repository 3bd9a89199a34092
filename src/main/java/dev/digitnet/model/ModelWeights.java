package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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

    /** Total number of trainable scalars in the block (BatchNorm's running statistics are state, not counted). */
    public static long count(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                total += p.getValue().getArray().size();
            }
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

    /** Largest safetensors header read: 16 MiB (a DigitNet checkpoint's is about 20 KB; the format allows 100 MB). */
    public static final int MAX_HEADER_BYTES = 16 << 20;
    /** Largest safetensors file read: 2 GiB, past anything {@link ConfigLimits} lets a model or its checkpoint reach. */
    public static final long MAX_FILE_BYTES = (2L << 30) - 1;

    /** A safetensors type: its DJL type and bytes per element. */
    private record Dtype(DataType type, int bytes) {}

    private static final Map<String, Dtype> DTYPES = Map.of(
            "F64", new Dtype(DataType.FLOAT64, 8), "F32", new Dtype(DataType.FLOAT32, 4),
            "F16", new Dtype(DataType.FLOAT16, 2), "BF16", new Dtype(DataType.BFLOAT16, 2),
            "I64", new Dtype(DataType.INT64, 8), "I32", new Dtype(DataType.INT32, 4),
            "I8", new Dtype(DataType.INT8, 1), "U8", new Dtype(DataType.UINT8, 1), "BOOL", new Dtype(DataType.BOOLEAN, 1));

    /** One tensor's entry in the header, validated. */
    private record Entry(String name, Dtype dtype, Shape shape, long begin, long end) {}

    /**
     * Reads a safetensors document into arrays owned by {@code manager}, by name. Nothing is trusted
     * for sizes: the header length is checked against {@link #MAX_HEADER_BYTES} and the file size
     * before the header is read; every tensor's type, shape and offsets are checked (its byte range
     * must be exactly elements × type size, inside the file, the ranges back to back) before any
     * tensor is read; and float tensors holding NaN or infinity are refused.
     *
     * @param size the document's length in bytes, or -1 when unknown (a stream from the jar): then
     *     the header's promises are checked against the bytes that actually arrive
     * @throws IOException with a one-line message saying what is wrong
     */
    public static Map<String, NDArray> read(NDManager manager, InputStream in, long size) throws IOException {
        if (size > MAX_FILE_BYTES) {
            throw new IOException("file too large: " + size + " bytes (at most " + MAX_FILE_BYTES + ")");
        }
        byte[] prefix = in.readNBytes(8);
        if (prefix.length < 8) {
            throw new IOException("not a safetensors file: " + prefix.length + " bytes, shorter than its 8-byte header length");
        }
        long headerLength = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || (size >= 0 && 8 + headerLength > size)) {
            throw new IOException("not a safetensors file: header length " + Long.toUnsignedString(headerLength)
                    + (size >= 0 ? " in a file of " + size + " bytes" : "") + " (at most " + MAX_HEADER_BYTES + ")");
        }
        byte[] header = in.readNBytes((int) headerLength);
        if (header.length < headerLength) {
            throw new IOException("truncated safetensors header: " + header.length + " of " + headerLength + " bytes");
        }
        List<Entry> entries = entries(new String(header, StandardCharsets.UTF_8));
        long data = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).end();
        if (size >= 0 && 8 + headerLength + data != size) {
            throw new IOException("safetensors header promises " + data + " bytes of tensors but the file holds "
                    + (size - 8 - headerLength));
        }
        Map<String, NDArray> byName = new HashMap<>();
        try {
            for (Entry e : entries) {
                int length = (int) (e.end() - e.begin());
                ByteBuffer bytes = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
                byte[] chunk = new byte[Math.min(length, 1 << 16)];
                while (bytes.hasRemaining()) {
                    int n = in.read(chunk, 0, Math.min(chunk.length, bytes.remaining()));
                    if (n < 0) {
                        throw new IOException("truncated safetensors file: tensor '" + e.name() + "' ends early");
                    }
                    bytes.put(chunk, 0, n);
                }
                bytes.flip();
                checkFinite(e, bytes);
                NDArray array = manager.create(bytes, e.shape(), e.dtype().type());
                array.setName(e.name());
                byName.put(e.name(), array);
            }
        } catch (IOException | RuntimeException ex) {
            byName.values().forEach(NDArray::close);
            throw ex;
        }
        return byName;
    }

    /** Reads a safetensors document of unknown length (see {@link #read(NDManager, InputStream, long)}). */
    public static Map<String, NDArray> read(NDManager manager, InputStream in) throws IOException {
        return read(manager, in, -1);
    }

    /** Parses and checks the header's entries, sorted by offset. */
    private static List<Entry> entries(String headerJson) throws IOException {
        JsonObject header;
        try {
            JsonElement root = JsonParser.parseString(headerJson);
            if (!root.isJsonObject()) {
                throw new IOException("safetensors header is not a JSON object");
            }
            header = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException("safetensors header is not valid JSON", e);
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> field : header.entrySet()) {
            if (field.getKey().equals("__metadata__")) {
                continue;
            }
            entries.add(entry(field.getKey(), field.getValue()));
        }
        entries.sort(Comparator.comparingLong(Entry::begin));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin() != expected) {
                throw new IOException("tensor '" + e.name() + "' starts at byte " + e.begin() + " of the data, expected "
                        + expected + " (tensors must be back to back, without overlap)");
            }
            expected = e.end();
        }
        if (expected > MAX_FILE_BYTES) {
            throw new IOException("safetensors header promises " + expected + " bytes of tensors (at most " + MAX_FILE_BYTES + ")");
        }
        return entries;
    }

    private static Entry entry(String name, JsonElement value) throws IOException {
        String where = "tensor '" + (name.length() > 80 ? name.substring(0, 77) + "..." : name) + "'";
        try {
            JsonObject t = value.getAsJsonObject();
            String dtypeName = t.get("dtype").getAsString();
            Dtype dtype = DTYPES.get(dtypeName);
            if (dtype == null) {
                throw new IOException(where + " has unsupported dtype " + dtypeName);
            }
            JsonArray dims = t.getAsJsonArray("shape");
            long[] shape = new long[dims.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i).getAsLong();
                if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                    throw new IOException(where + " has an impossible shape " + dims);
                }
                elements = Math.multiplyExact(elements, shape[i]);
            }
            JsonArray offsets = t.getAsJsonArray("data_offsets");
            if (offsets.size() != 2) {
                throw new IOException(where + " needs two data_offsets, has " + offsets.size());
            }
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            long bytes = Math.multiplyExact(elements, dtype.bytes());
            if (begin < 0 || end < begin || end - begin != bytes || bytes > Integer.MAX_VALUE) {
                throw new IOException(where + ": " + dtypeName + " " + dims + " needs " + bytes + " bytes but its data_offsets ["
                        + begin + ", " + end + "] hold " + (end - begin));
            }
            return new Entry(name, dtype, new Shape(shape), begin, end);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) { // missing fields, wrong JSON types, overflow
            throw new IOException(where + " has a malformed header entry (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    /** Refuses NaN and infinities: weights holding them load silently and answer nonsense ("0 (NaN%)"). */
    private static void checkFinite(Entry e, ByteBuffer bytes) throws IOException {
        int bad = -1;
        DataType type = e.dtype().type();
        if (type == DataType.FLOAT32) {
            java.nio.FloatBuffer f = bytes.asFloatBuffer();
            for (int i = 0; i < f.limit() && bad < 0; i++) {
                if (!Float.isFinite(f.get(i))) {
                    bad = i;
                }
            }
        } else if (type == DataType.FLOAT64) {
            java.nio.DoubleBuffer d = bytes.asDoubleBuffer();
            for (int i = 0; i < d.limit() && bad < 0; i++) {
                if (!Double.isFinite(d.get(i))) {
                    bad = i;
                }
            }
        } else if (type == DataType.FLOAT16 || type == DataType.BFLOAT16) {
            // All exponent bits set is infinity or NaN in both half formats.
            int exponent = type == DataType.FLOAT16 ? 0x7c00 : 0x7f80;
            java.nio.ShortBuffer h = bytes.asShortBuffer();
            for (int i = 0; i < h.limit() && bad < 0; i++) {
                if ((h.get(i) & exponent) == exponent) {
                    bad = i;
                }
            }
        }
        if (bad >= 0) {
            throw new IOException("tensor '" + e.name() + "' holds NaN or infinite values (first at element " + bad + ")");
        }
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
