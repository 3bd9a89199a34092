package dev.digitnet.eval;

/** Counts of (true label, predicted label) pairs. Rows are true labels, columns predictions. */
public final class ConfusionMatrix {

    private final int[][] counts;

    public ConfusionMatrix(int classes) {
        counts = new int[classes][classes];
    }

    public static ConfusionMatrix of(int[] trueLabels, int[] predicted, int classes) {
        if (trueLabels.length != predicted.length) {
            throw new IllegalArgumentException(trueLabels.length + " labels but " + predicted.length + " predictions");
        }
        ConfusionMatrix m = new ConfusionMatrix(classes);
        for (int i = 0; i < trueLabels.length; i++) {
            m.add(trueLabels[i], predicted[i]);
        }
        return m;
    }

    public void add(int trueLabel, int predicted) {
        counts[trueLabel][predicted]++;
    }

    public int classes() {
        return counts.length;
    }

    public int count(int trueLabel, int predicted) {
        return counts[trueLabel][predicted];
    }

    /** A copy of the counts. */
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public int total() {
        int total = 0;
        for (int[] row : counts) {
            for (int c : row) {
                total += c;
            }
        }
        return total;
    }

    /** Images of class {@code label} (row sum). */
    public int support(int label) {
        int sum = 0;
        for (int c : counts[label]) {
            sum += c;
        }
        return sum;
    }

    /** Predictions of class {@code label} (column sum). */
    public int predictedAs(int label) {
        int sum = 0;
        for (int[] row : counts) {
            sum += row[label];
        }
        return sum;
    }

    /**
     * A copy with the correct predictions zeroed, as the original model card pictures it: with the
     * diagonal in, the ~99 % correct cells would wash out every mistake.
     */
    public ConfusionMatrix withZeroDiagonal() {
        ConfusionMatrix copy = new ConfusionMatrix(counts.length);
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                copy.counts[t][p] = t == p ? 0 : counts[t][p];
            }
        }
        return copy;
    }
}
