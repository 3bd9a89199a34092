package dev.digitnet.eval;

/**
 * Precision, recall and F1 of one class. A class never predicted has precision 0 (scikit-learn's
 * {@code zero_division=0}), and so does an F1 whose precision and recall are both 0.
 */
public record ClassMetrics(int label, double precision, double recall, double f1, int support) {

    static ClassMetrics of(ConfusionMatrix m, int label) {
        int correct = m.count(label, label);
        int predicted = m.predictedAs(label);
        int support = m.support(label);
        double precision = predicted == 0 ? 0 : (double) correct / predicted;
        double recall = support == 0 ? 0 : (double) correct / support;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassMetrics(label, precision, recall, f1, support);
    }
}
