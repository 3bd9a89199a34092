package dev.digitnet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov & Hutter) with decoupled weight decay, over named parameters.
 *
 * <p>DJL ships an AdamW, but keeps its moment estimates private, so a resumed run would restart
 * them from zero. This one owns its state ({@link #state()}, {@link #restore}) and uses libtorch's
 * fused in-place update through DJL's {@code adamUpdate}. Weight decay applies to convolution and
 * linear weights only: decaying norm scales, GRN and biases only fights the normalization.
 */
public final class AdamW implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final Map<String, Parameter> parameters;
    private final float weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private long step;

    public AdamW(Map<String, Parameter> parameters, double weightDecay, NDManager parent) {
        // BatchNorm's running statistics are parameters to the engine but have no gradient.
        this.parameters = new LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            if (p.requiresGradient()) {
                this.parameters.put(name, p);
            }
        });
        this.weightDecay = (float) weightDecay;
        this.manager = parent.newSubManager();
        parameters.forEach((name, p) -> {
            means.put(name, manager.zeros(p.getArray().getShape()));
            variances.put(name, manager.zeros(p.getArray().getShape()));
        });
    }

    /** Applies one update with the gradients of the last backward pass, then clears them. */
    public void step(double learningRate) {
        step++;
        double biasCorrection = Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
        float lr = (float) learningRate;
        parameters.forEach((name, p) -> {
            NDArray weight = p.getArray();
            float decay = p.getType() == Parameter.Type.WEIGHT ? weightDecay : 0f;
            // Each getGradient() wraps the tensor in a new handle owned by the model: close it.
            try (NDArray grad = weight.getGradient()) {
                NDList state = new NDList(weight, grad, means.get(name), variances.get(name));
                weight.getNDArrayInternal().adamUpdate(state, new NDList(weight), lr,
                        (float) (lr * biasCorrection), decay, 1f, -1f, BETA1, BETA2, EPSILON, true, true);
                grad.subi(grad);
            }
        });
    }

    public long stepCount() {
        return step;
    }

    /** Moment estimates by {@code mean.NAME} / {@code variance.NAME}, for checkpoints. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        means.forEach((k, v) -> state.put("mean." + k, v));
        variances.forEach((k, v) -> state.put("variance." + k, v));
        return state;
    }

    /** Restores what {@link #state()} saved, and the step count. */
    public void restore(Map<String, NDArray> state, long stepCount) {
        copyInto(means, "mean.", state);
        copyInto(variances, "variance.", state);
        step = stepCount;
    }

    private static void copyInto(Map<String, NDArray> target, String prefix, Map<String, NDArray> state) {
        target.forEach((name, array) -> {
            NDArray saved = state.get(prefix + name);
            if (saved == null || !saved.getShape().equals(array.getShape())) {
                throw new IllegalArgumentException("checkpoint lacks optimizer state " + prefix + name);
            }
            array.set(saved.toByteBuffer());
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
