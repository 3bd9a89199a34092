package dev.digitnet.predict;

import dev.digitnet.model.ProbabilityModel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Stand-ins for the trained network, so predict/serve tests need no weights. */
public final class FakeModels {

    private FakeModels() {}

    /** Always answers the same distribution. */
    public static ProbabilityModel fixed(float... probabilities) {
        float[] copy = probabilities.clone();
        return new Base() {
            @Override
            float[] one(float[] input) {
                return copy.clone();
            }
        };
    }

    /**
     * "Classifies" by shape: {@code 1} (p = 0.9) when the ink's bounding box in the 32×32 input is
     * at least twice as tall as wide, else {@code 0} (p = 0.9); the other digits share the rest.
     */
    public static ProbabilityModel shape() {
        return new Base() {
            @Override
            float[] one(float[] input) {
                int x0 = 32, y0 = 32, x1 = -1, y1 = -1;
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        if (input[y * 32 + x] > 0.3f) {
                            x0 = Math.min(x0, x);
                            x1 = Math.max(x1, x);
                            y0 = Math.min(y0, y);
                            y1 = Math.max(y1, y);
                        }
                    }
                }
                boolean tallAndThin = x1 >= 0 && (y1 - y0 + 1) >= 2 * (x1 - x0 + 1);
                float[] p = new float[10];
                Arrays.fill(p, 0.1f / 9);
                p[tallAndThin ? 1 : 0] = 0.9f;
                return p;
            }
        };
    }

    /** Common checks: inputs are 32×32 in [0, 1]; counts calls, concurrent use and closing. */
    public abstract static class Base implements ProbabilityModel {
        public static final AtomicInteger CREATED = new AtomicInteger();
        public final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicInteger inUse = new AtomicInteger();
        public volatile boolean usedConcurrently;
        public final AtomicInteger calls = new AtomicInteger();

        protected Base() {
            CREATED.incrementAndGet();
        }

        abstract float[] one(float[] input);

        @Override
        public int inputSize() {
            return 32;
        }

        /** The log of the stand-in's probabilities, so that their softmax gives them back. */
        @Override
        public float[][] logits(float[][] inputs) {
            float[][] p = probabilities(inputs);
            float[][] logits = new float[p.length][];
            for (int i = 0; i < p.length; i++) {
                logits[i] = new float[p[i].length];
                for (int k = 0; k < p[i].length; k++) {
                    logits[i][k] = (float) Math.log(p[i][k]);
                }
            }
            return logits;
        }

        @Override
        public float[][] probabilities(float[][] inputs) {
            if (closed.get()) {
                throw new IllegalStateException("used after close");
            }
            if (inUse.incrementAndGet() > 1) {
                usedConcurrently = true; // a pool bug: predictors are not thread-safe
            }
            try {
                calls.incrementAndGet();
                float[][] out = new float[inputs.length][];
                for (int i = 0; i < inputs.length; i++) {
                    if (inputs[i].length != inputSize() * inputSize()) {
                        throw new IllegalArgumentException("expected 1024 floats, got " + inputs[i].length);
                    }
                    out[i] = one(inputs[i]);
                }
                return out;
            } finally {
                inUse.decrementAndGet();
            }
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
