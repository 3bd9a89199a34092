package dev.digitnet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.Map;

/**
 * An exponential moving average of the weights, kept in a second network of the same shape so it
 * can be evaluated and saved like any model. The decay ramps up as {@code (1+t)/(10+t)} so the
 * average is not dominated by the random initialization early on.
 */
public final class WeightAverage {

    private final Map<String, Parameter> live;
    private final Map<String, Parameter> average;
    private final double decay;

    public WeightAverage(Map<String, Parameter> live, Map<String, Parameter> average, double decay) {
        this.live = live;
        this.average = average;
        this.decay = decay;
        copyLiveIntoAverage();
    }

    /** Starts the average at the current weights (fresh runs). */
    public void copyLiveIntoAverage() {
        live.forEach((name, p) -> average.get(name).getArray().set(p.getArray().toByteBuffer()));
    }

    /** Folds the current weights into the average after optimizer step {@code step} (1-based). */
    public void update(long step) {
        float d = (float) Math.min(decay, (1.0 + step) / (10.0 + step));
        live.forEach((name, p) -> {
            NDArray avg = average.get(name).getArray();
            // The scaled copy is a temporary in the model's manager: close it right away.
            try (NDArray scaled = p.getArray().mul(1f - d)) {
                avg.muli(d).addi(scaled);
            }
        });
    }
}
