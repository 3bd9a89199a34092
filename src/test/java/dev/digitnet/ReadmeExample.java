package dev.digitnet;

import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.predict.Prediction;
import java.io.IOException;
import java.nio.file.Path;

/** The README's Java example, compiled and run by {@link ReadmeExampleTest} so it cannot rot. */
final class ReadmeExample {

    private ReadmeExample() {}

    /** Prints the top three answers for the image, one per line: digit, then probability (after a line if it is not a digit). */
    static void run(Path image) throws IOException {
        // README:begin
        try (DigitClassifier classifier = DigitNet.classifier()) {
            DigitClassifier.Classification result = classifier.classify(image);
            if (!result.isDigit()) {
                System.out.println("not a digit (" + result.check().reason().id() + "), else:");
            }
            for (Prediction p : result.top(3)) {
                System.out.printf("%d  %.1f%%%n", p.digit(), 100 * p.probability());
            }
        }
        // README:end
    }
}
