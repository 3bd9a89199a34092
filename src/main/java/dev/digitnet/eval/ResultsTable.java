package dev.digitnet.eval;

import java.util.Locale;

/**
 * The model card's results as markdown tables, numbers in {@link Locale#ROOT}: they go into the
 * README, which must read the same whichever machine regenerated it.
 */
public final class ResultsTable {

    /** The original Python DigitNet's published figures (its README), for comparison. */
    static final double ORIGINAL_CLEAN_TOP1 = 98.5;
    static final double ORIGINAL_AUGMENTED_TOP2 = 99.8;

    private ResultsTable() {}

    /** Every table: {@link #summary} and {@link #perClass}. */
    public static String markdown(Evaluation clean, Evaluation augmented) {
        return summary(clean, augmented) + perClass(clean);
    }

    /** Top-1 and top-2 on both test sets, and against the original model card: the README's tables. */
    public static String summary(Evaluation clean, Evaluation augmented) {
        StringBuilder md = new StringBuilder();
        md.append("| MNIST test set (10,000 images) | top-1 | top-2 |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| clean | %.2f %% | %.2f %% |%n", 100 * clean.top1(), 100 * clean.top2()));
        md.append(String.format(Locale.ROOT, "| highly augmented (random affine, fixed seed) | %.2f %% | %.2f %% |%n",
                100 * augmented.top1(), 100 * augmented.top2()));
        md.append("\nAgainst the original DigitNet model card, measured the same way (top-1 on the clean test set, "
                + "top-2 on the augmented one):\n\n| | clean top-1 | augmented top-2 |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| original DigitNet (PyTorch, its README) | %.1f %% | %.1f %% |%n",
                ORIGINAL_CLEAN_TOP1, ORIGINAL_AUGMENTED_TOP2));
        md.append(String.format(Locale.ROOT, "| DigitNet for Java (bundled model) | %.2f %% | %.2f %% |%n",
                100 * clean.top1(), 100 * augmented.top2()));
        return md.toString();
    }

    /** Precision, recall and F1 per digit on the clean test set. */
    public static String perClass(Evaluation clean) {
        StringBuilder md = new StringBuilder();
        md.append("\nPer class, clean test set:\n\n| digit | precision | recall | F1 | support |\n|---|---|---|---|---|\n");
        for (ClassMetrics m : clean.perClass()) {
            md.append(String.format(Locale.ROOT, "| %d | %.2f %% | %.2f %% | %.2f %% | %d |%n",
                    m.label(), 100 * m.precision(), 100 * m.recall(), 100 * m.f1(), m.support()));
        }
        md.append(String.format(Locale.ROOT, "| macro average | | | %.2f %% | %d |%n", 100 * clean.macroF1(), clean.count()));
        return md.toString();
    }
}
