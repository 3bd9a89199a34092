package dev.digitnet.data.ood;

import dev.digitnet.data.DigitImages;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ProbabilityModel;

/** How many labelled pictures the bundled teacher reads as their label (top-1 of its logits). */
final class TeacherReads {

    private TeacherReads() {}

    static int asTheirLabel(DigitImages d) {
        int right = 0;
        try (DigitNetModel teacher = DigitNetModel.loadBundled(); ProbabilityModel p = teacher.newProbabilityModel()) {
            float[][] logits = p.outputs(d.pixels(), d.count(), 100).logits();
            for (int i = 0; i < d.count(); i++) {
                int best = 0;
                for (int k = 1; k < logits[i].length; k++) {
                    best = logits[i][k] > logits[i][best] ? k : best;
                }
                right += best == d.labels()[i] ? 1 : 0;
            }
        }
        return right;
    }
}
