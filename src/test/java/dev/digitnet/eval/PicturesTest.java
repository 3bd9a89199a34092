package dev.digitnet.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.DefaultLocale;
import dev.digitnet.train.MetricsLog;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PicturesTest {

    private static BufferedImage read(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null && image.getWidth() > 100 && image.getHeight() > 100, "unreadable or tiny PNG " + png);
        return image;
    }

    @Test
    void confusionMatrixPictureIsAReadablePngAtTheGivenPath(@TempDir Path dir) throws IOException {
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 9};
        int[] predicted = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 4};
        Path png = dir.resolve("cm.png");
        ConfusionMatrixChart.writePng(ConfusionMatrix.of(labels, predicted, 10), "test", png);
        read(png);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "exactly the requested file, no leftovers");
        }
    }

    @Test
    void examplesGridFramesMistakesInRed(@TempDir Path dir) throws IOException {
        float[][] images = new float[2][32 * 32];
        images[0][500] = 1f;
        images[1][520] = 1f;
        Path png = dir.resolve("examples.png");
        ExamplesGrid.writePng(images, 32, new int[] {3, 5}, new int[] {3, 6}, new float[] {0.99f, 0.6f}, 2, "t", png);
        BufferedImage image = read(png);
        int redPixels = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = image.getWidth() / 2; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xff) > 180 && ((rgb >> 8) & 0xff) < 80 && (rgb & 0xff) < 80) {
                    redPixels++;
                }
            }
        }
        assertTrue(redPixels > 50, "the mistake in the second column is marked red (" + redPixels + " red pixels)");
    }

    @Test
    void pickedExamplesIncludeMistakesAndAreDeterministic() {
        int[] labels = new int[300];
        int[] predicted = new int[300];
        for (int i = 0; i < 300; i++) {
            labels[i] = i % 10;
            predicted[i] = i % 37 == 0 ? (i + 1) % 10 : i % 10;
        }
        int[] picked = ExamplesGrid.pickExamples(labels, predicted, 30, 7);
        assertEquals(30, picked.length);
        long mistakes = java.util.Arrays.stream(picked).filter(i -> labels[i] != predicted[i]).count();
        assertEquals(9, mistakes, "all 9 mistakes fit in a third of 30");
        assertEquals(java.util.Arrays.toString(picked), java.util.Arrays.toString(ExamplesGrid.pickExamples(labels, predicted, 30, 7)));
    }

    @Test
    void trainingCurvesKeepTheLastLinePerEpochAndTolerateMissingFields(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("metrics.jsonl");
        Files.writeString(log, String.join("\n",
                "{\"type\":\"step\",\"epoch\":1,\"step\":10,\"loss\":2.0}",
                "{\"type\":\"epoch\",\"epoch\":1,\"train_loss\":0.9,\"train_top1\":0.7}",
                "{\"type\":\"epoch\",\"epoch\":2,\"train_loss\":0.5,\"train_top1\":0.8,\"val_top1\":0.95}",
                "{\"type\":\"epoch\",\"epoch\":2,\"train_loss\":0.4,\"train_top1\":0.85,\"val_top1\":0.96}",
                ""));
        List<MetricsLog.EpochMetrics> epochs = MetricsLog.readEpochs(log);
        assertEquals(2, epochs.size());
        assertEquals(0.4, epochs.get(1).trainLoss(), 1e-12);
        assertTrue(Double.isNaN(epochs.get(0).valTop1()));
        Path png = dir.resolve("curves.png");
        TrainingCurves.writePng(log, png);
        read(png);
    }

    @Test
    void resultsTableShowsPercentages() {
        Evaluation e = Evaluation.of(new int[] {0, 1}, new float[][] {{.9f, .1f}, {.6f, .4f}});
        String md = ResultsTable.markdown(e, e);
        assertTrue(md.contains("| clean | 50.00 % | 100.00 % |"), md);
    }

    @Test
    void picturesAreTheSameUnderGermanAndRootLocales(@TempDir Path dir) throws Exception {
        // Tick labels and captions with decimals: "0.5" and "0,5" would draw different pixels.
        Path log = Files.writeString(dir.resolve("metrics.jsonl"), String.join("\n",
                "{\"type\":\"epoch\",\"epoch\":1,\"train_loss\":0.93,\"train_top1\":0.71,\"val_top1\":0.8}",
                "{\"type\":\"epoch\",\"epoch\":2,\"train_loss\":0.41,\"train_top1\":0.86,\"val_top1\":0.95}", ""));
        float[][] images = new float[2][32 * 32];
        images[0][500] = 1f;
        for (Locale locale : List.of(Locale.ROOT, Locale.GERMANY)) {
            String tag = locale == Locale.ROOT ? "root" : "de";
            DefaultLocale.under(locale, () -> {
                TrainingCurves.writePng(log, dir.resolve("curves-" + tag + ".png"));
                ExamplesGrid.writePng(images, 32, new int[] {3, 5}, new int[] {3, 6}, new float[] {0.995f, 0.6f}, 2,
                        "1.5 %", dir.resolve("grid-" + tag + ".png"));
                return null;
            });
        }
        for (String picture : List.of("curves", "grid")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(picture + "-root.png")), Files.readAllBytes(dir.resolve(picture + "-de.png")),
                    picture);
        }
    }
}
