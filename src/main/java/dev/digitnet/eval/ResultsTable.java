package dev.digitnet.eval;

/** The model card's results as markdown tables. */
public final class ResultsTable {

    private ResultsTable() {}

    public static String markdown(Evaluation clean, Evaluation augmented) {
        StringBuilder md = new StringBuilder();
        md.append("| MNIST test set (10,000 images) | top-1 | top-2 |\n|---|---|---|\n");
        md.append(String.format("| clean | %.2f %% | %.2f %% |%n", 100 * clean.top1(), 100 * clean.top2()));
        md.append(String.format("| highly augmented (random affine, fixed seed) | %.2f %% | %.2f %% |%n",
                100 * augmented.top1(), 100 * augmented.top2()));
        md.append("\nPer class, clean test set:\n\n| digit | precision | recall | F1 | support |\n|---|---|---|---|---|\n");
        for (ClassMetrics m : clean.perClass()) {
            md.append(String.format("| %d | %.2f %% | %.2f %% | %.2f %% | %d |%n",
                    m.label(), 100 * m.precision(), 100 * m.recall(), 100 * m.f1(), m.support()));
        }
        md.append(String.format("| macro average | | | %.2f %% | %d |%n", 100 * clean.macroF1(), clean.count()));
        return md.toString();
    }
}
