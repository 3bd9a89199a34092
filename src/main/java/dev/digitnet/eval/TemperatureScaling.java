package dev.digitnet.eval;

/**
 * Fits the one temperature that minimises the negative log-likelihood of held-out logits (Guo et
 * al. 2017). The NLL of {@code softmax(z / T)} is smooth and has a single minimum in {@code log T}
 * for logits that are not all tied, so a golden-section search over {@code log T} in [0.05, 20]
 * finds it without gradients or step sizes to tune.
 */
public final class TemperatureScaling {

    /** The search interval: the range {@link dev.digitnet.model.Calibration} accepts. */
    public static final double MIN = 0.05;
    public static final double MAX = 20;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    private TemperatureScaling() {}

    /** The temperature with the least NLL on these logits and labels, to about 1e-6 relative. */
    public static double fit(float[][] logits, int[] labels) {
        if (logits.length != labels.length || logits.length == 0) {
            throw new IllegalArgumentException(labels.length + " labels for " + logits.length + " rows of logits");
        }
        double lo = Math.log(MIN);
        double hi = Math.log(MAX);
        double a = hi - GOLDEN * (hi - lo);
        double b = lo + GOLDEN * (hi - lo);
        double fa = nll(logits, labels, Math.exp(a));
        double fb = nll(logits, labels, Math.exp(b));
        while (hi - lo > 1e-6) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - GOLDEN * (hi - lo);
                fa = nll(logits, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + GOLDEN * (hi - lo);
                fb = nll(logits, labels, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Mean negative log-likelihood of the true labels under {@code softmax(logits / t)}. */
    public static double nll(float[][] logits, int[] labels, double t) {
        double[] p = new double[logits[0].length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            sum += CalibrationMetrics.softmax(logits[i], t, p) - logits[i][labels[i]] / t;
        }
        return sum / logits.length;
    }
}
