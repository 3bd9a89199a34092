package dev.digitnet.eval;

import java.util.Arrays;

/**
 * Area under the ROC curve of a score that should be higher for positives (digits) than for
 * negatives (anything else): the probability that a random positive outscores a random negative,
 * ties counting half (the Mann–Whitney U statistic over the two sizes). Computed by ranking once,
 * O(n log n), exactly.
 */
public final class Auroc {

    private Auroc() {}

    public static double of(double[] positives, double[] negatives) {
        if (positives.length == 0 || negatives.length == 0) {
            throw new IllegalArgumentException("AUROC needs both positives and negatives, got "
                    + positives.length + " and " + negatives.length);
        }
        int n = positives.length + negatives.length;
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        System.arraycopy(positives, 0, scores, 0, positives.length);
        System.arraycopy(negatives, 0, scores, positives.length, negatives.length);
        Arrays.fill(positive, 0, positives.length, true);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(scores[x], scores[y]));
        double positiveRanks = 0;
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // tied scores share the mean of their ranks
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    positiveRanks += rank;
                }
            }
            i = j + 1;
        }
        double p = positives.length;
        return (positiveRanks - p * (p + 1) / 2) / (p * negatives.length);
    }
}
