package dev.digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.DefaultLocale;
import dev.digitnet.eval.Evaluation;
import dev.digitnet.model.DigitNetModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code digitnet report} writes the same README section whatever the machine's default locale:
 * a German machine once wrote "99,58 %" and "24.816" into it.
 */
class ReportLocaleTest {

    @Test
    void theResultsSectionIsTheSameUnderGermanAndRootLocales(@TempDir Path tmp) throws Exception {
        // Two of three right at top-1, all at top-2; an epoch of 1,234.5 s at 4,321.25 images/s.
        Evaluation e = Evaluation.of(new int[] {0, 1, 2},
                new float[][] {{.9f, .1f, 0}, {.6f, .4f, 0}, {.1f, .2f, .7f}});
        Path metrics = Files.writeString(tmp.resolve("metrics.jsonl"),
                "{\"type\":\"epoch\",\"epoch\":1,\"seconds\":1234.5,\"images_per_sec\":4321.25}\n");
        try (DigitNetModel model = DigitNetModel.loadBundled("xs")) {
            String root = DefaultLocale.under(Locale.ROOT, () -> ReportCommand.resultsSection(e, e, model, metrics));
            String german = DefaultLocale.under(Locale.GERMANY, () -> ReportCommand.resultsSection(e, e, model, metrics));

            assertEquals(root, german);
            assertTrue(root.contains("| clean | 66.67 % | 100.00 % |"), root);
            assertTrue(root.contains("| original DigitNet (PyTorch, its README) | 98.5 % | 99.8 % |"), root);
            assertTrue(root.contains("| Training time (1 epochs, from the metrics log) | 20.6 min, 4321 images/s on average |"), root);
            // Thousands grouped with commas, as the rest of the README writes them.
            assertTrue(root.contains("| Parameters | " + String.format(Locale.ROOT, "%,d", model.parameterCount()) + " |"), root);
            assertTrue(model.parameterCount() >= 1000 && root.matches("(?s).*\\| Parameters \\| \\d{1,3}(,\\d{3})+ \\|.*"), root);
        }
    }
}
